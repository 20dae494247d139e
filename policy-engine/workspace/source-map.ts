/**
 * Positions in the user's own file. A policy document inside a workspace is parsed from the text the user wrote —
 * the document's slice of the workspace file, or the JSON string it is written as — never from a re-formatted copy,
 * and each position in that text maps back to its line and column in the file (the example: a statement at
 * line 137 of the workspace was cited as line 20 of a pretty-printed copy).
 * - An object document: its slice of the file, with the indentation its first line has removed from the lines after
 *   it (so it reads as a document of its own in an editor); a position moves down by the lines above the slice and
 *   right by what was removed from its line.
 * - A JSON-string document: the string's value; a position maps through the escapes of the string literal to a column
 *   on the literal's line (a URL-encoded string maps to the literal's start).
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Position, Range } from '../model/request';
import type { Workspace } from '../model/workspace';
import { findTooDeep, lineMap } from '../json-text';
import { policyDocuments } from './policy-documents';

/** Where a policy's text came from and how its positions map into that file. */
export interface PolicySource {
  file: string;
  /** The text to parse (what the user wrote). */
  text: string;
  /** A position in `text` → the same place in the file. */
  toFile(p: Position): Position;
}

const maps = new WeakMap<object, PolicySource>();

/** Remembers the source of a parsed policy (kept beside it, so the parsed policy stays plain data). */
export function setPolicySource(parsed: object, source: PolicySource): void {
  maps.set(parsed, source);
}

/** The source of a parsed policy, when it was parsed from a workspace file's text. */
export function policySourceOf(parsed: object): PolicySource | undefined {
  return maps.get(parsed);
}

/** A range of a parsed policy in its file (unchanged when its source is not known). */
export function rangeInFile(parsed: object, r: Range): Range {
  const s = maps.get(parsed);
  return s ? { start: s.toFile(r.start), end: s.toFile(r.end) } : r;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** An object document: its slice of the file, dedented by its first line's indentation. */
function objectSource(text: string, file: string, node: Node, fileLines: ReturnType<typeof lineMap>): PolicySource {
  const start = fileLines.position(node.offset);
  const indent = start.column - 1;
  const lines = text.slice(node.offset, node.offset + node.length).split('\n');
  const removed = lines.map((line, i) => {
    if (i === 0) return indent;
    let n = 0;
    while (n < indent && (line[n] === ' ' || line[n] === '\t')) n++;
    return n;
  });
  const out = lines.map((line, i) => (i === 0 ? line : line.slice(removed[i])));
  return {
    file,
    text: out.join('\n'),
    toFile: (p) => {
      const i = Math.min(Math.max(p.line - 1, 0), lines.length - 1);
      return { line: start.line + i, column: p.column + removed[i] };
    },
  };
}

/** For each UTF-16 unit of a JSON string literal's value, its offset in the literal's raw text. */
function literalOffsets(raw: string): number[] | null {
  const out: number[] = [];
  for (let i = 1; i < raw.length - 1;) {
    if (raw[i] !== '\\') {
      out.push(i);
      i++;
      continue;
    }
    const c = raw[i + 1];
    if (c === 'u') {
      out.push(i);
      i += 6;
    } else if ('"\\/bfnrt'.includes(c)) {
      out.push(i);
      i += 2;
    } else return null;
  }
  out.push(raw.length - 1);
  return out;
}

/** A JSON-string document: its value, positions mapped through the literal's escapes. */
function stringSource(text: string, file: string, node: Node, fileLines: ReturnType<typeof lineMap>): PolicySource {
  const value = node.value as string;
  const raw = text.slice(node.offset, node.offset + node.length);
  const offsets = /^\s*%7B/i.test(value) ? null : literalOffsets(raw);
  const starts = lineStarts(value);
  return {
    file,
    text: value,
    toFile: (p) => {
      if (!offsets) return fileLines.position(node.offset);
      const line = Math.min(Math.max(p.line - 1, 0), starts.length - 1);
      const at = Math.min(starts[line] + p.column - 1, offsets.length - 1);
      return fileLines.position(node.offset + offsets[Math.max(at, 0)]);
    },
  };
}

/**
 * The source of every policy document of a workspace parsed from `text` (the file `file`), by policy id. Documents
 * the text does not hold where the workspace says (it was changed after loading) are left out. `at`: where the
 * workspace sits in the text (a test file's embedded `workspace`), the root by default.
 */
export function policySources(
  ws: Workspace,
  text: string,
  file: string,
  at: (string | number)[] = [],
): Map<string, PolicySource> {
  const out = new Map<string, PolicySource>();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (findTooDeep(body)) return out;
  const root = parseTree(body, [], { disallowComments: true, allowTrailingComma: false });
  if (!root) return out;
  const fileLines = lineMap(body);
  for (const d of policyDocuments(ws)) {
    const node = findNodeAtLocation(root, [...at, ...d.documentPath]);
    if (!node) continue;
    if (node.type === 'object' && !d.isString) out.set(d.policyId, objectSource(body, file, node, fileLines));
    else if (node.type === 'string' && d.isString && node.value === d.input)
      out.set(d.policyId, stringSource(body, file, node, fileLines));
  }
  return out;
}
