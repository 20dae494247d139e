/**
 * Journey 2 — pick an identity: the pool, one of its configured providers (or guest), claims as key/value rows or a
 * pasted JWT (decoded and shown), CustomRoleArn and flow; or an IAM role/user directly. Beside it, the
 * role-resolution trace: each step in order (rules matched / not matched and why / not reached), the trust check,
 * then the role and the session's context keys.
 */
import { useMemo } from 'react';
import type { ResolutionStep, Workspace } from '../../../../policy-engine/model/index';
import { configuredProviders } from '../../../../policy-engine/cognito/index';
import { decodeToken, isArrayClaim, type ClaimRow } from './claims';
import { exampleClaims, type IdentityForm } from '../workbench/session-store';
import type { ResolutionView } from '../../engine/protocol';
import { stepMessage, stepTitle } from './trace-text';
import { blankUserForm, decidingSteps, userPoolOfProvider } from './user-form';
import { UserPoolUserFields } from './user-pool-user';

const KIND_LABELS: Record<string, string> = {
  userPool: 'Cognito user pool',
  google: 'Google',
  facebook: 'Facebook',
  amazon: 'Login with Amazon',
  apple: 'Sign in with Apple',
  twitter: 'Twitter',
  digits: 'Digits',
  oidc: 'OpenID Connect',
  saml: 'SAML',
  developer: 'Developer provider',
  other: 'Other',
};

/** Props of IdentityForm. */
export interface IdentityFormProps {
  workspace: Workspace | null;
  form: IdentityForm;
  onChange(patch: Partial<IdentityForm>): void;
  /** Prefix for element ids (two forms side by side). */
  idPrefix?: string;
  /** A name for the form's landmark. */
  label?: string;
  /** The resolution of this form (for the fields a user-pool user's input error names). */
  resolution?: ResolutionView | null;
}

/** The identity form. */
/** The most suggestions a principal or role field offers. */
const SUGGESTIONS = 50;

/** The values containing `typed` (case-insensitive), SUGGESTIONS at most, in their order. */
function suggestions(all: string[], typed: string): string[] {
  const t = typed.trim().toLowerCase();
  const out: string[] = [];
  for (const v of all) {
    if (t !== '' && !v.toLowerCase().includes(t)) continue;
    out.push(v);
    if (out.length >= SUGGESTIONS) break;
  }
  return out;
}

export function IdentityFormView({
  workspace,
  form,
  onChange,
  idPrefix = 'id',
  label = 'Identity',
  resolution,
}: IdentityFormProps) {
  const pools = workspace?.identityPools ?? [];
  const pool = pools.find((p) => p.IdentityPoolId === form.poolId);
  const providers = useMemo(() => (pool ? configuredProviders(pool) : []), [pool]);
  const provider = providers.find((p) => p.loginsKey === form.provider);
  const userPool = provider?.kind === 'userPool' ? userPoolOfProvider(workspace, provider.loginsKey) : undefined;
  const allRoles = useMemo(() => (workspace?.iam?.RoleDetailList ?? []).map((r) => r.Arn), [workspace]);
  const allPrincipals = useMemo(
    () => [...allRoles, ...(workspace?.iam?.UserDetailList ?? []).map((u) => u.Arn)],
    [allRoles, workspace],
  );
  // The suggestion lists hold what fits the text typed so far, SUGGESTIONS at most: a workspace of thousands of roles
  // would otherwise put thousands of options in the page every time this view opens.
  const principals = useMemo(() => suggestions(allPrincipals, form.principalArn), [allPrincipals, form.principalArn]);
  const roleArns = useMemo(() => suggestions(allRoles, form.customRoleArn), [allRoles, form.customRoleArn]);
  const decoded = form.claimsMode === 'token' && form.token.trim() ? decodeToken(form.token, new Date()) : null;
  const f = (name: string) => `${idPrefix}-${name}`;

  const setRow = (i: number, patch: Partial<ClaimRow>) =>
    onChange({ claimRows: form.claimRows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  return (
    <form className="identity-form" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      <fieldset className="field-row">
        <legend className="visually-hidden">Who asks</legend>
        <label className="radio">
          <input
            type="radio"
            name={f('kind')}
            checked={form.kind === 'identity'}
            onChange={() => onChange({ kind: 'identity' })}
            disabled={pools.length === 0}
          />
          Cognito identity
        </label>
        <label className="radio">
          <input
            type="radio"
            name={f('kind')}
            checked={form.kind === 'principal'}
            onChange={() => onChange({ kind: 'principal', principalArn: form.principalArn || principals[0] || '' })}
          />
          IAM role or user
        </label>
      </fieldset>

      {form.kind === 'principal' ? (
        <div className="field">
          <label htmlFor={f('principal')}>Principal ARN</label>
          <input
            id={f('principal')}
            list={f('principals')}
            value={form.principalArn}
            onChange={(e) => onChange({ principalArn: e.target.value })}
            spellCheck={false}
          />
          <datalist id={f('principals')}>
            {principals.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <p className="hint">
            A role, an IAM user, or a session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).
          </p>
        </div>
      ) : pools.length === 0 ? (
        <p className="empty-state">
          This workspace has no identity pool. Import a DescribeIdentityPool output, or pick an IAM role.
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={f('pool')}>Identity pool</label>
            <select id={f('pool')} value={form.poolId} onChange={(e) => onChange({ poolId: e.target.value })}>
              {pools.map((p) => (
                <option key={p.IdentityPoolId} value={p.IdentityPoolId}>
                  {p.IdentityPoolName ? `${p.IdentityPoolName} (${p.IdentityPoolId})` : p.IdentityPoolId}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={f('identity-id')}>Identity id (optional)</label>
            <input
              id={f('identity-id')}
              value={form.identityId ?? ''}
              onChange={(e) => onChange({ identityId: e.target.value })}
              spellCheck={false}
              placeholder={`${form.poolId.split(':')[0] || 'us-east-1'}:… (from a log or the app; else a stable stand-in)`}
              aria-describedby={f('identity-id-hint')}
            />
            <span className="hint" id={f('identity-id-hint')}>
              The cognito-identity.amazonaws.com:sub value: paste the one from a real log so per-user keys match.
            </span>
          </div>
          <div className="field">
            <label htmlFor={f('provider')}>Signed in with</label>
            <select
              id={f('provider')}
              value={form.provider}
              onChange={(e) => {
                const next = providers.find((p) => p.loginsKey === e.target.value);
                const nextPool = next?.kind === 'userPool' ? userPoolOfProvider(workspace, next.loginsKey) : undefined;
                const asUser = form.claimsMode === 'user' && nextPool && next;
                onChange({
                  provider: e.target.value,
                  claimRows: next ? exampleClaims(next.kind, next.loginsKey, next.clientIds[0]) : [],
                  claimsMode: asUser ? 'user' : form.claimsMode === 'user' ? 'claims' : form.claimsMode,
                  user: asUser ? blankUserForm(nextPool, next.clientIds) : undefined,
                });
              }}
            >
              {providers.map((p) => (
                <option key={p.loginsKey} value={p.loginsKey}>
                  {KIND_LABELS[p.kind] ?? p.kind} — {p.loginsKey}
                </option>
              ))}
              <option value="">
                Guest (unauthenticated){pool?.AllowUnauthenticatedIdentities ? '' : ' — not enabled on this pool'}
              </option>
            </select>
          </div>
          {form.provider !== '' && (
            <>
              <fieldset className="field-row">
                <legend className="visually-hidden">Claims source</legend>
                <label className="radio">
                  <input
                    type="radio"
                    name={f('claims-mode')}
                    checked={form.claimsMode === 'claims'}
                    onChange={() => onChange({ claimsMode: 'claims' })}
                  />
                  Claims
                </label>
                <label className="radio">
                  <input
                    type="radio"
                    name={f('claims-mode')}
                    checked={form.claimsMode === 'token'}
                    onChange={() => onChange({ claimsMode: 'token' })}
                  />
                  Paste a token (JWT)
                </label>
                {(userPool || form.claimsMode === 'user') && (
                  <label className="radio">
                    <input
                      type="radio"
                      name={f('claims-mode')}
                      checked={form.claimsMode === 'user'}
                      onChange={() =>
                        onChange({
                          claimsMode: 'user',
                          user:
                            form.user ?? (userPool ? blankUserForm(userPool, provider?.clientIds ?? []) : undefined),
                        })
                      }
                    />
                    A user of the pool
                  </label>
                )}
              </fieldset>
              {form.claimsMode === 'user' ? (
                userPool && form.user && workspace ? (
                  <UserPoolUserFields
                    workspace={workspace}
                    entry={userPool}
                    listedClientIds={provider?.clientIds ?? []}
                    value={form.user}
                    onChange={(user) => onChange({ user })}
                    inputError={resolution?.inputError ?? null}
                    idPrefix={idPrefix}
                  />
                ) : (
                  <p className="field-error" role="alert">
                    The workspace no longer holds the user pool of {form.provider}: import it (DescribeUserPool,
                    DescribeUserPoolClient, ListGroups) or pick Claims.
                  </p>
                )
              ) : form.claimsMode === 'claims' ? (
                <table className="claims-table" aria-label="Claims">
                  <thead>
                    <tr>
                      <th scope="col">Claim</th>
                      <th scope="col">Value</th>
                      <th scope="col" title="A list of values, such as cognito:groups">
                        List
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">Remove</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {form.claimRows.map((row, i) => (
                      <tr key={i}>
                        <td>
                          <input
                            aria-label={`Claim ${i + 1} name`}
                            value={row.key}
                            onChange={(e) => setRow(i, { key: e.target.value })}
                            spellCheck={false}
                          />
                        </td>
                        <td>
                          <input
                            aria-label={`${row.key || `Claim ${i + 1}`} value`}
                            value={row.value}
                            placeholder={row.array ? 'a, b, c' : ''}
                            onChange={(e) => setRow(i, { value: e.target.value })}
                            spellCheck={false}
                          />
                        </td>
                        <td className="center">
                          <input
                            type="checkbox"
                            aria-label={`${row.key || `Claim ${i + 1}`} is a list`}
                            checked={row.array}
                            onChange={(e) => setRow(i, { array: e.target.checked })}
                          />
                        </td>
                        <td>
                          <button
                            type="button"
                            className="icon-button"
                            aria-label={`Remove claim ${row.key || i + 1}`}
                            onClick={() => onChange({ claimRows: form.claimRows.filter((_, j) => j !== i) })}
                          >
                            ×
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <td colSpan={4}>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() =>
                            onChange({ claimRows: [...form.claimRows, { key: '', value: '', array: false }] })
                          }
                        >
                          + Add claim
                        </button>
                        {!form.claimRows.some((r) => r.key === 'cognito:groups') && provider?.kind === 'userPool' && (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() =>
                              onChange({
                                claimRows: [
                                  ...form.claimRows,
                                  { key: 'cognito:groups', value: '', array: isArrayClaim('cognito:groups') },
                                ],
                              })
                            }
                          >
                            + cognito:groups
                          </button>
                        )}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              ) : (
                <div className="field">
                  <label htmlFor={f('token')}>ID token</label>
                  <textarea
                    id={f('token')}
                    rows={4}
                    value={form.token}
                    onChange={(e) => onChange({ token: e.target.value })}
                    spellCheck={false}
                    placeholder="eyJraWQiOi…"
                  />
                  {decoded && !decoded.ok && (
                    <p className="field-error" role="alert">
                      {decoded.error}
                    </p>
                  )}
                  {decoded && decoded.ok && (
                    <details className="decoded-token" open>
                      <summary>
                        Decoded token{' '}
                        {decoded.expired === true ? (
                          <span className="badge badge-deny">expired {decoded.expires}</span>
                        ) : decoded.expires ? (
                          <span className="badge">expires {decoded.expires}</span>
                        ) : null}
                        <span className="hint"> signature not checked (offline)</span>
                      </summary>
                      <pre aria-label="Decoded token claims">{JSON.stringify(decoded.claims, null, 2)}</pre>
                    </details>
                  )}
                </div>
              )}
            </>
          )}
          <details className="advanced">
            <summary>CustomRoleArn and flow</summary>
            <div className="field">
              <label htmlFor={f('custom-role')}>CustomRoleArn</label>
              <input
                id={f('custom-role')}
                list={f('roles')}
                value={form.customRoleArn}
                onChange={(e) => onChange({ customRoleArn: e.target.value })}
                spellCheck={false}
                placeholder="(none)"
              />
              <datalist id={f('roles')}>
                {roleArns.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </div>
            <div className="field">
              <label htmlFor={f('flow')}>Flow</label>
              <select
                id={f('flow')}
                value={form.flow}
                onChange={(e) => onChange({ flow: e.target.value as IdentityForm['flow'] })}
              >
                <option value="enhanced">Enhanced (simplified) flow</option>
                <option value="basic">Basic (classic) flow</option>
              </select>
            </div>
            {form.flow === 'basic' && (
              <div className="field">
                <label htmlFor={f('basic-role')}>Role requested from STS</label>
                <input
                  id={f('basic-role')}
                  list={f('roles')}
                  value={form.basicRoleArn}
                  onChange={(e) => onChange({ basicRoleArn: e.target.value })}
                  spellCheck={false}
                />
              </div>
            )}
          </details>
        </>
      )}
    </form>
  );
}

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
  onOpenPolicy?(policyId: string, line: number): void;
}

/** The role-resolution trace. */
export function ResolutionTrace({ resolution, onOpenPolicy }: ResolutionTraceProps) {
  if (!resolution) return <p className="empty-state">Pick an identity to see which role Cognito gives it.</p>;
  const r = resolution.resolution;
  const ok = r.outcome === 'role' && r.trust !== 'denied';
  const trace = r.trace ?? [];
  const context = Object.entries(resolution.sessionContext);
  return (
    <section className="resolution" aria-label="Role resolution">
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
      {resolution.token && <BuiltToken resolution={resolution} />}
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
                  onClick={() => onOpenPolicy(`${resolution.roleArn}#trust`, 1)}
                >
                  Open trust policy
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <dl className="facts">
        <dt>Identity id</dt>
        <dd>
          <code>{resolution.identityId || '—'}</code>
        </dd>
        <dt>Session</dt>
        <dd>
          <code>{resolution.principalArn ?? '—'}</code>
        </dd>
        {Object.keys(resolution.sessionTags).length > 0 && (
          <>
            <dt>Principal tags</dt>
            <dd>
              {Object.entries(resolution.sessionTags).map(([k, v]) => (
                <code key={k} className="chip">
                  {k}={v}
                </code>
              ))}
            </dd>
          </>
        )}
        {resolution.sessionPolicyIds.length > 0 && (
          <>
            <dt>Session policies</dt>
            <dd>
              {resolution.sessionPolicyIds.map((p) => (
                <code key={p} className="chip">
                  {p}
                </code>
              ))}
            </dd>
          </>
        )}
      </dl>
      {context.length > 0 && (
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
      )}
      {(resolution.assumptions.length > 0 || resolution.notes.length > 0) && (
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
      )}
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
