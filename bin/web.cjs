#!/usr/bin/env node
// `npm run web [-- --port N] [--data-dir DIR]`: builds the renderer when its sources changed since the last build,
// then starts the browser host (electron/web-host.ts) on 127.0.0.1 and prints the URL with its token.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const builtIndex = path.join(root, 'out', 'renderer', 'index.html');
const sources = ['renderer', 'policy-engine', 'electron', 'examples', 'electron.vite.config.ts'];

/** The newest modification time under a path (files only). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

function needsBuild() {
  let built;
  try {
    built = fs.statSync(builtIndex).mtimeMs;
  } catch {
    return true;
  }
  return sources.some((s) => newest(path.join(root, s)) > built);
}

if (needsBuild()) {
  process.stderr.write('web: building the renderer (electron-vite build)…\n');
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (build.status !== 0) {
    process.stderr.write('web: the build failed\n');
    process.exit(build.status ?? 1);
  }
}

const args = process.argv.slice(2);
if (!args.includes('--port')) args.push('--port', '0');
// The host runs in its own process group, so Ctrl+C in a terminal reaches it once (forwarded from here) rather than
// twice (from the terminal and from here), which it would take as "stop at once" instead of a graceful stop.
const host = spawn(
  process.execPath,
  [path.join(__dirname, 'run-ts.cjs'), path.join(root, 'electron', 'web-host.ts'), ...args],
  { cwd: root, stdio: 'inherit', detached: true },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
process.on('exit', () => {
  if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
});
host.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
