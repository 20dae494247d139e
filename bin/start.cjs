#!/usr/bin/env node
// `npm start`: opens the Electron app (electron-vite dev) with the demo workspace. Electron fetches its binary the
// first time it runs; where that cannot happen (no access to Electron's download host), say so and point to the
// browser mode instead of leaving the user with Electron's own stack trace.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  const hasBinary = Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH) || fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));
  if (code !== 0 && !signal && !hasBinary) {
    process.stderr.write(
      '\nrolecall: the Electron binary could not be installed on this machine (Electron downloads it on first use).\n' +
        '  • Use Rolecall in a browser instead:  npm run web\n' +
        '  • Or point Electron at a local copy:  ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start\n',
    );
  }
  process.exit(signal ? 1 : (code ?? 1));
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
