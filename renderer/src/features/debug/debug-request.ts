/**
 * The request a pasted AccessDenied stands for: as the role session it names, or — when the caller's ID token is
 * pasted too — as that token's Cognito identity, so role resolution is replayed as well. Pure.
 */
import type { IdentityInput, Request } from '../../../../policy-engine/model/request';
import type { IdentityPool, Workspace } from '../../../../policy-engine/model/workspace';
import { configuredProviders } from '../../../../policy-engine/cognito/providers';
import { requestPrincipal, roleOfSession, type AccessDeniedInfo } from './access-denied';
import { decodeToken, loginsKeyOfIssuer } from '../identity/claims';

/** The request to run, how it was read ("as …"), and a note on what was assumed when there is one. */
export type DebugRequest = { request: Request; via: string; note?: string } | { error: string };

/** The session name Cognito gives the role session of GetCredentialsForIdentity (the enhanced flow). */
export const COGNITO_SESSION_NAME = 'CognitoIdentityCredentials';

const roleNameOf = (arn: string | undefined) => arn?.replace(/^.*:role\//, '').replace(/^.*\//, '');

/** Which pool gives a role and how: as its guest (unauthenticated) role, its authenticated role, or a mapping's role. */
export function cognitoRoleOf(ws: Workspace | null, roleName: string): { pool: IdentityPool; as: 'unauthenticated' | 'authenticated' | 'mapping' } | null {
  for (const pool of ws?.identityPools ?? []) {
    if (roleNameOf(pool.Roles?.unauthenticated) === roleName) return { pool, as: 'unauthenticated' };
  }
  for (const pool of ws?.identityPools ?? []) {
    if (roleNameOf(pool.Roles?.authenticated) === roleName) return { pool, as: 'authenticated' };
    const mapped = Object.values(pool.RoleMappings ?? {}).flatMap((m) => m.RulesConfiguration?.Rules?.map((r) => r.RoleARN) ?? []);
    if (mapped.some((arn) => roleNameOf(arn) === roleName)) return { pool, as: 'mapping' };
  }
  return null;
}

/**
 * The request for a message without a token. A session named CognitoIdentityCredentials of a pool's role came from
 * Cognito's enhanced flow: for the pool's unauthenticated role it is a guest, and Cognito passed its guest scope-down
 * session policy to STS, so it runs as that pool's guest to include it. Authenticated identities get no scope-down,
 * so their role session is evaluated as it is, with a note (a pasted token replays role resolution too).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
function withoutToken(info: AccessDeniedInfo, ws: Workspace | null, base: { action: string; resource: string }): DebugRequest {
  const asSession: DebugRequest = { request: { ...base, principal: requestPrincipal(info) }, via: `as ${info.principal}` };
  const session = roleOfSession(info.principal);
  if (!session || session.sessionName !== COGNITO_SESSION_NAME) return asSession;
  const found = cognitoRoleOf(ws, session.roleName);
  if (!found) return asSession;
  const poolName = found.pool.IdentityPoolName ?? found.pool.IdentityPoolId;
  if (found.as === 'unauthenticated') {
    if (found.pool.AllowUnauthenticatedIdentities === false) {
      return { ...asSession, note: `${session.roleName} is the unauthenticated role of pool ${poolName}, but the pool does not allow guests; ran as the plain role session, without Cognito's guest scope-down.` };
    }
    return {
      request: { ...base, identity: { identityPoolId: found.pool.IdentityPoolId, provider: null } },
      via: `as a guest of pool ${poolName}`,
      note: `${session.roleName} is this pool's unauthenticated role and ${COGNITO_SESSION_NAME} is the session name of Cognito's enhanced flow, so the caller was taken to be a guest: Cognito's guest scope-down session policy applies.`,
    };
  }
  const how = found.as === 'authenticated' ? 'authenticated role' : 'role given by a role-mapping rule';
  return { ...asSession, note: `${session.roleName} is the ${how} of pool ${poolName}. Cognito adds no session policy for signed-in identities, so this ran as the role session; paste the caller's ID token to replay role resolution and the session's cognito-identity.amazonaws.com keys.` };
}

/** Builds the request for a parsed message: as the token's identity when a token is given, else as the principal. */
export function debugRequest(info: AccessDeniedInfo, token: string, ws: Workspace | null): DebugRequest {
  const base = { action: info.action, resource: info.resource };
  if (!token.trim()) return withoutToken(info, ws, base);
  const decoded = decodeToken(token, new Date());
  if (!decoded.ok) return { error: decoded.error };
  const session = roleOfSession(info.principal);
  const pools = ws?.identityPools ?? [];
  // The pool whose roles include the session's role; else the only pool.
  const pool =
    pools.find((p) => session && [p.Roles?.authenticated, p.Roles?.unauthenticated, ...Object.values(p.RoleMappings ?? {}).flatMap((m) => m.RulesConfiguration?.Rules.map((r) => r.RoleARN) ?? [])].some((arn) => arn?.endsWith(`:role/${session.roleName}`) || arn?.endsWith(`/${session.roleName}`))) ??
    (pools.length === 1 ? pools[0] : undefined);
  if (!pool) return { error: 'The workspace has no identity pool that gives this role; leave the token empty to run as the role session.' };
  const issuer = decoded.issuer ? loginsKeyOfIssuer(decoded.issuer) : '';
  const provider = configuredProviders(pool).find((p) => p.loginsKey === issuer || (issuer && p.loginsKey.startsWith(issuer))) ?? configuredProviders(pool)[0];
  const identity: IdentityInput = { identityPoolId: pool.IdentityPoolId, provider: provider?.loginsKey ?? issuer, token: token.trim() };
  return { request: { ...base, identity }, via: `as the token's identity in pool ${pool.IdentityPoolName ?? pool.IdentityPoolId}` };
}
