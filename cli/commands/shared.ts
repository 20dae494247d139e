/**
 * Option parsing and the pieces the `rolecall` commands share: the start of every command (options, --help, required
 * options, --format, --now, the prepared workspace), usage errors of commands that return their status, and output
 * snippets several commands print.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, parseWorkspaceOrThrow, readText, type Io } from '../io';
import { prepareWorkspace, type PreparedWorkspace } from '../../policy-engine/evaluate/index';
import type { MatchedStatement } from '../../policy-engine/model/index';
import { readablePolicyName } from '../../policy-engine/advice/index';
import { closest } from '../../policy-engine/userpool/index';

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
 * which SARIF and the matrix's source lines cite.
 */
export async function loadPreparedWorkspace(io: Io, file: string): Promise<{ pw: PreparedWorkspace; text: string }> {
  const text = await readText(io, file);
  // With the file's text, every line and column an answer or finding cites is in this file (workspace/source-map).
  return { pw: prepareWorkspace(parseWorkspaceOrThrow(text, file, io.stderr), { source: { text, file } }), text };
}

/**
 * A statement as the text output cites it, in words: `Allow: statement "Sid" of AppUser › UserFiles (line 12)`, or
 * `the statement at line 12 of …` when it has no Sid.
 */
export function statementText(m: MatchedStatement): string {
  const which = m.sid ? `statement "${m.sid}"` : `the statement at line ${m.start.line}`;
  return `${m.effect}: ${which} of ${readablePolicyName(m.policyId)}${m.sid ? ` (line ${m.start.line})` : ''}`;
}

/**
 * How every command names a principal in its tables and chain lists (who-can, matrix, resolve, prove, evaluate): a role
 * by its name, an IAM user as `user NAME`, a chain as those names joined with " → " (policy-engine/arn.ts). JSON and
 * CSV keep the full ARNs.
 */
export { principalNameOf, chainNames } from '../../policy-engine/index';

/** Writes JSON to stdout. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
