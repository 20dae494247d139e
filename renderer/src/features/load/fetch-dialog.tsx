/**
 * Journey 1 — fetch a workspace from a live account, read-only: profile and region, optional pool ids, progress,
 * and the per-item errors the fetch reports. Uses the host's `aws:listProfiles` / `aws:fetchStart` / `aws:fetchStatus`
 * (the run itself is use-aws-fetch.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';
import type { Diagnostic } from '../../../../policy-engine/model/index';
import { api } from '../../api';
import { fetchLabel } from './fetch-request';
import type { FetchFields } from './fetch-request';
import { useAwsFetch } from './use-aws-fetch';
import type { FetchProgress } from './use-aws-fetch';

/** Props of FetchDialog. */
export interface FetchDialogProps {
  onClose(): void;
  /** Called with the fetched workspace text. */
  onLoaded(text: string, label: string): void;
}

/**
 * On mount: open the dialog as a modal and offer the local AWS profiles (choosing `default` when there is one);
 * on unmount: stop a running fetch.
 */
function useOpenDialog(
  dialogRef: RefObject<HTMLDialogElement | null>,
  stop: RefObject<boolean>,
  setProfiles: (profiles: string[]) => void,
  setProfile: (profile: string) => void,
): void {
  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
    void api.listAwsProfiles().then((r) => {
      if (r.ok) {
        setProfiles(r.value.profiles);
        if (r.value.profiles.length) setProfile(r.value.profiles.includes('default') ? 'default' : r.value.profiles[0]);
      }
    });
    return () => {
      stop.current = true;
    };
  }, []);
}

/** The fetch form, shown in a modal dialog. */
export function FetchDialog({ onClose, onLoaded }: FetchDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [profiles, setProfiles] = useState<string[]>([]);
  const [fields, setFields] = useState<FetchFields>({ profile: '', region: 'us-east-1', pools: '', endpoint: '' });
  const setField = (key: keyof FetchFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  const run = useAwsFetch(fields, onLoaded);
  useOpenDialog(dialogRef, run.stop, setProfiles, setField('profile'));

  return (
    <dialog ref={dialogRef} className="modal" aria-labelledby="fetch-title" onCancel={onClose} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void run.start();
        }}
      >
        <h2 id="fetch-title">Fetch from an AWS account</h2>
        <p className="hint">
          Read-only calls (IAM, Cognito identity pools, bucket and table policies) with your local AWS credentials.
          Nothing is changed.
        </p>
        <FetchFieldInputs fields={fields} profiles={profiles} setField={setField} />
        {run.progress && <FetchProgressBar progress={run.progress} />}
        {run.errors.length > 0 && <FetchErrors errors={run.errors} />}
        <div className="form-actions">
          <button
            type="button"
            onClick={() => {
              run.stop.current = true;
              onClose();
            }}
          >
            {run.running ? 'Stop' : 'Cancel'}
          </button>
          {run.fetched && (
            <button type="button" onClick={() => onLoaded(run.fetched!.text, fetchLabel(fields))}>
              Load what was fetched ({run.fetched.items} items)
            </button>
          )}
          <button type="submit" className="primary" disabled={run.running}>
            {run.running ? 'Fetching…' : run.fetched ? 'Fetch again' : 'Fetch'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface FetchFieldInputsProps {
  fields: FetchFields;
  profiles: string[];
  setField(key: keyof FetchFields): (value: string) => void;
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  /** The id of a datalist of suggestions (given as the children). */
  list?: string;
  children?: ReactNode;
}

/** One labelled text input of the form. */
function TextField({ id, label, value, onChange, placeholder, list, children }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} list={list} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} />
      {children}
    </div>
  );
}

/** Profile (with the local profiles offered), region, pool ids, and under Advanced a local emulator's endpoint. */
function FetchFieldInputs({ fields, profiles, setField }: FetchFieldInputsProps) {
  return (
    <>
      <TextField
        id="fetch-profile"
        label="Profile"
        list="fetch-profiles"
        value={fields.profile}
        onChange={setField('profile')}
        placeholder="default"
      >
        <datalist id="fetch-profiles">
          {profiles.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </TextField>
      <TextField id="fetch-region" label="Region" value={fields.region} onChange={setField('region')} />
      <TextField
        id="fetch-pools"
        label="Identity pool ids (optional; default: every pool in the region)"
        value={fields.pools}
        onChange={setField('pools')}
        placeholder="us-east-1:0d3f…"
      />
      <details className="advanced">
        <summary>Advanced</summary>
        <TextField
          id="fetch-endpoint"
          label="Local endpoint (for a local AWS emulator)"
          value={fields.endpoint}
          onChange={setField('endpoint')}
          placeholder="http://127.0.0.1:5000"
        />
      </details>
    </>
  );
}

/** The progress bar and its live message. */
function FetchProgressBar({ progress }: { progress: FetchProgress }) {
  return (
    <div className="fetch-progress">
      <progress aria-label="Fetch progress" max={progress.total || 1} value={progress.done} />
      <span role="status">
        {progress.message} ({progress.done}/{progress.total})
      </span>
    </div>
  );
}

/** The errors and warnings the fetch reported, each with the file or path it names. */
function FetchErrors({ errors }: { errors: Diagnostic[] }) {
  return (
    <ul className="problems-inline" aria-label="Fetch errors">
      {errors.map((e, i) => (
        <li key={i} className={`sev-${e.severity}`}>
          <span aria-hidden="true">{e.severity === 'error' ? '✕' : '⚠'}</span>{' '}
          {e.file ? <code>{e.file}</code> : e.path ? <code>{e.path}</code> : null} {e.message}
        </li>
      ))}
    </ul>
  );
}
