/**
 * The `identity.user` form end to end: build the ID token Cognito would issue (token.ts), then resolve the role from
 * it exactly as for a pasted token's claims. The identity-pool resolution is passed in (no import cycle with cognito/).
 */
import type { IdentityInput } from '../model/request';
import type { Workspace } from '../model/workspace';
import type { IdentityResolution } from '../cognito/identity-resolution';
import { cognitoAssumption } from '../cognito/assumptions';
import { buildIdToken } from './token';
import { providerNameOf, userPoolIdOfProvider } from './pool';

/** Resolves an identity given as a user-pool user; `resolveClaims` resolves the identity with the built claims. */
export function resolveUserIdentity(
  ws: Workspace,
  identity: IdentityInput,
  now: Date,
  resolveClaims: (identity: IdentityInput) => IdentityResolution,
): IdentityResolution {
  const user = identity.user!;
  const refuse = (path: (string | number)[], message: string): IdentityResolution => ({
    resolution: {
      outcome: 'denied',
      source: null,
      trust: 'notEvaluated',
      error: { code: 'InvalidParameterException', message: `identity.${path.join('.')}: ${message}` },
      trace: [{ kind: 'token', status: 'failed', message: `identity.${path.join('.')}: ${message}` }],
      mappingKey: null,
    },
    roleArn: null,
    identityId: typeof identity.identityId === 'string' ? identity.identityId : '',
    principal: null,
    assumptions: [],
    notes: [],
    claims: {},
    inputError: { path, message },
  });
  if (identity.claims !== undefined || identity.token !== undefined)
    return refuse(['user'], 'give one of "user", "claims" and "token"');
  const built = buildIdToken(ws, user, now);
  if (!built.ok) return refuse(built.error.path, built.error.message);
  if (typeof identity.provider === 'string' && identity.provider) {
    const givenPool = userPoolIdOfProvider(identity.provider);
    if (givenPool !== user.userPoolId) {
      return refuse(
        ['provider'],
        `the provider ${identity.provider} is not user pool ${user.userPoolId}'s (${providerNameOf(user.userPoolId)}); leave "provider" out with "user"`,
      );
    }
  }
  const { user: _user, ...rest } = identity;
  void _user;
  const resolved = resolveClaims({ ...rest, provider: built.provider, claims: built.claims });
  const trace = resolved.resolution.trace ?? [];
  // The token's own steps come first; the "claims were given directly" step does not apply to a built token.
  const kept = trace.filter((s) => !(s.kind === 'token' && s.message.startsWith('Claims were given directly')));
  const assumptions = [
    ...built.assumptions.map((id) => cognitoAssumption(id, ws.settings)),
    ...resolved.assumptions.filter((a) => !built.assumptions.includes(a.id as 'preferredRoleFrom')),
  ];
  return {
    ...resolved,
    resolution: { ...resolved.resolution, trace: [...built.steps, ...kept] },
    assumptions,
    notes: [...built.notes, ...resolved.notes],
    token: built.claims,
  };
}
