/**
 * Wildcard matching for actions, resources, StringLike and ArnLike.
 *
 * Patterns compile once into a token array and then into the cheapest matcher that fits: exact compare, prefix,
 * suffix, a greedy chunk matcher (only `*` that may match anything), or a bit-parallel NFA (when there is a `?` or
 * some wildcards may not cross a colon), linear in the value. No matcher allocates or compiles anything per call.
 */
import type { ContextLookup, ResolvedPart } from './variables';
import { parseTemplate, resolveTemplateParts, sourceOf } from './variables';

/** A range-aware matcher: does value[start, end) match? */
export type RangeMatcher = (value: string, start: number, end: number) => boolean;

// Token codes: >= 0 is a literal UTF-16 code unit. The prover's globs (prove/glob.ts) use the same codes.
export const STAR = -1; // any run of characters, ':' and '/' included
export const ONE = -2; // any one character
export const SEGSTAR = -3; // any run of characters without ':'
export const SEGONE = -4; // any one character but ':'
export const NAMESTAR = -5; // any run without ':' or '/' (a name inside an ARN format; prover globs only)
export const NAMEONE = -6; // one character but ':' or '/' (prover globs only)
const COLON = 58;
const SLASH = 47;

/** How wildcards are read: `plain` (StringLike, actions) or `resource` (Resource/NotResource ARN segment rules). */
type TokenMode = 'plain' | 'resource';

/**
 * Turn resolved pattern pieces into tokens. In `plain` mode `*`/`?` match anything. In `resource` mode, inside the
 * first five colon-delimited segments a `*` stays inside its segment unless it is the segment's last character, in
 * which case "it can expand to match beyond the colon boundaries"; `?` never matches a colon there. In the resource
 * part (after the fifth colon) wildcards match anything, `/` and `:` included.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
function buildTokens(parts: readonly ResolvedPart[], mode: TokenMode, lower: boolean): Int32Array {
  const out: number[] = [];
  let colons = 0;
  for (const p of parts) {
    const text = lower ? p.text.toLowerCase() : p.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (p.literal) {
        out.push(c);
        continue;
      }
      const inSegments = mode === 'resource' && colons < 5;
      if (c === COLON) colons++;
      if (c === 42 /* * */) {
        const t = inSegments ? SEGSTAR : STAR;
        // Collapse runs of stars: "**" is "*".
        const prev = out.length ? out[out.length - 1] : 0;
        if (prev === STAR || prev === SEGSTAR) out[out.length - 1] = prev === STAR || t === STAR ? STAR : SEGSTAR;
        else out.push(t);
      } else if (c === 63 /* ? */) out.push(inSegments ? SEGONE : ONE);
      else out.push(c);
    }
  }
  // A segment star that ends its segment may span colons (see above).
  for (let i = 0; i < out.length; i++) {
    if (out[i] === SEGSTAR && (i + 1 === out.length || out[i + 1] === COLON)) out[i] = STAR;
  }
  return Int32Array.from(out);
}

function codesToString(codes: Int32Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(codes[i]);
  return s;
}

/** A run of tokens between two stars; `text` is set when it has no `?`, so native string search applies. */
interface Chunk {
  codes: Int32Array;
  text: string | null;
  len: number;
}

function chunkAt(v: string, pos: number, c: Chunk): boolean {
  if (c.text !== null) return v.startsWith(c.text, pos);
  const codes = c.codes;
  for (let k = 0; k < codes.length; k++) {
    const t = codes[k];
    if (t !== ONE && v.charCodeAt(pos + k) !== t) return false;
  }
  return true;
}

function chunkFind(v: string, from: number, limit: number, c: Chunk): number {
  if (c.text !== null) {
    const idx = v.indexOf(c.text, from);
    return idx >= 0 && idx + c.len <= limit ? idx : -1;
  }
  for (let i = from; i + c.len <= limit; i++) if (chunkAt(v, i, c)) return i;
  return -1;
}

function makeChunk(tokens: Int32Array, from: number, to: number): Chunk {
  const codes = tokens.slice(from, to);
  return { codes, text: codes.includes(ONE) ? null : codesToString(codes, 0, codes.length), len: codes.length };
}

/** Greedy leftmost chunk matching: correct when every star matches anything (a later star subsumes an earlier one). */
function chunkMatcher(tokens: Int32Array): RangeMatcher {
  const chunks: Chunk[] = [];
  let from = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i] === STAR) {
      chunks.push(makeChunk(tokens, from, i));
      from = i + 1;
    }
  }
  if (chunks.length === 1) {
    const only = chunks[0];
    return (v, s, e) => e - s === only.len && chunkAt(v, s, only);
  }
  const first = chunks[0];
  const last = chunks[chunks.length - 1];
  const middle = chunks.slice(1, -1).filter((c) => c.len > 0);
  const minLen = chunks.reduce((n, c) => n + c.len, 0);
  if (minLen === 0) return () => true; // "*"
  if (middle.length === 0 && last.len === 0 && first.text !== null) {
    const prefix = first.text;
    return (v, s, e) => e - s >= prefix.length && v.startsWith(prefix, s);
  }
  if (middle.length === 0 && first.len === 0 && last.text !== null) {
    const suffix = last.text;
    return (v, s, e) => e - s >= suffix.length && v.endsWith(suffix, e);
  }
  return (v, s, e) => {
    if (e - s < minLen) return false;
    const limit = e - last.len;
    if (!chunkAt(v, s, first) || !chunkAt(v, limit, last)) return false;
    let pos = s + first.len;
    for (let k = 0; k < middle.length; k++) {
      const c = middle[k];
      const idx = chunkFind(v, pos, limit, c);
      if (idx < 0) return false;
      pos = idx + c.len;
    }
    return pos <= limit;
  };
}

/**
 * Work done by the wildcard matchers, for tests that bound it (a step is one 32-state word updated for one character
 * of the value). Only the bit-parallel matcher counts; the others do at most a native string search per chunk.
 */
export const matchWork = { steps: 0 };

/**
 * Bit-parallel set-of-states simulation: the states (one per token, plus "matched") are bits in 32-bit words, and each
 * character of the value updates every word once — O(value × ⌈pattern / 32⌉), linear in the value whatever the number
 * of `*` and `?`, never backtracking. Used whenever a chunk has `?` or a wildcard may not cross ':'. Exported for the
 * prover's globs (tokens as built here; no two stars in a row, as the single-pass closure assumes).
 */
export function bitNfaMatcher(tokens: Int32Array): RangeMatcher {
  const m = tokens.length;
  const W = (m + 1 + 31) >>> 5;
  // Masks by character class: 0 ':', 1 '/', 2 any other (the literal mask of the character is added per step).
  const masks = () => [new Uint32Array(W), new Uint32Array(W), new Uint32Array(W)];
  const advance = masks(); // the states a character of the class moves past
  const loop = masks(); // the states (stars) a character of the class stays on
  const set = (ms: Uint32Array[], j: number, classes: readonly number[]): void => {
    for (const c of classes) ms[c][j >>> 5] |= 1 << (j & 31);
  };
  const literal = new Map<number, Uint32Array>();
  for (let j = 0; j < m; j++) {
    const t = tokens[j];
    if (t === STAR) set(loop, j, [0, 1, 2]);
    else if (t === SEGSTAR) set(loop, j, [1, 2]);
    else if (t === NAMESTAR) set(loop, j, [2]);
    else if (t === ONE) set(advance, j, [0, 1, 2]);
    else if (t === SEGONE) set(advance, j, [1, 2]);
    else if (t === NAMEONE) set(advance, j, [2]);
    else {
      let mask = literal.get(t);
      if (!mask) literal.set(t, (mask = new Uint32Array(W)));
      mask[j >>> 5] |= 1 << (j & 31);
    }
  }
  const [advColon, advSlash, advOther] = advance;
  const [loopColon, loopSlash, loopOther] = loop;
  // A star may also match nothing: a state before a star is also a state after it (stars never follow each other).
  const stars = loopOther;
  let cur = new Uint32Array(W);
  let nxt = new Uint32Array(W);
  const closure = (d: Uint32Array): void => {
    let carry = 0;
    for (let w = 0; w < W; w++) {
      const x = d[w] & stars[w];
      d[w] |= (x << 1) | carry;
      carry = x >>> 31;
    }
  };
  const acceptWord = m >>> 5;
  const acceptBit = 1 << (m & 31);
  return (v, s, e) => {
    cur.fill(0);
    cur[0] = 1;
    closure(cur);
    matchWork.steps += W * (e - s);
    for (let i = s; i < e; i++) {
      const c = v.charCodeAt(i);
      const lit = literal.get(c);
      const adv = c === COLON ? advColon : c === SLASH ? advSlash : advOther;
      const stay = c === COLON ? loopColon : c === SLASH ? loopSlash : loopOther;
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < W; w++) {
        const d = cur[w];
        const x = d & (adv[w] | (lit ? lit[w] : 0));
        const n = ((x << 1) | carry | (d & stay[w])) >>> 0;
        carry = x >>> 31;
        nxt[w] = n;
        alive |= n;
      }
      if (alive === 0) return false;
      closure(nxt);
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    return (cur[acceptWord] & acceptBit) !== 0;
  };
}

function tokensMatcher(tokens: Int32Array): RangeMatcher {
  let plainOnly = true;
  let anyWild = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t < 0) anyWild = true;
    if (t === SEGSTAR || t === SEGONE) plainOnly = false;
  }
  if (!anyWild) {
    const lit = codesToString(tokens, 0, tokens.length);
    return (v, s, e) => e - s === lit.length && v.startsWith(lit, s);
  }
  // The greedy chunk matcher searches each chunk with native string search; a chunk with `?` would be searched
  // position by position (value × chunk length), so such patterns, like the segment-bound ones, use the bit NFA.
  return plainOnly && !tokens.includes(ONE) ? chunkMatcher(tokens) : bitNfaMatcher(tokens);
}

/** Compile resolved pieces (text pieces carry wildcards, literal pieces do not) into a range matcher. */
export function compileGlobParts(
  parts: readonly ResolvedPart[],
  opts?: { caseInsensitive?: boolean; mode?: TokenMode },
): RangeMatcher {
  return tokensMatcher(buildTokens(parts, opts?.mode ?? 'plain', !!opts?.caseInsensitive));
}

/**
 * IAM wildcard glob: '*' any run of chars (spans '/' and ':'), '?' one char.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
export function compileGlob(pattern: string, opts?: { caseInsensitive?: boolean }): (value: string) => boolean {
  const m = compileGlobParts([{ text: pattern, literal: false }], opts);
  if (opts?.caseInsensitive)
    return (v) => {
      const l = v.toLowerCase();
      return m(l, 0, l.length);
    };
  return (v) => m(v, 0, v.length);
}

/**
 * Action pattern ("s3:Get*", "*", "s3:*Object?") — case-insensitive: the caller passes the action lower-cased.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export function compileActionPattern(pattern: string): (actionLower: string) => boolean {
  const m = compileGlobParts([{ text: pattern, literal: false }], { caseInsensitive: true });
  return (a) => m(a, 0, a.length);
}

/** ARN split into its 6 colon-delimited parts (one definition: policy-engine/arn.ts). */
export { splitArn } from '../arn';

/**
 * Compile an ArnLike/ArnEquals pattern from resolved pieces: "Each of the six colon-delimited components of the ARN is
 * checked separately", case-sensitive; the resource component keeps its colons. Returns null when the pattern does not
 * have six components — such a pattern matches no ARN (the value must name every segment, wildcards or not).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
export function compileArnParts(parts: readonly ResolvedPart[]): ((value: string) => boolean) | null {
  const segs: ResolvedPart[][] = [[]];
  for (const p of parts) {
    let from = 0;
    for (let i = 0; i <= p.text.length; i++) {
      if (i === p.text.length || (p.text.charCodeAt(i) === COLON && segs.length < 6)) {
        if (i > from) segs[segs.length - 1].push({ text: p.text.slice(from, i), literal: p.literal });
        if (i < p.text.length) segs.push([]);
        from = i + 1;
      }
    }
  }
  if (segs.length !== 6) return null;
  const ms = segs.map((s) => compileGlobParts(s));
  const [m0, m1, m2, m3, m4, m5] = ms;
  return (v) => {
    // Find the five separators without allocating.
    const c1 = v.indexOf(':');
    if (c1 < 0) return false;
    const c2 = v.indexOf(':', c1 + 1);
    if (c2 < 0) return false;
    const c3 = v.indexOf(':', c2 + 1);
    if (c3 < 0) return false;
    const c4 = v.indexOf(':', c3 + 1);
    if (c4 < 0) return false;
    const c5 = v.indexOf(':', c4 + 1);
    if (c5 < 0) return false;
    return (
      m0(v, 0, c1) &&
      m1(v, c1 + 1, c2) &&
      m2(v, c2 + 1, c3) &&
      m3(v, c3 + 1, c4) &&
      m4(v, c4 + 1, c5) &&
      m5(v, c5 + 1, v.length)
    );
  };
}

/** ArnLike/ArnEquals: per-segment wildcard match, case-sensitive (SEMANTICS B4). Compiles per call: use compileArnParts in hot paths. */
export function arnLike(pattern: string, value: string): boolean {
  const m = compileArnParts([{ text: pattern, literal: false }]);
  return m !== null && m(value);
}

/** A Resource/NotResource entry, possibly with variables. */
export interface ResourceMatcher {
  source: string;
  hasVariables: boolean;
  /** Why this entry may not behave as written (variables before the fifth colon, not an ARN); empty when fine. */
  notes: string[];
  match(resource: string, lookup: ContextLookup): { matched: boolean; unresolved?: string[] };
}

const MATCHED: { matched: boolean } = Object.freeze({ matched: true });
const NOT_MATCHED: { matched: boolean } = Object.freeze({ matched: false });
const CACHE_LIMIT = 16;

/**
 * A Resource/NotResource entry, possibly with variables. Escapes ${*} ${?} produce literal characters, not wildcards;
 * a resolved variable's value is literal too. Plain "*" matches everything. An entry whose variable cannot be resolved
 * matches no resource and reports the unresolved keys (SEMANTICS §B5). Variables are honoured only in the resource
 * part, after the fifth colon; before it they stay literal text, as AWS does not substitute there.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
 */
export function compileResourcePattern(pattern: string, variablesEnabled: boolean): ResourceMatcher {
  const notes: string[] = [];
  if (pattern !== '*' && !/^arn:[^:]*:[^:]*:/.test(pattern))
    notes.push(
      `Resource "${pattern}" is not an ARN or "*"; AWS rejects such a policy ("must be in ARN format or \\"*\\"").`,
    );
  const t = parseTemplate(pattern, variablesEnabled);
  // Demote variables that sit before the fifth colon of the text to literal text.
  let colons = 0;
  const parts = t.parts.map((p) => {
    if (p.kind === 'text') {
      for (let i = 0; i < p.text.length && colons < 5; i++) if (p.text.charCodeAt(i) === COLON) colons++;
      return p;
    }
    if (p.kind === 'var' && colons < 5) {
      notes.push(
        `Variable ${sourceOf(p)} is before the fifth colon of the ARN, where AWS does not substitute variables; it is read as literal text.`,
      );
      return { kind: 'text' as const, text: sourceOf(p) };
    }
    return p;
  });
  const template = { ...t, parts, hasVariables: parts.some((p) => p.kind === 'var') };
  if (!template.hasVariables) {
    const resolved = parts.map((p): ResolvedPart =>
      p.kind === 'escape' ? { text: p.char, literal: true } : { text: sourceOf(p), literal: false },
    );
    const m = compileGlobParts(resolved, { mode: 'resource' });
    return { source: pattern, hasVariables: false, notes, match: (r) => (m(r, 0, r.length) ? MATCHED : NOT_MATCHED) };
  }
  const cache = new Map<string, RangeMatcher>();
  return {
    source: pattern,
    hasVariables: true,
    notes,
    match(resource, lookup) {
      const r = resolveTemplateParts(template, lookup);
      if (!r.parts) return { matched: false, unresolved: r.unresolved };
      let key = '';
      for (const p of r.parts) key += (p.literal ? '\u0001' : '\u0002') + p.text;
      let m = cache.get(key);
      if (!m) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        m = compileGlobParts(r.parts, { mode: 'resource' });
        cache.set(key, m);
      }
      return m(resource, 0, resource.length) ? MATCHED : NOT_MATCHED;
    },
  };
}
