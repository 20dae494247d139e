/**
 * Crash-recovery drafts never cross workspaces (issue 17, item 3): a draft of workspace A is never offered while
 * workspace B is open, and restoring it and saving writes A's workspace (A's name, A's edit), never B's. Chromium
 * through the browser host, with a fresh host and draft store; roles and labels only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import { GUEST_POLICY, openView, replaceFocusedText, useWebHost, WILDCARD } from './journey-helpers';

const host = useWebHost('per-test');

async function editGuestPolicy(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: 'Edit policies' }).click();
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: new RegExp(GUEST_POLICY) })
    .click();
  await page.getByRole('textbox', { name: new RegExp(`Edit ${GUEST_POLICY}`) }).focus();
  await replaceFocusedText(page, text);
}

test('a draft of workspace A is never offered over workspace B; restoring and saving writes A, not B', async ({
  page,
}) => {
  const demo = JSON.parse(readFileSync(join(repoRoot, 'examples', 'demo.rolecall.json'), 'utf8')) as {
    name: string;
  };
  const b = { ...demo, name: 'Workspace B' };
  const banner = page.getByRole('alert').filter({ hasText: 'Unsaved edits from an earlier session' });

  // Workspace A (the demo): an unsaved edit, kept as a draft; then the page goes away as in a crash.
  await openView(page, host(), 'Edit policies');
  await editGuestPolicy(page, WILDCARD);
  await expect(page.getByRole('status', { name: 'Crash recovery' })).toHaveText('draft kept');
  await page.reload();
  await expect(banner).toBeVisible();

  // Opening workspace B: A's draft is not offered there.
  await page
    .getByLabel('Workspace file to open')
    .setInputFiles({ name: 'b.rolecall.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(b)) });
  await expect(page.getByRole('heading', { level: 1, name: 'Workspace B' })).toBeVisible();
  await expect(banner).toHaveCount(0);

  // Back on A, its draft is still there; restoring it and saving downloads A with A's edit, never B's name.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: demo.name })).toBeVisible();
  await expect(banner).toBeVisible();
  await page.getByRole('button', { name: 'Restore them' }).click();
  await expect(page.getByText('unsaved edits', { exact: true })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save edits' }).click();
  const file = await download;
  const saved = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { name: string };
  expect(saved.name).toBe(demo.name);
  expect(JSON.stringify(saved)).toContain('Everything');
  expect(JSON.stringify(saved)).not.toContain('Workspace B');
});
