/**
 * Build of the three processes, with entries under electron/ and renderer/ (not electron-vite's default src/).
 * The preload is one fully bundled CommonJS file (`preload.cjs`), which is what lets the window keep `sandbox: true`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Development only (`electron-vite dev`): the dev server needs an inline script (React Refresh's preamble) and a
 * WebSocket back to itself, which the strict CSP in renderer/index.html forbids. Built files keep the strict policy.
 */
function devServerCsp(): Plugin {
  return {
    name: 'rolecall-dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/(http-equiv="Content-Security-Policy"\s+content=")([^"]+)"/, (_match, head: string, policy: string) =>
        `${head}${policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*")}"`,
      );
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { main: resolve(root, 'electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads can only `require('electron')`: bundle everything else (zod, the contract) into one file.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    resolve: { alias: { '@renderer': resolve(root, 'renderer/src') } },
    plugins: [react(), devServerCsp()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
