/**
 * Parsing JSON text with positions: a syntax error names the line and column, and `__proto__` keys are kept as
 * plain data (never touching any prototype).
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from './model/diagnostic';
import type { Position, Range } from './model/request';

/** Maps character offsets of one text to 1-based line/column positions. */
export interface LineMap {
  position(offset: number): Position;
  range(offset: number, length: number): Range;
}

/** Builds a LineMap for a text (binary search over line starts): build once, then look up many offsets. */
export function lineMap(text: string): LineMap {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const position = (offset: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
  return { position, range: (offset, length) => ({ start: position(offset), end: position(offset + length) }) };
}

/** Converts a character offset into a 1-based line and column (for a single lookup). */
export function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The deepest nesting of objects and arrays accepted in JSON text. Real inputs stay far below it (a policy nests about
 * 6 levels, a CloudFormation template about 20, a workspace about 12); the parsers and every walk over their trees
 * recurse once per level, so a bound checked before parsing keeps a hostile file from exhausting the stack. It is the
 * same bound the YAML reader applies (cfn-parse MAX_YAML_DEPTH).
 */
/**
 * Where the JSON string whose opening quote is at `open` ends: the index of its closing quote (past the text's end
 * when it is not closed), and whether it holds an escape (then its value needs JSON.parse).
 */
export function jsonStringEnd(text: string, open: number): { end: number; escaped: boolean } {
  const n = text.length;
  let escaped = false;
  let i = open + 1;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 92 /* \ */) {
      escaped = true;
      i += 2;
    } else if (d === 34 /* " */) break;
    else i++;
  }
  return { end: i, escaped };
}

export const MAX_JSON_DEPTH = 256;

/** Where a text first nests deeper than allowed: the offset of the opening bracket and the JSON path to it. */
export interface TooDeep {
  offset: number;
  path: (string | number)[];
}

/**
 * Finds the first `{` or `[` that opens level `maxDepth + 1`, in one pass without recursion (strings are skipped, so
 * brackets inside them do not count). Null when the text stays within the bound. Works on any text: malformed JSON
 * is left for the parser to report.
 */
export function findTooDeep(text: string, maxDepth: number = MAX_JSON_DEPTH): TooDeep | null {
  // One frame per open container: arrays count their elements, objects remember the key being read.
  const kinds: number[] = []; // 0 = object, 1 = array
  const slots: (string | number | undefined)[] = [];
  const expectKey: boolean[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \\ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      const top = kinds.length - 1;
      if (top >= 0 && kinds[top] === 0 && expectKey[top]) {
        const raw = text.slice(start, Math.min(i + 1, n));
        let key: string;
        try {
          key = JSON.parse(raw) as string;
        } catch {
          key = raw.slice(1, -1);
        }
        slots[top] = key;
        expectKey[top] = false;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (kinds.length >= maxDepth) {
        const path: (string | number)[] = [];
        for (const s of slots) if (s !== undefined) path.push(s);
        return { offset: i, path };
      }
      kinds.push(c === 123 ? 0 : 1);
      slots.push(c === 123 ? undefined : 0);
      expectKey.push(c === 123);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      kinds.pop();
      slots.pop();
      expectKey.pop();
    } else if (c === 44 /* , */) {
      const top = kinds.length - 1;
      if (top < 0) continue;
      if (kinds[top] === 1) slots[top] = (slots[top] as number) + 1;
      else {
        slots[top] = undefined;
        expectKey[top] = true;
      }
    }
  }
  return null;
}

/**
 * The same bound for a value already in memory (a request or identity handed over by code rather than read from a
 * text): the path to the first object or array below level `maxDepth`, found without recursion; null when within it.
 */
export function findTooDeepValue(value: unknown, maxDepth: number = MAX_JSON_DEPTH): (string | number)[] | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  // A shared (or cyclic) object is walked again only when reached deeper than before: at most maxDepth times each.
  const deepest = new Map<object, number>();
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= maxDepth) return path;
    if ((deepest.get(v) ?? -1) >= path.length) continue;
    deepest.set(v, path.length);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
  }
  return null;
}

/** A long JSON path shortened for a message: its first segments, then how many levels follow. */
export function shortJsonPath(path: (string | number)[], keep = 8): string {
  if (path.length <= keep) return formatJsonPath(path);
  return `${formatJsonPath(path.slice(0, keep))}… (${path.length - keep} more levels)`;
}

/** The message for a text that nests too deeply, the same wherever it is read. */
export function tooDeepMessage(maxDepth: number = MAX_JSON_DEPTH): string {
  return `nested too deeply (more than ${maxDepth} levels of objects and arrays inside each other) here; Rolecall refuses such input before reading it`;
}

/** Builds the value of a parse-tree node; a `__proto__` key becomes an own data property, never a prototype change. */
function nodeToValue(node: Node | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        Object.defineProperty(out, String(keyNode.value), {
          value: nodeToValue(valueNode),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    default:
      return node.value;
  }
}

/** Strict JSON parse (no comments, no trailing commas) with a positioned error. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; errors: Diagnostic[] } {
  const deep = findTooDeep(text);
  if (deep) {
    const start = offsetToPosition(text, deep.offset);
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'json.too-deep',
          message: `the JSON is ${tooDeepMessage()}`,
          path: shortJsonPath(deep.path),
          range: { start, end: { line: start.line, column: start.column + 1 } },
        },
      ],
    };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  if (errors.length > 0) {
    return {
      ok: false,
      errors: errors.map((e) => {
        const start = offsetToPosition(text, e.offset);
        return {
          severity: 'error',
          code: 'json.syntax',
          message: `invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`,
          path: '',
          range: { start, end: offsetToPosition(text, e.offset + e.length) },
        } satisfies Diagnostic;
      }),
    };
  }
  return { ok: true, value: nodeToValue(tree) };
}

function describeParseError(code: string): string {
  // jsonc-parser's codes are CamelCase identifiers; turn them into words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The 1-based position of the value at a JSON path (e.g. [3, 'action']) in a text, when it exists. */
export function locateJsonPath(text: string, path: (string | number)[]): Position | undefined {
  if (findTooDeep(text)) return undefined;
  const tree = parseTree(text);
  if (!tree) return undefined;
  let node: Node | undefined = tree;
  let best: Node | undefined = tree;
  for (const segment of path) {
    node = findChild(node, segment);
    if (!node) break;
    best = node;
  }
  return best ? offsetToPosition(text, best.offset) : undefined;
}

function findChild(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      if (prop.children?.[0]?.value === String(segment)) return prop.children[1];
    }
  }
  return undefined;
}

/**
 * Renders a JSON path like `[3].identity.claims["cognito:groups"]`: the one style of every path the engine prints
 * (diagnostics, validation, the policy tree). A name that is an identifier follows a dot, any other name is quoted in
 * brackets, an index is in brackets.
 */
export function formatJsonPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(appendJsonPath, '');
}

/** Appends one name or index to a path printed by `formatJsonPath` (`Statement[0]` + `Condition`). */
export function appendJsonPath(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
  return path ? `${path}.${segment}` : segment;
}
