/**
 * The app in a browser, served by the browser host: it loads the demo workspace, shows it, logs no console errors,
 * and sends no request anywhere but 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../electron/security';
import { keepForReadme, repoRoot, startWebHost } from './start-web-host';
import type { RunningHost } from './start-web-host';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startWebHost();
});

test.afterAll(async () => {
  await host?.stop();
});

/** Records console errors, page errors and any request that leaves the host's origin. */
function watch(page: Page) {
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${host.origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))
      foreignRequests.push(url);
  });
  return { consoleErrors, foreignRequests };
}

test('shows the demo workspace with no console errors and no request leaving 127.0.0.1', async ({ page }) => {
  const seen = watch(page);
  await page.goto(host.url);

  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  for (const section of ['Identity pools', 'Roles', 'Managed policies', 'Resource policies', 'Resources']) {
    await expect(explorer.getByRole('treeitem', { name: new RegExp(`^${section}`), level: 1 })).toBeVisible();
  }
  for (const name of ['demo_app_identities', 'AppGuest', 'AppUser', 'AppAdmin', 'DemoAppBoundary', 'table/Notes']) {
    await expect(explorer.getByRole('treeitem', { name: new RegExp(name) }).first()).toBeVisible();
  }

  // The app opens on the question it answers (who → which role → what access); the Explorer tab shows the first
  // document: the authenticated role's inline policy, in Monaco, read-only.
  await expect(page.getByRole('tab', { name: 'Access', exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Explorer', exact: true }).click();
  const editor = page.getByRole('tabpanel', { name: /AppUser › UserFiles \(inline\)/ });
  await expect(editor).toBeVisible();
  await expect(editor.getByText('ReadWriteOwnFolder')).toBeVisible();
  await expect(page.getByRole('textbox', { name: /AppUser › UserFiles \(inline\), JSON, read-only/ })).toBeAttached();

  // Selecting another policy shows it and its details.
  await explorer.getByRole('treeitem', { name: /PublicRead/ }).click();
  await expect(
    page.getByRole('tabpanel', { name: /AppGuest › PublicRead/ }).getByText('ReadPublicObjects'),
  ).toBeVisible();
  await expect(
    page.getByRole('complementary', { name: 'Details' }).getByText('arn:aws:iam::123456789012:role/AppGuest'),
  ).toBeVisible();
  await expect(explorer.getByRole('treeitem', { name: /PublicRead/ })).toHaveAttribute('aria-selected', 'true');

  // The page took the token from the URL fragment and removed it from the address bar.
  expect(page.url()).not.toContain('token=');

  await explorer.getByRole('treeitem', { name: /UserFiles/ }).click();
  await expect(
    page.getByRole('tabpanel', { name: /AppUser › UserFiles/ }).getByText('ReadWriteOwnFolder'),
  ).toBeVisible();
  mkdirSync(join(repoRoot, 'test', 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(repoRoot, 'test', 'artifacts', 'app.png') });
  keepForReadme(join(repoRoot, 'test', 'artifacts', 'app.png'), 'app');

  expect(seen.consoleErrors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the API refuses calls without the token, and answers with it', async ({ request }) => {
  const bare = await request.post(`${host.origin}/api/workspace%3Arecent`, { data: {} });
  expect(bare.status()).toBe(401);
  const authorised = await request.post(`${host.origin}/api/app%3AgetDemoWorkspace`, {
    data: {},
    headers: { Authorization: `Bearer ${host.token}` },
  });
  expect(authorised.status()).toBe(200);
  expect((await authorised.json()).ok).toBe(true);
});

test("the built page carries the app's CSP in its meta tag, and the host sends the same policy as a header", async ({
  request,
}) => {
  const page = await request.get(`${host.origin}/`);
  expect(page.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(await page.text());
  expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
});

test('follows the OS colour scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(repoRoot, 'test', 'artifacts', 'app-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('opens a workspace file picked in the browser, and reports a broken one with its line and column', async ({
  page,
}) => {
  const seen = watch(page);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();

  const workspace = {
    format: 'rolecall-workspace',
    version: 1,
    name: 'Picked workspace',
    accountId: '210987654321',
    resources: ['arn:aws:s3:::picked-bucket'],
  };
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'picked.rolecall.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(workspace)),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Picked workspace' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Workspace' }).getByRole('treeitem', { name: /picked-bucket/ }),
  ).toBeVisible();
  // A workspace with no identity pool and no role has no one to evaluate: the Access view says so, not as an error.
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await expect(page.getByRole('status', { name: 'No one to evaluate' })).toContainText(
    'no identity pool and no IAM role',
  );
  await expect(page.getByText('is not a principal')).toHaveCount(0);

  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'broken.rolecall.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "name": \n}'),
  });
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toBeVisible();
  await expect(problems.getByText(/broken\.rolecall\.json:\d+:\d+/)).toBeVisible();
  // The previous workspace stays loaded: nothing is half-loaded.
  await expect(page.getByRole('heading', { level: 1, name: 'Picked workspace' })).toBeVisible();
  expect(seen.foreignRequests).toEqual([]);
});

test('imports an AWS export through the host (import:files) and shows what it found', async ({ page }) => {
  const seen = watch(page);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  const getRole = {
    Role: {
      Path: '/',
      RoleName: 'ImportedReader',
      RoleId: 'AROAR4DEMO8IMPRTD3K5Z',
      Arn: 'arn:aws:iam::123456789012:role/ImportedReader',
      CreateDate: '2026-01-05T10:00:00Z',
      AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D',
    },
  };
  await page.getByLabel('Files to import').setInputFiles({
    name: 'get-role.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(getRole)),
  });
  await expect(
    page.getByRole('navigation', { name: 'Workspace' }).getByRole('treeitem', { name: /^ImportedReader/ }),
  ).toBeVisible();
  await expect(page.getByText('Imported from get-role.json')).toBeVisible();
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
