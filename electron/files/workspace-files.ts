/**
 * Workspace files on disk: reading with positioned errors, atomic saves (a crash never leaves a half-written file),
 * the recent-files list and the crash-safe draft of unsaved edits. Plain Node, no Electron import, so the main
 * process, the CLI and vitest all call the same functions.
 */
import { constants as fsConstants } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic, Result, Workspace } from '../../policy-engine/model/index';
import { MAX_INPUT_CHARS, parseWorkspaceText } from '../../policy-engine/workspace/index';

/** How many recent files are remembered. */
export const MAX_RECENT = 10;

function fail(file: string, code: string, message: string): { ok: false; errors: Diagnostic[] } {
  return { ok: false, errors: [{ severity: 'error', code, message, path: '(root)', file }] };
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'the file does not exist';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'EISDIR') return 'it is a directory, not a file';
  return err?.message ?? String(e);
}

/**
 * The largest file read (bytes), checked on the opened file before any byte is read. UTF-8 uses at least one byte
 * per character, so a file under it also stays under the parsers' character limit.
 */
export const MAX_FILE_BYTES = MAX_INPUT_CHARS;

/**
 * Reads a file as UTF-8 text. Only regular files are read: the file is opened without blocking (a FIFO would
 * otherwise stall until a writer appears), then `fstat` on that same descriptor must say "regular file" and a size
 * under `maxBytes` before anything is read — so neither a FIFO, a device such as /dev/zero, a directory nor a file
 * swapped in between a check and the read can make it hang or fill memory. At most `maxBytes + 1` bytes are read, so a
 * file that grows while it is read is refused too.
 */
export async function readTextFile(path: string, maxBytes: number = MAX_FILE_BYTES): Promise<Result<string>> {
  const tooLarge = (size: number) =>
    fail(
      path,
      'file.too-large',
      `the file is ${Math.round(size / 1048576)} MB; Rolecall reads files up to ${Math.round(maxBytes / 1048576)} MB`,
    );
  let fh;
  try {
    fh = await open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0) | (fsConstants.O_NOCTTY ?? 0));
  } catch (e) {
    return fail(path, 'file.read', `cannot read the file: ${reason(e)}`);
  }
  try {
    const info = await fh.stat();
    if (info.isDirectory()) return fail(path, 'file.is-directory', 'it is a directory, not a file');
    if (!info.isFile())
      return fail(
        path,
        'file.not-regular',
        'it is not a regular file (a pipe, a device or a socket); Rolecall only reads regular files',
      );
    if (info.size > maxBytes) return tooLarge(info.size);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await fh.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return tooLarge(length);
    return { ok: true, value: buffer.subarray(0, length).toString('utf8') };
  } catch (e) {
    return fail(path, 'file.read', `cannot read the file: ${reason(e)}`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Reads and parses a workspace file; errors name the file, the JSON path and the line/column. */
export async function readWorkspaceFile(path: string): Promise<Result<{ workspace: Workspace; text: string }>> {
  const text = await readTextFile(path);
  if (!text.ok) return text;
  const parsed = parseWorkspaceText(text.value, path);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: { workspace: parsed.value, text: text.value },
    ...(parsed.diagnostics ? { diagnostics: parsed.diagnostics } : {}),
  };
}

/**
 * Writes a file atomically: a temporary file in the same directory (same file system, so rename is atomic), flushed
 * to disk with fsync, then renamed over the target. A crash leaves either the old file or the new one, never half.
 */
export async function saveWorkspaceAtomic(path: string, text: string): Promise<Result<{ path: string }>> {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // The existing file's read/write bits are kept, never its execute bits: a saved workspace is data, and text that
    // happens to be both a workspace and a shell script must not become runnable by being saved over a script.
    let mode = 0o644;
    let existing;
    try {
      existing = await stat(target);
    } catch {
      // A new file: the default mode.
    }
    if (existing) {
      if (!existing.isFile())
        return fail(
          path,
          'file.write',
          'cannot save the file: something that is not a regular file (a directory, a pipe, a device) is in its place',
        );
      mode = existing.mode & 0o666;
    }
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    await syncDir(dir);
    await removeStaleTemps(dir, basename(target));
    return { ok: true, value: { path: target } };
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return fail(path, 'file.write', `cannot save the file: ${reason(e)}`);
  }
}

/** Whether a process id belongs to a running process (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files a crashed save of the same file left behind (a process that died between write and rename).
 * Only files whose writer is no longer running are removed, so a concurrent save by another process is never touched.
 */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
  try {
    const prefix = `.${name}.`;
    for (const entry of await readdir(dir)) {
      if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
      const m = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(entry.slice(prefix.length));
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid !== process.pid && !alive(pid)) await unlink(join(dir, entry)).catch(() => undefined);
    }
  } catch {
    // Best effort: a leftover temporary file is harmless.
  }
}

/** Flushes a directory entry so the rename itself survives a power cut (best effort: not every platform allows it). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  }
}

function recentFile(dataDir: string): string {
  return join(dataDir, 'recent.json');
}

/** The directory of crash-recovery drafts, one file per workspace. */
function draftDir(dataDir: string): string {
  return join(dataDir, 'drafts');
}

/** The draft file of one workspace: a hash of its key, so any key (a path, a file name) makes a safe file name. */
function draftFile(dataDir: string, key: string): string {
  return join(draftDir(dataDir), `${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)}.json`);
}

/** The recently opened workspace paths, newest first, without duplicates; an unreadable list reads as empty. */
export async function listRecent(dataDir: string): Promise<string[]> {
  try {
    const v: unknown = JSON.parse(await readFile(recentFile(dataDir), 'utf8'));
    return Array.isArray(v)
      ? [...new Set(v.filter((x): x is string => typeof x === 'string' && x.length > 0))].slice(0, MAX_RECENT)
      : [];
  } catch {
    return [];
  }
}

/** Pending updates of each recent list: read-modify-write runs one at a time, so two quick opens both stay listed. */
const recentQueue = new Map<string, Promise<void>>();

/** Puts a path at the top of the recent list (no duplicates, at most MAX_RECENT), saved atomically. */
export function addRecent(dataDir: string, path: string): Promise<void> {
  const key = resolve(dataDir);
  const run = async (): Promise<void> => {
    const abs = resolve(path);
    const list = [abs, ...(await listRecent(dataDir)).filter((p) => p !== abs)].slice(0, MAX_RECENT);
    await mkdir(dataDir, { recursive: true });
    const r = await saveWorkspaceAtomic(recentFile(dataDir), JSON.stringify(list, null, 2) + '\n');
    if (!r.ok) throw new Error(r.errors[0].message);
  };
  const next = (recentQueue.get(key) ?? Promise.resolve()).then(run, run);
  const settled = next.catch(() => undefined);
  recentQueue.set(key, settled);
  void settled.then(() => {
    if (recentQueue.get(key) === settled) recentQueue.delete(key);
  });
  return next;
}

/** How many workspaces keep a crash-recovery draft; the oldest beyond this are removed. */
export const MAX_DRAFTS = 20;

/**
 * A draft of unsaved edits, tagged with the workspace it belongs to: `key` names that workspace (`file:<path>` for a
 * file the user opened or saved, otherwise what the renderer calls it, such as `picked:a.rolecall.json` or `demo`).
 */
export interface Draft {
  key: string;
  text: string;
  savedAt: string;
}

/**
 * Keeps unsaved edits of one workspace across a crash or restart; written atomically like a workspace. Each workspace
 * has its own draft (a draft of A is never offered for B); the oldest drafts beyond MAX_DRAFTS are removed.
 */
export async function saveDraft(dataDir: string, draft: Draft): Promise<void> {
  await mkdir(draftDir(dataDir), { recursive: true });
  const r = await saveWorkspaceAtomic(draftFile(dataDir, draft.key), JSON.stringify(draft) + '\n');
  if (!r.ok) throw new Error(r.errors[0].message);
  await pruneDrafts(dataDir);
}

async function pruneDrafts(dataDir: string): Promise<void> {
  try {
    const dir = draftDir(dataDir);
    const entries = (await readdir(dir)).filter((e) => /^[0-9a-f]{32}\.json$/.test(e));
    if (entries.length <= MAX_DRAFTS) return;
    const dated = await Promise.all(
      entries.map(async (e) => ({ e, t: (await stat(join(dir, e)).catch(() => null))?.mtimeMs ?? 0 })),
    );
    dated.sort((a, b) => b.t - a.t);
    for (const { e } of dated.slice(MAX_DRAFTS)) await unlink(join(dir, e)).catch(() => undefined);
  } catch {
    // Best effort: an extra draft is harmless.
  }
}

/** The draft of one workspace, or null when there is none, it cannot be read, or it belongs to another workspace. */
export async function loadDraft(dataDir: string, key: string): Promise<Draft | null> {
  const text = await readTextFile(draftFile(dataDir, key));
  if (!text.ok) return null;
  try {
    const v = JSON.parse(text.value) as Partial<Draft>;
    if (
      typeof v !== 'object' ||
      v === null ||
      v.key !== key ||
      typeof v.text !== 'string' ||
      typeof v.savedAt !== 'string'
    )
      return null;
    return { key, text: v.text, savedAt: v.savedAt };
  } catch {
    return null;
  }
}

/** Removes the draft of one workspace (after a successful save, or when the user discards it). */
export async function clearDraft(dataDir: string, key: string): Promise<void> {
  await rm(draftFile(dataDir, key), { force: true });
}
