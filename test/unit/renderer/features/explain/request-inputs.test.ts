/**
 * The app's S3 request inputs beside the missing-context form (explain/request-inputs.ts): which inputs are offered
 * for which action, the engine's wording for a bad value, and the request built from them, run through the engine on
 * a workspace whose bucket is SSE-KMS and whose key policy lets the role only encrypt new objects.
 * - S3 authorizes the multipart operations as s3:PutObject; with SSE-KMS, UploadPart, UploadPartCopy and
 *   CompleteMultipartUpload need kms:Decrypt on the key, CreateMultipartUpload kms:GenerateDataKey:
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html
 * - SSE-KMS permissions (kms:GenerateDataKey to write, kms:Decrypt to read):
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * - A key policy must allow explicitly (no IAM allow counts unless the key policy delegates to the account):
 *   https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 * - The key ARN (as HeadObject returns it in SSEKMSKeyId):
 *   https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Request } from '../../../../../policy-engine/model/request';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { evaluateRequest } from '../../../../../policy-engine/index';
import { prepareWorkspace } from '../../../../../policy-engine/evaluate/index';
import { loadCatalog } from '../../../../../policy-engine/catalog/index';
import {
  NO_REQUEST_INPUTS,
  inputProblems,
  offeredInputs,
  withRequestInputs,
  type RequestInputs,
} from '../../../../../renderer/src/features/explain/request-inputs';

const OPS = ['CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload'];
const A = '123456789012';
const BUCKET_KEY = `arn:aws:kms:us-east-1:${A}:key/1111aaaa-2222-4333-8444-555566667777`;
const UPLOAD_KEY = `arn:aws:kms:us-east-1:${A}:key/8888bbbb-9999-4aaa-8bbb-ccccddddeeee`;
const ID = 'us-east-1:11111111-1111-4111-8111-111111111111';
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234';

const fixture = join(__dirname, '..', '..', '..', '..', 'fixtures', 'app', 'sse-kms-uploads.rolecall.json');
const inputs = (patch: Partial<RequestInputs>): RequestInputs => ({ ...NO_REQUEST_INPUTS, ...patch });

/** The request the app builds for the matrix cell s3:PutObject on the signed-in user's own folder. */
const cell = (action: string): Request => ({
  identity: {
    identityPoolId: POOL,
    provider: PROVIDER,
    identityId: ID,
    claims: { sub: '8f4e2c1a-0000-4000-8000-000000000001', aud: '4pq2demo0client0id0000001', token_use: 'id' },
  },
  action,
  resource: `arn:aws:s3:::demo-app-user-files/private/${ID}/movie.mp4`,
  context: { 'aws:SecureTransport': 'true' },
});

describe('what the form offers for which action', () => {
  it('offers the multipart operations for s3:PutObject only, in the engine’s list', () => {
    expect(offeredInputs('s3:PutObject').operations).toEqual(OPS);
    expect(offeredInputs('S3:putobject').operations).toEqual(OPS);
    for (const action of ['s3:GetObject', 's3:DeleteObject', 's3:ListBucket', 'dynamodb:PutItem'])
      expect(offeredInputs(action).operations, action).toBeNull();
  });

  it('offers the object’s key when the request reads an existing object’s key', () => {
    expect(offeredInputs('s3:GetObject').objectKmsKeyArn).toBe(true);
    expect(offeredInputs('s3:GetObjectVersion').objectKmsKeyArn).toBe(true);
    // A single PutObject and CreateMultipartUpload write a new object: their headers choose its key.
    expect(offeredInputs('s3:PutObject').objectKmsKeyArn).toBe(false);
    expect(offeredInputs('s3:PutObject', inputs({ operation: 'CreateMultipartUpload' })).objectKmsKeyArn).toBe(false);
    for (const operation of ['UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload'])
      expect(offeredInputs('s3:PutObject', inputs({ operation })).objectKmsKeyArn, operation).toBe(true);
    expect(offeredInputs('s3:DeleteObject').objectKmsKeyArn).toBe(false);
    expect(offeredInputs('dynamodb:GetItem').objectKmsKeyArn).toBe(false);
  });
});

describe('the engine’s wording for a bad value', () => {
  it('refuses a key ARN that is not one, as evaluateRequest does, and accepts key and alias ARNs', () => {
    const pw = prepareWorkspace(JSON.parse(readFileSync(fixture, 'utf8')) as Workspace, { catalog: loadCatalog() });
    for (const bad of ['alias/uploads', 'arn:aws:s3:::demo-app-user-files/a', '1111aaaa-2222-4333-8444-555566667777']) {
      const problem = inputProblems('s3:GetObject', inputs({ objectKmsKeyArn: bad })).objectKmsKeyArn;
      expect(problem, bad).toMatch(
        /^"objectKmsKeyArn" must be a KMS key ARN \(arn:PARTITION:kms:REGION:ACCOUNT:key\/KEY-ID, as HeadObject returns it in SSEKMSKeyId\)/,
      );
      // The same words as the engine's own refusal of that request.
      const engine = evaluateRequest(pw, { ...cell('s3:GetObject'), objectKmsKeyArn: bad }, { now: new Date() });
      expect(engine.error?.message).toContain(problem);
    }
    expect(inputProblems('s3:GetObject', inputs({ objectKmsKeyArn: UPLOAD_KEY }))).toEqual({});
    expect(inputProblems('s3:GetObject', inputs({ objectKmsKeyArn: `arn:aws:kms:us-east-1:${A}:alias/up` }))).toEqual(
      {},
    );
    expect(inputProblems('s3:GetObject', NO_REQUEST_INPUTS)).toEqual({});
    // A key typed for a request that does not read one is not sent, so not reported.
    expect(inputProblems('s3:PutObject', inputs({ objectKmsKeyArn: 'nonsense' }))).toEqual({});
  });

  it('refuses an operation outside the engine’s list with the engine’s words', () => {
    expect(inputProblems('s3:PutObject', inputs({ operation: 'uploadPart' })).operation).toContain(
      '"operation" "uploadPart" must be one of CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload',
    );
  });
});

describe('the request built from the inputs', () => {
  it('adds the inputs that apply and pass, and nothing else', () => {
    const put = cell('s3:PutObject');
    expect(withRequestInputs(put, inputs({ operation: 'UploadPart', objectKmsKeyArn: ` ${UPLOAD_KEY} ` }))).toEqual({
      ...put,
      operation: 'UploadPart',
      objectKmsKeyArn: UPLOAD_KEY,
    });
    expect(withRequestInputs(put, inputs({ operation: 'CreateMultipartUpload', objectKmsKeyArn: UPLOAD_KEY }))).toEqual(
      { ...put, operation: 'CreateMultipartUpload' },
    );
    expect(withRequestInputs(put, inputs({ operation: 'UploadPart', objectKmsKeyArn: 'alias/x' }))).toEqual({
      ...put,
      operation: 'UploadPart',
    });
    const get = cell('s3:GetObject');
    expect(withRequestInputs(get, inputs({ operation: 'UploadPart', objectKmsKeyArn: UPLOAD_KEY }))).toEqual({
      ...get,
      objectKmsKeyArn: UPLOAD_KEY,
    });
    const del = cell('s3:DeleteObject');
    expect(withRequestInputs(del, inputs({ operation: 'UploadPart', objectKmsKeyArn: UPLOAD_KEY }))).toEqual(del);
  });

  it('never builds a request the engine refuses for its operation or key, whatever is typed', () => {
    const pw = prepareWorkspace(JSON.parse(readFileSync(fixture, 'utf8')) as Workspace, { catalog: loadCatalog() });
    const action = fc.constantFrom('s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject');
    const operation = fc.oneof(fc.constantFrom('', ...OPS), fc.string());
    const key = fc.oneof(fc.constant(''), fc.constant(UPLOAD_KEY), fc.string(), fc.constant(`${BUCKET_KEY}x`));
    fc.assert(
      fc.property(action, operation, key, (a, op, k) => {
        const request = withRequestInputs(cell(a), { operation: op, objectKmsKeyArn: k });
        const code = evaluateRequest(pw, request, { now: new Date() }).error?.code ?? '';
        expect(code).not.toMatch(/^request\.(operation|objectKmsKeyArn)$/);
      }),
      { numRuns: 60 },
    );
  });

  it('through the engine: UploadPart asks kms:Decrypt, which the bucket key refuses; the upload key allows it', () => {
    const pw = prepareWorkspace(JSON.parse(readFileSync(fixture, 'utf8')) as Workspace, { catalog: loadCatalog() });
    const run = (patch: Partial<RequestInputs>) =>
      evaluateRequest(pw, withRequestInputs(cell('s3:PutObject'), inputs(patch)), { now: new Date() });

    // A single PutObject: kms:GenerateDataKey, which the key policy's UsersEncryptNewObjects allows.
    const single = run({});
    expect(single.decision).toBe('allowed');
    expect(single.kms).toMatchObject({ action: 'kms:GenerateDataKey', keyArn: BUCKET_KEY, decision: 'allowed' });

    const part = run({ operation: 'UploadPart' });
    expect(part.decision).toBe('implicitDeny');
    expect(part.kms).toMatchObject({ action: 'kms:Decrypt', keyArn: BUCKET_KEY, operation: 'UploadPart' });
    expect(part.kms?.decision).toBe('implicitDeny');
    expect(part.message).toBe(
      `User: arn:aws:sts::${A}:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: kms:Decrypt on resource: ${BUCKET_KEY} because no resource-based policy allows the kms:Decrypt action`,
    );

    const fixed = run({ operation: 'UploadPart', objectKmsKeyArn: UPLOAD_KEY });
    expect(fixed.decision).toBe('allowed');
    expect(fixed.kms).toMatchObject({
      action: 'kms:Decrypt',
      keyArn: UPLOAD_KEY,
      keySource: 'objectKmsKeyArn',
      decision: 'allowed',
    });
    expect(fixed.kms?.matchedStatements.map((m) => m.sid)).toEqual(['UsersUseUploadKey']);
  });

  it('the KMS step cites the key policy statement at its line in the workspace file, as the other policies are', () => {
    const text = readFileSync(fixture, 'utf8');
    const pw = prepareWorkspace(JSON.parse(text) as Workspace, {
      catalog: loadCatalog(),
      source: { text, file: 'sse-kms-uploads.rolecall.json' },
    });
    const request = withRequestInputs(
      cell('s3:PutObject'),
      inputs({ operation: 'UploadPart', objectKmsKeyArn: UPLOAD_KEY }),
    );
    const matched = evaluateRequest(pw, request, { now: new Date() }).kms?.matchedStatements ?? [];
    expect(matched.map((m) => m.sid)).toEqual(['UsersUseUploadKey']);
    // The statement's opening brace: the line before its "Sid" in the file.
    const sidLine = text.split('\n').findIndex((l) => l.includes('"Sid": "UsersUseUploadKey"')) + 1;
    expect(matched[0]).toMatchObject({ file: 'sse-kms-uploads.rolecall.json', start: { line: sidLine - 1 } });
  });
});
