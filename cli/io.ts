/**
 * Shared plumbing of the `rolecall` commands: the IO seam (so tests run commands in-process), reading JSON and
 * workspace files with errors that name the file and the place, and output helpers.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { Workspace, Diagnostic } from '../policy-engine/model/index';
import {
  parseWorkspaceText,
  MAX_INPUT_CHARS,
  formatDiagnostic as formatSourceDiagnostic,
} from '../policy-engine/workspace/index';
import { parseJsonText } from '../policy-engine/index';
import { UsageError } from './usage-error';

/** The largest request or identity file Rolecall reads (a request file is small; a bigger one is a mistake). */
export const MAX_REQUEST_FILE_BYTES = 5 * 1024 * 1024;

/** The width tables are fitted into: a common terminal. */
export const TABLE_WIDTH = 120;

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

export { UsageError } from './usage-error';

/** Formats a diagnostic as `file:line:col: path: message`. */
export function formatDiagnostic(d: Diagnostic, fallbackFile?: string): string {
  return formatSourceDiagnostic({ ...d, file: d.file ?? fallbackFile });
}

const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;

/**
 * Reads a text file (or stdin for `-`), with a clear error when it cannot be read, is empty, or is larger than
 * `maxBytes` (default: the workspace limit, MAX_INPUT_CHARS). The size is checked before the file is read.
 */
export async function readText(io: Io, file: string, maxBytes: number = MAX_INPUT_CHARS): Promise<string> {
  let text: string;
  if (file === '-') {
    if (!io.readStdin) throw new UsageError('-: standard input is not available');
    text = await io.readStdin();
  } else {
    const path = resolvePath(io.cwd, file);
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new UsageError(`${file}: is a directory, not a file`);
      if (info.size > maxBytes)
        throw new UsageError(`${file}: the file is ${mb(info.size)}; Rolecall reads such files up to ${mb(maxBytes)}`);
      text = await readFile(path, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        `${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e))})`,
      );
    }
  }
  if (text.length > maxBytes)
    throw new UsageError(`${file}: the input is ${mb(text.length)}; Rolecall reads such files up to ${mb(maxBytes)}`);
  if (text.trim() === '') throw new UsageError(`${file === '-' ? '-: standard input' : file} is empty`);
  return text;
}

/** Reads and parses a JSON file; a syntax error names the line and column. */
export async function readJsonFile(io: Io, file: string, maxBytes?: number): Promise<{ value: unknown; text: string }> {
  const text = await readText(io, file, maxBytes);
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UsageError(formatDiagnostic(parsed.errors[0], file));
  return { value: parsed.value, text };
}

/**
 * Validates workspace text, throwing a UsageError with the first problem. Warnings (a top-level field Rolecall does not
 * read, a duplicate key) go to `warn` as `rolecall: warning: FILE:LINE:COL: path: message`, one a line.
 */
export function parseWorkspaceOrThrow(text: string, file: string, warn?: (line: string) => void): Workspace {
  const result = parseWorkspaceText(text, file);
  if (!result.ok) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
    throw new UsageError(formatDiagnostic(result.errors[0], file) + more);
  }
  if (warn) for (const line of warningLines(result.diagnostics ?? [], file)) warn(line);
  return result.value;
}

/** The warnings among `diagnostics`, each as the CLI prints it on stderr (with its newline). */
export function warningLines(diagnostics: readonly Diagnostic[], file: string): string[] {
  return diagnostics
    .filter((d) => d.severity === 'warning')
    .map((d) => `rolecall: warning: ${formatDiagnostic(d, file)}\n`);
}

/** Reads an argument that is either inline JSON (starts with `{`) or a path to a JSON file. */
export async function readJsonArgument(io: Io, arg: string, what: string): Promise<unknown> {
  const trimmed = arg.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJsonText(trimmed);
    if (!parsed.ok) throw new UsageError(`${what} (inline JSON): ${formatDiagnostic(parsed.errors[0], '<argument>')}`);
    return parsed.value;
  }
  return (await readJsonFile(io, arg, MAX_REQUEST_FILE_BYTES)).value;
}

/** How a table is fitted into the terminal (opt-in: without `maxWidth` the table is as wide as its cells). */
export interface TableOptions {
  /** The total width to fit into, e.g. TABLE_WIDTH. */
  maxWidth?: number;
  /** Columns (indexes, not the last) that may be shortened with a middle "…" when the table is too wide. */
  shrink?: number[];
}

/** Shortens a cell to `width` characters, keeping its start and its end (ARNs differ at both ends). */
export function ellipsize(s: string, width: number): string {
  if (s.length <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  return s.slice(0, head) + '…' + s.slice(s.length - (width - 1 - head));
}

/** Splits a cell into lines of at most `width` characters, breaking after spaces or commas where it can. */
export function wrapCell(s: string, width: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > width) {
    // A break at a space may sit just past the width (the space is dropped); one after a comma must keep the comma.
    const window = rest.slice(0, width + 1);
    const cut = Math.max(window.lastIndexOf(' '), rest.slice(0, width).lastIndexOf(',') + 1);
    const at = cut > width / 3 ? cut : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

/**
 * Wraps `text` into lines of `width` columns behind a first-line prefix `first` and a continuation indent `rest`.
 * The text gets one column less than the room: wrapCell may keep a trailing comma one past its width.
 */
export function wrapIndented(text: string, first: string, rest: string, width: number): string[] {
  return wrapCell(text, Math.max(40, width - Math.max(first.length, rest.length))).map(
    (l, k) => (k === 0 ? first : rest) + l,
  );
}

/**
 * Renders rows as an aligned text table that fits `maxWidth` columns: the `shrink` columns are shortened first,
 * then the last column is wrapped onto continuation lines (its text is never cut).
 */
export function table(headers: string[], rows: string[][], options: TableOptions = {}): string {
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY;
  const last = headers.length - 1;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * last;
  // Shrink in the given order, each column down to 16 characters at most, keeping room for the last column.
  for (const i of (options.shrink ?? []).filter((c) => c !== last)) {
    const over = total() - widths[last] + Math.min(widths[last], 30) - maxWidth;
    if (over <= 0) break;
    widths[i] = Math.min(widths[i], Math.max(headers[i].length, 16, widths[i] - over));
  }
  const lastStart = total() - widths[last];
  widths[last] = Math.max(headers[last].length, Math.min(widths[last], Math.max(maxWidth - lastStart, 24)));
  const render = (cells: string[]) => {
    const fixed = cells.slice(0, last).map((c, i) => ellipsize(c, widths[i]).padEnd(widths[i]));
    const tail = wrapCell(cells[last] ?? '', widths[last]);
    const pad = ' '.repeat(lastStart);
    return [[...fixed, tail[0]].join('  ').trimEnd(), ...tail.slice(1).map((t) => pad + t)].join('\n');
  };
  return [render(headers), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)].join('\n') + '\n';
}
