/**
 * Small helpers over jsonc-parser's syntax tree: offsets → 1-based line/column ranges, property lookup that never
 * touches an object's prototype, and JSON paths for diagnostics.
 */
import type { Node } from 'jsonc-parser';
import { appendJsonPath } from '../json-text';

export { lineMap, type LineMap } from '../json-text';

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
  return appendJsonPath(path, name);
}

/** The JSON type name of a node as a user would say it. */
export function nodeKind(node: Node): string {
  return node.type === 'null' ? 'null' : node.type;
}
