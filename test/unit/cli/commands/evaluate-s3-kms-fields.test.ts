/**
 * `rolecall evaluate` with the request fields that choose the KMS step of an S3 request: `operation` (a multipart
 * upload operation, authorized as s3:PutObject) and `objectKmsKeyArn` (the key an existing object is encrypted with,
 * which the workspace cannot know). Bad values are bad input: exit 2, one line naming the file, line/column and path.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvaluate } from '../../../../cli/commands/evaluate';
import { main } from '../../../../cli/rolecall';
import { parseRequest } from '../../../../policy-engine/request-schema';
import { evaluateRequest } from '../../../../policy-engine/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/index';
import { loadCatalog } from '../../../../policy-engine/catalog/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { runCaptured } from '../run-captured';

const A = '111122223333';
const bucketKey = `arn:aws:kms:us-east-1:${A}:key/1111abcd-12ab-34cd-56ef-1234567890ab`;
const oldKey = `arn:aws:kms:us-east-1:${A}:key/2222abcd-12ab-34cd-56ef-1234567890ab`;
const principal = `arn:aws:sts::${A}:assumed-role/App/s`;
const keyEntry = (arn: string, statement: Record<string, unknown>) => ({
  KeyMetadata: { KeyId: arn.split('/')[1], Arn: arn, AWSAccountId: A, KeyManager: 'CUSTOMER' },
  Policy: { Version: '2012-10-17', Statement: [statement] },
});
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
              Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }],
            },
          },
        ],
      },
    ],
  },
  kmsKeys: [
    // The bucket's key lets App decrypt only (enough for UploadPart, not for CreateMultipartUpload).
    keyEntry(bucketKey, {
      Sid: 'AppDecrypts',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/App` },
      Action: 'kms:Decrypt',
      Resource: '*',
    }),
    // The key older objects were written with: Admin only.
    keyEntry(oldKey, {
      Sid: 'AdminOnly',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/Admin` },
      Action: 'kms:*',
      Resource: '*',
    }),
  ],
  bucketEncryption: [
    {
      bucketArn: 'arn:aws:s3:::files',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucketKey } }],
      },
    },
  ],
};

function setup(requests: unknown, command = runEvaluate, prefix: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-s3kms-'));
  writeFileSync(join(dir, 'w.rolecall.json'), JSON.stringify(workspace, null, 2));
  writeFileSync(join(dir, 'r.json'), JSON.stringify(requests, null, 2));
  return (format = 'table') =>
    runCaptured(command, [...prefix, '--workspace', 'w.rolecall.json', '--requests', 'r.json', '--format', format], {
      cwd: dir,
      now: new Date('2026-12-07T08:00:00Z'),
    });
}

describe('rolecall evaluate: multipart uploads on an SSE-KMS bucket', () => {
  const run = setup([
    { principal, action: 's3:PutObject', operation: 'CreateMultipartUpload', resource: 'arn:aws:s3:::files/big' },
    { principal, action: 's3:PutObject', operation: 'UploadPart', resource: 'arn:aws:s3:::files/big' },
  ]);

  it('CreateMultipartUpload needs kms:GenerateDataKey (refused by the key policy); UploadPart needs kms:Decrypt (allowed)', async () => {
    const r = await run('json');
    expect(r.code, r.stderr).toBe(0);
    const [create, part] = JSON.parse(r.stdout) as {
      decision: string;
      message: string | null;
      kms: { action: string; operation?: string; keySource?: string; decision: string; note?: string };
    }[];
    expect(create.decision).toBe('implicitDeny');
    expect(create.kms).toMatchObject({
      action: 'kms:GenerateDataKey',
      operation: 'CreateMultipartUpload',
      keySource: 'bucketDefault',
      decision: 'implicitDeny',
    });
    expect(create.message).toContain(`not authorized to perform: kms:GenerateDataKey on resource: ${bucketKey}`);
    expect(part.decision).toBe('allowed');
    expect(part.kms).toMatchObject({ action: 'kms:Decrypt', operation: 'UploadPart', decision: 'allowed' });
    expect(part.kms.note).toContain('needs kms:GenerateDataKey (CreateMultipartUpload) and kms:Decrypt (UploadPart');
  });

  it('the table names the operation in the KMS step', async () => {
    const text = (await run()).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      `KMS step of CreateMultipartUpload: kms:GenerateDataKey on ${bucketKey} (bucket arn:aws:s3:::files is SSE-KMS): implicitDeny`,
    );
    expect(text).toContain(`KMS step of UploadPart: kms:Decrypt on ${bucketKey}`);
  });
});

describe('rolecall evaluate: reading an object written with another key (objectKmsKeyArn)', () => {
  const run = setup([
    { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::files/old', objectKmsKeyArn: oldKey },
    { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::files/old' },
  ]);

  it("checks the object's key policy; without the field, the answer states the bucket-default assumption", async () => {
    const r = await run('json');
    expect(r.code, r.stderr).toBe(0);
    const [withKey, without] = JSON.parse(r.stdout) as {
      decision: string;
      kms: { keyArn: string; keySource?: string; decision: string };
      assumptions: { id: string; text: string }[];
    }[];
    expect(withKey.decision).toBe('implicitDeny');
    expect(withKey.kms).toMatchObject({ keyArn: oldKey, keySource: 'objectKmsKeyArn', decision: 'implicitDeny' });
    expect(withKey.assumptions.map((a) => a.id)).not.toContain('objectKeyIsBucketDefault');
    expect(without.decision).toBe('allowed');
    expect(without.kms).toMatchObject({ keyArn: bucketKey, keySource: 'bucketDefault', decision: 'allowed' });
    const assumed = without.assumptions.find((a) => a.id === 'objectKeyIsBucketDefault');
    expect(assumed?.text).toContain(`bucket's default KMS key ${bucketKey}`);
    expect(assumed?.text).toContain('"objectKmsKeyArn"');
    const text = (await run()).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      `KMS step: kms:Decrypt on ${oldKey} (the object's key, objectKmsKeyArn, in arn:aws:s3:::files): implicitDeny`,
    );
  });
});

describe('the request fields are validated like the others', () => {
  const one = async (request: Record<string, unknown>) => {
    // Through the CLI's entry point, which turns bad input into exit 2 and one line on stderr.
    const r = await setup([request], main, ['evaluate'])();
    return { code: r.code, stdout: r.stdout, line: r.stderr.trim() };
  };
  const base = { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::files/a' };

  it('a misspelt field name gets a did-you-mean', async () => {
    const r = await one({ ...base, objectKmsKeyARN: oldKey });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.line).toMatch(/r\.json:\d+:\d+: \[0\]\.objectKmsKeyARN: unknown field .*did you mean "objectKmsKeyArn"\?/);
  });

  it('a value that is not a KMS key ARN is an error naming the field', async () => {
    const r = await one({ ...base, objectKmsKeyArn: 'alias/uploads' });
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/r\.json:\d+:\d+: \[0\]\.objectKmsKeyArn: must be a KMS key ARN/);
  });

  it('an unknown operation lists the ones there are', async () => {
    const r = await one({ ...base, action: 's3:PutObject', operation: 'UploadParts' });
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/\[0\]\.operation: must be one of CreateMultipartUpload, UploadPart, UploadPartCopy/);
  });

  it('an operation with an action other than s3:PutObject, and objectKmsKeyArn on a write, are errors', () => {
    expect(parseRequest({ ...base, operation: 'UploadPart' })).toMatchObject({
      ok: false,
      path: ['operation'],
      message: expect.stringContaining('set "action" to "s3:PutObject"'),
    });
    expect(parseRequest({ ...base, action: 's3:PutObject', objectKmsKeyArn: oldKey })).toMatchObject({
      ok: false,
      path: ['objectKmsKeyArn'],
      message: expect.stringContaining('s3:x-amz-server-side-encryption-aws-kms-key-id'),
    });
    expect(
      parseRequest({ ...base, action: 's3:PutObject', operation: 'CompleteMultipartUpload', objectKmsKeyArn: oldKey })
        .ok,
    ).toBe(true);
  });

  it('evaluateRequest (the app, library use: no schema) refuses an unknown operation instead of treating it as an upload part', () => {
    const catalog = loadCatalog();
    const pw = prepareWorkspace(workspace as unknown as Workspace, { catalog });
    const a = evaluateRequest(
      pw,
      { ...base, action: 's3:PutObject', operation: 'uploadPart' },
      { now: new Date('2026-12-07T00:00:00Z') },
    );
    expect(a.error).toMatchObject({ code: 'request.operation' });
    expect(a.error?.message).toContain('"operation" "uploadPart" must be one of CreateMultipartUpload, UploadPart');
    expect(a.kms).toBeUndefined();
    const ok = evaluateRequest(
      pw,
      { ...base, action: 's3:PutObject', operation: 'UploadPart' },
      { now: new Date('2026-12-07T00:00:00Z') },
    );
    expect(ok.error).toBeUndefined();
  });
  // https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN (the key ARN HeadObject
  // returns in SSEKMSKeyId): the app's path refuses a malformed key ARN as the CLI's schema does, instead of looking
  // up a key policy under a name no key has.
  it('evaluateRequest (no schema) refuses an objectKmsKeyArn that is not a KMS key ARN, and accepts a real one', () => {
    const pw = prepareWorkspace(workspace as unknown as Workspace, { catalog: loadCatalog() });
    const now = { now: new Date('2026-12-07T00:00:00Z') };
    for (const bad of ['alias/uploads', 'arn:aws:s3:::files/a', 42]) {
      const a = evaluateRequest(pw, { ...base, objectKmsKeyArn: bad as string }, now);
      expect(a.error, String(bad)).toMatchObject({ code: 'request.objectKmsKeyArn' });
      expect(a.error?.message).toContain('"objectKmsKeyArn" must be a KMS key ARN');
      expect(a.kms).toBeUndefined();
    }
    expect(evaluateRequest(pw, { ...base, objectKmsKeyArn: oldKey }, now).error).toBeUndefined();
  });
});
