/**
 * Journey 1 — the importer could not tell which bucket or table (or role, or policy) some imported files belong to:
 * one labelled ARN field per file, pre-filled with a suggestion, then the import runs again with those ARNs (the
 * desktop twin of `rolecall import FILE=ARN`).
 */
import { useEffect, useRef, useState } from 'react';
import type { ArnRequest } from './arn-requests';

/** Props of ArnDialog. */
export interface ArnDialogProps {
  requests: ArnRequest[];
  /** Imports again with these ARNs (file name → ARN). */
  onSubmit(arns: Record<string, string>): void;
  /** Loads what imported, without these files. */
  onSkip(): void;
  /** Imports nothing. */
  onCancel(): void;
}

/** The modal that asks for the ARNs. */
export function ArnDialog({ requests, onSubmit, onSkip, onCancel }: ArnDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [arns, setArns] = useState<Record<string, string>>(() =>
    Object.fromEntries(requests.map((r) => [r.file, r.suggestion])),
  );

  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
  }, []);

  const several = requests.length > 1;
  return (
    <dialog
      ref={dialogRef}
      className="modal"
      aria-labelledby="arn-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(arns);
        }}
      >
        <h2 id="arn-title">Which resource {several ? 'do these files' : 'does this file'} belong to?</h2>
        <p className="hint">
          A get-bucket-policy or get-resource-policy output holds only the policy, not the bucket or table it is
          attached to. Name it with its ARN and the import runs again.
        </p>
        {requests.map((r, i) => (
          <div className="field" key={r.file}>
            <label htmlFor={`arn-${i}`}>ARN for {r.file}</label>
            <input
              id={`arn-${i}`}
              value={arns[r.file] ?? ''}
              placeholder={r.placeholder}
              spellCheck={false}
              autoFocus={i === 0}
              aria-describedby={`arn-${i}-why`}
              onChange={(e) => setArns({ ...arns, [r.file]: e.target.value })}
            />
            <p className="hint" id={`arn-${i}-why`}>
              {r.message}
            </p>
          </div>
        ))}
        <div className="form-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" onClick={onSkip}>
            Import without {several ? 'these files' : 'this file'}
          </button>
          <button type="submit" className="primary" disabled={requests.some((r) => !(arns[r.file] ?? '').trim())}>
            Import again
          </button>
        </div>
      </form>
    </dialog>
  );
}
