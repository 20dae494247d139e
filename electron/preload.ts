/**
 * The preload: the only bridge between the sandboxed page and main. Built as one fully bundled CJS file so it runs
 * with `sandbox: true`. It exposes one named method per contract channel, never a generic `ipcRenderer`.
 * https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridgeApi, MENU_EVENT_CHANNEL } from './ipc/contract';
import type { MenuCommand } from './ipc/contract';

const api = createBridgeApi(
  (channel, payload) => ipcRenderer.invoke(channel, payload),
  (listener) => {
    const handler = (_event: Electron.IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on(MENU_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(MENU_EVENT_CHANNEL, handler);
    };
  },
);

contextBridge.exposeInMainWorld('api', api);
