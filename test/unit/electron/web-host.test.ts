import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebHostArgs, startWebHost } from '../../../electron/web-host';
import type { WebHost } from '../../../electron/web-host';

const TOKEN = 'a1'.repeat(32);
let host: WebHost;
let rendererDir: string;

/** A raw HTTP request, so paths are sent exactly as written (fetch would normalise `..`). */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  send(`/api/${encodeURIComponent(channel)}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'rolecall-host-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rolecall</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
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
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('/assets/missing.js')).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets']) {
      const res = await send(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('requires the token on every API call', async () => {
    expect((await api('workspace:recent', {}, { Authorization: '' })).status).toBe(401);
    expect((await api('workspace:recent', {}, { Authorization: `Bearer ${'b2'.repeat(32)}` })).status).toBe(401);
    expect((await api('workspace:recent', {}, { Authorization: TOKEN })).status).toBe(401);
    const ok = await api('app:getDemoWorkspace', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { text: expect.stringContaining('Demo mobile backend') } });
  });

  it('answers 404 for an unknown channel, 405 for GET, 415 without JSON', async () => {
    const unknown = await api('fs:rm', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.unknown-channel' }] });
    expect((await send('/api/app%3AgetDemoWorkspace', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
    expect((await api('app:getDemoWorkspace', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('answers bad payloads with clear errors, never a crash', async () => {
    const wrongType = await api('workspace:read', { path: 7 });
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.invalid-payload', path: 'path' }] });
    const proto = await api('workspace:read', '{"path":"/a","__proto__":{"x":1}}');
    expect(JSON.parse(proto.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.forbidden-key', path: '__proto__' }] });
    const notJson = await api('workspace:read', '{"path":');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.invalid-json' }] });
    const huge = await api('draft:save', { text: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.payload-too-large' }] });
    // Still serving after all of that.
    expect((await api('app:getDemoWorkspace', {})).status).toBe(200);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const res = await send('/', { headers: { Host: 'attacker.example' } });
    expect(res.status).toBe(421);
    expect((await send('/', { headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('says in the browser host that file dialogs are not available', async () => {
    const res = await api('workspace:open', {});
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, errors: [{ code: 'ipc.unsupported' }] });
  });
});

describe('web host arguments', () => {
  it('parses --port and --data-dir and refuses anything else', () => {
    expect(parseWebHostArgs([])).toEqual({ port: 0, dataDir: undefined });
    expect(parseWebHostArgs(['--port', '8123', '--data-dir', '/tmp/d'])).toEqual({ port: 8123, dataDir: '/tmp/d' });
    expect(parseWebHostArgs(['--port', 'http'])).toHaveProperty('error');
    expect(parseWebHostArgs(['--port', '70000'])).toHaveProperty('error');
    expect(parseWebHostArgs(['--host', '0.0.0.0'])).toHaveProperty('error');
  });
});
