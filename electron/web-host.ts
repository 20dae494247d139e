/**
 * The browser host: serves the built renderer and the same IPC handlers over loopback HTTP, for a browser (tests,
 * machines without Electron). `POST /api/<channel>` with a JSON body answers the same tagged result as IPC.
 *
 * Bound to 127.0.0.1 only. Every API call needs the per-run token (`Authorization: Bearer …`), which the page gets
 * from the URL fragment (never sent to the server, so it never appears in a served page). The Host header must be
 * our own loopback address, which stops DNS-rebinding pages from talking to the host.
 *
 * API calls must also come from our own origin (a browser always sends `Origin` with a POST), carry JSON, and stay
 * under `MAX_BODY_BYTES` (refused from `Content-Length` before reading, or as soon as a streamed body passes it).
 *
 * Run: `node bin/run-ts.cjs electron/web-host.ts [--port N] [--data-dir DIR] [--renderer-dir DIR]`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../policy-engine/model/index';
import { isChannelName } from './ipc/contract';
import { createHandlers, dispatch } from './ipc/handlers';
import { createImportRunner } from './ipc/import-runner';
import type { Handlers } from './ipc/handlers';
import { ipcError } from './ipc/validate';
import { SECURITY_HEADERS } from './security';
import { cacheControlFor, contentTypeFor, resolveStaticPath } from './static-files';

/** The largest request body accepted (bytes); a little above the contract's text limit. */
export const MAX_BODY_BYTES = 40 * 1024 * 1024;

/**
 * How many API calls are handled at once; one more is answered 503 at once, before its body is read. One page makes a
 * few calls at a time; without a cap, 12 clients sending 39 MB bodies held 711 MB.
 */
export const MAX_CONCURRENT_API = 8;

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
  /** API calls handled at once (MAX_CONCURRENT_API); the next one gets 503. */
  maxConcurrentApi?: number;
  /** How long `close()` lets requests in flight finish before cutting their connections (ms). */
  shutdownGraceMs?: number;
}

/** A running browser host. */
export interface WebHost {
  /** The page URL, token in the fragment. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Stops accepting connections, lets requests in flight finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

/** The repository root, from this file's location. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where Electron keeps `userData` for an app named "rolecall", so the desktop app and the browser host share recent files. */
export function defaultDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'rolecall');
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'rolecall');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'rolecall');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, errors: [ipcError(code, message)] });
}

/**
 * Compares an `Authorization` header with the token in constant time: both sides are hashed first, so neither the
 * content nor the length of a wrong guess changes how long the comparison takes.
 */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/.exec(header ?? '');
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  const same = timingSafeEqual(digest(match?.[1] ?? ''), digest(token));
  return match !== null && same;
}

/**
 * Tells whether a request's `Origin` (absent for same-origin GETs and non-browser clients) is one of ours. A page on
 * another origin cannot read the token, but refusing its requests outright also stops it from probing the API.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Reads a request body up to `limit` bytes; `null` as soon as it is larger (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolvePromise(null);
    };
    req.on('data', onData);
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answers 413 and drops the connection, so a client still sending a huge body stops being read. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.setHeader('Connection', 'close');
  sendError(res, 413, 'ipc.payload-too-large', `Request body is larger than ${limit} bytes.`);
  res.on('finish', () => req.socket.destroy());
}

function statusFor(result: Result<unknown>): number {
  if (result.ok) return 200;
  return result.errors.some((e) => e.code === 'ipc.internal' || e.code === 'ipc.invalid-response') ? 500 : 400;
}

/** Starts the browser host on 127.0.0.1. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const handlers =
    options.handlers ??
    createHandlers({
      dataDir: options.dataDir,
      readDemoWorkspace: () => readFile(options.demoPath, 'utf8'),
      runImport: createImportRunner(),
    });
  let allowedHosts: Set<string> = new Set();
  let port = 0;
  let closing = false;
  const gate: ApiGate = { handlers, token, limit: options.maxBodyBytes ?? MAX_BODY_BYTES, port: () => port };
  const limited = apiLimiter(options.maxConcurrentApi ?? MAX_CONCURRENT_API);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a foreign page resolved to 127.0.0.1 still sends its own host name.
    if (!allowedHosts.has(req.headers.host ?? ''))
      return sendError(res, 421, 'http.wrong-host', 'Requests must address 127.0.0.1 directly.');
    const pathname = (req.url ?? '/').split(/[?#]/)[0];
    if (!pathname.startsWith('/api/')) return handleStatic(options.rendererDir, req, res, pathname);
    let channel: string;
    try {
      channel = decodeURIComponent(pathname.slice('/api/'.length));
    } catch {
      return sendError(res, 404, 'ipc.unknown-channel', 'Malformed channel name.');
    }
    return limited(req, res, () => handleApi(gate, req, res, channel));
  }

  const server = createServer((req, res) => {
    // While closing, a keep-alive connection is dropped as soon as its last answer is sent.
    res.on('finish', () => {
      if (closing) server.closeIdleConnections();
    });
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, 500, 'http.internal', error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });

  port = await listen(server, options.port ?? 0);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () => {
      closing = true;
      return closeGracefully(server, options.shutdownGraceMs ?? 2000);
    },
  };
}

/** What an API call is checked against: the handlers, the page's token, the body limit and the port it must come from. */
interface ApiGate {
  handlers: Handlers;
  token: string;
  limit: number;
  port(): number;
}

/** One API call: POST from the page's own origin with its token, a known channel, a JSON body within the limit. */
async function handleApi(gate: ApiGate, req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, 'http.method-not-allowed', 'API calls must use POST.');
  }
  if (!originAllowed(req.headers.origin, gate.port()))
    return sendError(res, 403, 'http.wrong-origin', 'API calls must come from the Rolecall page itself.');
  if (!tokenMatches(req.headers.authorization, gate.token))
    return sendError(res, 401, 'http.unauthorized', 'Missing or wrong token.');
  if (!isChannelName(channel))
    return sendError(res, 404, 'ipc.unknown-channel', `Unknown channel "${channel.slice(0, 100)}".`);
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    return sendError(res, 415, 'http.unsupported-media-type', 'API calls must send Content-Type: application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > gate.limit) return refuseTooLarge(req, res, gate.limit);
  const body = await readBody(req, gate.limit);
  if (body === null) return refuseTooLarge(req, res, gate.limit);
  let payload: unknown;
  try {
    payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (error) {
    return sendError(res, 400, 'ipc.invalid-json', `Request body is not valid JSON: ${(error as Error).message}`);
  }
  const result = await dispatch(gate.handlers, channel, payload);
  sendJson(res, statusFor(result), result);
}

/** At most `max` API calls at once: one more gets 503 with Retry-After, and its connection is closed. */
function apiLimiter(max: number) {
  let inFlight = 0;
  return async (req: IncomingMessage, res: ServerResponse, call: () => Promise<void>): Promise<void> => {
    if (inFlight >= max) {
      res.setHeader('Retry-After', '1');
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.socket.destroy());
      return sendError(res, 503, 'http.busy', `The host is handling ${max} calls already; try again.`);
    }
    inFlight++;
    try {
      return await call();
    } finally {
      inFlight--;
    }
  };
}

/** A file of the renderer's build, by GET or HEAD; nothing outside its folder, no symbolic links. */
async function handleStatic(
  rendererDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(res, 405, 'http.method-not-allowed', 'Only GET and HEAD are served.');
  }
  const file = resolveStaticPath(rendererDir, pathname);
  if (!file) return sendError(res, 404, 'http.not-found', 'Not found.');
  try {
    // Symbolic links inside the renderer folder are not followed: a link to a file outside it (or to another link)
    // is not served. The file and every folder on the way must be what they say, so the real path is the same.
    const info = await lstat(file);
    if (!info.isFile()) return sendError(res, 404, 'http.not-found', 'Not found.');
    const root = await realpath(rendererDir);
    const real = await realpath(file);
    if (real !== join(root, relative(resolve(rendererDir), file)))
      return sendError(res, 404, 'http.not-found', 'Not found.');
    const content = await readFile(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(file),
      'Content-Length': content.length,
      'Cache-Control': cacheControlFor(pathname),
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  } catch {
    sendError(res, 404, 'http.not-found', 'Not found.');
  }
}

/** Listens on 127.0.0.1 only; resolves to the port (the one given, or the free one the system chose for 0). */
function listen(server: Server, port: number): Promise<number> {
  return new Promise<number>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(describeListenError(error, port), { cause: error })),
    );
    server.listen(port, '127.0.0.1', () => resolvePromise((server.address() as AddressInfo).port));
  });
}

/** Stops taking connections, lets answers in progress finish, and cuts what is still open after `graceMs`. */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolvePromise) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolvePromise();
    });
    server.closeIdleConnections();
  });
}

/** A clear message for a failed `listen` (port taken, not allowed, …), naming the port and what to do. */
export function describeListenError(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EADDRINUSE')
    return `port ${port} on 127.0.0.1 is already in use (another Rolecall?); stop that program or pick another port with --port (0 picks a free one)`;
  if (error.code === 'EACCES')
    return `port ${port} on 127.0.0.1 needs privileges this user does not have; pick a port above 1023 with --port (0 picks a free one)`;
  return `cannot listen on 127.0.0.1:${port}: ${error.message}`;
}

/** The parsed command line of the browser host. */
export interface WebHostArgs {
  port: number;
  dataDir?: string;
  rendererDir?: string;
}

const USAGE = 'usage: web-host [--port N] [--data-dir DIR] [--renderer-dir DIR]';

/** Parses `--port N` (0 to 65535; 0 picks a free port), `--data-dir DIR` and `--renderer-dir DIR`; `--x=v` also works. */
export function parseWebHostArgs(argv: string[]): WebHostArgs | { error: string } {
  const args: WebHostArgs = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined];
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535)
        return { error: `--port needs a whole number from 0 to 65535, got "${value ?? ''}" (${USAGE})` };
      args.port = Number(value);
    } else if (flag === '--data-dir' || flag === '--renderer-dir') {
      if (!value || value.startsWith('--')) return { error: `${flag} needs a directory (${USAGE})` };
      if (flag === '--data-dir') args.dataDir = value;
      else args.rendererDir = value;
    } else {
      return { error: `unknown argument "${argv[i - (inline === undefined ? 1 : 0)]}" (${USAGE})` };
    }
  }
  return args;
}

/** What the command-line entry uses from its process; tests pass their own. */
export interface WebHostProcess {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
  onSignal(signal: 'SIGINT' | 'SIGTERM', listener: () => void): void;
}

const realProcess: WebHostProcess = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
  onSignal: (signal, listener) => process.on(signal, listener),
};

/**
 * The command-line entry: starts the host, prints `Rolecall is running at <url>`, and on SIGINT/SIGTERM stops
 * gracefully (a second signal stops at once). Resolves with the host, or `null` after printing why it did not start
 * (the exit code is then 2 for bad arguments, 1 otherwise).
 */
export async function runWebHostFromProcess(
  argv = process.argv.slice(2),
  io: WebHostProcess = realProcess,
): Promise<WebHost | null> {
  const args = parseWebHostArgs(argv);
  if ('error' in args) {
    io.stderr(`web-host: ${args.error}\n`);
    io.exit(2);
    return null;
  }
  const rendererDir = args.rendererDir ?? join(repoRoot, 'out', 'renderer');
  try {
    await stat(join(rendererDir, 'index.html'));
  } catch {
    io.stderr(`web-host: ${rendererDir} has no index.html; build first (npm run build)\n`);
    io.exit(1);
    return null;
  }
  let host: WebHost;
  try {
    host = await startWebHost({
      port: args.port,
      rendererDir,
      dataDir: args.dataDir ?? defaultDataDir(),
      demoPath: join(repoRoot, 'examples', 'demo.rolecall.json'),
    });
  } catch (error) {
    io.stderr(`web-host: ${error instanceof Error ? error.message : String(error)}\n`);
    io.exit(1);
    return null;
  }
  io.stdout(`Rolecall is running at ${host.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return io.exit(130);
    stopping = true;
    io.stderr('web-host: stopping (press Ctrl+C again to stop at once)\n');
    void host.close().then(() => io.exit(0));
  };
  io.onSignal('SIGINT', stop);
  io.onSignal('SIGTERM', stop);
  return host;
}

if (process.argv[1] && /web-host\.ts$/.test(process.argv[1])) {
  void runWebHostFromProcess();
}
