// The per-user probes (policy-engine/analysis/per-user-probes.ts), shared by the guest-reads-other-users and
// user-reads-other-users findings: another identity's reads, built from the ${cognito-identity.amazonaws.com:sub}
// patterns of the policies.
// https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { createAuditContext } from '../../../../policy-engine/analysis/findings/context';
import { otherIdentityId, otherUserProbes, probeAsker } from '../../../../policy-engine/analysis/per-user-probes';
import { cognitoTrust } from './helpers';

const ROLE = 'arn:aws:iam::111122223333:role/User';
const ws = {
  accountId: '111122223333',
  region: 'us-east-1',
  iam: {
    RoleDetailList: [
      {
        RoleName: 'User',
        Arn: ROLE,
        RolePolicyList: [
          {
            PolicyName: 'Own',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::notes/private/${cognito-identity.amazonaws.com:sub}/*',
                },
                {
                  Effect: 'Allow',
                  Action: 'dynamodb:GetItem',
                  Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Notes',
                  Condition: {
                    'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${cognito-identity.amazonaws.com:sub}'] },
                  },
                },
              ],
            },
          },
        ],
      },
    ],
  },
} as unknown as Workspace;

const POOL = 'us-east-1:00000000-0000-4000-8000-000000000001';
// The same workspace with an identity pool whose guests get the role (the role's trust accepts them).
const withPool = {
  ...ws,
  iam: {
    RoleDetailList: [
      { ...ws.iam!.RoleDetailList![0], AssumeRolePolicyDocument: cognitoTrust(POOL, 'unauthenticated') },
    ],
  },
  identityPools: [
    {
      IdentityPoolId: POOL,
      IdentityPoolName: 'Notes',
      AllowUnauthenticatedIdentities: true,
      Roles: { unauthenticated: ROLE },
    },
  ],
} as unknown as Workspace;

describe('per-user probes', () => {
  const ctx = createAuditContext(prepareWorkspace(ws), new Date('2026-12-07T00:00:00Z'));
  const other = otherIdentityId('us-east-1');

  it('fills the per-user patterns with another identity’s id', () => {
    const probes = otherUserProbes(ctx, other);
    expect(probes).toContainEqual({
      action: 's3:GetObject',
      resource: `arn:aws:s3:::notes/private/${other}/rolecall-probe`,
    });
    expect(probes).toContainEqual({
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::notes',
      context: { 's3:prefix': `private/${other}/` },
    });
    expect(probes).toContainEqual({
      action: 'dynamodb:GetItem',
      resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Notes',
      context: { 'dynamodb:LeadingKeys': [other] },
    });
    expect(probes).toContainEqual({
      action: 'dynamodb:Scan',
      resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Notes',
    });
  });

  it('asks a probe with the context it carries', () => {
    const probes = otherUserProbes(ctx, other);
    const get = probes.find((p) => p.action === 'dynamodb:GetItem')!;
    // No identity pool in this workspace: the identity cannot be resolved, and the answer says so rather than guess.
    const answer = probeAsker(ctx, probes)({ identityPoolId: POOL, provider: null })(get);
    expect(answer.decision).toBe('noCredentials');
    // With the pool (guests get the role): the GetItem probe is asked with its dynamodb:LeadingKeys, so a guest whose
    // identity id is the key reads the item, and any other guest does not.
    const pooled = createAuditContext(prepareWorkspace(withPool), ctx.now);
    const ask = probeAsker(pooled, otherUserProbes(pooled, other));
    const owner = ask({ identityPoolId: POOL, provider: null, identityId: other })(get);
    expect(owner.context?.['dynamodb:LeadingKeys']).toEqual([other]);
    expect(owner.decision).toBe('allowed');
    const someoneElse = ask({ identityPoolId: POOL, provider: null, identityId: otherIdentityId('us-east-1') + '0' })(
      get,
    );
    expect(someoneElse.context?.['dynamodb:LeadingKeys']).toEqual([other]);
    expect(someoneElse.decision).toBe('implicitDeny');
  });
});
