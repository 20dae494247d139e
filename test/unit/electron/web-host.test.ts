import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/ipc/handlers';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../electron/security';
import {
  describeListenError,
  originAllowed,
  parseWebHostArgs,
  runWebHostFromProcess,
  startWebHost,
  tokenMatches,
} from '../../../electron/web-host';
import type { WebHost, WebHostProcess } from '../../../electron/web-host';

const TOKEN = 'a1'.repeat(32);
let host: WebHost;
let rendererDir: string;

/** A raw HTTP request, so paths are sent exactly as written (fetch would normalise `..`). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  send(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'rolecall-host-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rolecall</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'index-BVagwGnG.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  host = await startWebHost({
    port: 0,
    rendererDir,
    dataDir: join(root, 'data'),
    demoPath: fileURLToPath(new URL('../../../examples/demo.rolecall.json', import.meta.url)),
    token: TOKEN,
    maxBodyBytes: 1024 * 1024,
  });
});

afterAll(async () => {
  await host?.close();
});

describe('the browser host', () => {
  it('listens on 127.0.0.1 only and puts the token in the URL fragment', () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
  });

  it('serves the renderer with the CSP and security headers', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Rolecall</title>');
    expect(page.body).not.toContain(TOKEN);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('/assets/missing.js')).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/assets%00/app.js',
    ]) {
      const res = await send(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('requires the token on every API call', async () => {
    expect((await api('aws:listProfiles', {}, { Authorization: '' })).status).toBe(401);
    expect((await api('aws:listProfiles', {}, { Authorization: `Bearer ${'b2'.repeat(32)}` })).status).toBe(401);
    expect((await api('aws:listProfiles', {}, { Authorization: TOKEN })).status).toBe(401);
    const ok = await api('app:getDemoWorkspace', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({
      ok: true,
      value: { text: expect.stringContaining('Demo mobile backend') },
    });
  });

  it('answers 404 for an unknown channel, 405 for GET, 415 without JSON', async () => {
    const unknown = await api('fs:rm', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.unknown-channel' }] });
    expect((await send('/api/app%3AgetDemoWorkspace', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(
      405,
    );
    expect((await api('app:getDemoWorkspace', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('answers bad payloads with clear errors, never a crash', async () => {
    const wrongType = await api('workspace:save', { text: 7 });
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.body)).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.invalid-payload', path: 'text' }],
    });
    const proto = await api('workspace:save', '{"text":"{}","__proto__":{"x":1}}');
    expect(JSON.parse(proto.body)).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.forbidden-key', path: '__proto__' }],
    });
    const notJson = await api('workspace:save', '{"text":');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.invalid-json' }] });
    const huge = await api('draft:save', { text: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.payload-too-large' }] });
    // Still serving after all of that.
    expect((await api('app:getDemoWorkspace', {})).status).toBe(200);
  });

  // Issue #17, item 1: with the token, `workspace:save` wrote any path (relative ones from the host's working
  // directory) and `workspace:read` returned any file that parsed as a workspace.
  it('a client with the token can neither write nor read a file by path', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'rolecall-victim-')), 'profile.sh');
    writeFileSync(target, 'echo original\n');
    const demo = readFileSync(fileURLToPath(new URL('../../../examples/demo.rolecall.json', import.meta.url)), 'utf8');
    for (const body of [
      { path: target, text: demo },
      { path: 'relative.rolecall.json', text: demo },
      { handle: `fh_${'c'.repeat(32)}`, text: demo },
      { text: demo },
    ]) {
      const res = await api('workspace:save', body);
      expect(res.status, JSON.stringify(Object.keys(body))).toBe(400);
      expect(JSON.parse(res.body).ok).toBe(false);
    }
    expect(readFileSync(target, 'utf8')).toBe('echo original\n');
    expect(existsSync(join(process.cwd(), 'relative.rolecall.json'))).toBe(false);
    for (const channel of ['workspace:read', 'workspace:recent']) {
      const res = await api(channel, { path: target });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('original');
    }
    expect(JSON.parse((await api('draft:load', { of: { key: 'x' }, path: '/etc/passwd' })).body)).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.invalid-payload' }],
    });
  });

  // Issue #17, item 2: an alias bomb sent to the host is imported in the worker (createImportRunner, the default
  // handlers), answered with its clear error, and the host keeps serving meanwhile.
  it('imports an alias bomb in its worker: a clear error, and the host answers other calls meanwhile', async () => {
    const bomb = ['Resources:', '  R: {Type: AWS::S3::Bucket}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const [imported, demo] = await Promise.all([
      api('import:files', { files: [{ name: 'bomb.yaml', text: bomb.join('\n') }], options: {} }),
      api('app:getDemoWorkspace', {}),
    ]);
    expect(demo.status).toBe(200);
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body)).toMatchObject({
      ok: true,
      value: {
        report: {
          errors: [{ code: 'yaml.structure', file: 'bomb.yaml', message: expect.stringMatching(/alias bomb/) }],
        },
      },
    });
  }, 120_000);

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const res = await send('/', { headers: { Host: 'attacker.example' } });
    expect(res.status).toBe(421);
    expect((await send('/', { headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('never lists a directory', async () => {
    for (const path of ['/assets', '/assets/', '/assets/.', '/.']) {
      const res = await send(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('app.js');
    }
  });

  it('sends cache headers: hashed assets are immutable, the page is revalidated, API answers are never stored', async () => {
    expect((await send('/')).headers['cache-control']).toBe('no-cache');
    expect((await send('/assets/app.js')).headers['cache-control']).toBe('no-cache');
    const hashed = await send('/assets/index-BVagwGnG.css');
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await api('app:getDemoWorkspace', {})).headers['cache-control']).toBe('no-store');
  });

  it('answers HEAD without a body and names the allowed methods on 405', async () => {
    const head = await send('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await send('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await send('/api/app%3AgetDemoWorkspace', { method: 'PUT' })).headers.allow).toBe('POST');
  });

  it('refuses API calls from another origin, and accepts our own', async () => {
    const foreign = await api('app:getDemoWorkspace', {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, errors: [{ code: 'http.wrong-origin' }] });
    expect((await api('app:getDemoWorkspace', {}, { Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await api('app:getDemoWorkspace', {}, { Origin: 'null' })).status).toBe(403);
    expect((await api('app:getDemoWorkspace', {}, { Origin: host.origin })).status).toBe(200);
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    const answer = await rawRequest(
      `POST /api/draft%3Asave HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{"text":"`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('ipc.payload-too-large');
  });

  it('stops reading a streamed (chunked) body as soon as it passes the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/draft%3Asave',
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"text":"');
      const chunk = 'x'.repeat(64 * 1024);
      // Keep sending until the server answers; it must answer before the client stops (no Content-Length is sent).
      const pump = () => {
        if (req.destroyed) return;
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await api('app:getDemoWorkspace', {})).status).toBe(200);
  });

  it('says in the browser host that file dialogs are not available', async () => {
    const res = await api('workspace:open', {});
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.unsupported' }] });
  });
});

describe('web host arguments', () => {
  it('parses --port, --data-dir and --renderer-dir, in both `--x v` and `--x=v` forms', () => {
    expect(parseWebHostArgs([])).toEqual({ port: 0 });
    expect(parseWebHostArgs(['--port', '8123', '--data-dir', '/tmp/d'])).toEqual({ port: 8123, dataDir: '/tmp/d' });
    expect(parseWebHostArgs(['--port=0', '--renderer-dir=/srv/r'])).toEqual({ port: 0, rendererDir: '/srv/r' });
    expect(parseWebHostArgs(['--port', '65535'])).toEqual({ port: 65535 });
  });

  it('refuses ports that are not a plain whole number from 0 to 65535, naming the value', () => {
    for (const value of ['http', '70000', '65536', '-1', '1e3', '0x50', ' 80', '80.0', '', '123456']) {
      const parsed = parseWebHostArgs(['--port', value]);
      expect(parsed, value).toHaveProperty('error');
      expect((parsed as { error: string }).error, value).toContain(`got "${value}"`);
    }
    expect(parseWebHostArgs(['--port'])).toHaveProperty('error');
  });

  it('refuses unknown arguments and flags without a value', () => {
    expect(parseWebHostArgs(['--host', '0.0.0.0'])).toEqual({
      error: expect.stringContaining('unknown argument "--host"'),
    });
    expect(parseWebHostArgs(['--data-dir'])).toEqual({
      error: expect.stringContaining('--data-dir needs a directory'),
    });
    expect(parseWebHostArgs(['--data-dir', '--port'])).toHaveProperty('error');
    expect(parseWebHostArgs(['extra'])).toEqual({ error: expect.stringContaining('unknown argument "extra"') });
  });
});

describe('the token and origin checks', () => {
  const token = 'c3'.repeat(32);
  it('accepts exactly `Bearer <token>`', () => {
    expect(tokenMatches(`Bearer ${token}`, token)).toBe(true);
    for (const header of [
      undefined,
      '',
      token,
      `bearer ${token}`,
      `Bearer ${token} `,
      `Bearer  ${token}`,
      `Bearer ${token.slice(1)}`,
      `Bearer ${token}0`,
      `Bearer ${'d4'.repeat(32)}`,
      'Bearer ',
    ]) {
      expect(tokenMatches(header, token), String(header)).toBe(false);
    }
  });

  it('allows no Origin (same-origin GET, non-browser clients) or our own, nothing else', () => {
    expect(originAllowed(undefined, 4000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(originAllowed('http://localhost:4000', 4000)).toBe(true);
    for (const origin of [
      'null',
      'http://127.0.0.1:4001',
      'https://127.0.0.1:4000',
      'http://evil.example',
      'http://127.0.0.1:4000.evil.example',
      '',
    ])
      expect(originAllowed(origin, 4000), origin).toBe(false);
  });
});

describe('starting and stopping', () => {
  it('says clearly when the port is taken', async () => {
    const second = startWebHost({ port: host.port, rendererDir, dataDir: tmpdir(), demoPath: '/nonexistent' });
    await expect(second).rejects.toThrow(`port ${host.port} on 127.0.0.1 is already in use`);
    expect(describeListenError(Object.assign(new Error('x'), { code: 'EACCES' }), 80)).toContain(
      'pick a port above 1023',
    );
    expect(describeListenError(Object.assign(new Error('boom'), { code: 'EOTHER' }), 80)).toBe(
      'cannot listen on 127.0.0.1:80: boom',
    );
  });

  it('lets a request in flight finish when closing, then refuses new connections', async () => {
    let release: (() => void) | undefined;
    const slow = createHandlers({
      dataDir: tmpdir(),
      readDemoWorkspace: () => new Promise((resolve) => (release = () => resolve('{"slow":true}'))),
    });
    const own = await startWebHost({
      rendererDir,
      dataDir: tmpdir(),
      demoPath: '/nonexistent',
      token: TOKEN,
      handlers: slow,
    });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: own.port,
          path: '/api/app%3AgetDemoWorkspace',
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    await until(() => release !== undefined);
    const closed = own.close();
    release?.();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { text: '{"slow":true}' } });
    await closed;
    await expect(rawRequest(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${own.port}\r\n\r\n`, own.port)).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

describe('bounds of the browser host (issue 17)', () => {
  it('handles at most maxConcurrentApi calls at once; the next one is answered 503 before its body is read', async () => {
    const waiting: (() => void)[] = [];
    const slow = createHandlers({
      dataDir: tmpdir(),
      readDemoWorkspace: () => new Promise((resolve) => waiting.push(() => resolve('{}'))),
    });
    const own = await startWebHost({
      rendererDir,
      dataDir: tmpdir(),
      demoPath: '/x',
      token: TOKEN,
      handlers: slow,
      maxConcurrentApi: 2,
    });
    const call = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: own.port,
            path: '/api/app%3AgetDemoWorkspace',
            method: 'POST',
            headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    const first = [call(), call()];
    await until(() => waiting.length === 2);
    expect(await call()).toBe(503);
    for (const go of waiting) go();
    expect(await Promise.all(first)).toEqual([200, 200]);
    // Once they are done, calls are accepted again.
    const again = call();
    await until(() => waiting.length === 3);
    waiting[2]();
    expect(await again).toBe(200);
    await own.close();
  });

  it('does not follow symbolic links inside the renderer folder (to a file outside it, or to one inside)', async () => {
    const outside = join(rendererDir, '..', 'secret.txt');
    symlinkSync(outside, join(rendererDir, 'link-out.txt'));
    symlinkSync(join(rendererDir, 'index.html'), join(rendererDir, 'link-in.html'));
    symlinkSync(join(rendererDir, '..'), join(rendererDir, 'up'));
    for (const path of ['/link-out.txt', '/link-in.html', '/up/secret.txt']) {
      const r = await send(path, { headers: { Host: `127.0.0.1:${host.port}` } });
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.body).not.toContain('do not serve');
    }
    expect((await send('/index.html', { headers: { Host: `127.0.0.1:${host.port}` } })).status).toBe(200);
  });
});

describe('the command line (runWebHostFromProcess)', () => {
  function fakeProcess() {
    const out: string[] = [];
    const err: string[] = [];
    const exits: number[] = [];
    const signals = new Map<string, () => void>();
    const io: WebHostProcess = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      exit: (c) => exits.push(c),
      onSignal: (s, l) => signals.set(s, l),
    };
    return { io, out, err, exits, signals };
  }

  it('prints the URL with the token in the fragment, and stops cleanly on SIGTERM (a second signal stops at once)', async () => {
    const p = fakeProcess();
    const started = await runWebHostFromProcess(
      ['--port', '0', '--renderer-dir', rendererDir, '--data-dir', join(tmpdir(), 'rolecall-cli')],
      p.io,
    );
    expect(started).not.toBeNull();
    expect(p.out.join('')).toMatch(/^Rolecall is running at http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}\n$/);
    expect(p.out.join('')).toContain(started?.url);
    expect([...p.signals.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);
    p.signals.get('SIGTERM')?.();
    p.signals.get('SIGINT')?.();
    expect(p.exits).toEqual([130]);
    await until(() => p.exits.length === 2);
    expect(p.exits).toEqual([130, 0]);
  });

  it('exits 2 on bad arguments, and 1 with a clear message when the port is taken or nothing is built', async () => {
    const bad = fakeProcess();
    expect(await runWebHostFromProcess(['--port', 'abc'], bad.io)).toBeNull();
    expect(bad.exits).toEqual([2]);
    expect(bad.err.join('')).toContain('--port needs a whole number');

    const taken = fakeProcess();
    expect(
      await runWebHostFromProcess(['--port', String(host.port), '--renderer-dir', rendererDir], taken.io),
    ).toBeNull();
    expect(taken.exits).toEqual([1]);
    expect(taken.err.join('')).toContain(`web-host: port ${host.port} on 127.0.0.1 is already in use`);

    const unbuilt = fakeProcess();
    expect(await runWebHostFromProcess(['--renderer-dir', join(tmpdir(), 'no-such-build')], unbuilt.io)).toBeNull();
    expect(unbuilt.exits).toEqual([1]);
    expect(unbuilt.err.join('')).toContain('has no index.html; build first');
  });

  it('as a real process: prints the URL, serves, and exits 0 on SIGTERM', async () => {
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        join(repo, 'bin', 'run-ts.cjs'),
        join(repo, 'electron', 'web-host.ts'),
        '--renderer-dir',
        rendererDir,
        '--data-dir',
        join(tmpdir(), 'rolecall-cli'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(() => /running at (http:\/\/127\.0\.0\.1:\d+)\//.test(output) || child.exitCode !== null);
    const origin = /running at (http:\/\/127\.0\.0\.1:(\d+))\//.exec(output);
    expect(origin, output).not.toBeNull();
    expect(
      await rawRequest(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${origin?.[2]}\r\nConnection: close\r\n\r\n`,
        Number(origin?.[2]),
      ),
    ).toMatch(/^HTTP\/1\.1 200 /);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('web-host: stopping');
  });
});

/** Waits (polling, no fixed sleep) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Sends raw bytes and collects the answer until the server closes or stops sending. */
function rawRequest(text: string, port = host.port): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (/\r\n\r\n/.test(answer) && !/Transfer-Encoding: chunked/i.test(answer)) {
        const length = Number(/Content-Length: (\d+)/i.exec(answer)?.[1] ?? 0);
        if (answer.length - answer.indexOf('\r\n\r\n') - 4 >= length) socket.end();
      }
    });
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
  });
}
