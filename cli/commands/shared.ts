/**
 * Option parsing and the pieces the `rolecall` commands share: the start of every command (options, --help, required
 * options, --format, --now, the prepared workspace), usage errors of commands that return their status, and output
 * snippets several commands print.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve as resolvePath } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, parseWorkspaceOrThrow, readText, type Io } from '../io';
import { prepareWorkspace, type PreparedWorkspace } from '../../policy-engine/evaluate/index';
import type { MatchedStatement } from '../../policy-engine/model/index';
import { readablePolicyName } from '../../policy-engine/advice/index';
import { closest } from '../../policy-engine/userpool/index';
import type { Workspace } from '../../policy-engine/model/index';
import {
  checkSourceDigests,
  policyDocuments,
  recordedFiles,
  sourceRecordOf,
  type SourceCheck,
} from '../../policy-engine/workspace/index';
import { readTextFile } from '../../electron/files/workspace-files';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses options, turning node's errors into one-line usage errors. */
export function parseOptions<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true, tokens: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    // A misspelt flag gets the closest real one ("did you mean --workspace?").
    const unknown = /^Unknown option '--([^'=]+)'/.exec(message);
    const guess = unknown ? closest(unknown[1], Object.keys(options)) : undefined;
    throw new UsageError(guess ? `${message}; did you mean --${guess}?` : message);
  }
}

/**
 * The start every command shares: parses `options` (which include `help`) and, for `--help`, prints `help` and
 * returns null (the command then exits 0).
 */
export function parseCommand<T extends Options & { help: { type: 'boolean' } }>(
  argv: string[],
  io: Io,
  help: string,
  options: T,
  allowPositionals = false,
) {
  const parsed = parseOptions(argv, options, allowPositionals);
  // `help` is in T, but TypeScript cannot see a known key through the generic ParsedResults.
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(help);
    return null;
  }
  return parsed;
}

/** A required option's value; `--NAME is required` (with `hint` after it) when it is missing or empty. */
export function requireOption(value: string | undefined, name: string, hint?: string): string {
  if (!value) throw new UsageError(`--${name} is required${hint ? ` ${hint}` : ''}`);
  return value;
}

/** Prints `rolecall COMMAND: message` on stderr and returns exit status 2 (for commands that return their status). */
export function usageExit(io: Io, command: string, message: string): number {
  io.stderr(`rolecall ${command}: ${message}\n`);
  return 2;
}

/** The --format option, checked. */
export function formatOption(value: string | undefined, allowed: string[], fallback: string): string {
  const format = value ?? fallback;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, got "${format}"`);
  return format;
}

/** The --service option: a comma-separated list of s3 and dynamodb (default both); `unknown` words the error. */
export function servicesOption(value: string | undefined, unknown: (service: string) => string): ('s3' | 'dynamodb')[] {
  const services = (value ?? 's3,dynamodb')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of services) if (s !== 's3' && s !== 'dynamodb') throw new UsageError(unknown(s));
  return services as ('s3' | 'dynamodb')[];
}

/** The evaluation time: --now if given (ISO 8601), else the clock. */
export function nowOption(value: string | undefined, io: Io): Date {
  if (value === undefined) return io.now ? io.now() : new Date();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--now must be an ISO 8601 time, got "${value}"`);
  return new Date(t);
}

/**
 * Loads a workspace file and prepares it for evaluation (parses and compiles every policy once); with the file's text,
 * which SARIF and the matrix's source lines cite. With `provenance` (evaluate, who-can, resolve, prove), a policy
 * imported from a file that is still the imported one (its digest, importNotes.fileDigests) and that the workspace
 * holds as imported (importNotes.policyDigests) cites that file's lines; every other policy cites the workspace file's,
 * and one note line on stderr says why for each file that cannot be cited.
 */
export async function loadPreparedWorkspace(
  io: Io,
  file: string,
  opts: { provenance?: boolean } = {},
): Promise<{ pw: PreparedWorkspace; text: string; notes: string[] }> {
  const text = await readText(io, file);
  const ws = parseWorkspaceOrThrow(text, file, io.stderr);
  // With the file's text, every line and column an answer or finding cites is in this file (workspace/source-map).
  const source = { text, file };
  if (!opts.provenance || recordedFiles(ws).length === 0)
    return { pw: prepareWorkspace(ws, { source }), text, notes: [] };
  const check = checkSourceDigests(ws, await readImportedFiles(io, file, recordedFiles(ws)), sha256Hex);
  const notes = provenanceNotes(ws, file, check);
  for (const n of notes) io.stderr(`rolecall: note: ${n}\n`);
  const pw = prepareWorkspace(ws, { source, imported: { texts: check.texts, original: check.unchanged } });
  return { pw, text, notes };
}

/**
 * The texts found for each file a workspace was imported from, at each place it may be: relative to the working
 * directory (where `rolecall import` ran, as the audit reads them) and relative to the workspace file. A file that
 * cannot be read there is not found there.
 */
async function readImportedFiles(io: Io, workspaceFile: string, files: string[]): Promise<Record<string, string[]>> {
  const dirs = [io.cwd, ...(workspaceFile === '-' ? [] : [dirname(resolvePath(io.cwd, workspaceFile))])];
  const out: Record<string, string[]> = {};
  for (const name of files) {
    const found: string[] = [];
    for (const path of new Set(dirs.map((d) => resolvePath(d, name)))) {
      const r = await readTextFile(path);
      if (r.ok) found.push(r.value);
    }
    Object.defineProperty(out, name, { value: found, enumerable: true });
  }
  return out;
}

/** Why some lines are the workspace file's: one line per file changed or not found, per older workspace, per edit. */
function provenanceNotes(ws: Workspace, file: string, check: SourceCheck): string[] {
  const copy = `lines are Rolecall's copy (${file})`;
  const notes = [
    ...check.changed.map((f) => `${f} changed since import: ${copy}`),
    ...check.missing.map((f) => `${f} not found (relative to the working directory or to ${file}): ${copy}`),
  ];
  if (check.undigested.length > 0)
    notes.push(
      `${file} was imported by a Rolecall that recorded no digest of ${listed(check.undigested)}, so whether it changed since is not known: ${copy}; import again to cite it`,
    );
  const edited = policyDocuments(ws)
    .filter((d) => {
      const at = sourceRecordOf(ws, d);
      return at && Object.prototype.hasOwnProperty.call(check.texts, at.file) && !check.unchanged(d.policyId, d.input);
    })
    .map((d) => readablePolicyName(d.policyId));
  if (edited.length > 0)
    notes.push(
      `${listed(edited)} edited in ${file} since import: ${edited.length === 1 ? 'its' : 'their'} lines are Rolecall's copy (${file})`,
    );
  return notes;
}

/** Up to three names, then how many more. */
function listed(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * A statement as the text output cites it, in words: `Allow: statement "Sid" of AppUser › UserFiles (line 12)`, or
 * `the statement at line 12 of …` when it has no Sid.
 */
export function statementText(m: MatchedStatement, workspaceFile?: string): string {
  // A statement cited in an imported file (a template, a plan) names it; one in the workspace file does not.
  const where = `${m.file && workspaceFile !== undefined && m.file !== workspaceFile ? `${m.file}, ` : ''}line ${m.start.line}`;
  const which = m.sid ? `statement "${m.sid}"` : `the statement at ${where}`;
  return `${m.effect}: ${which} of ${readablePolicyName(m.policyId)}${m.sid ? ` (${where})` : ''}`;
}

/**
 * How every command names a principal in its tables and chain lists (who-can, matrix, resolve, prove, evaluate): a role
 * by its name, an IAM user as `user NAME`, a chain as those names joined with " → " (policy-engine/arn.ts). JSON and
 * CSV keep the full ARNs.
 */
export { principalNameOf, chainNames } from '../../policy-engine/index';

/** SHA-256 of a UTF-8 text as hex (the digests `rolecall import` records of the files it read). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Writes JSON to stdout. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
