/**
 * Workspace files on disk: positioned read errors, atomic saves, recent files and crash-safe drafts.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRecent, clearDraft, listRecent, loadDraft, MAX_RECENT, readWorkspaceFile, saveDraft, saveWorkspaceAtomic } from '../../../../electron/files/workspace-files';

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
    expect(r.ok && r.value).toEqual({ workspace: { format: 'rolecall-workspace', version: 1, accountId: '123456789012' }, text });
  });

  it('names the file, the JSON path and the line/column of a problem', async () => {
    const path = join(dir, 'bad.rolecall.json');
    await writeFile(path, '{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "resources": "arn:aws:s3:::b"\n}\n');
    const r = await readWorkspaceFile(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: path, path: 'resources', message: 'expected an array, found string', range: { start: { line: 4, column: 3 } } });
  });

  it('a missing file or a directory is a clear error, not a crash', async () => {
    const missing = await readWorkspaceFile(join(dir, 'nope.json'));
    expect(!missing.ok && missing.errors[0].message).toBe('cannot read the file: the file does not exist');
    const directory = await readWorkspaceFile(dir);
    expect(!directory.ok && directory.errors[0].message).toMatch(/directory/);
  });
});

describe('saveWorkspaceAtomic', () => {
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
  it('keep unsaved edits across a restart until cleared', async () => {
    const data = join(dir, 'data');
    expect(await loadDraft(data)).toBeNull();
    const draft = { path: join(dir, 'w.json'), text: '{"format":"rolecall-workspace"', savedAt: '2026-11-27T10:00:00.000Z' };
    await saveDraft(data, draft);
    expect(await loadDraft(data)).toEqual(draft);
    await saveDraft(data, { text: 'untitled', savedAt: '2026-11-27T10:01:00.000Z' });
    expect(await loadDraft(data)).toEqual({ text: 'untitled', savedAt: '2026-11-27T10:01:00.000Z' });
    await clearDraft(data);
    expect(await loadDraft(data)).toBeNull();
    await clearDraft(data);
  });

  it('a damaged draft reads as none', async () => {
    await writeFile(join(dir, 'draft.json'), '{"text": 5}');
    expect(await loadDraft(dir)).toBeNull();
  });
});
