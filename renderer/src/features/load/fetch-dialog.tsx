/**
 * Journey 1 — fetch a workspace from a live account, read-only: profile and region, optional pool ids, progress,
 * and the per-item errors the fetch reports. Uses the host's `aws:listProfiles` / `aws:fetchStart` / `aws:fetchStatus`.
 */
import { useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '../../../../policy-engine/model/index';
import { api } from '../../api';

/** Props of FetchDialog. */
export interface FetchDialogProps {
  onClose(): void;
  /** Called with the fetched workspace text. */
  onLoaded(text: string, label: string): void;
}

const POLL_MS = 400;

/** The fetch form, shown in a modal dialog. */
export function FetchDialog({ onClose, onLoaded }: FetchDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [profiles, setProfiles] = useState<string[]>([]);
  const [profile, setProfile] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [pools, setPools] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number; message: string } | null>(null);
  const [errors, setErrors] = useState<Diagnostic[]>([]);
  const [running, setRunning] = useState(false);
  /** A finished fetch that reported problems: loaded only when the user says so. */
  const [fetched, setFetched] = useState<{ text: string; items: number } | null>(null);
  const stop = useRef(false);

  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
    void api.listAwsProfiles().then((r) => {
      if (r.ok) {
        setProfiles(r.value.profiles);
        if (r.value.profiles.length && !profile)
          setProfile(r.value.profiles.includes('default') ? 'default' : r.value.profiles[0]);
      }
    });
    return () => {
      stop.current = true;
    };
  }, []);

  const start = async () => {
    setErrors([]);
    setFetched(null);
    setRunning(true);
    stop.current = false;
    const ids = pools.split(/[\s,]+/).filter(Boolean);
    const started = await api.startAwsFetch({
      ...(profile ? { profile } : {}),
      ...(region ? { region } : {}),
      ...(ids.length ? { identityPoolIds: ids } : {}),
      ...(endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
    });
    if (!started.ok) {
      setErrors(started.errors);
      setRunning(false);
      return;
    }
    const { jobId } = started.value;
    while (!stop.current) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const status = await api.getAwsFetchStatus({ jobId });
      if (!status.ok) {
        setErrors(status.errors);
        break;
      }
      setProgress(status.value.progress);
      if (status.value.errors) setErrors(status.value.errors);
      if (status.value.finished) {
        const result = status.value.result;
        if (result) {
          const problems = [...result.report.errors, ...result.report.warnings];
          const items = result.report.loaded.reduce((n, l) => n + l.items.length, 0);
          if (problems.length === 0) onLoaded(result.text, `${profile || 'default'} / ${region}`);
          else {
            setErrors(problems);
            setFetched({ text: result.text, items });
          }
        }
        break;
      }
    }
    setRunning(false);
  };

  return (
    <dialog ref={dialogRef} className="modal" aria-labelledby="fetch-title" onCancel={onClose} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <h2 id="fetch-title">Fetch from an AWS account</h2>
        <p className="hint">
          Read-only calls (IAM, Cognito identity pools, bucket and table policies) with your local AWS credentials.
          Nothing is changed.
        </p>
        <div className="field">
          <label htmlFor="fetch-profile">Profile</label>
          <input
            id="fetch-profile"
            list="fetch-profiles"
            value={profile}
            onChange={(e) => setProfile(e.target.value)}
            placeholder="default"
          />
          <datalist id="fetch-profiles">
            {profiles.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="fetch-region">Region</label>
          <input id="fetch-region" value={region} onChange={(e) => setRegion(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="fetch-pools">Identity pool ids (optional; default: every pool in the region)</label>
          <input
            id="fetch-pools"
            value={pools}
            onChange={(e) => setPools(e.target.value)}
            placeholder="us-east-1:0d3f…"
          />
        </div>
        <details className="advanced">
          <summary>Advanced</summary>
          <div className="field">
            <label htmlFor="fetch-endpoint">Local endpoint (for a local AWS emulator)</label>
            <input
              id="fetch-endpoint"
              value={endpoint}
              onChange={(e) => setEndpoint(e.target.value)}
              placeholder="http://127.0.0.1:5000"
            />
          </div>
        </details>
        {progress && (
          <div className="fetch-progress">
            <progress aria-label="Fetch progress" max={progress.total || 1} value={progress.done} />
            <span role="status">
              {progress.message} ({progress.done}/{progress.total})
            </span>
          </div>
        )}
        {errors.length > 0 && (
          <ul className="problems-inline" aria-label="Fetch errors">
            {errors.map((e, i) => (
              <li key={i} className={`sev-${e.severity}`}>
                <span aria-hidden="true">{e.severity === 'error' ? '✕' : '⚠'}</span>{' '}
                {e.file ? <code>{e.file}</code> : e.path ? <code>{e.path}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button
            type="button"
            onClick={() => {
              stop.current = true;
              onClose();
            }}
          >
            {running ? 'Stop' : 'Cancel'}
          </button>
          {fetched && (
            <button type="button" onClick={() => onLoaded(fetched.text, `${profile || 'default'} / ${region}`)}>
              Load what was fetched ({fetched.items} items)
            </button>
          )}
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Fetching…' : fetched ? 'Fetch again' : 'Fetch'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
