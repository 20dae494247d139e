/**
 * String condition operators: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
 * StringLike, StringNotLike. Values are case-sensitive except the IgnoreCase pair; policy variables allowed;
 * StringLike takes `*` (any run, `/` and `:` included) and `?` (one character).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import type { ContextLookup, ResolvedPart, Template } from '../variables';
import { parseTemplate, resolveTemplate, resolveTemplateParts, resolveVariable, staticParts } from '../variables';
import type { RangeMatcher } from '../patterns';
import { compileGlobParts } from '../patterns';
import type { OperatorFamily, ValueMatcher } from './types';

/** ASCII-fast case-insensitive equality against an already lower-cased string; no allocation for ASCII input. */
function equalsIgnoreCase(a: string, bLower: string): boolean {
  if (a.length !== bLower.length) return a.toLowerCase() === bLower;
  for (let i = 0; i < a.length; i++) {
    let c = a.charCodeAt(i);
    const d = bLower.charCodeAt(i);
    if (c === d) continue;
    if (c > 127 || d > 127) return a.toLowerCase() === bLower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== d) return false;
  }
  return true;
}

/** Does value equal the concatenation of resolved template parts? Compares piece by piece without building a string. */
function equalsTemplate(t: Template, value: string, lookup: ContextLookup): boolean | null {
  // null (unresolved) and false (no match) count the same when combining values, so stop at the first of either.
  let pos = 0;
  for (const p of t.parts) {
    const s = p.kind === 'text' ? p.text : p.kind === 'escape' ? p.char : resolveVariable(p, lookup);
    if (s === null) return null;
    if (!value.startsWith(s, pos)) return false;
    pos += s.length;
  }
  return pos === value.length;
}

/** Which comparison a base operator does. */
type StringKind = 'equals' | 'ignoreCase' | 'like';

const KIND: Record<string, StringKind> = {
  StringEquals: 'equals',
  StringNotEquals: 'equals',
  StringEqualsIgnoreCase: 'ignoreCase',
  StringNotEqualsIgnoreCase: 'ignoreCase',
  StringLike: 'like',
  StringNotLike: 'like',
};

/** A bounded per-value cache of compiled globs for resolved variable values (at most 16 entries). */
function cachedGlob(): (parts: ResolvedPart[]) => RangeMatcher {
  const cache = new Map<string, RangeMatcher>();
  return (parts) => {
    let key = '';
    for (const p of parts) key += (p.literal ? '\u0001' : '\u0002') + p.text;
    let m = cache.get(key);
    if (!m) {
      if (cache.size >= 16) cache.clear();
      m = compileGlobParts(parts);
      cache.set(key, m);
    }
    return m;
  };
}

function compileStringValue(kind: StringKind, value: string, variablesEnabled: boolean): ValueMatcher<string> {
  const t = parseTemplate(value, variablesEnabled);
  const resolve = (lookup: ContextLookup) => resolveTemplate(t, lookup);
  if (!t.hasVariables) {
    const parts = staticParts(t);
    const literal = parts.map((p) => p.text).join('');
    const fixed = { source: value, hasVariables: false, resolve: () => ({ value: literal, unresolved: [] }) };
    if (kind === 'equals') return { ...fixed, test: (r: string) => r === literal };
    if (kind === 'ignoreCase') {
      const lower = literal.toLowerCase();
      return { ...fixed, test: (r: string) => equalsIgnoreCase(r, lower) };
    }
    const m = compileGlobParts(parts);
    return { ...fixed, test: (r: string) => m(r, 0, r.length) };
  }
  if (kind === 'equals')
    return { source: value, hasVariables: true, resolve, test: (r, lookup) => equalsTemplate(t, r, lookup) };
  if (kind === 'ignoreCase') {
    return {
      source: value,
      hasVariables: true,
      resolve,
      test: (r, lookup) => {
        const v = resolveTemplate(t, lookup).value;
        return v === null ? null : equalsIgnoreCase(r, v.toLowerCase());
      },
    };
  }
  // StringLike with variables: a resolved variable's value is literal, its `*` is not a wildcard.
  const glob = cachedGlob();
  return {
    source: value,
    hasVariables: true,
    resolve,
    test: (r, lookup) => {
      const res = resolveTemplateParts(t, lookup);
      return res.parts === null ? null : glob(res.parts)(r, 0, r.length);
    },
  };
}

/** The String operator family. */
export const stringFamily: OperatorFamily<string> = {
  label: 'String',
  operators: {
    StringEquals: { negated: false },
    StringNotEquals: { negated: true },
    StringEqualsIgnoreCase: { negated: false },
    StringNotEqualsIgnoreCase: { negated: true },
    StringLike: { negated: false },
    StringNotLike: { negated: true },
  },
  keyTypes: ['String', 'ARN'],
  parseRequest: (raw) => raw,
  requestError: (raw) => `"${raw}" is not a string`,
  compileValue(base, value, opts) {
    return { ok: true, matcher: compileStringValue(KIND[base], value, opts.variablesEnabled), issues: [] };
  },
};
