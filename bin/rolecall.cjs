#!/usr/bin/env node
// The `rolecall` command: runs cli/rolecall.ts through tsx, so `npx rolecall` works right after `npm ci`.
'use strict';
const path = require('node:path');
const { register } = require('tsx/cjs/api');
register();
require(path.join(__dirname, '..', 'cli', 'rolecall.ts')).runFromProcess();
