import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { debugRequest } from '../../../../../renderer/src/features/debug/debug-request';
import type { AccessDeniedInfo } from '../../../../../renderer/src/features/debug/access-denied';

const demo = JSON.parse(
  readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const info: AccessDeniedInfo = {
  principal: 'arn:aws:sts::123456789012:assumed-role/AppAdmin/CognitoIdentityCredentials',
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::demo-app-user-files/x',
  kind: 'implicitDeny',
  policyType: 'identity',
  policyArn: null,
  code: null,
};
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('debugRequest', () => {
  it('runs as the role session when no token is given', () => {
    const plain = { ...info, principal: 'arn:aws:sts::123456789012:assumed-role/AppAdmin/my-session' };
    expect(debugRequest(plain, '', demo)).toEqual({
      request: { action: 's3:PutObject', resource: 'arn:aws:s3:::demo-app-user-files/x', principal: plain.principal },
      via: `as ${plain.principal}`,
    });
  });

  // Cognito's enhanced flow names the session CognitoIdentityCredentials and passes a scope-down session policy for
  // guests only: https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
  it("runs a CognitoIdentityCredentials session of a pool's unauthenticated role as that pool's guest, and says so", () => {
    const guest = { ...info, principal: 'arn:aws:sts::123456789012:assumed-role/AppGuest/CognitoIdentityCredentials' };
    const r = debugRequest(guest, '', demo);
    expect('request' in r && r.request).toMatchObject({
      action: 's3:PutObject',
      resource: info.resource,
      identity: { identityPoolId: demo.identityPools![0].IdentityPoolId, provider: null },
    });
    expect(r).toMatchObject({
      via: expect.stringMatching(/^as a guest of pool /),
      note: expect.stringMatching(/unauthenticated role.*scope-down/),
    });
  });

  it("runs an authenticated or rule-mapped role's Cognito session as the role session, with a note that no scope-down applies", () => {
    expect(debugRequest(info, '', demo)).toMatchObject({
      request: { principal: info.principal },
      note: expect.stringMatching(/role-mapping rule.*no session policy/),
    });
    const user = { ...info, principal: 'arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials' };
    expect(debugRequest(user, '', demo)).toMatchObject({
      request: { principal: user.principal },
      note: expect.stringMatching(/authenticated role.*ID token/),
    });
  });

  // A Cognito session always carries cognito-identity.amazonaws.com:sub/aud/amr, so the run never "lacks" the sub:
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
  it("gives a signed-in Cognito session the identity's keys: the id entered, else one that owns none of the ids in the resource", () => {
    const pool = demo.identityPools![0].IdentityPoolId;
    const owner = 'us-east-1:22222222-2222-4222-8222-222222222222';
    const user = {
      ...info,
      principal: 'arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials',
      resource: `arn:aws:s3:::demo-app-user-files/private/${owner}/a.jpg`,
    };
    const given = debugRequest(user, '', demo, owner);
    expect('request' in given && given.request.context).toEqual({
      'cognito-identity.amazonaws.com:sub': owner,
      'cognito-identity.amazonaws.com:aud': pool,
      'cognito-identity.amazonaws.com:amr': ['authenticated'],
    });
    const unknown = debugRequest(user, '', demo);
    const sub = 'request' in unknown ? unknown.request.context?.['cognito-identity.amazonaws.com:sub'] : undefined;
    expect(sub).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(sub).not.toBe(owner);
    expect(unknown).toMatchObject({ note: expect.stringContaining(`other than ${owner}`) });
    expect(JSON.stringify(unknown)).not.toMatch(/unresolved/);
  });

  it('does not take a guest pool that refuses guests, nor another session name, as a guest', () => {
    const guest = { ...info, principal: 'arn:aws:sts::123456789012:assumed-role/AppGuest/CognitoIdentityCredentials' };
    const closed = { ...demo, identityPools: [{ ...demo.identityPools![0], AllowUnauthenticatedIdentities: false }] };
    expect(debugRequest(guest, '', closed)).toMatchObject({
      request: { principal: guest.principal },
      note: expect.stringMatching(/does not allow guests/),
    });
    const other = { ...info, principal: 'arn:aws:sts::123456789012:assumed-role/AppGuest/other' };
    expect(debugRequest(other, '', demo)).toEqual({
      request: { action: 's3:PutObject', resource: info.resource, principal: other.principal },
      via: `as ${other.principal}`,
    });
  });

  it("runs as the token's identity in the pool that gives the session's role (here through a mapping rule)", () => {
    const token = `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234', sub: 'u' })}.c2ln`;
    const r = debugRequest(info, token, demo);
    expect('request' in r && r.request.identity).toEqual({
      identityPoolId: demo.identityPools![0].IdentityPoolId,
      provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
      token,
    });
  });

  it('says what is wrong with a token that is not a JWT or a workspace without a pool', () => {
    expect(debugRequest(info, 'nope', demo)).toMatchObject({ error: expect.stringMatching(/not a JWT/) });
    const token = `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://x' })}.c2ln`;
    expect(debugRequest(info, token, { ...demo, identityPools: [] })).toMatchObject({
      error: expect.stringMatching(/no identity pool/),
    });
  });
});
