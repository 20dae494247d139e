/**
 * Issue #16, the layout (Chromium through the browser host, at 1440, 1280 and 1024 px): the app opens on the question
 * it answers (who → which role → what access); with an explanation open every resource column of the matrix stays
 * in view; the explorer sidebar collapses and stays collapsed after a reload; "not applicable" reads as a word, not
 * a shape like implicit deny; a plain Open never says "Imported from"; no internal notation shows.
 * Screenshots: test/artifacts/layout-*.png.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openDemo, screenshot, useWebHost } from './journey-helpers';
import { repoRoot } from '../start-web-host';

const host = useWebHost('per-file');

/**
 * Every resource column is usable: at 1280 px and wider each header lies inside the visible part of the matrix as it
 * is; narrower, each can be scrolled into view while the action column stays on the left (sticky).
 */
async function expectEveryColumnUsable(page: Page, withoutScrolling: boolean): Promise<void> {
  const body = await page.locator('.matrix-body').boundingBox();
  expect(body).not.toBeNull();
  const headers = page.getByRole('grid', { name: 'Access matrix' }).getByRole('columnheader');
  const n = await headers.count();
  expect(n).toBe(6);
  for (let i = 1; i < n; i++) {
    if (!withoutScrolling) await headers.nth(i).scrollIntoViewIfNeeded();
    const corner = await headers.nth(0).boundingBox();
    const box = await headers.nth(i).boundingBox();
    expect(box, `column ${i}`).not.toBeNull();
    expect(corner!.x, 'the action column stays at the left edge').toBeLessThanOrEqual(body!.x + 1);
    expect(box!.x, `column ${i} left edge`).toBeGreaterThanOrEqual(corner!.x + corner!.width - 1);
    expect(box!.x + box!.width, `column ${i} right edge`).toBeLessThanOrEqual(body!.x + body!.width + 1);
    expect(box!.width, `column ${i} width`).toBeGreaterThanOrEqual(60);
  }
}

for (const width of [1440, 1280, 1024]) {
  test(`layout at ${width} px: opens on who → role → access; every column usable with an explanation open`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(host().url);
    await page.evaluate(() => localStorage.removeItem('rolecall.sidebarCollapsed'));
    await openDemo(page, host());
    await expect(page.getByRole('tab', { name: 'Access', exact: true })).toHaveAttribute('aria-selected', 'true');
    const question = page.getByRole('list', { name: 'The question this view answers' });
    await expect(question).toContainText('Who');
    await expect(question.getByRole('listitem', { name: 'Which role' })).toContainText('role/AppUser');
    await expect(question).toContainText('What access');
    const grid = page.getByRole('grid', { name: 'Access matrix' });
    await expect(grid).toBeVisible();
    // Not applicable is the word "n/a"; implicit deny the empty circle.
    await expect(page.getByRole('status', { name: 'Cell counts' })).toContainText('n/a');
    await expect(page.getByRole('status', { name: 'Cell counts' })).toContainText('○');
    await screenshot(page, `layout-open-${width}`);

    await grid.getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::demo-app-user-files\/public\/\*/ }).click();
    await expect(page.getByLabel('Explanation of s3:GetObject')).toBeVisible();
    await expectEveryColumnUsable(page, width >= 1280);
    await screenshot(page, `layout-explain-${width}`);

    // The sidebar hides, stays hidden after a reload, and comes back.
    await page.getByRole('button', { name: 'Hide the explorer' }).click();
    await expect(page.getByRole('navigation', { name: 'Workspace' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Workspace' })).toHaveCount(0);
    await expect(grid).toBeVisible();
    await screenshot(page, `layout-collapsed-${width}`);
    await page.getByRole('button', { name: 'Show the explorer' }).click();
    await expect(page.getByRole('navigation', { name: 'Workspace' })).toBeVisible();

    // No internal notation in what the views say.
    for (const view of ['Access', 'Identity', 'Who can', 'Findings']) {
      await page.getByRole('tab', { name: new RegExp(`^${view}( |$)`) }).click();
      await expect(page.getByRole('tabpanel')).toBeVisible();
      const text = await page.getByRole('tabpanel').innerText();
      expect(text, view).not.toMatch(/#\d+@\d+|\brule rule\b|\bRule \d+ Rule \d+\b/i);
    }
    // Each step of the resolution trace says its rule number once ("Rule 0 · not matched · custom… did not match").
    await page.getByRole('tab', { name: /^Identity( |$)/ }).click();
    const steps = page.getByRole('list', { name: 'Resolution steps' }).getByRole('listitem');
    await expect(steps.filter({ hasText: 'Rule 0' })).toHaveCount(1);
    for (const step of await steps.allInnerTexts())
      expect(step.replace(/\s+/g, ' ')).not.toMatch(/\bRule (\d+)\b.*\bRule \1\b/i);
    await screenshot(page, `layout-trace-${width}`);
  });
}

test('a workspace opened with Open… shows its file name, not "Imported from"', async ({ page }) => {
  await openDemo(page, host());
  await page.getByLabel('Workspace file to open').setInputFiles(join(repoRoot, 'examples', 'demo.rolecall.json'));
  await expect(page.getByText('Loaded demo.rolecall.json')).toBeVisible();
  await expect(page.locator('.header-source')).toHaveText('demo.rolecall.json');
  await expect(page.getByText(/Imported from/)).toHaveCount(0);
});
