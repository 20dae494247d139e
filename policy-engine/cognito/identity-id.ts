/**
 * A stable stand-in for the identity id Cognito would assign (`REGION:GUID`), derived from the pool, the provider and
 * the user's claims, so the same user gets the same `cognito-identity.amazonaws.com:sub` on every run.
 */

/** 32-bit FNV-1a of a string, from a given offset basis. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche so nearby inputs spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** 128 bits of deterministic hash as 32 hex digits. */
export function hash128(text: string): string {
  const bases = [0x811c9dc5, 0x01000193 ^ 0x5bd1e995, 0x9e3779b9, 0x7f4a7c15];
  return bases.map((b, i) => fnv1a(`${i}|${text}`, b).toString(16).padStart(8, '0')).join('');
}

/** Formats 32 hex digits as a version-4-shaped GUID. */
function asGuid(hex: string): string {
  const h = hex.split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** The user's stable key within a provider: sub, else user_id/username, else every claim. */
function userKey(claims: Record<string, unknown>): string {
  for (const k of [
    'sub',
    'user_id',
    'cognito:username',
    'username',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  ]) {
    if (typeof claims[k] === 'string' && claims[k]) return `${k}=${claims[k] as string}`;
  }
  const keys = Object.keys(claims)
    .filter((k) => !['exp', 'iat', 'auth_time', 'jti', 'nbf', 'event_id', 'origin_jti'].includes(k))
    .sort();
  return keys.map((k) => `${k}=${JSON.stringify(claims[k])}`).join('&');
}

/**
 * The derived identity id: `REGION:GUID` where REGION is the pool's and GUID a hash of pool, provider and user.
 * A guest has no claims: the id is then the same for every guest of the pool (a real guest gets a fresh one).
 */
export function deriveIdentityId(
  identityPoolId: string,
  provider: string | null,
  claims: Record<string, unknown>,
): string {
  const colon = identityPoolId.indexOf(':');
  const region = colon > 0 ? identityPoolId.slice(0, colon) : 'us-east-1';
  const seed = `${identityPoolId}\n${provider ?? '(guest)'}\n${userKey(claims)}`;
  return `${region}:${asGuid(hash128(seed))}`;
}
