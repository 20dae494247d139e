/**
 * How one condition combines the request's value(s) with the per-value test: missing keys, IfExists, ForAnyValue,
 * ForAllValues, and a multi-valued key under a single-valued operator.
 *
 * - Missing key: positive operators false, negated operators true; `…IfExists` makes it true either way.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 * - ForAnyValue: at least one request value satisfies the operator; false when the key is missing or the set is empty.
 *   ForAllValues: every request value satisfies it; true when the key is missing or the set is empty.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * - A single string under a set operator is a one-element set.
 * - A multi-valued key under a single-valued operator does not match — positive or negated. "Multivalued context keys
 *   require a condition set operator" [DOC]; that the negated operators are false too is [OBS] (cloud-copilot/iam-simulate,
 *   re:Inforce 2025 IAM431; SEMANTICS §B4). Reading it as "true" for a negated operator would let a Deny with
 *   StringNotEquals fire on every multi-valued request, which is not what is observed.
 * An empty list counts as a missing key.
 */

/** The set-operator prefix of a condition operator. */
export type SetOperator = 'ForAnyValue' | 'ForAllValues';

/** The outcome when the key is missing (or an empty list). */
export function missingOutcome(setOperator: SetOperator | undefined, ifExists: boolean, negated: boolean): boolean {
  if (ifExists) return true;
  if (setOperator === 'ForAllValues') return true;
  if (setOperator === 'ForAnyValue') return false;
  return negated;
}

/** Why the missing-key outcome is what it is (for explanations). */
export function missingWhy(setOperator: SetOperator | undefined, ifExists: boolean, negated: boolean): string {
  if (ifExists) return 'IfExists is true when the key is absent';
  if (setOperator === 'ForAllValues') return 'ForAllValues is true for a missing or empty set';
  if (setOperator === 'ForAnyValue') return 'ForAnyValue needs at least one value';
  return negated
    ? 'a negated operator is true when the key is absent'
    : 'a positive operator is false when the key is absent';
}

/** Combine per-value results under a set operator (values are the request's values, never empty here). */
export function combineSet<L>(
  setOperator: SetOperator,
  values: readonly string[],
  lookup: L,
  satisfies: (v: string, lookup: L) => boolean,
): boolean {
  if (setOperator === 'ForAnyValue') {
    for (let i = 0; i < values.length; i++) if (satisfies(values[i], lookup)) return true;
    return false;
  }
  for (let i = 0; i < values.length; i++) if (!satisfies(values[i], lookup)) return false;
  return true;
}
