import { describe, expect, it } from 'vitest';
import {
  arnFormatGlob,
  exactGlob,
  globMatches,
  globOf,
  plainGlob,
  solveStrings,
} from '../../../../policy-engine/prove/glob';
import { compileGlob, compileResourcePattern } from '../../../../policy-engine/evaluate/patterns';

const resourceGlob = (p: string) => globOf([{ text: p, literal: false }], 'resource');

describe('prove/glob: wildcard patterns as automata', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String — * any run, ? one character.
  it('reads * and ? as StringLike does, on a sample of strings', () => {
    const patterns = ['a*b', 'a?b', '*', 'ab', '*/x/*', 'a**b', '?'];
    const values = ['ab', 'a1b', 'a12b', 'b', '', 'q/x/r', '/x/', 'a/b'];
    for (const p of patterns)
      for (const v of values) expect(globMatches(plainGlob(p), v), `${p} ~ ${v}`).toBe(compileGlob(p)(v));
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
  it('reads Resource wildcards segment by segment as the engine does', () => {
    const patterns = [
      'arn:aws:s3:::b/*',
      'arn:aws:dynamodb:*:123456789012:table/T',
      'arn:aws:*',
      'arn:aws:dynamodb:us-*-1:*:table/*',
    ];
    const values = [
      'arn:aws:s3:::b/k',
      'arn:aws:dynamodb:us-east-1:123456789012:table/T',
      'arn:aws:dynamodb:a:b:c:123456789012:table/T',
      'arn:aws:dynamodb:us-east:1:x:table/y',
      'arn:aws:dynamodb:us-east-1:1:table/y',
    ];
    for (const p of patterns)
      for (const v of values)
        expect(globMatches(resourceGlob(p), v), `${p} ~ ${v}`).toBe(
          compileResourcePattern(p, false).match(v, () => undefined).matched,
        );
  });

  it('finds a shortest string in one pattern and outside another, and proves none exists when the first is inside the second', () => {
    const sat = solveStrings([
      { glob: plainGlob('b/private/*'), want: true },
      { glob: plainGlob('b/private/u1/*'), want: false },
    ]);
    expect(sat.status).toBe('sat');
    if (sat.status === 'sat') {
      expect(globMatches(plainGlob('b/private/*'), sat.value)).toBe(true);
      expect(globMatches(plainGlob('b/private/u1/*'), sat.value)).toBe(false);
    }
    expect(
      solveStrings([
        { glob: plainGlob('b/private/u1/*'), want: true },
        { glob: plainGlob('b/private/*'), want: false },
      ]).status,
    ).toBe('unsat');
    expect(
      solveStrings([
        { glob: plainGlob('a*'), want: true },
        { glob: plainGlob('*b'), want: true },
        { glob: exactGlob('ab'), want: false },
      ]).status,
    ).toBe('sat');
  });

  it('compares IgnoreCase patterns without regard to case', () => {
    const r = solveStrings([
      { glob: exactGlob('admin', true), want: true },
      { glob: exactGlob('admin'), want: false },
    ]);
    expect(r.status).toBe('sat');
    if (r.status === 'sat') expect(r.value.toLowerCase()).toBe('admin');
  });

  it('turns a service-reference ARN format into a glob whose names are non-empty and hold no slash', () => {
    const g = arnFormatGlob('arn:aws:s3:::${BucketName}/${ObjectName}');
    expect(globMatches(g, 'arn:aws:s3:::b/k/l')).toBe(true);
    expect(globMatches(g, 'arn:aws:s3:::/k')).toBe(false);
    expect(globMatches(g, 'arn:aws:s3:::b')).toBe(false);
  });
});
