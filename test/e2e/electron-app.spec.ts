/**
 * The real desktop app, launched through Playwright's Electron support. Runs only where the Electron binary exists
 * (it cannot be downloaded on a machine without internet); otherwise it is skipped and says why.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { channels } from '../../electron/ipc/contract';

const repoRoot = process.cwd();

/** Finds the Electron binary without loading the `electron` package (which would try to download it). */
function findElectronBinary(): { path: string } | { reason: string } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, relative ?? 'electron');
    return existsSync(binary)
      ? { path: binary }
      : { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${binary} does not exist` };
  }
  if (!relative)
    return {
      reason:
        'the Electron binary was never downloaded (node_modules/electron/path.txt is missing); set ELECTRON_OVERRIDE_DIST_PATH to a local Electron to run this test',
    };
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { reason: `the Electron binary ${binary} does not exist` };
}

test('the desktop app starts sandboxed, shows the demo workspace and exposes only the contract', async () => {
  const found = findElectronBinary();
  if (!('path' in found)) {
    console.log(`[electron e2e] skipped: ${found.reason}`);
    test.skip(true, found.reason);
    return;
  }
  const args = [join(repoRoot, 'out', 'main', 'main.js')];
  // Chromium refuses to run as root with its OS sandbox; Electron's renderer sandbox (sandbox: true) still applies.
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const app = await electron.launch({
    executablePath: found.path,
    args,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  try {
    const appWindow = await app.firstWindow();
    await expect(appWindow.getByRole('heading', { level: 1, name: 'Demo mobile backend' })).toBeVisible();
    await expect(
      appWindow
        .getByRole('navigation', { name: 'Workspace' })
        .getByRole('treeitem', { name: /AppUser/ })
        .first(),
    ).toBeVisible();
    const page = await appWindow.evaluate(() => {
      const scope = globalThis as unknown as {
        require?: unknown;
        process?: unknown;
        api: object;
        location: { origin: string };
      };
      return {
        hasRequire: typeof scope.require !== 'undefined',
        hasProcess: typeof scope.process !== 'undefined',
        apiMethods: Object.keys(scope.api).sort(),
        origin: scope.location.origin,
      };
    });
    expect(page.hasRequire).toBe(false);
    expect(page.hasProcess).toBe(false);
    expect(page.origin).toBe('app://rolecall');
    expect(page.apiMethods).toEqual([...Object.values(channels).map((c) => c.method), 'onMenuCommand'].sort());
    const demo = await appWindow.evaluate(() =>
      (globalThis as unknown as { api: { getDemoWorkspace(): Promise<{ ok: boolean }> } }).api.getDemoWorkspace(),
    );
    expect(demo.ok).toBe(true);
    mkdirSync(join(repoRoot, 'test', 'artifacts'), { recursive: true });
    await appWindow.screenshot({ path: join(repoRoot, 'test', 'artifacts', 'electron.png') });
  } finally {
    await app.close();
  }
});
