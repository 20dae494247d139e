/**
 * A large matrix does not block the UI: the demo workspace grown (in the test, not as a committed fixture) by many
 * buckets, objects and tables, each granted by its own statement, is opened through the file input; the Access view
 * shows the matrix's progress with a count, the UI answers while the worker computes, Cancel stops the computation
 * (nothing is finished behind the user's back), and computing again completes with counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import { openView, useWebHost } from './journey-helpers';

const host = useWebHost('per-test');

/** Resources added to the demo: a third buckets, a third objects, a third DynamoDB tables. */
const BULK_RESOURCES = 1500;
/** Statements per generated managed policy (each stays well under IAM's 6,144-character limit). */
const STATEMENTS_PER_POLICY = 15;
const ACCOUNT = '123456789012';

/**
 * The demo workspace plus `count` resources; the demo's signed-in role (AppUser) gets one statement per resource,
 * spread over managed policies, so every added column has something to evaluate.
 */
function largeWorkspace(count: number): { name: string; text: string; resources: number } {
  const ws = JSON.parse(readFileSync(join(repoRoot, 'examples', 'demo.rolecall.json'), 'utf8'));
  ws.name = 'Large matrix workspace';
  const resources: string[] = [];
  const statements: object[] = [];
  for (let i = 0; i < count; i++) {
    const bucket = `bulk-bucket-${i - (i % 3)}`;
    if (i % 3 === 0) {
      resources.push(`arn:aws:s3:::${bucket}`);
      statements.push({
        Sid: `ListBucket${i}`,
        Effect: 'Allow',
        Action: ['s3:List*', 's3:GetBucket*'],
        Condition: { StringLike: { 'aws:PrincipalTag/team': [`team-${i}-*`] } },
        Resource: `arn:aws:s3:::${bucket}`,
      });
    } else if (i % 3 === 1) {
      resources.push(`arn:aws:s3:::${bucket}/data/object-${i}.json`);
      statements.push({
        Sid: `ReadObjects${i}`,
        Effect: 'Allow',
        Action: ['s3:GetObject*', 's3:PutObject*'],
        Resource: `arn:aws:s3:::${bucket}/data/*`,
        Condition: { StringLike: { 'aws:PrincipalTag/team': [`team-${i}-*`] } },
      });
    } else {
      resources.push(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Bulk${i}`);
      statements.push({
        Sid: `ReadTable${i}`,
        Effect: 'Allow',
        Action: ['dynamodb:Get*', 'dynamodb:Query', 'dynamodb:Describe*'],
        Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Bulk${i}`,
      });
    }
  }
  ws.resources = [...ws.resources, ...resources];
  const role = ws.iam.RoleDetailList.find((r: { RoleName: string }) => r.RoleName === 'AppUser');
  for (let p = 0; p * STATEMENTS_PER_POLICY < statements.length; p++) {
    const name = `BulkAccess${p}`;
    const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`;
    const Document = {
      Version: '2012-10-17',
      Statement: statements.slice(p * STATEMENTS_PER_POLICY, (p + 1) * STATEMENTS_PER_POLICY),
    };
    ws.iam.Policies.push({
      PolicyName: name,
      PolicyId: `ANPABULK${String(p).padStart(12, '0')}`,
      Arn: arn,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: '2025-03-14T09:21:40Z',
      UpdateDate: '2025-03-14T09:21:40Z',
      PolicyVersionList: [{ Document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2025-03-14T09:21:40Z' }],
    });
    role.AttachedManagedPolicies.push({ PolicyName: name, PolicyArn: arn });
  }
  return { name: ws.name, text: JSON.stringify(ws, null, 2), resources: ws.resources.length };
}

test('a large matrix: progress with a count, the UI answers meanwhile, Cancel stops it, computing again completes', async ({
  page,
}) => {
  const large = largeWorkspace(BULK_RESOURCES);
  await openView(page, host(), 'Access');
  const counts = page.getByRole('status', { name: 'Cell counts' });
  await expect(counts).toContainText(/\d+ allowed/);
  const actions = Number(/of (\d+) actions/.exec((await counts.textContent()) ?? '')?.[1]);
  expect(actions * large.resources).toBeGreaterThanOrEqual(70_000);

  // Open the large workspace through the app's file input.
  await page
    .getByLabel('Workspace file to open')
    .setInputFiles({ name: 'large.rolecall.json', mimeType: 'application/json', buffer: Buffer.from(large.text) });
  await expect(page.getByRole('heading', { level: 1, name: large.name })).toBeVisible();

  // The progress bar appears with a count of the actions done so far.
  const progress = page.getByRole('progressbar', { name: 'Matrix progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('max', String(actions));
  await expect(page.getByRole('status').filter({ has: progress })).toContainText(new RegExp(`\\d+/${actions}`));
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid).toHaveCount(0);

  // While the worker computes, the UI answers: the search field takes input, the Identity tab shows the trace.
  await page.getByLabel('Search actions').fill('getobject');
  await expect(page.getByLabel('Search actions')).toHaveValue('getobject');
  await page.getByRole('tab', { name: 'Identity', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Role resolution' }).getByRole('status')).toContainText('AppUser');
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await expect(progress).toBeVisible();

  // Cancel stops it: the progress bar goes away and the view says the matrix was cancelled, with no matrix shown.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(progress).toHaveCount(0);
  const cancelled = page.getByRole('status', { name: 'Matrix cancelled' });
  await expect(cancelled).toContainText('cancelled');
  await expect(grid).toHaveCount(0);
  await expect(counts).toHaveCount(0);
  await expect(page.getByText('Computing the matrix…')).toHaveCount(0);

  // Starting again computes the whole matrix, with its progress, and shows the counts.
  await cancelled.getByRole('button', { name: 'Compute the matrix' }).click();
  await expect(progress).toBeVisible();
  await expect(counts).toContainText(/\d+ allowed/, { timeout: 25_000 });
  await expect(counts).toContainText(`of ${actions} actions`);
  await expect(progress).toHaveCount(0);
  await expect(cancelled).toHaveCount(0);
  await expect(
    grid.getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::bulk-bucket-0\/data\/object-1\.json: / }),
  ).toBeVisible();
});
