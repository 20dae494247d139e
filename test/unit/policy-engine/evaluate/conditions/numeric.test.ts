import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import { parseNumeric } from '../../../../../policy-engine/evaluate/conditions/numeric';
import { DOC, run } from './helpers';

// Numeric condition operators compare "an integer or decimal value".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
describe(`Numeric operators (${DOC.operators}#Conditions_Numeric)`, () => {
  it.each([
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', '11', false],
    ['NumericNotEquals', '10', '10', false],
    ['NumericNotEquals', '10', '9', true],
    ['NumericLessThan', '10', '9.99', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericLessThanEquals', '10', '11', false],
    ['NumericGreaterThan', '10', '11', true],
    ['NumericGreaterThan', '10', '10', false],
    ['NumericGreaterThanEquals', '10', '10', true],
    ['NumericGreaterThanEquals', '-1.5', '-2', false],
    ['NumericLessThanEquals', '.5', '0.5', true],
  ] as const)('%s %s vs request %s → %s', (op, policy, request, expected) => {
    expect(run(op, 's3:max-keys', [policy], { 's3:max-keys': request })).toBe(expected);
  });

  it('several policy values OR; the negated operator matches none', () => {
    expect(run('NumericEquals', 'k', ['1', '2'], { k: '2' })).toBe(true);
    expect(run('NumericNotEquals', 'k', ['1', '2'], { k: '2' })).toBe(false);
    expect(run('NumericNotEquals', 'k', ['1', '2'], { k: '3' })).toBe(true);
  });

  it(`missing key: positive false, negated true, IfExists true (${DOC.operators}#Conditions_IfExists)`, () => {
    expect(run('NumericLessThanEquals', 's3:max-keys', ['10'], {})).toBe(false);
    expect(run('NumericNotEquals', 's3:max-keys', ['10'], {})).toBe(true);
    expect(run('NumericLessThanEqualsIfExists', 's3:max-keys', ['10'], {})).toBe(true);
  });

  it('a request value that is not a number does not match, positive or negated, and explain says why', () => {
    expect(run('NumericLessThan', 'k', ['10'], { k: 'abc' })).toBe(false);
    expect(run('NumericNotEquals', 'k', ['10'], { k: 'abc' })).toBe(false);
    const r = compileCondition(
      { operator: 'NumericLessThan', key: 'k', values: ['10'], path: 'p' },
      { variablesEnabled: true },
    );
    if (!r.ok) throw new Error('compile');
    expect(r.condition.explain((k) => (k === 'k' ? 'abc' : undefined)).reason).toContain('"abc" is not a number');
  });

  it('a policy value that is not a number is a compile error with path and range', () => {
    const range = { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } };
    const r = compileCondition(
      {
        operator: 'NumericLessThan',
        key: 'k',
        values: ['ten'],
        path: 'Statement[0].Condition.NumericLessThan.k',
        range,
      },
      { variablesEnabled: true },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      severity: 'error',
      code: 'condition.bad-value',
      path: 'Statement[0].Condition.NumericLessThan.k',
      range,
    });
  });

  // "You can not use a policy variable with the Numeric condition operator."
  it(`a variable in a Numeric value is literal text with a warning (${DOC.variables}#policy-vars-conditionelement)`, () => {
    const r = compileCondition(
      { operator: 'NumericEquals', key: 'k', values: ['${aws:MaxKeys}'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.severity, e.code])).toEqual([
      ['error', 'condition.bad-value'],
      ['warning', 'condition.variable-not-allowed'],
    ]);
  });

  it.each(['1', '-1', '+2', '1.5', '.5', '5.', '007'])('parses %s', (s) => expect(parseNumeric(s)).toBe(Number(s)));
  it.each(['', ' 1', '1e3', '0x10', 'NaN', 'Infinity', '1,000', '1.2.3'])('rejects %j', (s) =>
    expect(parseNumeric(s)).toBeUndefined(),
  );
});
