import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import type { ImportReport } from '../../../../policy-engine/workspace/import';
import { createHandlers, dispatch } from '../../../../electron/ipc/handlers';
import type { HandlerModules, HostServices } from '../../../../electron/ipc/handlers';

const demoText = readFileSync(
  fileURLToPath(new URL('../../../../examples/demo.rolecall.json', import.meta.url)),
  'utf8',
);
const emptyWorkspace: Workspace = { format: 'rolecall-workspace', version: 1, name: 'Fetched' };

function fakes(overrides: Partial<HostServices> = {}) {
  const recent: string[] = [];
  const saved: { path: string; text: string }[] = [];
  const drafts = new Map<string, { key: string; text: string; savedAt: string }>();
  let finishFetch: (value: { workspace: Workspace; report: ImportReport }) => void = () => undefined;
  let failFetch: (error: Error) => void = () => undefined;
  let progress: (p: { done: number; total: number; message: string }) => void = () => undefined;
  const modules: HandlerModules = {
    files: {
      readWorkspaceFile: vi.fn(async (path: string) =>
        path.endsWith('missing.json')
          ? {
              ok: false as const,
              errors: [
                {
                  severity: 'error' as const,
                  code: 'file.not-found',
                  message: `${path}: no such file`,
                  path: '',
                  file: path,
                },
              ],
            }
          : { ok: true as const, value: { workspace: emptyWorkspace, text: '{}' } },
      ),
      saveWorkspaceAtomic: vi.fn(async (path: string, text: string) => {
        saved.push({ path, text });
        return { ok: true as const, value: { path } };
      }),
      addRecent: vi.fn(async (_dir: string, path: string) => {
        recent.unshift(path);
      }),
      saveDraft: vi.fn(async (_dir: string, d: { key: string; text: string; savedAt: string }) => {
        drafts.set(d.key, d);
      }),
      loadDraft: vi.fn(async (_dir: string, key: string) => drafts.get(key) ?? null),
      clearDraft: vi.fn(async (_dir: string, key: string) => {
        drafts.delete(key);
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
    importFiles: vi.fn((files: { name: string }[]) => ({
      workspace: { ...emptyWorkspace, name: files.map((f) => f.name).join('+') },
      report: {} as ImportReport,
    })),
  };
  const services: HostServices = {
    dataDir: '/data',
    readDemoWorkspace: async () => demoText,
    now: () => new Date('2026-11-27T10:00:00Z'),
    ...overrides,
  };
  return {
    handlers: createHandlers(services, modules),
    modules,
    recent,
    saved,
    drafts,
    finish: (v: { workspace: Workspace; report: ImportReport }) => finishFetch(v),
    fail: (e: Error) => failFetch(e),
    progress: (p: { done: number; total: number; message: string }) => progress(p),
  };
}

describe('IPC handlers', () => {
  it('serves the demo workspace text', async () => {
    const { handlers } = fakes();
    const result = await dispatch(handlers, 'app:getDemoWorkspace', {});
    expect(result).toEqual({ ok: true, value: { text: demoText } });
  });

  it('says clearly that the browser host has no dialogs', async () => {
    const { handlers } = fakes();
    expect(await dispatch(handlers, 'workspace:open', {})).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.unsupported' }],
    });
    expect(await dispatch(handlers, 'workspace:save', { text: demoText })).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.unsupported' }],
    });
  });

  it('opens through the dialog (the renderer gets a handle, never a path it could use) and handles cancel', async () => {
    let answer: string | null = null;
    const { handlers, recent } = fakes({ showOpenDialog: async () => answer });
    expect(await dispatch(handlers, 'workspace:open', {})).toEqual({ ok: true, value: { canceled: true } });
    answer = '/w/b.rolecall.json';
    const opened = await dispatch(handlers, 'workspace:open', {});
    expect(opened).toMatchObject({
      ok: true,
      value: { canceled: false, name: '/w/b.rolecall.json', handle: expect.stringMatching(/^fh_[0-9a-f]{32}$/) },
    });
    expect(recent).toEqual(['/w/b.rolecall.json']);
    // The same file chosen again is the same handle (its draft stays its own).
    expect((await dispatch(handlers, 'workspace:open', {})) as unknown).toMatchObject({
      value: { handle: (opened as { value: { handle: string } }).value.handle },
    });
    answer = '/w/missing.json';
    expect(await dispatch(handlers, 'workspace:open', {})).toMatchObject({
      ok: false,
      errors: [{ code: 'file.not-found', file: '/w/missing.json' }],
    });
  });

  it('saves valid workspace text (asking where when there is no handle) and refuses text that would not load', async () => {
    const { handlers, saved } = fakes({ showSaveDialog: async () => '/w/new.rolecall.json' });
    const first = await dispatch(handlers, 'workspace:save', { text: demoText });
    expect(first).toEqual({
      ok: true,
      value: { canceled: false, name: '/w/new.rolecall.json', handle: expect.stringMatching(/^fh_/) },
    });
    expect(saved).toEqual([{ path: '/w/new.rolecall.json', text: demoText }]);
    const handle = (first as { value: { handle: string } }).value.handle;
    const bad = await dispatch(handlers, 'workspace:save', {
      handle,
      text: '{"format":"rolecall-workspace","version":1,',
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0].file).toBe('/w/new.rolecall.json');
    expect(saved).toHaveLength(1);
    expect(await dispatch(handlers, 'workspace:save', { handle, text: demoText })).toMatchObject({
      ok: true,
      value: { handle },
    });
    expect(saved).toHaveLength(2);
  });

  // Issue #17, item 1: with the web host's token or from script in the renderer, any path could be written or read.
  it('never writes or reads a path the renderer names: paths are refused, forged handles are unknown', async () => {
    const { handlers, saved, modules } = fakes({
      showSaveDialog: async () => '/w/chosen.json',
      showOpenDialog: async () => '/w/chosen.json',
    });
    for (const path of ['/home/user/.bashrc', '../../etc/passwd', 'relative.sh']) {
      expect(await dispatch(handlers, 'workspace:save', { path, text: demoText })).toMatchObject({
        ok: false,
        errors: [{ code: 'ipc.invalid-payload' }],
      });
      expect(await dispatch(handlers, 'workspace:read', { path })).toMatchObject({
        ok: false,
        errors: [{ code: 'ipc.unknown-channel' }],
      });
      expect(await dispatch(handlers, 'draft:save', { of: { key: 'x', path }, text: 'x' })).toMatchObject({
        ok: false,
        errors: [{ code: 'ipc.invalid-payload' }],
      });
    }
    expect(await dispatch(handlers, 'workspace:save', { handle: '/etc/passwd', text: demoText })).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.invalid-payload', path: 'handle' }],
    });
    expect(
      await dispatch(handlers, 'workspace:save', { handle: `fh_${'a'.repeat(32)}`, text: demoText }),
    ).toMatchObject({ ok: false, errors: [{ code: 'ipc.unknown-handle' }] });
    expect(
      await dispatch(handlers, 'draft:load', { of: { handle: `fh_${'a'.repeat(32)}`, key: 'file' } }),
    ).toMatchObject({ ok: false, errors: [{ code: 'ipc.unknown-handle' }] });
    expect(saved).toEqual([]);
    expect(modules.files.readWorkspaceFile).not.toHaveBeenCalled();
  });

  it('keeps one draft per workspace with the host clock: a draft of A is never answered for B', async () => {
    const { handlers, drafts } = fakes({ showOpenDialog: async () => '/w/a.rolecall.json' });
    const a = ((await dispatch(handlers, 'workspace:open', {})) as { value: { handle: string } }).value.handle;
    expect(await dispatch(handlers, 'draft:save', { of: { handle: a, key: 'file' }, text: 'edits of A' })).toEqual({
      ok: true,
      value: { savedAt: '2026-11-27T10:00:00.000Z' },
    });
    expect(await dispatch(handlers, 'draft:save', { of: { key: 'demo' }, text: 'edits of the demo' })).toMatchObject({
      ok: true,
    });
    expect(await dispatch(handlers, 'draft:load', { of: { handle: a, key: 'file' } })).toEqual({
      ok: true,
      value: { draft: { text: 'edits of A', savedAt: '2026-11-27T10:00:00.000Z' } },
    });
    expect(await dispatch(handlers, 'draft:load', { of: { key: 'import:b.rolecall.json' } })).toEqual({
      ok: true,
      value: { draft: null },
    });
    // A renderer key can never name a file's draft: file drafts are keyed by the host's path, renderer keys apart.
    expect(await dispatch(handlers, 'draft:load', { of: { key: 'file:/w/a.rolecall.json' } })).toEqual({
      ok: true,
      value: { draft: null },
    });
    expect([...drafts.keys()].sort()).toEqual(['doc:demo', 'file:/w/a.rolecall.json']);
    expect(await dispatch(handlers, 'draft:clear', { of: { handle: a, key: 'file' } })).toEqual({
      ok: true,
      value: {},
    });
    expect(await dispatch(handlers, 'draft:load', { of: { handle: a, key: 'file' } })).toEqual({
      ok: true,
      value: { draft: null },
    });
    expect(await dispatch(handlers, 'draft:load', { of: { key: 'demo' } })).toMatchObject({
      ok: true,
      value: { draft: { text: 'edits of the demo' } },
    });
  });

  it('imports files and returns the workspace with its serialized text; a bad base workspace is reported', async () => {
    const { handlers, modules } = fakes();
    const result = await dispatch(handlers, 'import:files', {
      files: [{ name: 'roles.json', text: '{}' }],
      options: { region: 'eu-west-1' },
    });
    expect(result).toMatchObject({ ok: true, value: { workspace: { name: 'roles.json' } } });
    expect(result.ok && JSON.parse((result.value as { text: string }).text).name).toBe('roles.json');
    expect(modules.importFiles).toHaveBeenCalledWith([{ name: 'roles.json', text: '{}' }], {
      region: 'eu-west-1',
      base: undefined,
    });
    const bad = await dispatch(handlers, 'import:files', {
      files: [{ name: 'a.json', text: '{}' }],
      options: { baseText: 'not json' },
    });
    expect(bad).toMatchObject({ ok: false, errors: [{ file: 'base workspace' }] });
  });

  it('runs an AWS fetch as a job the renderer polls; credentials never appear in the answers', async () => {
    const f = fakes();
    const started = await dispatch(f.handlers, 'aws:fetchStart', { profile: 'prod', region: 'us-east-1' });
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    f.progress({ done: 1, total: 4, message: 'Listing roles' });
    expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId })).toEqual({
      ok: true,
      value: { progress: { done: 1, total: 4, message: 'Listing roles' }, finished: false },
    });
    f.finish({ workspace: emptyWorkspace, report: {} as ImportReport });
    await vi.waitFor(async () =>
      expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId })).toMatchObject({
        ok: true,
        value: { finished: true, result: { workspace: emptyWorkspace } },
      }),
    );

    const second = (await dispatch(f.handlers, 'aws:fetchStart', {})) as { value: { jobId: string } };
    f.fail(new Error('The security token included in the request is invalid.'));
    await vi.waitFor(async () =>
      expect(await dispatch(f.handlers, 'aws:fetchStatus', { jobId: second.value.jobId })).toMatchObject({
        ok: true,
        value: { finished: true, errors: [{ code: 'aws.fetch-failed' }] },
      }),
    );
    expect(
      await dispatch(f.handlers, 'aws:fetchStatus', { jobId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ ok: false, errors: [{ code: 'aws.unknown-job' }] });
    expect(await dispatch(f.handlers, 'aws:listProfiles', {})).toEqual({
      ok: true,
      value: { profiles: ['default', 'prod'] },
    });
  });

  it('never throws: a failing handler and a wrong answer both become errors', async () => {
    const { handlers } = fakes({
      readDemoWorkspace: async () => {
        throw new Error('disk on fire');
      },
    });
    expect(await dispatch(handlers, 'app:getDemoWorkspace', {})).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'ipc.internal', message: expect.stringContaining('disk on fire') })],
    });
    const broken = {
      ...handlers,
      'aws:listProfiles': async () => ({ ok: true, value: { profiles: 'not a list' } }),
    } as unknown as typeof handlers;
    expect(await dispatch(broken, 'aws:listProfiles', {})).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.invalid-response', path: 'profiles' }],
    });
  });

  it('validates before calling anything', async () => {
    const { handlers, modules } = fakes();
    expect(await dispatch(handlers, 'workspace:save', JSON.parse('{"text":"{}","__proto__":{}}'))).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.forbidden-key' }],
    });
    expect(await dispatch(handlers, 'workspace:save', { text: 1 })).toMatchObject({
      ok: false,
      errors: [{ code: 'ipc.invalid-payload', path: 'text' }],
    });
    expect(modules.files.saveWorkspaceAtomic).not.toHaveBeenCalled();
  });
});
