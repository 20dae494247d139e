/**
 * What every journey spec does the same way: start the browser host, open the demo workspace on a view, replace an
 * editor's text, download a file, keep a screenshot. Tests find things by role and label only.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { keepForReadme, repoRoot, startWebHost } from '../start-web-host';
import type { RunningHost } from '../start-web-host';

/** The import fixtures of the journeys (AWS CLI outputs). */
export const fixtures = join(repoRoot, 'test', 'e2e', 'journeys', 'fixtures');

/** Where screenshots are kept; `npm run screenshots` also copies the README's ones to docs/screenshots. */
export const artifacts = join(repoRoot, 'test', 'artifacts');

/** The demo's guest policy, as the policy list and the editor name it. */
export const GUEST_POLICY = 'AppGuest › PublicRead';

/** A policy that allows every S3 action on every resource. */
export const WILDCARD = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});

/**
 * Starts the browser host for this spec file: one for the whole file (`per-file`), or a fresh host and draft store
 * for each test (`per-test`). Returns a getter for the running host.
 */
export function useWebHost(lifetime: 'per-file' | 'per-test' = 'per-file'): () => RunningHost {
  let host: RunningHost | undefined;
  const start = async () => {
    host = await startWebHost();
  };
  const stop = async () => {
    await host?.stop();
    host = undefined;
  };
  if (lifetime === 'per-test') {
    test.beforeEach(start);
    test.afterEach(stop);
  } else {
    test.beforeAll(start);
    test.afterAll(stop);
  }
  return () => {
    if (!host) throw new Error('the web host is not running (useWebHost must be called at the top of the spec file)');
    return host;
  };
}

/** Opens the app on the demo workspace and waits for its heading. */
export async function openDemo(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
}

/** Opens the app on the demo workspace, switches to a view and waits until the engine has prepared the workspace. */
export async function openView(page: Page, host: RunningHost, view: string | RegExp): Promise<void> {
  await openDemo(page, host);
  await page.getByRole('tab', { name: view, exact: typeof view === 'string' }).click();
  await expect(page.getByText('Preparing the workspace…')).toHaveCount(0);
}

/** Replaces all the text of the focused editor (select all, delete, insert). */
export async function replaceFocusedText(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Focuses the Monaco editor with this accessible name and replaces its text. */
export async function replaceEditorText(page: Page, name: string | RegExp, text: string): Promise<void> {
  await page.getByRole('textbox', { name }).focus();
  await replaceFocusedText(page, text);
}

/** Clicks a button that downloads a file and returns the file's name and text. */
export async function downloadOf(page: Page, button: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  const d = await download;
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** Saves a screenshot as test/artifacts/<name>.png; with `docs`, also (under `npm run screenshots`) as docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, docs = false): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  if (docs) keepForReadme(file, name);
}
