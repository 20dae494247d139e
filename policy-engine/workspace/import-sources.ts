/**
 * Positions of an imported workspace's policies in the files the user imported (a CloudFormation / CDK template, a
 * Terraform plan or state, an AWS CLI export), so an explanation cites the user's own file, never Rolecall's generated
 * workspace. The importer records where each entity starts (`workspace.sources`); from there:
 * - a template entity (it has a logical id): the document's path in the template (workspace/template-paths, the same
 *   lookup the audit's template positions use);
 * - any other JSON file: the document found by its content under the entity's node (an object equal to it, or a JSON
 *   string holding it).
 * A document written there as the same JSON object gets the file's own slice (source-map's objectSource: the text is
 * the file's, numbered with its lines). Otherwise (YAML, intrinsic functions, a JSON string of a plan) the text is
 * Rolecall's JSON of the document, and each of its positions maps to the closest place of the same JSON path in the
 * file: the statement, the condition key, the action.
 */
import { findNodeAtOffset, getNodePath, parseTree, type Node } from 'jsonc-parser';
import type { Position } from '../model/request';
import type { PolicyInput, SourceLocation, Workspace } from '../model/workspace';
import { policyText } from '../policy/parse';
import { lineMap } from '../json-text';
import { hasOwn as own, isObj } from '../guards';
import { parseTemplate, type ParsedTemplate } from './cfn-parse';
import { unwrapResourcesKey } from './cfn-fragments';
import { policyDocuments, type PolicyDocument } from './policy-documents';
import { lineStarts, literalOffsets, objectSource, sameJson, stringSource, type PolicySource } from './source-map';
import { locateClosest, templatePath, type Path } from './template-paths';

/** One imported file, parsed at most once. */
interface FileInfo {
  text: string;
  lines: ReturnType<typeof lineMap>;
  template: ParsedTemplate | null | undefined;
  tree: Node | null | undefined;
  /** Where each line starts, computed on the first JSON-file lookup. */
  starts: number[] | undefined;
}

/**
 * The imported files as parsed, per `texts` object: the app prepares every draft of an import with the same texts, so
 * each file is parsed once, not once per draft.
 */
const parsedFiles = new WeakMap<Record<string, string>, Map<string, FileInfo | null>>();

/**
 * The provenance record of a policy document (`workspace.sources`): its own (a Terraform policy attribute, keyed by
 * policy id), its bucket or table policy's (importers key an AWS::S3::BucketPolicy `policy:ARN`), or its owner's.
 */
export function sourceRecordOf(
  ws: Workspace,
  d: { policyId: string; owner: { kind: string; arn: string } },
): SourceLocation | undefined {
  const sources = ws.sources && typeof ws.sources === 'object' ? ws.sources : undefined;
  if (!sources) return undefined;
  const keys = [
    d.policyId,
    ...(d.owner.kind === 'resourcePolicy' ? [`policy:${d.owner.arn}`, d.owner.arn] : [d.owner.arn]),
  ];
  const key = keys.find((k) => own(sources, k));
  return key === undefined ? undefined : sources[key];
}

/** The provenance record of a document, when it names a file. */
function sourceOf(ws: Workspace, d: PolicyDocument): SourceLocation | undefined {
  const src = sourceRecordOf(ws, d);
  return src && typeof src.file === 'string' ? src : undefined;
}

/** The offset of a 1-based position in a text (clamped to it). */
function offsetOf(starts: number[], length: number, p: Position): number {
  const line = Math.min(Math.max(p.line - 1, 0), starts.length - 1);
  return Math.min(starts[line] + Math.max(p.column - 1, 0), length);
}

/**
 * A document whose text is Rolecall's JSON of it: a position maps to where the same JSON path (or its closest
 * existing prefix) is in the file. `locate([])` is the document itself.
 */
function pathSource(
  input: PolicyInput,
  file: string,
  writtenAs: string,
  locate: (path: Path) => Position | undefined,
): PolicySource | undefined {
  const origin = locate([]);
  if (!origin) return undefined;
  const text = policyText(input);
  const tree = parseTree(text);
  const starts = lineStarts(text);
  return {
    file,
    text,
    ownLines: true,
    origin: { ...origin, writtenAs },
    toFile: (p) => {
      const node = tree ? findNodeAtOffset(tree, offsetOf(starts, text.length, p), true) : undefined;
      return (node && locate(getNodePath(node))) ?? origin;
    },
  };
}

/** The deepest node at `path` under `root` (or its closest existing prefix); a property's value answers with its key. */
function nodeAt(root: Node, path: Path): Node {
  let node = root;
  for (const seg of path) {
    let next: Node | undefined;
    if (node.type === 'object' && typeof seg === 'string')
      next = node.children?.find((c) => c.children?.[0]?.value === seg)?.children?.[1];
    else if (node.type === 'array' && typeof seg === 'number') next = node.children?.[seg];
    if (!next) break;
    node = next;
  }
  return node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node;
}

/** A document inside a CloudFormation / CDK template. */
function templateSource(f: FileInfo, file: string, d: PolicyDocument, logicalId: string): PolicySource | undefined {
  const t = f.template;
  if (!t) return undefined;
  const path = templatePath(t, { kind: d.owner.kind, policyType: d.policyType, policyId: d.policyId }, logicalId);
  if (!path) return undefined;
  if (f.tree) {
    // A JSON template holding the document as it is (no intrinsic function in it): the template's own slice.
    const node = nodeAt(f.tree, path);
    const value = node.type === 'property' ? node.children?.[1] : node;
    if (value?.type === 'object' && sameJson(f.text.slice(value.offset, value.offset + value.length), d.input))
      return objectSource(f.text, file, value, f.lines);
  }
  const writtenAs = f.tree ? 'the template' : 'the YAML template';
  return pathSource(d.input, file, writtenAs, (rel) => locateClosest(t, [...path, ...rel]));
}

/** The first node under `root` (breadth first) that holds the document: the same object, or a JSON string of it. */
function findDocument(text: string, root: Node, input: unknown): Node | undefined {
  const queue: Node[] = [root];
  for (let i = 0; i < queue.length && i < 100_000; i++) {
    const n = queue[i];
    if (n.type === 'object' && sameJson(text.slice(n.offset, n.offset + n.length), input)) return n;
    if (n.type === 'string' && typeof n.value === 'string' && n.parent?.children?.[0] !== n) {
      if (n.value === input || (typeof input !== 'string' && sameJson(n.value, input))) return n;
    }
    queue.push(...(n.children ?? []));
  }
  return undefined;
}

/** A document inside a JSON file that is not a template (a Terraform plan or state, an AWS CLI export). */
function jsonFileSource(f: FileInfo, file: string, d: PolicyDocument, at: SourceLocation): PolicySource | undefined {
  if (!f.tree || at.line === undefined) return undefined;
  f.starts ??= lineStarts(f.text);
  const start = offsetOf(f.starts, f.text.length, { line: at.line, column: at.column ?? 1 });
  let entity = findNodeAtOffset(f.tree, start, false) ?? f.tree;
  // The record points at an entity (its `{`) or a property (its key): search that object, or that property's value.
  if (entity.parent?.type === 'property') entity = entity.parent.children?.[1] ?? entity;
  const node = findDocument(f.text, entity, d.input);
  if (!node) return undefined;
  if (node.type === 'object') return objectSource(f.text, file, node, f.lines);
  const value = node.value as string;
  // The workspace holds the same string: its value, as a workspace file's JSON string is shown (source-map).
  if (d.input === value) return stringSource(f.text, file, { ...node, value }, f.lines);
  // The workspace holds the document the string encodes (a plan's jsonencode): Rolecall's JSON of it, each position
  // mapped to the same path inside the string and through the literal's escapes onto its line.
  const raw = f.text.slice(node.offset, node.offset + node.length);
  const offsets = literalOffsets(raw);
  const inner = parseTree(value);
  if (!offsets || !inner) return undefined;
  const innerPosition = (n: Node) => f.lines.position(node.offset + offsets[Math.min(n.offset, offsets.length - 1)]);
  return pathSource(d.input, file, 'a JSON string', (rel) => innerPosition(nodeAt(inner, rel)));
}

/**
 * The source of every policy document of an imported workspace found in the imported files (`texts`: file name as
 * `workspace.sources` names it → its text), by policy id. With `original` (the workspace as imported, or a test of
 * whether a document is its imported version, as the CLI makes from importNotes.policyDigests), a document that
 * differs from its imported version (an edit) is left out: the file does not hold it.
 */
export function importedPolicySources(
  ws: Workspace,
  texts: Record<string, string>,
  original?: Workspace | ((policyId: string, input: PolicyInput) => boolean),
): Map<string, PolicySource> {
  const out = new Map<string, PolicySource>();
  if (!ws.sources || Object.keys(texts).length === 0) return out;
  const before =
    original && typeof original === 'object'
      ? new Map(policyDocuments(original).map((d) => [d.policyId, JSON.stringify(d.input)]))
      : undefined;
  const unchanged =
    typeof original === 'function'
      ? original
      : before
        ? (policyId: string, input: PolicyInput) => before.get(policyId) === JSON.stringify(input)
        : undefined;
  const files = parsedFiles.get(texts) ?? new Map<string, FileInfo | null>();
  parsedFiles.set(texts, files);
  const fileOf = (name: string): FileInfo | null => {
    if (!files.has(name)) {
      const raw = own(texts, name) ? texts[name] : undefined;
      const text = raw !== undefined && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      files.set(
        name,
        text === undefined
          ? null
          : { text, lines: lineMap(text), template: undefined, tree: undefined, starts: undefined },
      );
    }
    return files.get(name) ?? null;
  };
  for (const d of policyDocuments(ws)) {
    if (unchanged && !unchanged(d.policyId, d.input)) continue;
    const at = sourceOf(ws, d);
    const f = at ? fileOf(at.file) : null;
    if (!at || !f) continue;
    if (f.tree === undefined) f.tree = /^\s*[{[]/.test(f.text) ? (parseTree(f.text) ?? null) : null;
    let src: PolicySource | undefined;
    if (at.logicalId) {
      if (f.template === undefined) {
        const r = parseTemplate(f.text, at.file);
        // A Serverless resources file written with its serverless.yml key (`resources:` holding `Resources:`).
        f.template = r.ok && isObj(r.value.value) ? (unwrapResourcesKey(r.value) ?? r.value) : null;
      }
      src = templateSource(f, at.file, d, at.logicalId);
    } else src = jsonFileSource(f, at.file, d, at);
    if (src) out.set(d.policyId, src);
  }
  return out;
}
