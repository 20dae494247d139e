/**
 * Property tests for role trust policies as the resource-based policy of sts:AssumeRole: adding a trust Deny never
 * turns a denied AssumeRole into allowed; an allowed AssumeRole always has a trust Allow among its determining
 * statements (an identity allow alone never suffices); the fast path agrees with the explained evaluation; and
 * role chaining only ever reaches roles whose single hop is allowed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roleChains } from '../../../../policy-engine/analysis/role-chains';
import { evaluateAs, fastDecision, principalFromArn } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const A = '111122223333';
const B = '444455556666';
const callerArn = (acct: string) => `arn:aws:iam::${acct}:role/Caller`;
const target = `arn:aws:iam::${A}:role/Target`;
const now = new Date('2026-12-07T08:00:00Z');

const trustPrincipal = fc.constantFrom<unknown>(
  '*',
  { AWS: callerArn(A) },
  { AWS: callerArn(B) },
  { AWS: A },
  { AWS: `arn:aws:iam::${B}:root` },
  { AWS: `arn:aws:iam::${A}:role/Other` },
  { Service: 'lambda.amazonaws.com' },
);
const trustAction = fc.constantFrom('sts:AssumeRole', 'sts:*', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity');
const trustCondition = fc.option(
  fc.constantFrom<Record<string, unknown>>(
    { StringEquals: { 'sts:RoleSessionName': 's1' } },
    { StringEquals: { 'aws:PrincipalAccount': A } },
    { Bool: { 'aws:SecureTransport': 'true' } },
  ),
  { nil: undefined },
);
const trustStatement = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc.record({ effect, principal: trustPrincipal, action: trustAction, condition: trustCondition }).map((s) => ({
    Effect: s.effect,
    Principal: s.principal,
    Action: s.action,
    ...(s.condition ? { Condition: s.condition } : {}),
  }));
const identityStatement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Deny'),
    action: fc.constantFrom('sts:AssumeRole', 'sts:*', '*', 's3:*'),
    resource: fc.constantFrom('*', target, `arn:aws:iam::${A}:role/Other`),
  })
  .map((s) => ({ Effect: s.effect, Action: s.action, Resource: s.resource }));

const world = fc.record({
  callerAccount: fc.constantFrom(A, B),
  identity: fc.array(identityStatement, { maxLength: 3 }),
  trust: fc.array(trustStatement(fc.constantFrom('Allow', 'Deny')), { maxLength: 3 }),
  session: fc.constantFrom('s1', 's2'),
});

function build(w: { callerAccount: string; identity: unknown[]; trust: unknown[] }): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    iam: {
      RoleDetailList: [
        {
          RoleName: 'Caller',
          Arn: callerArn(w.callerAccount),
          RolePolicyList: w.identity.length
            ? [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: w.identity } }]
            : [],
        },
        {
          RoleName: 'Target',
          Arn: target,
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: w.trust },
        },
      ],
    },
  } as Workspace;
}

function decisionOf(ws: Workspace, callerAccount: string, session: string) {
  const pw = prepareWorkspace(ws);
  const p = principalFromArn(pw, `arn:aws:sts::${callerAccount}:assumed-role/Caller/${session}`);
  if (!p.ok) throw new Error(p.error.message);
  const principal = { ...p.principal, context: { 'sts:RoleSessionName': session } };
  const req = { action: 'sts:AssumeRole', resource: target };
  return {
    pw,
    principal,
    answer: evaluateAs(pw, principal, req, { now, explain: true }),
    fast: fastDecision(pw, principal, req, { now }),
  };
}

describe('trust-policy laws', () => {
  it('adding a trust Deny never turns a denied AssumeRole into allowed', () => {
    fc.assert(
      fc.property(world, trustStatement(fc.constant('Deny' as const)), (w, deny) => {
        const before = decisionOf(build(w), w.callerAccount, w.session).answer.decision;
        const after = decisionOf(build({ ...w, trust: [...w.trust, deny] }), w.callerAccount, w.session).answer
          .decision;
        if (before !== 'allowed') expect(after).not.toBe('allowed');
      }),
      { numRuns: 300 },
    );
  });

  it('an allowed AssumeRole always cites a trust Allow; the fast path agrees with the explained answer', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { answer, fast } = decisionOf(build(w), w.callerAccount, w.session);
        expect(fast).toBe(answer.decision);
        if (answer.decision === 'allowed')
          expect(answer.matchedStatements.some((m) => m.policyType === 'trust' && m.effect === 'Allow')).toBe(true);
        if (w.trust.length === 0) expect(answer.decision).not.toBe('allowed');
      }),
      { numRuns: 300 },
    );
  });

  it('role chaining reaches the target exactly when the single hop (session rolecall-chain) is allowed', () => {
    fc.assert(
      fc.property(world, (w) => {
        const ws = build(w);
        const { pw } = decisionOf(ws, w.callerAccount, 'rolecall-chain');
        const hop = decisionOf(ws, w.callerAccount, 'rolecall-chain').answer.decision;
        const reached = roleChains(pw, callerArn(w.callerAccount), { now, sessionName: 'rolecall-chain' }).reached;
        expect(reached.some((x) => x.roleArn === target)).toBe(hop === 'allowed');
      }),
      { numRuns: 200 },
    );
  });
});
