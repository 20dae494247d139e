/**
 * Journey 4 — one decision explained: the verdict in a sentence, what each policy type said, the determining
 * statements opened in the policy's editor with their lines highlighted, each condition with the values compared,
 * missing context keys with fields to supply them and re-run, and AWS's AccessDenied wording to copy.
 */
import { useMemo, useState } from 'react';
import type { Answer, MatchedStatement, PolicyType, StatementTrace } from '../../../../policy-engine/model/index';
import type { PolicyView } from '../../engine/protocol';
import { PolicyViewer, type Highlight } from '../editor/policy-viewer';
import { cellLabel } from '../matrix/matrix-model';
import { DecisionIcon } from '../matrix/access-matrix';
import { parseAccessDenied } from '../debug/access-denied';
import { isSetting } from '../settings/settings-model';
import { hasSuppliedContext } from './supplied-context';
import type { FixAdvice } from '../../../../policy-engine/advice/index';
import { lastSegment, parsePolicyId, shortArn } from '../../../../policy-engine/index';

/** Human names of policy types, as AWS's messages use them. */
export const POLICY_TYPE_NAMES: Record<PolicyType, string> = {
  identity: 'Identity-based policy',
  resource: 'Resource-based policy',
  permissionsBoundary: 'Permissions boundary',
  session: 'Session policy',
  scp: 'Service control policy',
  rcp: 'Resource control policy',
  trust: 'Trust policy',
};

/** A short name for a policy id (`…role/AppUser#inline/UserFiles` → `AppUser › UserFiles`). */
export function policyName(policyId: string): string {
  const { owner, suffix, kind, inlineName } = parsePolicyId(policyId);
  const ownerName = lastSegment(shortArn(owner).replace(/^(role|user|group|policy)\//, '')) || owner;
  if (!suffix) return ownerName;
  if (kind === 'trust') return `${ownerName} › trust policy`;
  if (kind === 'resource') return `${shortArn(owner)} › resource policy`;
  return `${ownerName} › ${kind === 'inline' ? inlineName : suffix}`;
}

/** One sentence saying why. */
export function verdictSentence(a: Answer): string {
  const det = a.matchedStatements;
  const st = (m: MatchedStatement) =>
    `${m.sid ? `statement "${m.sid}"` : `statement ${m.statementIndex}`} of ${policyName(m.policyId)}`;
  switch (a.decision) {
    case 'allowed':
      return `Allowed by ${
        det
          .filter((m) => m.effect === 'Allow')
          .map(st)
          .join(', ') || 'the matching statements'
      }; no statement denies it.`;
    case 'explicitDeny': {
      const d = det.filter((m) => m.effect === 'Deny');
      return `Explicitly denied by ${d.map((m) => `${st(m)} (${POLICY_TYPE_NAMES[m.policyType].toLowerCase()})`).join(', ') || 'a Deny statement'}. A Deny always wins.`;
    }
    case 'implicitDeny': {
      // AWS names the one policy type whose allow is missing; say the same.
      const named = a.message ? parseAccessDenied(a.message) : null;
      if (named?.ok && named.value.policyType)
        return `Implicitly denied: no ${POLICY_TYPE_NAMES[named.value.policyType].toLowerCase()} allows it.`;
      const missing = (a.policyTypes ?? [])
        .filter((p) => p.decision === 'implicitDeny')
        .map((p) => POLICY_TYPE_NAMES[p.policyType].toLowerCase());
      return missing.length
        ? `Implicitly denied: no ${missing.join(' and no ')} allows it.`
        : 'Implicitly denied: nothing allows it.';
    }
    default:
      return a.resolution?.error
        ? `No credentials: ${a.resolution.error.message}`
        : 'No credentials: the identity gets no role.';
  }
}

/** Props of ExplanationPanel. */
export interface ExplanationPanelProps {
  answer: Answer | null;
  busy: boolean;
  policies: PolicyView[];
  theme: 'light' | 'dark';
  extraContext: Record<string, string>;
  onContextChange(key: string, value: string): void;
  onRerun(): void;
  onEditPolicy(policyId: string, line: number): void;
  onClose?(): void;
  /** Opens the Settings view at the setting an assumption names. */
  onOpenSetting?(id: string): void;
}

/** The explanation. */
export function ExplanationPanel({
  answer,
  busy,
  policies,
  theme,
  extraContext,
  onContextChange,
  onRerun,
  onEditPolicy,
  onClose,
  onOpenSetting,
}: ExplanationPanelProps) {
  const byId = useMemo(() => new Map(policies.map((p) => [p.policyId, p])), [policies]);
  const determining = answer?.matchedStatements ?? [];
  const considered = answer?.statements ?? [];
  // For an implicit deny, the policy type whose allow is missing (as AWS names it) is the one to look at.
  const missingType =
    answer?.decision === 'implicitDeny' && answer.message
      ? ((m) => (m.ok ? m.value.policyType : null))(parseAccessDenied(answer.message))
      : null;
  const missingPolicies = missingType
    ? [...new Set(considered.filter((s) => s.policyType === missingType).map((s) => s.policyId))]
    : [];
  const defaultPolicy =
    determining[0]?.policyId ??
    missingPolicies[0] ??
    considered.find((s) => s.actionMatched)?.policyId ??
    considered[0]?.policyId ??
    null;
  const [chosen, setChosen] = useState<string | null>(null);
  const shownId =
    chosen && (determining.some((m) => m.policyId === chosen) || considered.some((s) => s.policyId === chosen))
      ? chosen
      : defaultPolicy;
  const shown = shownId ? byId.get(shownId) : undefined;
  /** Where the shown text's lines are in the user's file (the answer's positions are file positions then). */
  const shownInFile = shown?.evaluated ? shown.evaluated.inFile : shown?.inFile;
  const [copied, setCopied] = useState(false);

  if (!answer)
    return (
      <p className="empty-state">
        {busy ? 'Explaining…' : 'Click a cell of the matrix (or press Enter on it) to see why.'}
      </p>
    );

  const highlights: Highlight[] = [];
  if (shownId) {
    for (const s of considered.filter((x) => x.policyId === shownId)) {
      const isDet = determining.some((m) => m.policyId === s.policyId && m.statementIndex === s.statementIndex);
      if (!isDet && !s.actionMatched) continue;
      highlights.push({
        range: { start: s.start, end: s.end },
        tone: isDet ? (s.effect === 'Deny' ? 'deny' : 'allow') : 'info',
        message: isDet ? `Determining: ${s.effect}` : (s.reason ?? ''),
      });
    }
    for (const m of determining.filter(
      (x) =>
        x.policyId === shownId &&
        !considered.some((s) => s.policyId === x.policyId && s.statementIndex === x.statementIndex),
    )) {
      highlights.push({ range: { start: m.start, end: m.end }, tone: m.effect === 'Deny' ? 'deny' : 'allow' });
    }
    highlights.sort((a, b) => (a.tone === 'info' ? 1 : 0) - (b.tone === 'info' ? 1 : 0));
  }
  const policyIds = [
    ...new Set([
      ...determining.map((m) => m.policyId),
      ...considered.filter((s) => s.actionMatched).map((s) => s.policyId),
      ...missingPolicies,
    ]),
  ];
  const missing = answer.missingContextKeys;
  // Keys the user already supplied stay editable after the re-run (they are no longer missing).
  const contextKeys = [...missing, ...Object.keys(extraContext).filter((k) => !missing.includes(k))];
  const cell = answer.decision;

  return (
    <section className="explanation" aria-label="Explanation">
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
            <div className="verdict-detail muted">
              With the context values you supplied below (the matrix uses none).
            </div>
          )}
          {answer.error && <div className="verdict-error">{answer.error.message}</div>}
        </div>
        {onClose && (
          <button type="button" className="icon-button close" aria-label="Close the explanation" onClick={onClose}>
            ×
          </button>
        )}
      </header>

      {answer.policyTypes && answer.policyTypes.length > 0 && (
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
      )}

      {contextKeys.length > 0 && (
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
      )}

      {answer.advice && <AdviceBlock advice={answer.advice} onEditPolicy={onEditPolicy} />}

      {answer.message && (
        <div className="denied-message">
          <div className="denied-head">
            <span>AWS would answer</span>
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(answer.message ?? '').then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? 'Copied' : 'Copy message'}
            </button>
          </div>
          <pre aria-label="AccessDenied message">{answer.message}</pre>
        </div>
      )}

      <div className="explain-split">
        <div className="statement-source">
          {shown ? (
            <>
              <div className="source-head">
                <span>{policyName(shown.policyId)}</span>
                <span className="muted">{POLICY_TYPE_NAMES[shown.policyType]}</span>
                {shown.evaluated && (
                  <span
                    className="badge badge-warn"
                    title="The edited text is not a valid policy; AWS would reject it, so its last valid version (shown here) decided."
                  >
                    last valid version
                  </span>
                )}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onEditPolicy(shown.policyId, highlights[0]?.range.start.line ?? 1)}
                >
                  Edit this policy
                </button>
              </div>
              <PolicyViewer
                policyId={shown.policyId}
                variant="explain"
                text={shown.evaluated?.text ?? shown.text}
                diagnostics={shown.evaluated?.diagnostics ?? shown.diagnostics}
                {...(shownInFile ? { inFile: shownInFile } : {})}
                highlights={highlights}
                readOnly
                theme={theme}
                label={`${policyName(shown.policyId)} with the deciding statements highlighted`}
              />
            </>
          ) : (
            <p className="empty-state">No policy to show.</p>
          )}
        </div>
        <div className="statement-list">
          <h3>Statements</h3>
          {policyIds.length === 0 && (
            <p className="hint">
              No statement of any policy names this action.{' '}
              {answer.decision === 'implicitDeny' ? 'Add an Allow for it to an identity policy of the role.' : ''}
            </p>
          )}
          {policyIds.map((pid) => (
            <div key={pid} className={`policy-group${pid === shownId ? ' current' : ''}`}>
              <button
                type="button"
                className="policy-group-title"
                aria-pressed={pid === shownId}
                onClick={() => setChosen(pid)}
              >
                {policyName(pid)}
              </button>
              {!considered.some((s) => s.policyId === pid && s.actionMatched) &&
                !determining.some((m) => m.policyId === pid) && (
                  <p className="hint">No statement names {answer.action}.</p>
                )}
              <ul>
                {considered
                  .filter(
                    (s) =>
                      s.policyId === pid &&
                      (s.actionMatched ||
                        determining.some((m) => m.policyId === pid && m.statementIndex === s.statementIndex)),
                  )
                  .map((s) => (
                    <StatementItem
                      key={s.statementIndex}
                      s={s}
                      determining={determining.some((m) => m.policyId === pid && m.statementIndex === s.statementIndex)}
                      onShow={() => setChosen(pid)}
                      onEdit={() => onEditPolicy(pid, s.start.line)}
                    />
                  ))}
              </ul>
            </div>
          ))}
        </div>
      </div>

      {answer.kms && (
        <div className="kms-step" aria-label="KMS step">
          <h3>
            KMS step{answer.kms.operation ? ` of ${answer.kms.operation}` : ''}: <code>{answer.kms.action}</code> on{' '}
            <code>{answer.kms.keyArn}</code> — {answer.kms.decision}
          </h3>
          <p className="muted">
            {answer.kms.keySource === 'requestHeaders' ? (
              <>The request&apos;s encryption headers ask for SSE-KMS, so S3 asks KMS for the caller.</>
            ) : answer.kms.keySource === 'objectKmsKeyArn' ? (
              <>
                The object in <code>{answer.kms.bucketArn}</code> is encrypted with this key (objectKmsKeyArn), so S3
                asks KMS for the caller.
              </>
            ) : (
              <>
                The bucket <code>{answer.kms.bucketArn}</code> is encrypted with SSE-KMS by default, so S3 asks KMS for
                the caller.
              </>
            )}{' '}
            {answer.kms.note}
          </p>
          {answer.kms.message && answer.kms.message !== answer.message && <p>{answer.kms.message}</p>}
          {answer.kms.matchedStatements.length > 0 && (
            <ul>
              {answer.kms.matchedStatements.map((m) => (
                <li key={`${m.policyId}#${m.statementIndex}`}>
                  {m.effect === 'Deny' ? '✗ Deny applies' : '✓ Allow applies'}: {m.policyType} <code>{m.policyId}</code>{' '}
                  statement {m.statementIndex}
                  {m.sid ? ` "${m.sid}"` : ''} (line {m.start.line})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {(answer.skippedStatements?.length ?? 0) > 0 && (
        <ul className="notes" aria-label="Skipped statements">
          {(answer.skippedStatements ?? []).map((k) => (
            <li key={`${k.policyId}#${k.statementIndex}`}>
              <span className={`badge ${k.denyIneffective ? 'badge-deny' : 'badge-warn'}`}>
                {k.denyIneffective ? 'skipped Deny: protects nothing' : 'skipped'}
              </span>{' '}
              {k.policyType} <code>{k.policyId}</code> statement {k.statementIndex}
              {k.sid ? ` "${k.sid}"` : ''} ({k.file ? `${k.file}, ` : ''}line {k.start.line}, col {k.start.column}):{' '}
              {k.reason} The decision is as if it were absent.
            </li>
          ))}
        </ul>
      )}

      {(answer.assumptions.length > 0 || (answer.notes?.length ?? 0) > 0) && (
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
      )}
    </section>
  );
}

/** Checked fixes (each with the checks it passed), advice in words, and the candidates not shown with why. */
function AdviceBlock({
  advice,
  onEditPolicy,
}: {
  advice: FixAdvice;
  onEditPolicy(policyId: string, line: number): void;
}) {
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

function StatementItem({
  s,
  determining,
  onShow,
  onEdit,
}: {
  s: StatementTrace;
  determining: boolean;
  onShow(): void;
  onEdit(): void;
}) {
  return (
    <li className={`statement ${determining ? 'determining' : ''} ${s.matched ? 'matched' : 'unmatched'}`}>
      <div className="statement-head">
        <span className={`effect effect-${s.effect.toLowerCase()}`}>{s.effect}</span>
        <button type="button" className="link-button" onClick={onShow}>
          {s.sid ? s.sid : `Statement ${s.statementIndex}`}{' '}
          <span className="muted">
            lines {s.start.line}–{s.end.line}
          </span>
        </button>
        {determining && <span className="badge badge-strong">determining</span>}
        <span className={`badge ${s.matched ? 'badge-allow' : ''}`}>{s.matched ? 'applies' : 'does not apply'}</span>
        <button
          type="button"
          className="link-button"
          onClick={onEdit}
          aria-label={`Edit ${s.sid ?? `statement ${s.statementIndex}`}`}
        >
          edit
        </button>
      </div>
      {!s.matched && s.reason && <div className="statement-reason">{s.reason}</div>}
      {s.conditions.length > 0 && (
        <table className="conditions" aria-label={`Conditions of ${s.sid ?? `statement ${s.statementIndex}`}`}>
          <thead>
            <tr>
              <th scope="col">Condition</th>
              <th scope="col">Request has</th>
              <th scope="col">Policy wants</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {s.conditions.map((c, i) => (
              <tr key={i} className={c.matched ? 'cond-ok' : 'cond-no'}>
                <td>
                  <code>{c.operator}</code> <code>{c.key}</code>
                </td>
                <td>
                  {c.missing ? <em className="muted">missing</em> : <code>{(c.requestValues ?? []).join(', ')}</code>}
                </td>
                <td>
                  <code>{c.policyValues.join(', ')}</code>
                </td>
                <td title={c.reason}>
                  <span aria-hidden="true">{c.matched ? '✓ ' : '✕ '}</span>
                  {c.matched ? 'true' : 'false'} <span className="muted">— {c.reason}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
