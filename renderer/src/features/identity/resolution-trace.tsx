/**
 * The role-resolution trace (journey 2, beside the identity form): the verdict, each step in order (rules matched /
 * not matched and why / not reached), the trust check, then the session: its identity id, ARN, tags, session policies
 * and context keys, and the assumptions and notes made on the way. For a user of a user pool, the ID token Cognito
 * would issue is shown too.
 */
import type { ResolutionStep } from '../../../../policy-engine/model/index';
import type { ResolutionView } from '../../engine/protocol';
import { stepMessage, stepTitle } from './trace-text';
import { decidingSteps } from './user-form';
import { openJump, trustJump, type OpenPolicyAt } from '../editor/jump';

const STATUS: Record<ResolutionStep['status'], { icon: string; label: string; tone: string }> = {
  matched: { icon: '✓', label: 'matched', tone: 'ok' },
  ok: { icon: '✓', label: 'ok', tone: 'ok' },
  notMatched: { icon: '✕', label: 'not matched', tone: 'no' },
  failed: { icon: '✕', label: 'failed', tone: 'bad' },
  notEvaluated: { icon: '–', label: 'not evaluated', tone: 'muted' },
  notReached: { icon: '○', label: 'not reached', tone: 'muted' },
  info: { icon: 'i', label: 'info', tone: 'info' },
};

/** Props of ResolutionTrace. */
export interface ResolutionTraceProps {
  resolution: ResolutionView | null;
  /** Opens a policy at a file line and column (the trust step opens the deciding trust statement). */
  onOpenPolicy?: OpenPolicyAt;
}

/** Credentials issued (with the role and where it came from) or not (with Cognito's error). */
function Verdict({ resolution }: { resolution: ResolutionView }) {
  const r = resolution.resolution;
  const ok = r.outcome === 'role' && r.trust !== 'denied';
  return (
    <div className={`verdict ${ok ? 'verdict-allow' : 'verdict-deny'}`} role="status">
      <span className="verdict-icon" aria-hidden="true">
        {ok ? '✓' : '⊘'}
      </span>
      <div>
        <div className="verdict-title">{ok ? 'Credentials issued' : 'No credentials'}</div>
        <div className="verdict-detail">
          {resolution.roleArn ? (
            <>
              Role <code>{resolution.roleArn}</code>
              {r.source ? <> via {r.source === 'rule' ? `rule ${r.ruleIndex}` : r.source}</> : null}
            </>
          ) : (
            'No role was chosen.'
          )}
        </div>
        {r.error && (
          <div className="verdict-error">
            <code>{r.error.code}</code>: {r.error.message}
          </div>
        )}
      </div>
    </div>
  );
}

/** The steps in order; the trust step links to the role's trust policy. */
function TraceSteps({
  resolution,
  onOpenPolicy,
}: { resolution: ResolutionView } & Pick<ResolutionTraceProps, 'onOpenPolicy'>) {
  const trace = resolution.resolution.trace ?? [];
  return (
    <ol className="trace" aria-label="Resolution steps">
      {trace.map((step, i) => {
        const s = STATUS[step.status];
        return (
          <li key={i} className={`trace-step tone-${s.tone}`}>
            <span className="trace-icon" aria-hidden="true">
              {s.icon}
            </span>
            <span className="trace-kind">{stepTitle(step)}</span>
            <span className="trace-status">{s.label}</span>
            <span className="trace-message">{stepMessage(step)}</span>
            {step.kind === 'trust' && resolution.roleArn && onOpenPolicy && (
              <button
                type="button"
                className="link-button"
                onClick={() => openJump(onOpenPolicy, trustJump(resolution, resolution.roleArn ?? ''))}
              >
                Open trust policy
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Values shown as chips (principal tags, session policies). */
function Chips({ values }: { values: string[] }) {
  return (
    <dd>
      {values.map((v) => (
        <code key={v} className="chip">
          {v}
        </code>
      ))}
    </dd>
  );
}

/** The session: identity id, ARN, principal tags and session policies. */
function SessionFacts({ resolution }: { resolution: ResolutionView }) {
  const tags = Object.entries(resolution.sessionTags);
  return (
    <dl className="facts">
      <dt>Identity id</dt>
      <dd>
        <code>{resolution.identityId || '—'}</code>
      </dd>
      <dt>Session</dt>
      <dd>
        <code>{resolution.principalArn ?? '—'}</code>
      </dd>
      {tags.length > 0 && (
        <>
          <dt>Principal tags</dt>
          <Chips values={tags.map(([k, v]) => `${k}=${v}`)} />
        </>
      )}
      {resolution.sessionPolicyIds.length > 0 && (
        <>
          <dt>Session policies</dt>
          <Chips values={resolution.sessionPolicyIds} />
        </>
      )}
    </dl>
  );
}

/** The context keys the session brings to each request. */
function ContextKeys({ resolution }: { resolution: ResolutionView }) {
  const context = Object.entries(resolution.sessionContext);
  if (context.length === 0) return null;
  return (
    <table className="kv-table" aria-label="Session context keys">
      <caption>Context keys this session brings</caption>
      <tbody>
        {context.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">
              <code>{k}</code>
            </th>
            <td>
              <code>{Array.isArray(v) ? v.join(', ') : v}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The assumptions the resolution made and its notes. */
function ResolutionNotes({ resolution }: { resolution: ResolutionView }) {
  if (resolution.assumptions.length === 0 && resolution.notes.length === 0) return null;
  return (
    <ul className="notes" aria-label="Assumptions and notes">
      {resolution.assumptions.map((a) => (
        <li key={a.id}>
          <span className="badge">assumption</span> {a.text}
        </li>
      ))}
      {resolution.notes.map((n, i) => (
        <li key={i}>
          <span className="badge">note</span> {n}
        </li>
      ))}
    </ul>
  );
}

/** The role-resolution trace. */
export function ResolutionTrace({ resolution, onOpenPolicy }: ResolutionTraceProps) {
  if (!resolution) return <p className="empty-state">Pick an identity to see which role Cognito gives it.</p>;
  return (
    <section className="resolution" aria-label="Role resolution">
      <Verdict resolution={resolution} />
      {resolution.token && <BuiltToken resolution={resolution} />}
      <TraceSteps resolution={resolution} onOpenPolicy={onOpenPolicy} />
      <SessionFacts resolution={resolution} />
      <ContextKeys resolution={resolution} />
      <ResolutionNotes resolution={resolution} />
    </section>
  );
}

/** For a user of a user pool: why this role (the steps that decided it) and the ID token Cognito would issue. */
function BuiltToken({ resolution }: { resolution: ResolutionView }) {
  const r = resolution.resolution;
  const why = decidingSteps(r.source, r.trace ?? []);
  return (
    <>
      <div className="role-reason" aria-label="Why this role">
        <strong>
          {resolution.roleArn ? (
            <>Role {resolution.roleArn.slice(resolution.roleArn.lastIndexOf('/') + 1)}</>
          ) : (
            'No role'
          )}
        </strong>
        {why.length > 0 && (
          <ul>
            {why.map((s, i) => (
              <li key={i}>{s.message}</li>
            ))}
          </ul>
        )}
      </div>
      <details className="built-token" open>
        <summary>
          ID token Cognito would issue <span className="hint">built from the user pool, not signed</span>
        </summary>
        <pre aria-label="Built ID token">{JSON.stringify(resolution.token, null, 2)}</pre>
      </details>
    </>
  );
}
