/**
 * Issue #16 in the app (Chromium through the browser host, 1440/1280/1024 px): the identity picker takes an identity
 * id (so per-user keys from real logs match), and Who can says "only the owner" for another user's object, as the
 * CLI does, instead of a bare "Allowed". Screenshots: test/artifacts/per-user-*.png.
 */
import { expect, test } from '@playwright/test';
import { openView, screenshot, useWebHost } from './journey-helpers';

const host = useWebHost('per-file');
const OWNER = 'us-east-1:22222222-2222-4222-8222-222222222222';

for (const width of [1440, 1280, 1024]) {
  test(`per-user views at ${width} px: identity id field; Who can says only the owner`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openView(page, host(), 'Identity');
    await page.getByLabel('Identity id (optional)').first().fill(OWNER);
    await expect(page.getByRole('region', { name: 'Role resolution' })).toContainText(OWNER);
    await screenshot(page, `per-user-identity-${width}`);

    await page.getByRole('tab', { name: 'Who can', exact: true }).click();
    const form = page.getByRole('form', { name: 'Who can' });
    await form.getByLabel('Action').fill('s3:GetObject');
    await form.getByLabel('Resource').fill(`arn:aws:s3:::demo-app-user-files/private/${OWNER}/photo.jpg`);
    await form.getByRole('button', { name: /Who can/ }).click();
    const table = page.getByRole('table', { name: 'Every way to get it' });
    await expect(table).toBeVisible();
    const scopes = table.getByLabel('Per-user scope');
    await expect(scopes.first()).toBeVisible();
    await expect(table).toContainText(`only the owner (${OWNER})`);
    // The default role's users get another user's object only as its owner; the admins' read-only policy reaches all.
    await expect(table.getByRole('row').filter({ hasText: 'Users of user pool' }).first()).toContainText(
      `only the owner (${OWNER})`,
    );
    await expect(table.getByRole('row').filter({ hasText: 'admins' }).first()).toContainText(
      'every identity of this class',
    );
    await screenshot(page, `per-user-whocan-${width}`);
  });
}
