/**
 * An identity of a pool the workspace does not hold (CONTRACT §2): it stands for a pool someone else controls, so only
 * the basic flow applies and the role's trust policy decides. QA found a guest of such a pool answered with STS's raw
 * "ValidationError: … Value null at 'roleArn' …".
 * Basic flow: https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 * Trust without aud: https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 */
import { describe, expect, it } from 'vitest';
import { resolveIdentity } from '../../../../policy-engine/cognito/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { cognitoTrust, defaultRoles, NOW, role, roleArn, workspace } from './helpers';

const ATTACKER_POOL = 'us-east-1:a77ac4e5-0000-4000-8000-00000000bad1';
const files = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-files/*' }],
};
/** A legacy trust policy: the Cognito federated principal, no aud condition (any pool's token is accepted). */
const noAudTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
    },
  ],
};
const pw = prepareWorkspace(
  workspace(undefined, [
    ...defaultRoles(),
    role('Legacy', noAudTrust, { files }),
    role('Scoped', cognitoTrust('unauthenticated'), { files }),
  ]),
);

describe('a pool the workspace does not hold: only the basic flow (CONTRACT §2; https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html)', () => {
  it.each([
    ['a guest', { identityPoolId: ATTACKER_POOL }],
    ['a guest asking for the enhanced flow', { identityPoolId: ATTACKER_POOL, flow: 'enhanced' as const }],
    [
      'a user of some provider',
      {
        identityPoolId: ATTACKER_POOL,
        provider: 'accounts.google.com',
        claims: { sub: 'x', aud: 'y', iss: 'accounts.google.com' },
      },
    ],
  ])(
    "%s without identity.roleArn gets a clear InvalidParameterException, not STS's null-roleArn ValidationError",
    (_name, identity) => {
      const r = resolveIdentity(pw, identity, { now: NOW });
      expect(r.resolution.outcome).toBe('denied');
      expect(r.resolution.error?.code).toBe('InvalidParameterException');
      expect(r.resolution.error?.message).toMatch(/not in the workspace/);
      expect(r.resolution.error?.message).toMatch(/only the basic flow/i);
      expect(r.resolution.error?.message).toContain('identity.roleArn');
      expect(r.resolution.error?.message).toContain('flow: "basic"');
      expect(r.resolution.error?.message).not.toMatch(/Value null/);
      const a = evaluateRequest(
        pw,
        { identity, action: 's3:GetObject', resource: 'arn:aws:s3:::app-files/k' },
        { now: NOW },
      );
      expect(a.decision).toBe('noCredentials');
      expect(a.message).toMatch(/not in the workspace/);
    },
  );

  // THE classic case: a trust policy without an aud condition accepts a token from any pool, including an attacker's
  // pool in another account, through the basic flow (identity-pools-security-best-practices).
  it("an attacker's pool reaches a role whose trust policy has no aud condition (basic flow with roleArn)", () => {
    const identity = { identityPoolId: ATTACKER_POOL, flow: 'basic' as const, roleArn: roleArn('Legacy') };
    const r = resolveIdentity(pw, identity, { now: NOW });
    expect(r.resolution).toMatchObject({ outcome: 'role', source: 'basic', trust: 'allowed', error: null });
    expect(r.roleArn).toBe(roleArn('Legacy'));
    const a = evaluateRequest(
      pw,
      { identity, action: 's3:GetObject', resource: 'arn:aws:s3:::app-files/k' },
      { now: NOW },
    );
    expect(a.decision).toBe('allowed');
    expect(a.principalArn).toMatch(/assumed-role\/Legacy\//);
  });

  it('the same attacker is refused by a role whose trust policy pins aud to our pool (the trust policy decides)', () => {
    const identity = { identityPoolId: ATTACKER_POOL, flow: 'basic' as const, roleArn: roleArn('Scoped') };
    const r = resolveIdentity(pw, identity, { now: NOW });
    expect(r.resolution).toMatchObject({ outcome: 'denied', source: 'basic', trust: 'denied' });
    expect(r.resolution.error?.code).toBe('AccessDenied');
    expect(r.roleArn).toBe(roleArn('Scoped'));
    const a = evaluateRequest(
      pw,
      { identity, action: 's3:GetObject', resource: 'arn:aws:s3:::app-files/k' },
      { now: NOW },
    );
    expect(a.decision).toBe('noCredentials');
  });

  it("a pool the workspace holds keeps STS's own error for a basic-flow request without roleArn", () => {
    const held = prepareWorkspace(workspace(undefined, defaultRoles()));
    const pool = held.workspace.identityPools![0];
    const open = prepareWorkspace({ ...held.workspace, identityPools: [{ ...pool, AllowClassicFlow: true }] });
    const r = resolveIdentity(open, { identityPoolId: pool.IdentityPoolId, flow: 'basic' }, { now: NOW });
    expect(r.resolution.error?.code).toBe('ValidationError');
  });
});
