import { describe, expect, it } from 'vitest';
import {
  claimsToRows,
  decodeToken,
  isArrayClaim,
  loginsKeyOfIssuer,
  rowsToClaims,
} from '../../../../../renderer/src/features/identity/claims';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(claims)}.c2ln`;

describe('claims rows', () => {
  it('turns rows into claims: arrays split on commas or JSON, empty keys dropped, last duplicate wins', () => {
    expect(
      rowsToClaims([
        { key: 'sub', value: 'abc', array: false },
        { key: 'cognito:groups', value: 'admins, editors', array: true },
        { key: 'roles', value: '["a","b"]', array: true },
        { key: ' ', value: 'x', array: false },
        { key: 'sub', value: 'def', array: false },
      ]),
    ).toEqual({ sub: 'def', 'cognito:groups': ['admins', 'editors'], roles: ['a', 'b'] });
  });

  it('round-trips claims through rows', () => {
    const claims = { sub: 'abc', 'cognito:groups': ['admins'], email_verified: true };
    expect(rowsToClaims(claimsToRows(claims))).toEqual({
      sub: 'abc',
      'cognito:groups': ['admins'],
      email_verified: 'true',
    });
    expect(isArrayClaim('cognito:groups')).toBe(true);
    expect(isArrayClaim('sub')).toBe(false);
  });

  it('does not let a __proto__ claim touch prototypes', () => {
    const c = rowsToClaims([{ key: '__proto__', value: 'x', array: false }]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.keys(c)).toEqual(['__proto__']);
  });
});

describe('decodeToken', () => {
  it('decodes header and claims and says whether it has expired', () => {
    const t = jwt({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X', exp: 1_800_000_000, sub: 'u' });
    const before = decodeToken(t, new Date(1_700_000_000_000));
    expect(before).toMatchObject({
      ok: true,
      expired: false,
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X',
      header: { kid: 'k1' },
    });
    expect(decodeToken(`Bearer ${t}`, new Date(1_900_000_000_000))).toMatchObject({ ok: true, expired: true });
  });

  it('says what is wrong with a non-token', () => {
    expect(decodeToken('', new Date(0)).ok).toBe(false);
    const bad = decodeToken('not.a.jwt', new Date(0));
    expect(!bad.ok && bad.error).toMatch(/not a JWT/);
  });

  it('maps an issuer URL to its Logins key', () => {
    expect(loginsKeyOfIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X/')).toBe(
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_X',
    );
  });
});
