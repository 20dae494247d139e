/**
 * Option parsing and the pieces the evaluation commands share.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Io } from '../io';
import type { Workspace } from '../../policy-engine/model/workspace';
import { prepareWorkspace, type PreparedWorkspace } from '../../policy-engine/evaluate/prepare';

/** Parses options, turning node's errors into one-line usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
}

/** The --format option, checked. */
export function formatOption(value: string | undefined, allowed: string[], fallback: string): string {
  const format = value ?? fallback;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, got "${format}"`);
  return format;
}

/** The evaluation time: --now if given (ISO 8601), else the clock. */
export function nowOption(value: string | undefined, io: Io): Date {
  if (value === undefined) return io.now ? io.now() : new Date();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--now must be an ISO 8601 time, got "${value}"`);
  return new Date(t);
}

/** Prepares a workspace for evaluation (parses and compiles every policy once). */
export function prepare(ws: Workspace): PreparedWorkspace {
  return prepareWorkspace(ws);
}

/** Writes JSON to stdout. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
