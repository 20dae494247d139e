/**
 * Workspace files on disk: positioned read errors, atomic saves, recent files and crash-safe drafts.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addRecent,
  clearDraft,
  listRecent,
  loadDraft,
  MAX_DRAFTS,
  MAX_RECENT,
  readTextFile,
  readWorkspaceFile,
  saveDraft,
  saveWorkspaceAtomic,
} from '../../../../electron/files/workspace-files';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rolecall-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readWorkspaceFile', () => {
  it('reads a workspace and returns its text too', async () => {
    const text = '{"format":"rolecall-workspace","version":1,"accountId":"123456789012"}\n';
    await writeFile(join(dir, 'w.rolecall.json'), text);
    const r = await readWorkspaceFile(join(dir, 'w.rolecall.json'));
    expect(r.ok && r.value).toEqual({
      workspace: { format: 'rolecall-workspace', version: 1, accountId: '123456789012' },
      text,
    });
  });

  it('names the file, the JSON path and the line/column of a problem', async () => {
    const path = join(dir, 'bad.rolecall.json');
    await writeFile(
      path,
      '{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "resources": "arn:aws:s3:::b"\n}\n',
    );
    const r = await readWorkspaceFile(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      file: path,
      path: 'resources',
      message: 'expected an array, found string',
      range: { start: { line: 4, column: 3 } },
    });
  });

  it('a missing file or a directory is a clear error, not a crash', async () => {
    const missing = await readWorkspaceFile(join(dir, 'nope.json'));
    expect(!missing.ok && missing.errors[0].message).toBe('cannot read the file: the file does not exist');
    const directory = await readWorkspaceFile(dir);
    expect(!directory.ok && directory.errors[0].message).toMatch(/directory/);
  });
});

// Windows has no FIFO, no /dev/zero and no executable mode bit: the three tests that need one run elsewhere only.
const posix = process.platform !== 'win32';
if (!posix) console.log('FIFO, /dev/zero and executable-mode tests skipped: Windows has none of them');

// Issue #17, item 1: a FIFO stalled every file operation of the host; /dev/zero took 11 s and ~540 MB per call.
describe('only regular files are read, with the size checked on the opened file first', () => {
  it.runIf(posix)('a FIFO is refused at once (it is never waited on)', async () => {
    const fifo = join(dir, 'pipe.rolecall.json');
    execFileSync('mkfifo', [fifo]);
    const r = await readTextFile(fifo);
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'file.not-regular', file: fifo }] });
  });

  it.runIf(posix)('a device such as /dev/zero is refused without reading it', async () => {
    const before = process.memoryUsage().rss;
    const r = await readTextFile('/dev/zero');
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'file.not-regular' }] });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a file over the cap is refused before it is read; a directory is named as such', async () => {
    const big = join(dir, 'big.json');
    await writeFile(big, 'x'.repeat(2048));
    expect(await readTextFile(big, 1024)).toMatchObject({ ok: false, errors: [{ code: 'file.too-large' }] });
    expect(await readTextFile(big, 4096)).toEqual({ ok: true, value: 'x'.repeat(2048) });
    expect(await readTextFile(dir)).toMatchObject({ ok: false, errors: [{ code: 'file.is-directory' }] });
  });
});

describe('saveWorkspaceAtomic', () => {
  it.runIf(posix)('never keeps an executable mode: saving over a script leaves data, not a program', async () => {
    const path = join(dir, 'run.sh');
    await writeFile(path, '#!/bin/sh\necho hi\n');
    await chmod(path, 0o755);
    expect(await saveWorkspaceAtomic(path, '{}\n')).toMatchObject({ ok: true });
    expect((await stat(path)).mode & 0o111).toBe(0);
  });

  it('writes the text, leaves no temporary file behind and keeps the file mode', async () => {
    const path = join(dir, 'w.rolecall.json');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    const r = await saveWorkspaceAtomic(path, 'new text\n');
    expect(r).toEqual({ ok: true, value: { path } });
    expect(await readFile(path, 'utf8')).toBe('new text\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['w.rolecall.json']);
  });

  it('a failed save leaves the old file untouched and no temporary file', async () => {
    // The target is a non-empty directory: the rename fails after the temporary file was written.
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'x');
    const r = await saveWorkspaceAtomic(target, 'data');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: target, code: 'file.write' });
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(target, 'keep'), 'utf8')).toBe('x');
  });

  it('concurrent saves never leave a mixed file: the result is one of the texts, whole', async () => {
    const path = join(dir, 'w.json');
    const texts = Array.from({ length: 8 }, (_, i) => String(i).repeat(200_000));
    const results = await Promise.all(texts.map((t) => saveWorkspaceAtomic(path, t)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(texts).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['w.json']);
  });

  it('a missing directory is an error', async () => {
    const r = await saveWorkspaceAtomic(join(dir, 'no', 'such', 'w.json'), 'x');
    expect(!r.ok && r.errors[0].message).toMatch(/cannot save the file/);
  });
});

describe('recent files', () => {
  it('newest first, no duplicates, at most MAX_RECENT', async () => {
    const data = join(dir, 'data');
    expect(await listRecent(data)).toEqual([]);
    for (let i = 0; i < MAX_RECENT + 3; i++) await addRecent(data, join(dir, `w${i}.json`));
    await addRecent(data, join(dir, 'w5.json'));
    const list = await listRecent(data);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe(join(dir, 'w5.json'));
    expect(list[1]).toBe(join(dir, `w${MAX_RECENT + 2}.json`));
    expect(new Set(list).size).toBe(list.length);
  });

  it('a corrupt list reads as empty', async () => {
    await writeFile(join(dir, 'recent.json'), '{not json');
    expect(await listRecent(dir)).toEqual([]);
  });
});

describe('drafts', () => {
  it('keep unsaved edits across a restart until cleared, one per workspace', async () => {
    const data = join(dir, 'data');
    const a = `file:${join(dir, 'a.json')}`;
    const b = `file:${join(dir, 'b.json')}`;
    expect(await loadDraft(data, a)).toBeNull();
    const draft = { key: a, text: '{"format":"rolecall-workspace"', savedAt: '2026-11-27T10:00:00.000Z' };
    await saveDraft(data, draft);
    expect(await loadDraft(data, a)).toEqual(draft);
    // A draft of A is never the draft of B.
    expect(await loadDraft(data, b)).toBeNull();
    await saveDraft(data, { key: 'doc:demo', text: 'untitled', savedAt: '2026-11-27T10:01:00.000Z' });
    expect(await loadDraft(data, 'doc:demo')).toEqual({
      key: 'doc:demo',
      text: 'untitled',
      savedAt: '2026-11-27T10:01:00.000Z',
    });
    expect(await loadDraft(data, a)).toEqual(draft);
    await clearDraft(data, a);
    expect(await loadDraft(data, a)).toBeNull();
    expect(await loadDraft(data, 'doc:demo')).not.toBeNull();
    await clearDraft(data, a);
  });

  it(`keeps at most MAX_DRAFTS (${MAX_DRAFTS}), dropping the oldest`, async () => {
    const data = join(dir, 'data');
    const fileOf = (key: string) =>
      join(data, 'drafts', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
    const start = Date.now() / 1000 - 1000;
    for (let i = 0; i < MAX_DRAFTS + 3; i++) {
      await saveDraft(data, { key: `doc:${i}`, text: String(i), savedAt: '2026-11-27T10:00:00.000Z' });
      await utimes(fileOf(`doc:${i}`), start + i, start + i);
    }
    expect((await readdir(join(data, 'drafts'))).length).toBe(MAX_DRAFTS);
    expect(await loadDraft(data, `doc:${MAX_DRAFTS + 2}`)).not.toBeNull();
    expect(await loadDraft(data, 'doc:0')).toBeNull();
  });

  it('a damaged draft, or one whose key does not match, reads as none', async () => {
    await saveDraft(dir, { key: 'doc:x', text: 'x', savedAt: 'now' });
    const [file] = await readdir(join(dir, 'drafts'));
    await writeFile(join(dir, 'drafts', file), '{"key":"doc:x","text": 5}');
    expect(await loadDraft(dir, 'doc:x')).toBeNull();
    await writeFile(join(dir, 'drafts', file), '{"key":"doc:y","text":"y","savedAt":"now"}');
    expect(await loadDraft(dir, 'doc:x')).toBeNull();
  });
});
