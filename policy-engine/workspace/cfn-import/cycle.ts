/**
 * The circular-dependency check CloudFormation makes before a deploy ("Circular dependency between resources"), over
 * the references between resources: Ref, Fn::GetAtt, ${…} in Fn::Sub and DependsOn.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
 */
import { isObj } from '../../guards';

/** Every logical id a value refers to (Ref, Fn::GetAtt, ${…} in Fn::Sub), for the circular-dependency check. */
export function referencesOf(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) referencesOf(x, out);
    return;
  }
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'Ref' && typeof x === 'string') out.add(x);
    else if (k === 'Fn::GetAtt') {
      if (typeof x === 'string') out.add(x.split('.')[0]);
      else if (Array.isArray(x) && typeof x[0] === 'string') out.add(x[0]);
    } else if (k === 'Fn::Sub') {
      const text = Array.isArray(x) ? x[0] : x;
      if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) out.add(m[1].trim());
      if (Array.isArray(x)) referencesOf(x[1], out);
      continue;
    }
    referencesOf(x, out);
  }
}

/**
 * A circular dependency between resources, as CloudFormation refuses it ("Circular dependency between resources"):
 * the logical ids of one cycle, or null. Edges: Ref, Fn::GetAtt, Fn::Sub and DependsOn between resources.
 */
export function findCycle(resources: Record<string, unknown>): string[] | null {
  const ids = Object.keys(resources);
  const edges = new Map<string, string[]>();
  for (const id of ids) {
    const r = resources[id];
    const refs = new Set<string>();
    if (isObj(r)) {
      referencesOf(r.Properties, refs);
      const dep = r.DependsOn;
      for (const d of Array.isArray(dep) ? dep : [dep]) if (typeof d === 'string') refs.add(d);
    }
    edges.set(
      id,
      [...refs].filter((x) => Object.prototype.hasOwnProperty.call(resources, x)),
    );
  }
  // Depth-first search with an explicit stack (a chain of thousands of resources must not exhaust the call stack):
  // 1 = on the current path, 2 = done. A reference to a resource on the current path closes a cycle.
  const state = new Map<string, 1 | 2>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const id = path[path.length - 1];
      const out = edges.get(id) ?? [];
      const k = next[next.length - 1]++;
      if (k >= out.length) {
        state.set(id, 2);
        path.pop();
        next.pop();
        continue;
      }
      const to = out[k];
      const s = state.get(to);
      if (s === 1) return path.slice(path.indexOf(to));
      if (s === undefined) {
        state.set(to, 1);
        path.push(to);
        next.push(0);
      }
    }
  }
  return null;
}
