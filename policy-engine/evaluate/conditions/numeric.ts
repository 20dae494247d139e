/**
 * Numeric condition operators: NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals,
 * NumericGreaterThan, NumericGreaterThanEquals. "an integer or decimal value"; no variables, no wildcards.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
import type { OperatorFamily } from './types';
import { fixedMatcher, variableNotAllowed } from './types';

// Optional sign, digits with an optional fraction, or a bare fraction. No exponent, no spaces, no hex [INF: the docs
// only say "integer or decimal"]. Values compare as IEEE doubles (integers beyond 2^53 lose precision).
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parse an IAM numeric value; undefined when it is not one. */
export function parseNumeric(raw: string): number | undefined {
  return NUMBER.test(raw) ? Number(raw) : undefined;
}

/** Compare request (a) with policy (b) for a positive numeric operator. */
export function compareNumbers(base: string, a: number, b: number): boolean {
  switch (base) {
    case 'LessThan':
      return a < b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThan':
      return a > b;
    case 'GreaterThanEquals':
      return a >= b;
    default:
      return a === b; // Equals, NotEquals (negation is applied by the caller)
  }
}

/** The Numeric operator family. */
export const numericFamily: OperatorFamily<number> = {
  label: 'Numeric',
  operators: {
    NumericEquals: { negated: false },
    NumericNotEquals: { negated: true },
    NumericLessThan: { negated: false },
    NumericLessThanEquals: { negated: false },
    NumericGreaterThan: { negated: false },
    NumericGreaterThanEquals: { negated: false },
  },
  keyTypes: ['Numeric'],
  parseRequest: parseNumeric,
  requestError: (raw) => `"${raw}" is not a number`,
  compileValue(base, value, opts) {
    const issues = variableNotAllowed('Numeric', value, opts.variablesEnabled);
    const b = parseNumeric(value);
    if (b === undefined) {
      issues.push({
        severity: 'error',
        code: 'condition.bad-value',
        message: `${base} needs an integer or decimal number; "${value}" is not one.`,
      });
      return { ok: false, issues };
    }
    const cmp = base.slice('Numeric'.length);
    return { ok: true, issues, matcher: fixedMatcher<number>(value, (a) => compareNumbers(cmp, a, b)) };
  },
};
