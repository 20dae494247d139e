#!/usr/bin/env node
// `npm start`: opens the Electron app (electron-vite dev) with the demo workspace.
//
// electron-vite never fetches Electron's binary itself (it reads node_modules/electron/path.txt and stops with
// "Electron uninstall" when it is missing), so this script makes sure a binary is there first, then starts
// electron-vite with ELECTRON_EXEC_PATH pointing at it. In order:
//   1. ELECTRON_EXEC_PATH — an Electron executable to use as it is;
//   2. ELECTRON_OVERRIDE_DIST_PATH — a folder holding an unpacked Electron (as Electron's own index.js reads it);
//   3. the binary already unpacked in node_modules/electron/dist (the version and path.txt Electron's install wrote);
//   4. otherwise it downloads Electron with @electron/get, with progress, exactly as Electron's install.js would:
//      ELECTRON_MIRROR / ELECTRON_CUSTOM_DIR / ELECTRON_CUSTOM_FILENAME (read by @electron/get), electron_config_cache
//      (the download cache), electron_use_remote_checksums (check against the mirror's SHASUMS256.txt instead of the
//      checksums shipped in the electron package), force_no_cache, ELECTRON_INSTALL_PLATFORM / _ARCH,
//      ELECTRON_GET_USE_PROXY (HTTPS_PROXY / NO_PROXY), ELECTRON_SKIP_BINARY_DOWNLOAD — then unpacks it into
//      node_modules/electron/dist and writes path.txt.
// When that fails the message says what failed (which URL, which error) and what to do.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const root = path.join(__dirname, '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const say = (s) => process.stderr.write(`rolecall start: ${s}\n`);

class StartError extends Error {}

const WAYS_OUT = [
  '  • ELECTRON_MIRROR=https://<a mirror you can reach>/ npm start   (a copy of github.com/electron/electron/releases/download/)',
  '  • ELECTRON_OVERRIDE_DIST_PATH=/path/to/unpacked-electron npm start   (a folder with the electron executable)',
  '  • ELECTRON_EXEC_PATH=/path/to/electron npm start',
  '  • or use Rolecall in a browser, no Electron needed:  npm run web',
];

function electronVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    throw new StartError(
      `the electron package is not installed (${path.relative(root, electronDir)} is missing): run npm ci first`,
    );
  }
}

function targetPlatform() {
  return process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
}

/** The executable's path inside an unpacked Electron, as Electron's install.js names it. */
function platformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      throw new StartError(`Electron has no builds for the platform "${platform}"; use npm run web`);
  }
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The Electron executable the app should run with, fetching it when needed. */
async function electronExecutable() {
  const given = process.env.ELECTRON_EXEC_PATH;
  if (given) {
    if (!fs.existsSync(given))
      throw new StartError(
        `ELECTRON_EXEC_PATH is set to ${given}, which does not exist. Point it at an Electron executable, or unset it to let npm start download Electron.`,
      );
    return given;
  }
  const version = electronVersion();
  const exe = platformPath(targetPlatform());
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = path.join(override, readIfExists(path.join(electronDir, 'path.txt')) || exe);
    if (!fs.existsSync(p))
      throw new StartError(
        `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but ${p} does not exist. It must be a folder holding an unpacked Electron ${version} (the electron executable at its top), or unset it to let npm start download Electron.`,
      );
    return p;
  }
  const installed = path.join(electronDir, 'dist', exe);
  const installedVersion = (readIfExists(path.join(electronDir, 'dist', 'version')) || '').trim().replace(/^v/, '');
  if (
    installedVersion === version &&
    readIfExists(path.join(electronDir, 'path.txt')) === exe &&
    fs.existsSync(installed)
  )
    return installed;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '0') {
    throw new StartError(
      `the Electron ${version} binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so npm start did not download it. Unset it, or give a binary:\n${WAYS_OUT.slice(1).join('\n')}`,
    );
  }
  await fetchElectron(version, exe);
  return installed;
}

const mb = (n) => (n / 1048576).toFixed(1);

/**
 * A downloader for @electron/get (its documented `downloader` option): fetch with progress lines on stderr for the
 * archive, and errors that name the URL. Proxies work as with @electron/get's own (ELECTRON_GET_USE_PROXY sets the
 * global dispatcher that fetch uses).
 */
function progressDownloader() {
  return {
    urls: [],
    async download(url, target) {
      this.urls.push(url);
      const name = decodeURIComponent(url.split('/').pop() || url);
      let response;
      try {
        response = await fetch(url);
      } catch (e) {
        const cause = (e && e.cause) || e;
        const code = cause && (cause.code || cause.name);
        const host = (() => {
          try {
            return new URL(url).host;
          } catch {
            return url;
          }
        })();
        const what = {
          ENOTFOUND: `the name ${host} does not resolve (no DNS for it from here)`,
          EAI_AGAIN: `the name ${host} could not be resolved (DNS did not answer)`,
          ECONNREFUSED: `${host} refused the connection`,
          ECONNRESET: `the connection to ${host} was reset`,
          ETIMEDOUT: `the connection to ${host} timed out`,
          UND_ERR_CONNECT_TIMEOUT: `the connection to ${host} timed out`,
          ENETUNREACH: `there is no network route to ${host}`,
          EHOSTUNREACH: `there is no network route to ${host}`,
        }[code];
        throw new StartError(
          `could not download ${url}: ${what || (cause && cause.message) || String(e)}${code && !what ? ` (${code})` : ''}`,
        );
      }
      if (!response.ok || !response.body) {
        throw new StartError(
          `could not download ${url}: the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${response.status === 404 ? ' (it has no such file: check ELECTRON_MIRROR and ELECTRON_CUSTOM_DIR)' : ''}`,
        );
      }
      const total = Number(response.headers.get('content-length')) || 0;
      const archive = name.endsWith('.zip');
      if (archive) say(`downloading ${name}${total ? ` (${mb(total)} MB)` : ''} from ${url}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const out = fs.createWriteStream(target);
      let done = 0;
      let shown = -1;
      const tty = process.stderr.isTTY;
      try {
        for await (const chunk of response.body) {
          done += chunk.length;
          if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
          if (!archive) continue;
          const step = total ? Math.floor((done / total) * 10) : Math.floor(done / 10485760);
          if (step !== shown) {
            shown = step;
            const line = total
              ? `  ${String(Math.round((done / total) * 100)).padStart(3)}%  ${mb(done)} of ${mb(total)} MB`
              : `  ${mb(done)} MB`;
            process.stderr.write(tty ? `\r${line}` : `${line}\n`);
          }
        }
      } catch (e) {
        throw new StartError(`the download of ${url} broke off after ${mb(done)} MB: ${(e && e.message) || e}`);
      } finally {
        await new Promise((r) => out.end(r));
      }
      if (archive && tty) process.stderr.write('\n');
    },
  };
}

/** Downloads Electron `version` (checked against its checksums) and unpacks it into node_modules/electron/dist. */
async function fetchElectron(version, exe) {
  const fromElectron = createRequire(path.join(electronDir, 'install.js'));
  const { downloadArtifact } = await import(pathToFileURL(fromElectron.resolve('@electron/get')).href);
  const platform = targetPlatform();
  const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;
  const remoteChecksums = Boolean(
    process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums,
  );
  const downloader = progressDownloader();
  say(
    `Electron ${version} (${platform}-${arch}) is not installed yet; fetching it${process.env.ELECTRON_MIRROR ? ` from the mirror ${process.env.ELECTRON_MIRROR}` : ''}`,
  );
  let zip;
  try {
    zip = await downloadArtifact({
      version,
      artifactName: 'electron',
      platform,
      arch,
      force: process.env.force_no_cache === 'true',
      cacheRoot: process.env.electron_config_cache,
      checksums: remoteChecksums
        ? undefined
        : JSON.parse(fs.readFileSync(path.join(electronDir, 'checksums.json'), 'utf8')),
      downloader,
    });
  } catch (e) {
    if (e instanceof StartError) throw e;
    const message = (e && e.message) || String(e);
    if (/checksum|sha256|SHASUMS/i.test(message)) {
      throw new StartError(
        `the downloaded ${downloader.urls.filter((u) => u.endsWith('.zip')).pop() || 'archive'} does not match Electron's published checksum, so it was not installed (${message.split('\n')[0]}). A proxy or mirror altered it, or the mirror serves another build.`,
      );
    }
    throw new StartError(`could not fetch Electron ${version}: ${message.split('\n')[0]}`);
  }
  say(`unpacking ${path.basename(zip)} into ${path.relative(root, path.join(electronDir, 'dist'))}/`);
  const dist = path.join(electronDir, 'dist');
  try {
    const { extract } = await import(pathToFileURL(fromElectron.resolve('@electron-internal/extract-zip')).href);
    await extract(zip, { dir: dist });
  } catch (e) {
    throw new StartError(`could not unpack ${zip} into ${dist}: ${(e && e.message) || e}`);
  }
  // As Electron's install.js does: the type definitions move up, path.txt names the executable.
  const types = path.join(dist, 'electron.d.ts');
  if (fs.existsSync(types)) fs.renameSync(types, path.join(electronDir, 'electron.d.ts'));
  if (!fs.existsSync(path.join(dist, exe)))
    throw new StartError(
      `the archive ${zip} has no ${exe} at its top; it is not an Electron ${version} build for ${platform}`,
    );
  fs.writeFileSync(path.join(electronDir, 'path.txt'), exe);
  say(`Electron ${version} is installed`);
}

async function main() {
  let exe;
  try {
    exe = await electronExecutable();
  } catch (e) {
    if (!(e instanceof StartError)) throw e;
    process.stderr.write(`\nrolecall start: cannot open the desktop app: ${e.message}\n`);
    if (!/ELECTRON_SKIP_BINARY_DOWNLOAD|ELECTRON_EXEC_PATH is set|ELECTRON_OVERRIDE_DIST_PATH is set/.test(e.message)) {
      process.stderr.write(
        `What to do: check the network or proxy settings for that address (HTTPS_PROXY with ELECTRON_GET_USE_PROXY=1), then run npm start again; or\n${WAYS_OUT.join('\n')}\n`,
      );
    }
    process.exit(1);
  }
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: exe },
  });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

main().catch((e) => {
  process.stderr.write(`rolecall start: ${(e && e.stack) || e}\n`);
  process.exit(1);
});
