/**
 * `npm start` fetches Electron's binary before electron-vite starts, as a fresh clone needs: against a loopback
 * stand-in for Electron's download mirror (ELECTRON_MIRROR, https://www.electronjs.org/docs/latest/tutorial/installation#mirror)
 * serving a small stand-in archive and its SHASUMS256.txt, it downloads (with progress), checks the checksum,
 * unpacks, and launches the stand-in "electron" (a script that records its launch and exits). Electron's other
 * documented overrides (ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_EXEC_PATH) are honoured, and a failed fetch says what
 * failed and what to do.
 *
 * Each case runs in its own copy of the project: the sources and node_modules are linked, node_modules/electron is a
 * copy, so the worktree's own electron package is never touched.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from './stand-in-zip';

const root = resolve(__dirname, '../../..');
const version = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
const archive = `electron-v${version}-${process.platform}-${process.arch}.zip`;
const unsupported = process.platform === 'win32' ? 'the stand-in electron is a POSIX shell script' : null;
if (unsupported) console.log(`npm start tests skipped: ${unsupported}`);

const STAND_IN = `#!/bin/sh
# A stand-in for the Electron executable: records how it was launched, then exits.
{ echo "launched"; echo "cwd=$PWD"; echo "args=$*"; echo "renderer=$ELECTRON_RENDERER_URL"; } > "$ROLECALL_STAND_IN_LOG"
exit 0
`;
const zip = makeZip([
  { name: 'electron', content: STAND_IN, mode: 0o755 },
  { name: 'version', content: `v${version}` },
  { name: 'LICENSE', content: 'stand-in\n' },
]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const temp: string[] = [];
let server: Server;
let mirror: string;
let requests: string[] = [];
/** What the stand-in mirror serves, by path. */
let files: Record<string, Buffer> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** A copy of the project to run `npm start` in: linked sources and packages, its own electron package and bin/. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-start-'));
  temp.push(dir);
  const app = join(dir, 'app');
  mkdirSync(app);
  const copied = new Set(['bin', 'package.json', 'electron.vite.config.ts']);
  for (const entry of readdirSync(root)) {
    if (['node_modules', 'out', 'dist', '.git', 'test-results'].includes(entry)) continue;
    if (copied.has(entry)) cpSync(join(root, entry), join(app, entry), { recursive: true });
    else symlinkSync(join(root, entry), join(app, entry));
  }
  mkdirSync(join(app, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === 'electron' || entry === '.vite' || entry === '.cache') continue;
    symlinkSync(join(root, 'node_modules', entry), join(app, 'node_modules', entry));
  }
  cpSync(join(root, 'node_modules', 'electron'), join(app, 'node_modules', 'electron'), {
    recursive: true,
    filter: (src) => !/[/\\]electron[/\\](dist|path\.txt)$/.test(src),
  });
  return app;
}

interface Started {
  code: number | null;
  stdout: string;
  stderr: string;
  log: string | null;
}

/** Runs `npm start` in `app` with the mirror and `env`; resolves when it exits. */
function npmStart(app: string, env: Record<string, string | undefined>): Promise<Started> {
  const logFile = join(app, '..', 'launch.log');
  const clean = { ...process.env };
  for (const k of [
    'ELECTRON_SKIP_BINARY_DOWNLOAD',
    'ELECTRON_EXEC_PATH',
    'ELECTRON_OVERRIDE_DIST_PATH',
    'ELECTRON_MIRROR',
    'electron_use_remote_checksums',
    'ELECTRON_RUN_AS_NODE',
  ])
    delete clean[k];
  const child = spawn('npm', ['start'], {
    cwd: app,
    env: {
      ...clean,
      npm_config_update_notifier: 'false',
      ELECTRON_MIRROR: mirror,
      electron_config_cache: join(app, '..', 'cache'),
      ROLECALL_STAND_IN_LOG: logFile,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise((r) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      r({ code, stdout, stderr, log: existsSync(logFile) ? readFileSync(logFile, 'utf8') : null });
    }),
  );
}

describe.skipIf(unsupported !== null)('npm start fetches Electron, then opens the app', () => {
  it('downloads the archive from ELECTRON_MIRROR with progress, checks SHASUMS256.txt, unpacks it and launches it', async () => {
    const app = projectCopy();
    requests = [];
    files = {
      [`/v${version}/${archive}`]: zip,
      [`/v${version}/SHASUMS256.txt`]: Buffer.from(`${sha(zip)} *${archive}\n`),
    };
    const r = await npmStart(app, { electron_use_remote_checksums: '1' });
    expect(r.stderr).toContain(`fetching it from the mirror ${mirror}`);
    expect(r.stderr).toMatch(/100%\s+0\.0 of 0\.0 MB/); // progress, to the end
    expect(requests).toEqual(expect.arrayContaining([`/v${version}/${archive}`, `/v${version}/SHASUMS256.txt`]));
    const dist = join(app, 'node_modules', 'electron', 'dist');
    expect(readFileSync(join(dist, 'version'), 'utf8')).toBe(`v${version}`);
    expect(readFileSync(join(app, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe('electron');
    // electron-vite built the app and launched the stand-in with the project (package.json "main") and the dev server.
    expect(r.log, r.stderr).not.toBeNull();
    expect(r.log).toContain('launched');
    expect(r.log).toContain(`cwd=${app}`);
    expect(r.log).toMatch(/^args=\.$/m);
    expect(r.log).toMatch(/^renderer=http:\/\/(localhost|127\.0\.0\.1):\d+/m);
    expect(existsSync(join(app, 'out', 'main', 'main.js'))).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('Electron uninstall');
  });

  it('ELECTRON_OVERRIDE_DIST_PATH: runs the Electron in that folder and downloads nothing', async () => {
    const app = projectCopy();
    const unpacked = join(app, '..', 'my-electron');
    mkdirSync(unpacked);
    writeFileSync(join(unpacked, 'electron'), STAND_IN);
    chmodSync(join(unpacked, 'electron'), 0o755);
    requests = [];
    files = {};
    const r = await npmStart(app, { ELECTRON_OVERRIDE_DIST_PATH: unpacked });
    expect(requests).toEqual([]);
    expect(r.log, r.stderr).toContain('launched');
    expect(r.code).toBe(0);
    expect(existsSync(join(app, 'node_modules', 'electron', 'dist'))).toBe(false);
  });

  it('an archive that does not match SHASUMS256.txt is refused, with what failed and what to do', async () => {
    const app = projectCopy();
    requests = [];
    files = {
      [`/v${version}/${archive}`]: zip,
      [`/v${version}/SHASUMS256.txt`]: Buffer.from(`${sha(Buffer.from('something else'))} *${archive}\n`),
    };
    const r = await npmStart(app, { electron_use_remote_checksums: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `cannot open the desktop app: the downloaded ${mirror}v${version}/${archive} does not match Electron's published checksum`,
    );
    expect(r.stderr).toContain('npm run web');
    expect(r.stderr).not.toMatch(/this machine/);
    expect(r.log).toBeNull();
    expect(existsSync(join(app, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });

  it('a mirror without the file: the URL and the HTTP status, not a stack trace', async () => {
    const app = projectCopy();
    requests = [];
    files = {};
    const r = await npmStart(app, {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`could not download ${mirror}v${version}/${archive}: the server answered HTTP 404`);
    expect(r.stderr).toContain('ELECTRON_MIRROR');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('ELECTRON_EXEC_PATH that does not exist: says so', async () => {
    const app = projectCopy();
    const r = await npmStart(app, { ELECTRON_EXEC_PATH: join(app, 'no-such-electron') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ELECTRON_EXEC_PATH is set to ${join(app, 'no-such-electron')}, which does not exist`);
  });
});

// Keep the helper honest: the stand-in archive is a real zip (its end record is where the format says).
it('the stand-in archive ends with a zip end-of-central-directory record', () => {
  expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
  expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(3);
});
