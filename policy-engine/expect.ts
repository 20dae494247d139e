/**
 * The `expect` comparison of `rolecall test` (CONTRACT.md §4): every field given in `expect` must equal the answer's
 * field; objects are compared as subsets, recursively; arrays element by element with the same length.
 */

/**
 * The answer fields an `expect` may name: CONTRACT.md §3 and Rolecall's extras. `notes` is left out on purpose: the
 * contract lets test authors write notes (and `why`) in `expect`, and Rolecall ignores them.
 */
export const ANSWER_FIELDS: readonly string[] = [
  'id',
  'decision',
  'principalArn',
  'roleArn',
  'identityId',
  'resolution',
  'matchedStatements',
  'missingContextKeys',
  'message',
  'assumptions',
  'action',
  'resource',
  'policyTypes',
  'statements',
  'context',
  'error',
];

/** Splits an `expect` object into the fields compared and the top-level keys ignored (not answer fields). */
export function splitExpectation(expected: unknown): { compared: Record<string, unknown>; ignored: string[] } | null {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) return null;
  const compared: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (ANSWER_FIELDS.includes(key))
      Object.defineProperty(compared, key, { value, enumerable: true, writable: true, configurable: true });
    else ignored.push(key);
  }
  return { compared, ignored };
}

/** Lists every place where `actual` differs from `expected`, as `path: expected X, got Y`. Empty means it passes. */
export function expectationMismatches(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${path || '(answer)'}: expected an object, got ${show(actual)}`];
    const out: string[] = [];
    for (const key of Object.keys(expected)) {
      out.push(
        ...expectationMismatches(
          (expected as Record<string, unknown>)[key],
          (actual as Record<string, unknown>)[key],
          path ? `${path}.${key}` : key,
        ),
      );
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length)
      return [`${path}: expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((e, i) => expectationMismatches(e, actual[i], `${path}[${i}]`));
  }
  if (expected === null && actual === undefined) return [`${path}: expected null, got nothing`];
  return Object.is(expected, actual) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'nothing' : s.length > 200 ? s.slice(0, 200) + '…' : s;
}
