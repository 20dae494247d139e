#!/usr/bin/env node
// The `rolecall` command: runs cli/rolecall.ts through tsx's loader, so `npx rolecall` works right after `npm ci`.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  const cli = await import(pathToFileURL(path.join(__dirname, '..', 'cli', 'rolecall.ts')).href);
  cli.runFromProcess();
})();
