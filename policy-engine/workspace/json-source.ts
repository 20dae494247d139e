/**
 * Parsing JSON text with positions: malformed JSON, `__proto__` keys and oversized input become diagnostics that name
 * the file, the JSON path and the line/column, and a JSON path can be turned back into a range for later errors.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { Diagnostic, Result } from '../model/diagnostic';
import type { Range } from '../model/request';

/** Largest input accepted (characters). Bigger files are refused with a clear error instead of stalling the app. */
export const MAX_INPUT_CHARS = 50 * 1024 * 1024;

/** A JSON path as segments: property names and array indexes. */
export type PathSegments = (string | number)[];

export { lineMap, type LineMap } from '../json-text';
import {
  findTooDeep,
  formatJsonPath,
  jsonStringEnd,
  lineMap,
  MAX_JSON_DEPTH,
  shortJsonPath,
  tooDeepMessage,
  type LineMap,
} from '../json-text';

/** Formats path segments the way diagnostics show them: `identityPools[0].RoleMappings["a/b:c"].Type`; `(root)` when empty. */
export function formatPath(path: PathSegments): string {
  return formatJsonPath(path) || '(root)';
}

/** JSON text parsed together with its syntax tree, for positions. */
export interface JsonSource {
  file: string;
  text: string;
  value: unknown;
  root: Node;
  lines: LineMap;
}

/** Builds a diagnostic; `where` prefixes the message as `file:line:column` so a one-line print names the place. */
export function diag(
  code: string,
  message: string,
  opts: { file?: string; path?: PathSegments | string; range?: Range; severity?: Diagnostic['severity'] },
): Diagnostic {
  const path = typeof opts.path === 'string' ? opts.path : formatPath(opts.path ?? []);
  // A position in another file than the one being read (a Serverless `${file(…)}` part: see InFile) names that file.
  const other = inFile(opts.range?.start);
  if (other && opts.range) {
    const range = { start: at(opts.range.start), end: at(opts.range.end) };
    return { severity: opts.severity ?? 'error', code, message, path, range, file: other };
  }
  return { severity: opts.severity ?? 'error', code, message, path, range: opts.range, file: opts.file };
}

/**
 * A position that a template's `locate` found in another file than the template's own (a Serverless resources file
 * that serverless.yml includes with `${file(…)}`): `file` names it. diag() reports such a position in that file.
 */
export interface InFile {
  line: number;
  column: number;
  file: string;
}

/** The other file a position names (see InFile), or undefined. */
export function inFile(pos: { line: number; column: number } | undefined): string | undefined {
  const f = pos && (pos as Partial<InFile>).file;
  return typeof f === 'string' ? f : undefined;
}

/** Only the line and column of a position (not the file an InFile names). */
function at(pos: { line: number; column: number }): { line: number; column: number } {
  return { line: pos.line, column: pos.column };
}

/** One line for a terminal: `file:line:column: path: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ''}: ` : '';
  const path = d.path && d.path !== '(root)' ? `${d.path}: ` : '';
  return `${where}${path}${d.message}`;
}

const parseErrorText: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace } was expected',
  CloseBracketExpected: 'a closing bracket ] was expected',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** The JSON path of the deepest node containing an offset (for syntax errors in the middle of a document). */
function pathAtOffset(root: Node | undefined, offset: number): PathSegments {
  const path: PathSegments = [];
  let node = root;
  while (node && node.children) {
    const child: Node | undefined = node.children.find((c) => offset >= c.offset && offset <= c.offset + c.length);
    if (!child) break;
    if (node.type === 'object' && child.type === 'property') {
      const key = child.children?.[0]?.value;
      const value = child.children?.[1];
      if (typeof key !== 'string' || !value || offset < value.offset) break;
      path.push(key);
      node = value;
    } else if (node.type === 'array') {
      path.push(node.children.indexOf(child));
      node = child;
    } else break;
  }
  return path;
}

/**
 * Finds every `__proto__` key (kept by JSON.parse as own data but dropped or dangerous elsewhere) and every duplicate
 * key (JSON.parse silently keeps the last one — in a policy document that can hide a statement from a reviewer).
 */
function keyProblems(root: Node, file: string, lines: LineMap): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const walk = (node: Node, path: PathSegments): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        if (seen.has(key) && warnings.length < 50) {
          warnings.push(
            diag(
              'json.duplicate-key',
              `the key "${key}" appears more than once in this object; only the last one counts`,
              {
                file,
                path: [...path, key],
                range: lines.range(k.offset, k.length),
                severity: 'warning',
              },
            ),
          );
        }
        seen.add(key);
        if (key === '__proto__') {
          out.push(
            diag('json.forbidden-key', 'the key "__proto__" is not allowed (it cannot be kept safely)', {
              file,
              path: [...path, key],
              range: lines.range(k.offset, k.length),
            }),
          );
          continue;
        }
        walk(v, [...path, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((c, i) => walk(c, [...path, i]));
    }
  };
  walk(root, []);
  return { errors: out, warnings };
}

/**
 * Whether a text, if it is JSON at all, needs nothing of the full reader: it nests at most MAX_JSON_DEPTH levels and
 * no object has a duplicate or a `__proto__` key. One pass over the characters, no recursion; never throws, whatever
 * the text (malformed JSON is then rejected by JSON.parse and reported by the full reader).
 */
export function plainJson(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  // One frame per open container: an object's keys so far (null for an array; a Set once an object has many keys),
  // and whether a key comes next.
  const keys: (string[] | Set<string> | null)[] = [];
  const expectKey: boolean[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i + 1;
      const str = jsonStringEnd(text, i);
      const escaped = str.escaped;
      i = str.end;
      const top = keys.length - 1;
      const own = top >= 0 ? keys[top] : null;
      if (own !== null && expectKey[top]) {
        let key = text.slice(start, Math.min(i, n));
        if (escaped) {
          try {
            key = String(JSON.parse(`"${key}"`));
          } catch {
            return false;
          }
        }
        if (key === '__proto__') return false;
        if (Array.isArray(own)) {
          if (own.includes(key)) return false;
          own.push(key);
          if (own.length > 16) keys[top] = new Set(own);
        } else {
          if (own.has(key)) return false;
          own.add(key);
        }
        expectKey[top] = false;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (keys.length >= maxDepth) return false;
      keys.push(c === 123 ? [] : null);
      expectKey.push(c === 123);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      keys.pop();
      expectKey.pop();
    } else if (c === 44 /* , */) {
      const top = keys.length - 1;
      if (top >= 0 && keys[top] !== null) expectKey[top] = true;
    }
  }
  return true;
}

/** Parses strict JSON text; errors name the file, the JSON path and the line/column. */
export function parseJsonSource(text: string, file: string): Result<JsonSource> {
  if (text.length > MAX_INPUT_CHARS) {
    return {
      ok: false,
      errors: [
        diag(
          'json.too-large',
          `the file is ${Math.round(text.length / 1048576)} MB; Rolecall reads files up to ${MAX_INPUT_CHARS / 1048576} MB`,
          { file },
        ),
      ],
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  // The common case — valid JSON without duplicate or `__proto__` keys, within the nesting bound — is read with
  // JSON.parse alone, and the parse tree and line map that locate paths are built only when something asks for a
  // place (a 20 MB workspace reads in a tenth of the time). Anything else takes the full path below, which reports it.
  if (plainJson(body)) {
    let value: unknown;
    let ok = true;
    try {
      value = JSON.parse(body);
    } catch {
      ok = false;
    }
    if (ok) {
      let tree: Node | undefined;
      let map: LineMap | undefined;
      const source: JsonSource = {
        file,
        text: body,
        value,
        get root(): Node {
          tree ??= parseTree(body, [], { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
          if (!tree) throw new Error('unreachable: JSON.parse read this text');
          return tree;
        },
        get lines(): LineMap {
          return (map ??= lineMap(body));
        },
      };
      return { ok: true, value: source };
    }
  }
  const lines = lineMap(body);
  // Nesting is bounded before parsing: the parser and every walk over the tree recurse once per level.
  const deep = findTooDeep(body);
  if (deep) {
    return {
      ok: false,
      errors: [
        diag('json.too-deep', `the JSON is ${tooDeepMessage()}`, {
          file,
          path: shortJsonPath(deep.path) || '(root)',
          range: lines.range(deep.offset, 1),
        }),
      ],
    };
  }
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    return {
      ok: false,
      errors: [
        diag(
          'json.too-deep',
          `the JSON cannot be read: ${e instanceof RangeError ? 'it is nested too deeply' : String(e)}`,
          { file },
        ),
      ],
    };
  }
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const offset = first ? first.offset : 0;
    const name = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const text0 = body.trim() === '' ? 'the file is empty' : `malformed JSON: ${parseErrorText[name] ?? name}`;
    return {
      ok: false,
      errors: [
        diag('json.syntax', text0, {
          file,
          path: pathAtOffset(root, offset),
          range: lines.range(offset, first?.length ?? 0),
        }),
      ],
    };
  }
  const keys = keyProblems(root, file, lines);
  if (keys.errors.length > 0) return { ok: false, errors: keys.errors };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return {
      ok: false,
      errors: [diag('json.syntax', `malformed JSON: ${e instanceof Error ? e.message : String(e)}`, { file })],
    };
  }
  return {
    ok: true,
    value: { file, text: body, value, root, lines },
    ...(keys.warnings.length ? { diagnostics: keys.warnings } : {}),
  };
}

/** The range of the value at a JSON path; falls back to the nearest existing ancestor. */
export function rangeAt(src: Pick<JsonSource, 'root' | 'lines'>, path: PathSegments): Range | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(src.root, path.slice(0, n));
    if (node) {
      // For a missing property, point at the object that lacks it; for a present one, at its key when possible.
      const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      const start = n === path.length && keyNode ? keyNode.offset : node.offset;
      return src.lines.range(start, node.offset + node.length - start);
    }
  }
  return undefined;
}
