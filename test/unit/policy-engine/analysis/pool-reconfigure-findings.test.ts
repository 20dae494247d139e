/**
 * cognito-role-reconfigures-pool (directly and through a role chain) and pool-guests-without-role.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html
 */
import { describe, expect, it } from 'vitest';
import { auditWorkspace } from '../../../../policy-engine/analysis/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const A = '111122223333';
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const arn = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const cognitoTrust = (amr: string) =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    },
  });
const role = (name: string, statements: unknown[], trust: unknown) => ({
  RoleName: name,
  Arn: arn(name),
  RolePolicyList: statements.length ? [{ PolicyName: 'p', PolicyDocument: doc(...statements) }] : [],
  AssumeRolePolicyDocument: trust,
});
const workspace = (authStatements: unknown[], guests: boolean, guestRole: boolean): Workspace =>
  ({
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: guests,
        AllowClassicFlow: false,
        Roles: { authenticated: arn('Auth'), ...(guestRole ? { unauthenticated: arn('Guest') } : {}) },
      },
    ],
    iam: {
      RoleDetailList: [
        role('Auth', authStatements, cognitoTrust('authenticated')),
        role('Guest', [], cognitoTrust('unauthenticated')),
        role(
          'Ops',
          [{ Effect: 'Allow', Action: 'cognito-identity:*', Resource: '*' }],
          doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }),
        ),
      ],
    },
  }) as Workspace;
const now = new Date('2026-12-07T08:00:00Z');
const ids = (ws: Workspace, rule: string) =>
  auditWorkspace(prepareWorkspace(ws), { now }).findings.filter((f) => f.ruleId === rule);

describe('cognito-role-reconfigures-pool', () => {
  it('flags cognito-identity:* on * in the authenticated role', () => {
    const f = ids(
      workspace([{ Effect: 'Allow', Action: 'cognito-identity:*', Resource: '*' }], false, true),
      'cognito-role-reconfigures-pool',
    );
    expect(f).toHaveLength(1);
    expect(f[0].location).toEqual({ kind: 'role', arn: arn('Auth') });
    expect(f[0].message).toContain('cognito-identity:SetIdentityPoolRoles');
  });

  it('flags a role reached through a chain, naming the chain', () => {
    const f = ids(
      workspace([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('Ops') }], false, true),
      'cognito-role-reconfigures-pool',
    );
    expect(f.map((x) => x.location.arn)).toEqual([arn('Ops')]);
    expect(f[0].message).toContain('through the role chain Auth → Ops');
  });

  it('says nothing when no pool role reaches those actions', () => {
    expect(
      ids(
        workspace([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], false, true),
        'cognito-role-reconfigures-pool',
      ),
    ).toEqual([]);
  });
});

describe('pool-guests-without-role', () => {
  it('flags a pool that allows guests but has no guest role, and not one that has it', () => {
    expect(ids(workspace([], true, false), 'pool-guests-without-role')).toHaveLength(1);
    expect(ids(workspace([], true, true), 'pool-guests-without-role')).toHaveLength(0);
    expect(ids(workspace([], false, false), 'pool-guests-without-role')).toHaveLength(0);
  });
});

describe('trust-aud-not-pool-id', () => {
  it('flags an aud that is a stack ARN, not a pool id, and not a real pool id', () => {
    const ws = workspace([], false, true);
    const auth = ws.iam!.RoleDetailList![0] as { AssumeRolePolicyDocument: unknown };
    expect(ids(ws, 'trust-aud-not-pool-id')).toEqual([]);
    auth.AssumeRolePolicyDocument = JSON.parse(
      JSON.stringify(auth.AssumeRolePolicyDocument).replace(
        POOL,
        'arn:aws:cloudformation:us-east-1:111122223333:stack/app/x',
      ),
    );
    const f = ids(ws, 'trust-aud-not-pool-id');
    expect(f).toHaveLength(1);
    expect(f[0].location.arn).toBe(arn('Auth'));
  });
});
