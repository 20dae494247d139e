import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import type { ImportReport } from '../../../../policy-engine/workspace/import';
import { createHandlers, dispatch } from '../../../../electron/ipc/handlers';
import type { HandlerModules, HostServices } from '../../../../electron/ipc/handlers';

const demoText = readFileSync(fileURLToPath(new URL('../../../../examples/demo.rolecall.json', import.meta.url)), 'utf8');
const emptyWorkspace: Workspace = { format: 'rolecall-workspace', version: 1, name: 'Fetched' };

function fakes(overrides: Partial<HostServices> = {}) {
  const recent: string[] = [];
  const saved: { path: string; text: string }[] = [];
  let draft: { path?: string; text: string; savedAt: string } | null = null;
  let finishFetch: (value: { workspace: Workspace; report: ImportReport }) => void = () => undefined;
  let failFetch: (error: Error) => void = () => undefined;
  let progress: (p: { done: number; total: number; message: string }) => void = () => undefined;
  const modules: HandlerModules = {
    files: {
      readWorkspaceFile: vi.fn(async (path: string) =>
        path.endsWith('missing.json')
          ? { ok: false as const, errors: [{ severity: 'error' as const, code: 'file.not-found', message: `${path}: no such file`, path: '', file: path }] }
          : { ok: true as const, value: { workspace: emptyWorkspace, text: '{}' } },
      ),
      saveWorkspaceAtomic: vi.fn(async (path: string, text: string) => {
        saved.push({ path, text });
        return { ok: true as const, value: { path } };
      }),
      listRecent: vi.fn(async () => [...recent]),
      addRecent: vi.fn(async (_dir: string, path: string) => {
        recent.unshift(path);
      }),
      saveDraft: vi.fn(async (_dir: string, d: { path?: string; text: string; savedAt: string }) => {
        draft = d;
      }),
      loadDraft: vi.fn(async () => draft),
      clearDraft: vi.fn(async () => {
        draft = null;
      }),
    },
    aws: {
      listProfiles: vi.fn(async () => ['default', 'prod']),
      fetchAccount: vi.fn(
        (_opts, onProgress) =>
          new Promise<{ workspace: Workspace; report: ImportReport }>((resolve, reject) => {
            progress = onProgress;
            finishFetch = resolve;
            failFetch = reject;
          }),
      ),
    },
    importFiles: vi.fn((files: { name: string }[]) => ({ workspace: { ...emptyWorkspace, name: files.map((f) => f.name).join('+') }, report: {} as ImportReport })),
  };
  const services: HostServices = { dataDir: '/data', readDemoWorkspace: async () => demoText, now: () => new Date('2026-11-27T10:00:00Z'), ...overrides };
  return { handlers: createHandlers(services, modules), modules, recent, saved, finish: (v: { workspace: Workspace; report: ImportReport }) => finishFetch(v), fail: (e: Error) => failFetch(e), progress: (p: { done: number; total: number; message: string }) => progress(p) };
}

describe('IPC handlers', () => {
  it('serves the demo workspace text', async () => {
    const { handlers } = fakes();
    const result = await dispatch(handlers, 'app:getDemoWorkspace', {});
    expect(result).toEqual({ ok: true, value: { text: demoText } });
  });

  it('reads a workspace and remembers it as recent; passes file errors through unchanged', async () => {
    const { handlers, recent } = fakes();
    expect(await dispatch(handlers, 'workspace:read', { path: '/w/a.rolecall.json' })).toEqual({ ok: true, value: { path: '/w/a.rolecall.json', text: '{}', workspace: emptyWorkspace } });
    expect(recent).toEqual(['/w/a.rolecall.json']);
    const missing = await dispatch(handlers, 'workspace:read', { path: '/w/missing.json' });
    expect(missing).toMatchObject({ ok: false, errors: [{ code: 'file.not-found', file: '/w/missing.json' }] });
    expect(await dispatch(handlers, 'workspace:recent', {})).toEqual({ ok: true, value: { paths: ['/w/a.rolecall.json'] } });
  });

  it('says clearly that the browser host has no dialogs', async () => {
    const { handlers } = fakes();
    expect(await dispatch(handlers, 'workspace:open', {})).toMatchObject({ ok: false, errors: [{ code: 'ipc.unsupported' }] });
    expect(await dispatch(handlers, 'workspace:save', { text: demoText })).toMatchObject({ ok: false, errors: [{ code: 'ipc.unsupported' }] });
  });

  it('opens through the dialog and handles cancel', async () => {
    let answer: string | null = null;
    const { handlers } = fakes({ showOpenDialog: async () => answer });
    expect(await dispatch(handlers, 'workspace:open', {})).toEqual({ ok: true, value: { canceled: true } });
    answer = '/w/b.rolecall.json';
    expect(await dispatch(handlers, 'workspace:open', {})).toMatchObject({ ok: true, value: { canceled: false, path: '/w/b.rolecall.json' } });
  });

  it('saves valid workspace text (asking where when there is no path) and refuses text that would not load', async () => {
    const { handlers, saved } = fakes({ showSaveDialog: async () => '/w/new.rolecall.json' });
    expect(await dispatch(handlers, 'workspace:save', { text: demoText })).toEqual({ ok: true, value: { canceled: false, path: '/w/new.rolecall.json' } });
    expect(saved).toEqual([{ path: '/w/new.rolecall.json', text: demoText }]);
    const bad = await dispatch(handlers, 'workspace:save', { path: '/w/bad.rolecall.json', text: '{"format":"rolecall-workspace","version":1,' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0].file).toBe('/w/bad.rolecall.json');
    expect(saved).toHaveLength(1);
  });

  it('keeps drafts with the host clock', async () => {
    const { handlers } = fakes();
    expect(await dispatch(handlers, 'draft:save', { text: 'draft' })).toEqual({ ok: true, value: { savedAt: '2026-11-27T10:00:00.000Z' } });
    expect(await dispatch(handlers, 'draft:load', {})).toEqual({ ok: true, value: { draft: { text: 'draft', savedAt: '2026-11-27T10:00:00.000Z' } } });
    expect(await dispatch(handlers, 'draft:clear', {})).toEqual({ ok: true, value: {} });
    expect(await dispatch(handlers, 'draft:load', {})).toEqual({ ok: true, value: { draft: null } });
  });

  it('imports files and returns the workspace with its serialized text; a bad base workspace is reported', async () => {
    const { handlers, modules } = fakes();
    const result = await dispatch(handlers, 'import:files', { files: [{ name: 'roles.json', text: '{}' }], options: { region: 'eu-west-1' } });
    expect(result).toMatchObject({ ok: true, value: { workspace: { name: 'roles.json' } } });
    expect(result.ok && JSON.parse((result.value as { text: string }).text).name).toBe('roles.json');
    expect(modules.importFiles).toHaveBeenCalledWith([{ name: 'roles.json', text: '{}' }], { region: 'eu-west-1', base: undefined });
    const bad = await dispatch(handlers, 'import:files', { files: [{ name: 'a.json', text: '{}' }], options: { baseText: 'not json' } });
    expect(bad).toMatchObject({ ok: false, errors: [{ file: 'base workspace' }] });
  });

  it('runs an AWS fetch as a job the renderer polls; credentials never appear in the answers', async () => {
    const f = fakes();
    const started = await dispatch(f.handlers, 'aws:fetchStart', { profile: 'prod', region: 'us-east-1' });
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    f.progress({ done: 1, total: 4, message: 'Listing roles' });
    expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId })).toEqual({ ok: true, value: { progress: { done: 1, total: 4, message: 'Listing roles' }, finished: false } });
    f.finish({ workspace: emptyWorkspace, report: {} as ImportReport });
    await vi.waitFor(async () => expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId })).toMatchObject({ ok: true, value: { finished: true, result: { workspace: emptyWorkspace } } }));

    const second = (await dispatch(f.handlers, 'aws:fetchStart', {})) as { value: { jobId: string } };
    f.fail(new Error('The security token included in the request is invalid.'));
    await vi.waitFor(async () =>
      expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId: second.value.jobId })).toMatchObject({ ok: true, value: { finished: true, errors: [{ code: 'aws.fetch-failed' }] } }),
    );
    expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, errors: [{ code: 'aws.unknown-job' }] });
    expect(await dispatch(f.handlers, 'aws:listProfiles', {})).toEqual({ ok: true, value: { profiles: ['default', 'prod'] } });
  });

  it('never throws: a failing handler and a wrong answer both become errors', async () => {
    const { handlers } = fakes({
      readDemoWorkspace: async () => {
        throw new Error('disk on fire');
      },
    });
    expect(await dispatch(handlers, 'app:getDemoWorkspace', {})).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'ipc.internal', message: expect.stringContaining('disk on fire') })] });
    const broken = { ...handlers, 'workspace:recent': async () => ({ ok: true, value: { paths: 'not a list' } }) } as unknown as typeof handlers;
    expect(await dispatch(broken, 'workspace:recent', {})).toMatchObject({ ok: false, errors: [{ code: 'ipc.invalid-response', path: 'paths' }] });
  });

  it('validates before calling anything', async () => {
    const { handlers, modules } = fakes();
    expect(await dispatch(handlers, 'workspace:read', JSON.parse('{"path":"/a","__proto__":{}}'))).toMatchObject({ ok: false, errors: [{ code: 'ipc.forbidden-key' }] });
    expect(await dispatch(handlers, 'workspace:read', { path: 1 })).toMatchObject({ ok: false, errors: [{ code: 'ipc.invalid-payload', path: 'path' }] });
    expect(modules.files.readWorkspaceFile).not.toHaveBeenCalled();
  });
});
