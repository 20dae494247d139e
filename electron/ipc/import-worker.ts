/**
 * The import worker thread: parses and imports templates and exports away from the host's event loop, so a hostile
 * or huge template never stalls the window or the browser host (see import-runner.ts for the time and memory limits).
 */
import { parentPort } from 'node:worker_threads';
import { runImportJob } from './import-job';
import type { ImportJob, ImportJobResult } from './import-job';

parentPort?.on('message', (job: ImportJob) => {
  let result: ImportJobResult;
  try {
    result = runImportJob(job);
  } catch (e) {
    result = {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'import.internal',
          message: `the import failed: ${e instanceof Error ? e.message : String(e)}`,
          path: '(root)',
        },
      ],
    };
  }
  parentPort?.postMessage(result);
});
