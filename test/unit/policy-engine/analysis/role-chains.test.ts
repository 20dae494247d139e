/**
 * Role chaining: each hop is an sts:AssumeRole by the previous role's session, allowed by the caller's policies and
 * the target's trust policy; cycles terminate; a role outside the workspace "leaves the workspace".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allRoleChains, roleChains } from '../../../../policy-engine/analysis/role-chains';
import { fastDecision } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace, type PreparedWorkspace } from '../../../../policy-engine/evaluate/prepare';
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

  it("a role outside the workspace that the caller's permissions boundary does not allow is not reached", () => {
    const bounded = prepareWorkspace({
      ...ws([role('Start', assume(arn('Outside')), trusts(`arn:aws:iam::${A}:root`))]),
    } as Workspace);
    const withBoundary = prepareWorkspace({
      format: 'rolecall-workspace',
      version: 1,
      accountId: A,
      iam: {
        RoleDetailList: [
          {
            ...role('Start', assume(arn('Outside')), trusts(`arn:aws:iam::${A}:root`)),
            PermissionsBoundary: {
              PermissionsBoundaryType: 'Policy',
              PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/OnlyS3`,
            },
          },
        ],
        Policies: [
          {
            PolicyName: 'OnlyS3',
            Arn: `arn:aws:iam::${A}:policy/OnlyS3`,
            PolicyVersionList: [
              {
                IsDefaultVersion: true,
                VersionId: 'v1',
                Document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
              },
            ],
          },
        ],
      },
    } as Workspace);
    expect(roleChains(bounded, arn('Start'), { now }).reached.map((x) => x.roleArn)).toEqual([arn('Outside')]);
    expect(roleChains(withBoundary, arn('Start'), { now }).reached).toEqual([]);
  });

  it('a trust condition on sts:RoleSessionName the chain does not carry refuses the hop', () => {
    expect(roleChains(pw, arn('C'), { now }).reached.some((x) => x.roleArn === arn('Named'))).toBe(false);
  });

  it('the depth limit truncates long chains and says so', () => {
    const r = roleChains(pw, arn('Cognito'), { now, maxDepth: 1 });
    expect(r.reached.filter((x) => !x.leavesWorkspace).map((x) => x.roleArn)).toEqual([arn('B')]);
    expect(r.truncated).toBe(true);
  });

  it('a cycle terminates: each role is reached once, by its shortest chain, and nothing is cut short', () => {
    const cyc = prepareWorkspace(
      ws([
        role('X', assume(arn('Y')), trusts(arn('Z'))),
        role('Y', assume(arn('Z')), trusts(`arn:aws:iam::${A}:root`)),
        role('Z', assume(arn('X'), arn('Y')), trusts(arn('Y'))),
      ]),
    );
    const r = roleChains(cyc, arn('X'), { now, maxDepth: 50 });
    expect(r.reached.map((x) => x.chain)).toEqual([
      [arn('X'), arn('Y')],
      [arn('X'), arn('Y'), arn('Z')],
    ]);
    expect(r.truncated).toBe(false);
    // At depth 2 the last level (Z) only leads back to roles already reached: not truncated either.
    expect(roleChains(cyc, arn('X'), { now, maxDepth: 2 }).truncated).toBe(false);
    expect(roleChains(cyc, arn('X'), { now, maxDepth: 1 }).truncated).toBe(true);
  });

  it('the hops memoised on a prepared workspace follow the evaluation time (a trust condition on aws:CurrentTime)', () => {
    const timed = prepareWorkspace(
      ws([
        role(
          'From',
          assume(arn('To')),
          trusts(arn('From'), {
            Condition: { DateLessThan: { 'aws:CurrentTime': '2026-12-07T09:00:00Z' } },
          }),
        ),
        role('To', null, trusts(arn('Nobody'))),
      ]),
    );
    // The From role trusts itself; To trusts nobody. Ask the other way round: To is reached only before 09:00.
    const timed2 = prepareWorkspace(
      ws([
        role('From', assume(arn('To')), trusts(arn('Nobody'))),
        role(
          'To',
          null,
          trusts(arn('From'), {
            Condition: { DateLessThan: { 'aws:CurrentTime': '2026-12-07T09:00:00Z' } },
          }),
        ),
      ]),
    );
    expect(roleChains(timed, arn('From'), { now }).reached).toEqual([]);
    expect(roleChains(timed2, arn('From'), { now }).reached.map((x) => x.roleArn)).toEqual([arn('To')]);
    const later = new Date('2026-12-07T10:00:00Z');
    expect(roleChains(timed2, arn('From'), { now: later }).reached).toEqual([]);
    expect(roleChains(timed2, arn('From'), { now }).reached.map((x) => x.roleArn)).toEqual([arn('To')]);
  });
});

/**
 * The chains from every role agree with a plain breadth-first search that decides every (caller, target) pair one at a
 * time with fastDecision — no trust index, no candidate shortcut, no memo.
 */
describe('allRoleChains against a naive search', () => {
  const names = ['R0', 'R1', 'R2', 'R3', 'R4'];
  const resource = fc.constantFrom('*', `arn:aws:iam::${A}:role/R*`, ...names.map((n) => arn(n)));
  const principal = fc.constantFrom<unknown>(
    '*',
    { AWS: A },
    { AWS: `arn:aws:iam::${A}:root` },
    ...names.map((n) => ({ AWS: arn(n) })),
    ...names.map((n) => ({ AWS: `arn:aws:sts::${A}:assumed-role/${n}/rolecall-chain` })),
    { Service: 'ec2.amazonaws.com' },
  );
  const roleArb = fc.record({
    allows: fc.array(resource, { maxLength: 3 }),
    denies: fc.array(resource, { maxLength: 1 }),
    trust: fc.array(fc.record({ p: principal, deny: fc.boolean(), not: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  });

  const naive = (pw: PreparedWorkspace, start: string): string[] => {
    const seen = new Set([start]);
    const out: string[] = [];
    let frontier = [start];
    for (let depth = 0; depth < 5 && frontier.length; depth++) {
      const next: string[] = [];
      for (const from of frontier) {
        const name = from.slice(from.lastIndexOf('/') + 1);
        const caller = {
          kind: 'roleSession' as const,
          arn: `arn:aws:sts::${A}:assumed-role/${name}/rolecall-chain`,
          accountId: A,
          roleArn: from,
          sessionName: 'rolecall-chain',
        };
        for (const to of pw.roles.keys()) {
          if (seen.has(to)) continue;
          const d = fastDecision(
            pw,
            caller,
            { action: 'sts:AssumeRole', resource: to, context: { 'sts:RoleSessionName': 'rolecall-chain' } },
            { now },
          );
          if (d !== 'allowed') continue;
          seen.add(to);
          out.push(to);
          next.push(to);
        }
      }
      frontier = next;
    }
    return out.sort();
  };

  it('reaches the same roles from every start', () => {
    fc.assert(
      fc.property(fc.array(roleArb, { minLength: 5, maxLength: 5 }), (rs) => {
        const pw = prepareWorkspace(
          ws(
            rs.map((r, i) =>
              role(
                names[i],
                doc(
                  ...(r.allows.length ? [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: r.allows }] : []),
                  ...(r.denies.length ? [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: r.denies }] : []),
                ),
                doc(
                  ...r.trust.map((t) =>
                    t.not && t.p !== '*'
                      ? { Effect: t.deny ? 'Deny' : 'Allow', NotPrincipal: t.p, Action: 'sts:AssumeRole' }
                      : { Effect: t.deny ? 'Deny' : 'Allow', Principal: t.p, Action: 'sts:AssumeRole' },
                  ),
                ),
              ),
            ),
          ),
        );
        const all = allRoleChains(pw, { now });
        for (const start of pw.roles.keys()) {
          const fast = all
            .get(start)!
            .reached.filter((x) => !x.leavesWorkspace)
            .map((x) => x.roleArn)
            .sort();
          expect(fast).toEqual(naive(pw, start));
        }
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * What persists through a chain: session tags set as transitive (aws:PrincipalTag of the chained sessions,
 * sts:TransitiveTagKeys of each hop) and the source identity (sts:SourceIdentity of each hop).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 */
describe('what a chain carries', () => {
  const pw = prepareWorkspace(
    ws([
      role('Start', assume(arn('Mid')), trusts(`arn:aws:iam::${A}:root`)),
      role('Mid', assume(arn('Tagged'), arn('Sourced')), trusts(`arn:aws:iam::${A}:root`)),
      role(
        'Tagged',
        null,
        trusts(`arn:aws:iam::${A}:root`, {
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': 'ops' },
            'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'team' },
          },
        }),
      ),
      role(
        'Sourced',
        null,
        trusts(`arn:aws:iam::${A}:root`, { Condition: { StringEquals: { 'sts:SourceIdentity': 'alice' } } }),
      ),
    ]),
  );
  const reached = (opts: Parameters<typeof roleChains>[2]) =>
    roleChains(pw, arn('Start'), opts).reached.map((x) => x.roleArn);

  it('a transitive tag reaches the second hop; without it, a trust condition on aws:PrincipalTag refuses', () => {
    expect(reached({ now, transitiveTags: { team: 'ops' } })).toContain(arn('Tagged'));
    expect(reached({ now, transitiveTags: { team: 'dev' } })).not.toContain(arn('Tagged'));
    expect(reached({ now })).not.toContain(arn('Tagged'));
  });

  it('the source identity persists to every hop (sts:SourceIdentity)', () => {
    expect(reached({ now, sourceIdentity: 'alice' })).toContain(arn('Sourced'));
    expect(reached({ now, sourceIdentity: 'bob' })).not.toContain(arn('Sourced'));
    expect(reached({ now })).not.toContain(arn('Sourced'));
  });

  it("a first session's tags not given as transitive are not carried, and the answer says so", () => {
    const first = {
      kind: 'roleSession' as const,
      arn: `arn:aws:sts::${A}:assumed-role/Start/CognitoIdentityCredentials`,
      accountId: A,
      roleArn: arn('Start'),
      sessionName: 'CognitoIdentityCredentials',
      sessionTags: { team: 'ops' },
    };
    const r = roleChains(pw, arn('Start'), { now, first });
    expect(r.reached.map((x) => x.roleArn)).not.toContain(arn('Tagged'));
    expect(r.assumptions.map((a) => a.id)).toContain('chainTagsNotTransitive');
    const carried = roleChains(pw, arn('Start'), { now, first, transitiveTags: { team: 'ops' } });
    expect(carried.reached.map((x) => x.roleArn)).toContain(arn('Tagged'));
    expect(carried.assumptions.map((a) => a.id)).not.toContain('chainTagsNotTransitive');
  });
});
