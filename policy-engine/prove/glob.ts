/**
 * Wildcard patterns as automata, and an exact procedure for "is there a string that matches these patterns and none
 * of those?" — the prover's string solver for Resource/NotResource, StringLike/StringEquals(IgnoreCase) and ArnLike.
 *
 * A pattern is a token array (literal characters, `*` runs, `?` single characters, and the segment-bounded forms IAM
 * uses before the fifth colon of an ARN). Each pattern is simulated as a set of positions; a search runs over the
 * product of those sets. The alphabet is finite without loss: every character no pattern names literally behaves the
 * same in every pattern, so one fresh character stands for all of them. The search is breadth-first, so a witness is
 * a shortest string; when the reachable product is exhausted there is no such string (a proof).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */

import { bitNfaMatcher, NAMEONE, NAMESTAR, ONE, SEGONE, SEGSTAR, STAR, type RangeMatcher } from '../evaluate/patterns';

/** Token codes: >= 0 a literal UTF-16 code unit; the wildcards are the evaluator's (evaluate/patterns.ts). */
export { NAMEONE, NAMESTAR, ONE, SEGONE, SEGSTAR, STAR };
export const NEVER = -7; // matches nothing (an entry whose variable cannot be resolved)

const COLON = 58;
const SLASH = 47;

/** A compiled pattern. `ci`: compared case-insensitively (tokens are lower-case). */
export interface Glob {
  tokens: Int32Array;
  ci: boolean;
  /** For messages. */
  source: string;
}

/** One piece of a pattern: text whose `*`/`?` are wildcards, or literal text (a resolved variable, an escape). */
export interface GlobPiece {
  text: string;
  literal: boolean;
}

/** How `*`/`?` read: `plain` anywhere; `resource` as in a Resource element; `arn` as ArnLike (per segment). */
export type GlobMode = 'plain' | 'resource' | 'arn' | 'exact';

/** Builds a glob from pieces (see the engine's matcher for the same reading of the wildcards). */
export function globOf(pieces: readonly GlobPiece[], mode: GlobMode, ci = false): Glob {
  const out: number[] = [];
  let colons = 0;
  let source = '';
  for (const p of pieces) {
    const text = ci ? p.text.toLowerCase() : p.text;
    source += p.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const inSegments = (mode === 'resource' || mode === 'arn') && colons < 5;
      if (c === COLON) colons++;
      if (p.literal || mode === 'exact') {
        out.push(c);
        continue;
      }
      if (c === 42) {
        const t = inSegments ? SEGSTAR : STAR;
        const prev = out.length ? out[out.length - 1] : 0;
        if (prev === STAR || prev === SEGSTAR) out[out.length - 1] = prev === STAR || t === STAR ? STAR : SEGSTAR;
        else out.push(t);
      } else if (c === 63) out.push(inSegments ? SEGONE : ONE);
      else out.push(c);
    }
  }
  if (mode === 'resource') {
    for (let i = 0; i < out.length; i++)
      if (out[i] === SEGSTAR && (i + 1 === out.length || out[i + 1] === COLON)) out[i] = STAR;
  }
  if (mode === 'arn' && colons < 5) return { tokens: Int32Array.from([NEVER]), ci, source };
  return { tokens: Int32Array.from(out), ci, source };
}

/** A plain glob from one pattern string (`*`, `?` wildcards). */
export const plainGlob = (pattern: string, ci = false): Glob =>
  globOf([{ text: pattern, literal: false }], 'plain', ci);
/** A glob matching exactly one string. */
export const exactGlob = (text: string, ci = false): Glob => globOf([{ text, literal: true }], 'exact', ci);
/** A glob matching the literal prefix followed by anything. */
export const prefixGlob = (prefix: string, ci = false): Glob =>
  globOf(
    [
      { text: prefix, literal: true },
      { text: '*', literal: false },
    ],
    'plain',
    ci,
  );
/** A glob that matches nothing. */
export const neverGlob = (source: string): Glob => ({ tokens: Int32Array.from([NEVER]), ci: false, source });

/**
 * An ARN format of the service reference (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as a glob: a name is
 * one or more characters without ':' or '/', an object key or path any non-empty run, region and account any run
 * without ':'. It over-approximates nothing the engine accepts (see catalog arnFormatRegex).
 */
export function arnFormatGlob(format: string): Glob {
  const out: number[] = [];
  const re = /\$\{([^}]+)\}/g;
  let last = 0;
  const lit = (s: string) => {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  };
  for (let m = re.exec(format); m; m = re.exec(format)) {
    lit(format.slice(last, m.index));
    const name = m[1];
    const inResource = (format.slice(0, m.index).match(/:/g) ?? []).length >= 5;
    if (name === 'Partition') out.push(SEGONE, SEGSTAR);
    else if (name === 'Region' || name === 'Account') out.push(SEGSTAR);
    else if (/ObjectName$|WithPath$|Path$|Key$/.test(name)) out.push(ONE, STAR);
    else if (inResource)
      out.push(NAMEONE, NAMESTAR); // names in the resource part: no '/' (':' allowed by the engine, kept out for readable witnesses)
    else out.push(NAMEONE, NAMESTAR);
    last = m.index + m[0].length;
  }
  lit(format.slice(last));
  return { tokens: Int32Array.from(out), ci: false, source: format };
}

const isStar = (t: number): boolean => t === STAR || t === SEGSTAR || t === NAMESTAR;
/** A run of stars is its widest star (each kind's characters include the next's): the engine's matcher wants no run. */
const widest = (a: number, b: number): number =>
  a === STAR || b === STAR ? STAR : a === SEGSTAR || b === SEGSTAR ? SEGSTAR : NAMESTAR;

const matchers = new WeakMap<Glob, RangeMatcher>();

/**
 * Does the glob match the string? (Used by tests and to double-check witnesses.) The engine's bit-parallel matcher on
 * the glob's tokens: linear in the value whatever the number of `*` and `?`, never backtracking.
 */
export function globMatches(g: Glob, value: string): boolean {
  if (g.tokens.includes(NEVER)) return false;
  let m = matchers.get(g);
  if (!m) {
    const tokens: number[] = [];
    for (const t of g.tokens) {
      const prev = tokens.length ? tokens[tokens.length - 1] : 0;
      if (isStar(t) && isStar(prev)) tokens[tokens.length - 1] = widest(prev, t);
      else tokens.push(t);
    }
    matchers.set(g, (m = bitNfaMatcher(Int32Array.from(tokens))));
  }
  const v = g.ci ? value.toLowerCase() : value;
  return m(v, 0, v.length);
}

const closeOver = (g: Glob, set: number[]): number[] => {
  const t = g.tokens;
  const seen = new Set(set);
  const out = [...set];
  for (let k = 0; k < out.length; k++) {
    const j = out[k];
    if (j < t.length && isStar(t[j]) && !seen.has(j + 1)) {
      seen.add(j + 1);
      out.push(j + 1);
    }
  }
  return out.sort((a, b) => a - b);
};

function start(g: Glob): number[] {
  return closeOver(g, [0]);
}

function step(g: Glob, set: number[], c: number): number[] {
  const t = g.tokens;
  const next: number[] = [];
  for (const j of set) {
    if (j >= t.length) continue;
    const k = t[j];
    if (k === STAR || (k === SEGSTAR && c !== COLON) || (k === NAMESTAR && c !== COLON && c !== SLASH)) next.push(j);
    else if (k === c || k === ONE || (k === SEGONE && c !== COLON) || (k === NAMEONE && c !== COLON && c !== SLASH))
      next.push(j + 1);
  }
  return next.length ? closeOver(g, [...new Set(next)]) : next;
}

/** One requirement: the string must (want true) or must not (want false) match the glob. */
export interface GlobLiteral {
  glob: Glob;
  want: boolean;
}

/** The result of a string search. */
export type StringSearch = { status: 'sat'; value: string } | { status: 'unsat' } | { status: 'unknown'; why: string };

const lowerCode = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const upperCode = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

/** The characters the search tries: every literal (both cases under a case-insensitive glob), ':', '/', and a fresh one. */
function alphabet(lits: readonly GlobLiteral[], prefer: string): number[] {
  const set = new Set<number>();
  for (const l of lits) {
    for (const t of l.glob.tokens) {
      if (t < 0) continue;
      set.add(t);
      if (l.glob.ci) {
        set.add(upperCode(t));
        set.add(lowerCode(t));
      }
    }
  }
  set.add(COLON);
  set.add(SLASH);
  const taken = (c: number) => set.has(c) || set.has(lowerCode(c)) || set.has(upperCode(c));
  let fresh = -1;
  for (const ch of prefer) {
    const c = ch.charCodeAt(0);
    if (!taken(c)) {
      fresh = c;
      break;
    }
  }
  for (let c = 0x4e00; fresh < 0; c++) if (!taken(c)) fresh = c;
  // The fresh character first: among shortest witnesses, the one that fills wildcards with it ("private/x").
  return [fresh, ...[...set].sort((a, b) => a - b)];
}

/**
 * A shortest string satisfying every literal, or a proof that none exists. `maxStates` bounds the search (the product
 * of position sets is finite but can be large); hitting it gives `unknown`.
 */
export function solveStrings(
  lits: readonly GlobLiteral[],
  opts?: { maxStates?: number; fresh?: string; memo?: StringMemo },
): StringSearch {
  const memo = opts?.memo;
  if (!memo) return searchStrings(lits, opts);
  // The same literals come back for every role session that shares policies (200 roles made from one template ask
  // the same string questions): the answer depends on the literals only, so one question remembers it.
  const key = `${opts?.maxStates ?? ''}\u0001${opts?.fresh ?? ''}\u0001${lits.map(literalKey).join('\u0002')}`;
  const known = memo.get(key);
  if (known) return known;
  const r = searchStrings(lits, opts);
  memo.set(key, r);
  return r;
}

/** Answers of solveStrings by their literals, kept for the length of one question (see prove). */
export type StringMemo = Map<string, StringSearch>;

const globKeys = new WeakMap<Glob, string>();
function literalKey(l: GlobLiteral): string {
  let k = globKeys.get(l.glob);
  if (k === undefined) {
    k = `${l.glob.ci ? 'i' : 'c'}${l.glob.tokens.join(',')}`;
    globKeys.set(l.glob, k);
  }
  return (l.want ? '+' : '-') + k;
}

function searchStrings(lits: readonly GlobLiteral[], opts?: { maxStates?: number; fresh?: string }): StringSearch {
  if (lits.some((l) => l.want && l.glob.tokens.includes(NEVER))) return { status: 'unsat' };
  const live = lits.filter((l) => !l.glob.tokens.includes(NEVER));
  const maxStates = opts?.maxStates ?? 50_000;
  const sigma = alphabet(live, opts?.fresh ?? 'xyzqjkw0123456789');
  const init = live.map((l) => start(l.glob));
  const keyOf = (sets: number[][]) => sets.map((s) => s.join(',')).join('|');
  const accepting = (sets: number[][]) => live.every((l, i) => sets[i].includes(l.glob.tokens.length) === l.want);
  const dead = (sets: number[][]) => live.some((l, i) => l.want && sets[i].length === 0);
  if (dead(init)) return { status: 'unsat' };
  const seen = new Map<string, { parent: string | null; ch: number }>();
  const k0 = keyOf(init);
  seen.set(k0, { parent: null, ch: -1 });
  let frontier: { key: string; sets: number[][] }[] = [{ key: k0, sets: init }];
  const spell = (key: string): string => {
    const codes: number[] = [];
    for (let k: string | null = key; k !== null;) {
      const e: { parent: string | null; ch: number } = seen.get(k)!;
      if (e.ch >= 0) codes.push(e.ch);
      k = e.parent;
    }
    return String.fromCharCode(...codes.reverse());
  };
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      if (accepting(node.sets)) return { status: 'sat', value: spell(node.key) };
      for (const c of sigma) {
        const sets = node.sets.map((s, i) => step(live[i].glob, s, live[i].glob.ci ? lowerCode(c) : c));
        if (dead(sets)) continue;
        const key = keyOf(sets);
        if (seen.has(key)) continue;
        seen.set(key, { parent: node.key, ch: c });
        if (seen.size > maxStates) return { status: 'unknown', why: `the string search passed ${maxStates} states` };
        next.push({ key, sets });
      }
    }
    frontier = next;
  }
  return { status: 'unsat' };
}
