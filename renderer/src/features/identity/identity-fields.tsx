/**
 * The identity form's field groups: who asks (a Cognito identity or an IAM principal), the pool and provider, where
 * the claims come from (rows, a pasted JWT, or a user of the pool) and the CustomRoleArn / flow. Each group gets the
 * form, the change callback and `fieldId`, which prefixes element ids (two forms can sit side by side).
 */
import type { IdentityPool, Workspace } from '../../../../policy-engine/model/index';
import type { ConfiguredProvider as Provider } from '../../../../policy-engine/cognito/index';
import { decodeToken, isArrayClaim, type ClaimRow } from './claims';
import { exampleClaims, type IdentityForm } from '../workbench/session-store';
import { blankUserForm, userPoolOfProvider } from './user-form';

/** What every field group is given. */
export interface FieldsProps {
  form: IdentityForm;
  onChange(patch: Partial<IdentityForm>): void;
  /** The element id of a field (the form's prefix + name). */
  fieldId(name: string): string;
}

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

/** Cognito identity or IAM role/user (switching to a principal pre-fills the first suggestion). */
export function WhoAsksFields({
  form,
  onChange,
  fieldId: f,
  hasPools,
  firstPrincipal,
}: FieldsProps & { hasPools: boolean; firstPrincipal: string | undefined }) {
  return (
    <fieldset className="field-row">
      <legend className="visually-hidden">Who asks</legend>
      <label className="radio">
        <input
          type="radio"
          name={f('kind')}
          checked={form.kind === 'identity'}
          onChange={() => onChange({ kind: 'identity' })}
          disabled={!hasPools}
        />
        Cognito identity
      </label>
      <label className="radio">
        <input
          type="radio"
          name={f('kind')}
          checked={form.kind === 'principal'}
          onChange={() => onChange({ kind: 'principal', principalArn: form.principalArn || firstPrincipal || '' })}
        />
        IAM role or user
      </label>
    </fieldset>
  );
}

/** The principal ARN, with the workspace's roles and users as suggestions. */
export function PrincipalField({ form, onChange, fieldId: f, principals }: FieldsProps & { principals: string[] }) {
  return (
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
      <p className="hint">A role, an IAM user, or a session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).</p>
    </div>
  );
}

/** The identity pool and the identity id asked about. */
export function PoolFields({ form, onChange, fieldId: f, pools }: FieldsProps & { pools: IdentityPool[] }) {
  return (
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
    </>
  );
}

/**
 * The patch for picking another provider: its example claims, and the claims source kept where it still fits (a
 * user of the pool only for a user-pool provider whose pool the workspace holds).
 */
function providerPatch(
  loginsKey: string,
  providers: Provider[],
  workspace: Workspace | null,
  form: IdentityForm,
): Partial<IdentityForm> {
  const next = providers.find((p) => p.loginsKey === loginsKey);
  const nextPool = next?.kind === 'userPool' ? userPoolOfProvider(workspace, next.loginsKey) : undefined;
  const asUser = form.claimsMode === 'user' && nextPool && next;
  return {
    provider: loginsKey,
    claimRows: next ? exampleClaims(next.kind, next.loginsKey, next.clientIds[0]) : [],
    claimsMode: asUser ? 'user' : form.claimsMode === 'user' ? 'claims' : form.claimsMode,
    user: asUser ? blankUserForm(nextPool, next.clientIds) : undefined,
  };
}

/** "Signed in with": the pool's providers, or guest. */
export function ProviderField({
  form,
  onChange,
  fieldId: f,
  providers,
  pool,
  workspace,
}: FieldsProps & { providers: Provider[]; pool: IdentityPool | undefined; workspace: Workspace | null }) {
  return (
    <div className="field">
      <label htmlFor={f('provider')}>Signed in with</label>
      <select
        id={f('provider')}
        value={form.provider}
        onChange={(e) => onChange(providerPatch(e.target.value, providers, workspace, form))}
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
  );
}

/** Where the claims come from: rows, a pasted JWT, or (for a user-pool provider) a user of the pool. */
export function ClaimsSourceFields({
  form,
  onChange,
  fieldId: f,
  offerUser,
  blankUser,
}: FieldsProps & { offerUser: boolean; blankUser: () => IdentityForm['user'] }) {
  return (
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
      {offerUser && (
        <label className="radio">
          <input
            type="radio"
            name={f('claims-mode')}
            checked={form.claimsMode === 'user'}
            onChange={() => onChange({ claimsMode: 'user', user: form.user ?? blankUser() })}
          />
          A user of the pool
        </label>
      )}
    </fieldset>
  );
}

/** One claim row: name, value, whether it is a list, and remove. */
function ClaimRowFields({
  row,
  i,
  setRow,
  onRemove,
}: {
  row: ClaimRow;
  i: number;
  setRow(i: number, patch: Partial<ClaimRow>): void;
  onRemove(): void;
}) {
  return (
    <tr>
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
          onClick={onRemove}
        >
          ×
        </button>
      </td>
    </tr>
  );
}

/** The claims as editable rows; a user-pool provider is offered a cognito:groups row. */
export function ClaimsTable({ form, onChange, userPoolProvider }: FieldsProps & { userPoolProvider: boolean }) {
  const rows = form.claimRows;
  const setRow = (i: number, patch: Partial<ClaimRow>) =>
    onChange({ claimRows: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const addRow = (row: ClaimRow) => onChange({ claimRows: [...rows, row] });
  return (
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
        {rows.map((row, i) => (
          <ClaimRowFields
            key={i}
            row={row}
            i={i}
            setRow={setRow}
            onRemove={() => onChange({ claimRows: rows.filter((_, j) => j !== i) })}
          />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>
            <button type="button" className="link-button" onClick={() => addRow({ key: '', value: '', array: false })}>
              + Add claim
            </button>
            {!rows.some((r) => r.key === 'cognito:groups') && userPoolProvider && (
              <button
                type="button"
                className="link-button"
                onClick={() => addRow({ key: 'cognito:groups', value: '', array: isArrayClaim('cognito:groups') })}
              >
                + cognito:groups
              </button>
            )}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A pasted ID token, decoded beside it (its signature is not checked: this runs offline). */
export function TokenField({ form, onChange, fieldId: f }: FieldsProps) {
  const decoded = form.token.trim() ? decodeToken(form.token, new Date()) : null;
  return (
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
  );
}

/** CustomRoleArn and the flow (and, for the basic flow, the role asked of STS). */
export function AdvancedFields({ form, onChange, fieldId: f, roleArns }: FieldsProps & { roleArns: string[] }) {
  return (
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
  );
}
