/**
 * A 6,000-role workspace in the explorer tree: opened through the file input, the tree holds only the rows in view
 * (each still telling its place and the set's size: aria-posinset / aria-setsize); scrolling the tree reaches the last
 * role; the filter box narrows the tree to the matching items (with the rows that lead to them), says how many match,
 * and clearing it brings everything back; a role found deep in the list opens in the Explorer view; switching views
 * keeps the tree's rows (no re-mount); the Findings view lists a first page of its thousands of findings. Screenshots
 * at 1440, 1280 and 1024 px wide go to test/artifacts/large-explorer-<width>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { appWorkspace } from '../../bench/workspace';
import { artifacts, useWebHost } from './journey-helpers';

const host = useWebHost();
const ROLES = 6000;

test('the explorer of a 6,000-role workspace renders the rows in view, scrolls to the end and filters', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const ws = appWorkspace(ROLES);
  await page.goto(host().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'big.rolecall.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(ws)),
  });
  await expect(page.getByRole('heading', { level: 1, name: ws.name })).toBeVisible({ timeout: 30_000 });

  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  const tree = explorer.getByRole('tree', { name: 'Workspace outline' });
  const role = (n: number) => tree.getByRole('treeitem', { name: new RegExp(`^AppRole${n}\\b`) });
  await expect(role(0)).toBeVisible();
  await expect(role(0)).toHaveAttribute('aria-setsize', String(ROLES));
  // Windowed: a few dozen rows in the page, not 6,000 roles and their ~30,000 policy rows.
  const inPage = await tree.getByRole('treeitem').count();
  expect(inPage).toBeGreaterThan(5);
  expect(inPage).toBeLessThan(200);
  await expect(role(ROLES - 1)).toHaveCount(0);

  // Scrolling the tree to its end shows the last rows (the resources) and drops the first.
  await tree.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(tree.getByRole('treeitem', { name: /^arn:aws:dynamodb|^table\/|^app-/ }).last()).toBeVisible();
  await expect(role(0)).toHaveCount(0);
  // With the sections below Roles closed (clicking their headings), the end of the tree is the last role.
  for (const section of ['Resources', 'Resource policies', 'Managed policies']) {
    await tree.getByRole('treeitem', { name: new RegExp(`^${section}`), level: 1 }).click();
    await expect(tree.getByRole('treeitem', { name: new RegExp(`^${section}`), level: 1 })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
  }
  await tree.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(role(ROLES - 1)).toBeVisible();
  await expect(role(ROLES - 1)).toHaveAttribute('aria-posinset', String(ROLES));
  await tree.evaluate((el) => (el.scrollTop = 0));
  await expect(role(0)).toBeVisible();

  // The filter: one role, and the status says how many items match.
  const filter = explorer.getByRole('searchbox', { name: 'Filter the explorer by name or ARN' });
  await filter.fill('AppRole4242');
  await expect(explorer.getByRole('status')).toHaveText(/^1 match$/);
  await expect(role(4242)).toBeVisible();
  await expect(role(4243)).toHaveCount(0);
  await role(4242).click();
  await expect(role(4242)).toHaveAttribute('aria-selected', 'true');
  // Selecting it opens it: the Explorer view shows the role's document and its details.
  await page.getByRole('tab', { name: 'Explorer', exact: true }).click();
  await expect(page.getByRole('tabpanel', { name: /AppRole4242 › role/ })).toBeVisible();
  await expect(
    page.getByRole('complementary', { name: 'Details' }).getByText('arn:aws:iam::123456789012:role/AppRole4242'),
  ).toBeVisible();
  // The keyboard: ↓ from the filter box enters the tree; → opens the role; ↓ reaches its trust policy.
  await filter.focus();
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: /^Roles/, level: 1 })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(role(4242)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(role(4242)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: /^Trust policy/, level: 3 })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tabpanel', { name: /AppRole4242 › trust policy/ })).toBeVisible();
  for (const width of [1440, 1280, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `large-explorer-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // Switching views does not re-mount the tree: the same row element stays in the page.
  const row = await role(4242).elementHandle();
  for (const tab of [/^Access$/, /^Identity$/, /^Findings/, /^Explorer$/])
    await page.getByRole('tab', { name: tab }).click();
  expect(await row!.evaluate((el) => el.isConnected)).toBe(true);

  // A filter on a policy name keeps the roles that lead to its matches, windowed: 2,000 roles' Uploads policies, and
  // the two resources whose ARN holds it (app-uploads and an object in it).
  await filter.fill('Uploads');
  await expect(explorer.getByRole('status')).toHaveText(/^2,?002 matches$/);
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(200);
  await filter.fill('no such thing');
  await expect(explorer.getByText(/Nothing in this workspace has a name or ARN containing/)).toBeVisible();
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(role(0)).toBeVisible();

  // The Findings view renders the first 200 findings of a severity and adds more on request.
  await page.getByRole('tab', { name: /^Findings/ }).click();
  // (this workspace has 6,000 medium and 6,000 low findings, one of each per role).
  const showMore = /^Show 200 more \(\d+ not shown\)$/;
  const group = page
    .locator('section.findings-group')
    .filter({ has: page.getByRole('button', { name: showMore }) })
    .first();
  const more = group.getByRole('button', { name: showMore });
  await expect(more).toBeVisible({ timeout: 30_000 });
  const items = group.locator('.findings-list > li');
  await expect(items).toHaveCount(200);
  await more.click();
  await expect(items).toHaveCount(400);
});
