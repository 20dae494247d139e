/**
 * Issue #11 in the app (Chromium through the browser host): the explanation of an S3 object cell takes the request's
 * `operation` (s3:PutObject only) and `objectKmsKeyArn`, and its KMS step follows them as the user picks and types.
 * The workspace (test/fixtures/app/sse-kms-uploads.rolecall.json) is the demo with its user-files bucket SSE-KMS under
 * a key whose policy lets AppUser only kms:GenerateDataKey, and a second key that also allows kms:Decrypt.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions (UploadPart: kms:Decrypt)
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html (the key policy must allow)
 * Screenshots: test/artifacts/request-inputs-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshot, useWebHost } from './journey-helpers';
import { repoRoot } from '../start-web-host';

const host = useWebHost('per-file');
const A = '123456789012';
const BUCKET_KEY = `arn:aws:kms:us-east-1:${A}:key/1111aaaa-2222-4333-8444-555566667777`;
const UPLOAD_KEY = `arn:aws:kms:us-east-1:${A}:key/8888bbbb-9999-4aaa-8bbb-ccccddddeeee`;
const ID = 'us-east-1:11111111-1111-4111-8111-111111111111';
const fixture = join(repoRoot, 'test', 'fixtures', 'app', 'sse-kms-uploads.rolecall.json');

test('UploadPart on an SSE-KMS bucket: the KMS step denies kms:Decrypt; the object key that allows it flips it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(host().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'sse-kms-uploads.rolecall.json',
    mimeType: 'application/json',
    buffer: readFileSync(fixture),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'SSE-KMS uploads (app request inputs)' })).toBeVisible();
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await expect(page.getByText('Preparing the workspace…')).toHaveCount(0);

  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await page.getByLabel('Search actions').fill('putobject');
  await grid
    .getByRole('button', { name: /^s3:PutObject on arn:aws:s3:::demo-app-user-files\/private\/.*: Allowed$/ })
    .click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  const inputs = explanation.getByRole('form', { name: 'S3 request inputs' });
  const kms = explanation.getByLabel('KMS step');

  // A single PutObject writes a new object: kms:GenerateDataKey, allowed; no object key to give.
  await expect(kms).toContainText('kms:GenerateDataKey');
  await expect(kms).toContainText(`${BUCKET_KEY} — allowed`);
  await expect(inputs.getByLabel('objectKmsKeyArn')).toHaveCount(0);

  // UploadPart: S3 decrypts the upload's data key, which the key policy does not allow AppUser.
  await inputs.getByLabel('operation').selectOption('UploadPart');
  await expect(kms).toContainText(`KMS step of UploadPart: kms:Decrypt on ${BUCKET_KEY} — implicitDeny`);
  await expect(explanation.getByLabel('AccessDenied message')).toHaveText(
    `User: arn:aws:sts::${A}:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: kms:Decrypt on resource: ${BUCKET_KEY} because no resource-based policy allows the kms:Decrypt action`,
  );
  await screenshot(page, 'request-inputs-denied');

  // Not a key ARN: the engine's words, and the request stays as it was.
  const keyField = inputs.getByLabel('objectKmsKeyArn');
  await keyField.fill('alias/uploads');
  await expect(inputs.getByRole('alert')).toContainText(
    '"objectKmsKeyArn" must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID, as HeadObject returns it in SSEKMSKeyId)',
  );
  await expect(kms).toContainText(`kms:Decrypt on ${BUCKET_KEY} — implicitDeny`);

  // The object's own key, whose policy allows kms:Decrypt: the step and the answer flip to allowed.
  await keyField.fill(UPLOAD_KEY);
  await expect(inputs.getByRole('alert')).toHaveCount(0);
  await expect(kms).toContainText(`KMS step of UploadPart: kms:Decrypt on ${UPLOAD_KEY} — allowed`);
  await expect(kms).toContainText('UsersUseUploadKey');
  // The key policy statement is cited at its line in the file the user opened.
  const line = readFileSync(fixture, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('"Sid": "UsersUseUploadKey"'));
  await expect(kms).toContainText(`(sse-kms-uploads.rolecall.json, line ${line})`);
  await expect(explanation.getByLabel('AccessDenied message')).toHaveCount(0);
  await expect(explanation.getByRole('status').first()).toContainText('Allowed');
  await screenshot(page, 'request-inputs-allowed');

  // Back to CreateMultipartUpload: a new object again, so the key field goes and GenerateDataKey is asked.
  await inputs.getByLabel('operation').selectOption('CreateMultipartUpload');
  await expect(kms).toContainText(`KMS step of CreateMultipartUpload: kms:GenerateDataKey on ${BUCKET_KEY} — allowed`);
  await expect(inputs.getByLabel('objectKmsKeyArn')).toHaveCount(0);
});

test('Debug AccessDenied: the pasted GetObject call takes the object key, and the KMS step follows it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(host().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'sse-kms-uploads.rolecall.json',
    mimeType: 'application/json',
    buffer: readFileSync(fixture),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'SSE-KMS uploads (app request inputs)' })).toBeVisible();
  await page.getByRole('tab', { name: 'Debug AccessDenied', exact: true }).click();
  const form = page.getByRole('form', { name: 'Debug an AccessDenied error' });
  await form
    .getByLabel('AccessDenied error message')
    .fill(
      `User: arn:aws:sts::${A}:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::demo-app-user-files/private/${ID}/report.pdf" because no identity-based policy allows the s3:GetObject action`,
    );
  await form.getByLabel('Identity id of the caller (optional)').fill(ID);
  await form.getByRole('button', { name: 'Explain this denial' }).click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  const kms = explanation.getByLabel('KMS step');
  // A read: kms:Decrypt on the bucket's default key, which the key policy does not allow AppUser.
  await expect(kms).toContainText(`kms:Decrypt on ${BUCKET_KEY} — implicitDeny`);
  const inputs = explanation.getByRole('form', { name: 'S3 request inputs' });
  await expect(inputs.getByLabel('operation')).toHaveCount(0);
  await inputs.getByLabel('objectKmsKeyArn').fill('arn:aws:kms:us-east-1:123456789012:uploads');
  await expect(inputs.getByRole('alert')).toContainText('"objectKmsKeyArn" must be a KMS key ARN');
  await inputs.getByLabel('objectKmsKeyArn').fill(UPLOAD_KEY);
  await expect(kms).toContainText(`kms:Decrypt on ${UPLOAD_KEY} — allowed`);
  await expect(explanation.getByRole('status').first()).toContainText('Allowed');
  await screenshot(page, 'request-inputs-debug');
});
