#!/usr/bin/env node
// `npm run screenshots`: refreshes the README's images (docs/screenshots/*.png) by running the browser tests that
// take them with ROLECALL_UPDATE_SCREENSHOTS=1. `npm test` never writes there; it keeps its screenshots in
// test/artifacts/ (ignored by git).
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const specs = [
  'test/e2e/web-host.spec.ts',
  'test/e2e/journeys/journeys.spec.ts',
  'test/e2e/journeys/review.spec.ts',
  'test/e2e/journeys/user-pool-user.spec.ts',
];
const run = spawnSync(process.execPath, [path.join(__dirname, 'e2e.cjs'), ...specs, ...process.argv.slice(2)], {
  cwd: path.join(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, ROLECALL_UPDATE_SCREENSHOTS: '1' },
});
process.exit(run.status ?? 1);
