import { describe, expect, it } from 'vitest';
import { DOC, compile, ctx, run } from './helpers';

// Policy variables in String and ARN condition values.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
describe(`variables in condition values (${DOC.variables})`, () => {
  it('substitutes the request value (s3:prefix home directory example)', () => {
    const values = ['', 'home/', 'home/${aws:username}/'];
    expect(run('StringLike', 's3:prefix', values, { 's3:prefix': 'home/david/', 'aws:username': 'david' })).toBe(true);
    expect(run('StringLike', 's3:prefix', values, { 's3:prefix': 'home/adele/', 'aws:username': 'david' })).toBe(false);
  });

  it('variable key names are case-insensitive ("aws:CurrentTime is equivalent to AWS:currenttime")', () => {
    expect(run('StringEquals', 'k', ['${AWS:UserName}'], { k: 'bob', 'aws:username': 'bob' })).toBe(true);
  });

  it(`a default value applies when the key is missing (${DOC.variables}#policy-vars-default-values)`, () => {
    const values = ["${aws:PrincipalTag/team, 'company-wide'}"];
    expect(run('StringEquals', 'aws:ResourceTag/team', values, { 'aws:ResourceTag/team': 'company-wide' })).toBe(true);
    expect(
      run('StringEquals', 'aws:ResourceTag/team', values, {
        'aws:ResourceTag/team': 'red',
        'aws:PrincipalTag/team': 'red',
      }),
    ).toBe(true);
    expect(
      run('StringEquals', 'aws:ResourceTag/team', values, {
        'aws:ResourceTag/team': 'company-wide',
        'aws:PrincipalTag/team': 'red',
      }),
    ).toBe(false);
  });

  // SEMANTICS §B5: unresolved in a positive operator → that value does not match; negated → matches.
  it(`an unresolved variable: positive operators do not match, negated ones do (${DOC.variables})`, () => {
    for (const op of ['StringEquals', 'StringLike', 'StringEqualsIgnoreCase'])
      expect(run(op, 'k', ['${aws:username}'], { k: 'x' })).toBe(false);
    for (const op of ['StringNotEquals', 'StringNotLike', 'StringNotEqualsIgnoreCase'])
      expect(run(op, 'k', ['${aws:username}'], { k: 'x' })).toBe(true);
    // another value can still match
    expect(run('StringEquals', 'k', ['${aws:username}', 'x'], { k: 'x' })).toBe(true);
    expect(run('StringNotEquals', 'k', ['${aws:username}', 'x'], { k: 'x' })).toBe(false);
  });

  // "Multivalued context keys ... cannot be used as policy variables" (SEMANTICS §B5).
  it(`a multi-valued key used as a variable is unresolved, even with a default (${DOC.multi})`, () => {
    const c = { k: 'authenticated', [`cognito-identity.amazonaws.com:amr`]: ['authenticated'] };
    expect(run('StringEquals', 'k', ['${cognito-identity.amazonaws.com:amr}'], c)).toBe(false);
    expect(run('StringEquals', 'k', ["${cognito-identity.amazonaws.com:amr, 'authenticated'}"], c)).toBe(false);
    const trace = compile('StringEquals', 'k', ['${cognito-identity.amazonaws.com:amr}']).explain(ctx(c));
    expect(trace.unresolvedVariables).toEqual(['cognito-identity.amazonaws.com:amr']);
  });

  it(`escapes \${*} \${?} \${$} are literal characters, not wildcards (${DOC.variables}#policy-vars-specialchars)`, () => {
    expect(run('StringLike', 'k', ['a${*}b'], { k: 'a*b' })).toBe(true);
    expect(run('StringLike', 'k', ['a${*}b'], { k: 'axxb' })).toBe(false);
    expect(run('StringLike', 'k', ['a${?}'], { k: 'a?' })).toBe(true);
    expect(run('StringLike', 'k', ['a${?}'], { k: 'ab' })).toBe(false);
    expect(run('StringEquals', 'k', ['cost${$}'], { k: 'cost$' })).toBe(true);
    expect(run('StringLike', 'k', ['${$}{aws:username}'], { k: '${aws:username}', 'aws:username': 'bob' })).toBe(true);
  });

  it('StringLike with a resolved variable: the value is literal (its * is not a wildcard), the policy text keeps its wildcards', () => {
    expect(
      run('StringLike', 's3:prefix', ['${aws:PrincipalTag/dir}/*'], {
        's3:prefix': 'a*/x',
        'aws:PrincipalTag/dir': 'a*',
      }),
    ).toBe(true);
    expect(
      run('StringLike', 's3:prefix', ['${aws:PrincipalTag/dir}/*'], {
        's3:prefix': 'abc/x',
        'aws:PrincipalTag/dir': 'a*',
      }),
    ).toBe(false);
  });

  it('the per-value glob cache keeps answers right when the variable changes between calls', () => {
    const c = compile('StringLike', 'k', ['${aws:username}/*']);
    for (let i = 0; i < 40; i++) {
      expect(c.test(ctx({ k: `user${i}/file`, 'aws:username': `user${i}` }))).toBe(true);
      expect(c.test(ctx({ k: `user${i}/file`, 'aws:username': `user${i + 1}` }))).toBe(false);
    }
  });

  // "If you don't include the Version element ... variables like ${aws:username} are treated as literal strings".
  it('Version 2008-10-17 or no Version: ${...} is literal text (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html)', () => {
    expect(
      run('StringEquals', 'k', ['${aws:username}'], { k: 'bob', 'aws:username': 'bob' }, { variablesEnabled: false }),
    ).toBe(false);
    expect(run('StringEquals', 'k', ['${aws:username}'], { k: '${aws:username}' }, { variablesEnabled: false })).toBe(
      true,
    );
    // wildcards still work in 2008 [INF]
    expect(run('StringLike', 'k', ['home/*'], { k: 'home/x' }, { variablesEnabled: false })).toBe(true);
  });
});
