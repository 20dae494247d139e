import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import { DOC, compile, ctx } from './helpers';

describe('explain()', () => {
  it(`ForAnyValue:StringLike over amr reads as one sentence (${DOC.multiExamples})`, () => {
    const key = 'cognito-identity.amazonaws.com:amr';
    const t = compile('ForAnyValue:StringLike', key, ['authenticated']).explain(
      ctx({ [key]: ['authenticated', 'accounts.google.com'] }),
    );
    expect(t).toMatchObject({
      operator: 'ForAnyValue:StringLike',
      key,
      matched: true,
      missing: false,
      requestValues: ['authenticated', 'accounts.google.com'],
      policyValues: ['authenticated'],
    });
    expect(t.reason).toBe(
      `${key} has ["authenticated","accounts.google.com"]; ForAnyValue:StringLike needs at least one to match "authenticated" → matched`,
    );
  });

  it(`a missing key says so (${DOC.operators})`, () => {
    const t = compile('IpAddress', 'aws:SourceIp', ['203.0.113.0/24']).explain(ctx({}));
    expect(t).toMatchObject({ matched: false, missing: true });
    expect(t.requestValues).toBeUndefined();
    expect(t.reason).toMatch(/^aws:SourceIp is missing from the request context, so IpAddress does not match/);
    expect(compile('StringNotEqualsIfExists', 'k', ['a']).explain(ctx({})).reason).toContain('IfExists');
    expect(compile('ForAllValues:StringEquals', 'k', ['a']).explain(ctx({})).reason).toContain(
      'ForAllValues is true for a missing or empty set',
    );
  });

  it('shows policy values after substitution and lists unresolved variables', () => {
    const t = compile('StringLike', 's3:prefix', ['home/${aws:username}/*', '${aws:PrincipalTag/x}']).explain(
      ctx({ 's3:prefix': 'home/bob/a', 'aws:username': 'bob' }),
    );
    expect(t.policyValues).toEqual(['home/bob/*', '${aws:PrincipalTag/x}']);
    expect(t.unresolvedVariables).toEqual(['aws:PrincipalTag/x']);
    expect(t.matched).toBe(true);
    expect(t.reason).toContain('could not be resolved');
  });

  it('explains negated operators, type errors and multi-valued values under a plain operator', () => {
    expect(compile('StringNotEquals', 'k', ['a', 'b']).explain(ctx({ k: 'c' })).reason).toBe(
      'k is "c"; StringNotEquals needs it to not equal any of ["a","b"] → matched',
    );
    expect(compile('NumericLessThan', 'k', ['5']).explain(ctx({ k: 'five' })).reason).toContain(
      '"five" is not a number',
    );
    const multi = compile('StringEquals', 'k', ['a']).explain(ctx({ k: ['a', 'b'] }));
    expect(multi.matched).toBe(false);
    expect(multi.reason).toContain('single-valued operator');
  });

  it('copies the range from the spec', () => {
    const range = { start: { line: 2, column: 3 }, end: { line: 2, column: 20 } };
    const r = compileCondition(
      { operator: 'StringEquals', key: 'k', values: ['a'], path: 'p', range },
      { variablesEnabled: true },
    );
    expect(r.ok && r.condition.explain(ctx({ k: 'a' })).range).toEqual(range);
    const n = compileCondition(
      { operator: 'Null', key: 'k', values: ['true'], path: 'p', range },
      { variablesEnabled: true },
    );
    expect(n.ok && n.condition.explain(ctx({})).range).toEqual(range);
    expect(compile('StringEquals', 'k', ['a']).explain(ctx({ k: 'a' })).range).toBeUndefined();
  });
});
