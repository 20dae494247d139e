/**
 * UploadPartCopy reads its source object: besides s3:PutObject on the destination (the part upload), S3 needs
 * s3:GetObject on the copy source, and kms:Decrypt on the source's key when it is SSE-KMS, asked as the same caller.
 * The request's `copySource` names the source; the answer decides that step too and shows it ("copy source step").
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html (Permissions: s3:GetObject on the source)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html (reading the source object)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html (kms:Decrypt to read SSE-KMS objects)
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
import type { Workspace } from '../../../../policy-engine/model/workspace';
import type { Answer } from '../../../../policy-engine/model/index';
import { runCaptured } from '../run-captured';

const A = '111122223333';
const adminKey = `arn:aws:kms:us-east-1:${A}:key/1111abcd-12ab-34cd-56ef-1234567890ab`;
const principal = `arn:aws:iam::${A}:role/App`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const workspace = {
  format: 'rolecall-workspace',
  version: 1,
  accountId: A,
  iam: {
    RoleDetailList: [
      {
        RoleName: 'App',
        Arn: principal,
        RolePolicyList: [
          {
            PolicyName: 'copy',
            PolicyDocument: doc(
              { Sid: 'WriteDest', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::dest/*' },
              {
                Sid: 'ReadSources',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: ['arn:aws:s3:::src/*', 'arn:aws:s3:::secret/*', 'arn:aws:s3:::denied/*'],
              },
              { Sid: 'NotDenied', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::denied/*' },
            ),
          },
        ],
      },
    ],
  },
  // The "secret" bucket's default key lets only Admin use it.
  kmsKeys: [
    {
      KeyMetadata: { KeyId: adminKey.split('/')[1], Arn: adminKey, AWSAccountId: A, KeyManager: 'CUSTOMER' },
      Policy: doc({
        Sid: 'AdminOnly',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:role/Admin` },
        Action: 'kms:*',
        Resource: '*',
      }),
    },
  ],
  bucketEncryption: [
    {
      bucketArn: 'arn:aws:s3:::secret',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: adminKey } }],
      },
    },
  ],
};
const copy = (copySource: string, resource = 'arn:aws:s3:::dest/big') => ({
  principal,
  action: 's3:PutObject',
  operation: 'UploadPartCopy',
  resource,
  copySource,
});

function setup(requests: unknown, command = runEvaluate, prefix: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-upc-'));
  writeFileSync(join(dir, 'w.rolecall.json'), JSON.stringify(workspace, null, 2));
  writeFileSync(join(dir, 'r.json'), JSON.stringify(requests, null, 2));
  return (format = 'table') =>
    runCaptured(command, [...prefix, '--workspace', 'w.rolecall.json', '--requests', 'r.json', '--format', format], {
      cwd: dir,
      now: new Date('2026-12-07T08:00:00Z'),
    });
}

describe('UploadPartCopy: the source object is read too', () => {
  const run = setup([
    copy('arn:aws:s3:::src/a'),
    copy('arn:aws:s3:::elsewhere/a'),
    copy('arn:aws:s3:::secret/a'),
    copy('arn:aws:s3:::denied/a'),
    copy('arn:aws:s3:::src/a', 'arn:aws:s3:::other/big'),
    { principal, action: 's3:PutObject', operation: 'UploadPartCopy', resource: 'arn:aws:s3:::dest/big' },
  ]);
  const answers = async () => {
    const r = await run('json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Answer[];
  };

  it('a source the caller may read: allowed, with the source step allowed by its statement', async () => {
    const [ok] = await answers();
    expect(ok.decision).toBe('allowed');
    expect(ok.copySource).toMatchObject({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::src/a',
      decision: 'allowed',
    });
    expect(ok.copySource!.matchedStatements.map((m) => m.sid)).toEqual(['ReadSources']);
    // The part upload's own statement still decides the answer.
    expect(ok.matchedStatements.map((m) => m.sid)).toContain('WriteDest');
  });

  it("a source no policy lets it read: refused with AWS's AccessDenied for s3:GetObject on the source", async () => {
    const [, none] = await answers();
    expect(none.decision).toBe('implicitDeny');
    expect(none.copySource?.decision).toBe('implicitDeny');
    expect(none.message).toContain('not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::elsewhere/a"');
  });

  it("an SSE-KMS source whose key policy refuses the caller: refused at the source's kms:Decrypt", async () => {
    const [, , secret] = await answers();
    expect(secret.decision).toBe('implicitDeny');
    expect(secret.copySource?.kms).toMatchObject({ action: 'kms:Decrypt', keyArn: adminKey, decision: 'implicitDeny' });
    expect(secret.message).toContain(`kms:Decrypt on resource: ${adminKey}`);
  });

  it('an explicit Deny on the source: explicitDeny, with the Deny statement', async () => {
    const [, , , denied] = await answers();
    expect(denied.decision).toBe('explicitDeny');
    expect(denied.matchedStatements.map((m) => m.sid)).toContain('NotDenied');
    expect(denied.message).toContain('s3:GetObject');
  });

  it('a part upload refused itself keeps its own AccessDenied; the source step is still shown', async () => {
    const [, , , , dest] = await answers();
    expect(dest.decision).toBe('implicitDeny');
    expect(dest.message).toContain('s3:PutObject on resource: "arn:aws:s3:::other/big"');
    expect(dest.copySource?.decision).toBe('allowed');
  });

  it('without copySource nothing is checked for the source, and the KMS-free answer is the part upload alone', async () => {
    const [, , , , , plain] = await answers();
    expect(plain.decision).toBe('allowed');
    expect(plain.copySource).toBeUndefined();
  });

  it('the table shows the copy source step with its decision and statements', async () => {
    const text = (await run()).stdout;
    expect(text).toContain('copy source step of UploadPartCopy: s3:GetObject on arn:aws:s3:::src/a: allowed');
    expect(text).toMatch(/copy source step of UploadPartCopy: s3:GetObject on arn:aws:s3:::secret\/a: implicitDeny/);
    expect(text).toContain(`its KMS step: kms:Decrypt on ${adminKey}`);
    expect(text).toMatch(/✗ Deny applies: identity App\/copy statement 2 "NotDenied" \(line \d+, col \d+\)/);
  });
});

describe('copySource is validated like the other request fields', () => {
  const one = async (request: Record<string, unknown>) => {
    const r = await setup([request], main, ['evaluate'])();
    return { code: r.code, stdout: r.stdout, line: r.stderr.trim() };
  };

  it('with another operation, or none: an error naming the field and the operation it needs', async () => {
    const r = await one({ ...copy('arn:aws:s3:::src/a'), operation: 'UploadPart' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.line).toMatch(
      /r\.json:\d+:\d+: \[0\]\.copySource: .*set "operation" to "UploadPartCopy".*not "UploadPart"/,
    );
    const { operation: _dropped, ...noOperation } = copy('arn:aws:s3:::src/a');
    expect(parseRequest(noOperation)).toMatchObject({ ok: false, path: ['copySource'] });
  });

  it('a value that is not an object ARN (a bucket, a path): an error with the expected form', async () => {
    for (const bad of ['arn:aws:s3:::src', '/src/a', 'arn:aws:s3:::src/']) {
      const r = await one(copy(bad));
      expect(r.code).toBe(2);
      expect(r.line).toMatch(/\[0\]\.copySource: .*arn:PARTITION:s3:::BUCKET\/KEY/);
    }
  });

  it('evaluateRequest (the app, library use: no schema) returns the same problem as answer.error', () => {
    const pw = prepareWorkspace(workspace as unknown as Workspace);
    const a = evaluateRequest(pw, copy('not-an-arn'), { now: new Date('2026-12-07T08:00:00Z') });
    expect(a.error).toMatchObject({ code: 'request.copySource' });
    expect(a.error?.message).toContain('arn:PARTITION:s3:::BUCKET/KEY');
  });
});
