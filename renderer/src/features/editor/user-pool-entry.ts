/**
 * A user pool of the workspace in the editor: its `userPools` entry as JSON text (the AWS shapes the workspace holds),
 * opened from a finding at the part it is about (an app client's field, a group, a pool setting), with the file and
 * line it was imported from. The editor id is `#userpool/POOLID`, optionally followed by `#/` and the JSON path inside
 * the entry (`#userpool/us-east-1_AbC#/Clients/0/RefreshTokenValidity`). Pure.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Range, SourceLocation, UserPoolEntry, Workspace } from '../../../../policy-engine/model/index';
import { userPoolSource, userPoolsOf, type UserPoolPart } from '../../../../policy-engine/userpool/index';

/** The prefix of a user pool's editor id. */
export const USER_POOL_EDITOR_PREFIX = '#userpool/';

/** The editor id of a user pool, at a JSON path inside its entry. */
export function userPoolEditorId(userPoolId: string, path: readonly (string | number)[] = []): string {
  const base = `${USER_POOL_EDITOR_PREFIX}${userPoolId}`;
  return path.length ? `${base}#/${path.map((s) => encodeURIComponent(String(s))).join('/')}` : base;
}

/** The user pool and the path an editor id stands for, or null when it is not a user pool's. */
export function parseUserPoolEditorId(id: string): { userPoolId: string; path: (string | number)[] } | null {
  if (!id.startsWith(USER_POOL_EDITOR_PREFIX)) return null;
  const rest = id.slice(USER_POOL_EDITOR_PREFIX.length);
  const hash = rest.indexOf('#/');
  const userPoolId = hash < 0 ? rest : rest.slice(0, hash);
  if (!userPoolId) return null;
  const path =
    hash < 0
      ? []
      : rest
          .slice(hash + 2)
          .split('/')
          .filter((s) => s !== '')
          .map((s) => decodeURIComponent(s))
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return { userPoolId, path };
}

/** The entry's text as the editor shows it. */
export function userPoolEntryText(entry: UserPoolEntry): string {
  return JSON.stringify(entry, null, 2);
}

/** The lines of the text a JSON path covers (the property with its value), or null when the path is not there. */
export function rangeOfPath(text: string, path: readonly (string | number)[]): Range | null {
  const root = parseTree(text);
  if (!root) return null;
  const node = path.length ? findNodeAtLocation(root, [...path]) : root;
  if (!node) return null;
  const whole = node.parent?.type === 'property' ? node.parent : node;
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  return {
    start: { line: lineAt(whole.offset), column: 1 },
    end: { line: lineAt(whole.offset + whole.length), column: 1 },
  };
}

/** The part of the pool a path inside its entry is about, for its import record (`workspace.sources`). */
export function partOfPath(entry: UserPoolEntry, path: readonly (string | number)[]): UserPoolPart {
  const [top, a, b] = path;
  if (top === 'Clients' && typeof a === 'number') {
    const client = entry.Clients?.[a]?.ClientId;
    return client ? { client, ...(typeof b === 'string' ? { field: b } : {}) } : {};
  }
  if (top === 'Groups' && typeof a === 'number') {
    const group = entry.Groups?.[a]?.GroupName;
    return group ? { group } : {};
  }
  if (top === 'MfaConfig') return { field: 'MfaConfig' };
  if (top === 'UserPool' && a === 'SchemaAttributes' && typeof b === 'number') {
    const attribute = entry.UserPool.SchemaAttributes?.[b]?.Name;
    return attribute ? { attribute } : {};
  }
  if (top === 'UserPool' && typeof a === 'string') return { field: a };
  return {};
}

/** What the editor shows for a user-pool editor id: the entry, its text, the part's lines and where it came from. */
export interface UserPoolEditorView {
  entry: UserPoolEntry;
  text: string;
  /** The lines of the part the id names (null: the whole entry, or a path that is no longer there). */
  range: Range | null;
  /** Where the part (or the pool) was imported from. */
  source: SourceLocation | undefined;
}

/** Reads a user-pool editor id against the workspace; null when the workspace no longer holds the pool. */
export function userPoolEditorView(ws: Workspace, id: string): UserPoolEditorView | null {
  const parsed = parseUserPoolEditorId(id);
  if (!parsed) return null;
  const entry = userPoolsOf(ws).find((p) => p.UserPool.Id === parsed.userPoolId);
  if (!entry) return null;
  const text = userPoolEntryText(entry);
  return {
    entry,
    text,
    range: parsed.path.length ? rangeOfPath(text, parsed.path) : null,
    source: userPoolSource(ws, parsed.userPoolId, partOfPath(entry, parsed.path)),
  };
}
