/**
 * Small helpers over jsonc-parser's syntax tree: offsets → 1-based line/column ranges, property lookup that never
 * touches an object's prototype, and JSON paths for diagnostics.
 */
import type { Node } from 'jsonc-parser';
import type { Position, Range } from '../model/request';

/** Maps character offsets of one text to 1-based line/column positions. */
export interface LineMap {
  position(offset: number): Position;
  range(offset: number, length: number): Range;
}

/** Builds a LineMap for a text (binary search over line starts). */
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

/** The properties of an object node as [name, value node, property node] triples, in document order. */
export function properties(node: Node): { name: string; value: Node; prop: Node }[] {
  const out: { name: string; value: Node; prop: Node }[] = [];
  if (node.type !== 'object' || !node.children) return out;
  for (const prop of node.children) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode || typeof keyNode.value !== 'string') continue;
    out.push({ name: keyNode.value, value: valueNode, prop });
  }
  return out;
}

/** Appends a property name to a JSON path: `Statement[0].Condition` + `StringLike` (quoted when not an identifier). */
export function childPath(path: string, name: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(name) && !name.includes('-') ? name : JSON.stringify(name);
  if (safe.startsWith('"')) return `${path}[${safe}]`;
  return path ? `${path}.${safe}` : safe;
}

/** The JSON type name of a node as a user would say it. */
export function nodeKind(node: Node): string {
  return node.type === 'null' ? 'null' : node.type;
}
