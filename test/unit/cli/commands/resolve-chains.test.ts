/**
 * `rolecall resolve` prints the roles the identity's session reaches by role chaining, a role outside the workspace as
 * "leaves the workspace".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runResolve } from '../../../../cli/commands/resolve';
import { runCaptured } from '../run-captured';

const A = '111122223333';
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const arn = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const workspace = {
  format: 'rolecall-workspace',
  version: 1,
  accountId: A,
  identityPools: [
    {
      IdentityPoolId: POOL,
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      Roles: { unauthenticated: arn('Guest') },
    },
  ],
  iam: {
    RoleDetailList: [
      {
        RoleName: 'Guest',
        Arn: arn('Guest'),
        RolePolicyList: [
          {
            PolicyName: 'hop',
            PolicyDocument: doc({
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: [arn('Ops'), arn('Elsewhere')],
            }),
          },
        ],
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
          },
        }),
      },
      {
        RoleName: 'Ops',
        Arn: arn('Ops'),
        RolePolicyList: [],
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}:root` },
          Action: 'sts:AssumeRole',
        }),
      },
    ],
  },
};

describe('rolecall resolve prints role chains', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-chains-'));
  // Scope-down off (a visible setting): the guest session carries no session policy, so it may chain.
  writeFileSync(
    join(dir, 'w.rolecall.json'),
    JSON.stringify({ ...workspace, settings: { guestScopeDown: 'off' } }, null, 2),
  );
  const identity = JSON.stringify({ identityPoolId: POOL });
  const run = (format: string) =>
    runCaptured(runResolve, ['--workspace', 'w.rolecall.json', '--identity', identity, '--format', format], {
      cwd: dir,
      now: new Date('2026-12-07T08:00:00Z'),
    });

  it('table: each chain from the guest role, the outside role marked', async () => {
    const r = await run('table');
    expect(r.code, r.stderr).toBe(0);
    // Named as every command names principals (principalNameOf); the outside role's full ARN says which it is.
    expect(r.stdout).toContain('  Guest → Ops\n');
    expect(r.stdout).toContain(`  Guest → Elsewhere  (leaves the workspace: ${arn('Elsewhere')} is not in it)\n`);
  });

  it("a guest of the enhanced flow does not chain: Cognito's scope-down session policy lets no sts:* through", async () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html (the services guests may use)
    const scoped = mkdtempSync(join(tmpdir(), 'rolecall-chains-'));
    writeFileSync(join(scoped, 'w.rolecall.json'), JSON.stringify(workspace, null, 2));
    const r = await runCaptured(
      runResolve,
      ['--workspace', 'w.rolecall.json', '--identity', identity, '--format', 'json'],
      { cwd: scoped, now: new Date('2026-12-07T08:00:00Z') },
    );
    const out = JSON.parse(r.stdout) as { chains: { reached: unknown[] }; sessionPolicies: string[] };
    expect(out.sessionPolicies.length).toBeGreaterThan(0);
    expect(out.chains.reached).toEqual([]);
  });

  it('json: chains.reached and the outsider assumption', async () => {
    const out = JSON.parse((await run('json')).stdout) as {
      chains: { reached: { roleArn: string; leavesWorkspace?: boolean }[] };
      assumptions: { id: string }[];
    };
    expect(out.chains.reached.map((x) => x.roleArn)).toEqual([arn('Ops'), arn('Elsewhere')]);
    expect(out.assumptions.map((a) => a.id)).toContain('chainLeavesWorkspace');
  });
});
