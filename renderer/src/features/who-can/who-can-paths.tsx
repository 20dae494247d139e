/**
 * The Who-can answer: the counts, then every way to get the action on the resource, one row per identity class with
 * its role, the decision (per-user scope, role chains, unverified assumptions) and the deciding statement.
 */
import type { WhoCanResult } from '../../engine/protocol';
import { openJump, type OpenPolicyAt } from '../editor/jump';
import { policyName } from '../explain/explanation-panel';
import { DecisionIcon } from '../matrix/access-matrix';
import { cellLabel } from '../matrix/matrix-model';
import { chainText, decidingStatement, decisionCounts, kindName, shortLabel } from './who-can-model';
import { iamShortName } from '../../../../policy-engine/index';

type WhoCanPath = WhoCanResult['paths'][number];

/** The reason part of AWS's AccessDenied wording ("no identity-based policy allows the s3:PutObject action"). */
function shortReason(message: string | null): string {
  if (!message) return '—';
  const i = message.lastIndexOf(' because ');
  return i >= 0 ? message.slice(i + ' because '.length) : message;
}

/** The decision, with the owner / other-identity scope, the role chains it goes through and an unverified mark. */
function PathDecision({ p }: { p: WhoCanPath }) {
  return (
    <td className="decision-cell">
      <DecisionIcon cell={p.decision} /> {cellLabel(p.decision).label}
      {p.perUser && (
        <div
          className={`per-user small ${p.perUser.owner === 'allowed' && p.perUser.other !== 'allowed' ? 'per-user-owner' : ''}`}
          aria-label="Per-user scope"
          title={`As the owner (${p.perUser.ownerIdentityId}): ${cellLabel(p.perUser.owner).label}; as another identity (${p.perUser.otherIdentityId}): ${cellLabel(p.perUser.other).label}`}
        >
          {p.perUser.summary}
        </div>
      )}
      {p.chains && p.chains.length > 0 && (
        <ul className="chain-paths small" aria-label="Through a role chain">
          {p.chains.map((ch) => (
            <li key={ch.chain.join(' ')} title={ch.assumptions.map((a) => a.text).join('\n') || undefined}>
              {chainText(ch)}
            </li>
          ))}
        </ul>
      )}
      {p.assumptions.length > 0 && (
        <span className="badge badge-warn" title={p.assumptions.map((a) => a.text).join('\n')}>
          unverified
        </span>
      )}
    </td>
  );
}

/** Props of PathRow. */
interface PathRowProps {
  p: WhoCanPath;
  picked: boolean;
  onExplain(): void;
  onEditPolicy: OpenPolicyAt;
}

/** One way to get it: who (opens its explanation), the role, the decision, the deciding statement (opens it). */
function PathRow({ p, picked, onExplain, onEditPolicy }: PathRowProps) {
  const st = decidingStatement(p, policyName);
  const c = p.identityClass;
  return (
    <tr className={`${picked ? 'picked' : ''} row-${p.decision}`} aria-selected={picked}>
      <td>
        <span className="badge">{kindName(c.kind)}</span>{' '}
        <button
          type="button"
          className="link-button"
          onClick={onExplain}
          aria-label={`Explain: ${c.label}`}
          title={c.label}
        >
          {shortLabel(c)}
        </button>
        {c.condition && (
          <div>
            <code className="small">{c.condition}</code>
          </div>
        )}
      </td>
      <td>
        {p.roleArn ? (
          <code className="small">{iamShortName(p.roleArn, ['iam'])}</code>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <PathDecision p={p} />
      <td>
        {st ? (
          <button
            type="button"
            className="link-button"
            onClick={() => openJump(onEditPolicy, st.jump)}
            title={st.statement.policyId}
          >
            {st.text}
          </button>
        ) : (
          <span className="muted small" title={p.message ?? undefined}>
            {shortReason(p.message)}
          </span>
        )}
      </td>
    </tr>
  );
}

/** Props of WhoCanPaths. */
export interface WhoCanPathsProps {
  result: WhoCanResult;
  /** The row whose explanation is shown. */
  picked: number | null;
  onExplain(i: number): void;
  onEditPolicy: OpenPolicyAt;
}

/** The answer's section. */
export function WhoCanPaths({ result, picked, onExplain, onEditPolicy }: WhoCanPathsProps) {
  const counts = decisionCounts(result.paths);
  return (
    <section className="whocan-result" aria-label="Ways to get it">
      <h2>
        <code>{result.action}</code> on <code>{result.resource}</code>
      </h2>
      <p className="whocan-counts" role="status" aria-label="Who-can counts">
        <span className="count">
          <DecisionIcon cell="allowed" /> {counts.allowed} allowed
        </span>{' '}
        <span className="count">
          <DecisionIcon cell="implicitDeny" /> {counts.denied} denied
        </span>{' '}
        {counts.noCredentials > 0 && (
          <span className="count">
            <DecisionIcon cell="noCredentials" /> {counts.noCredentials} no credentials
          </span>
        )}
      </p>
      <table className="whocan-table" aria-label="Every way to get it">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Role</th>
            <th scope="col">Decision</th>
            <th scope="col">Deciding statement</th>
          </tr>
        </thead>
        <tbody>
          {result.paths.map((p, i) => (
            <PathRow
              key={p.identityClass.key}
              p={p}
              picked={picked === i}
              onExplain={() => onExplain(i)}
              onEditPolicy={onEditPolicy}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}
