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

/** Builds the value of a parse-tree node; a `__proto__` key becomes an own data property, never a prototype change. */
export function nodeToValue(node: Node | undefined): unknown {
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

/** Renders a JSON path like `[3].identity.claims["cognito:groups"]`. */
export function formatJsonPath(path: (string | number)[]): string {
  return path
    .map((s, i) =>
      typeof s === 'number'
        ? `[${s}]`
        : /^[A-Za-z_$][\w$]*$/.test(s)
          ? i === 0
            ? s
            : `.${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join('');
}
