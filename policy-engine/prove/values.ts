/**
 * Request-context values the caller chooses (aws:SourceIp, s3:prefix, dynamodb:LeadingKeys, aws:CurrentTime, …): for
 * one key and the conditions that test it, a finite set of candidate values that meets every region the conditions
 * can tell apart — so "some value satisfies all of them" is decided by trying the candidates with the engine's own
 * condition tests.
 *
 * - strings (StringEquals/Like/IgnoreCase, ArnLike): one shortest string per non-empty cell of the patterns' Boolean
 *   algebra (glob.ts decides emptiness exactly);
 * - numbers and dates: every boundary, a point between each pair, one below and one above (intervals);
 * - IP addresses: each CIDR's first and last address and their neighbours (ranges);
 * - Bool: true, false, other; binary: each literal and another value;
 * - absent, and for set operators (ForAnyValue / ForAllValues) the empty set and the sets of those candidates.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ContextValue } from '../model/request';
import type { ConditionSpec } from '../evaluate/conditions';
import { parseTemplate, resolveVariable, type ContextLookup } from '../evaluate/variables';
import { globOf, neverGlob, solveStrings, type Glob, type GlobLiteral, type GlobPiece } from './glob';

/** A condition literal on one key: the parsed spec, and whether it must hold (true) or fail (false). */
export interface KeyLiteral {
  spec: ConditionSpec;
  want: boolean;
}

/** Candidates for one key, and whether the set is exhaustive for the literals (false: a guess, say why). */
export interface Candidates {
  values: (ContextValue | undefined)[];
  exact: boolean;
  why?: string;
}

const baseOf = (op: string): string => op.replace(/^For(Any|All)Values:/, '').replace(/IfExists$/, '');
const familyOf = (base: string): string => {
  if (base.startsWith('String')) return 'string';
  if (base.startsWith('Arn')) return 'arn';
  if (base.startsWith('Numeric')) return 'numeric';
  if (base.startsWith('Date')) return 'date';
  if (base.startsWith('IpAddress') || base === 'NotIpAddress') return 'ip';
  if (base === 'Bool') return 'bool';
  if (base === 'BinaryEquals') return 'binary';
  return 'null';
};

/** A policy value's pieces with its variables resolved (literal), or null when one cannot be. */
function resolvePieces(value: string, lookup: ContextLookup): GlobPiece[] | null {
  const t = parseTemplate(value, true);
  const out: GlobPiece[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') out.push({ text: p.text, literal: false });
    else if (p.kind === 'escape') out.push({ text: p.char, literal: true });
    else {
      const v = resolveVariable(p, lookup);
      if (v === null) return null;
      out.push({ text: v, literal: true });
    }
  }
  return out;
}

/** The glob a string/ARN policy value stands for. */
function valueGlob(base: string, value: string, lookup: ContextLookup): Glob {
  const pieces = resolvePieces(value, lookup);
  if (!pieces) return neverGlob(value);
  if (base.startsWith('Arn')) return globOf(pieces, 'arn');
  if (base.includes('Like')) return globOf(pieces, 'plain');
  return globOf(pieces, 'exact', base.includes('IgnoreCase'));
}

/** One representative string per non-empty cell of the globs' Boolean algebra (at most `limit` cells). */
function cellRepresentatives(globs: Glob[], limit = 64): { reps: string[]; exact: boolean } {
  let regions: GlobLiteral[][] = [[]];
  let exact = true;
  for (const g of globs) {
    const next: GlobLiteral[][] = [];
    for (const r of regions) {
      for (const want of [true, false]) {
        const lits = [...r, { glob: g, want }];
        const s = solveStrings(lits, { maxStates: 5000 });
        if (s.status === 'sat') next.push(lits);
        else if (s.status === 'unknown') {
          exact = false;
          next.push(lits);
        }
      }
    }
    regions = next;
    if (regions.length > limit) {
      regions = regions.slice(0, limit);
      exact = false;
    }
  }
  const reps: string[] = [];
  for (const r of regions) {
    const s = solveStrings(r, { maxStates: 5000 });
    if (s.status === 'sat') reps.push(s.value);
  }
  return { reps: [...new Set(reps)], exact };
}

function numericCandidates(values: number[]): string[] {
  const b = [...new Set(values.filter((v) => Number.isFinite(v)))].sort((x, y) => x - y);
  if (!b.length) return ['0'];
  const out = [b[0] - 1];
  b.forEach((v, i) => {
    out.push(v);
    out.push(i + 1 < b.length ? (v + b[i + 1]) / 2 : v + 1);
  });
  return out.map((n) => String(n));
}

function dateCandidates(values: number[]): string[] {
  const b = [...new Set(values.filter((v) => Number.isFinite(v)))].sort((x, y) => x - y);
  if (!b.length) return ['2026-01-01T00:00:00Z'];
  const out = [b[0] - 1000];
  b.forEach((v, i) => {
    out.push(v);
    out.push(i + 1 < b.length ? Math.floor((v + b[i + 1]) / 2) : v + 1000);
  });
  return out.filter((t) => t >= 0 && t < 253402300800000).map((t) => new Date(t).toISOString());
}

/** Parses a date policy value as the engine does (ISO 8601 or epoch seconds). */
function dateValue(raw: string): number {
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  return Date.parse(raw);
}

function ipToBig(s: string): { n: bigint; v4: boolean } | null {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const p = s.split('.').map(Number);
    if (p.some((x) => x > 255)) return null;
    return { n: BigInt(((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3]), v4: true };
  }
  if (!s.includes(':')) return null;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const hs = head ? head.split(':') : [];
  const ts = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? hs : [...hs, ...Array(8 - hs.length - ts.length).fill('0'), ...ts];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return { n: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n), v4: false };
}

function bigToIp(n: bigint, v4: boolean): string {
  if (v4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const g: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) g.push(((n >> s) & 0xffffn).toString(16));
  return g.join(':');
}

function ipCandidates(values: string[]): string[] {
  const out = new Set<string>(['198.51.100.7', '2001:db8::7']);
  for (const raw of values) {
    const [addr, len] = raw.split('/');
    const ip = ipToBig(addr.trim());
    if (!ip) continue;
    const bits = ip.v4 ? 32 : 128;
    const prefix = len === undefined ? bits : Number(len);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) continue;
    const size = 1n << BigInt(bits - prefix);
    const first = (ip.n / size) * size;
    const last = first + size - 1n;
    const max = (1n << BigInt(bits)) - 1n;
    for (const n of [first, last, first - 1n, last + 1n]) if (n >= 0n && n <= max) out.add(bigToIp(n, ip.v4));
  }
  return [...out];
}

/** Whether the operator treats the key as a set (ForAnyValue / ForAllValues). */
const isSetOp = (op: string) => op.startsWith('ForAnyValue:') || op.startsWith('ForAllValues:');

/**
 * Candidate values for a key the caller chooses, given the literals on it. `lookup` resolves policy variables in the
 * values (fixed keys: the principal's, the identity id).
 */
export function candidatesFor(
  literals: readonly KeyLiteral[],
  lookup: ContextLookup,
  opts?: { multiValued?: boolean },
): Candidates {
  const families = new Set<string>();
  const globs: Glob[] = [];
  const numbers: number[] = [];
  const dates: number[] = [];
  const ips: string[] = [];
  const binaries: string[] = [];
  let why: string | undefined;
  let setOps = opts?.multiValued === true;
  for (const l of literals) {
    const base = baseOf(l.spec.operator);
    const fam = familyOf(base);
    if (isSetOp(l.spec.operator)) setOps = true;
    if (fam !== 'null') families.add(fam);
    for (const v of l.spec.values) {
      if (fam === 'string' || fam === 'arn') globs.push(valueGlob(base, v, lookup));
      else if (fam === 'numeric') numbers.push(Number(v));
      else if (fam === 'date') dates.push(dateValue(v));
      else if (fam === 'ip') ips.push(v);
      else if (fam === 'binary') binaries.push(v);
    }
  }
  const single: string[] = [];
  let exact = true;
  if (families.size > 1 && !(families.size === 2 && families.has('string') && families.has('arn'))) {
    exact = false;
    why = `the key is tested by several operator families (${[...families].join(', ')})`;
  }
  if (families.has('string') || families.has('arn')) {
    const r = cellRepresentatives(globs);
    single.push(...r.reps);
    if (!r.exact) {
      exact = false;
      why = why ?? 'too many string patterns to split exactly';
    }
  }
  if (families.has('numeric')) single.push(...numericCandidates(numbers), 'x');
  if (families.has('date')) single.push(...dateCandidates(dates), 'x');
  if (families.has('ip')) single.push(...ipCandidates(ips), 'x');
  if (families.has('bool')) single.push('true', 'false', 'x');
  if (families.has('binary')) single.push(...binaries, 'eA==');
  if (families.size === 0) single.push('x');
  const uniq = [...new Set(single)];
  const values: (ContextValue | undefined)[] = [undefined];
  if (!setOps) values.push(...uniq);
  else {
    // A multi-valued key: sets first (a request carries a list), then the same values as plain strings.
    values.push([]);
    // Every set of candidates when there are few; otherwise pairs (and say it is not exhaustive).
    if (uniq.length <= 6) {
      for (let mask = 1; mask < 1 << uniq.length; mask++) values.push(uniq.filter((_, i) => mask & (1 << i)));
    } else {
      for (let i = 0; i < uniq.length; i++) for (let j = i + 1; j < uniq.length; j++) values.push([uniq[i], uniq[j]]);
      exact = false;
      why = why ?? `a multi-valued key with ${uniq.length} kinds of values (only pairs were tried)`;
    }
    values.push(...uniq);
  }
  return { values, exact, ...(why ? { why } : {}) };
}
