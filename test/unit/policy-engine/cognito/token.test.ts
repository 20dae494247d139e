import { describe, expect, it } from 'vitest';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { resolveIdentity } from '../../../../policy-engine/cognito/index';
import { readClaims } from '../../../../policy-engine/cognito/token';
import { CLIENT, idClaims, jwt, NOW, POOL_ID, pool, roleArn, USER_POOL, workspace } from './helpers';

// SEMANTICS §A2.2: token preconditions, with the error texts seen in the wild (amplify-js#2067,
// amazon-cognito-identity-js#7, aws-sdk-ios#2570) and CONTRACT §3 (signature not checked offline).
const pw = prepareWorkspace(workspace());
const resolve = (identity: Record<string, unknown>, now = NOW) =>
  resolveIdentity(pw, { identityPoolId: POOL_ID, provider: USER_POOL, ...identity }, { now, explain: true });

describe('a pasted JWT is decoded, never verified (CONTRACT §3)', () => {
  it('decodes the claims and says the signature was not checked', () => {
    const r = resolve({ token: jwt(idClaims()) });
    expect(r.resolution.outcome).toBe('role');
    expect(r.roleArn).toBe(roleArn('AppAuth'));
    expect(r.claims.sub).toBe(idClaims().sub);
    expect(r.notes).toContain("The token's signature was not checked (offline).");
  });

  it.each(['not a jwt', 'a.b', 'eyJ.eyJ.x', '', '....'])(
    'a malformed token %j gives a clear NotAuthorized error, never a throw',
    (token) => {
      const r = resolve({ token: token || '.' });
      expect(r.resolution.outcome).toBe('denied');
      expect(r.resolution.error?.code).toBe('NotAuthorizedException');
      expect(r.resolution.error?.message).toMatch(/^Invalid login token\./);
      expect(r.principal).toBeNull();
      expect(r.resolution.trace?.some((s) => s.kind === 'token' && s.status === 'failed')).toBe(true);
    },
  );

  it('a token over 50 000 characters (API model limit) is refused', () => {
    const r = readClaims({ token: 'a'.repeat(50_001) }, 'userPool');
    expect(r.ok).toBe(false);
  });

  it('a non-string token is refused without throwing', () => {
    expect(readClaims({ token: 42 }, 'userPool').ok).toBe(false);
  });

  it('claims that are not an object are refused', () => {
    const r = resolve({ claims: ['sub'] });
    expect(r.resolution.error?.code).toBe('InvalidParameterException');
  });
});

describe('token checks as Cognito makes them (SEMANTICS §A2.2)', () => {
  // OBS amazon-cognito-identity-js#7: a user-pool access token has client_id but no aud.
  it('an access token: "Invalid login token. Missing a required claim: aud"', () => {
    const { aud: _aud, ...rest } = idClaims({ token_use: 'access', client_id: CLIENT });
    const r = resolve({ token: jwt(rest) });
    expect(r.resolution.error).toEqual({
      code: 'NotAuthorizedException',
      message: 'Invalid login token. Missing a required claim: aud',
    });
    expect(r.resolution.trace?.at(-1)?.message).toMatch(/access token/);
  });

  // OBS amplify-js#2067: wrong client id → not a supported provider.
  it('aud that is not a configured client: "Token is not from a supported provider of this identity pool."', () => {
    const r = resolve({ token: jwt(idClaims({ aud: 'someotherclient' })) });
    expect(r.resolution.error).toEqual({
      code: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    });
  });

  it('iss of another user pool: "Invalid login token. Issuer doesn\'t match providerName"', () => {
    const r = resolve({ token: jwt(idClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })) });
    expect(r.resolution.error).toEqual({
      code: 'NotAuthorizedException',
      message: "Invalid login token. Issuer doesn't match providerName",
    });
  });

  // OBS aws-sdk-ios#2570: "Invalid login token. Token expired: 1589092400 >= 1589092129" (now >= exp).
  it('an expired token: "Invalid login token. Token expired: <now> >= <exp>", judged at opts.now', () => {
    const exp = Math.floor(NOW.getTime() / 1000) - 60;
    const r = resolve({ token: jwt(idClaims({ exp })) });
    expect(r.resolution.error?.code).toBe('NotAuthorizedException');
    expect(r.resolution.error?.message).toBe(`Invalid login token. Token expired: ${exp + 60} >= ${exp}`);
    const earlier = resolve({ token: jwt(idClaims({ exp })) }, new Date((exp - 10) * 1000));
    expect(earlier.resolution.outcome).toBe('role');
  });

  // CONTRACT §3: claims given directly skip only what a real token alone has (signature, expiry); an aud or iss they
  // carry is checked as a token's is. https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-integrating-user-pools-with-identity-pools.html
  it('claims given directly skip the expiry check (only a real token expires)', () => {
    const r = resolve({ claims: idClaims({ exp: 1 }) });
    expect(r.resolution.outcome).toBe('role');
    expect(r.resolution.trace?.[1]?.message ?? '').toMatch(/no signature or expiry check/);
  });

  it("claims given directly with another issuer get noCredentials, with Cognito's issuer error", () => {
    const r = resolve({ claims: idClaims({ iss: 'https://elsewhere.example' }) });
    expect(r.resolution.outcome).toBe('denied');
    expect(r.resolution.error?.code).toBe('NotAuthorizedException');
    expect(r.principal).toBeNull();
    expect(r.resolution.trace?.some((s) => s.status === 'failed' && /issuer/.test(s.message))).toBe(true);
  });

  it("claims given directly with an aud that is not one of the pool's app clients get noCredentials, as Cognito refuses", () => {
    const r = resolve({ claims: idClaims({ aud: 'otherclient' }) });
    expect(r.resolution.outcome).toBe('denied');
    expect(r.resolution.error?.message).toBe('Token is not from a supported provider of this identity pool.');
    expect(r.principal).toBeNull();
  });

  it('claims given directly without aud or iss are not refused for it (nothing to check)', () => {
    const claims: Record<string, unknown> = { ...idClaims() };
    delete claims.aud;
    delete claims.iss;
    expect(resolve({ claims }).resolution.outcome).toBe('role');
  });

  it('a Logins key that is not configured on the pool: "Token is not from a supported provider of this identity pool."', () => {
    const r = resolve({ provider: 'accounts.google.com', claims: { sub: '1' } });
    expect(r.resolution.error?.message).toBe('Token is not from a supported provider of this identity pool.');
    expect(r.resolution.trace?.[0]).toMatchObject({ kind: 'provider', status: 'failed' });
  });

  it('Google ID token: iss accounts.google.com and aud = the configured app id', () => {
    const g = prepareWorkspace(
      workspace(pool({ SupportedLoginProviders: { 'accounts.google.com': 'g-app.apps.googleusercontent.com' } })),
    );
    const claims = {
      iss: 'https://accounts.google.com',
      aud: 'g-app.apps.googleusercontent.com',
      sub: '1234',
      exp: Math.floor(NOW.getTime() / 1000) + 60,
    };
    const ok = resolveIdentity(
      g,
      { identityPoolId: POOL_ID, provider: 'accounts.google.com', token: jwt(claims) },
      { now: NOW },
    );
    expect(ok.roleArn).toBe(roleArn('AppAuth'));
    const bad = resolveIdentity(
      g,
      { identityPoolId: POOL_ID, provider: 'accounts.google.com', token: jwt({ ...claims, aud: 'x' }) },
      { now: NOW },
    );
    expect(bad.resolution.error?.message).toBe('Token is not from a supported provider of this identity pool.');
  });

  it('a Facebook token is opaque: the error says to give its claims instead', () => {
    const f = prepareWorkspace(workspace(pool({ SupportedLoginProviders: { 'graph.facebook.com': '1234567890' } })));
    const r = resolveIdentity(
      f,
      { identityPoolId: POOL_ID, provider: 'graph.facebook.com', token: 'EAAGm0PX4ZCpsBAOpaque' },
      { now: NOW },
    );
    expect(r.resolution.error?.code).toBe('NotAuthorizedException');
    expect(r.resolution.trace?.some((s) => /give its claims/.test(s.message))).toBe(true);
  });
});
