/**
 * Issue 10 in the app (Chromium through the browser host): a template whose role policies name a table, a bucket and
 * a per-user prefix that it does not define is imported; those become matrix columns marked "from policy" (in the
 * import's report and in the resources list); the user removes a column by its name and adds one by ARN, where a bad
 * ARN is refused with the reason and a corrected ARN to add instead. Tests find things by role and label only.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import { openDemo, screenshot, useWebHost } from './journey-helpers';

const host = useWebHost('per-file');
const STACK = join(repoRoot, 'test', 'fixtures', 'import', 'from-policy', 'identity-stack.yaml');
const A = '000000000000';
const TABLE = `arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev`;

test('resources named only in policies become "from policy" columns; the user removes and adds columns', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openDemo(page, host());
  await page.getByLabel('Files to import').setInputFiles([STACK]);

  // The import's report says what was added and why, with the file and line of the role.
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText(`added ${TABLE} to the resources (from policy)`);
  await expect(problems).toContainText('identity-stack.yaml:31:3');
  await expect(problems).toContainText('not added to the resources');
  // The explorer marks them too.
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  await expect(
    explorer.locator('[role="treeitem"].kind-resource').filter({ hasText: /Notes-dev.*from policy/ }),
  ).toHaveCount(2);

  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid.getByRole('columnheader', { name: TABLE, exact: true })).toBeAttached();
  // One header for the actions, one per resource.
  await expect(grid.getByRole('columnheader')).toHaveCount(6);

  await page.getByRole('button', { name: 'Resources (5)' }).click();
  const panel = page.getByRole('region', { name: 'Matrix resources' });
  await expect(panel.getByText('from policy')).toHaveCount(5);

  // Remove a column by its name.
  await panel.getByRole('button', { name: 'Remove Notes-dev/index/*' }).click();
  await expect(page.getByRole('button', { name: 'Resources (4)' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: `${TABLE}/index/*`, exact: true })).toHaveCount(0);
  await expect(grid.getByRole('columnheader')).toHaveCount(5);

  // A table ARN without region and account is refused, with the workspace's region and account offered.
  const field = panel.getByRole('textbox', { name: 'Resource ARN' });
  await field.fill('arn:aws:dynamodb:::table/Audit');
  await panel.getByRole('button', { name: 'Add resource' }).click();
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('a DynamoDB ARN names its region');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'resources-did-you-mean');
  await alert.getByRole('button', { name: `Add arn:aws:dynamodb:us-east-1:${A}:table/Audit` }).click();
  await expect(
    grid.getByRole('columnheader', { name: `arn:aws:dynamodb:us-east-1:${A}:table/Audit`, exact: true }),
  ).toBeAttached();
  await expect(page.getByRole('button', { name: 'Resources (5)' })).toBeVisible();
  // The added column is the user's, not "from policy".
  await expect(panel.getByText('from policy')).toHaveCount(4);

  // Another service is refused without a guess; a valid prefix is added.
  await field.fill('arn:aws:sqs:us-east-1:123456789012:jobs');
  await field.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('the matrix shows S3 and DynamoDB resources');
  await expect(panel.getByRole('alert').getByRole('button')).toHaveCount(0);
  await field.fill('arn:aws:s3:::notes-app-uploads-dev/shared/*');
  await field.press('Enter');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(
    grid.getByRole('columnheader', { name: 'arn:aws:s3:::notes-app-uploads-dev/shared/*', exact: true }),
  ).toBeAttached();
  await expect(page.getByRole('button', { name: 'Resources (6)' })).toBeVisible();
  await screenshot(page, 'resources-edited');
});
