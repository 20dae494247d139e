/**
 * Issue #16 in the app (Chromium through the browser host, at 1440, 1280 and 1024 px): the Changes view groups the
 * changed decisions by cause, with counts, as `rolecall diff` does; a workspace with a misspelt field is refused with
 * the line and "did you mean". Screenshots: test/artifacts/causes-*.png, typo-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDemo, screenshot, useWebHost } from './journey-helpers';
import { repoRoot } from '../start-web-host';

const host = useWebHost('per-file');

for (const width of [1440, 1280, 1024]) {
  test(`Changes by cause at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openDemo(page, host());
    await page.getByRole('tab', { name: /^Settings/ }).click();
    const scopeDown = page.getByRole('radiogroup', { name: 'Guest scope-down' });
    await scopeDown.getByRole('radio', { name: /role ∩ inline ∩ managed/ }).check();
    await page.getByRole('tab', { name: /^Changes/ }).click();
    const causes = page.getByRole('list', { name: 'Causes' });
    await expect(causes.getByRole('listitem')).toHaveCount(1);
    // One cause: the guest role's statement that no longer allows, with the count of decisions it changes.
    await expect(causes).toContainText(/^−1 decision \(allowed → implicit deny\): no longer allowed by statement/);
    await expect(causes).toContainText('for guests of pool demo_app_identities');
    await expect(causes.getByRole('button', { name: 'Open the statement' })).toBeVisible();
    await screenshot(page, `causes-${width}`);
  });
}

for (const width of [1440, 1280, 1024]) {
  test(`a workspace with a misspelt field is refused with the line and "did you mean" at ${width} px`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openDemo(page, host());
    const demo = readFileSync(join(repoRoot, 'examples', 'demo.rolecall.json'), 'utf8');
    const text = demo.replace('"resources":', '"resource":');
    const line = text.split('\n').findIndex((l) => l.includes('"resource":')) + 1;
    await page.getByLabel('Workspace file to open').setInputFiles({
      name: 'typo.rolecall.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    const error = page.getByText(/unknown field "resource" in the workspace; did you mean "resources"\?/);
    await expect(error.first()).toBeVisible();
    await expect(page.getByText(new RegExp(`typo\\.rolecall\\.json:${line}:|line ${line}\\b`)).first()).toBeVisible();
    await screenshot(page, `typo-open-${width}`);
  });
}
