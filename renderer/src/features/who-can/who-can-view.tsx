/**
 * The Who-can view: for one action (the S3/DynamoDB catalog, searchable) on one resource (the workspace's or a typed
 * ARN), every way to get it — each pool's guests, each provider's users per mapping rule with its claim condition,
 * the default role, the basic flow, each IAM role and user — with the decision (icon and text) and the deciding
 * statement; a row opens its explanation. Below: everything one identity class can reach.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Answer, Request } from '../../../../policy-engine/model/index';
import type { IdentityClass, PolicyView, Reach, WorkspaceSummary } from '../../engine/protocol';
import type { WhoCanState } from '../workbench/session-store';
import { ExplanationPanel, policyName } from '../explain/explanation-panel';
import { withSuppliedContext } from '../explain/supplied-context';
import { DecisionIcon } from '../matrix/access-matrix';
import { cellLabel, shortResource } from '../matrix/matrix-model';
import {
  chainText,
  concreteResource,
  decidingStatement,
  decisionCounts,
  groupReach,
  kindName,
  requestOfPath,
  shortLabel,
} from './who-can-model';
import { iamShortName } from '../../../../policy-engine/index';

/** Props of WhoCanView. */
export interface WhoCanViewProps {
  summary: WorkspaceSummary;
  region: string | undefined;
  state: WhoCanState;
  onAsk(action: string, resource: string): void;
  explain(request: Request): Promise<Answer | null>;
  loadClasses(): Promise<IdentityClass[]>;
  reach(identityClass: IdentityClass): Promise<Reach>;
  policies: PolicyView[];
  theme: 'light' | 'dark';
  onEditPolicy(policyId: string, line: number): void;
  onOpenSetting(id: string): void;
}

/** The Who-can view. */
export function WhoCanView(props: WhoCanViewProps) {
  const { summary, region, state, onAsk } = props;
  const [action, setAction] = useState(state.action || 's3:GetObject');
  const [resource, setResource] = useState(state.resource || summary.resources[0] || '');
  const [picked, setPicked] = useState<number | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [explaining, setExplaining] = useState(false);
  const [context, setContext] = useState<Record<string, string>>({});
  const known = useMemo(() => new Set(summary.actions.map((a) => a.action.toLowerCase())), [summary.actions]);
  const actionOk = known.has(action.trim().toLowerCase());
  const result = state.result;
  const counts = result ? decisionCounts(result.paths) : null;
  const concrete = concreteResource(resource.trim(), region);

  const ask = () => {
    if (!actionOk || !resource.trim()) return;
    const canonical = summary.actions.find((a) => a.action.toLowerCase() === action.trim().toLowerCase())!.action;
    setPicked(null);
    setAnswer(null);
    onAsk(canonical, concrete.resource);
  };

  const explainPath = async (i: number, ctx = context) => {
    if (!result) return;
    const path = result.paths[i];
    setPicked(i);
    setExplaining(true);
    const a = await props.explain(withSuppliedContext(requestOfPath(path, result.action, result.resource), ctx));
    setAnswer(a);
    setExplaining(false);
  };

  // A re-asked question (after an edit) keeps the explanation of the same row current.
  useEffect(() => {
    if (picked !== null && result && picked < result.paths.length) void explainPath(picked);
    else if (picked !== null) setPicked(null);
  }, [result]);

  return (
    <div className={`whocan-view ${picked !== null ? 'with-explain' : ''}`}>
      <div className="whocan-main">
        <form
          className="whocan-form"
          aria-label="Who can"
          onSubmit={(e) => {
            e.preventDefault();
            ask();
          }}
        >
          <div className="field">
            <label htmlFor="whocan-action">Action</label>
            <input
              id="whocan-action"
              list="whocan-actions"
              value={action}
              onChange={(e) => setAction(e.target.value)}
              spellCheck={false}
              placeholder="s3:GetObject"
              aria-invalid={!actionOk}
            />
            <datalist id="whocan-actions">
              {summary.actions.map((a) => (
                <option key={a.action} value={a.action}>
                  {a.accessLevel}
                </option>
              ))}
            </datalist>
            {!actionOk && action.trim() && (
              <span className="field-error">Not an S3 or DynamoDB action of the catalog.</span>
            )}
          </div>
          <div className="field grow">
            <label htmlFor="whocan-resource">Resource</label>
            <input
              id="whocan-resource"
              list="whocan-resources"
              value={resource}
              onChange={(e) => setResource(e.target.value)}
              spellCheck={false}
              placeholder="arn:aws:s3:::bucket/key"
            />
            <datalist id="whocan-resources">
              {summary.resources.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </div>
          <button type="submit" className="primary" disabled={!actionOk || !resource.trim()}>
            Who can?
          </button>
        </form>
        {concrete.substituted && (
          <p className="hint">
            The resource names each user's own data (<code>{'${cognito-identity.amazonaws.com:sub}'}</code>); asked for
            the identity <code>{concrete.resource.match(/[a-z0-9-]+:[0-9a-f-]{36}/)?.[0]}</code> and each identity
            evaluated as its owner.
          </p>
        )}
        {state.busy && (
          <p className="hint" role="status">
            Asking every identity class…
          </p>
        )}
        {result && counts && (
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
                {result.paths.map((p, i) => {
                  const st = decidingStatement(p, policyName);
                  const c = p.identityClass;
                  return (
                    <tr
                      key={c.key}
                      className={`${picked === i ? 'picked' : ''} row-${p.decision}`}
                      aria-selected={picked === i}
                    >
                      <td>
                        <span className="badge">{kindName(c.kind)}</span>{' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => void explainPath(i)}
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
                              <li
                                key={ch.chain.join(' ')}
                                title={ch.assumptions.map((a) => a.text).join('\n') || undefined}
                              >
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
                      <td>
                        {st ? (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => props.onEditPolicy(st.statement.policyId, st.statement.start.line)}
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
                })}
              </tbody>
            </table>
          </section>
        )}
        <ReachSection {...props} />
      </div>
      {picked !== null && result && (
        <div className="whocan-explain" aria-label="Explanation of the chosen way">
          <ExplanationPanel
            answer={answer}
            busy={explaining}
            policies={props.policies}
            theme={props.theme}
            extraContext={context}
            onContextChange={(k, v) => setContext((c) => ({ ...c, [k]: v }))}
            onRerun={() => void explainPath(picked)}
            onEditPolicy={props.onEditPolicy}
            onOpenSetting={props.onOpenSetting}
            onClose={() => {
              setPicked(null);
              setAnswer(null);
            }}
          />
        </div>
      )}
    </div>
  );
}

/** The reason part of AWS's AccessDenied wording ("no identity-based policy allows the s3:PutObject action"). */
function shortReason(message: string | null): string {
  if (!message) return '—';
  const i = message.lastIndexOf(' because ');
  return i >= 0 ? message.slice(i + ' because '.length) : message;
}

/** Everything one identity class can reach, as a compact list by resource. */
function ReachSection({ summary, loadClasses, reach, onOpenSetting }: WhoCanViewProps) {
  const [classes, setClasses] = useState<IdentityClass[]>([]);
  const [key, setKey] = useState('');
  const [result, setResult] = useState<{ key: string; reach: Reach } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void loadClasses().then((list) => {
      if (!live) return;
      setClasses(list);
      setKey((k) => (list.some((c) => c.key === k) ? k : (list[0]?.key ?? '')));
    });
    return () => {
      live = false;
    };
  }, [summary, loadClasses]);

  const chosen = classes.find((c) => c.key === key);
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    setBusy(true);
    void reach(chosen).then((r) => {
      if (!live) return;
      setResult({ key: chosen.key, reach: r });
      setBusy(false);
    });
    return () => {
      live = false;
    };
  }, [chosen, reach]);

  const grouped = useMemo(() => (result ? groupReach(result.reach.cells) : []), [result]);
  const groups = result && result.key === key ? grouped : [];
  return (
    <section className="reach" aria-label="Everything this identity class can reach">
      <h2>Everything this identity class can reach</h2>
      <div className="field inline">
        <label htmlFor="reach-class">Identity class</label>
        <select id="reach-class" value={key} onChange={(e) => setKey(e.target.value)}>
          {classes.map((c) => (
            <option key={c.key} value={c.key}>
              {kindName(c.kind)}: {c.label}
            </option>
          ))}
        </select>
      </div>
      {busy && (
        <p className="hint" role="status">
          Computing…
        </p>
      )}
      {result && result.key === key && !busy && (
        <>
          {result.reach.error && <p className="field-error">{result.reach.error}</p>}
          <p className="hint">
            {result.reach.roleArn ? (
              <>
                As <code>{result.reach.roleArn}</code>:{' '}
              </>
            ) : null}
            {result.reach.cells.length} allowed action{result.reach.cells.length === 1 ? '' : 's'} on the workspace's
            resources.
            {chosen?.kind === 'guest' && (
              <>
                {' '}
                Rests on the guest scope-down setting (
                <button type="button" className="link-button" onClick={() => onOpenSetting('guestScopeDown')}>
                  unverified — open the setting
                </button>
                ).
              </>
            )}
          </p>
          <ul className="reach-list" aria-label="Reachable resources">
            {groups.map((g) => (
              <li key={g.resource}>
                <code title={g.resource}>{shortResource(g.resource)}</code>:{' '}
                {g.actions.map((a) => a.replace(/^[^:]+:/, '')).join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
