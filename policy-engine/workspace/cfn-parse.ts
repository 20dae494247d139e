/**
 * Reads a CloudFormation template (JSON or YAML) into plain data with the short intrinsic forms (`!Ref`, `!GetAtt`,
 * `!Sub`, …) turned into their long forms (`{ "Ref": … }`, `{ "Fn::GetAtt": … }`), plus a locator from a JSON path to
 * the line/column it came from, for provenance and errors.
 * Short forms: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Diagnostic, Result } from '../model/diagnostic';
import type { Position } from '../model/request';
import { offsetToPosition, shortJsonPath } from '../json-text';
import { diag, MAX_INPUT_CHARS, parseJsonSource, rangeAt } from './json-source';
import type { PathSegments } from './json-source';

/** A parsed template: its data and where each path came from. */
export interface ParsedTemplate {
  value: unknown;
  locate(path: PathSegments): Position | undefined;
}

/** Short tag → long function name. `!Ref` and `!Condition` keep their own names. */
const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** yaml custom tags that keep the node (and its tag) as it is; conversion happens in `toData`. */
const customTags = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (s: string) => s },
  { tag, collection: 'seq' as const, resolve: (n: unknown) => n },
  { tag, collection: 'map' as const, resolve: (n: unknown) => n },
]);

/** The map key of a path: segments joined with a separator no YAML key is likely to hold, built incrementally. */
const SEP = '\u0000';
function key(path: PathSegments): string {
  let k = '';
  for (const seg of path) k += SEP + String(seg);
  return k;
}

/** How many nodes aliases may add in all: enough for any real use, far too few for a "billion laughs" bomb. */
export const MAX_ALIAS_NODES = 100_000;
/**
 * How many characters of scalars aliases may add in all. A few aliases of one long string would otherwise turn a
 * small template into a huge workspace (a 172 KB template imported as 188 MB).
 */
export const MAX_ALIAS_CHARS = 4 * 1024 * 1024;
/** How many aliases one template may hold (CloudFormation itself accepts none; SAM and `package` expand a few). */
export const MAX_ALIASES = 10_000;
/**
 * The deepest nesting a YAML template may have: flow collections (`[`, `{`) open at once, or block indicators (`-`,
 * `?`, `:`) on one line. Real templates stay under 30; the YAML parser's memory grows ~2.6 KB per level, so a deeply
 * nested input is refused before it is parsed.
 */
export const MAX_YAML_DEPTH = 256;
/** The largest YAML template (characters): YAML costs far more to parse than JSON. */
export const MAX_YAML_CHARS = 8 * 1024 * 1024;

/**
 * Checks a YAML text's nesting with the YAML library's own lexer (so quoting and comments are read exactly as the
 * parser reads them) before the parser builds anything. Linear in the text, constant memory.
 */
function yamlTooDeep(text: string): { offset: number; depth: number; open: string[] } | null {
  let onLine = 0;
  let offset = 0;
  /** The flow collections open here (`[` or `{`), outermost first. */
  const open: string[] = [];
  for (const token of new Lexer().lex(text)) {
    const c = token.charCodeAt(0);
    if (token === '{' || token === '[') {
      if (open.length >= MAX_YAML_DEPTH) return { offset, depth: open.length + 1, open };
      open.push(token);
    } else if (token === '}' || token === ']') {
      open.pop();
    } else if (c === 10 || c === 13) {
      onLine = 0;
    } else if ((token === '-' || token === '?' || token === ':') && open.length === 0) {
      if (++onLine > MAX_YAML_DEPTH) return { offset, depth: onLine, open };
    }
    // Control lexemes (document/scalar markers) are not part of the text; everything else is.
    if (c >= 0x20 || c === 9 || c === 10 || c === 13) offset += token.length;
  }
  return null;
}

/** Stands for the too-deep value in the cut-down text `deepPath` reads. */
const DEEP_MARKER = 'rolecall-too-deep-here';

/**
 * The JSON path of the value that opens one level too many (see yamlTooDeep): the text before it, with that value
 * replaced by a marker and the flow collections still open closed, is at most MAX_YAML_DEPTH deep and is read as
 * usual; the path is where the marker ends up. Null when that text cannot be read (the error then has no path).
 */
function deepPath(text: string, file: string, deep: { offset: number; open: string[] }): PathSegments | null {
  if (text.includes(DEEP_MARKER)) return null;
  const closers = deep.open
    .map((o) => (o === '[' ? ']' : '}'))
    .reverse()
    .join('');
  const cut = parseYaml(`${text.slice(0, deep.offset)} ${DEEP_MARKER}${closers}\n`, file);
  if (!cut.ok) return null;
  // Iterative: the marker is MAX_YAML_DEPTH levels down.
  const stack: { v: unknown; path: PathSegments }[] = [{ v: cut.value.value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === DEEP_MARKER) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return null;
}

/**
 * Each alias's anchor, found in one walk of the document: the anchor of the same name last defined before the alias.
 * (`Alias.resolve` without a cache walks the whole document for every alias: quadratic in the number of aliases.)
 */
function anchorsOf(doc: Document): { targets: Map<YamlNode, YamlNode | undefined>; count: number } {
  const current = new Map<string, YamlNode>();
  const targets = new Map<YamlNode, YamlNode | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, current.get(node.source));
      else if ((node as { anchor?: string }).anchor) current.set((node as { anchor: string }).anchor, node);
    },
  });
  return { targets, count: targets.size };
}

/** Converts a yaml node to plain data, recording each path's offset; tagged nodes become long-form intrinsics. */
interface WalkState {
  offsets: Map<string, number>;
  errors: { message: string; path: PathSegments; offset?: number }[];
  doc: Document;
  /** Nodes aliases may still add (aliases can blow a small file up exponentially: "billion laughs"). */
  aliasBudget: number;
  /** Scalar characters aliases may still add. */
  aliasChars: number;
  /** Each alias's anchor (see anchorsOf). */
  anchors: Map<YamlNode, YamlNode | undefined>;
  /** Inside an alias: copies are not recorded (the path points at the alias itself). */
  inAlias: number;
}

function toData(node: unknown, path: PathSegments, pathKey: string, st: WalkState): unknown {
  if (st.inAlias > 0 && --st.aliasBudget < 0)
    throw new Error(`the YAML aliases expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb?)`);
  const { offsets, errors } = st;
  if (isAlias(node)) {
    const n0 = node as YamlNode;
    if (n0.range && st.inAlias === 0) offsets.set(pathKey, n0.range[0]);
    const target = st.anchors.get(node as YamlNode);
    if (!target) {
      errors.push({ message: `the alias *${node.source} names no anchor`, path, offset: n0.range?.[0] });
      return null;
    }
    st.inAlias++;
    try {
      return toData(target, path, pathKey, st);
    } finally {
      st.inAlias--;
    }
  }
  const n = node as YamlNode | null | undefined;
  if (n && n.range && st.inAlias === 0) offsets.set(pathKey, n.range[0]);
  let value: unknown;
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    // Duplicate keys are found here with a set (the parser's own `uniqueKeys` check compares every pair: quadratic).
    const seen = new Set<string>();
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | undefined;
      // `<<: *anchor` merge keys, as `aws cloudformation package` and SAM CLI expand them (CloudFormation itself refuses
      // aliases: https://github.com/aws/aws-cli/pull/3827).
      if (isScalar(pair.key) && pair.key.value === '<<' && (isAlias(pair.value) || isSeq(pair.value))) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const src of sources) {
          const merged = toData(src, path, pathKey, st);
          if (typeof merged !== 'object' || merged === null || Array.isArray(merged)) {
            errors.push({ message: 'a << merge key needs a map', path, offset: keyNode?.range?.[0] });
            continue;
          }
          for (const [mk, mv] of Object.entries(merged)) {
            if (!Object.prototype.hasOwnProperty.call(out, mk))
              Object.defineProperty(out, mk, { value: mv, enumerable: true, writable: true, configurable: true });
          }
        }
        continue;
      }
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (k === '__proto__') {
        errors.push({
          message: 'the key "__proto__" is not allowed (it cannot be kept safely)',
          path: [...path, k],
          offset: keyNode?.range?.[0],
        });
        continue;
      }
      if (seen.has(k)) {
        errors.push({
          message: `malformed YAML: the key "${k.length > 80 ? `${k.slice(0, 80)}…` : k}" appears more than once in this map (map keys must be unique)`,
          path: [...path, k],
          offset: keyNode?.range?.[0],
        });
        continue;
      }
      seen.add(k);
      const childKey = pathKey + SEP + k;
      Object.defineProperty(out, k, {
        value: toData(pair.value, [...path, k], childKey, st),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (keyNode?.range && st.inAlias === 0) offsets.set(childKey, keyNode.range[0]);
    }
    value = out;
  } else if (isSeq(n)) {
    value = n.items.map((item, i) => toData(item, [...path, i], pathKey + SEP + String(i), st));
  } else if (isScalar(n)) {
    value = n.value;
    if (st.inAlias > 0 && typeof value === 'string' && (st.aliasChars -= value.length) < 0) {
      throw new Error(`the YAML aliases expand to more than ${MAX_ALIAS_CHARS / 1048576} MB of text (an alias bomb?)`);
    }
  } else {
    value = n ?? null;
  }
  const tag = n && typeof n === 'object' && 'tag' in n ? (n as { tag?: string }).tag : undefined;
  if (tag && Object.prototype.hasOwnProperty.call(SHORT_TAGS, tag)) {
    const fn = SHORT_TAGS[tag];
    // `!GetAtt A.B` is the short form of `Fn::GetAtt: [A, B]` (split at the first dot).
    if (fn === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      value = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
    }
    return { [fn]: value };
  }
  return value;
}

/** Parses a template's text; YAML when the name says so or the text is not JSON. */
export function parseTemplate(text: string, file: string): Result<ParsedTemplate> {
  if (text.length > MAX_INPUT_CHARS) {
    return {
      ok: false,
      errors: [diag('template.too-large', `the file is larger than ${MAX_INPUT_CHARS / 1048576} MB`, { file })],
    };
  }
  const looksJson = /^\s*[{[]/.test(text) && !/\.ya?ml$/i.test(file);
  if (looksJson) {
    const src = parseJsonSource(text, file);
    if (!src.ok) return src;
    return { ok: true, value: { value: src.value.value, locate: (p) => rangeAt(src.value, p)?.start } };
  }
  return parseYaml(text, file);
}

/** Parses YAML with CloudFormation's short tags. */
export function parseYaml(text: string, file: string): Result<ParsedTemplate> {
  if (text.length > MAX_YAML_CHARS) {
    return {
      ok: false,
      errors: [
        diag(
          'yaml.too-large',
          `the YAML file is ${Math.round(text.length / 1048576)} MB; Rolecall reads YAML templates up to ${MAX_YAML_CHARS / 1048576} MB (JSON up to ${MAX_INPUT_CHARS / 1048576} MB)`,
          { file },
        ),
      ],
    };
  }
  let lineCounter = new LineCounter();
  let doc: Document;
  try {
    const deep = yamlTooDeep(text);
    if (deep) {
      const p = offsetToPosition(text, deep.offset);
      const path = deepPath(text, file, deep);
      return {
        ok: false,
        errors: [
          diag(
            'yaml.too-deep',
            `the YAML is nested too deeply (more than ${MAX_YAML_DEPTH} levels) here; Rolecall refuses such templates before parsing them`,
            { file, range: { start: p, end: p }, ...(path ? { path: shortJsonPath(path) || '(root)' } : {}) },
          ),
        ],
      };
    }
    doc = parseDocument(text, { customTags, lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    return {
      ok: false,
      errors: [diag('yaml.syntax', `the YAML cannot be read: ${e instanceof Error ? e.message : String(e)}`, { file })],
    };
  }
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let relaxed: Diagnostic | null = null;
  if (
    doc.errors.length > 0 &&
    doc.errors.some((e) => e.code === 'BAD_INDENT' && /^Flow (sequence|mapping)/.test(e.message))
  ) {
    // CloudFormation (and cfn-lint) accept a flow collection whose closing ] or continuation lines are indented no
    // deeper than its key; YAML 1.2 does not. Indent those lines one step deeper and read again, saying so.
    const fixed = relaxFlowIndent(text);
    if (fixed) {
      const lc = new LineCounter();
      const again = parseDocument(fixed.text, { customTags, lineCounter: lc, prettyErrors: false, uniqueKeys: false });
      if (again.errors.length === 0) {
        doc = again;
        lineCounter = lc;
        relaxed = diag(
          'yaml.lenient-indent',
          `a flow collection ([…] or {…}) continues on line${fixed.lines.length > 1 ? 's' : ''} ${fixed.lines.join(', ')} indented no deeper than its key; YAML 1.2 refuses this, CloudFormation accepts it, and so does Rolecall`,
          {
            file,
            severity: 'warning',
            range: { start: { line: fixed.lines[0], column: 1 }, end: { line: fixed.lines[0], column: 1 } },
          },
        );
      }
    }
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.slice(0, 5).map((e): Diagnostic => {
        const start = at(e.pos[0]);
        const text = /call stack/i.test(e.message) ? 'it is nested too deeply' : e.message.split('\n')[0];
        return diag('yaml.syntax', `malformed YAML: ${text}`, { file, range: { start, end: at(e.pos[1]) } });
      }),
    };
  }
  const offsets = new Map<string, number>();
  const errors: WalkState['errors'] = [];
  let value: unknown;
  try {
    const { targets, count } = anchorsOf(doc);
    if (count > MAX_ALIASES)
      return {
        ok: false,
        errors: [
          diag(
            'yaml.too-many-aliases',
            `the YAML has ${count} aliases; Rolecall reads templates with up to ${MAX_ALIASES} (an alias bomb?)`,
            { file },
          ),
        ],
      };
    value = toData(doc.contents, [], '', {
      offsets,
      errors,
      doc,
      aliasBudget: MAX_ALIAS_NODES,
      aliasChars: MAX_ALIAS_CHARS,
      anchors: targets,
      inAlias: 0,
    });
  } catch (e) {
    const why = e instanceof RangeError ? 'it is nested too deeply' : e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [diag('yaml.structure', `the YAML cannot be read: ${why}`, { file })] };
  }
  if (errors.length > 0) {
    return {
      ok: false,
      errors: errors.map((e) =>
        diag('yaml.invalid', e.message, {
          file,
          path: e.path,
          range: e.offset === undefined ? undefined : { start: at(e.offset), end: at(e.offset) },
        }),
      ),
    };
  }
  const locate = (path: PathSegments): Position | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const off = offsets.get(key(path.slice(0, n)));
      if (off !== undefined) return at(off);
    }
    return undefined;
  };
  return { ok: true, value: { value, locate }, ...(relaxed ? { diagnostics: [relaxed] } : {}) };
}

/**
 * Indents the lines of flow collections that continue no deeper than the line that opened them (see parseYaml).
 * Returns null when there is nothing to change. Quoted strings, comments and block scalars are skipped.
 */
export function relaxFlowIndent(text: string): { text: string; lines: number[] } | null {
  const lines = text.split('\n');
  const changed: number[] = [];
  let depth = 0;
  let openerIndent = 0;
  let quote: '"' | "'" | null = null;
  let blockScalar = -1;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li];
    const indent = /^ */.exec(line)![0].length;
    if (blockScalar >= 0) {
      if (line.trim() === '' || indent > blockScalar) continue;
      blockScalar = -1;
    }
    if (depth > 0 && quote === null && line.trim() !== '' && indent <= openerIndent) {
      line = ' '.repeat(openerIndent + 1 - indent) + line;
      lines[li] = line;
      changed.push(li + 1);
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = null;
        }
        continue;
      }
      const prev = i === 0 ? ' ' : line[i - 1];
      if (c === '#' && /\s/.test(prev)) break;
      // Where a value may start: in block context right after `key:`, `-`, a tag or at the line's start; in flow
      // context after [ { , or :.
      const before = line.slice(0, i).trimEnd();
      const scalarStart =
        depth > 0
          ? before === '' || /[[{,:]$/.test(before)
          : /\s/.test(prev) && (before === '' || /(:|^-|\s-|![\w:]+)$/.test(before));
      if ((c === '"' || c === "'") && scalarStart) quote = c;
      else if ((c === '[' || c === '{') && (scalarStart || depth > 0)) {
        if (depth === 0) openerIndent = indent;
        depth++;
      } else if ((c === ']' || c === '}') && depth > 0) depth--;
      else if (
        depth === 0 &&
        (c === '|' || c === '>') &&
        /\s/.test(prev) &&
        /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))
      ) {
        blockScalar = indent;
        break;
      }
    }
  }
  return changed.length > 0 ? { text: lines.join('\n'), lines: changed } : null;
}
