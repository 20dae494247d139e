import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import type * as UseSession from '../../../../../renderer/src/features/workbench/use-session';

// The renderer reaches its host through window.api; here it is a stand-in that records the draft it is given.
const saveDraft = vi.fn(async (_: { path?: string; text: string }) => ({ ok: true as const, value: { savedAt: 'now' } }));
let session: typeof UseSession;

beforeAll(async () => {
  vi.stubGlobal('window', { api: { saveDraft, onMenuCommand: () => () => undefined } });
  session = await import('../../../../../renderer/src/features/workbench/use-session');
});

const draft = { name: 'Edited', region: 'us-east-1' } as unknown as Workspace;

describe('the way out of a crashed view', () => {
  it('stores unsaved edits in the draft store before reloading', async () => {
    saveDraft.mockClear();
    session.useSession.setState({ draft, dirty: true });
    const reload = vi.fn();
    await session.keepEditsAndReload(reload);
    expect(saveDraft).toHaveBeenCalledTimes(1);
    expect(JSON.parse(saveDraft.mock.calls[0][0].text)).toMatchObject({ name: 'Edited' });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(saveDraft.mock.invocationCallOrder[0]).toBeLessThan(reload.mock.invocationCallOrder[0]);
  });

  it('reloads without storing anything when there are no unsaved edits', async () => {
    saveDraft.mockClear();
    session.useSession.setState({ draft, dirty: false });
    const reload = vi.fn();
    await session.keepEditsAndReload(reload);
    expect(saveDraft).not.toHaveBeenCalled();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('still reloads when the draft store fails', async () => {
    saveDraft.mockImplementationOnce(async () => {
      throw new Error('host gone');
    });
    session.useSession.setState({ draft, dirty: true });
    const reload = vi.fn();
    await session.keepEditsAndReload(reload);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
