import { describe, expect, it } from 'vitest';
import type { WhoCanResult } from '../../../../../renderer/src/engine/protocol';
import {
  chainText,
  concreteResource,
  decidingStatement,
  decisionCounts,
  groupReach,
  requestOfPath,
  shortLabel,
} from '../../../../../renderer/src/features/who-can/who-can-model';

type Path = WhoCanResult['paths'][number];
const pool = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const stmt = (effect: 'Allow' | 'Deny', sid?: string) => ({
  policyType: 'identity' as const,
  policyId: 'arn:aws:iam::1:role/R#inline/P',
  statementIndex: 1,
  ...(sid ? { sid } : {}),
  effect,
  start: { line: 7, column: 5 },
  end: { line: 9, column: 6 },
});
const guest: Path = {
  identityClass: {
    key: `guest:${pool}`,
    kind: 'guest',
    label: 'guests of pool app',
    identityPoolId: pool,
    subject: { identity: { identityPoolId: pool, provider: null } },
  },
  decision: 'allowed',
  roleArn: 'arn:aws:iam::1:role/G',
  principalArn: null,
  identityId: 'us-east-1:00000000-0000-4000-8000-000000000001',
  matchedStatements: [stmt('Allow', 'Own')],
  message: null,
  assumptions: [],
};
const role: Path = {
  identityClass: {
    key: 'role:arn:aws:iam::1:role/R',
    kind: 'role',
    label: 'the role R',
    roleArn: 'arn:aws:iam::1:role/R',
    subject: { principal: 'arn:aws:iam::1:role/R' },
  },
  decision: 'explicitDeny',
  roleArn: 'arn:aws:iam::1:role/R',
  principalArn: 'arn:aws:iam::1:role/R',
  matchedStatements: [stmt('Allow'), stmt('Deny')],
  message: 'denied',
  assumptions: [],
};

describe('who-can model', () => {
  // Per-user resources use the identity id variable: https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
  it("asks about one identity's own resource when the pattern has ${cognito-identity.amazonaws.com:sub}", () => {
    expect(concreteResource('arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*', 'eu-west-1')).toEqual({
      resource: 'arn:aws:s3:::b/private/eu-west-1:00000000-0000-4000-8000-000000000001/*',
      substituted: true,
    });
    expect(concreteResource('arn:aws:s3:::b/public/*', 'eu-west-1')).toEqual({
      resource: 'arn:aws:s3:::b/public/*',
      substituted: false,
    });
  });

  it('re-asks a path as whoCan asked it: the same identity (with its identity id) or principal', () => {
    expect(requestOfPath(guest, 's3:GetObject', 'arn:aws:s3:::b/k')).toEqual({
      identity: { identityPoolId: pool, provider: null, identityId: guest.identityId },
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(requestOfPath(role, 's3:GetObject', 'arn:aws:s3:::b/k')).toEqual({
      principal: 'arn:aws:iam::1:role/R',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
  });

  it('names the deciding statement: the Deny for an explicit deny, the Allow otherwise', () => {
    const name = (id: string) => id.split('#')[1];
    expect(decidingStatement(guest, name)?.text).toBe('inline/P, statement "Own" (line 7)');
    expect(decidingStatement(role, name)?.statement.effect).toBe('Deny');
    expect(decidingStatement({ decision: 'implicitDeny', matchedStatements: [] }, name)).toBeNull();
  });

  it('groups reachable cells by resource and counts decisions', () => {
    expect(
      groupReach([
        { action: 's3:PutObject', resource: 'a' },
        { action: 'dynamodb:GetItem', resource: 't' },
        { action: 's3:GetObject', resource: 'a' },
      ]),
    ).toEqual([
      { resource: 'a', actions: ['s3:GetObject', 's3:PutObject'] },
      { resource: 't', actions: ['dynamodb:GetItem'] },
    ]);
    expect(decisionCounts([guest, role, { decision: 'noCredentials' }, { decision: 'implicitDeny' }])).toEqual({
      allowed: 1,
      denied: 2,
      noCredentials: 1,
    });
  });

  it('gives each class a short name', () => {
    expect(shortLabel(guest.identityClass)).toBe('Guests');
    expect(shortLabel(role.identityClass)).toBe('role/R');
    expect(
      shortLabel({
        kind: 'rule',
        label: 'x',
        provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_A:client',
        ruleIndex: 3,
        subject: {},
      }),
    ).toBe('Rule 3 · user pool us-east-1_A:client');
  });
});

describe('chainText (role chaining in Who can)', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
  const base = { decision: 'allowed' as const, matchedStatements: [], message: null, assumptions: [] };
  it('names the chain by role names and the role that acts', () => {
    expect(
      chainText({
        ...base,
        chain: ['arn:aws:iam::111122223333:role/App', 'arn:aws:iam::111122223333:role/Writer'],
        roleArn: 'arn:aws:iam::111122223333:role/Writer',
        principalArn: 'arn:aws:sts::111122223333:assumed-role/Writer/rolecall-chain',
      }),
    ).toBe('⇢ App → Writer: allowed as Writer');
  });
  it('a chain through a role the workspace does not hold says it leaves the workspace', () => {
    expect(
      chainText({
        ...base,
        decision: 'unknown',
        chain: ['arn:aws:iam::111122223333:role/App', 'arn:aws:iam::444455556666:role/Elsewhere'],
        roleArn: 'arn:aws:iam::444455556666:role/Elsewhere',
        principalArn: null,
        leavesWorkspace: true,
      }),
    ).toBe(
      '⇢ App → Elsewhere: leaves the workspace (arn:aws:iam::444455556666:role/Elsewhere is not in it; what it may do is unknown)',
    );
  });
});
