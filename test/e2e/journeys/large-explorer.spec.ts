/**
 * A 6,000-role workspace in the explorer: opened through the file input, the Roles section counts every role but
 * only the rows in view are in the page; scrolling the section reaches the last role; the filter box narrows every
 * section to the matching items (with the rows that lead to them) and clearing it brings everything back.
 */
import { expect, test } from '@playwright/test';
import { benchWorkspace } from '../../bench/workspace';
import { useWebHost } from './journey-helpers';

const host = useWebHost();
const ROLES = 6000;

test('the explorer of a 6,000-role workspace renders the rows in view, scrolls to the end and filters', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const ws = { ...benchWorkspace(ROLES), name: 'Six thousand roles' };
  await page.goto(host().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'big.rolecall.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(ws)),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Six thousand roles' })).toBeVisible({ timeout: 30_000 });

  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  const roles = explorer.getByRole('region', { name: /^Roles/ });
  await expect(roles.getByLabel(`${ROLES} items`)).toBeVisible();
  const list = roles.getByRole('group', { name: /^Roles: \d+ rows/ });
  await expect(list).toBeVisible();
  await expect(roles.getByRole('button', { name: /^AppRole0\b/ })).toBeVisible();
  // Windowed: a few dozen role rows in the page, not 6,000 (nor their ~30,000 policy rows).
  const inPage = await roles.locator('.tree-item').count();
  expect(inPage).toBeGreaterThan(5);
  expect(inPage).toBeLessThan(200);
  await expect(roles.getByRole('button', { name: new RegExp(`^AppRole${ROLES - 1}\\b`) })).toHaveCount(0);

  // Scrolling the section to its end shows the last role.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(roles.getByRole('button', { name: new RegExp(`^AppRole${ROLES - 1}\\b`) })).toBeVisible();
  await expect(roles.getByRole('button', { name: /^AppRole0\b/ })).toHaveCount(0);

  // The filter: one role (and its policies, since the role itself matches), the count says so; other sections too.
  const filter = explorer.getByRole('searchbox', { name: 'Filter the explorer' });
  await filter.fill('AppRole4242');
  await expect(roles.getByLabel(`1 of ${ROLES} items`)).toBeVisible();
  await expect(roles.getByRole('button', { name: /^AppRole4242\b/ })).toBeVisible();
  await expect(roles.getByRole('button', { name: /^AppRole4243\b/ })).toHaveCount(0);
  await expect(roles.getByRole('button', { name: /OwnFiles/ })).toBeVisible();
  await roles.getByRole('button', { name: /^AppRole4242\b/ }).click();
  await expect(roles.getByRole('button', { name: /^AppRole4242\b/ })).toHaveAttribute('aria-current', 'true');

  // A filter on a policy name keeps the roles that lead to it: every role has OwnFiles, windowed again.
  await filter.fill('uploads');
  await expect(roles.getByLabel(`2000 of ${ROLES} items`)).toBeVisible();
  await filter.fill('no such thing');
  await expect(roles.getByText('Nothing matches the filter')).toBeVisible();
  await filter.fill('');
  await expect(roles.getByLabel(`${ROLES} items`)).toBeVisible();
  await expect(roles.getByRole('button', { name: /^AppRole0\b/ })).toBeVisible();
});
