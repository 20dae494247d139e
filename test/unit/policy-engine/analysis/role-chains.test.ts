/**
 * Role chaining: each hop is an sts:AssumeRole by the previous role's session, allowed by the caller's policies and
 * the target's trust policy; cycles terminate; a role outside the workspace "leaves the workspace".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import { describe, expect, it } from 'vitest';
import { roleChains } from '../../../../policy-engine/analysis/role-chains';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const A = '111122223333';
const arn = (n: string, acct = A) => `arn:aws:iam::${acct}:role/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement }) as Record<string, unknown>;
const assume = (...targets: string[]) => doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: targets });
const trusts = (principal: string, extra: Record<string, unknown> = {}) =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
const role = (name: string, identity: Record<string, unknown> | null, trust: Record<string, unknown>) => ({
  RoleName: name,
  Arn: arn(name),
  RolePolicyList: identity ? [{ PolicyName: 'p', PolicyDocument: identity }] : [],
  AssumeRolePolicyDocument: trust,
});
const ws = (roles: unknown[]): Workspace =>
  ({ format: 'rolecall-workspace', version: 1, accountId: A, iam: { RoleDetailList: roles } }) as Workspace;
const now = new Date('2026-12-07T08:00:00Z');

describe('roleChains', () => {
  const pw = prepareWorkspace(
    ws([
      role('Cognito', assume(arn('B'), arn('Outside'), arn('Refuses')), trusts(`arn:aws:iam::${A}:root`)),
      role('B', assume(arn('C')), trusts(arn('Cognito'))),
      role('C', assume(arn('Cognito')), trusts(`arn:aws:iam::${A}:root`)),
      role('Refuses', null, trusts(arn('Nobody'))),
      role('Named', null, trusts(arn('C'), { Condition: { StringEquals: { 'sts:RoleSessionName': 'ops' } } })),
    ]),
  );

  it('follows hops checked against both the caller policies and the target trust, and stops at cycles', () => {
    const r = roleChains(pw, arn('Cognito'), { now, sessionName: 'CognitoIdentityCredentials' });
    const inside = r.reached.filter((x) => !x.leavesWorkspace);
    expect(inside.map((x) => x.chain)).toEqual([
      [arn('Cognito'), arn('B')],
      [arn('Cognito'), arn('B'), arn('C')],
    ]);
    expect(r.reached.some((x) => x.roleArn === arn('Refuses'))).toBe(false);
    expect(r.truncated).toBe(false);
  });

  it('reports a role outside the workspace as leaving it, with the outsider assumption, not as an error', () => {
    const r = roleChains(pw, arn('Cognito'), { now });
    expect(r.reached.find((x) => x.roleArn === arn('Outside'))).toEqual({
      roleArn: arn('Outside'),
      chain: [arn('Cognito'), arn('Outside')],
      leavesWorkspace: true,
    });
    expect(r.assumptions.map((a) => a.id)).toEqual(['chainLeavesWorkspace']);
  });

  it('a trust condition on sts:RoleSessionName the chain does not carry refuses the hop', () => {
    expect(roleChains(pw, arn('C'), { now }).reached.some((x) => x.roleArn === arn('Named'))).toBe(false);
  });

  it('the depth limit truncates long chains and says so', () => {
    const r = roleChains(pw, arn('Cognito'), { now, maxDepth: 1 });
    expect(r.reached.filter((x) => !x.leavesWorkspace).map((x) => x.roleArn)).toEqual([arn('B')]);
    expect(r.truncated).toBe(true);
  });
});
