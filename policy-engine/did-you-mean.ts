/**
 * "Did you mean": the closest known spelling of a misspelt name (a field, an action, a pool id, a flag), and the
 * message for an unknown field of an object whose shape Rolecall defines (CONTRACT.md), so a typo is never read as
 * something else silently.
 */

/** The closest candidate to a misspelt name (edit distance at most a third of its length), for "did you mean". */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (bounded work: very different lengths answer at once). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** `; did you mean "x"?` when something is close, else ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const guess = closest(name, candidates);
  return guess !== undefined && guess !== name ? `; did you mean "${guess}"?` : '';
}

/**
 * The first key of `value` that is not one of `fields`, with the message saying what it is, the closest field and
 * every field the object takes: `unknown field "claim" in the identity; did you mean "claims"? (its fields: …)`.
 */
export function unknownField(
  value: Record<string, unknown>,
  fields: readonly string[],
  what: string,
): { key: string; message: string } | null {
  for (const key of Object.keys(value)) {
    if (fields.includes(key)) continue;
    return {
      key,
      message: `unknown field "${key}" in ${what}${didYouMean(key, fields)} (its fields: ${fields.join(', ')})`,
    };
  }
  return null;
}
