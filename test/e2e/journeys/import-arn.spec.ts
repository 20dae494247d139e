/**
 * Journey 1, continued — a bare `aws s3api get-bucket-policy` output names two buckets, so the importer cannot tell
 * which one the policy is attached to (import.needs-arn): the app asks for the ARN, pre-filled with a suggestion, and
 * imports again with it. Chromium through the browser host; tests find things by role and label only.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html — the output holds only {"Policy": "…"}.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fixtures, openDemo, useWebHost } from './journey-helpers';

const host = useWebHost('per-file');

test('journey 1: a get-bucket-policy output whose bucket cannot be inferred — the app asks for the ARN and imports it', async ({
  page,
}) => {
  await openDemo(page, host());

  await page
    .getByLabel('Files to import')
    .setInputFiles([join(fixtures, 'auth-details.json'), join(fixtures, 'get-bucket-policy.json')]);
  const dialog = page.getByRole('dialog', { name: 'Which resource does this file belong to?' });
  await expect(dialog).toBeVisible();
  const arn = dialog.getByRole('textbox', { name: 'ARN for get-bucket-policy.json' });
  // Pre-filled with a bucket the policy names; the reason is shown with the field.
  await expect(arn).toHaveValue(/^arn:aws:s3:::team-(photos|archive)$/);
  await expect(dialog.getByText(/cannot tell which bucket this get-bucket-policy output belongs to/)).toBeVisible();

  // A value that is not a bucket ARN is refused by the importer and asked for again, with the reason.
  await arn.fill('team photos');
  await dialog.getByRole('button', { name: 'Import again' }).click();
  await expect(dialog.getByText(/"team photos" is not a bucket ARN/)).toBeVisible();
  await expect(arn).toHaveValue('team photos');

  await arn.fill('arn:aws:s3:::team-photos');
  await dialog.getByRole('button', { name: 'Import again' }).click();
  await expect(dialog).toBeHidden();

  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  // Resource-policy rows of the explorer tree.
  const policies = explorer.locator('[role="treeitem"].kind-resourcePolicy');
  await expect(policies.filter({ hasText: /team-photos/ })).toBeVisible();
  await expect(policies.filter({ hasText: /team-archive/ })).toHaveCount(0);
  // The other file of the same import came in too.
  await expect(explorer.getByRole('treeitem', { name: /FilesRole/ }).first()).toBeVisible();
});

test('journey 1: importing without the file that needs an ARN loads the rest; Cancel keeps the current workspace', async ({
  page,
}) => {
  await openDemo(page, host());
  const explorer = page.getByRole('navigation', { name: 'Workspace' });

  await page.getByLabel('Files to import').setInputFiles([join(fixtures, 'get-bucket-policy.json')]);
  const dialog = page.getByRole('dialog', { name: 'Which resource does this file belong to?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(explorer.getByRole('treeitem', { name: /demo-app-user-files/ }).first()).toBeVisible();

  await page
    .getByLabel('Files to import')
    .setInputFiles([join(fixtures, 'auth-details.json'), join(fixtures, 'get-bucket-policy.json')]);
  await dialog.getByRole('button', { name: 'Import without this file' }).click();
  await expect(dialog).toBeHidden();
  await expect(explorer.getByRole('treeitem', { name: /FilesRole/ }).first()).toBeVisible();
  await expect(explorer.locator('[role="treeitem"].kind-resourcePolicy').filter({ hasText: /team-/ })).toHaveCount(0);
});
