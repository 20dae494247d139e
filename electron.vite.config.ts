/**
 * Build of the three processes, with entries under electron/ and renderer/ (not electron-vite's default src/).
 * The preload is one fully bundled CommonJS file (`preload.cjs`), which is what lets the window keep `sandbox: true`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import {
  CONTENT_SECURITY_POLICY,
  devServerContentSecurityPolicy,
  withContentSecurityPolicy,
} from './electron/security';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * policy-engine/ has no module-level state and no side effects (DESIGN.md; its lint rules keep it so). Telling the
 * bundler lets it drop engine modules a room's index.ts re-exports but the renderer never uses (with their zod/yaml).
 */
const engineIsPure = { moduleSideEffects: [{ test: /[\\/]policy-engine[\\/]/, sideEffects: false }] };

/**
 * Writes the renderer's Content-Security-Policy `<meta>` from electron/security.ts, the single source of the policy
 * (the desktop app and the browser host send the same policy as a header). The build fails if the page has no CSP
 * meta tag. Under `electron-vite dev` the policy is relaxed for the dev server only; built files stay strict.
 */
function rendererCsp(): Plugin {
  let dev = false;
  return {
    name: 'rolecall-renderer-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const out = withContentSecurityPolicy(html, dev ? devServerContentSecurityPolicy() : CONTENT_SECURITY_POLICY);
      if (out === null) throw new Error('renderer/index.html has no <meta http-equiv="Content-Security-Policy"> tag');
      return out;
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The import worker is its own entry (out/main/import-worker.js), loaded by electron/ipc/import-runner.ts.
      rolldownOptions: {
        input: {
          main: resolve(root, 'electron/main.ts'),
          'import-worker': resolve(root, 'electron/ipc/import-worker.ts'),
        },
      },
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
    plugins: [react(), rendererCsp()],
    worker: { format: 'es', rolldownOptions: { treeshake: engineIsPure } },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') }, treeshake: engineIsPure },
    },
  },
});
