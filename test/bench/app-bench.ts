/**
 * The app with a 6,000-role workspace, as a user feels it (issue 15): the browser host is started, the page opened in
 * Chromium (Debian's, via Playwright; nothing is downloaded), the generated workspace picked in the app's "Open…" file
 * input, and the times read inside the page from its own clock:
 * - load: from the file input's change event until the explorer shows the workspace's roles (heading and tree rows),
 *   and until the first view (Access) shows its counts, i.e. the engine has loaded the workspace in its workers,
 *   resolved the signed-in identity and computed its matrix;
 * - tab switch: from the click on a tab until its view is on screen with its content (median and worst of several
 *   switches between Identity, Access, Who can, Findings and Explorer).
 * Each time is taken at the animation frame where the condition first holds (the paint follows it). Figures only,
 * never assertions; this machine is shared, so the load average is printed with them. Targets: load ≤ 3 s, tab
 * switch ≤ 200 ms.
 * Run alone: `node bin/run-ts.cjs test/bench/app-bench.ts`; `npm run bench` runs it last. The renderer is built
 * first (electron-vite build), so the figures are of the code in the tree; ROLECALL_BENCH_NO_BUILD=1 skips that when
 * out/renderer exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { startWebHost } from '../e2e/start-web-host';
import { appWorkspace } from './workspace';

/** The roles of the generated workspace. */
const ROLES = 6000;
/** Rounds of switches through TABS. */
const ROUNDS = 3;
/** The views switched to, with what shows each one is ready. */
const TABS = ['identity', 'access', 'whoCan', 'findings', 'explorer'];

/** Times (the page's performance.now()) when the file was picked and when the tree and the first view were ready. */
interface Marks {
  changed?: number;
  tree?: number;
  view?: number;
}

/**
 * The few browser globals the code run inside the page uses: this file is type-checked with the Node project, which
 * has no DOM library, so the page code reads them through `globalThis` with these types.
 */
interface PageNode {
  textContent: string | null;
  childElementCount: number;
  querySelector(selector: string): PageNode | null;
  click(): void;
}
interface PageGlobals {
  document: {
    querySelector(selector: string): PageNode | null;
    getElementById(id: string): PageNode | null;
    addEventListener(type: string, listener: () => void, options: { capture: boolean; once: boolean }): void;
  };
  requestAnimationFrame(callback: () => void): number;
  __bench?: Marks;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Builds the renderer the browser host serves (out/renderer), unless ROLECALL_BENCH_NO_BUILD=1 and it exists. */
function buildRenderer(root: string): void {
  if (process.env.ROLECALL_BENCH_NO_BUILD === '1' && existsSync(join(root, 'out', 'renderer', 'index.html'))) return;
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  if (build.status !== 0) throw new Error('electron-vite build failed');
}

/** Opens the large workspace in the app and prints its load and tab-switch times. */
export async function runAppBench(): Promise<void> {
  const root = process.cwd();
  const executablePath = process.env.ROLECALL_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    process.stdout.write(`app: skipped, no Chromium at ${executablePath} (set ROLECALL_CHROMIUM)\n`);
    return;
  }
  buildRenderer(root);
  const workspace = appWorkspace(ROLES);
  const text = JSON.stringify(workspace, null, 2);
  const host = await startWebHost();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // bin/run-ts.cjs compiles this file keeping function names (esbuild's keepNames wraps them in __name(...)); the
    // functions passed to page.evaluate run in the page, which needs that helper too.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.goto(host.url);
    await page.getByRole('heading', { level: 1, name: 'Demo mobile backend' }).waitFor();
    await page.getByRole('status', { name: 'Cell counts' }).waitFor({ timeout: 60_000 });

    // Watch, inside the page, for the moment the file is picked and the moments the tree and the first view are ready.
    await page.evaluate((name) => {
      const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
      const marks: Marks = {};
      (globalThis as unknown as PageGlobals).__bench = marks;
      const countsReady = () =>
        /allowed/.test(document.querySelector('[role="status"][aria-label="Cell counts"]')?.textContent ?? '');
      document.addEventListener(
        'change',
        () => {
          marks.changed = performance.now();
          const poll = () => {
            const now = performance.now();
            const heading = document.querySelector('h1')?.textContent?.includes(name) ?? false;
            if (marks.tree === undefined && heading && document.querySelector('[role="treeitem"].kind-role'))
              marks.tree = now;
            if (marks.view === undefined && heading && countsReady()) marks.view = now;
            if (marks.tree === undefined || marks.view === undefined) requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        },
        { capture: true, once: true },
      );
    }, workspace.name!);
    await page.getByLabel('Workspace file to open').setInputFiles({
      name: 'large.rolecall.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await page.waitForFunction(
      () => {
        const marks = (globalThis as unknown as PageGlobals).__bench;
        return marks?.view !== undefined && marks.tree !== undefined;
      },
      null,
      {
        timeout: 120_000,
        polling: 200,
      },
    );
    const marks = (await page.evaluate(() => (globalThis as unknown as PageGlobals).__bench))!;
    const treeRows = await page.locator('[role="treeitem"]').count();
    process.stdout.write(
      `app: open ${ROLES.toLocaleString('en-US')}-role workspace (${(text.length / 1048576).toFixed(1)} MB): tree shown ` +
        `${((marks.tree! - marks.changed!) / 1000).toFixed(2)} s, first view (Access counts) ready ` +
        `${((marks.view! - marks.changed!) / 1000).toFixed(2)} s; ${treeRows} tree rows in the DOM; load average ${load()} ` +
        `on ${availableParallelism()} cores\n`,
    );

    // Tab switches: click, then wait (inside the page) for the view's content.
    const switches: { tab: string; ms: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const tab of TABS) {
        const ms = await page.evaluate(
          (id) =>
            new Promise<number>((resolve, reject) => {
              const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
              const start = performance.now();
              const ready = () => {
                const panel = document.getElementById(`panel-${id}`);
                if (!panel) return false;
                if (id === 'access')
                  return /allowed/.test(panel.querySelector('[aria-label="Cell counts"]')?.textContent ?? '');
                if (id === 'explorer') return panel.querySelector('.monaco-editor .view-lines') !== null;
                if (id === 'identity') return panel.querySelector('form') !== null;
                return panel.childElementCount > 0;
              };
              document.getElementById(`tab-${id}`)!.click();
              const poll = () => {
                if (ready()) resolve(performance.now() - start);
                else if (performance.now() - start > 30_000) reject(new Error(`the ${id} view did not show`));
                else requestAnimationFrame(poll);
              };
              requestAnimationFrame(poll);
            }),
          tab,
        );
        switches.push({ tab, ms });
        await page.waitForTimeout(150);
      }
    }
    const sorted = switches.map((s) => s.ms).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const perTab = TABS.map((tab) => {
      const t = switches.filter((s) => s.tab === tab).map((s) => s.ms);
      return `${tab} ${Math.max(...t).toFixed(0)}`;
    }).join(', ');
    process.stdout.write(
      `app: tab switch in the ${ROLES.toLocaleString('en-US')}-role workspace: median ${median.toFixed(0)} ms, worst ` +
        `${sorted.at(-1)!.toFixed(0)} ms over ${sorted.length} switches (worst per tab, ms: ${perTab}); load average ${load()}\n`,
    );
  } finally {
    await browser.close();
    await host.stop();
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await runAppBench();
