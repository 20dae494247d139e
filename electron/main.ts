/**
 * Electron main: one sandboxed window, the `app://` scheme serving the renderer, and the IPC handlers.
 * Follows Electron's security checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import demoWorkspaceText from '../examples/demo.rolecall.json?raw';
import { channelNames, MENU_EVENT_CHANNEL } from './ipc/contract';
import { createHandlers, dispatch } from './ipc/handlers';
import { createImportRunner } from './ipc/import-runner';
import { ipcError } from './ipc/validate';
import { buildMenuTemplate } from './menu';
import {
  APP_ORIGIN,
  APP_SCHEME,
  decidePermission,
  isAllowedDownloadUrl,
  isTrustedRendererUrl,
  isTrustedSender,
  mainWindowOptions,
  SECURITY_HEADERS,
} from './security';
import { cacheControlFor, contentTypeFor, resolveAppRequestFile } from './static-files';
import { loadWindowState, saveWindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/preload.cjs');
/**
 * The dev server's URL, set by `electron-vite dev`. A built app (`import.meta.env.DEV` is replaced by `false` at build
 * time) never trusts it, whatever the environment says.
 */
const devServerUrl = import.meta.env.DEV && !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const workspaceFilters = [{ name: 'Rolecall workspace', extensions: ['json'] }];

// Must run before `ready`: a standard, secure scheme so the renderer gets a real origin instead of file://.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);
app.enableSandbox();

/** Serves `app://rolecall/…` from the built renderer (files only, never outside it), with the CSP header. */
function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppRequestFile(rendererDir, request.url) : null;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      if (!(await stat(file)).isFile()) return new Response('Not found', { status: 404 });
      const headers = {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeFor(file),
        'Cache-Control': cacheControlFor(new URL(request.url).pathname),
      };
      return new Response(await readFile(file), { headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/**
 * Locks down every web contents: no navigation away (in any frame), no new windows, no webviews, no downloads but
 * the renderer's own exports, no device access, and no permissions beyond writing to the clipboard from our own page.
 */
function hardenSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(details.isMainFrame && decidePermission(permission, details.requestingUrl, devServerUrl)),
  );
  ses.setPermissionCheckHandler(
    (_contents, permission, _origin, details) =>
      details.isMainFrame && decidePermission(permission, details.requestingUrl, devServerUrl),
  );
  ses.setDevicePermissionHandler(() => false);
  // Exports are Blobs the renderer made; Electron asks where to save them. Any other download is refused.
  ses.on('will-download', (event, item) => {
    if (!isAllowedDownloadUrl(item.getURL(), devServerUrl)) event.preventDefault();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-frame-navigate', (event) => {
      if (!isTrustedRendererUrl(event.url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedRendererUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedRendererUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** Registers one `ipcMain.handle` per contract channel; each checks the sender before anything else. */
function registerIpc(getWindow: () => BrowserWindow | null): void {
  const handlers = createHandlers({
    dataDir: app.getPath('userData'),
    readDemoWorkspace: async () => demoWorkspaceText,
    // Templates are imported in a worker thread with time and memory limits: the window never freezes on one.
    runImport: createImportRunner(),
    showOpenDialog: async () => {
      const win = getWindow();
      const options = { title: 'Open workspace', filters: workspaceFilters, properties: ['openFile' as const] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    showSaveDialog: async (defaultPath) => {
      const win = getWindow();
      const options = { title: 'Save workspace', defaultPath, filters: workspaceFilters };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  });
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null, devServerUrl)) {
        return {
          ok: false,
          errors: [ipcError('ipc.untrusted-sender', 'Request refused: it did not come from the Rolecall window.')],
        };
      }
      return dispatch(handlers, channel, payload);
    });
  }
}

/** Creates the main window at its remembered size and position. */
async function createWindow(): Promise<BrowserWindow> {
  const dataDir = app.getPath('userData');
  const state = await loadWindowState(dataDir);
  const win = new BrowserWindow(mainWindowOptions(preloadPath, state, nativeTheme.shouldUseDarkColors));
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  let timer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      void saveWindowState(dataDir, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    }, 400);
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('close', () => {
    clearTimeout(timer);
    void saveWindowState(dataDir, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  });
  const menu = Menu.buildFromTemplate(
    buildMenuTemplate({
      isDev: !app.isPackaged,
      isMac: process.platform === 'darwin',
      send: (command) => win.webContents.send(MENU_EVENT_CHANNEL, command),
    }),
  );
  Menu.setApplicationMenu(menu);
  await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

let mainWindow: BrowserWindow | null = null;

app.whenReady().then(async () => {
  registerAppProtocol();
  hardenSessions();
  registerIpc(() => mainWindow);
  mainWindow = await createWindow();
  app.on('activate', async () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = await createWindow();
  });
});

// Quit when all windows are closed, except on macOS, where apps stay active until the user quits with Cmd+Q.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
