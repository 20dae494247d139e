/**
 * Shared plumbing of the `rolecall` commands: the IO seam (so tests run commands in-process), reading JSON and
 * workspace files with errors that name the file and the place, and output helpers.
 */
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { Workspace } from '../policy-engine/model/workspace';
import type { Diagnostic } from '../policy-engine/model/diagnostic';
import { parseWorkspaceText } from '../policy-engine/workspace/schema';
import { parseJsonText } from '../policy-engine/json-text';

/** Where a command writes, and where relative paths start. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Reads standard input (for `-`). */
  readStdin?: () => Promise<string>;
  /** The evaluation time; tests pin it. */
  now?: () => Date;
}

/** A user-caused failure: one line, naming the file and the place; exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Formats a diagnostic as `file:line:col: path: message`. */
export function formatDiagnostic(d: Diagnostic, fallbackFile?: string): string {
  const file = d.file ?? fallbackFile ?? '';
  const where = d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file;
  const path = d.path ? ` ${d.path}:` : '';
  return `${where}:${path} ${d.message}`;
}

/** Reads a text file (or stdin for `-`), with a clear error when it cannot be read. */
export async function readText(io: Io, file: string): Promise<string> {
  if (file === '-') {
    if (!io.readStdin) throw new UsageError('-: standard input is not available');
    return io.readStdin();
  }
  try {
    return await readFile(resolvePath(io.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
  }
}

/** Reads and parses a JSON file; a syntax error names the line and column. */
export async function readJsonFile(io: Io, file: string): Promise<{ value: unknown; text: string }> {
  const text = await readText(io, file);
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UsageError(formatDiagnostic(parsed.errors[0], file));
  return { value: parsed.value, text };
}

/** Loads and validates a workspace file. */
export async function loadWorkspace(io: Io, file: string): Promise<Workspace> {
  const text = await readText(io, file);
  return parseWorkspaceOrThrow(text, file);
}

/** Validates workspace text, throwing a UsageError with the first problem. */
export function parseWorkspaceOrThrow(text: string, file: string): Workspace {
  const result = parseWorkspaceText(text, file);
  if (!result.ok) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
    throw new UsageError(formatDiagnostic(result.errors[0], file) + more);
  }
  return result.value;
}

/** Reads an argument that is either inline JSON (starts with `{`) or a path to a JSON file. */
export async function readJsonArgument(io: Io, arg: string, what: string): Promise<unknown> {
  const trimmed = arg.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJsonText(trimmed);
    if (!parsed.ok) throw new UsageError(`${what} (inline JSON): ${formatDiagnostic(parsed.errors[0], '<argument>')}`);
    return parsed.value;
  }
  return (await readJsonFile(io, arg)).value;
}

/** Renders rows as an aligned text table. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
