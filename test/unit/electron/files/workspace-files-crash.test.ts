/**
 * Crash safety of saves and drafts: a save that dies between writing the temporary file and renaming it leaves the
 * original file whole; a draft written by a process that is then killed is there after a restart; the recent list
 * stays de-duplicated and capped even when opens race.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// `rename` can be made to "crash": the process dies after the temporary file is written and flushed, before the rename.
const crash = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsp>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      if (crash.on) throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
      return real.rename(from, to);
    },
  };
});

const { addRecent, listRecent, loadDraft, MAX_RECENT, readWorkspaceFile, saveWorkspaceAtomic } =
  await import('../../../../electron/files/workspace-files');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rolecall-crash-'));
  crash.on = false;
});
afterEach(async () => {
  crash.on = false;
  await rm(dir, { recursive: true, force: true });
});

const original = '{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "name": "before"\n}\n';

describe('atomic save', () => {
  it('a crash between write and rename leaves the original file intact and readable', async () => {
    const file = join(dir, 'app.rolecall.json');
    await writeFile(file, original);
    crash.on = true;
    const r = await saveWorkspaceAtomic(file, original.replace('before', 'after') + ' '.repeat(100_000));
    expect(r.ok).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(original);
    const read = await readWorkspaceFile(file);
    expect(read.ok && read.value.workspace.name).toBe('before');
  });

  it("a temporary file left by a process that died is removed by the next save; a live writer's is kept", async () => {
    const file = join(dir, 'app.rolecall.json');
    await writeFile(file, original);
    // A pid that cannot be running (above Linux's pid_max) and our own parent's (alive) pid.
    const dead = join(dir, '.app.rolecall.json.4194305.0123456789ab.tmp');
    const live = join(dir, `.app.rolecall.json.${process.ppid}.0123456789ab.tmp`);
    await writeFile(dead, '{"half": ');
    await writeFile(live, '{"in progress": ');
    const r = await saveWorkspaceAtomic(file, original.replace('before', 'after'));
    expect(r.ok).toBe(true);
    const left = await readdir(dir);
    expect(left).not.toContain('.app.rolecall.json.4194305.0123456789ab.tmp');
    expect(left).toContain(`.app.rolecall.json.${process.ppid}.0123456789ab.tmp`);
    expect(await readFile(file, 'utf8')).toContain('"after"');
  });
});

describe('drafts across a restart', () => {
  it('a draft saved by a process that is then killed (SIGKILL) is loaded by the next one', async () => {
    const data = join(dir, 'data');
    const script = [
      `import { saveDraft } from ${JSON.stringify(resolve('electron/files/workspace-files.ts'))};`,
      `await saveDraft(${JSON.stringify(data)}, { key: 'file:/w/app.rolecall.json', text: '{"unsaved": true}', savedAt: '2026-11-27T10:00:00.000Z' });`,
      "process.kill(process.pid, 'SIGKILL');",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve('.'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(await loadDraft(data, 'file:/w/app.rolecall.json')).toEqual({
      key: 'file:/w/app.rolecall.json',
      text: '{"unsaved": true}',
      savedAt: '2026-11-27T10:00:00.000Z',
    });
  });
});

describe('recent files', () => {
  it('opens that race are all kept, newest first, without duplicates, capped at MAX_RECENT', async () => {
    const data = join(dir, 'data');
    await Promise.all([0, 1, 2, 3].map((i) => addRecent(data, join(dir, `w${i}.json`))));
    expect((await listRecent(data)).sort()).toEqual([0, 1, 2, 3].map((i) => join(dir, `w${i}.json`)).sort());
    // The same file named two ways counts once.
    await addRecent(data, join(dir, 'sub', '..', 'w1.json'));
    expect((await listRecent(data)).filter((p) => p === join(dir, 'w1.json'))).toHaveLength(1);
    expect((await listRecent(data))[0]).toBe(join(dir, 'w1.json'));
    await Promise.all(Array.from({ length: MAX_RECENT + 5 }, (_, i) => addRecent(data, join(dir, `x${i}.json`))));
    const list = await listRecent(data);
    expect(list).toHaveLength(MAX_RECENT);
    expect(new Set(list).size).toBe(MAX_RECENT);
  });

  it('a list with duplicates written by an older build reads de-duplicated', async () => {
    const data = join(dir, 'data');
    await fsp.mkdir(data, { recursive: true });
    await writeFile(join(data, 'recent.json'), JSON.stringify(['/a.json', '/a.json', '/b.json', 5]));
    expect(await listRecent(data)).toEqual(['/a.json', '/b.json']);
  });
});
