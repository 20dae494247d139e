/**
 * GetId, the first call of both flows: the app presents the login (a Logins key and its token) to the identity pool,
 * which checks that the provider is configured on the pool and that the token is one of its tokens, and returns the
 * identity id (SEMANTICS.md §A2.1, §A2.2).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html
 */
import type { AwsError, IdentityInput } from '../model/request';
import type { IdentityPool, Workspace } from '../model/workspace';
import { didYouMean } from '../did-you-mean';
import type { IdentityResolution } from './identity-resolution';
import { cognitoErrors } from './errors';
import { deriveIdentityId } from './identity-id';
import type { ConfiguredProvider } from './providers';
import { arrayOf, findProvider, guessKind, stripScheme } from './providers';
import { audiences, checkGivenClaims, checkToken, readClaims } from './token';
import type { Trail } from './trail';

/** What GetId read of an identity's sign-in: what the role choice and STS then work from. */
export interface SignIn {
  poolId: string;
  /** The pool, or undefined when the workspace does not hold it (only the basic flow then applies). */
  pool: IdentityPool | undefined;
  /** When the workspace does not hold the pool: the pools it does hold, as a sentence; '' when it does. */
  knownPools: string;
  flow: 'enhanced' | 'basic';
  /** No login: an unauthenticated identity. */
  guest: boolean;
  /** The provider that signed the identity in; null for a guest. */
  provider: ConfiguredProvider | null;
  claims: Record<string, unknown>;
  /** The user-pool app client the role-mapping key names (the token's aud). */
  clientId: string | undefined;
  identityId: string;
}

/** The sign-in, or Cognito's refusal of it. */
export type GetIdResult = { signIn: SignIn } | { refused: IdentityResolution };

/** Runs GetId's checks on the identity in order: pool, flow, provider, token, app client, identity id. */
export function getId(ws: Workspace, identity: IdentityInput, now: Date, trail: Trail): GetIdResult {
  if (
    !identity ||
    typeof identity !== 'object' ||
    typeof identity.identityPoolId !== 'string' ||
    !identity.identityPoolId
  ) {
    trail.step('provider', 'failed', 'identity.identityPoolId must be a non-empty string.');
    const error: AwsError = { code: 'InvalidParameterException', message: 'identity.identityPoolId is required.' };
    return { refused: trail.refuse(error, '', {}) };
  }
  const poolId = identity.identityPoolId;
  const pool = arrayOf<IdentityPool>(ws.identityPools).find((p) => p && p.IdentityPoolId === poolId);
  const knownPools = pool ? '' : knownPoolsText(ws.identityPools, poolId);
  if (!pool && identity.flow !== 'basic')
    trail.note(`The identity pool is not in the workspace: only the basic flow applies.${knownPools}`);
  const flow = !pool || identity.flow === 'basic' ? 'basic' : 'enhanced';
  const guest = identity.provider === undefined || identity.provider === null || identity.provider === '';
  const idOf = (provider: ConfiguredProvider | null, claims: Record<string, unknown>): string =>
    stringOr(identity.identityId, '') || deriveIdentityId(poolId, loginsKeyOf(provider, identity), claims);

  const login: LoginLookup = guest ? { provider: null } : loginProvider(identity.provider, pool, poolId, trail);
  if ('error' in login) return { refused: trail.refuse(login.error, idOf(null, {}), {}) };
  const { provider } = login;
  const read = provider
    ? loginClaims(identity, provider, pool !== undefined, now, trail)
    : guestClaims(identity, trail);
  if (read.error) return { refused: trail.refuse(read.error, idOf(provider, read.claims), read.claims) };
  const { claims } = read;
  const clientId = mappingClientId(provider, claims, pool !== undefined, login.clientIdFromKey, trail);
  const identityId = idOf(provider, claims);
  if (identityId !== identity.identityId)
    trail.note(`No identity id was given; the derived id ${identityId} stands for cognito-identity.amazonaws.com:sub.`);
  return { signIn: { poolId, pool, knownPools, flow, guest, provider, claims, clientId, identityId } };
}

/** The provider a sign-in names (null for a guest), or why GetId refuses it. */
type LoginLookup = { provider: ConfiguredProvider | null; clientIdFromKey?: string } | { error: AwsError };

/** The claims a sign-in carries, or why GetId refuses them (with the claims read so far). */
type ClaimsRead =
  { claims: Record<string, unknown>; error?: undefined } | { error: AwsError; claims: Record<string, unknown> };

/** The Logins key the identity id is derived from: the configured provider's, else the key as given. */
function loginsKeyOf(provider: ConfiguredProvider | null, identity: IdentityInput): string | null {
  return provider?.loginsKey ?? (typeof identity.provider === 'string' ? stripScheme(identity.provider) : null);
}

/**
 * The provider the Logins key names: it must be configured on the pool ("Token is not from a supported provider of
 * this identity pool."). For a pool the workspace does not hold, the key is taken as given and its kind guessed.
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html (Logins)
 */
function loginProvider(
  given: unknown,
  pool: IdentityPool | undefined,
  poolId: string,
  trail: Trail,
): { provider: ConfiguredProvider; clientIdFromKey?: string } | { error: AwsError } {
  if (typeof given !== 'string') {
    trail.step('provider', 'failed', 'identity.provider must be a string (the Logins key) or null for a guest.');
    return { error: cognitoErrors.unsupportedProvider() };
  }
  if (!pool) {
    const key = stripScheme(given);
    return { provider: { kind: guessKind(key), loginsKey: key, clientIds: [] } };
  }
  const lookup = findProvider(pool, given);
  if (!lookup.provider) {
    trail.step('provider', 'failed', `${given} is not a provider configured on pool ${poolId}.`);
    return { error: cognitoErrors.unsupportedProvider() };
  }
  const provider = lookup.provider;
  if (lookup.normalisedFrom)
    trail.note(`The provider "${lookup.normalisedFrom}" was read as the Logins key "${provider.loginsKey}".`);
  trail.step('provider', 'ok', `${provider.loginsKey} is a configured ${provider.kind} provider of pool ${poolId}.`);
  return { provider, ...(lookup.clientIdFromKey !== undefined ? { clientIdFromKey: lookup.clientIdFromKey } : {}) };
}

/**
 * The login token's claims: decoded from the token and checked as Cognito checks a login token (aud, iss against
 * the Logins key, expiry), or given directly and checked where they carry iss/aud. SEMANTICS.md §A2.2.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/open-id.html
 */
function loginClaims(
  identity: IdentityInput,
  provider: ConfiguredProvider,
  poolKnown: boolean,
  now: Date,
  trail: Trail,
): ClaimsRead {
  const read = readClaims(identity, provider.kind);
  trail.add(read);
  if (!read.ok) return { error: read.error, claims: {} };
  const expected = { kind: provider.kind, loginsKey: provider.loginsKey, clientIds: provider.clientIds, poolKnown };
  if (read.fromToken || poolKnown) {
    const check = read.fromToken ? checkToken(read.claims, expected, now) : checkGivenClaims(read.claims, expected);
    trail.add(check);
    if (check.error) return { error: check.error, claims: read.claims };
  }
  return { claims: read.claims };
}

/** A guest has no login, so no claims: any given are ignored. */
function guestClaims(identity: IdentityInput, trail: Trail): ClaimsRead {
  if (identity.claims !== undefined || identity.token !== undefined)
    trail.note('A guest has no login: the claims or token given were ignored.');
  return { claims: {} };
}

/**
 * The user-pool app client of the role-mapping key `cognito-idp.<region>.amazonaws.com/<poolId>:<clientId>`: the
 * token's aud (SEMANTICS.md §A2.1).
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html
 */
function mappingClientId(
  provider: ConfiguredProvider | null,
  claims: Record<string, unknown>,
  poolKnown: boolean,
  clientIdFromKey: string | undefined,
  trail: Trail,
): string | undefined {
  if (provider?.kind !== 'userPool') return undefined;
  const auds = audiences(claims);
  let clientId = auds.find((a) => provider.clientIds.includes(a)) ?? auds[0] ?? clientIdFromKey;
  if (!clientId && provider.clientIds.length > 0) {
    clientId = provider.clientIds[0];
    trail.note(
      `The claims have no aud; the app client ${clientId} (the ${provider.clientIds.length === 1 ? 'only' : 'first'} configured one) was used for the role-mapping key.`,
    );
  }
  if (clientId && poolKnown && provider.clientIds.length > 0 && !provider.clientIds.includes(clientId)) {
    trail.note(
      `aud ${clientId} is not an app client configured for ${provider.loginsKey}; a real token with this aud would be refused ("Token is not from a supported provider of this identity pool.").`,
    );
  }
  return clientId;
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' && v ? v : fallback;
}

/**
 * The pools the workspace does hold, for an identity pool id it does not (a typo, or another party's pool):
 * ` The workspace holds: us-east-1:… (app); did you mean "us-east-1:…"?`
 */
function knownPoolsText(pools: unknown, poolId: string): string {
  const list = arrayOf<IdentityPool>(pools).filter((p) => p && typeof p.IdentityPoolId === 'string');
  if (list.length === 0) return ' The workspace holds no identity pools.';
  const ids = list.map((p) => p.IdentityPoolId);
  const names = list.map((p) => `${p.IdentityPoolId}${p.IdentityPoolName ? ` (${p.IdentityPoolName})` : ''}`);
  return ` The workspace holds: ${names.join(', ')}${didYouMean(poolId, ids)}.`;
}
