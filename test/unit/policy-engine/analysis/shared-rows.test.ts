/**
 * The audit computes one matrix per group of roles built alike (findings/shared-rows.ts). Sharing must never change a
 * finding: on workspaces with many duplicate roles, the audit with shared rows and the audit with one matrix per role
 * give the same findings, word for word, in the same order. And what tells two roles apart — a resource policy naming
 * one of them, a condition on the caller's own name, different tags — keeps them apart.
 * The context keys AWS sets for a role: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditWorkspace } from '../../../../policy-engine/analysis/findings/index';
import { roleShareKeys } from '../../../../policy-engine/analysis/findings/shared-rows';
import { createAuditContext } from '../../../../policy-engine/analysis/findings/context';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { benchWorkspace } from '../../../bench/workspace';
import { NOW, auditFixtures, loadFixture } from './helpers';

const ACC = '123456789012';
const roleArn = (i: number) => `arn:aws:iam::${ACC}:role/AppRole${i}`;

/** The audit both ways. */
function bothWays(ws: Workspace) {
  const pw = prepareWorkspace(ws);
  return {
    pw,
    shared: auditWorkspace(pw, { now: NOW }),
    unshared: auditWorkspace(prepareWorkspace(ws), { now: NOW, unsharedRows: true }),
  };
}

/** How many distinct groups the roles fall in, and which roles are kept apart. */
function groups(ws: Workspace) {
  const pw = prepareWorkspace(ws);
  const key = roleShareKeys(pw);
  const keys = [...pw.roles.keys()].map((arn) => [arn, key(arn)] as const);
  return {
    distinct: new Set(keys.map(([, k]) => k).filter((k) => k !== null)).size,
    apart: keys.filter(([, k]) => k === null).map(([arn]) => arn),
  };
}

describe('shared matrix rows in the audit', () => {
  it('give the same findings as one matrix per role on a workspace of 60 roles from four templates', () => {
    const ws = benchWorkspace(60);
    const { shared, unshared } = bothWays(ws);
    expect(shared.findings.length).toBeGreaterThan(60);
    expect(shared).toEqual(unshared);
    // The bench workspace's bucket policy names AppRole1 (Role1Writes): that role is never shared.
    const g = groups(ws);
    expect(g.apart).toEqual([roleArn(1)]);
    // Four templates (an Uploads policy when i % 3 = 0, a boundary or AdminTeamOnly by i % 2), and AppRole0's admin tag.
    expect(g.distinct).toBe(5);
  });

  it('a role one resource policy names keeps its own row, and its own findings', () => {
    const ws = benchWorkspace(12);
    // Deny AppRole4 (otherwise the same as AppRole10) every S3 read on the user-files bucket.
    const bucket = ws.resourcePolicies![0].policy as { Statement: unknown[] };
    bucket.Statement.push({
      Sid: 'NoReadsForRole4',
      Effect: 'Deny',
      Principal: { AWS: roleArn(4) },
      Action: 's3:Get*',
      Resource: 'arn:aws:s3:::app-user-files/*',
    });
    const { shared, unshared } = bothWays(ws);
    expect(shared).toEqual(unshared);
    expect(groups(ws).apart).toEqual([roleArn(1), roleArn(4)]);
    const pw = prepareWorkspace(ws);
    const ctx = createAuditContext(pw, NOW);
    const four = ctx.allowed(ctx.matrix('a', { principal: roleArn(4) }));
    const ten = ctx.allowed(ctx.matrix('b', { principal: roleArn(10) }));
    expect(ten.length).toBeGreaterThan(four.length);
    expect(four.some((c) => c.resource.startsWith('arn:aws:s3:::app-user-files/') && c.action === 's3:GetObject')).toBe(
      false,
    );
  });

  it.each([
    ['a condition on aws:PrincipalArn', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACC}:role/AppRole1*` } }],
    ['a condition on aws:userid', { StringLike: { 'AWS:UserId': 'AROAEXAMPLE000000001*' } }],
  ])('no role is shared when a policy reads the caller’s own name (%s)', (_, Condition) => {
    const ws = benchWorkspace(24);
    const bucket = ws.resourcePolicies![0].policy as { Statement: unknown[] };
    bucket.Statement.push({
      Sid: 'ByName',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::app-user-files/*',
      Condition,
    });
    expect(groups(ws).distinct).toBe(0);
    const { shared, unshared } = bothWays(ws);
    expect(shared).toEqual(unshared);
  });

  it('no role is shared when a resource names the caller with a policy variable (${aws:username})', () => {
    const ws = benchWorkspace(6);
    ws.iam!.Policies!.push({
      PolicyName: 'OwnTable',
      Arn: `arn:aws:iam::${ACC}:policy/OwnTable`,
      DefaultVersionId: 'v1',
      PolicyVersionList: [
        {
          VersionId: 'v1',
          IsDefaultVersion: true,
          Document: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'dynamodb:GetItem',
                Resource: `arn:aws:dynamodb:us-east-1:${ACC}:table/\${aws:username}`,
              },
            ],
          },
        },
      ],
    });
    ws.iam!.RoleDetailList![3].AttachedManagedPolicies!.push({ PolicyArn: `arn:aws:iam::${ACC}:policy/OwnTable` });
    expect(groups(ws).distinct).toBe(0);
    const { shared, unshared } = bothWays(ws);
    expect(shared).toEqual(unshared);
  });

  it('roles that differ only in a tag a policy reads are told apart', () => {
    const ws = benchWorkspace(9);
    // AdminTeamOnly denies bucket changes unless aws:PrincipalTag/team is admin: give AppRole2 (same template as
    // AppRole8 but not 0) the admin tag.
    ws.iam!.RoleDetailList![2].Tags = [{ Key: 'team', Value: 'admin' }];
    const { pw, shared, unshared } = bothWays(ws);
    expect(shared).toEqual(unshared);
    const key = roleShareKeys(pw);
    expect(key(roleArn(8))).not.toBeNull();
    expect(key(roleArn(8))).toBe(key(roleArn(4)));
    expect(key(roleArn(2))).not.toBeNull();
    expect(key(roleArn(2))).not.toBe(key(roleArn(8)));
  });

  it('give the same findings on every audit fixture and example workspace', () => {
    const files = [
      ...readdirSync(auditFixtures)
        .filter((f) => f.endsWith('.rolecall.json'))
        .map((f) => loadFixture(f).ws),
      ...['demo.rolecall.json', 'multi-provider.rolecall.json'].map(
        (f) => JSON.parse(readFileSync(join(__dirname, '../../../../examples', f), 'utf8')) as Workspace,
      ),
    ];
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const ws of files) {
      const { shared, unshared } = bothWays(ws);
      expect(shared).toEqual(unshared);
    }
  });
});
