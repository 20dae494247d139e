/**
 * `rolecall evaluate` (table): the explanation lists the statements it skipped (a skipped Deny flagged) and the KMS step
 * of an S3 request on an SSE-KMS bucket.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvaluate } from '../../../../cli/commands/evaluate';
import { runCaptured } from '../run-captured';

const A = '111122223333';
const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const workspace = {
  format: 'rolecall-workspace',
  version: 1,
  accountId: A,
  iam: {
    RoleDetailList: [
      {
        RoleName: 'App',
        Arn: `arn:aws:iam::${A}:role/App`,
        RolePolicyList: [
          {
            PolicyName: 'files',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
                { Sid: 'NoWrites', Effect: 'deny', Action: 's3:PutObject', Resource: '*' },
              ],
            },
          },
        ],
      },
    ],
  },
  kmsKeys: [
    {
      KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: key, AWSAccountId: A, KeyManager: 'CUSTOMER' },
      Policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }],
      },
    },
  ],
  bucketEncryption: [
    {
      bucketArn: 'arn:aws:s3:::files',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } }],
      },
    },
  ],
};

describe('rolecall evaluate explains skipped statements and the KMS step', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-eval-'));
  writeFileSync(join(dir, 'w.rolecall.json'), JSON.stringify(workspace, null, 2));
  const principal = `arn:aws:sts::${A}:assumed-role/App/s`;
  writeFileSync(
    join(dir, 'r.json'),
    JSON.stringify([
      { principal, action: 's3:PutObject', resource: 'arn:aws:s3:::files/a' },
      { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::files/a' },
    ]),
  );
  const run = (format: string) =>
    runCaptured(runEvaluate, ['--workspace', 'w.rolecall.json', '--requests', 'r.json', '--format', format], {
      cwd: dir,
      now: new Date('2026-12-07T08:00:00Z'),
    });

  it('lists the skipped Deny with its line and says no evaluable statement lists the action', async () => {
    const r = await run('table');
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(r.code, r.stderr).toBe(0);
    expect(text).toContain('no statement that could be evaluated lists s3:PutObject (1 skipped, below)');
    expect(text).toMatch(
      /! skipped Deny \(protects nothing\): identity App\/files statement 1 "NoWrites" \(w\.rolecall\.json, line \d+, col \d+\)/,
    );
  });

  it('shows the KMS step and relays its AccessDenied', async () => {
    const r = await run('table');
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`KMS step: kms:Decrypt on ${key} (bucket arn:aws:s3:::files is SSE-KMS): implicitDeny`);
    expect(text).toContain(
      `User: ${principal} is not authorized to perform: kms:Decrypt on resource: ${key} because no identity-based policy allows the kms:Decrypt action`,
    );
    const json = JSON.parse((await run('json')).stdout) as { decision: string; skippedStatements: unknown[] }[];
    expect(json[0].skippedStatements).toHaveLength(1);
    expect(json[1].decision).toBe('implicitDeny');
  });
});
