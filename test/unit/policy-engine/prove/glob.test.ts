import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arnFormatGlob,
  exactGlob,
  globMatches,
  globOf,
  NAMEONE,
  NAMESTAR,
  NEVER,
  ONE,
  plainGlob,
  SEGONE,
  SEGSTAR,
  solveStrings,
  STAR,
} from '../../../../policy-engine/prove/glob';
import type { Glob } from '../../../../policy-engine/prove/glob';
import { compileGlob, compileResourcePattern, matchWork } from '../../../../policy-engine/evaluate/patterns';

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

  /** A slow reference: the glob's tokens as a regular expression (the meaning glob.ts gives each token). */
  const referenceMatches = (g: Glob, value: string): boolean => {
    const part = (t: number): string =>
      t === STAR
        ? '[\\s\\S]*'
        : t === SEGSTAR
          ? '[^:]*'
          : t === NAMESTAR
            ? '[^:/]*'
            : t === ONE
              ? '[\\s\\S]'
              : t === SEGONE
                ? '[^:]'
                : t === NAMEONE
                  ? '[^:/]'
                  : t === NEVER
                    ? '(?!)'
                    : `\\u${t.toString(16).padStart(4, '0')}`;
    return new RegExp(`^${[...g.tokens].map(part).join('')}$`).test(g.ci ? value.toLowerCase() : value);
  };

  it('globMatches agrees with the tokens read as a regular expression (every token kind, runs of stars, IgnoreCase)', () => {
    const token = fc.constantFrom(STAR, SEGSTAR, NAMESTAR, ONE, SEGONE, NAMEONE, 97, 98, 58, 47);
    const value = fc.stringMatching(/^[abAB:/x]{0,14}$/);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), value, fc.boolean(), (tokens, v, ci) => {
        const g: Glob = { tokens: Int32Array.from(tokens), ci, source: 'test' };
        expect(globMatches(g, v)).toBe(referenceMatches(g, v));
      }),
      { seed: 17, numRuns: 2000 },
    );
    // More than 32 states (several words), and a glob that matches nothing.
    const long: Glob = { tokens: Int32Array.from([...Array(40).fill(ONE), STAR, 98]), ci: false, source: 'long' };
    expect(globMatches(long, `${'a'.repeat(45)}b`)).toBe(true);
    expect(globMatches(long, `${'a'.repeat(39)}b`)).toBe(false);
    expect(globMatches({ tokens: Int32Array.from([NEVER]), ci: false, source: 'never' }, '')).toBe(false);
  });

  it('a 1,000-token pattern on a 1 MB value takes value × ⌈tokens/32⌉ steps at most (was: a set of up to 1,000 positions sorted per character)', () => {
    const value = 'a'.repeat(1024 * 1024);
    const cases: [Glob, string, boolean][] = [
      [plainGlob('*a?'.repeat(333) + 'b'), value, false],
      [
        globOf([{ text: 'arn:aws:s3:us-east-1:' + '*?'.repeat(500) + ':x', literal: false }], 'resource'),
        `arn:aws:s3:us-east-1:${value}:x`,
        true,
      ],
      [
        {
          tokens: Int32Array.from(Array.from({ length: 1000 }, (_, i) => (i % 2 ? NAMESTAR : NAMEONE))),
          ci: false,
          source: 'names',
        },
        value,
        true,
      ],
    ];
    for (const [g, v, expected] of cases) {
      matchWork.steps = 0;
      expect(globMatches(g, v)).toBe(expected);
      expect(matchWork.steps).toBeGreaterThan(0);
      expect(matchWork.steps).toBeLessThanOrEqual(v.length * Math.ceil((g.tokens.length + 1) / 32));
    }
  });
});
