/**
 * The browser host: serves the built renderer and the same IPC handlers over loopback HTTP, for a browser (tests,
 * machines without Electron). `POST /api/<channel>` with a JSON body answers the same tagged result as IPC.
 *
 * Bound to 127.0.0.1 only. Every API call needs the per-run token (`Authorization: Bearer …`), which the page gets
 * from the URL fragment (never sent to the server, so it never appears in a served page). The Host header must be
 * our own loopback address, which stops DNS-rebinding pages from talking to the host.
 *
 * Run: `node bin/run-ts.cjs electron/web-host.ts [--port N] [--data-dir DIR]`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../policy-engine/model/diagnostic';
import { isChannelName } from './ipc/contract';
import { createHandlers, dispatch } from './ipc/handlers';
import type { Handlers } from './ipc/handlers';
import { ipcError } from './ipc/validate';
import { SECURITY_HEADERS } from './security';
import { contentTypeFor, resolveStaticPath } from './static-files';

/** The largest request body accepted (bytes); a little above the contract's text limit. */
export const MAX_BODY_BYTES = 40 * 1024 * 1024;

/** Options of `startWebHost`. */
export interface WebHostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** Where recent files and drafts live. */
  dataDir: string;
  /** The demo workspace file. */
  demoPath: string;
  /** A fixed token (tests); otherwise 32 random bytes. */
  token?: string;
  /** Replaces the real handlers (tests). */
  handlers?: Handlers;
  maxBodyBytes?: number;
}

/** A running browser host. */
export interface WebHost {
  /** The page URL, token in the fragment. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The repository root, from this file's location. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where Electron keeps `userData` for an app named "rolecall", so the desktop app and the browser host share recent files. */
export function defaultDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'rolecall');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'rolecall');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'rolecall');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, errors: [ipcError(code, message)] });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads a request body up to `limit` bytes; `null` when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function statusFor(result: Result<unknown>): number {
  if (result.ok) return 200;
  return result.errors.some((e) => e.code === 'ipc.internal' || e.code === 'ipc.invalid-response') ? 500 : 400;
}

/** Starts the browser host on 127.0.0.1. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const handlers =
    options.handlers ??
    createHandlers({ dataDir: options.dataDir, readDemoWorkspace: () => readFile(options.demoPath, 'utf8') });
  let allowedHosts: Set<string> = new Set();

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'http.method-not-allowed', 'API calls must use POST.');
    if (!tokenMatches(req.headers.authorization, token)) return sendError(res, 401, 'http.unauthorized', 'Missing or wrong token.');
    if (!isChannelName(channel)) return sendError(res, 404, 'ipc.unknown-channel', `Unknown channel "${channel.slice(0, 100)}".`);
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return sendError(res, 415, 'http.unsupported-media-type', 'API calls must send Content-Type: application/json.');
    }
    const body = await readBody(req, limit);
    if (body === null) return sendError(res, 413, 'ipc.payload-too-large', `Request body is larger than ${limit} bytes.`);
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      return sendError(res, 400, 'ipc.invalid-json', `Request body is not valid JSON: ${(error as Error).message}`);
    }
    const result = await dispatch(handlers, channel, payload);
    sendJson(res, statusFor(result), result);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'http.method-not-allowed', 'Only GET and HEAD are served.');
    const file = resolveStaticPath(options.rendererDir, pathname);
    if (!file) return sendError(res, 404, 'http.not-found', 'Not found.');
    try {
      const info = await stat(file);
      if (!info.isFile()) return sendError(res, 404, 'http.not-found', 'Not found.');
      const content = await readFile(file);
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Content-Length': content.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : content);
    } catch {
      sendError(res, 404, 'http.not-found', 'Not found.');
    }
  }

  const server = createServer((req, res) => {
    const run = async () => {
      // DNS rebinding: a foreign page resolved to 127.0.0.1 still sends its own host name.
      if (!allowedHosts.has(req.headers.host ?? '')) return sendError(res, 421, 'http.wrong-host', 'Requests must address 127.0.0.1 directly.');
      const pathname = (req.url ?? '/').split(/[?#]/)[0];
      if (pathname.startsWith('/api/')) {
        let channel: string;
        try {
          channel = decodeURIComponent(pathname.slice('/api/'.length));
        } catch {
          return sendError(res, 404, 'ipc.unknown-channel', 'Malformed channel name.');
        }
        return handleApi(req, res, channel);
      }
      return handleStatic(req, res, pathname);
    };
    run().catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'http.internal', error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

/** Parses `--port N` and `--data-dir DIR`. */
export function parseWebHostArgs(argv: string[]): { port: number; dataDir?: string } | { error: string } {
  let port = 0;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 65535) return { error: `--port needs a number from 0 to 65535, got "${argv[i] ?? ''}"` };
      port = value;
    } else if (arg === '--data-dir') {
      dataDir = argv[++i];
      if (!dataDir) return { error: '--data-dir needs a directory' };
    } else {
      return { error: `unknown argument "${arg}" (usage: web-host [--port N] [--data-dir DIR])` };
    }
  }
  return { port, dataDir };
}

/** The command-line entry: starts the host, prints the URL, stops on SIGINT/SIGTERM. */
export async function runWebHostFromProcess(argv = process.argv.slice(2)): Promise<void> {
  const args = parseWebHostArgs(argv);
  if ('error' in args) {
    process.stderr.write(`web-host: ${args.error}\n`);
    process.exitCode = 2;
    return;
  }
  const rendererDir = join(repoRoot, 'out', 'renderer');
  try {
    await stat(join(rendererDir, 'index.html'));
  } catch {
    process.stderr.write(`web-host: ${rendererDir} has no index.html; build first (npm run build)\n`);
    process.exitCode = 1;
    return;
  }
  const host = await startWebHost({
    port: args.port,
    rendererDir,
    dataDir: args.dataDir ?? defaultDataDir(),
    demoPath: join(repoRoot, 'examples', 'demo.rolecall.json'),
  });
  process.stdout.write(`Rolecall is running at ${host.url}\n`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && /web-host\.ts$/.test(process.argv[1])) {
  void runWebHostFromProcess();
}
