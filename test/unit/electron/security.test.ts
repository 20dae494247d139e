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
  isTrustedRendererUrl,
  mainWindowOptions,
  SECURITY_HEADERS,
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
    });
    expect(options.webPreferences.preload).toMatch(/\.cjs$/);
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

  it('is the same policy as the meta tag in renderer/index.html', () => {
    const html = readFileSync(fileURLToPath(new URL('../../../renderer/index.html', import.meta.url)), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
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

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(decidePermission(permission)).toBe(false);
  });
});

describe('the menu', () => {
  const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role ?? i.type);
  const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];

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
    const roles = (isDev: boolean) => submenu(buildMenuTemplate({ isDev, isMac: false, send: () => undefined })[2]).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});
