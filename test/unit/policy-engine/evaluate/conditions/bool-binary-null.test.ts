import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import { decodeBase64 } from '../../../../../policy-engine/evaluate/conditions/binary';
import { DOC, ctx, run } from './helpers';

// Bool compares a key with "true" or "false".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
describe(`Bool (${DOC.operators}#Conditions_Boolean)`, () => {
  it.each([
    ['false', 'false', true],
    ['false', 'true', false],
    ['true', 'true', true],
    ['true', 'TRUE', true],
    ['True', 'true', true],
    ['true', 'yes', false],
    ['true', '1', false],
  ] as const)('Bool %s vs request %s → %s', (policy, request, expected) => {
    expect(run('Bool', 'aws:SecureTransport', [policy], { 'aws:SecureTransport': request })).toBe(expected);
  });

  it(`missing key: Bool false, BoolIfExists true (${DOC.operators}#Conditions_IfExists)`, () => {
    expect(run('Bool', 'aws:MultiFactorAuthPresent', ['true'], {})).toBe(false);
    expect(run('BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {})).toBe(true);
  });

  it('a policy value other than true/false is a compile error', () => {
    const r = compileCondition(
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['yes'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['condition.bad-value']);
  });

  // The operators page allows variables with Bool, the variables page does not: [AMBIG] — allowed, with an info note.
  it(`a variable in Bool is resolved and gives an info diagnostic (${DOC.operators}#Conditions_Boolean vs ${DOC.variables})`, () => {
    const r = compileCondition(
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['${aws:ExpectTls}'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => [w.severity, w.code])).toEqual([['info', 'condition.bool-variable']]);
    expect(r.condition.test(ctx({ 'aws:SecureTransport': 'true', 'aws:ExpectTls': 'true' }))).toBe(true);
    expect(r.condition.test(ctx({ 'aws:SecureTransport': 'true', 'aws:ExpectTls': 'false' }))).toBe(false);
    expect(r.condition.test(ctx({ 'aws:SecureTransport': 'true' }))).toBe(false); // unresolved → no match
  });
});

// BinaryEquals "compares the value of the specified key byte for byte against a base-64 encoded representation".
describe(`BinaryEquals (${DOC.operators}#Conditions_BinaryEquals)`, () => {
  const v = 'QmluYXJ5VmFsdWVJbkJhc2U2NA==';
  it('matches the same bytes, also written without padding', () => {
    expect(run('BinaryEquals', 'k', [v], { k: v })).toBe(true);
    expect(run('BinaryEquals', 'k', [v], { k: 'QmluYXJ5VmFsdWVJbkJhc2U2NA' })).toBe(true);
    expect(run('BinaryEquals', 'k', [v], { k: 'QmluYXJ5' })).toBe(false);
    expect(run('BinaryEquals', 'k', [v], { k: 'not base64!' })).toBe(false);
    expect(run('BinaryEquals', 'k', [v], {})).toBe(false);
    expect(run('BinaryEqualsIfExists', 'k', [v], {})).toBe(true);
  });
  it('decodes base64 byte for byte', () => {
    expect(Array.from(decodeBase64('AAEC/w==') ?? [])).toEqual([0, 1, 2, 255]);
    expect(new TextDecoder().decode(decodeBase64(v))).toBe('BinaryValueInBase64');
    expect(decodeBase64('A')).toBeUndefined();
    expect(decodeBase64('AB=')).toBeUndefined();
  });
  it('an invalid base64 policy value is a compile error', () => {
    const r = compileCondition(
      { operator: 'BinaryEquals', key: 'k', values: ['***'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['condition.bad-value']);
  });
});

// Null: "true (the key doesn't exist — it is null) or false (the key exists and its value is not null)".
describe(`Null (${DOC.operators}#Conditions_Null)`, () => {
  it.each([
    ['true', undefined, true],
    ['true', '2020-01-01T00:00:00Z', false],
    ['false', undefined, false],
    ['false', 'x', true],
    ['true', [] as string[], true],
    ['false', ['a', 'b'], true],
  ] as const)('Null %s with request %j → %s', (policy, request, expected) => {
    const context: Record<string, string | string[]> =
      request === undefined ? {} : { 'aws:TokenIssueTime': request as string | string[] };
    expect(run('Null', 'aws:TokenIssueTime', [policy], context)).toBe(expected);
  });

  it('both values OR: always true', () => {
    expect(run('Null', 'k', ['true', 'false'], {})).toBe(true);
    expect(run('Null', 'k', ['true', 'false'], { k: 'x' })).toBe(true);
  });

  // "You can add IfExists to the end of any condition operator name except the Null condition".
  it.each([
    ['NullIfExists', 'condition.ifexists-on-null'],
    ['ForAnyValue:Null', 'condition.set-operator-on-null'],
    ['ForAllValues:Null', 'condition.set-operator-on-null'],
  ])(`%s is an error (${DOC.operators}#Conditions_IfExists)`, (op, code) => {
    const r = compileCondition(
      { operator: op, key: 'k', values: ['true'], path: 'Condition' },
      { variablesEnabled: true },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toContain(code);
  });

  it('a value other than true/false is an error; a variable there is literal text with a warning', () => {
    const r = compileCondition(
      { operator: 'Null', key: 'k', values: ['${aws:x}'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['condition.bad-value', 'condition.variable-not-allowed']);
  });
});
