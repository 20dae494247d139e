/**
 * The identity form (who is asking, as the user fills it in): a blank form for a workspace, example claims, and the
 * identity input the form stands for. Pure functions; the identity store holds the forms.
 */
import type { IdentityInput, Workspace } from '../../../../../policy-engine/model/index';
import { configuredProviders } from '../../../../../policy-engine/cognito/index';
import type { PrincipalOrIdentity } from '../../../engine/protocol';
import { isArrayClaim, type ClaimRow } from '../../identity/claims';
import { userInputOf, type UserForm } from '../../identity/user-form';
import { userPoolIdOfProvider } from '../../../../../policy-engine/userpool/index';

/** The identity form, as the user fills it in. */
export interface IdentityForm {
  kind: 'identity' | 'principal';
  poolId: string;
  /** The Logins key; '' for a guest. */
  provider: string;
  /** Where the claims come from: typed rows, a pasted JWT, or a user of the pool (the token Cognito would issue). */
  claimsMode: 'claims' | 'token' | 'user';
  claimRows: ClaimRow[];
  /** claimsMode 'user': the user of the provider's user pool (identity.user). */
  user?: UserForm;
  token: string;
  customRoleArn: string;
  /** The identity id (cognito-identity.amazonaws.com:sub) to use, e.g. one from a real log; '' or absent: derived. */
  identityId?: string;
  flow: 'enhanced' | 'basic';
  /** Basic flow only. */
  basicRoleArn: string;
  /** kind = principal: a role, user or session ARN. */
  principalArn: string;
}

/** A blank form for a workspace: its first pool, that pool's first provider, example claims. */
export function defaultForm(ws: Workspace | null, previous?: IdentityForm): IdentityForm {
  const pools = ws?.identityPools ?? [];
  const keep = previous && pools.some((p) => p.IdentityPoolId === previous.poolId);
  if (keep) return previous;
  const pool = pools[0];
  const base: IdentityForm = {
    kind: 'identity',
    poolId: pool?.IdentityPoolId ?? '',
    provider: '',
    claimsMode: 'claims',
    claimRows: [],
    token: '',
    customRoleArn: '',
    flow: 'enhanced',
    basicRoleArn: '',
    principalArn: '',
  };
  if (!pool) {
    const role = ws?.iam?.RoleDetailList?.[0]?.Arn ?? '';
    return { ...base, kind: 'principal', principalArn: role };
  }
  const provider = configuredProviders(pool)[0];
  if (!provider) return base;
  return {
    ...base,
    provider: provider.loginsKey,
    claimRows: exampleClaims(provider.kind, provider.loginsKey, provider.clientIds[0]),
  };
}

/** Example claims for a provider, so the form starts from something that resolves. */
export function exampleClaims(kind: string, loginsKey: string, clientId: string | undefined): ClaimRow[] {
  const row = (key: string, value: string): ClaimRow => ({ key, value, array: isArrayClaim(key) });
  const rows = [row('sub', '8f4e2c1a-0000-4000-8000-000000000001')];
  if (clientId) rows.push(row('aud', clientId));
  if (kind === 'userPool')
    rows.push(
      row('iss', `https://${loginsKey}`),
      row('token_use', 'id'),
      row('cognito:groups', ''),
      row('email', 'dev@example.com'),
    );
  else if (kind === 'google') rows.push(row('iss', 'https://accounts.google.com'), row('email', 'dev@example.com'));
  else if (kind === 'oidc') rows.push(row('iss', `https://${loginsKey}`));
  return rows;
}

/** The identity input the form stands for. */
export function identityOf(
  form: IdentityForm,
  rowsToClaims: (rows: ClaimRow[]) => Record<string, unknown>,
): IdentityInput {
  const id: IdentityInput = { identityPoolId: form.poolId, provider: form.provider || null };
  if (form.provider) {
    const userPoolId = userPoolIdOfProvider(form.provider);
    if (form.claimsMode === 'user' && form.user && userPoolId) id.user = userInputOf(form.user, userPoolId);
    else if (form.claimsMode === 'token' && form.token.trim()) id.token = form.token.trim();
    else id.claims = rowsToClaims(form.claimRows);
  }
  if (form.customRoleArn.trim()) id.customRoleArn = form.customRoleArn.trim();
  if (form.identityId?.trim()) id.identityId = form.identityId.trim();
  if (form.flow === 'basic') {
    id.flow = 'basic';
    if (form.basicRoleArn.trim()) id.roleArn = form.basicRoleArn.trim();
  }
  return id;
}

/** What the engine evaluates for a form: an IAM principal as it is, or a Cognito identity. */
export function subjectOf(
  form: IdentityForm,
  rowsToClaims: (rows: ClaimRow[]) => Record<string, unknown>,
): PrincipalOrIdentity {
  return form.kind === 'principal'
    ? { principal: form.principalArn.trim() }
    : { identity: identityOf(form, rowsToClaims) };
}
