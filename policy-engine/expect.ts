/**
 * The `expect` comparison of `rolecall test` (CONTRACT.md §4): every field given in `expect` must equal the answer's
 * field; objects are compared as subsets, recursively; arrays element by element with the same length.
 */

/** Lists every place where `actual` differs from `expected`, as `path: expected X, got Y`. Empty means it passes. */
export function expectationMismatches(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path || '(answer)'}: expected an object, got ${show(actual)}`];
    const out: string[] = [];
    for (const key of Object.keys(expected)) {
      out.push(...expectationMismatches((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((e, i) => expectationMismatches(e, actual[i], `${path}[${i}]`));
  }
  if (expected === null && actual === undefined) return [`${path}: expected null, got nothing`];
  return Object.is(expected, actual) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'nothing' : s.length > 200 ? s.slice(0, 200) + '…' : s;
}
