/**
 * The claims editor's model: key/value rows ↔ a claims object, and a pasted JWT decoded for display.
 * A value that looks like a list (`a, b` for `cognito:groups`, or a JSON array) becomes an array.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';

/** One editable claim row. `value` is what the user typed; `array` marks a multi-valued claim. */
export interface ClaimRow {
  key: string;
  value: string;
  array: boolean;
}

/** Claims that are lists in Cognito tokens. */
const ARRAY_CLAIMS = new Set(['cognito:groups', 'cognito:roles', 'amr', 'https://aws.amazon.com/saml/attributes/role']);

/** Whether a claim is usually an array (so a new row for it starts as one). */
export function isArrayClaim(key: string): boolean {
  return ARRAY_CLAIMS.has(key.toLowerCase());
}

/** Rows → claims. Empty keys are dropped; array rows split on commas (or parse a JSON array); a later duplicate wins. */
export function rowsToClaims(rows: ClaimRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    out[key] = row.array ? splitList(row.value) : row.value;
  }
  return { ...out };
}

/** A list claim's value: a JSON array, or names separated by commas. */
function splitList(value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    } catch {
      // fall through to comma splitting
    }
  }
  return splitNames(v);
}

/** Splits "a, b ,c" into names (empty parts dropped). */
export function splitNames(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Claims → rows (arrays joined with ", ", other non-strings as JSON). */
export function claimsToRows(claims: Record<string, unknown>): ClaimRow[] {
  return Object.entries(claims).map(([key, value]) =>
    Array.isArray(value)
      ? { key, value: value.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', '), array: true }
      : { key, value: typeof value === 'string' ? value : JSON.stringify(value), array: false },
  );
}

/** A decoded JWT for display. */
export type DecodedToken =
  | {
      ok: true;
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      expires: string | null;
      expired: boolean | null;
      issuer: string | null;
    }
  | { ok: false; error: string };

/** Decodes a JWT (signature not checked: it cannot be offline) and says when it expires relative to `now`. */
export function decodeToken(token: string, now: Date): DecodedToken {
  const t = token.trim().replace(/^Bearer\s+/i, '');
  if (!t) return { ok: false, error: 'Paste an ID token (three base64url parts separated by dots).' };
  if (t.length > 50_000)
    return { ok: false, error: `The token is ${t.length} characters long; Cognito accepts at most 50 000.` };
  try {
    const header = decodeProtectedHeader(t) as Record<string, unknown>;
    const claims = decodeJwt(t) as Record<string, unknown>;
    const exp = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
    return {
      ok: true,
      header,
      claims,
      expires: exp ? exp.toISOString() : null,
      expired: exp ? exp.getTime() <= now.getTime() : null,
      issuer: typeof claims.iss === 'string' ? claims.iss : null,
    };
  } catch (e) {
    return { ok: false, error: `This is not a JWT: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The Logins key a token's issuer stands for (`https://cognito-idp.R.amazonaws.com/POOL` → without the scheme). */
export function loginsKeyOfIssuer(issuer: string): string {
  return issuer.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}
