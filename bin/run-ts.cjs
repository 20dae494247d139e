#!/usr/bin/env node
// Runs a TypeScript entry point with tsx, so no build step is needed: `node bin/run-ts.cjs FILE [args…]`.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: run-ts FILE [args…]\n');
  process.exit(2);
}
process.argv.splice(1, 1);
(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.resolve(file)).href);
})();
