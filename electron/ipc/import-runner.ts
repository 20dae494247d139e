/**
 * Runs imports in a worker thread with a time limit and a memory limit: the host's event loop (Electron main, the
 * browser host) keeps answering while a template is imported, and a template that takes too long or needs too much
 * memory is stopped with a clear error instead of freezing or crashing the app. One worker per import, so a stopped
 * one never leaves half a state behind.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../policy-engine/model/index';
import type { ImportJob, ImportJobResult } from './import-job';

/** How long one import may run (ms). */
export const IMPORT_TIME_LIMIT_MS = 60_000;
/** How much heap one import may use (MB). */
export const IMPORT_MEMORY_LIMIT_MB = 1024;

/** Options of `createImportRunner` (tests shorten the limits). */
export interface ImportRunnerOptions {
  timeLimitMs?: number;
  memoryLimitMb?: number;
}

const failure = (code: string, message: string): ImportJobResult => ({
  ok: false,
  errors: [{ severity: 'error', code, message, path: '(root)' } satisfies Diagnostic],
});

/**
 * The worker's code. Built (Electron main: out/main/import-worker.js next to main.js) it is plain JavaScript; run from
 * source (the browser host under tsx, vitest) it is TypeScript, loaded through tsx inside the worker.
 */
function workerSource(): { code: string; eval: true } {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './import-worker.ts' : './import-worker.js', import.meta.url).href;
  if (!fromSource) return { code: `import(${JSON.stringify(entry)})`, eval: true };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  return {
    code: `import(${JSON.stringify(tsx.replace(/index\.cjs$/, 'index.mjs'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`,
    eval: true,
  };
}

/** Creates the function the handlers call to import off the event loop. */
export function createImportRunner(options: ImportRunnerOptions = {}): (job: ImportJob) => Promise<ImportJobResult> {
  const timeLimitMs = options.timeLimitMs ?? IMPORT_TIME_LIMIT_MS;
  const memoryLimitMb = options.memoryLimitMb ?? IMPORT_MEMORY_LIMIT_MB;
  return (job) =>
    new Promise<ImportJobResult>((resolvePromise) => {
      const source = workerSource();
      const worker = new Worker(source.code, {
        eval: source.eval,
        resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (result: ImportJobResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolvePromise(result);
      };
      const timer = setTimeout(
        () =>
          settle(
            failure(
              'import.timeout',
              `the import took too long and was stopped after ${Math.round(timeLimitMs / 1000)} s (a very large or hostile template?); nothing was imported`,
            ),
          ),
        timeLimitMs,
      );
      worker.once('message', (result: ImportJobResult) => settle(result));
      worker.once('error', (e: Error & { code?: string }) =>
        settle(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? failure(
                'import.out-of-memory',
                `the import needed more than ${memoryLimitMb} MB of memory and was stopped (a very large or hostile template?); nothing was imported`,
              )
            : failure('import.internal', `the import failed: ${e.message}`),
        ),
      );
      worker.once('exit', (code) =>
        settle(failure('import.internal', `the import stopped unexpectedly (exit code ${code})`)),
      );
      worker.postMessage(job);
    });
}
