/**
 * The IPC handlers: plain functions with no Electron import, shared by Electron main and the browser host.
 *
 * Each handler gets an already validated request (see `dispatch`) and answers with a tagged result. What differs
 * between hosts (dialogs, where app data lives, where the demo comes from) is passed in as `HostServices`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Diagnostic, Result, Workspace } from '../../policy-engine/model/index';
import { parseWorkspaceText, serializeWorkspace, importFiles } from '../../policy-engine/workspace/index';
import { runImportJob } from './import-job';
import type { ImportJob, ImportJobResult } from './import-job';
import type { ImportReport } from '../../policy-engine/workspace/index';
import * as workspaceFiles from '../files/workspace-files';
import * as awsFetch from '../aws/fetch';
import { channels } from './contract';
import type { ChannelName, ChannelRequest, ChannelResponse, ChannelResult } from './contract';
import { ipcError, validateRequest, zodErrors } from './validate';

/** What a host provides to the handlers. */
export interface HostServices {
  /** The per-user app data directory (recent files, drafts, window state). */
  dataDir: string;
  /** The demo workspace text. */
  readDemoWorkspace(): Promise<string>;
  /**
   * Asks the user for a workspace file to open; `null` when canceled. Absent in the browser host (its page picks files
   * with the browser's own file picker and sends their text). The only source of paths the handlers read.
   */
  showOpenDialog?(): Promise<string | null>;
  /** Asks the user where to save; `null` when canceled. Absent in the browser host (its page downloads instead). */
  showSaveDialog?(defaultPath?: string): Promise<string | null>;
  /** The current time (tests pass a fixed one). */
  now?(): Date;
  /**
   * Runs an import off the host's event loop (a worker thread with time and memory limits, see import-runner.ts).
   * Without it the import runs inline (tests of the handlers).
   */
  runImport?(job: ImportJob): Promise<ImportJobResult>;
}

/** The modules the handlers call; tests may replace them. */
export interface HandlerModules {
  files: Pick<
    typeof workspaceFiles,
    'readWorkspaceFile' | 'saveWorkspaceAtomic' | 'addRecent' | 'saveDraft' | 'loadDraft' | 'clearDraft'
  >;
  aws: Pick<typeof awsFetch, 'listProfiles' | 'fetchAccount'>;
  importFiles: typeof importFiles;
}

/** One handler per channel. */
export type Handlers = { [C in ChannelName]: (request: ChannelRequest<C>) => Promise<ChannelResult<C>> };

interface FetchJob {
  progress: { done: number; total: number; message: string };
  finished: boolean;
  result?: { workspace: Workspace; report: ImportReport; text: string };
  errors?: Diagnostic[];
}

/** Finished fetch jobs kept for polling before the oldest is dropped. */
const MAX_KEPT_JOBS = 20;

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const fail = (errors: Diagnostic[]): { ok: false; errors: Diagnostic[] } => ({ ok: false, errors });
const unsupported = (what: string): { ok: false; errors: Diagnostic[] } =>
  fail([
    ipcError(
      'ipc.unsupported',
      `${what} is not available in this host (the browser host has no file dialogs: pick files in the page, and save by downloading).`,
    ),
  ]);

/** Creates the handlers for one host. */
export function createHandlers(
  services: HostServices,
  modules: HandlerModules = { files: workspaceFiles, aws: awsFetch, importFiles },
): Handlers {
  const handles = new FileHandles();
  return {
    'app:getDemoWorkspace': async () => ok({ text: await services.readDemoWorkspace() }),
    ...workspaceHandlers(services, modules.files, handles),
    ...draftHandlers(services, modules.files, handles),
    'import:files': async ({ files: inputs, options }) => {
      const job: ImportJob = { files: inputs, options };
      return services.runImport ? services.runImport(job) : runImportJob(job, modules.importFiles);
    },
    ...awsHandlers(modules.aws),
  };
}

/**
 * The files the user chose in a dialog: opaque handle → absolute path, and back. Only dialogs add to them, so the
 * renderer can name no file the user did not choose.
 */
class FileHandles {
  private readonly pathOfHandle = new Map<string, string>();
  private readonly handleOfPath = new Map<string, string>();

  handleFor(path: string): string {
    const abs = resolve(path);
    let handle = this.handleOfPath.get(abs);
    if (!handle) {
      handle = `fh_${randomBytes(16).toString('hex')}`;
      this.handleOfPath.set(abs, handle);
      this.pathOfHandle.set(handle, abs);
    }
    return handle;
  }

  /** The path a handle stands for, or the refusal to show when this window never gave it out. */
  pathOf(handle: string): Result<string> {
    const path = this.pathOfHandle.get(handle);
    return path === undefined
      ? fail([
          ipcError(
            'ipc.unknown-handle',
            'That file handle was not given out by this window (files are only opened or saved where you chose them in a dialog).',
            'handle',
          ),
        ])
      : ok(path);
  }

  /** The draft store's key of a workspace: the chosen file's path, or the renderer's own name for an unsaved one. */
  draftKey(of: { handle?: string; key: string }): Result<string> {
    if (of.handle === undefined) return ok(`doc:${of.key}`);
    const path = this.pathOf(of.handle);
    return path.ok ? ok(`file:${path.value}`) : path;
  }
}

/** Open and save, through the host's dialogs only; a saved text must load again. */
function workspaceHandlers(
  services: HostServices,
  files: HandlerModules['files'],
  handles: FileHandles,
): Pick<Handlers, 'workspace:open' | 'workspace:save'> {
  return {
    'workspace:open': async () => {
      if (!services.showOpenDialog) return unsupported('Opening a file through a dialog');
      const path = await services.showOpenDialog();
      if (path === null) return ok({ canceled: true as const });
      const loaded = await files.readWorkspaceFile(path);
      if (!loaded.ok) return loaded;
      await files.addRecent(services.dataDir, path);
      const { text, workspace } = loaded.value;
      return {
        ok: true,
        value: { canceled: false as const, handle: handles.handleFor(path), name: resolve(path), text, workspace },
        diagnostics: loaded.diagnostics,
      };
    },

    'workspace:save': async ({ handle, text }) => {
      let target: string;
      if (handle !== undefined) {
        const known = handles.pathOf(handle);
        if (!known.ok) return known;
        target = known.value;
      } else {
        if (!services.showSaveDialog) return unsupported('Saving to a file');
        const chosen = await services.showSaveDialog('workspace.rolecall.json');
        if (chosen === null) return ok({ canceled: true as const });
        target = resolve(chosen);
      }
      // Never write a file that would not load again: "nothing is half-loaded silently" (CONTRACT.md §1).
      const parsed = parseWorkspaceText(text, target);
      if (!parsed.ok) return parsed;
      const saved = await files.saveWorkspaceAtomic(target, text);
      if (!saved.ok) return saved;
      await files.addRecent(services.dataDir, saved.value.path);
      return ok({ canceled: false as const, handle: handles.handleFor(saved.value.path), name: saved.value.path });
    },
  };
}

/** Crash-recovery drafts, one per workspace (keyed by its file, or by the renderer's name for an unsaved one). */
function draftHandlers(
  services: HostServices,
  files: HandlerModules['files'],
  handles: FileHandles,
): Pick<Handlers, 'draft:save' | 'draft:load' | 'draft:clear'> {
  const now = () => services.now?.() ?? new Date();
  return {
    'draft:save': async ({ of, text }) => {
      const key = handles.draftKey(of);
      if (!key.ok) return key;
      const savedAt = now().toISOString();
      await files.saveDraft(services.dataDir, { key: key.value, text, savedAt });
      return ok({ savedAt });
    },

    'draft:load': async ({ of }) => {
      const key = handles.draftKey(of);
      if (!key.ok) return key;
      const found = await files.loadDraft(services.dataDir, key.value);
      return ok({ draft: found ? { text: found.text, savedAt: found.savedAt } : null });
    },

    'draft:clear': async ({ of }) => {
      const key = handles.draftKey(of);
      if (!key.ok) return key;
      await files.clearDraft(services.dataDir, key.value);
      return ok({});
    },
  };
}

/** Profiles and fetch jobs: a fetch runs here and the renderer polls its progress and result. */
function awsHandlers(
  aws: HandlerModules['aws'],
): Pick<Handlers, 'aws:listProfiles' | 'aws:fetchStart' | 'aws:fetchStatus'> {
  const jobs = new Map<string, FetchJob>();
  const dropOldJobs = () => {
    for (const [id, job] of jobs) {
      if (jobs.size <= MAX_KEPT_JOBS) break;
      if (job.finished) jobs.delete(id);
    }
  };
  return {
    'aws:listProfiles': async () => ok({ profiles: await aws.listProfiles() }),

    'aws:fetchStart': async (request) => {
      const jobId = randomUUID();
      const job: FetchJob = { progress: { done: 0, total: 0, message: 'Starting' }, finished: false };
      jobs.set(jobId, job);
      dropOldJobs();
      // Credentials stay in this process: the renderer only ever sees progress and the resulting workspace.
      aws
        .fetchAccount(request, (p) => {
          job.progress = { done: p.done, total: p.total, message: p.message };
        })
        .then(({ workspace, report }) => {
          job.result = { workspace, report, text: serializeWorkspace(workspace) };
        })
        .catch((error: unknown) => {
          job.errors = [ipcError('aws.fetch-failed', error instanceof Error ? error.message : String(error))];
        })
        .finally(() => {
          job.finished = true;
        });
      return ok({ jobId });
    },

    'aws:fetchStatus': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job)
        return fail([ipcError('aws.unknown-job', `No fetch job "${jobId}" (it may have finished long ago).`, 'jobId')]);
      return ok({ progress: job.progress, finished: job.finished, result: job.result, errors: job.errors });
    },
  };
}

/**
 * Validates a request from `unknown`, runs its handler and checks the answer against the contract.
 * Never throws: a bad payload, an unknown channel or a failing handler all come back as `{ ok: false, errors }`.
 */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<Result<unknown>> {
  const valid = validateRequest(channel, payload);
  if (!valid.ok) return valid;
  const name = valid.value.channel;
  try {
    const handler = handlers[name] as (request: unknown) => Promise<Result<unknown>>;
    const result = await handler(valid.value.request);
    if (!result.ok) return result;
    const checked = channels[name].response.safeParse(result.value);
    if (!checked.success) return fail(zodErrors(checked.error, 'ipc.invalid-response'));
    return { ...result, value: checked.data as ChannelResponse<typeof name> };
  } catch (error) {
    return fail([
      ipcError('ipc.internal', `The ${name} handler failed: ${error instanceof Error ? error.message : String(error)}`),
    ]);
  }
}
