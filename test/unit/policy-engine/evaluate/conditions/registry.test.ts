import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  conditionOperatorNames,
  parseOperator,
  suggestOperator,
} from '../../../../../policy-engine/evaluate/conditions/index';
import type { KeyType } from '../../../../../policy-engine/evaluate/conditions/index';
import { DOC } from './helpers';

describe(`operator names (${DOC.operators})`, () => {
  it('lists every documented base operator exactly once', () => {
    const expected = [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
      'Bool',
      'BinaryEquals',
      'IpAddress',
      'NotIpAddress',
      'ArnEquals',
      'ArnLike',
      'ArnNotEquals',
      'ArnNotLike',
      'Null',
    ];
    expect([...conditionOperatorNames].sort()).toEqual([...expected].sort());
  });

  it.each([
    ['StringEquals', { base: 'StringEquals', ifExists: false }],
    ['StringLikeIfExists', { base: 'StringLike', ifExists: true }],
    ['ForAnyValue:StringLike', { base: 'StringLike', setOperator: 'ForAnyValue', ifExists: false }],
    ['ForAllValues:StringNotEqualsIfExists', { base: 'StringNotEquals', setOperator: 'ForAllValues', ifExists: true }],
    ['NullIfExists', { base: 'Null', ifExists: true }], // parsed; compileCondition rejects it
    ['ForAnyValue:Null', { base: 'Null', setOperator: 'ForAnyValue', ifExists: false }],
  ])('parses %s', (name, expected) => expect(parseOperator(name)).toEqual(expected));

  // Operator names are case-sensitive: IAM answers "MalformedPolicyDocument: Invalid Condition type : stringEquals"
  // [OBS: ministryofjustice/modernisation-platform-environments#8893].
  it.each([
    'stringEquals',
    'STRINGEQUALS',
    'StringEqual',
    'IfExists',
    'ForAnyValue:',
    'forAnyValue:StringLike',
    'StringEqualsIfexists',
    'ForSomeValues:StringLike',
    '',
  ])('rejects %j', (name) => expect(parseOperator(name)).toBeNull());

  it.each([
    ['stringEquals', 'StringEquals'],
    ['StringEqual', 'StringEquals'],
    ['forAnyValue:stringlike', 'ForAnyValue:StringLike'],
    ['StringLikeIfexists', 'StringLikeIfExists'],
    ['IPAddress', 'IpAddress'],
    ['ArnLik', 'ArnLike'],
    ['NumericLessThen', 'NumericLessThan'],
  ])('suggests %s → %s', (name, s) => expect(suggestOperator(name)).toBe(s));

  it('does not suggest anything for a name far from every operator', () =>
    expect(suggestOperator('Banana')).toBeUndefined());

  it('an unknown operator is a condition.unknown-operator error with "did you mean", the path and the range', () => {
    const range = { start: { line: 7, column: 9 }, end: { line: 7, column: 23 } };
    const r = compileCondition(
      { operator: 'stringLike', key: 's3:prefix', values: ['home/'], path: 'Statement[1].Condition.stringLike', range },
      { variablesEnabled: true },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      severity: 'error',
      code: 'condition.unknown-operator',
      path: 'Statement[1].Condition.stringLike',
      range,
    });
    expect(r.errors[0].message).toContain('Did you mean "StringLike"?');
  });
});

describe(`key types (${DOC.multi})`, () => {
  const compileWith = (operator: string, keyType: KeyType) =>
    compileCondition(
      { operator, key: 'k', values: ['1'], path: 'p' },
      { variablesEnabled: true, keyType: () => keyType },
    );

  it('warns when a multi-valued key is used without a set operator', () => {
    const r = compileWith('StringEquals', 'ArrayOfString');
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['condition.multivalued-key-needs-set-operator']);
  });
  it('warns when a set operator is used on a single-valued key (overly permissive)', () => {
    const r = compileWith('ForAllValues:StringEquals', 'String');
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['condition.set-operator-on-single-valued-key']);
  });
  it('warns when the operator family does not fit the key type', () => {
    const r = compileWith('StringEquals', 'Numeric');
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['condition.operator-type-mismatch']);
  });
  it('is quiet when everything fits', () => {
    expect(compileWith('NumericLessThan', 'Numeric')).toMatchObject({ ok: true, warnings: [] });
    expect(compileWith('ForAnyValue:StringLike', 'ArrayOfString')).toMatchObject({ ok: true, warnings: [] });
    expect(compileWith('ArnLike', 'ARN').ok).toBe(true);
  });
});
