/**
 * The application menu as plain data (Electron's `MenuItemConstructorOptions`), so tests can read it without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './ipc/contract';

/** What the menu needs from main. */
export interface MenuOptions {
  /** Development builds get Reload and the developer tools. */
  isDev: boolean;
  isMac: boolean;
  /** Forwards a File command to the renderer. */
  send(command: MenuCommand): void;
}

/** Builds the menu template: File (Open, Save, Save As, Import), Edit, View, Window. */
export function buildMenuTemplate({ isDev, isMac, send }: MenuOptions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => send('open') },
      { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: () => send('import') },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => send('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send('saveAs') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev
        ? ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
