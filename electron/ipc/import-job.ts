/**
 * One import request, as a pure function: the workspace to merge into is parsed, the files imported, the result
 * serialized and its size checked. Runs inside the import worker (import-worker.ts), or inline where no worker is
 * available (tests of the handlers).
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, Result, Workspace } from '../../policy-engine/model/index';
import {
  importFiles,
  parseWorkspaceText,
  recordSourceDigests,
  serializeWorkspace,
} from '../../policy-engine/workspace/index';
import type { ImportFile, ImportOptions, ImportReport } from '../../policy-engine/workspace/index';

/** An import request: the files and the options, the workspace to merge into as text. */
export interface ImportJob {
  files: ImportFile[];
  options: Omit<ImportOptions, 'base'> & { baseText?: string };
}

/** What an import answers. */
export type ImportJobResult = Result<{ workspace: Workspace; report: ImportReport; text: string }>;

/**
 * The largest workspace an import may produce (characters of its text). A template that expands far beyond its own
 * size (repeated references to long values) is refused instead of filling the memory of the host and the window.
 */
export const MAX_IMPORTED_CHARS = 32 * 1024 * 1024;

const error = (code: string, message: string): Diagnostic => ({ severity: 'error', code, message, path: '(root)' });

/** Runs one import. */
export function runImportJob(job: ImportJob, importer: typeof importFiles = importFiles): ImportJobResult {
  const { baseText, ...rest } = job.options;
  let base: Workspace | undefined;
  if (baseText !== undefined) {
    const parsed = parseWorkspaceText(baseText, 'base workspace');
    if (!parsed.ok) return parsed;
    base = parsed.value;
  }
  const { workspace, report } = importer(job.files, { ...rest, base });
  // An import past its output or work budget imported nothing: an error, so the window keeps the workspace it has
  // instead of loading an empty one.
  if ((report.errors ?? []).some((e) => e.code === 'import.too-large' || e.code === 'import.too-complex'))
    return { ok: false, errors: report.errors };
  // The digests of the imported files and their policies: the CLI, reading the saved workspace, cites those files'
  // lines only while both are unchanged (workspace/source-digests).
  recordSourceDigests(workspace, job.files, (t) => createHash('sha256').update(t, 'utf8').digest('hex'));
  const text = serializeWorkspace(workspace);
  if (text.length > MAX_IMPORTED_CHARS) {
    const input = job.files.reduce((n, f) => n + f.text.length, 0);
    return {
      ok: false,
      errors: [
        error(
          'import.too-large',
          `the import would make a workspace of ${Math.round(text.length / 1048576)} MB from ${Math.max(1, Math.round(input / 1024))} KB of input (over the ${MAX_IMPORTED_CHARS / 1048576} MB limit); a template that repeats long values many times?`,
        ),
      ],
    };
  }
  return { ok: true, value: { workspace, report, text } };
}
