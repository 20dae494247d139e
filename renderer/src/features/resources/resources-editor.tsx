/**
 * The matrix's resources, editable: a button in the Access view's toolbar ("Resources (N)") opens a list of the
 * columns — each with its kind, a "from policy" mark when the importer added it because a role's policy names it,
 * and a Remove button named after the resource — and a field to add one by ARN. A bad ARN is refused with the
 * reason, and with a corrected ARN to use when one is evident ("did you mean"). Every change is a draft edit
 * (undo, save, the change diff), and the matrix re-runs.
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Workspace } from '../../../../policy-engine/model/index';
import { addResource, removeResource, resourceRows } from './resources-model';
import './resources.css';

/** Props of ResourcesEditor. */
export interface ResourcesEditorProps {
  /** The workspace being edited (the session's draft). */
  workspace: Workspace | null;
  /** Applies an edited workspace as the new draft. */
  onChange(ws: Workspace): void;
}

/** The toolbar button and, when open, the resources panel. */
export function ResourcesEditor({ workspace, onChange }: ResourcesEditorProps) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<{ error: string; didYouMean?: string } | null>(null);
  const [notice, setNotice] = useState('');
  const panelId = useId();
  const errorId = useId();
  const rows = resourceRows(workspace);

  const add = (value: string) => {
    if (!workspace) return;
    const r = addResource(workspace, value);
    if (!r.ok) {
      setProblem({ error: r.error, didYouMean: r.didYouMean });
      setNotice('');
      return;
    }
    onChange(r.workspace);
    setText('');
    setProblem(null);
    setNotice(`Added ${value.trim()}.`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add(text);
  };

  return (
    <>
      <button
        type="button"
        className="resources-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        disabled={!workspace}
      >
        Resources ({rows.length})
      </button>
      {open && (
        <section id={panelId} className="resources-panel" aria-label="Matrix resources">
          {rows.length === 0 ? (
            <p className="hint">The matrix has no columns yet: add a bucket, a key prefix or a table below.</p>
          ) : (
            <ul className="resources-list">
              {rows.map((r) => (
                <li key={r.arn}>
                  <code title={r.arn}>{r.name}</code> <span className="muted">{r.kind}</span>
                  {r.fromPolicy && (
                    <span
                      className="badge badge-warn"
                      title="Added by the import because a role's policy names it; no imported file defines it"
                    >
                      from policy
                    </span>
                  )}
                  <span className="spacer" />
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Remove ${r.name}`}
                    onClick={() => {
                      if (!workspace) return;
                      onChange(removeResource(workspace, r.arn));
                      setNotice(`Removed ${r.name}.`);
                    }}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="resources-add" onSubmit={submit}>
            <label>
              Resource ARN{' '}
              <input
                type="text"
                value={text}
                spellCheck={false}
                placeholder="arn:aws:s3:::bucket/private/${cognito-identity.amazonaws.com:sub}/*"
                aria-invalid={problem !== null}
                aria-describedby={problem ? errorId : undefined}
                onChange={(e) => {
                  setText(e.target.value);
                  setProblem(null);
                }}
              />
            </label>
            <button type="submit">Add resource</button>
          </form>
          {problem && (
            <p id={errorId} className="field-error" role="alert">
              {problem.error}
              {problem.didYouMean && (
                <>
                  {' '}
                  — did you mean <code>{problem.didYouMean}</code>?{' '}
                  <button type="button" className="link-button" onClick={() => add(problem.didYouMean!)}>
                    Add {problem.didYouMean}
                  </button>
                </>
              )}
            </p>
          )}
          <p className="visually-hidden" role="status">
            {notice}
          </p>
        </section>
      )}
    </>
  );
}
