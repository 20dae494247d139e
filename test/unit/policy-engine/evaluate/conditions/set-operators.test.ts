import { describe, expect, it } from 'vitest';
import { DOC, run } from './helpers';

const AMR = 'cognito-identity.amazonaws.com:amr';
const TAGS = 'aws:TagKeys';

type Row = [operator: string, policy: string[], request: string | string[] | undefined, expected: boolean];

// Set operators for multi-valued keys. ForAnyValue: at least one request value satisfies the operator, false when the
// key is missing or empty. ForAllValues: every request value satisfies it, true when missing or empty.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
const rows: Row[] = [
  // ForAnyValue
  ['ForAnyValue:StringLike', ['authenticated'], ['authenticated', 'accounts.google.com'], true],
  ['ForAnyValue:StringLike', ['authenticated'], ['unauthenticated'], false],
  ['ForAnyValue:StringLike', ['authenticated'], 'authenticated', true], // single string = one-element set
  ['ForAnyValue:StringLike', ['authenticated'], [], false], // empty set
  ['ForAnyValue:StringLike', ['authenticated'], undefined, false], // missing
  ['ForAnyValue:StringEquals', ['a', 'b'], ['c', 'b'], true],
  ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true], // "b" matches none of the policy values
  ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'b'], false],
  ['ForAnyValue:StringNotEquals', ['a'], undefined, false], // ForAnyValue on missing is false even when negated
  ['ForAnyValue:StringLikeIfExists', ['x'], undefined, true], // IfExists overrides
  // ForAllValues
  ['ForAllValues:StringEquals', ['environment', 'cost-center'], ['environment'], true],
  ['ForAllValues:StringEquals', ['environment', 'cost-center'], ['environment', 'owner'], false],
  ['ForAllValues:StringEquals', ['environment'], [], true], // empty set is vacuously true
  ['ForAllValues:StringEquals', ['environment'], undefined, true], // missing is true
  ['ForAllValues:StringEquals', ['environment'], 'environment', true],
  ['ForAllValues:StringEquals', ['environment'], 'owner', false],
  ['ForAllValues:StringNotEquals', ['secret'], ['a', 'b'], true], // every value matches none
  ['ForAllValues:StringNotEquals', ['secret'], ['a', 'secret'], false],
  ['ForAllValues:StringNotEquals', ['secret'], undefined, true],
  ['ForAllValues:StringLike', ['env*', 'cost*'], ['environment', 'cost-center'], true],
  ['ForAllValues:StringEqualsIgnoreCase', ['ENVIRONMENT'], ['environment', 'Environment'], true],
];

describe(`set operators (${DOC.multi})`, () => {
  it.each(rows)('%s %j with request %j → %s', (op, policy, request, expected) => {
    const context: Record<string, string | string[]> = request === undefined ? {} : { [TAGS]: request };
    expect(run(op, TAGS, policy, context)).toBe(expected);
  });

  it(`the Cognito trust-policy amr check (${DOC.multiExamples})`, () => {
    const op = 'ForAnyValue:StringLike';
    expect(
      run(op, AMR, ['authenticated'], {
        [AMR]: [
          'authenticated',
          'cognito-idp.us-east-1.amazonaws.com/pool',
          'cognito-idp.us-east-1.amazonaws.com/pool:CognitoSignIn:x',
        ],
      }),
    ).toBe(true);
    expect(run(op, AMR, ['unauthenticated'], { [AMR]: ['unauthenticated'] })).toBe(true);
    expect(run(op, AMR, ['unauthenticated'], { [AMR]: ['authenticated', 'graph.facebook.com'] })).toBe(false);
  });

  it('set operators work on typed families too (Numeric, IpAddress, Arn, Date)', () => {
    expect(run('ForAnyValue:NumericGreaterThan', 'k', ['10'], { k: ['1', '20'] })).toBe(true);
    expect(run('ForAllValues:NumericGreaterThan', 'k', ['10'], { k: ['1', '20'] })).toBe(false);
    expect(run('ForAllValues:NumericGreaterThan', 'k', ['10'], { k: ['11', 'x'] })).toBe(false); // an unparseable value fails
    expect(run('ForAnyValue:IpAddress', 'k', ['10.0.0.0/8'], { k: ['192.0.2.1', '10.1.2.3'] })).toBe(true);
    expect(
      run('ForAllValues:ArnLike', 'k', ['arn:aws:iam::*:role/*'], {
        k: ['arn:aws:iam::1:role/a', 'arn:aws:iam::2:role/b'],
      }),
    ).toBe(true);
    expect(run('ForAnyValue:DateLessThan', 'k', ['2020-01-01T00:00:00Z'], { k: ['2019-01-01T00:00:00Z'] })).toBe(true);
  });
});
