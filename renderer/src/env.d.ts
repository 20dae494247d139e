/// <reference types="vite/client" />
import type { BridgeApi } from '../../electron/ipc/contract';

declare global {
  interface Window {
    /** The preload's bridge; absent when the page is served by the browser host. */
    api?: BridgeApi;
  }
}
