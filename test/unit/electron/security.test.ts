import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../../electron/menu';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  CSP_DIRECTIVES,
  decidePermission,
  devServerContentSecurityPolicy,
  GRANTED_PERMISSIONS,
  isAllowedDownloadUrl,
  isTrustedRendererUrl,
  isTrustedSender,
  mainWindowOptions,
  SECURITY_HEADERS,
  withContentSecurityPolicy,
} from '../../../electron/security';

// Electron's security checklist: https://www.electronjs.org/docs/latest/tutorial/security
describe('the main window', () => {
  it('isolates and sandboxes the page, with no Node anywhere (checklist #2, #3, #4)', () => {
    const options = mainWindowOptions('/app/out/preload/preload.cjs', { width: 1200, height: 800 });
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click must not open new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    });
    expect(options.webPreferences.preload).toMatch(/\.cjs$/);
    // Checklist #10: no enableBlinkFeatures at all (toEqual above would also catch it; this names the rule).
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.backgroundColor).toBe('#ffffff');
    expect(mainWindowOptions('/p.cjs', { width: 1200, height: 800 }, true).backgroundColor).toBe('#1e1e1e');
  });
});

describe('the content security policy (checklist #7)', () => {
  it('allows nothing remote: no http(s) sources, no wildcards, no eval', () => {
    for (const [directive, value] of Object.entries(CSP_DIRECTIVES)) {
      expect(value, directive).not.toMatch(/https?:|\*|unsafe-eval|wasm-unsafe-eval/);
    }
    expect(CSP_DIRECTIVES['default-src']).toBe("'none'");
    expect(CSP_DIRECTIVES['script-src']).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });

  it('needs no eval and no blob: workers; only styles are allowed inline', () => {
    const withInline = Object.entries(CSP_DIRECTIVES).filter(([, value]) => value.includes("'unsafe-inline'"));
    expect(withInline.map(([name]) => name)).toEqual(['style-src']);
    expect(CSP_DIRECTIVES['worker-src']).toBe("'self'");
    for (const name of ['base-uri', 'form-action', 'object-src']) expect(CSP_DIRECTIVES[name], name).toBe("'none'");
  });

  it('is written into the meta tag of renderer/index.html by the build, so meta and header never drift apart', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../renderer/index.html', import.meta.url)), 'utf8');
    const built = withContentSecurityPolicy(source);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(built ?? '');
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY_HEADER.startsWith(`${CONTENT_SECURITY_POLICY}; `)).toBe(true);
    // Everything else in the page is left alone.
    expect(built?.replace(CONTENT_SECURITY_POLICY, '')).toBe(
      source.replace(/(Content-Security-Policy"\s+content=")[^"]*/, '$1'),
    );
  });

  it('refuses to build a page that has no CSP meta tag', () => {
    expect(withContentSecurityPolicy('<!doctype html><title>x</title>')).toBeNull();
  });

  it('relaxes only script-src (inline preamble) and connect-src (loopback WebSocket) for the dev server', () => {
    const dev = devServerContentSecurityPolicy();
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    expect(dev).not.toMatch(/unsafe-eval|https?:/);
    const changed = dev.split('; ').filter((directive) => !CONTENT_SECURITY_POLICY.split('; ').includes(directive));
    expect(changed.map((d) => d.split(' ')[0])).toEqual(['script-src', 'connect-src']);
  });
});

describe('senders and permissions (checklist #5, #17)', () => {
  it('trusts only the app:// renderer, or the exact loopback dev server in development', () => {
    expect(isTrustedRendererUrl('app://rolecall/index.html')).toBe(true);
    expect(isTrustedRendererUrl('app://rolecall/index.html#x')).toBe(true);
    expect(isTrustedRendererUrl('app://evil/index.html')).toBe(false);
    expect(isTrustedRendererUrl('file:///tmp/index.html')).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/')).toBe(false);
    expect(isTrustedRendererUrl('')).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/')).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', 'https://example.com')).toBe(false);
  });

  it('answers IPC only from the top-level frame of the renderer, never an iframe or a destroyed frame', () => {
    expect(isTrustedSender({ url: 'app://rolecall/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://rolecall/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, 'http://localhost:5173')).toBe(true);
  });

  it('does not trust look-alike app URLs', () => {
    for (const url of [
      'app://rolecall.evil/index.html',
      'app://evil.rolecall/',
      'app://rolecall:8080/',
      'app://user@evil/',
      'APP://evil/',
      'app:rolecall/index.html',
    ]) {
      expect(isTrustedRendererUrl(url), url).toBe(false);
    }
  });

  it('allows only downloads of blobs our own renderer made (report and workspace exports)', () => {
    expect(isAllowedDownloadUrl('blob:app://rolecall/6b1c1a0e-8f7e-4a43-9d7e-2b8f0c3f1d2a')).toBe(true);
    for (const url of [
      'blob:https://evil.example/1',
      'blob:app://evil/1',
      'https://example.com/x.exe',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'app://rolecall/index.html',
      'blob:',
      '',
    ]) {
      expect(isAllowedDownloadUrl(url), url).toBe(false);
    }
    expect(isAllowedDownloadUrl('blob:http://localhost:5173/1')).toBe(false);
    expect(isAllowedDownloadUrl('blob:http://localhost:5173/1', 'http://localhost:5173')).toBe(true);
  });

  it('denies every permission request and check, except clipboard writes from our own page', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
      'unknown',
    ]) {
      expect(decidePermission(permission), permission).toBe(false);
      expect(decidePermission(permission, 'app://rolecall/index.html'), permission).toBe(false);
    }
    expect(GRANTED_PERMISSIONS).toEqual(['clipboard-sanitized-write']);
    expect(decidePermission('clipboard-sanitized-write', 'app://rolecall/index.html')).toBe(true);
    expect(decidePermission('clipboard-sanitized-write')).toBe(false);
    expect(decidePermission('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(decidePermission('clipboard-sanitized-write', 'http://localhost:5173/')).toBe(false);
    expect(decidePermission('clipboard-sanitized-write', 'http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });
});

describe('the menu', () => {
  const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role ?? i.type);
  const submenu = (item: MenuItemConstructorOptions | undefined) =>
    (item?.submenu ?? []) as MenuItemConstructorOptions[];

  it('has File Open/Import/Save/Save As with the usual shortcuts, forwarding commands to the renderer', () => {
    const sent: string[] = [];
    const menu = buildMenuTemplate({ isDev: false, isMac: false, send: (c) => sent.push(c) });
    expect(labels(menu)).toEqual(['&File', 'editMenu', '&View', 'windowMenu']);
    const file = submenu(menu[0]);
    expect(file.filter((i) => i.accelerator).map((i) => [i.label, i.accelerator])).toEqual([
      ['Open Workspace…', 'CmdOrCtrl+O'],
      ['Import…', 'CmdOrCtrl+I'],
      ['Save', 'CmdOrCtrl+S'],
      ['Save As…', 'CmdOrCtrl+Shift+S'],
    ]);
    for (const item of file) (item.click as (() => void) | undefined)?.();
    expect(sent).toEqual(['open', 'import', 'save', 'saveAs']);
  });

  it('offers Reload and developer tools only in development', () => {
    const roles = (isDev: boolean) =>
      submenu(buildMenuTemplate({ isDev, isMac: false, send: () => undefined })[2]).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});
