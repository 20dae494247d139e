/**
 * The app with a 6,000-role workspace, measured through the browser host in the system Chromium (issue 15): the time
 * from choosing the file to the workspace's heading and its 6,000 roles in the explorer, and the time a tab switch
 * takes (from the click to the frame after React has rendered the new view, measured in the page), as the median and
 * worst of several switches. Figures only, no assertions. Needs the built renderer (`npm run build`, which
 * `npm run test:e2e` also does); without it, or without Chromium, it says so and measures nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { appWorkspace } from './workspace';

const ROLES = 6000;
const TABS = ['Identity', 'Access', 'Who can', 'Findings', 'Explorer'];

export async function runAppBench(): Promise<void> {
  const root = process.cwd();
  const chromiumPath = process.env.ROLECALL_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(join(root, 'out', 'renderer', 'index.html')) || !existsSync(chromiumPath)) {
    process.stdout.write(
      `app: 6,000-role workspace not measured: ${existsSync(chromiumPath) ? 'the renderer is not built (run npm run build)' : `no Chromium at ${chromiumPath}`}\n`,
    );
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'rolecall-app-bench-'));
  const host = spawn(
    process.execPath,
    [join(root, 'bin', 'run-ts.cjs'), join(root, 'electron', 'web-host.ts'), '--port', '0', '--data-dir', dataDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      host.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
        if (m) ok(m[1]);
      });
      host.once('exit', (code) => fail(new Error(`the web host exited with ${code}`)));
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Demo mobile backend' }).waitFor();
    const ws = appWorkspace(ROLES);
    const text = JSON.stringify(ws);
    const t0 = performance.now();
    await page
      .getByLabel('Workspace file to open')
      .setInputFiles({ name: 'big.rolecall.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByRole('heading', { level: 1, name: ws.name ?? '' }).waitFor({ timeout: 60_000 });
    await page
      .getByRole('tree', { name: 'Workspace outline' })
      .getByRole('treeitem', { name: /^AppRole0\b/ })
      .waitFor({ timeout: 60_000 });
    const load = (performance.now() - t0) / 1000;
    const switches: number[] = [];
    const worstOf = new Map<string, number>();
    for (let round = 0; round < 3; round++)
      for (const tab of TABS) {
        // Runs in the page (a string, so this Node-side file needs no DOM types): click the tab, wait for the frame
        // after the one React renders the view in.
        const ms = Number(
          await page.evaluate(`(async () => {
            const el = [...document.querySelectorAll('[role="tab"]')].find(
              (t) => t.textContent.replace(/\\d+$/, '').trim() === ${JSON.stringify(tab)});
            if (!el) return -1;
            const start = performance.now();
            el.click();
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            return performance.now() - start;
          })()`),
        );
        if (ms < 0) continue;
        switches.push(ms);
        worstOf.set(tab, Math.max(worstOf.get(tab) ?? 0, ms));
      }
    switches.sort((a, b) => a - b);
    process.stdout.write(
      `app: 6,000-role workspace load ${load.toFixed(2)} s (file chosen → heading and the roles in the explorer); tab switch median ${switches[switches.length >> 1]?.toFixed(0)} ms, worst ${switches[switches.length - 1]?.toFixed(0)} ms over ${switches.length} switches (worst per tab: ${[...worstOf].map(([t, ms]) => `${t} ${ms.toFixed(0)}`).join(', ')} ms); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (targets: load ≤ 3 s, tab switch ≤ 200 ms)\n`,
    );
  } finally {
    await browser.close();
    host.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await runAppBench();
