/**
 * Reading the identity's claims: given directly, or decoded from a pasted JWT and checked the way Cognito checks
 * a login token (SEMANTICS.md §A2.2). The signature cannot be checked offline.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { AwsError, ResolutionStep } from '../model/request';
import { cognitoErrors } from './errors';
import type { ProviderKind } from './providers';
import { stripScheme } from './providers';

/** Claims read from the identity input. */
export type ClaimsRead =
  | {
      ok: true;
      claims: Record<string, unknown>;
      fromToken: boolean;
      header?: Record<string, unknown>;
      steps: ResolutionStep[];
      notes: string[];
    }
  | { ok: false; error: AwsError; steps: ResolutionStep[]; notes: string[] };

/** The longest Logins token AWS accepts (API model: 1–50 000 characters). */
const MAX_TOKEN_LENGTH = 50_000;

/** Providers whose Logins token is an opaque access token, not a JWT. */
const OPAQUE: ProviderKind[] = ['facebook', 'amazon', 'twitter', 'digits', 'saml'];

/** Reads the claims: the token (decoded, never verified) wins over `claims` when both are given. */
export function readClaims(input: { claims?: unknown; token?: unknown }, kind: ProviderKind | null): ClaimsRead {
  const steps: ResolutionStep[] = [];
  const notes: string[] = [];
  if (input.token === undefined || input.token === null || input.token === '') {
    const claims = plainClaims(input.claims);
    if (input.claims !== undefined && claims === null) {
      return {
        ok: false,
        error: {
          code: 'InvalidParameterException',
          message: 'identity.claims must be a JSON object of claim names to values.',
        },
        steps,
        notes,
      };
    }
    if (claims)
      steps.push({
        kind: 'token',
        status: 'info',
        message:
          "Claims were given directly: no signature or expiry check; an iss or aud they carry is checked as a token's.",
      });
    return { ok: true, claims: claims ?? {}, fromToken: false, steps, notes };
  }
  if (typeof input.token !== 'string') {
    return {
      ok: false,
      error: cognitoErrors.malformedToken(),
      steps: [{ kind: 'token', status: 'failed', message: 'identity.token must be a string (a JWT).' }],
      notes,
    };
  }
  const token = input.token.trim();
  if (token.length > MAX_TOKEN_LENGTH) {
    return {
      ok: false,
      error: cognitoErrors.malformedToken(),
      steps: [
        {
          kind: 'token',
          status: 'failed',
          message: `The token is ${token.length} characters long; Cognito accepts at most ${MAX_TOKEN_LENGTH}.`,
        },
      ],
      notes,
    };
  }
  if (input.claims !== undefined) notes.push("Both a token and claims were given; the token's claims were used.");
  try {
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    const claims = decodeJwt(token) as Record<string, unknown>;
    notes.push("The token's signature was not checked (offline).");
    steps.push({
      kind: 'token',
      status: 'ok',
      message: `Decoded the token (alg ${String(header.alg ?? '?')}${header.kid ? `, kid ${String(header.kid)}` : ''}); its signature was not checked (offline).`,
    });
    return { ok: true, claims: { ...claims }, header, fromToken: true, steps, notes };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const hint =
      kind && OPAQUE.includes(kind)
        ? ` ${kind === 'saml' ? 'A SAML assertion' : "This provider's login token"} is not a JWT and cannot be read offline; give its claims as identity.claims instead.`
        : '';
    steps.push({ kind: 'token', status: 'failed', message: `The token could not be decoded as a JWT: ${why}.${hint}` });
    return { ok: false, error: cognitoErrors.malformedToken(), steps, notes };
  }
}

/** What the token is checked against. */
export interface TokenExpectation {
  kind: ProviderKind;
  /** The Logins key (canonical). */
  loginsKey: string;
  /** Accepted client ids; empty = cannot be checked here. */
  clientIds: string[];
  /** Whether the pool is in the workspace (else client ids are unknown). */
  poolKnown: boolean;
}

/**
 * Checks a decoded token as Cognito does: aud present, iss matches the Logins key, aud is a configured client,
 * not expired. Returns the first failure in AWS's words, or null.
 */
export function checkToken(
  claims: Record<string, unknown>,
  expect: TokenExpectation,
  now: Date,
): { error: AwsError | null; steps: ResolutionStep[]; notes: string[] } {
  const steps: ResolutionStep[] = [];
  const notes: string[] = [];
  const fail = (error: AwsError, message: string) => {
    steps.push({ kind: 'token', status: 'failed', message });
    return { error, steps, notes };
  };
  const auds = audiences(claims);
  const jwtProvider =
    expect.kind === 'userPool' || expect.kind === 'google' || expect.kind === 'apple' || expect.kind === 'oidc';
  if (jwtProvider && auds.length === 0) {
    // A user-pool access token carries client_id, not aud (amazon-cognito-identity-js#7).
    const access = claims.token_use === 'access' ? ' (this is an access token; Cognito needs the ID token)' : '';
    return fail(cognitoErrors.missingClaim('aud'), `The token has no aud claim${access}.`);
  }
  const expectedIssuer = issuerFor(expect);
  if (expectedIssuer !== null) {
    if (typeof claims.iss !== 'string') return fail(cognitoErrors.missingClaim('iss'), 'The token has no iss claim.');
    if (stripScheme(claims.iss) !== expectedIssuer) {
      return fail(
        cognitoErrors.issuerMismatch(),
        `The token's issuer ${claims.iss} does not match the provider ${expect.loginsKey}.`,
      );
    }
    steps.push({ kind: 'token', status: 'ok', message: `Issuer ${claims.iss} matches the provider.` });
  }
  if (expect.clientIds.length > 0) {
    const azp = typeof claims.azp === 'string' ? [claims.azp] : [];
    const ok = [...auds, ...azp].some((a) => expect.clientIds.includes(a));
    if (!ok) {
      return fail(
        cognitoErrors.unsupportedProvider(),
        `The token's audience ${JSON.stringify(auds.length === 1 ? auds[0] : auds)} is not a client configured for ${expect.loginsKey} on this pool (${expect.clientIds.join(', ')}).`,
      );
    }
    steps.push({
      kind: 'token',
      status: 'ok',
      message: `Audience ${auds.join(', ')} is a configured client of ${expect.loginsKey}.`,
    });
  } else if (auds.length > 0) {
    notes.push(
      expect.poolKnown
        ? `The token's audience could not be checked here (the client ids of ${expect.loginsKey} live on the IAM OIDC provider, not in the workspace).`
        : "The token's audience could not be checked: the identity pool is not in the workspace.",
    );
  }
  if (claims.exp !== undefined) {
    const exp = Number(claims.exp);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    // OIDC tokens get five minutes of clock skew (SEMANTICS §A2.2).
    const skew = expect.kind === 'oidc' ? 300 : 0;
    if (!Number.isFinite(exp))
      return fail(
        cognitoErrors.malformedToken(),
        `The token's exp claim ${JSON.stringify(claims.exp)} is not a number.`,
      );
    if (nowSeconds >= exp + skew) {
      return fail(
        cognitoErrors.tokenExpired(nowSeconds, exp),
        `The token expired at ${isoOf(exp)}; the evaluation time is ${isoOf(nowSeconds)}.`,
      );
    }
    steps.push({ kind: 'token', status: 'ok', message: `The token is valid until ${isoOf(exp)}.` });
  }
  return { error: null, steps, notes };
}

/**
 * Checks claims given directly (CONTRACT §3): they skip what only a real token has (signature, expiry), but an `iss`
 * or `aud` they carry is checked as a token's is, with Cognito's error. A claim they do not carry is not required.
 */
export function checkGivenClaims(
  claims: Record<string, unknown>,
  expect: TokenExpectation,
): { error: AwsError | null; steps: ResolutionStep[]; notes: string[] } {
  const steps: ResolutionStep[] = [];
  const fail = (error: AwsError, message: string) => {
    steps.push({ kind: 'token', status: 'failed', message });
    return { error, steps, notes: [] };
  };
  const expectedIssuer = issuerFor(expect);
  if (expectedIssuer !== null && typeof claims.iss === 'string') {
    if (stripScheme(claims.iss) !== expectedIssuer)
      return fail(
        cognitoErrors.issuerMismatch(),
        `The claims' issuer ${claims.iss} does not match the provider ${expect.loginsKey}; Cognito refuses a token with this iss.`,
      );
    steps.push({ kind: 'token', status: 'ok', message: `Issuer ${claims.iss} matches the provider.` });
  }
  const auds = audiences(claims);
  if (auds.length > 0 && expect.clientIds.length > 0) {
    const azp = typeof claims.azp === 'string' ? [claims.azp] : [];
    if (![...auds, ...azp].some((a) => expect.clientIds.includes(a)))
      return fail(
        cognitoErrors.unsupportedProvider(),
        `The claims' audience ${JSON.stringify(auds.length === 1 ? auds[0] : auds)} is not a client configured for ${expect.loginsKey} on this pool (${expect.clientIds.join(', ')}); Cognito refuses a token with this aud.`,
      );
    steps.push({
      kind: 'token',
      status: 'ok',
      message: `Audience ${auds.join(', ')} is a configured client of ${expect.loginsKey}.`,
    });
  }
  return { error: null, steps, notes: [] };
}

/** Epoch seconds as ISO text, or the number itself when out of Date's range. */
function isoOf(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? `${seconds} (epoch seconds)` : d.toISOString();
}

/** The aud claim as a list. */
export function audiences(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** The issuer (without scheme) a provider's tokens carry; null when it cannot be told. */
function issuerFor(expect: TokenExpectation): string | null {
  switch (expect.kind) {
    case 'userPool':
    case 'oidc':
      return stripScheme(expect.loginsKey);
    case 'google':
      return 'accounts.google.com';
    case 'apple':
      return 'appleid.apple.com';
    default:
      return null;
  }
}

/** Claims as a null-prototype-safe plain object, or null when not an object. */
function plainClaims(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === '__proto__') continue;
    out[k] = v;
  }
  return out;
}
