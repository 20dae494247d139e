/**
 * Runtime checks for data crossing the renderer → host boundary: every payload arrives as `unknown` and leaves as a
 * typed request or a list of clear errors, never a thrown exception.
 */
import type { z } from 'zod';
import type { Diagnostic, Result } from '../../policy-engine/model/index';
import { channels, isChannelName } from './contract';
import type { ChannelName, ChannelRequest } from './contract';

/** Keys that could reach an object's prototype if copied naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Payloads nest a few levels at most; anything deeper is refused rather than walked. */
const MAX_DEPTH = 32;

/** Builds one error diagnostic. */
export function ipcError(code: string, message: string, path = ''): Diagnostic {
  return { severity: 'error', code, message, path };
}

/** Formats a zod issue path as a JSON path: `files[0].name`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Finds the first prototype-polluting key (or over-deep nesting) in a JSON-like value; `null` when clean. */
export function findForbiddenKey(value: unknown, path: PropertyKey[] = [], depth = 0): Diagnostic | null {
  if (depth > MAX_DEPTH)
    return ipcError('ipc.too-deep', `Payload nests deeper than ${MAX_DEPTH} levels.`, formatPath(path));
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      return ipcError('ipc.forbidden-key', `Key "${key}" is not allowed in a request.`, formatPath([...path, key]));
    }
    const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Turns zod's issues into diagnostics with JSON paths. */
export function zodErrors(error: z.ZodError, code = 'ipc.invalid-payload'): Diagnostic[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path);
    return ipcError(code, where ? `${where}: ${issue.message}` : issue.message, where);
  });
}

/** Validates a channel name and its payload; the only way a request reaches a handler. */
export function validateRequest<C extends ChannelName>(
  channel: string,
  payload: unknown,
): Result<{ channel: C; request: ChannelRequest<C> }> {
  if (!isChannelName(channel))
    return { ok: false, errors: [ipcError('ipc.unknown-channel', `Unknown channel "${channel.slice(0, 100)}".`)] };
  const forbidden = findForbiddenKey(payload);
  if (forbidden) return { ok: false, errors: [forbidden] };
  const parsed = channels[channel].request.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  return { ok: true, value: { channel: channel as C, request: parsed.data as ChannelRequest<C> } };
}
