#!/usr/bin/env node
// The CLI build: bundles cli/rolecall.ts (and its worker) with esbuild into plain JavaScript in dist/cli/, one entry
// file plus one chunk per command (so `rolecall --help` loads only what it needs). `npm run build:cli` and the
// `prepare` script (run by `npm ci` and `npm pack`) call it; bin/rolecall.cjs calls `isStale()` and rebuilds a bundle
// that is older than its sources in a development checkout.
//
// Each output file is written to a temporary name and renamed into place, the stamp (dist/cli/build.json, listing
// every source file the bundle was made from) last, so a concurrent `rolecall` never reads half a file.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outdir = path.join(root, 'dist', 'cli');
const stampFile = path.join(outdir, 'build.json');
/** The bundle's entry points: name in dist/cli → source. */
const entries = { rolecall: 'cli/rolecall.ts', 'matrix-worker': 'cli/matrix-worker.ts' };

/** The stamp of the current bundle, or null when there is none. */
function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Why the bundle is out of date ('missing', or the first source file changed since it was built), or null when it is
 * fresh. Only meaningful where the sources are present (a checkout, not an installed package).
 */
function isStale() {
  const stamp = readStamp();
  if (!stamp || !Array.isArray(stamp.inputs)) return 'the CLI has not been built yet';
  for (const rel of stamp.inputs) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, rel)).mtimeMs;
    } catch {
      return `${rel} was removed`;
    }
    if (mtime > stamp.builtAt) return `${rel} changed`;
  }
  for (const [name, src] of Object.entries(entries)) {
    if (fs.existsSync(path.join(root, src)) && !fs.existsSync(path.join(outdir, `${name}.mjs`))) return `${src} is new`;
  }
  return null;
}

/** Builds the bundle; returns { ms, files } (files: the number of source files bundled). */
async function buildCli() {
  const started = Date.now();
  const esbuild = require('esbuild');
  const entryPoints = Object.fromEntries(
    Object.entries(entries)
      .filter(([, src]) => fs.existsSync(path.join(root, src)))
      .map(([n, src]) => [n, path.join(root, src)]),
  );
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // ESM builds first: jsonc-parser's "main" is a UMD file whose require() calls a bundler cannot follow.
    mainFields: ['module', 'main'],
    chunkNames: 'chunks/[name]-[hash]',
    // Some dependencies (the AWS SDK) still call require() for Node built-ins inside ESM output.
    banner: {
      js: "import { createRequire as __rolecallCreateRequire } from 'node:module'; const require = __rolecallCreateRequire(import.meta.url);",
    },
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const builtAt = Date.now();
  const written = new Set();
  for (const out of result.outputFiles) {
    fs.mkdirSync(path.dirname(out.path), { recursive: true });
    const tmp = `${out.path}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, out.contents);
    fs.renameSync(tmp, out.path);
    written.add(out.path);
  }
  // Chunks of earlier builds: remove the ones no build has written for a minute (a running CLI may still load them).
  const chunks = path.join(outdir, 'chunks');
  for (const f of fs.existsSync(chunks) ? fs.readdirSync(chunks) : []) {
    const p = path.join(chunks, f);
    if (!written.has(p) && Date.now() - fs.statSync(p).mtimeMs > 60_000) fs.rmSync(p, { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.startsWith('node_modules/') && !f.includes('/node_modules/'))
    .sort();
  const stamp = { builtAt, esbuild: esbuild.version, inputs };
  const tmp = `${stampFile}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(stamp, null, 1) + '\n');
  fs.renameSync(tmp, stampFile);
  return { ms: builtAt - started, files: inputs.length };
}

module.exports = { buildCli, isStale, outdir };

if (require.main === module) {
  buildCli().then(
    ({ ms, files }) => process.stderr.write(`build:cli: dist/cli/ from ${files} source files in ${ms} ms\n`),
    (e) => {
      process.stderr.write(`build:cli: ${e && e.message ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
