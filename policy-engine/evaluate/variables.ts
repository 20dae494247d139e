/**
 * IAM policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'company-wide'}` and the escapes `${*}`, `${?}`, `${$}`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (SEMANTICS.md §B5)
 */

/** One piece of a parsed text: literal text (wildcards, if any, stay active), a variable, or an escaped character. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'var'; key: string; keyLower: string; defaultValue?: string }
  | { kind: 'escape'; char: '*' | '?' | '$' };

/** A parsed text that may contain policy variables: ${aws:username}, ${key, 'default'}, ${*} ${?} ${$}. */
export interface Template {
  parts: TemplatePart[];
  /** True when at least one part is a variable (escapes alone do not count: they resolve at compile time). */
  hasVariables: boolean;
  source: string;
}

/** Case-insensitive context lookup; key passed lower-cased; undefined = absent. */
export type ContextLookup = (keyLower: string) => string | string[] | undefined;

/** A resolved piece: `literal` pieces never carry wildcards (variable values and escapes), `text` pieces may. */
export interface ResolvedPart {
  text: string;
  literal: boolean;
}

// `${key}` or `${key, 'default'}`. The documented separator is ", " and the default is single-quoted; we also accept
// extra spaces around the key and the comma (lenient on whitespace, strict on the quotes).
const VAR_BODY = /^\s*([^\s,'{}$][^,'{}]*?)\s*(?:,\s*'([^']*)')?\s*$/;

/**
 * Parse a policy string into literal text, variables and escapes.
 * variablesEnabled=false (policy Version 2008-10-17 or no Version): the whole text is literal, `${aws:username}` included.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 * A `${` without a closing `}` or with a body that is not a key is kept as literal text.
 */
export function parseTemplate(text: string, variablesEnabled: boolean): Template {
  if (!variablesEnabled || text.indexOf('${') < 0) {
    return { parts: text.length ? [{ kind: 'text', text }] : [], hasVariables: false, source: text };
  }
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let buf = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) {
      buf += text.slice(i);
      break;
    }
    buf += text.slice(i, start);
    const end = text.indexOf('}', start + 2);
    if (end < 0) {
      buf += text.slice(start);
      break;
    }
    const body = text.slice(start + 2, end);
    if (body === '*' || body === '?' || body === '$') {
      if (buf) parts.push({ kind: 'text', text: buf });
      buf = '';
      parts.push({ kind: 'escape', char: body });
      i = end + 1;
      continue;
    }
    const m = VAR_BODY.exec(body);
    if (!m) {
      // Not a variable: keep "${" literally and continue scanning after it.
      buf += '${';
      i = start + 2;
      continue;
    }
    if (buf) parts.push({ kind: 'text', text: buf });
    buf = '';
    const key = m[1];
    const part: TemplatePart = { kind: 'var', key, keyLower: key.toLowerCase() };
    if (m[2] !== undefined) part.defaultValue = m[2];
    parts.push(part);
    hasVariables = true;
    i = end + 1;
  }
  if (buf) parts.push({ kind: 'text', text: buf });
  return { parts, hasVariables, source: text };
}

/**
 * The value of one variable part: the context value, else the default, else null.
 * A multi-valued key (array) cannot be used as a variable and counts as unresolved, default or not: the key is
 * present, so the default (which stands in for a missing key) does not apply [DOC single-vs-multi-valued keys:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html].
 */
export function resolveVariable(
  part: { keyLower: string; defaultValue?: string },
  lookup: ContextLookup,
): string | null {
  const v = lookup(part.keyLower);
  if (typeof v === 'string') return v;
  if (v === undefined && part.defaultValue !== undefined) return part.defaultValue;
  return null;
}

/**
 * Resolve a template against the request context.
 * value is null when a variable has no value and no default, or its key is multi-valued (SEMANTICS §B5);
 * unresolved lists those variables' keys as written in the policy.
 */
export function resolveTemplate(t: Template, lookup: ContextLookup): { value: string | null; unresolved: string[] } {
  let out = '';
  const unresolved: string[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'escape') out += p.char;
    else {
      const v = resolveVariable(p, lookup);
      if (v === null) unresolved.push(p.key);
      else out += v;
    }
  }
  return { value: unresolved.length ? null : out, unresolved };
}

/**
 * Resolve a template into pieces that keep track of which characters came from the policy text (wildcards active)
 * and which are literal (escapes and variable values: "${*}" is a literal asterisk, and a variable whose value contains
 * "*" does not become a wildcard). Returns null parts plus the unresolved keys when a variable cannot be resolved.
 */
export function resolveTemplateParts(
  t: Template,
  lookup: ContextLookup,
): { parts: ResolvedPart[] | null; unresolved: string[] } {
  const parts: ResolvedPart[] = [];
  const unresolved: string[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') parts.push({ text: p.text, literal: false });
    else if (p.kind === 'escape') parts.push({ text: p.char, literal: true });
    else {
      const v = resolveVariable(p, lookup);
      if (v === null) unresolved.push(p.key);
      else parts.push({ text: v, literal: true });
    }
  }
  return unresolved.length ? { parts: null, unresolved } : { parts, unresolved };
}

/** The template's parts with escapes already applied, for templates without variables (hasVariables=false). */
export function staticParts(t: Template): ResolvedPart[] {
  return t.parts.map((p) =>
    p.kind === 'text'
      ? { text: p.text, literal: false }
      : p.kind === 'escape'
        ? { text: p.char, literal: true }
        : { text: sourceOf(p), literal: true },
  );
}

/** How a variable part was written (used when a variable is shown or treated as literal text). */
export function sourceOf(p: TemplatePart): string {
  if (p.kind === 'text') return p.text;
  if (p.kind === 'escape') return '${' + p.char + '}';
  return p.defaultValue !== undefined ? `\${${p.key}, '${p.defaultValue}'}` : `\${${p.key}}`;
}
