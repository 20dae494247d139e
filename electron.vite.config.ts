/**
 * Build of the three processes, with entries under electron/ and renderer/ (not electron-vite's default src/).
 * The preload is one fully bundled CommonJS file (`preload.cjs`), which is what lets the window keep `sandbox: true`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = dirname(fileURLToPath(import.meta.url));

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
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
