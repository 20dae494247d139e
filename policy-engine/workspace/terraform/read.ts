/**
 * Reading a `terraform show -json` document into resource instances: the modules' resources with their values, the
 * plan's `after_unknown` and the configuration's expressions of each.
 * JSON output format: https://developer.hashicorp.com/terraform/internals/json-format
 */
import type { PathSegments } from '../json-source';
import { isObj, hasOwn as own, valueAt as at } from '../../guards';

/** The value at a path of plain data (guards' valueAt). */
export { at };

/** One resource instance of the plan or state. */
export interface TfResource {
  address: string;
  type: string;
  /** The module path (`module.a.module.b.`, empty for the root module). */
  modulePrefix: string;
  values: Record<string, unknown>;
  /** JSON path of `values` in the file. */
  valuesPath: PathSegments;
  /** The plan's after_unknown for it and its JSON path. */
  unknown?: unknown;
  unknownPath?: PathSegments;
  /** The plan's configuration expressions of the resource. */
  expressions?: Record<string, unknown>;
}

/** Whether after_unknown marks a path (or one of its prefixes) as known only after apply. */
export function unknownAt(tree: unknown, path: PathSegments): boolean {
  let cur = tree;
  for (const seg of path) {
    if (cur === true) return true;
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string' && own(cur, seg)) cur = cur[seg];
    else return false;
  }
  return cur === true;
}

/** Whether the plan marks a path of a resource as known only after apply. */
export function isUnknown(r: TfResource, path: PathSegments): boolean {
  return r.unknown !== undefined && unknownAt(r.unknown, path);
}

/** A JSON string or a string list, as Terraform prints a set or list of strings. */
export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** The first element of a nested block (Terraform prints a block with max_items 1 as a one-element list). */
export function block(v: unknown): Record<string, unknown> | undefined {
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return isObj(first) ? first : undefined;
}

/** A map attribute (tags, login providers) with its values as strings. */
export function stringMap(v: unknown): Record<string, string> | undefined {
  return isObj(v) && Object.keys(v).length
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]))
    : undefined;
}

type Change = { unknown: unknown; path: PathSegments };

/** The plan's changes (after_unknown) by address. */
function readChanges(doc: Record<string, unknown>): Map<string, Change> {
  const changes = new Map<string, Change>();
  if (Array.isArray(doc.resource_changes))
    doc.resource_changes.forEach((c, i) => {
      if (isObj(c) && typeof c.address === 'string' && isObj(c.change))
        changes.set(c.address, {
          unknown: c.change.after_unknown,
          path: ['resource_changes', i, 'change', 'after_unknown'],
        });
    });
  return changes;
}

/** The plan configuration's expressions by address (module calls prefixed `module.NAME.`). */
function readConfig(doc: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const config = new Map<string, Record<string, unknown>>();
  const walkConfig = (mod: unknown, prefix: string, depth: number): void => {
    if (!isObj(mod) || depth > 50) return;
    if (Array.isArray(mod.resources))
      for (const r of mod.resources)
        if (isObj(r) && typeof r.address === 'string' && isObj(r.expressions))
          config.set(prefix + r.address, r.expressions);
    if (isObj(mod.module_calls))
      for (const [name, call] of Object.entries(mod.module_calls))
        if (isObj(call)) walkConfig(call.module, `${prefix}module.${name}.`, depth + 1);
  };
  walkConfig(at(doc, ['configuration', 'root_module']), '', 0);
  return config;
}

/**
 * Every resource instance of the root module and its child modules (data sources create nothing and are left out),
 * each with its plan change and configuration expressions. A malformed module is reported through `error`.
 */
export function readResources(
  doc: Record<string, unknown>,
  root: { module: Record<string, unknown>; path: PathSegments },
  error: (path: PathSegments, message: string) => void,
): TfResource[] {
  const changes = readChanges(doc);
  const config = readConfig(doc);
  const resources: TfResource[] = [];
  const instance = (r: Record<string, unknown> & { address: string; type: string }, p: PathSegments): TfResource => {
    const change = changes.get(r.address);
    const configAddress = r.address.replace(/\[[^\]]*\]/g, '');
    return {
      address: r.address,
      type: r.type,
      modulePrefix: /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(r.address)?.[1] ?? '',
      values: isObj(r.values) ? r.values : {},
      valuesPath: [...p, 'values'],
      ...(change ? { unknown: change.unknown, unknownPath: change.path } : {}),
      ...(config.has(configAddress) ? { expressions: config.get(configAddress) } : {}),
    };
  };
  const walk = (mod: Record<string, unknown>, path: PathSegments, depth: number): void => {
    if (depth > 50) return;
    if (mod.resources !== undefined && !Array.isArray(mod.resources)) {
      error([...path, 'resources'], 'resources must be a list');
      return;
    }
    (Array.isArray(mod.resources) ? mod.resources : []).forEach((r, i) => {
      const p = [...path, 'resources', i];
      if (!isObj(r) || typeof r.address !== 'string' || typeof r.type !== 'string') {
        error(p, 'each resource needs an address and a type (terraform show -json output)');
        return;
      }
      if (r.mode !== 'data') resources.push(instance(r as Parameters<typeof instance>[0], p));
    });
    if (mod.child_modules !== undefined && !Array.isArray(mod.child_modules)) {
      error([...path, 'child_modules'], 'child_modules must be a list of modules');
      return;
    }
    (Array.isArray(mod.child_modules) ? mod.child_modules : []).forEach((m, j) => {
      if (isObj(m)) walk(m, [...path, 'child_modules', j], depth + 1);
      else error([...path, 'child_modules', j], 'a child module must be an object');
    });
  };
  walk(root.module, root.path, 0);
  return resources;
}
