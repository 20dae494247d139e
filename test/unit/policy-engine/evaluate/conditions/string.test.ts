import { describe, expect, it } from 'vitest';
import { DOC, run } from './helpers';

type Row = [operator: string, policy: string[], request: string | string[] | undefined, expected: boolean];

// String condition operators: exact/ignore-case/like, several policy values OR, negated = matches none.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
const rows: Row[] = [
  ['StringEquals', ['john'], 'john', true],
  ['StringEquals', ['john'], 'John', false], // case-sensitive (condition element page: "Users named John are denied")
  ['StringEquals', ['a', 'john'], 'john', true], // several values OR
  ['StringEquals', ['jo*'], 'john', false], // no wildcards in StringEquals
  ['StringEquals', ['jo*'], 'jo*', true],
  ['StringEquals', [''], '', true],
  ['StringNotEquals', ['john'], 'john', false],
  ['StringNotEquals', ['john'], 'John', true],
  ['StringNotEquals', ['a', 'b'], 'a', false], // matches one → negated is false
  ['StringNotEquals', ['a', 'b'], 'c', true], // matches none
  ['StringEqualsIgnoreCase', ['JOHN'], 'john', true],
  ['StringEqualsIgnoreCase', ['JOHN'], 'joan', false],
  ['StringEqualsIgnoreCase', ['Straße'], 'STRASSE', false],
  ['StringEqualsIgnoreCase', ['ÉCOLE'], 'école', true],
  ['StringNotEqualsIgnoreCase', ['JOHN'], 'John', false],
  ['StringNotEqualsIgnoreCase', ['JOHN'], 'Jon', true],
  ['StringLike', ['home/*'], 'home/bob/docs', true], // * spans '/'
  ['StringLike', ['home/*'], 'Home/bob', false], // case-sensitive
  ['StringLike', ['a:*:c'], 'a:b:x:c', true], // * spans ':'
  ['StringLike', ['t?.micro'], 't2.micro', true],
  ['StringLike', ['t?.micro'], 't22.micro', false],
  ['StringLike', ['*'], '', true],
  ['StringLike', [''], '', true],
  ['StringLike', ['', 'home/'], 'home/', true],
  ['StringLike', ['*a*b*'], 'xxaxxbxx', true],
  ['StringLike', ['*a*b*'], 'xxbxxaxx', false],
  ['StringLike', ['ab*ba'], 'aba', false], // prefix and suffix may not overlap
  ['StringNotLike', ['home/*'], 'home/x', false],
  ['StringNotLike', ['home/*', 'tmp/*'], 'var/x', true],
];

describe(`String operators (${DOC.operators}#Conditions_String)`, () => {
  it.each(rows)('%s %j against %j → %s', (op, policy, request, expected) => {
    const context: Record<string, string | string[]> = request === undefined ? {} : { 'aws:username': request };
    expect(run(op, 'aws:username', policy, context)).toBe(expected);
  });

  // Missing key: positive false, negated true; IfExists true for both (operators page, "Important" box and ...IfExists).
  it.each([
    ['StringEquals', false],
    ['StringNotEquals', true],
    ['StringLike', false],
    ['StringNotLike', true],
    ['StringEqualsIgnoreCase', false],
    ['StringNotEqualsIgnoreCase', true],
    ['StringEqualsIfExists', true],
    ['StringNotEqualsIfExists', true],
    ['StringLikeIfExists', true],
    ['StringNotLikeIfExists', true],
  ] as const)(`missing key: %s → %s (${DOC.operators}#Conditions_IfExists)`, (op, expected) => {
    expect(run(op, 'ec2:InstanceType', ['t2.*'], {})).toBe(expected);
  });

  it(`IfExists still tests a present key (${DOC.operators}#Conditions_IfExists)`, () => {
    expect(
      run('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 't2.large' }),
    ).toBe(true);
    expect(
      run('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 'c5.large' }),
    ).toBe(false);
    expect(run('StringNotEqualsIfExists', 'aws:PrincipalTag/team', ['red'], { 'aws:PrincipalTag/team': 'red' })).toBe(
      false,
    );
  });

  // Context key names are case-insensitive; values are not (condition element page).
  it(`key names are case-insensitive (${DOC.condition})`, () => {
    expect(run('StringEquals', 'AWS:SourceVpc', ['vpc-1'], { 'aws:sourcevpc': 'vpc-1' })).toBe(true);
    expect(run('StringEquals', 'aws:PrincipalTag/TagKey1', ['x'], { 'aws:principaltag/tagkey1': 'x' })).toBe(true);
  });

  // "A multi-valued key with a single-valued operator does not match" (SEMANTICS §B4 [OBS]); the docs say multivalued
  // keys require a set operator.
  it(`multi-valued request value under a plain operator does not match, positive or negated (${DOC.multi})`, () => {
    const amr = { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'accounts.google.com'] };
    expect(run('StringEquals', 'cognito-identity.amazonaws.com:amr', ['authenticated'], amr)).toBe(false);
    expect(run('StringLike', 'cognito-identity.amazonaws.com:amr', ['*'], amr)).toBe(false);
    expect(run('StringNotEquals', 'cognito-identity.amazonaws.com:amr', ['unauthenticated'], amr)).toBe(false);
    expect(run('StringNotEqualsIfExists', 'cognito-identity.amazonaws.com:amr', ['unauthenticated'], amr)).toBe(false);
  });

  it('a one-element list for a key typed single-valued is read as that value; untyped it stays multi-valued', () => {
    expect(run('StringEquals', 'aws:username', ['bob'], { 'aws:username': ['bob'] }, { keyType: 'String' })).toBe(true);
    expect(run('StringEquals', 'aws:username', ['bob'], { 'aws:username': ['bob'] })).toBe(false);
  });

  it('an empty list counts as a missing key', () => {
    expect(run('StringEquals', 'k', ['a'], { k: [] })).toBe(false);
    expect(run('StringNotEquals', 'k', ['a'], { k: [] })).toBe(true);
    expect(run('StringEqualsIfExists', 'k', ['a'], { k: [] })).toBe(true);
  });

  it('no policy values: a positive operator matches nothing, a negated one matches everything present', () => {
    expect(run('StringEquals', 'k', [], { k: 'a' })).toBe(false);
    expect(run('StringNotEquals', 'k', [], { k: 'a' })).toBe(true);
  });
});
