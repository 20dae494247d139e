/**
 * Electron cannot start on this machine, so the wiring in electron/main.ts and electron/preload.ts is checked as source
 * text against Electron's security checklist: https://www.electronjs.org/docs/latest/tutorial/security
 * (The plain-data parts — window options, CSP, sender and permission decisions — are tested in security.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** A source file without its comments (block comments and whole-line `//` comments), so prose cannot trip a check. */
const source = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../electron/${path}`, import.meta.url)), 'utf8')
    .replace(/\/\*[^]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
const main = source('main.ts');
const preload = source('preload.ts');
/** Every electron/ source that runs in main or the preload (not the renderer). */
const hostFiles = [
  'main.ts',
  'preload.ts',
  'security.ts',
  'menu.ts',
  'web-host.ts',
  'static-files.ts',
  'window-state.ts',
  'ipc/contract.ts',
  'ipc/handlers.ts',
  'ipc/validate.ts',
];

describe('electron/main.ts follows the security checklist', () => {
  it('turns the sandbox on for every renderer before the app is ready (#4)', () => {
    expect(main).toMatch(/^app\.enableSandbox\(\);$/m);
    expect(main).toContain('new BrowserWindow(mainWindowOptions(');
    expect(main.match(/new BrowserWindow\(/g)).toHaveLength(1);
  });

  it('sets both a permission request handler and a permission check handler, and refuses device access (#5)', () => {
    expect(main).toMatch(/setPermissionRequestHandler\([^]*?decidePermission\(/);
    expect(main).toMatch(/setPermissionCheckHandler\([^]*?decidePermission\(/);
    expect(main).toContain('setDevicePermissionHandler(() => false)');
  });

  it('blocks navigation in every frame, redirects, new windows and webviews (#12, #13, #14)', () => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(main, event).toMatch(
        new RegExp(`on\\('${event}',[^]*?if \\(!isTrustedRendererUrl\\([^)]*\\)\\) event\\.preventDefault\\(\\)`),
      );
    }
    expect(main).toContain("contents.on('will-attach-webview', (event) => event.preventDefault())");
    expect(main).toContain("contents.setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(main).toContain("app.on('web-contents-created'");
  });

  it('trusts a dev server only under electron-vite dev, never in a built app', () => {
    expect(main).toContain(
      'const devServerUrl = import.meta.env.DEV && !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;',
    );
    expect(main.match(/ELECTRON_RENDERER_URL/g)).toHaveLength(1);
  });

  it("refuses every download that is not one of the renderer's own exports", () => {
    expect(main).toMatch(
      /ses\.on\('will-download', \(event, item\) => \{\s*if \(!isAllowedDownloadUrl\(item\.getURL\(\), devServerUrl\)\) event\.preventDefault\(\);/,
    );
  });

  it('checks the sender of every IPC call before dispatching it, and uses only invoke/handle (#17)', () => {
    const handler =
      /ipcMain\.handle\(channel, \(event: IpcMainInvokeEvent, payload: unknown\) => \{([^]*?)\n {4}\}\);/.exec(
        main,
      )?.[1] ?? '';
    expect(handler.indexOf('isTrustedSender(')).toBeGreaterThan(-1);
    expect(handler.indexOf('isTrustedSender(')).toBeLessThan(handler.indexOf('dispatch('));
    expect(handler).toContain('frame.parent === null');
    expect(main).not.toMatch(/ipcMain\.on\(|ipcMain\.handleOnce\(/);
  });

  it('serves the renderer only through the app:// handler, which maps URLs with resolveAppRequestFile (#18-style custom protocol)', () => {
    expect(main).toContain('resolveAppRequestFile(rendererDir, request.url)');
    expect(main).toMatch(/registerSchemesAsPrivileged\(\[\s*\{ scheme: APP_SCHEME/);
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
    expect(main).not.toMatch(/url\.origin/);
  });
});

describe('no Electron source opens the door to Node or the shell', () => {
  it.each(hostFiles)(
    '%s never calls shell.openExternal, remote, eval or disables a protection (#2, #6, #8, #9, #15)',
    (file) => {
      const text = source(file);
      expect(text).not.toMatch(/openExternal|@electron\/remote|enableRemoteModule|\beval\(|new Function\(/);
      expect(text).not.toMatch(
        /nodeIntegration(InWorker|InSubFrames)?: true|contextIsolation: false|sandbox: false|webSecurity: false/,
      );
      expect(text).not.toMatch(
        /allowRunningInsecureContent: true|experimentalFeatures: true|enableBlinkFeatures|webviewTag: true/,
      );
    },
  );
});

describe('electron/preload.ts exposes only the typed bridge', () => {
  it('exposes one object, `api`, built from the contract, and never ipcRenderer itself', () => {
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain("contextBridge.exposeInMainWorld('api', api)");
    expect(preload).toContain('createBridgeApi(');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer|ipcRenderer\.send\(|ipcRenderer\.sendSync\(/);
    // A sandboxed preload can only require electron: every other import must be bundled (electron.vite.config.ts).
    const imports = [...preload.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => !i.startsWith('./'))).toEqual(['electron']);
  });
});

describe('imports run off the event loop of main and of the browser host (issue 17, item 2)', () => {
  it('both hand every import to the worker runner (time and memory limits: import-runner.test.ts)', () => {
    const host = source('web-host.ts');
    for (const text of [main, host]) {
      expect(text).toMatch(/createHandlers\(\{[^]*?runImport: createImportRunner\(\)/);
      expect(text).not.toMatch(/\bimportFiles\(/);
    }
    // The handler calls the inline import only when no runner is given (the unit tests of the handlers).
    expect(source('ipc/handlers.ts')).toMatch(/services\.runImport \? services\.runImport\(job\) : runImportJob\(/);
  });
});
