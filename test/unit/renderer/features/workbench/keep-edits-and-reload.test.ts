import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import type * as UseSession from '../../../../../renderer/src/features/workbench/use-session';
import type * as WorkspaceStore from '../../../../../renderer/src/store/workspace-store';

// The renderer reaches its host through window.api; here it is a stand-in that records the draft it is given.
const saveDraft = vi.fn(async (_: { of: { handle?: string; key: string }; text: string }) => ({
  ok: true as const,
  value: { savedAt: 'now' },
}));
const clearDraft = vi.fn(async (_: { of: { handle?: string; key: string } }) => ({ ok: true as const, value: {} }));
type SaveAnswer =
  | { ok: true; value: { canceled: false; handle: string; name: string } }
  | { ok: false; errors: { severity: 'error'; code: string; message: string; path: string }[] };
const saveWorkspace = vi.fn(async (_: { handle?: string; text: string }): Promise<SaveAnswer> => ({
  ok: true,
  value: { canceled: false, handle: `fh_${'1'.repeat(32)}`, name: '/w/a.rolecall.json' },
}));
let session: typeof UseSession;
let store: typeof WorkspaceStore;

beforeAll(async () => {
  vi.stubGlobal('window', { api: { saveDraft, clearDraft, saveWorkspace, onMenuCommand: () => () => undefined } });
  session = await import('../../../../../renderer/src/features/workbench/use-session');
  store = await import('../../../../../renderer/src/store/workspace-store');
});

const draft = { name: 'Edited', region: 'us-east-1' } as unknown as Workspace;

describe('the way out of a crashed view', () => {
  it('stores unsaved edits in the draft store before reloading', async () => {
    saveDraft.mockClear();
    session.useDrafts.setState({ draft, dirty: true });
    const reload = vi.fn();
    await session.keepEditsAndReload(reload);
    expect(saveDraft).toHaveBeenCalledTimes(1);
    expect(JSON.parse(saveDraft.mock.calls[0][0].text)).toMatchObject({ name: 'Edited' });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(saveDraft.mock.invocationCallOrder[0]).toBeLessThan(reload.mock.invocationCallOrder[0]);
  });

  it('reloads without storing anything when there are no unsaved edits', async () => {
    saveDraft.mockClear();
    session.useDrafts.setState({ draft, dirty: false });
    const reload = vi.fn();
    await session.keepEditsAndReload(reload);
    expect(saveDraft).not.toHaveBeenCalled();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('still reloads when the draft store fails', async () => {
    saveDraft.mockImplementationOnce(async () => {
      throw new Error('host gone');
    });
    session.useDrafts.setState({ draft, dirty: true });
    const reload = vi.fn();
    await session.keepEditsAndReload(reload);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

// Issue #17, item 3: the one draft slot was cleared before the save, so a failed save followed by a crash lost the edits.
describe('saving with unsaved edits', () => {
  const demo = { format: 'rolecall-workspace', version: 1, name: 'Demo' } as unknown as Workspace;
  const edited = { format: 'rolecall-workspace', version: 1, name: 'Edited demo' } as unknown as Workspace;
  const source = { kind: 'file' as const, handle: `fh_${'2'.repeat(32)}`, name: '/w/a.rolecall.json' };

  it("keeps the draft when the save fails, and clears exactly this workspace's draft once it succeeds", async () => {
    store.useWorkspaceStore.setState({ workspace: demo, text: JSON.stringify(demo), source });
    session.useDrafts.setState({ baseline: demo, draft: edited, dirty: true });
    clearDraft.mockClear();
    saveWorkspace.mockResolvedValueOnce({
      ok: false,
      errors: [{ severity: 'error', code: 'file.write', message: 'disk full', path: '' }],
    });
    await session.saveWorkspaceWithEdits();
    expect(saveWorkspace).toHaveBeenLastCalledWith({
      handle: source.handle,
      text: expect.stringContaining('Edited demo'),
    });
    expect(clearDraft).not.toHaveBeenCalled();

    await session.saveWorkspaceWithEdits();
    expect(clearDraft).toHaveBeenCalledTimes(2);
    expect(clearDraft.mock.invocationCallOrder[0]).toBeGreaterThan(saveWorkspace.mock.invocationCallOrder.at(-1)!);
    // The answer's handle differs from the one the file was opened with: both keys are cleared.
    expect(clearDraft.mock.calls.map((c) => c[0].of)).toEqual([
      { handle: source.handle, key: 'file' },
      { handle: `fh_${'1'.repeat(32)}`, key: 'file' },
    ]);
  });

  it('never stores the draft of one workspace under another (a switch is under way)', async () => {
    saveDraft.mockClear();
    store.useWorkspaceStore.setState({ workspace: demo, source: { kind: 'import', names: ['b.rolecall.json'] } });
    session.useDrafts.setState({ baseline: edited, draft: edited, dirty: true });
    await session.keepEditsAndReload(() => undefined);
    expect(saveDraft).not.toHaveBeenCalled();
  });
});
