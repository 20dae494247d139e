#!/usr/bin/env node
// `npm run test:e2e`: builds the app (electron-vite build), then runs the Playwright tests in test/e2e.
// Without a display, the run goes through xvfb-run when it is installed (the Electron test needs a display; the
// browser-host test runs headless either way). Extra arguments go to `playwright test`.
// Never downloads anything: it uses the system Chromium (ROLECALL_CHROMIUM, default /usr/bin/chromium) and stops with a
// clear message when that is missing, and it tells Playwright and Electron not to fetch browsers or binaries.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const chromium = process.env.ROLECALL_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  process.stderr.write(
    `e2e: no Chromium at ${chromium}. Install it with apt-get install chromium (or set ROLECALL_CHROMIUM); this runner never downloads a browser.\n`,
  );
  process.exit(1);
}
const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  ROLECALL_CHROMIUM: chromium,
};
const started = Date.now();
const build = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env },
);
if (build.status !== 0) {
  process.stderr.write('e2e: electron-vite build failed\n');
  process.exit(build.status ?? 1);
}
process.stderr.write(`e2e: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

const playwright = [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)];
const xvfb = ['/usr/bin/xvfb-run', '/bin/xvfb-run'].find((p) => fs.existsSync(p));
const command =
  !process.env.DISPLAY && xvfb ? [xvfb, '-a', process.execPath, ...playwright] : [process.execPath, ...playwright];
const testsStarted = Date.now();
const run = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit', env });
process.stderr.write(
  `e2e: playwright ${run.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - testsStarted) / 1000).toFixed(1)} s\n`,
);
process.exit(run.status ?? 1);
