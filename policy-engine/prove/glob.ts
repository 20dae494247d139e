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

/** Token codes: >= 0 a literal UTF-16 code unit. */
export const STAR = -1; // any run, ':' and '/' included
export const ONE = -2; // any one character
export const SEGSTAR = -3; // any run without ':'
export const SEGONE = -4; // any one character but ':'
export const NAMESTAR = -5; // any run without ':' or '/' (a name inside an ARN format)
export const NAMEONE = -6; // one character but ':' or '/'
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

/**
 * Work done by `globMatches`, for tests that bound it: one step is one 32-state word updated for one character of the
 * value.
 */
export const globWork = { steps: 0 };

/** The bit masks of a glob's states (see globMatches), built once per glob. */
interface GlobMasks {
  /** Words of states: one state per token, plus "matched". */
  W: number;
  /** States a character moves past, by class: 0 ':', 1 '/', 2 any other (literal characters apart). */
  advance: Uint32Array[];
  /** States a character stays on (the stars), by class. */
  loop: Uint32Array[];
  /** Literal tokens: the states a given character moves past. */
  literal: Map<number, Uint32Array>;
  /** States a star may also skip (a star matches the empty run too). */
  stars: Uint32Array;
}

const masksCache = new WeakMap<Glob, GlobMasks>();

function masksOf(g: Glob): GlobMasks {
  const hit = masksCache.get(g);
  if (hit) return hit;
  const t = g.tokens;
  const W = (t.length + 1 + 31) >>> 5;
  const words = () => [new Uint32Array(W), new Uint32Array(W), new Uint32Array(W)];
  const advance = words();
  const loop = words();
  const literal = new Map<number, Uint32Array>();
  const stars = new Uint32Array(W);
  /** Sets state j in the masks of the given classes. */
  const set = (masks: Uint32Array[], j: number, classes: readonly number[]) => {
    for (const c of classes) masks[c][j >>> 5] |= 1 << (j & 31);
  };
  for (let j = 0; j < t.length; j++) {
    const k = t[j];
    if (k === STAR) set(loop, j, [0, 1, 2]);
    else if (k === SEGSTAR) set(loop, j, [1, 2]);
    else if (k === NAMESTAR) set(loop, j, [2]);
    else if (k === ONE) set(advance, j, [0, 1, 2]);
    else if (k === SEGONE) set(advance, j, [1, 2]);
    else if (k === NAMEONE) set(advance, j, [2]);
    else if (k >= 0) {
      let mask = literal.get(k);
      if (!mask) literal.set(k, (mask = new Uint32Array(W)));
      mask[j >>> 5] |= 1 << (j & 31);
    }
    if (k === STAR || k === SEGSTAR || k === NAMESTAR) stars[j >>> 5] |= 1 << (j & 31);
  }
  const masks = { W, advance, loop, literal, stars };
  masksCache.set(g, masks);
  return masks;
}

/** Adds the states after each star whose state is set (repeated, so that a run of stars is skipped whole). */
function skipStars(d: Uint32Array, stars: Uint32Array): void {
  for (let changed = true; changed;) {
    changed = false;
    let carry = 0;
    for (let w = 0; w < d.length; w++) {
      const x = d[w] & stars[w];
      const n = (d[w] | (x << 1) | carry) >>> 0;
      carry = x >>> 31;
      if (n !== d[w]) changed = true;
      d[w] = n;
    }
  }
}

/**
 * Does the glob match the string? (Used by tests and to double-check witnesses.) A bit-parallel simulation of the
 * glob's states, like the engine's matcher: each character of the value updates each 32-state word once, so the work
 * is value × ⌈tokens / 32⌉ — linear in the value whatever the number of `*` and `?`, never backtracking.
 */
export function globMatches(g: Glob, value: string): boolean {
  const { W, advance, loop, literal, stars } = masksOf(g);
  const v = g.ci ? value.toLowerCase() : value;
  let cur = new Uint32Array(W);
  let nxt = new Uint32Array(W);
  cur[0] = 1;
  skipStars(cur, stars);
  globWork.steps += W * v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const cls = c === COLON ? 0 : c === SLASH ? 1 : 2;
    const adv = advance[cls];
    const stay = loop[cls];
    const lit = literal.get(c);
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
    skipStars(nxt, stars);
    const tmp = cur;
    cur = nxt;
    nxt = tmp;
  }
  const m = g.tokens.length;
  return (cur[m >>> 5] & (1 << (m & 31))) !== 0;
}

const closeOver = (g: Glob, set: number[]): number[] => {
  const t = g.tokens;
  const seen = new Set(set);
  const out = [...set];
  for (let k = 0; k < out.length; k++) {
    const j = out[k];
    if (j < t.length && (t[j] === STAR || t[j] === SEGSTAR || t[j] === NAMESTAR) && !seen.has(j + 1)) {
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
