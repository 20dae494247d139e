import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from '../../../electron/window-state';

describe('window state', () => {
  it('remembers size and position across runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-ws-'));
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    await saveWindowState(dir, { width: 1400, height: 900, x: 40, y: 30, maximized: false });
    expect(await loadWindowState(dir)).toEqual({ width: 1400, height: 900, x: 40, y: 30, maximized: false });
  });

  it('falls back to the default for a malformed or absurd file, and never writes an absurd one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-ws-'));
    writeFileSync(join(dir, 'window-state.json'), '{"width": 12');
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(dir, 'window-state.json'), '{"width": 5, "height": 1e9}');
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    await saveWindowState(dir, { width: -1, height: 10 });
    expect(readFileSync(join(dir, 'window-state.json'), 'utf8')).toBe('{"width": 5, "height": 1e9}');
  });
});
