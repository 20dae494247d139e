import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { debugRequest } from '../../../../../renderer/src/features/debug/debug-request';
import type { AccessDeniedInfo } from '../../../../../renderer/src/features/debug/access-denied';

const demo = JSON.parse(readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8')) as Workspace;
const info: AccessDeniedInfo = { principal: 'arn:aws:sts::123456789012:assumed-role/AppAdmin/CognitoIdentityCredentials', action: 's3:PutObject', resource: 'arn:aws:s3:::demo-app-user-files/x', kind: 'implicitDeny', policyType: 'identity', policyArn: null, code: null };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('debugRequest', () => {
  it('runs as the role session when no token is given', () => {
    expect(debugRequest(info, '', demo)).toEqual({ request: { action: 's3:PutObject', resource: 'arn:aws:s3:::demo-app-user-files/x', principal: info.principal }, via: `as ${info.principal}` });
  });

  it('runs as the token\'s identity in the pool that gives the session\'s role (here through a mapping rule)', () => {
    const token = `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234', sub: 'u' })}.c2ln`;
    const r = debugRequest(info, token, demo);
    expect('request' in r && r.request.identity).toEqual({ identityPoolId: demo.identityPools![0].IdentityPoolId, provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234', token });
  });

  it('says what is wrong with a token that is not a JWT or a workspace without a pool', () => {
    expect(debugRequest(info, 'nope', demo)).toMatchObject({ error: expect.stringMatching(/not a JWT/) });
    const token = `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://x' })}.c2ln`;
    expect(debugRequest(info, token, { ...demo, identityPools: [] })).toMatchObject({ error: expect.stringMatching(/no identity pool/) });
  });
});
