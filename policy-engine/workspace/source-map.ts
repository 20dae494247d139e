/**
 * Positions in the user's own file. A policy document inside a workspace is parsed from the text the user wrote —
 * the document's slice of the workspace file, or the JSON string it is written as — never from a re-formatted copy,
 * and each position in that text maps back to its line and column in the file (the example: a statement at
 * line 137 of the workspace was cited as line 20 of a pretty-printed copy).
 * - An object document: its slice of the file, with the indentation of the line it opens on removed from the lines
 *   after it (so it reads as a document of its own in an editor, indented as the user indented it); a position moves down by the lines above the slice and
 *   right by what was removed from its line.
 * - A JSON-string document: the string's value; a position maps through the escapes of the string literal to a column
 *   on the literal's line (a URL-encoded string maps to the literal's start).
 */
import type { Position, Range } from '../model/request';
import type { Workspace } from '../model/workspace';
import { jsonStringEnd, lineMap, MAX_JSON_DEPTH } from '../json-text';
import { keyPolicyDocuments, policyDocuments } from './policy-documents';

/** Where a policy's text came from and how its positions map into that file. */
export interface PolicySource {
  file: string;
  /** The text to parse (what the user wrote). */
  text: string;
  /** A position in `text` → the same place in the file. */
  toFile(p: Position): Position;
  /**
   * Set when the text's lines are not lines of the file: a JSON string's value (all of it on the string's one line),
   * or Rolecall's JSON of a document written in a template (YAML, or with intrinsic functions). An editor then numbers
   * the text's own lines and names where it came from (`origin`); positions still map exactly through `toFile`.
   */
  ownLines?: true;
  /** Where the document is in the file, and how it is written there ("a JSON string", "the YAML template", …). */
  origin?: { line: number; column: number; writtenAs: string };
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

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** An object document: its slice of the file, dedented by the indentation of the line it opens on. */
export function objectSource(
  text: string,
  file: string,
  node: { offset: number; length: number },
  fileLines: ReturnType<typeof lineMap>,
): PolicySource {
  const start = fileLines.position(node.offset);
  // The indentation of the line the document opens on (`"PolicyDocument": {`): the lines after it keep what they
  // have beyond it, so the document reads as the user indented it.
  const lineStart = node.offset - (start.column - 1);
  let indent = 0;
  while (indent < start.column - 1 && (text[lineStart + indent] === ' ' || text[lineStart + indent] === '\t')) indent++;
  const lines = text.slice(node.offset, node.offset + node.length).split('\n');
  const removed = lines.map((line, i) => {
    if (i === 0) return start.column - 1;
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
export function literalOffsets(raw: string): number[] | null {
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
export function stringSource(
  text: string,
  file: string,
  node: { offset: number; length: number; value: unknown },
  fileLines: ReturnType<typeof lineMap>,
): PolicySource {
  const value = node.value as string;
  const raw = text.slice(node.offset, node.offset + node.length);
  const offsets = /^\s*%7B/i.test(value) ? null : literalOffsets(raw);
  const starts = lineStarts(value);
  return {
    file,
    text: value,
    ownLines: true,
    origin: { ...fileLines.position(node.offset), writtenAs: 'a JSON string' },
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
 * workspace sits in the text (a test file's embedded `workspace`), the root by default. `check`: the workspace may have
 * been edited since it was read from `text` (the app's drafts), so an object document is kept only when its slice
 * still holds the same JSON (a string document is always compared).
 */
export function policySources(
  ws: Workspace,
  text: string,
  file: string,
  at: (string | number)[] = [],
  check = false,
): Map<string, PolicySource> {
  const out = new Map<string, PolicySource>();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const docs = [...policyDocuments(ws), ...keyPolicyDocuments(ws)];
  const found = locateValues(
    body,
    docs.map((d) => [...at, ...d.documentPath]),
  );
  if (!found) return out;
  const fileLines = lineMap(body);
  docs.forEach((d, i) => {
    const node = found.get(i);
    if (!node) return;
    if (node.kind === 'object' && !d.isString) {
      if (check && !sameJson(body.slice(node.offset, node.offset + node.length), d.input)) return;
      out.set(d.policyId, objectSource(body, file, node, fileLines));
    } else if (node.kind === 'string' && d.isString) {
      let value: unknown;
      try {
        value = JSON.parse(body.slice(node.offset, node.offset + node.length));
      } catch {
        return;
      }
      if (value === d.input) out.set(d.policyId, stringSource(body, file, { ...node, value }, fileLines));
    }
  });
  return out;
}

/** Whether JSON text holds the same value as `value` (what a document was read as, or what an edit made it). */
export function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

/** Where a value sits in a JSON text: its offset and length (a string with its quotes), and what it is. */
export interface LocatedValue {
  offset: number;
  length: number;
  kind: 'object' | 'array' | 'string';
}

interface PathTrie {
  children: Map<string, PathTrie>;
  /** Indexes (into the paths asked for) of the paths that end here. */
  ends: number[];
}

/**
 * Finds the values at the given JSON paths in one pass over the text, without a parse tree (a 20 MB workspace holds
 * millions of nodes; this only follows the paths asked for): index of the path → where its value is. Only objects,
 * arrays and strings are reported. Null when the text nests deeper than MAX_JSON_DEPTH (as `findTooDeep`). The text
 * should be valid JSON (it was parsed before); on other text the answer is unspecified but the scan ends.
 */
export function locateValues(text: string, paths: (string | number)[][]): Map<number, LocatedValue> | null {
  const seg = (s: string | number) => (typeof s === 'number' ? `#${s}` : `.${s}`);
  const root: PathTrie = { children: new Map(), ends: [] };
  paths.forEach((path, i) => {
    let node = root;
    for (const s of path) {
      const k = seg(s);
      let next = node.children.get(k);
      if (!next) node.children.set(k, (next = { children: new Map(), ends: [] }));
      node = next;
    }
    node.ends.push(i);
  });
  const out = new Map<number, LocatedValue>();
  const record = (node: PathTrie | null, v: LocatedValue) => {
    if (node) for (const i of node.ends) out.set(i, v);
  };
  // One frame per open container: its trie node (null off the paths), its kind, the slot being read (key or index),
  // whether a key comes next, and where it starts.
  const tries: (PathTrie | null)[] = [];
  const arrays: boolean[] = [];
  const slots: (string | number)[] = [];
  const expectKey: boolean[] = [];
  const starts: number[] = [];
  /** The trie node of a value beginning now. */
  const nodeHere = (): PathTrie | null => {
    const top = tries.length - 1;
    if (top < 0) return root;
    const t = tries[top];
    return t ? (t.children.get(seg(slots[top])) ?? null) : null;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      const str = jsonStringEnd(text, i);
      const escaped = str.escaped;
      i = str.end;
      const top = tries.length - 1;
      if (top >= 0 && !arrays[top] && expectKey[top]) {
        let key = text.slice(start + 1, Math.min(i, n));
        if (escaped) {
          try {
            key = String(JSON.parse(`"${key}"`));
          } catch {
            /* left as written: the text is not valid JSON */
          }
        }
        slots[top] = key;
        expectKey[top] = false;
      } else {
        const node = nodeHere();
        if (node && node.ends.length) record(node, { offset: start, length: i + 1 - start, kind: 'string' });
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (tries.length >= MAX_JSON_DEPTH) return null;
      tries.push(nodeHere());
      arrays.push(c === 91);
      slots.push(0);
      expectKey.push(c === 123);
      starts.push(i);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      const node = tries.pop() ?? null;
      arrays.pop();
      slots.pop();
      expectKey.pop();
      const start = starts.pop() ?? i;
      if (node && node.ends.length)
        record(node, { offset: start, length: i + 1 - start, kind: c === 125 ? 'object' : 'array' });
    } else if (c === 44 /* , */) {
      const top = tries.length - 1;
      if (top >= 0) {
        if (arrays[top]) slots[top] = (slots[top] as number) + 1;
        else expectKey[top] = true;
      }
    }
  }
  return out;
}
