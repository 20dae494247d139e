/**
 * The prover models role trust policies for STS: each role's trust policy is the resource-based policy of
 * sts:AssumeRole on it and must allow explicitly (an identity allow alone never suffices); a role the workspace does
 * not hold is never assumable (its trust policy is unknown), as the engine answers. And it says in its answer what it
 * does not follow: role chaining, and the SSE-KMS step (re-checked per witness).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { prove } from '../../../../policy-engine/prove/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { cognitoTrust } from '../analysis/helpers';
import { runProve } from '../../../../cli/commands/prove';
import { runCaptured } from '../../cli/run-captured';

const A = '111122223333';
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const arn = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const now = new Date('2026-12-07T08:00:00Z');

function workspace(targetTrust: unknown, extra: Partial<Workspace> = {}): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    region: 'us-east-1',
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: false,
        SupportedLoginProviders: { 'accounts.google.com': 'client-1.apps.googleusercontent.com' },
        Roles: { authenticated: arn('App') },
      },
    ],
    iam: {
      RoleDetailList: [
        {
          RoleName: 'App',
          Arn: arn('App'),
          RolePolicyList: [
            {
              PolicyName: 'p',
              PolicyDocument: doc(
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
                { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::files/*' },
              ),
            },
          ],
          AssumeRolePolicyDocument: cognitoTrust(POOL, 'authenticated'),
        },
        { RoleName: 'Target', Arn: arn('Target'), RolePolicyList: [], AssumeRolePolicyDocument: targetTrust },
      ],
    },
    ...extra,
  } as Workspace;
}
const trustsAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
const trustsNobody = doc({ Effect: 'Allow', Principal: { AWS: arn('Nobody') }, Action: 'sts:AssumeRole' });

describe('prove with trust policies', () => {
  it('a trust policy that delegates to the account: possible, with a witness the engine answers allowed', () => {
    const pw = prepareWorkspace(workspace(trustsAccount));
    const r = prove(pw, { action: 'sts:AssumeRole', resource: arn('Target') }, { now });
    expect(r.possible).toBe(true);
    expect(evaluateRequest(pw, r.witnesses[0].request, { now }).decision).toBe('allowed');
    expect(r.witnesses[0].answer.matchedStatements.some((m) => m.policyType === 'trust')).toBe(true);
  });

  it('a trust policy that does not accept the caller: impossible and complete, though the identity policy allows', () => {
    const r = prove(
      prepareWorkspace(workspace(trustsNobody)),
      { action: 'sts:AssumeRole', resource: arn('Target') },
      { now },
    );
    expect(r.possible).toBe(false);
    expect(r.complete).toBe(true);
  });

  it('a role the workspace does not hold: impossible and complete (its trust policy is unknown)', () => {
    const r = prove(
      prepareWorkspace(workspace(trustsAccount)),
      { action: 'sts:AssumeRole', resource: arn('Missing') },
      { now },
    );
    expect(r.possible).toBe(false);
    expect(r.complete).toBe(true);
  });

  it('the answer says it does not follow role chaining, naming the chain, and that the SSE-KMS step is re-checked', () => {
    const ws = workspace(trustsAccount, {
      bucketEncryption: [
        {
          bucketArn: 'arn:aws:s3:::files',
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
          },
        },
      ],
    });
    const r = prove(prepareWorkspace(ws), { action: 's3:GetObject', resource: 'arn:aws:s3:::files/*' }, { now });
    const ids = r.assumptions.map((a) => a.id);
    expect(ids).toContain('proveNoRoleChaining');
    expect(r.assumptions.find((a) => a.id === 'proveNoRoleChaining')!.text).toContain('App → Target');
    expect(ids).toContain('proveSseKmsRechecked');
    // Without chains and without SSE-KMS buckets neither is said.
    const plain = prove(
      prepareWorkspace(workspace(trustsNobody)),
      { action: 's3:GetObject', resource: 'arn:aws:s3:::files/*' },
      { now },
    );
    expect(plain.assumptions.map((a) => a.id)).not.toContain('proveNoRoleChaining');
    expect(plain.assumptions.map((a) => a.id)).not.toContain('proveSseKmsRechecked');
  });
});

describe('rolecall prove says beside the verdict that it does not follow role chains', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
  const run = async (ws: Workspace) => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-prove-chain-'));
    writeFileSync(join(dir, 'w.rolecall.json'), JSON.stringify(ws, null, 2));
    const args = ['--workspace', 'w.rolecall.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::files/*'];
    return runCaptured(runProve, args, { cwd: dir, now });
  };

  it('the note is the second line, right under the verdict, when chains exist; absent otherwise', async () => {
    const r = await run(workspace(trustsAccount));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^note: Role chaining is not followed/);
    expect(r.stdout).toContain('proveNoRoleChaining:');
    const plain = await run(workspace(trustsNobody));
    expect(plain.stdout).not.toContain('Role chaining is not followed');
  });
});
