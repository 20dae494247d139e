/**
 * The request a pasted AccessDenied stands for: as the role session it names, or — when the caller's ID token is
 * pasted too — as that token's Cognito identity, so role resolution is replayed as well. Pure.
 */
import type { IdentityInput, Request } from '../../../../policy-engine/model/request';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { configuredProviders } from '../../../../policy-engine/cognito/providers';
import { requestPrincipal, roleOfSession, type AccessDeniedInfo } from './access-denied';
import { decodeToken, loginsKeyOfIssuer } from '../identity/claims';

/** Builds the request for a parsed message: as the token's identity when a token is given, else as the principal. */
export function debugRequest(info: AccessDeniedInfo, token: string, ws: Workspace | null): { request: Request; via: string } | { error: string } {
  const base = { action: info.action, resource: info.resource };
  if (!token.trim()) return { request: { ...base, principal: requestPrincipal(info) }, via: `as ${info.principal}` };
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
