/**
 * The request a pasted AccessDenied stands for: as the role session it names, or — when the caller's ID token is
 * pasted too — as that token's Cognito identity, so role resolution is replayed as well. Pure.
 */
import type { IdentityInput, Request, IdentityPool, Workspace } from '../../../../policy-engine/model/index';
import { configuredProviders, deriveIdentityId } from '../../../../policy-engine/cognito/index';
import { requestPrincipal, roleOfSession, type AccessDeniedInfo } from './access-denied';
import { decodeToken, loginsKeyOfIssuer } from '../identity/claims';

/** A Cognito identity id (`REGION:GUID`). */
const IDENTITY_ID = /\b[a-z]{2}(?:-gov)?-[a-z]+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * The identity id to run a Cognito session with. Cognito sets cognito-identity.amazonaws.com:sub on every session,
 * but the message does not carry it: the one the user entered, else a stand-in that owns none of the identity ids in
 * the resource (AWS refused, so the caller is not taken to own the data), with a note saying so.
 */
function sessionIdentityId(given: string, poolId: string, resource: string): { id: string; note: string } {
  if (given.trim()) return { id: given.trim(), note: '' };
  const named = [...new Set(resource.match(IDENTITY_ID) ?? [])];
  let id = deriveIdentityId(poolId, 'rolecall-debug', { resource });
  if (named.includes(id)) id = deriveIdentityId(poolId, 'rolecall-debug', { resource, other: true });
  const note = named.length
    ? ` The message does not say which identity called, so it ran as an identity other than ${named.join(', ')} (the one in the resource); if the caller is ${named.length > 1 ? 'one of them' : 'that identity'}, enter the identity id above.`
    : ` The message does not say which identity called; it ran as identity ${id}. Enter the caller's identity id above to use theirs.`;
  return { id, note };
}

/** The request to run, how it was read ("as …"), and a note on what was assumed when there is one. */
export type DebugRequest = { request: Request; via: string; note?: string } | { error: string };

/** The session name Cognito gives the role session of GetCredentialsForIdentity (the enhanced flow). */
export const COGNITO_SESSION_NAME = 'CognitoIdentityCredentials';

const roleNameOf = (arn: string | undefined) => arn?.replace(/^.*:role\//, '').replace(/^.*\//, '');

/** Which pool gives a role and how: as its guest (unauthenticated) role, its authenticated role, or a mapping's role. */
export function cognitoRoleOf(
  ws: Workspace | null,
  roleName: string,
): { pool: IdentityPool; as: 'unauthenticated' | 'authenticated' | 'mapping' } | null {
  for (const pool of ws?.identityPools ?? []) {
    if (roleNameOf(pool.Roles?.unauthenticated) === roleName) return { pool, as: 'unauthenticated' };
  }
  for (const pool of ws?.identityPools ?? []) {
    if (roleNameOf(pool.Roles?.authenticated) === roleName) return { pool, as: 'authenticated' };
    const mapped = Object.values(pool.RoleMappings ?? {}).flatMap(
      (m) => m.RulesConfiguration?.Rules?.map((r) => r.RoleARN) ?? [],
    );
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
function withoutToken(
  info: AccessDeniedInfo,
  ws: Workspace | null,
  base: { action: string; resource: string },
  identityId: string,
): DebugRequest {
  const asSession: DebugRequest = {
    request: { ...base, principal: requestPrincipal(info) },
    via: `as ${info.principal}`,
  };
  const session = roleOfSession(info.principal);
  if (!session || session.sessionName !== COGNITO_SESSION_NAME) return asSession;
  const found = cognitoRoleOf(ws, session.roleName);
  if (!found) return asSession;
  const poolName = found.pool.IdentityPoolName ?? found.pool.IdentityPoolId;
  if (found.as === 'unauthenticated') {
    if (found.pool.AllowUnauthenticatedIdentities === false) {
      return {
        ...asSession,
        note: `${session.roleName} is the unauthenticated role of pool ${poolName}, but the pool does not allow guests; ran as the plain role session, without Cognito's guest scope-down.`,
      };
    }
    const who = sessionIdentityId(identityId, found.pool.IdentityPoolId, info.resource);
    return {
      request: { ...base, identity: { identityPoolId: found.pool.IdentityPoolId, provider: null, identityId: who.id } },
      via: `as a guest of pool ${poolName}`,
      note: `${session.roleName} is this pool's unauthenticated role and ${COGNITO_SESSION_NAME} is the session name of Cognito's enhanced flow, so the caller was taken to be a guest: Cognito's guest scope-down session policy applies.${who.note}`,
    };
  }
  const how = found.as === 'authenticated' ? 'authenticated role' : 'role given by a role-mapping rule';
  // The session carries the keys Cognito's web identity federation sets: the pool (aud), signed in (amr), the id (sub).
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
  const who = sessionIdentityId(identityId, found.pool.IdentityPoolId, info.resource);
  const context = {
    'cognito-identity.amazonaws.com:sub': who.id,
    'cognito-identity.amazonaws.com:aud': found.pool.IdentityPoolId,
    'cognito-identity.amazonaws.com:amr': ['authenticated'],
  };
  return {
    ...asSession,
    request: { ...asSession.request, context },
    note: `${session.roleName} is the ${how} of pool ${poolName}. Cognito adds no session policy for signed-in identities, so this ran as the role session with the identity's cognito-identity.amazonaws.com keys; paste the caller's ID token to replay role resolution too.${who.note}`,
  };
}

/**
 * Builds the request for a parsed message: as the token's identity when a token is given, else as the principal.
 * `identityId` is the caller's Cognito identity id when the user knows it (from the app's logs, or an S3 key).
 */
export function debugRequest(
  info: AccessDeniedInfo,
  token: string,
  ws: Workspace | null,
  identityId = '',
): DebugRequest {
  const base = { action: info.action, resource: info.resource };
  if (!token.trim()) return withoutToken(info, ws, base, identityId);
  const decoded = decodeToken(token, new Date());
  if (!decoded.ok) return { error: decoded.error };
  const session = roleOfSession(info.principal);
  const pools = ws?.identityPools ?? [];
  // The pool whose roles include the session's role; else the only pool.
  const pool =
    pools.find(
      (p) =>
        session &&
        [
          p.Roles?.authenticated,
          p.Roles?.unauthenticated,
          ...Object.values(p.RoleMappings ?? {}).flatMap(
            (m) => m.RulesConfiguration?.Rules.map((r) => r.RoleARN) ?? [],
          ),
        ].some((arn) => arn?.endsWith(`:role/${session.roleName}`) || arn?.endsWith(`/${session.roleName}`)),
    ) ?? (pools.length === 1 ? pools[0] : undefined);
  if (!pool)
    return {
      error:
        'The workspace has no identity pool that gives this role; leave the token empty to run as the role session.',
    };
  const issuer = decoded.issuer ? loginsKeyOfIssuer(decoded.issuer) : '';
  const provider =
    configuredProviders(pool).find((p) => p.loginsKey === issuer || (issuer && p.loginsKey.startsWith(issuer))) ??
    configuredProviders(pool)[0];
  const identity: IdentityInput = {
    identityPoolId: pool.IdentityPoolId,
    provider: provider?.loginsKey ?? issuer,
    token: token.trim(),
    ...(identityId.trim() ? { identityId: identityId.trim() } : {}),
  };
  return {
    request: { ...base, identity },
    via: `as the token's identity in pool ${pool.IdentityPoolName ?? pool.IdentityPoolId}`,
  };
}
