/**
 * Small helpers over policy documents as importers see them: decode the three accepted forms (object, JSON string,
 * URL-encoded JSON string — IAM's APIs return the last), compare two documents by content, and list the resource ARNs
 * a document names (to infer a bucket's or table's ARN and to know which resource policies to fetch).
 * URL encoding: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html (PolicyDocument is URL-encoded)
 */
import type { PolicyInput } from '../model/workspace';
import { findTooDeep, MAX_JSON_DEPTH } from '../json-text';

/**
 * Decodes a policy document; null when it is neither an object nor (URL-encoded) JSON, or when its text nests more
 * than MAX_JSON_DEPTH levels (comparing or walking such a document would exhaust the stack; policyTooDeep says so).
 */
export function decodePolicy(input: unknown): Record<string, unknown> | null {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  if (typeof input !== 'string') return null;
  const tryJson = (s: string): Record<string, unknown> | null => {
    if (findTooDeep(s)) return null;
    try {
      const v: unknown = JSON.parse(s);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const direct = tryJson(input);
  if (direct) return direct;
  if (!/%[0-9A-Fa-f]{2}/.test(input)) return null;
  try {
    return tryJson(decodeURIComponent(input.replace(/\+/g, '%20')));
  } catch {
    return null;
  }
}

/** Why a policy document cannot be decoded when it nests too deeply (see decodePolicy); null otherwise. */
export function policyTooDeep(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  let deep = findTooDeep(input) !== null;
  if (!deep && /%[0-9A-Fa-f]{2}/.test(input)) {
    try {
      deep = findTooDeep(decodeURIComponent(input.replace(/\+/g, '%20'))) !== null;
    } catch {
      deep = false;
    }
  }
  return deep
    ? `the policy document is nested too deeply (more than ${MAX_JSON_DEPTH} levels of objects and arrays inside each other); Rolecall refuses it before reading it`
    : null;
}

/** JSON with object keys sorted, for comparing content regardless of key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether two policy inputs hold the same document (forms may differ: object vs URL-encoded string). */
export function samePolicy(a: PolicyInput | undefined, b: PolicyInput | undefined): boolean {
  if (a === b) return true;
  const da = decodePolicy(a);
  const db = decodePolicy(b);
  if (!da || !db) return a === b;
  return canonicalJson(da) === canonicalJson(db);
}

/** Every string in a document's `Resource` elements (the `NotResource` ones too). */
export function resourceStrings(input: unknown): string[] {
  const doc = decodePolicy(input);
  if (!doc) return [];
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const out: string[] = [];
  for (const st of statements) {
    if (typeof st !== 'object' || st === null) continue;
    for (const k of ['Resource', 'NotResource']) {
      const v = (st as Record<string, unknown>)[k];
      for (const r of Array.isArray(v) ? v : [v]) if (typeof r === 'string') out.push(r);
    }
  }
  return out;
}

/** S3 bucket names a set of resource strings names exactly (no wildcard or policy variable in the bucket part). */
export function bucketNames(resources: string[]): string[] {
  const out = new Set<string>();
  for (const r of resources) {
    const m = /^arn:[\w-]+:s3:::([^/]+)/.exec(r);
    if (m && !/[*?$]/.test(m[1])) out.add(m[1]);
  }
  return [...out].sort();
}

/** DynamoDB table ARNs (without `/index/…` or `/stream/…`) named exactly. */
export function tableArns(resources: string[]): string[] {
  const out = new Set<string>();
  for (const r of resources) {
    const m = /^(arn:[\w-]+:dynamodb:[\w-]+:\d{12}:table\/[^/]+)/.exec(r);
    if (m && !/[*?$]/.test(m[1])) out.add(m[1]);
  }
  return [...out].sort();
}
