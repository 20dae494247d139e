/**
 * Chains that start from an IAM user of the workspace: a user whose policies allow sts:AssumeRole on a role whose
 * trust policy accepts the user reaches that role (and, by role chaining, the roles its sessions may assume). Each
 * hop is decided like any request: the caller's identity policies and the target's trust policy, which must allow
 * explicitly. Followed in who-can (paths through chains) and the matrix (cells allowed only through a chain).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html ("To allow a user to assume a role in the
 *   same account": a policy on the user allowing AssumeRole when the trust policy trusts the account, or the user
 *   named as a principal in the trust policy)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatrix } from '../../../../cli/commands/matrix';
import { runWhoCan } from '../../../../cli/commands/who-can';
import { auditWorkspace, matrixFor, whoCan } from '../../../../policy-engine/analysis/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { runCaptured } from '../../cli/run-captured';

const A = '111122223333';
const role = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const user = (n: string) => `arn:aws:iam::${A}:user/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const BUCKET = 'arn:aws:s3:::app-files';
const trusts = (p: string) => doc({ Effect: 'Allow', Principal: { AWS: p }, Action: 'sts:AssumeRole' });

/**
 * Dev's policy allows assuming Deployer (its trust names Dev) and Admin (its trust names only Ops); Deployer may assume
 * Writer (trusts the account); Writer writes the bucket. Ops has no policy at all, but Admin's trust names it.
 */
function workspace(devTrustDeny = false): Workspace {
  const inline = (name: string, statements: unknown[]) =>
    statements.length ? [{ PolicyName: name, PolicyDocument: doc(...statements) }] : [];
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    region: 'us-east-1',
    iam: {
      UserDetailList: [
        {
          UserName: 'Dev',
          Arn: user('Dev'),
          UserPolicyList: inline('p', [
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [role('Deployer'), role('Admin')] },
          ]),
        },
        { UserName: 'Ops', Arn: user('Ops'), UserPolicyList: [] },
      ],
      RoleDetailList: [
        {
          RoleName: 'Deployer',
          Arn: role('Deployer'),
          RolePolicyList: inline('p', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role('Writer') }]),
          AssumeRolePolicyDocument: devTrustDeny
            ? doc(
                { Effect: 'Allow', Principal: { AWS: user('Dev') }, Action: 'sts:AssumeRole' },
                { Effect: 'Deny', Principal: { AWS: user('Dev') }, Action: 'sts:AssumeRole' },
              )
            : trusts(user('Dev')),
        },
        {
          RoleName: 'Admin',
          Arn: role('Admin'),
          RolePolicyList: inline('p', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
          AssumeRolePolicyDocument: trusts(user('Ops')),
        },
        {
          RoleName: 'Writer',
          Arn: role('Writer'),
          RolePolicyList: inline('p', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/*` }]),
          AssumeRolePolicyDocument: trusts(`arn:aws:iam::${A}:root`),
        },
      ],
    },
    resources: [`${BUCKET}/*`],
  } as Workspace;
}
const now = new Date('2026-12-07T08:00:00Z');

describe('who-can follows chains that start from an IAM user', () => {
  const r = whoCan(prepareWorkspace(workspace()), 's3:PutObject', `${BUCKET}/a.txt`, { now });
  const dev = r.paths.find((p) => p.identityClass.subject.principal === user('Dev'))!;

  it("the user's own AssumeRole, then role chaining: Dev → Deployer → Writer, allowed as Writer", () => {
    expect(dev.decision).toBe('implicitDeny');
    const via = dev.chains!.find((c) => c.roleArn === role('Writer'))!;
    expect(via.chain).toEqual([user('Dev'), role('Deployer'), role('Writer')]);
    expect(via.decision).toBe('allowed');
    expect(via.principalArn).toBe(`arn:aws:sts::${A}:assumed-role/Writer/rolecall-chain`);
    expect(r.allowedThroughChain).toContain(dev);
  });

  it("a role whose trust policy does not accept the user is not reached, even though the user's policy allows it", () => {
    const admin = whoCan(prepareWorkspace(workspace()), 'iam:CreateUser', '*', { now }).paths.find(
      (p) => p.identityClass.subject.principal === user('Dev'),
    )!;
    expect(admin.chains ?? []).toEqual([]);
  });

  it('a same-account trust policy naming the user is enough without an identity policy (API_AssumeRole); an account trust is not', () => {
    const ops = r.paths.find((p) => p.identityClass.subject.principal === user('Ops'))!;
    // Admin trusts Ops by name: reached. Writer trusts only the account: Ops cannot assume it itself, but Admin can.
    expect(ops.chains!.map((c) => c.chain)).toEqual([
      [user('Ops'), role('Admin')],
      [user('Ops'), role('Admin'), role('Writer')],
    ]);
  });

  it('a Deny in the trust policy stops the first hop (an identity-policy allow never suffices)', () => {
    const denied = whoCan(prepareWorkspace(workspace(true)), 's3:PutObject', `${BUCKET}/a.txt`, { now });
    const d = denied.paths.find((p) => p.identityClass.subject.principal === user('Dev'))!;
    expect(d.chains).toBeUndefined();
    expect(denied.allowedThroughChain).not.toContain(d);
  });
});

describe('the matrix and the CLI show chains from users; findings are unchanged', () => {
  it('matrixFor marks the cell with the chain from the user', () => {
    const pw = prepareWorkspace(workspace());
    const row = matrixFor(pw, { principal: user('Dev') }, ['s3:GetObject', 's3:PutObject'], [`${BUCKET}/*`], {
      now,
      chains: true,
    });
    expect(row.decisions).toEqual([['implicitDeny'], ['implicitDeny']]);
    expect(row.chains?.cells).toEqual([
      { action: 1, resource: 0, chain: [user('Dev'), role('Deployer'), role('Writer')] },
    ]);
  });

  it('rolecall who-can and matrix print the chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-user-chains-'));
    writeFileSync(join(dir, 'w.rolecall.json'), JSON.stringify(workspace(), null, 2));
    const opts = { cwd: dir, now };
    const w = await runCaptured(
      runWhoCan,
      ['--workspace', 'w.rolecall.json', '--action', 's3:PutObject', '--resource', `${BUCKET}/a.txt`],
      opts,
    );
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toMatch(/through a role chain: user Dev → Deployer → Writer: allowed by/);
    const m = await runCaptured(
      runMatrix,
      ['--workspace', 'w.rolecall.json', '--principal', user('Dev'), '--service', 's3', '--format', 'csv'],
      opts,
    );
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain(
      `${user('Dev')},,s3:PutObject,${BUCKET}/*,implicitDeny,${user('Dev')} → ${role('Deployer')} → ${role('Writer')},`,
    );
  });

  it('the audit is the same with and without the user chain (no rule is about users reaching roles)', () => {
    const ids = (ws: Workspace) =>
      auditWorkspace(prepareWorkspace(ws), { now })
        .findings.map((f) => f.ruleId)
        .sort();
    const noHop = workspace();
    (noHop.iam!.UserDetailList![0] as { UserPolicyList: unknown[] }).UserPolicyList = [];
    expect(ids(workspace())).toEqual(ids(noHop));
  });
});
