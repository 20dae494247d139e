/**
 * trust-missing-aud states what AWS documents for a Cognito trust statement without an aud condition, and rates it
 * from that:
 * - cross-account basic-flow requests need both aud and amr conditions, so only pools of the role's own account get in
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 * - without aud "a user from an unintended identity pool can assume the role" (the basic flow names the role)
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 * - IAM now refuses to save such a trust policy https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
import { describe, expect, it } from 'vitest';
import { auditWorkspace } from '../../../../policy-engine/analysis/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const A = '111122223333';
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const OTHER = 'us-east-1:99999999-2222-3333-4444-555555555555';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const openTrust = (condition?: Record<string, unknown>) =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(condition ? { Condition: condition } : {}),
  });

function workspace(opts: { otherPoolBasic: boolean; roleAccount?: string; negated?: boolean }): Workspace {
  const roleArn = `arn:aws:iam::${opts.roleAccount ?? A}:role/App`;
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: false,
        Roles: { authenticated: roleArn },
      },
      {
        IdentityPoolId: OTHER,
        IdentityPoolName: 'other-app',
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: opts.otherPoolBasic,
        Roles: {},
      },
    ],
    iam: {
      RoleDetailList: [
        {
          RoleName: 'App',
          Arn: roleArn,
          RolePolicyList: [],
          AssumeRolePolicyDocument: openTrust(
            opts.negated ? { StringNotEquals: { 'cognito-identity.amazonaws.com:aud': OTHER } } : undefined,
          ),
        },
      ],
    },
  } as Workspace;
}
const now = new Date('2026-12-07T08:00:00Z');
const findings = (ws: Workspace) =>
  auditWorkspace(prepareWorkspace(ws), { now, rules: ['trust-missing-aud'] }).findings;

describe('trust-missing-aud', () => {
  it('high when another pool of the workspace, in the role account, has the basic flow on — and it is named', () => {
    const [f] = findings(workspace({ otherPoolBasic: true }));
    expect(f.severity).toBe('high');
    expect(f.message).toContain(
      `Users of any identity pool in account ${A} — in this workspace other-app, whose basic flow is on`,
    );
    expect(f.message).toContain(
      'A pool in another account cannot: STS requires cross-account basic-flow requests to pass both an aud and an amr condition',
    );
    expect(f.message).not.toContain('attacker');
  });

  it('medium when no such pool is in the workspace: the exposure is a pool of that account outside it', () => {
    const [f] = findings(workspace({ otherPoolBasic: false }));
    expect(f.severity).toBe('medium');
    expect(f.message).toContain("another app's pool, or one created later");
  });

  it('a role of another account: the workspace pools are not of its account, medium', () => {
    const [f] = findings(workspace({ otherPoolBasic: true, roleAccount: '444455556666' }));
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('identity pool in account 444455556666');
  });

  it('a negated aud condition pins nothing: flagged, and said so', () => {
    const [f] = findings(workspace({ otherPoolBasic: true, negated: true }));
    expect(f.message).toContain('with only a negated condition on cognito-identity.amazonaws.com:aud');
  });

  it('safe twin: an aud condition naming the pool', () => {
    const ws = workspace({ otherPoolBasic: true });
    (ws.iam!.RoleDetailList![0] as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument = openTrust({
      StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL },
    });
    expect(findings(ws)).toEqual([]);
  });
});
