import { describe, expect, it, vi } from 'vitest';
import { channelNames, channels, createBridgeApi, isChannelName } from '../../../../electron/ipc/contract';

describe('the bridge surface (window.api)', () => {
  // A new capability exposed to the renderer must show up here as a reviewed diff.
  it('exposes exactly these methods, one per channel, plus the menu subscription', () => {
    const api = createBridgeApi(async () => ({ ok: true, value: {} }));
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "clearDraft",
        "getAwsFetchStatus",
        "getDemoWorkspace",
        "importFiles",
        "listAwsProfiles",
        "loadDraft",
        "onMenuCommand",
        "openWorkspace",
        "saveDraft",
        "saveWorkspace",
        "startAwsFetch",
      ]
    `);
    expect(Object.fromEntries(channelNames.map((c) => [c, channels[c].method]))).toMatchInlineSnapshot(`
      {
        "app:getDemoWorkspace": "getDemoWorkspace",
        "aws:fetchStart": "startAwsFetch",
        "aws:fetchStatus": "getAwsFetchStatus",
        "aws:listProfiles": "listAwsProfiles",
        "draft:clear": "clearDraft",
        "draft:load": "loadDraft",
        "draft:save": "saveDraft",
        "import:files": "importFiles",
        "workspace:open": "openWorkspace",
        "workspace:save": "saveWorkspace",
      }
    `);
  });

  it('routes every method to its own channel and sends {} when called without a payload', async () => {
    const invoke = vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } }));
    const api = createBridgeApi(invoke) as unknown as Record<string, (payload?: unknown) => Promise<unknown>>;
    for (const channel of channelNames) {
      const result = await api[channels[channel].method]();
      expect(result).toEqual({ ok: true, value: { channel, payload: {} } });
    }
    await api.saveWorkspace({ handle: `fh_${'0'.repeat(32)}`, text: '{}' });
    expect(invoke).toHaveBeenLastCalledWith('workspace:save', { handle: `fh_${'0'.repeat(32)}`, text: '{}' });
  });

  it('passes on only known menu commands', () => {
    let emit: (command: string) => void = () => undefined;
    const api = createBridgeApi(
      async () => ({}),
      (listener) => {
        emit = listener as (command: string) => void;
        return () => undefined;
      },
    );
    const seen: string[] = [];
    api.onMenuCommand((c) => seen.push(c));
    emit('save');
    emit('rm -rf');
    emit('import');
    expect(seen).toEqual(['save', 'import']);
  });

  it('knows its channel names and nothing else', () => {
    expect(isChannelName('workspace:save')).toBe(true);
    // Channels that took a path from the renderer are gone (issue #17): a path comes only from the user's own choice.
    expect(isChannelName('workspace:read')).toBe(false);
    expect(isChannelName('workspace:recent')).toBe(false);
    expect(isChannelName('toString')).toBe(false);
    expect(isChannelName('__proto__')).toBe(false);
  });
});
