/**
 * The blocks of the explanation panel, each on its own: the verdict, what each policy type said, missing context keys,
 * AWS's message, the checked fixes, the KMS step, skipped statements, and assumptions and notes.
 */
import { useState } from 'react';
import type { Answer } from '../../../../policy-engine/model/index';
import type { FixAdvice } from '../../../../policy-engine/advice/index';
import { cellLabel } from '../matrix/matrix-model';
import { DecisionIcon } from '../matrix/access-matrix';
import { isSetting } from '../settings/settings-model';
import { baseName } from '../editor/file-lines';
import { hasSuppliedContext } from './supplied-context';
import { POLICY_TYPE_NAMES, verdictSentence } from './policy-names';
import type { EditPolicy } from './statement-list';

/** The verdict: the decision, the request, as whom, and what it rests on. */
export function VerdictHeader({
  answer,
  extraContext,
  onClose,
}: {
  answer: Answer;
  extraContext: Record<string, string>;
  onClose?(): void;
}) {
  const cell = answer.decision;
  return (
    <header
      className={`verdict verdict-${cell === 'allowed' ? 'allow' : cell === 'explicitDeny' ? 'deny' : 'implicit'}`}
      role="status"
      aria-live="polite"
    >
      <DecisionIcon cell={cell} />
      <div>
        <div className="verdict-title">
          {cellLabel(cell).label}: <code>{answer.action}</code> on <code>{answer.resource}</code>
        </div>
        <div className="verdict-detail">{verdictSentence(answer)}</div>
        {answer.principalArn && (
          <div className="verdict-detail muted">
            as <code>{answer.principalArn}</code>
          </div>
        )}
        {answer.assumptions.length > 0 && (
          <div className="verdict-detail">
            <span className="badge badge-warn">unverified</span> rests on undocumented AWS behaviour:{' '}
            {answer.assumptions.map((a) => a.id).join(', ')} (see below).
          </div>
        )}
        {hasSuppliedContext(extraContext) && (
          <div className="verdict-detail muted">With the context values you supplied below (the matrix uses none).</div>
        )}
        {answer.error && <div className="verdict-error">{answer.error.message}</div>}
      </div>
      {onClose && (
        <button type="button" className="icon-button close" aria-label="Close the explanation" onClick={onClose}>
          ×
        </button>
      )}
    </header>
  );
}

/** What each policy type said. */
export function PolicyTypesTable({ answer }: { answer: Answer }) {
  if (!answer.policyTypes || answer.policyTypes.length === 0) return null;
  return (
    <table className="policy-types" aria-label="What each policy type said">
      <tbody>
        {answer.policyTypes.map((p) => (
          <tr key={p.policyType}>
            <th scope="row">{POLICY_TYPE_NAMES[p.policyType]}</th>
            <td>
              {p.decision === 'notApplicable' ? (
                <span className="muted">not applicable</span>
              ) : (
                <>
                  <DecisionIcon cell={p.decision} /> {cellLabel(p.decision).label}
                </>
              )}
              {p.note && <span className="muted"> — {p.note}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Fields for the context keys the policies test and the request lacks (and the ones already supplied). */
export function MissingKeysForm({
  missing,
  extraContext,
  onContextChange,
  onRerun,
}: {
  missing: string[];
  extraContext: Record<string, string>;
  onContextChange(key: string, value: string): void;
  onRerun(): void;
}) {
  // Keys the user already supplied stay editable after the re-run (they are no longer missing).
  const contextKeys = [...missing, ...Object.keys(extraContext).filter((k) => !missing.includes(k))];
  if (contextKeys.length === 0) return null;
  return (
    <form
      className="missing-keys"
      aria-label="Missing context keys"
      onSubmit={(e) => {
        e.preventDefault();
        onRerun();
      }}
    >
      <p>
        {missing.length > 0 ? (
          <>
            <strong>
              {missing.length} context key{missing.length === 1 ? '' : 's'} the policies test{' '}
              {missing.length === 1 ? 'is' : 'are'} not in the request.
            </strong>{' '}
            Supply a value to see how the decision changes:
          </>
        ) : (
          <strong>Context values you supplied:</strong>
        )}
      </p>
      {contextKeys.map((k) => (
        <div className="field inline" key={k}>
          <label htmlFor={`ctx-${k}`}>
            <code>{k}</code>
          </label>
          <input
            id={`ctx-${k}`}
            value={extraContext[k] ?? ''}
            onChange={(e) => onContextChange(k, e.target.value)}
            spellCheck={false}
            placeholder="value (comma-separate a list)"
          />
        </div>
      ))}
      <button type="submit" className="primary">
        Re-run with these values
      </button>
    </form>
  );
}

/** AWS's AccessDenied wording, with a copy button. */
export function DeniedMessage({ message }: { message: string | null | undefined }) {
  const [copied, setCopied] = useState(false);
  if (!message) return null;
  return (
    <div className="denied-message">
      <div className="denied-head">
        <span>AWS would answer</span>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(message).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? 'Copied' : 'Copy message'}
        </button>
      </div>
      <pre aria-label="AccessDenied message">{message}</pre>
    </div>
  );
}

/** Checked fixes (each with the checks it passed), advice in words, and the candidates not shown with why. */
export function AdviceBlock({ advice, onEditPolicy }: { advice: FixAdvice; onEditPolicy: EditPolicy }) {
  if (advice.fixes.length === 0 && advice.advice.length === 0 && advice.withheld.length === 0) return null;
  return (
    <div className="missing-allow advice" aria-label="What to do">
      {advice.advice.map((text, i) => (
        <p key={`a${i}`} className="advice-text">
          <strong>What to do.</strong> {text}
        </p>
      ))}
      {advice.fixes.map((fix, i) => (
        <div key={`f${i}`} className="advice-fix" aria-label="Suggested fix">
          <p>
            <strong>Suggested fix (checked).</strong> {fix.title}.
          </p>
          {fix.changes.map((c, j) => (
            <div key={j}>
              <pre aria-label={`Statement to add to ${c.policyName}`}>{JSON.stringify(c.statement, null, 2)}</pre>
              {!c.newPolicy && (
                <button type="button" className="link-button" onClick={() => onEditPolicy(c.policyId, 1)}>
                  Open {c.policyName} to add it
                </button>
              )}
            </div>
          ))}
          <ul className="advice-checks" aria-label="Checks this fix passed">
            {fix.checks.map((c) => (
              <li key={c}>
                <span aria-hidden="true">✓ </span>
                {c}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {advice.withheld.map((w, i) => (
        <p key={`w${i}`} className="advice-withheld">
          <strong>Not suggested:</strong> {w.title.charAt(0).toLowerCase() + w.title.slice(1)} — {w.reason}
        </p>
      ))}
    </div>
  );
}

/** The KMS step of an S3 object request on an SSE-KMS bucket. */
export function KmsStep({ answer }: { answer: Answer }) {
  const kms = answer.kms;
  if (!kms) return null;
  return (
    <div className="kms-step" aria-label="KMS step">
      <h3>
        KMS step{kms.operation ? ` of ${kms.operation}` : ''}: <code>{kms.action}</code> on <code>{kms.keyArn}</code> —{' '}
        {kms.decision}
      </h3>
      <p className="muted">
        {kms.keySource === 'requestHeaders' ? (
          <>The request&apos;s encryption headers ask for SSE-KMS, so S3 asks KMS for the caller.</>
        ) : kms.keySource === 'objectKmsKeyArn' ? (
          <>
            The object in <code>{kms.bucketArn}</code> is encrypted with this key (objectKmsKeyArn), so S3 asks KMS for
            the caller.
          </>
        ) : (
          <>
            The bucket <code>{kms.bucketArn}</code> is encrypted with SSE-KMS by default, so S3 asks KMS for the caller.
          </>
        )}{' '}
        {kms.note}
      </p>
      {kms.message && kms.message !== answer.message && <p>{kms.message}</p>}
      {kms.matchedStatements.length > 0 && (
        <ul>
          {kms.matchedStatements.map((m) => (
            <li key={`${m.policyId}#${m.statementIndex}`}>
              {m.effect === 'Deny' ? '✗ Deny applies' : '✓ Allow applies'}: {m.policyType} <code>{m.policyId}</code>{' '}
              statement {m.statementIndex}
              {m.sid ? ` "${m.sid}"` : ''} ({m.file ? `${baseName(m.file)}, ` : ''}line {m.start.line})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Statements that could not be evaluated: skipped, as if absent. */
export function SkippedList({ answer }: { answer: Answer }) {
  const skipped = answer.skippedStatements ?? [];
  if (skipped.length === 0) return null;
  return (
    <ul className="notes" aria-label="Skipped statements">
      {skipped.map((k) => (
        <li key={`${k.policyId}#${k.statementIndex}`}>
          <span className={`badge ${k.denyIneffective ? 'badge-deny' : 'badge-warn'}`}>
            {k.denyIneffective ? 'skipped Deny: protects nothing' : 'skipped'}
          </span>{' '}
          {k.policyType} <code>{k.policyId}</code> statement {k.statementIndex}
          {k.sid ? ` "${k.sid}"` : ''} ({k.file ? `${baseName(k.file)}, ` : ''}line {k.start.line}, col {k.start.column}
          ): {k.reason} The decision is as if it were absent.
        </li>
      ))}
    </ul>
  );
}

/** Assumptions (with a link to the setting that decides each) and notes. */
export function NotesList({ answer, onOpenSetting }: { answer: Answer; onOpenSetting?(id: string): void }) {
  if (answer.assumptions.length === 0 && (answer.notes?.length ?? 0) === 0) return null;
  return (
    <ul className="notes" aria-label="Assumptions and notes">
      {answer.assumptions.map((a) => (
        <li key={a.id}>
          <span className="badge badge-warn">unverified</span> {a.text}
          {onOpenSetting && isSetting(a.id) && (
            <button
              type="button"
              className="link-button"
              onClick={() => onOpenSetting(a.id)}
              aria-label={`Open the setting ${a.id}`}
            >
              Open the setting
            </button>
          )}
        </li>
      ))}
      {(answer.notes ?? []).map((n, i) => (
        <li key={i}>
          <span className="badge">note</span> {n}
        </li>
      ))}
    </ul>
  );
}
