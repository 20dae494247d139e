import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOC, compile, ctx } from './helpers';

const PAIRS: [string, string][] = [
  ['StringEquals', 'StringNotEquals'],
  ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
  ['StringLike', 'StringNotLike'],
  ['ArnLike', 'ArnNotLike'],
  ['ArnEquals', 'ArnNotEquals'],
];
const word = fc.string({ unit: fc.constantFrom('a', 'B', '*', '?', ':', '/', 'x'), maxLength: 8 });

describe('condition properties', () => {
  // Negated operators are the negation of the positive one for a single present value (operators page).
  it(`negated == !positive for one present value (${DOC.operators})`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...PAIRS), fc.array(word, { maxLength: 3 }), word, ([pos, neg], policy, value) => {
        const lookup = ctx({ k: value });
        expect(compile(neg, 'k', policy).test(lookup)).toBe(!compile(pos, 'k', policy).test(lookup));
      }),
    );
  });

  it(`negated == !positive for numbers too (${DOC.operators}#Conditions_Numeric)`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 3 }),
        fc.integer({ min: -50, max: 50 }),
        (policy, value) => {
          const lookup = ctx({ k: String(value) });
          const p = policy.map(String);
          expect(compile('NumericNotEquals', 'k', p).test(lookup)).toBe(!compile('NumericEquals', 'k', p).test(lookup));
        },
      ),
    );
  });

  it(`IfExists with a missing key is true for every operator (${DOC.operators}#Conditions_IfExists)`, () => {
    const ops = [
      'StringEquals',
      'StringNotLike',
      'NumericLessThan',
      'DateGreaterThan',
      'Bool',
      'IpAddress',
      'NotIpAddress',
      'ArnLike',
      'BinaryEquals',
    ];
    const sample: Record<string, string> = {
      NumericLessThan: '1',
      DateGreaterThan: '2020-01-01',
      Bool: 'true',
      IpAddress: '10.0.0.0/8',
      NotIpAddress: '10.0.0.0/8',
      ArnLike: 'arn:aws:s3:::b',
      BinaryEquals: 'AA==',
    };
    fc.assert(
      fc.property(fc.constantFrom(...ops), fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'), (op, set) => {
        expect(compile(`${set}${op}IfExists`, 'k', [sample[op] ?? 'v']).test(ctx({}))).toBe(true);
      }),
    );
  });

  it(`ForAllValues over an empty or missing set is true, ForAnyValue false (${DOC.multi})`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRS.flat()),
        fc.array(word, { maxLength: 3 }),
        fc.boolean(),
        (op, policy, empty) => {
          const lookup = ctx(empty ? { k: [] } : {});
          expect(compile(`ForAllValues:${op}`, 'k', policy).test(lookup)).toBe(true);
          expect(compile(`ForAnyValue:${op}`, 'k', policy).test(lookup)).toBe(false);
        },
      ),
    );
  });

  it(`ForAllValues == every, ForAnyValue == some, over the single-value results (${DOC.multi})`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRS.flat()),
        fc.array(word, { maxLength: 3 }),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        (op, policy, values) => {
          const single = compile(op, 'k', policy);
          const each = values.map((v) => single.test(ctx({ k: v })));
          expect(compile(`ForAllValues:${op}`, 'k', policy).test(ctx({ k: values }))).toBe(each.every(Boolean));
          expect(compile(`ForAnyValue:${op}`, 'k', policy).test(ctx({ k: values }))).toBe(each.some(Boolean));
        },
      ),
    );
  });

  it('StringEquals with a variable equals StringEquals with the value written in (no wildcard chars)', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':'), maxLength: 6 });
    fc.assert(
      fc.property(plain, plain, plain, (prefix, varValue, request) => {
        const lookup = ctx({ k: request, 'aws:username': varValue });
        expect(compile('StringEquals', 'k', [prefix + '${aws:username}']).test(lookup)).toBe(
          compile('StringEquals', 'k', [prefix + varValue]).test(lookup),
        );
      }),
    );
  });
});
