/**
 * Issue 10 in the app (Chromium through the browser host): the import dialog takes the inputs people really have —
 * a Terraform plan (`terraform show -json`), a whole folder (a CDK cloud assembly, an Amplify Gen 1 amplify/backend)
 * read as one account with the CLI's folder rule, and a serverless.yml. Tests find things by role and label only.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import { openDemo, useWebHost } from './journey-helpers';

const host = useWebHost('per-file');
const fixtures = join(repoRoot, 'test', 'fixtures', 'import');

test('a Terraform plan: its roles come in, values known only after apply are listed with file:line', async ({
  page,
}) => {
  await openDemo(page, host());
  await page.getByLabel('Files to import').setInputFiles([join(fixtures, 'terraform', 'plan.json')]);
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  await expect(explorer.getByRole('treeitem', { name: /PlanAuth/ }).first()).toBeVisible();
  await expect(explorer.getByRole('treeitem', { name: /PlanGuest/ }).first()).toBeVisible();
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText(/^plan\.json:\d+:\d+ › resource_changes\[/).first()).toBeVisible();
});

test('a CDK cloud assembly folder: every stack of manifest.json as one account, the cross-stack export resolved', async ({
  page,
}) => {
  await openDemo(page, host());
  await page.getByLabel('Folder to import').setInputFiles(join(fixtures, 'equivalence', 'cdk.out'));
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  await expect(explorer.getByRole('treeitem', { name: /NotesAuth/ }).first()).toBeVisible();
  await expect(page.getByText(/Imported from cdk\.out\/AuthStack\.template\.json/)).toBeVisible();
  // The table of the data stack, exported to the auth stack, is a resource of the one account.
  await expect(
    explorer
      .locator('[role="treeitem"].kind-resource')
      .filter({ hasText: /table\/Notes/ })
      .first(),
  ).toBeVisible();
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText('error', { exact: true })).toHaveCount(0);
});

test('an Amplify Gen 1 amplify/backend folder: root stack, auth nested stack and its parameters', async ({ page }) => {
  await openDemo(page, host());
  await page.getByLabel('Folder to import').setInputFiles(join(fixtures, 'amplify-gen1', 'amplify', 'backend'));
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  await expect(explorer.locator('[role="treeitem"].kind-identityPool').first()).toBeVisible();
  await expect(explorer.locator('[role="treeitem"].kind-role').first()).toBeVisible();
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText('error', { exact: true })).toHaveCount(0);
});

test('a serverless.yml: read as one stack; an SSM value is listed with what to run instead', async ({ page }) => {
  await openDemo(page, host());
  await page.getByLabel('Files to import').setInputFiles([join(fixtures, 'serverless', 'serverless.yml')]);
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  await expect(explorer.getByRole('treeitem', { name: /notes-api-dev-auth/ }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText(
    'read from SSM Parameter Store when Serverless runs',
  );
});
