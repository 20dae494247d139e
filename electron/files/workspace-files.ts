/**
 * Workspace files on disk: reading with positioned errors, atomic saves (a crash never leaves a half-written file),
 * the recent-files list and the crash-safe draft of unsaved edits. Plain Node, no Electron import, so the main
 * process, the CLI and vitest all call the same functions.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic, Result } from '../../policy-engine/model/diagnostic';
import type { Workspace } from '../../policy-engine/model/workspace';
import { MAX_INPUT_CHARS } from '../../policy-engine/workspace/json-source';
import { parseWorkspaceText } from '../../policy-engine/workspace/schema';

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

/** Reads a file as UTF-8 text, refusing files too large to be a workspace or an export. */
export async function readTextFile(path: string): Promise<Result<string>> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fail(path, 'file.is-directory', 'it is a directory, not a file');
    // UTF-8 uses at least one byte per character, so a byte count under the limit keeps the text under it too.
    if (info.size > MAX_INPUT_CHARS * 4) return fail(path, 'file.too-large', `the file is ${Math.round(info.size / 1048576)} MB; Rolecall reads files up to ${MAX_INPUT_CHARS / 1048576} MB`);
    return { ok: true, value: await readFile(path, 'utf8') };
  } catch (e) {
    return fail(path, 'file.read', `cannot read the file: ${reason(e)}`);
  }
}

/** Reads and parses a workspace file; errors name the file, the JSON path and the line/column. */
export async function readWorkspaceFile(path: string): Promise<Result<{ workspace: Workspace; text: string }>> {
  const text = await readTextFile(path);
  if (!text.ok) return text;
  const parsed = parseWorkspaceText(text.value, path);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { workspace: parsed.value, text: text.value }, ...(parsed.diagnostics ? { diagnostics: parsed.diagnostics } : {}) };
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
    let mode = 0o644;
    try {
      mode = (await stat(target)).mode & 0o777;
    } catch {
      // A new file: the default mode.
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

function draftFile(dataDir: string): string {
  return join(dataDir, 'draft.json');
}

/** The recently opened workspace paths, newest first, without duplicates; an unreadable list reads as empty. */
export async function listRecent(dataDir: string): Promise<string[]> {
  try {
    const v: unknown = JSON.parse(await readFile(recentFile(dataDir), 'utf8'));
    return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && x.length > 0))].slice(0, MAX_RECENT) : [];
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

/** A draft of unsaved edits. */
export interface Draft {
  path?: string;
  text: string;
  savedAt: string;
}

/** Keeps unsaved edits across a crash or restart; written atomically like a workspace. */
export async function saveDraft(dataDir: string, draft: Draft): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const r = await saveWorkspaceAtomic(draftFile(dataDir), JSON.stringify(draft) + '\n');
  if (!r.ok) throw new Error(r.errors[0].message);
}

/** The saved draft, or null when there is none or it cannot be read. */
export async function loadDraft(dataDir: string): Promise<Draft | null> {
  try {
    const v = JSON.parse(await readFile(draftFile(dataDir), 'utf8')) as Partial<Draft>;
    if (typeof v !== 'object' || v === null || typeof v.text !== 'string' || typeof v.savedAt !== 'string') return null;
    return { ...(typeof v.path === 'string' ? { path: v.path } : {}), text: v.text, savedAt: v.savedAt };
  } catch {
    return null;
  }
}

/** Removes the draft (after a save, or when the user discards it). */
export async function clearDraft(dataDir: string): Promise<void> {
  await rm(draftFile(dataDir), { force: true });
}
