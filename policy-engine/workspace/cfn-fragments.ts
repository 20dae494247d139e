/**
 * Template fragments imported together as one template: Serverless resources files (each holding `Resources:` /
 * `Outputs:`, or the same under a `resources:` key, as written in serverless.yml) imported without the serverless.yml
 * that lists them, or any CloudFormation files split by hand. Serverless deploys every part of `resources` into the
 * service's one CloudFormation stack (https://www.serverless.com/framework/docs/guides/resources), so a part may Ref
 * or Fn::GetAtt a logical id another part defines; alone, such a file is no valid template (CloudFormation refuses a
 * Ref or Fn::GetAtt of a logical id the template does not declare:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html).
 *
 * So: files (without a CDK manifest's stack) that refer to a logical id they do not define, and the files that define
 * it, are merged into one template, as CloudFormation would see it. Each entry keeps its own file and line (its
 * `locate` answers in the file that wrote it). A logical id is unique within a template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html): one defined in
 * two of the files merged is an error naming both files and lines, and only the first is imported.
 */
import type { Position } from '../model/request';
import type { ParsedTemplate } from './cfn-parse';
import type { TemplateInput } from './cfn-stacks';
import { diag, formatPath } from './json-source';
import type { InFile, PathSegments } from './json-source';
import type { Acc } from './merge';
import { hasOwn, isObj } from '../guards';
import { noteResourceFiles } from './serverless';

/** The sections whose entries are named by logical id (and merged entry by entry). */
const NAMED = ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs', 'Rules', 'Metadata'] as const;
/** The sections a Ref, Fn::GetAtt, DependsOn, Condition or Fn::FindInMap can name. */
const DEFINING = ['Parameters', 'Mappings', 'Conditions', 'Resources'] as const;
const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/**
 * A Serverless resources file written with its serverless.yml key (`resources:` holding `Resources:` / `Outputs:`),
 * as the template inside it; null for any other shape.
 */
export function unwrapResourcesKey(parsed: ParsedTemplate): ParsedTemplate | null {
  const v = parsed.value;
  if (!isObj(v) || Object.keys(v).length !== 1 || !isObj(v.resources)) return null;
  const inner = v.resources;
  if (!isObj(inner.Resources) || !Object.values(inner.Resources).some((r) => isObj(r) && typeof r.Type === 'string'))
    return null;
  return { value: inner, locate: (p) => parsed.locate(['resources', ...p]) };
}

/** The logical ids a template refers to, each with the first path that does (pseudo parameters left out). */
function referenced(value: unknown): Map<string, PathSegments> {
  const out = new Map<string, PathSegments>();
  const add = (id: unknown, path: PathSegments) => {
    if (typeof id === 'string' && LOGICAL_ID.test(id) && !out.has(id)) out.set(id, path);
  };
  const walk = (v: unknown, path: PathSegments, depth: number): void => {
    if (depth > 80) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i], depth + 1));
      return;
    }
    if (!isObj(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const at = [...path, k];
      if (k === 'Ref') add(x, at);
      else if (k === 'Fn::GetAtt')
        add(Array.isArray(x) ? x[0] : typeof x === 'string' ? x.split('.')[0] : undefined, at);
      else if (k === 'Fn::FindInMap' && Array.isArray(x)) add(x[0], at);
      else if (k === 'Fn::If' && Array.isArray(x)) add(x[0], at);
      else if (k === 'Condition' && typeof x === 'string') add(x, at);
      else if (k === 'DependsOn') for (const d of Array.isArray(x) ? x : [x]) add(d, at);
      else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(x) ? [x[0], x[1]] : [x, undefined];
        if (typeof text === 'string')
          for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = m[1].split('.')[0].trim();
            if (!(isObj(vars) && hasOwn(vars, name))) add(name, at);
          }
      }
      walk(x, at, depth + 1);
    }
  };
  walk(value, [], 0);
  return out;
}

/** The logical ids a template defines (in the sections a reference can name). */
function defined(value: unknown): Set<string> {
  const out = new Set<string>();
  if (!isObj(value)) return out;
  for (const s of DEFINING) if (isObj(value[s])) for (const id of Object.keys(value[s])) out.add(id);
  return out;
}

function where(input: TemplateInput, path: PathSegments): string {
  const pos = input.parsed.locate(path);
  return `${input.file}${pos ? `:${pos.line}:${pos.column}` : ''}`;
}

/** The groups of inputs that refer to each other's logical ids (each group in import order; singletons left out). */
function groups(inputs: TemplateInput[]): { members: TemplateInput[]; links: string[] }[] {
  const candidates = inputs.filter((i) => !i.stack && isObj(i.parsed.value));
  if (candidates.length < 2) return [];
  const defs = candidates.map((i) => defined(i.parsed.value));
  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const links = new Map<number, string[]>();
  candidates.forEach((input, a) => {
    for (const [id, path] of referenced(input.parsed.value)) {
      if (defs[a].has(id)) continue;
      candidates.forEach((other, b) => {
        if (b === a || !defs[b].has(id)) return;
        parent[find(a)] = find(b);
        const link = `${where(input, path)} (${formatPath(path)}) names ${id}, defined in ${other.file}`;
        links.set(a, [...(links.get(a) ?? []), link]);
      });
    }
  });
  const byRoot = new Map<number, number[]>();
  candidates.forEach((_, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), i]));
  return [...byRoot.values()]
    .filter((m) => m.length > 1)
    .map((m) => ({ members: m.map((i) => candidates[i]), links: m.flatMap((i) => links.get(i) ?? []) }));
}

/** One template made of `members`: each named entry keeps the file (and path) it was written at. */
function merge(acc: Acc, members: TemplateInput[]): TemplateInput {
  const first = members[0];
  const value: Record<string, unknown> = {};
  /** `SECTION\u0000ID` (or `SECTION` for a top-level value) → the member that wrote it. */
  const owner = new Map<string, TemplateInput>();
  for (const m of members) {
    const v = m.parsed.value as Record<string, unknown>;
    for (const [key, x] of Object.entries(v)) {
      if (!(NAMED as readonly string[]).includes(key) || !isObj(x)) {
        if (!hasOwn(value, key)) {
          value[key] = x;
          owner.set(key, m);
        }
        continue;
      }
      const section = (value[key] ??= {}) as Record<string, unknown>;
      if (!owner.has(key)) owner.set(key, m);
      for (const [id, entry] of Object.entries(x)) {
        const was = owner.get(`${key}\u0000${id}`);
        if (was) {
          const path = [key, id];
          const pos = m.parsed.locate(path);
          acc.report.errors.push(
            diag(
              'template.duplicate-logical-id',
              `${key}.${id} is defined in both ${where(was, path)} and ${where(m, path)}; these files are read as one template (they refer to each other's logical ids, as the parts of a Serverless service's resources do), where a logical id must be unique: the one in ${m.file} is not imported — rename one of them`,
              { file: m.file, path, range: pos ? { start: pos, end: pos } : undefined },
            ),
          );
          continue;
        }
        Object.defineProperty(section, id, { value: entry, enumerable: true, writable: true, configurable: true });
        owner.set(`${key}\u0000${id}`, m);
      }
    }
  }
  const locate = (p: PathSegments): Position | InFile | undefined => {
    const [section, id] = p;
    const m =
      (typeof id === 'string' ? owner.get(`${String(section)}\u0000${id}`) : undefined) ??
      (section !== undefined ? owner.get(String(section)) : undefined) ??
      first;
    const pos = m.parsed.locate(p);
    return pos && m !== first ? { line: pos.line, column: pos.column, file: m.file } : pos;
  };
  const parsed: ParsedTemplate = { value, locate };
  noteResourceFiles(parsed, (id) => owner.get(`Resources\u0000${id}`)?.file);
  return { file: first.file, parsed, items: first.items };
}

/** The provenance key of a loaded-report item of a template (see cfn-import.ts), to find the file it came from. */
function itemKeys(item: string): string[] {
  return [item, item.replace(/^policy of /, 'policy:'), `${item.replace(/^roles of /, '')}#roles`];
}

/**
 * The inputs with every group of fragments that refer to each other merged into one template (at the place of the
 * group's first file); the report says which files were read together and why. `placeItems`, run once provenance is
 * final, moves each imported item to the loaded-report entry of the file that defines it.
 */
export function mergeFragments(
  acc: Acc,
  inputs: TemplateInput[],
  itemsOf: (file: string) => string[] | undefined,
): { inputs: TemplateInput[]; placeItems: () => void } {
  const found = groups(inputs);
  if (found.length === 0) return { inputs, placeItems: () => undefined };
  const mergedOf = new Map<TemplateInput, TemplateInput | null>();
  for (const g of found) {
    const merged = merge(acc, g.members);
    g.members.forEach((m, i) => mergedOf.set(m, i === 0 ? merged : null));
    acc.report.inferred.push(
      `${g.members.map((m) => m.file).join(', ')}: read as one template, as Serverless deploys the parts of a service's resources as one stack (${g.links.join('; ')})`,
    );
  }
  const out: TemplateInput[] = [];
  for (const i of inputs) {
    const m = mergedOf.get(i);
    if (m === undefined) out.push(i);
    else if (m) out.push(m);
  }
  const placeItems = () => {
    const sources = acc.ws.sources ?? {};
    for (const g of found) {
      const first = g.members[0];
      const files = new Set(g.members.map((m) => m.file));
      const kept: string[] = [];
      for (const item of first.items) {
        const file = itemKeys(item)
          .map((k) => (hasOwn(sources, k) ? sources[k].file : undefined))
          .find((f) => f !== undefined && files.has(f));
        const target = file && file !== first.file ? itemsOf(file) : undefined;
        (target ?? kept).push(item);
      }
      first.items.splice(0, first.items.length, ...kept);
    }
  };
  return { inputs: out, placeItems };
}
