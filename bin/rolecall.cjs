#!/usr/bin/env node
// The `rolecall` command: runs the compiled CLI (dist/cli/rolecall.mjs, plain JavaScript built by bin/build-cli.cjs).
// In a development checkout (the TypeScript sources beside it) a bundle older than its sources is rebuilt first, with
// a one-line note on stderr, so `npx rolecall` never runs stale code. An installed package has no sources: it just runs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli', 'rolecall.mjs');

async function ensureFresh() {
  if (!fs.existsSync(path.join(root, 'cli', 'rolecall.ts')) || process.env.ROLECALL_NO_REBUILD === '1') return;
  const build = require('./build-cli.cjs');
  const why = build.isStale();
  if (!why) return;
  let esbuildPresent = true;
  try {
    require.resolve('esbuild');
  } catch {
    esbuildPresent = false;
  }
  if (!esbuildPresent) {
    if (fs.existsSync(bundle)) {
      process.stderr.write(
        `rolecall: warning: the compiled CLI is out of date (${why}) and esbuild is not installed to rebuild it; run npm ci\n`,
      );
      return;
    }
    process.stderr.write(
      'rolecall: the CLI is not built and esbuild is not installed; run npm ci (it builds the CLI)\n',
    );
    process.exit(2);
  }
  const { ms } = await build.buildCli();
  process.stderr.write(`rolecall: rebuilt the CLI (${why}) in ${ms} ms\n`);
}

(async () => {
  await ensureFresh();
  const cli = await import(pathToFileURL(bundle).href);
  cli.runFromProcess();
})().catch((e) => {
  process.stderr.write(`rolecall: cannot start: ${e && e.message ? e.message : e}\n`);
  process.exit(2);
});
