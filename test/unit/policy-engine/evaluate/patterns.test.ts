import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arnLike,
  compileActionPattern,
  compileGlob,
  compileResourcePattern,
  matchWork,
  splitArn,
} from '../../../../policy-engine/evaluate/patterns';
import type { ContextLookup } from '../../../../policy-engine/evaluate/variables';

const RES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html';
const ACTION = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html';
const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';

const none: ContextLookup = () => undefined;
const lookupOf = (o: Record<string, string | string[]>): ContextLookup => {
  const m = new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v] as const));
  return (k) => m.get(k);
};

/** A slow reference glob: '*' any run, '?' one char, everything else literal. */
function referenceGlob(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('')
        .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
        .join('') +
      '$',
  );
  return re.test(value);
}

describe(`compileGlob (${OPS}#Conditions_String)`, () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['a*', 'abc', true],
    ['a*', 'ba', false],
    ['*c', 'abc', true],
    ['*c', 'cb', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a*b*c', 'a-b-c', true],
    ['a*b*c', 'a-c-b', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['**', 'x', true],
    ['a**b', 'ab', true],
    ['?', '', false],
    ['??*', 'ab', true],
    ['*?', '', false],
    ['a*a*a*a*a*b', 'a'.repeat(200), false],
    ['x/*/y', 'x/1/2/y', true],
    ['x:*', 'x:1:2', true],
  ])('%j vs %j → %s', (p, v, expected) => expect(compileGlob(p)(v)).toBe(expected));

  it('is case-sensitive unless asked otherwise', () => {
    expect(compileGlob('Home/*')('home/x')).toBe(false);
    expect(compileGlob('Home/*', { caseInsensitive: true })('home/x')).toBe(true);
    expect(compileGlob('ABC', { caseInsensitive: true })('abc')).toBe(true);
  });

  it('agrees with a reference regex on random patterns (property)', () => {
    const unit = fc.constantFrom('a', 'b', '*', '?', '/', ':');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '/', ':'), maxLength: 10 }),
        (p, v) => {
          expect(compileGlob(p)(v)).toBe(referenceGlob(p, v));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// "The prefix and the action name are case insensitive"; wildcards within the name ("iam:*AccessKey*").
describe(`compileActionPattern (${ACTION})`, () => {
  it.each([
    ['s3:Get*', 's3:getobject', true],
    ['S3:GETOBJECT', 's3:getobject', true],
    ['s3:Get*', 's3:putobject', false],
    ['*', 'dynamodb:query', true],
    ['iam:*AccessKey*', 'iam:createaccesskey', true],
    ['s3:*Object?', 's3:getobjecta', true],
    ['s3:*Object?', 's3:getobject', false],
    ['s3:*', 's3express:createsession', false],
    ['s3*', 's3express:createsession', true],
  ])('%s vs %s → %s', (p, a, expected) => expect(compileActionPattern(p)(a)).toBe(expected));
});

describe('splitArn', () => {
  it('splits six parts and keeps colons in the resource part', () => {
    expect(splitArn('arn:aws:logs:us-east-1:123:log-group:/a:log-stream:b')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '123',
      resource: 'log-group:/a:log-stream:b',
    });
    expect(splitArn('arn:aws:s3:::bucket/key')).toEqual({
      partition: 'aws',
      service: 's3',
      region: '',
      account: '',
      resource: 'bucket/key',
    });
  });
  it.each(['arn:aws:s3', 'arn:aws:s3::', 'urn:aws:s3:::b', '*', ''])('%j is not an ARN', (s) =>
    expect(splitArn(s)).toBeNull(),
  );
});

// ArnLike: "Each of the six colon-delimited components of the ARN is checked separately".
describe(`arnLike (${OPS}#Conditions_ARN)`, () => {
  it('the doc example: StringLike matches, ArnLike does not', () => {
    const p = 'arn:aws:someservice:*:111122223333:finance/*';
    const v = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(compileGlob(p)(v)).toBe(true);
    expect(arnLike(p, v)).toBe(false);
  });
  it.each([
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::123:role/a/b', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::123:Role/a', false],
    ['arn:*:*:*:*:*', 'arn:aws:s3:::b', true],
    ['arn:aws:s3:::b', 'arn:aws:s3:::B', false],
    ['arn:aws:s3:*', 'arn:aws:s3:::b', false], // fewer than six parts never matches
    ['*', 'arn:aws:s3:::b', false],
  ])('%s vs %s → %s', (p, v, expected) => expect(arnLike(p, v)).toBe(expected));
});

describe(`compileResourcePattern (${RES})`, () => {
  const m = (p: string, r: string, look: ContextLookup = none, v = true) => compileResourcePattern(p, v).match(r, look);

  it('plain "*" matches everything', () => {
    expect(m('*', 'arn:aws:s3:::b/k').matched).toBe(true);
    expect(m('*', '*').matched).toBe(true);
  });

  // "DOC-EXAMPLE-BUCKET/*/test/*" matches all of these objects, not only the first.
  it.each([
    'amzn-s3-demo-bucket/1/test/object.jpg',
    'amzn-s3-demo-bucket/1/2/test/object.jpg',
    'amzn-s3-demo-bucket/1/2/test/3/object.jpg',
    'amzn-s3-demo-bucket/1/2/3/test/4/object.jpg',
    'amzn-s3-demo-bucket/1///test///object.jpg',
    'amzn-s3-demo-bucket/1/test/.jpg',
    'amzn-s3-demo-bucket//test/object.jpg',
    'amzn-s3-demo-bucket/1/test/',
  ])(
    `* spans "/" — arn:aws:s3:::amzn-s3-demo-bucket/*/test/* matches %s (${RES}#reference_policies_elements_resource_wildcards)`,
    (key) => {
      expect(m('arn:aws:s3:::amzn-s3-demo-bucket/*/test/*', `arn:aws:s3:::${key}`).matched).toBe(true);
    },
  );
  it.each(['amzn-s3-demo-bucket/1-test/object.jpg', 'amzn-s3-demo-bucket/test/object.jpg'])(
    '… and does not match %s',
    (key) => {
      expect(m('arn:aws:s3:::amzn-s3-demo-bucket/*/test/*', `arn:aws:s3:::${key}`).matched).toBe(false);
    },
  );

  it('is case-sensitive ("In the Resource element, the IAM user name is case sensitive")', () => {
    expect(m('arn:aws:iam::123:user/Bob', 'arn:aws:iam::123:user/Bob').matched).toBe(true);
    expect(m('arn:aws:iam::123:user/Bob', 'arn:aws:iam::123:user/bob').matched).toBe(false);
  });

  it('wildcards work within any segment', () => {
    expect(m('arn:aws:dynamodb:*:123:table/Books', 'arn:aws:dynamodb:us-east-1:123:table/Books').matched).toBe(true);
    expect(m('arn:aws:dynamodb:us-*-1:123:table/Books', 'arn:aws:dynamodb:us-east-1:123:table/Books').matched).toBe(
      true,
    );
    expect(m('arn:aws:dynamodb:us-*-1:123:table/Books', 'arn:aws:dynamodb:eu-west-1:123:table/Books').matched).toBe(
      false,
    );
    expect(m('arn:aws:dynamodb:us-east-?:123:table/*', 'arn:aws:dynamodb:us-east-2:123:table/T/index/I').matched).toBe(
      true,
    );
    expect(m('arn:aws:dynamodb:*:*:table/Books', 'arn:aws:dynamodb:us-east-1:999:table/Books').matched).toBe(true);
    expect(m('arn:aws:s3:::*', 'arn:aws:dynamodb:us-east-1:1:table/x').matched).toBe(false);
  });

  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries."
  it(`a * ending a segment may cross colons; a mid-segment * or ? may not (${RES}#reference_policies_elements_resource_wildcards)`, () => {
    expect(m('arn:aws:s3:*', 'arn:aws:s3:::bucket/key').matched).toBe(true);
    expect(m('arn:aws:sns:us-*', 'arn:aws:sns:us-east-1:123:topic').matched).toBe(true);
    expect(m('arn:aws:sns:us-*-1:123:topic', 'arn:aws:sns:us-east:x-1:123:topic').matched).toBe(false);
    expect(m('arn:aws:sns:us?east-1:123:topic', 'arn:aws:sns:us:east-1:123:topic').matched).toBe(false);
  });

  it('notes a pattern that is not an ARN or "*"', () => {
    expect(compileResourcePattern('my-bucket', true).notes[0]).toContain('must be in ARN format');
    expect(compileResourcePattern('arn:aws:s3:::b', true).notes).toEqual([]);
  });

  // "You can use a policy variable in the Resource element, but only in the resource portion of the ARN."
  it(`substitutes variables in the resource part (${VARS}#policy-vars-resourceelement)`, () => {
    const look = lookupOf({ 'cognito-identity.amazonaws.com:sub': 'us-east-1:abcd-1234' });
    const p = 'arn:aws:s3:::bucket/private/${cognito-identity.amazonaws.com:sub}/*';
    expect(m(p, 'arn:aws:s3:::bucket/private/us-east-1:abcd-1234/photo.jpg', look)).toEqual({ matched: true });
    expect(m(p, 'arn:aws:s3:::bucket/private/us-east-1:other/photo.jpg', look)).toEqual({ matched: false });
    expect(compileResourcePattern(p, true).hasVariables).toBe(true);
  });

  it('an unresolved variable makes the entry match no resource and reports the key (SEMANTICS §B5)', () => {
    expect(m('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/x/y')).toEqual({
      matched: false,
      unresolved: ['aws:username'],
    });
    expect(m("arn:aws:s3:::b/${aws:username, 'anon'}/*", 'arn:aws:s3:::b/anon/y')).toEqual({ matched: true });
  });

  it(`a resolved variable's value is literal and escapes are literal (${VARS}#policy-vars-specialchars)`, () => {
    const look = lookupOf({ 'aws:username': '*' });
    expect(m('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/anything', look).matched).toBe(false);
    expect(m('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/*', look).matched).toBe(true);
    expect(m('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x').matched).toBe(false);
    expect(m('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*').matched).toBe(true);
    expect(m('arn:aws:s3:::b/a${?}', 'arn:aws:s3:::b/a?').matched).toBe(true);
  });

  it('variables before the fifth colon stay literal, with a note', () => {
    const r = compileResourcePattern('arn:aws:s3:${aws:region}::b', true);
    expect(r.hasVariables).toBe(false);
    expect(r.notes.join(' ')).toContain('before the fifth colon');
  });

  // Version 2008-10-17: variables are literal text, wildcards still work.
  it('with variables disabled (Version 2008-10-17) ${...} is literal (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html)', () => {
    const look = lookupOf({ 'aws:username': 'bob' });
    expect(m('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/bob/x', look, false).matched).toBe(false);
    expect(m('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/${aws:username}/x', look, false).matched).toBe(true);
  });

  it('the per-matcher cache stays right across many variable values', () => {
    const r = compileResourcePattern('arn:aws:s3:::b/${aws:username}/*', true);
    for (let i = 0; i < 50; i++) {
      expect(r.match(`arn:aws:s3:::b/u${i}/k`, lookupOf({ 'aws:username': `u${i}` })).matched).toBe(true);
      expect(r.match(`arn:aws:s3:::b/u${i}/k`, lookupOf({ 'aws:username': `u${i + 1}` })).matched).toBe(false);
    }
  });

  it('wildcards in the first five segments follow the segment rules (property against a regex reference)', () => {
    // Reference straight from the doc's rules: in segments 1-5 a '*' that ends its segment spans anything, any other
    // '*' or '?' stays within the segment (no ':'); in the resource part they span anything.
    const reference = (pattern: string, value: string): boolean => {
      let colons = 0;
      let re = '^';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        const inSeg = colons < 5;
        if (c === ':') colons++;
        if (c === '*') re += inSeg && !(i + 1 === pattern.length || pattern[i + 1] === ':') ? '[^:]*' : '[\\s\\S]*';
        else if (c === '?') re += inSeg ? '[^:]' : '[\\s\\S]';
        else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      }
      return new RegExp(re + '$').test(value);
    };
    const seg = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '-'), maxLength: 4 });
    const val = fc.string({ unit: fc.constantFrom('a', 'b', '-', ':'), maxLength: 5 });
    fc.assert(
      fc.property(
        seg,
        seg,
        seg,
        fc.string({ unit: fc.constantFrom('a', '*', '/'), maxLength: 4 }),
        val,
        val,
        val,
        (s1, s2, s3, res, v1, v2, v3) => {
          const pattern = `arn:${s1}:${s2}:${s3}:${res}`;
          const value = `arn:${v1}:${v2}:${v3}:x`;
          expect(m(pattern, value).matched).toBe(reference(pattern, value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('matches a resource the same as a whole-string glob when wildcards sit only in the resource part (property)', () => {
    const unit = fc.constantFrom('a', 'b', '*', '?', '/', ':');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '/', ':'), maxLength: 10 }),
        (p, v) => {
          const pattern = `arn:aws:s3:::${p}`;
          expect(m(pattern, `arn:aws:s3:::${v}`).matched).toBe(referenceGlob(pattern, `arn:aws:s3:::${v}`));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('wildcard matching is linear in the value (issue 17)', () => {
  it('agrees with the reference on long patterns too (states spread over several 32-bit words) (property)', () => {
    const unit = fc.constantFrom('a', 'b', '*', '?', '?', 'a');
    fc.assert(
      fc.property(
        fc.string({ unit, minLength: 30, maxLength: 90 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 120 }),
        (p, v) => {
          expect(compileGlob(p)(v)).toBe(referenceGlob(p, v));
        },
      ),
      { numRuns: 500, seed: 17 },
    );
  });

  it('a 1,000-token pattern on a 1 MB value takes a number of steps bounded by value × ⌈pattern/32⌉', () => {
    const value = 'a'.repeat(1024 * 1024);
    const plain = '*a?'.repeat(333) + 'b'; // 1,000 tokens of `*`, `a`, `?`; never matches (no "b")
    const segment = 'arn:aws:s3:::' + 'a*?'.repeat(333) + 'x*'; // in the resource part
    const inAccount = `arn:aws:s3:us-east-1:${'*?'.repeat(500)}:x`; // segment-bound stars (may not cross ':')
    for (const [pattern, run] of [
      [plain, () => compileGlob(plain)(value)],
      [segment, () => compileResourcePattern(segment, false).match(`arn:aws:s3:::${value}`, none).matched],
      [
        inAccount,
        () => compileResourcePattern(inAccount, false).match(`arn:aws:s3:us-east-1:${value}:x`, none).matched,
      ],
    ] as const) {
      matchWork.steps = 0;
      expect(run()).toBe(pattern === inAccount);
      const words = Math.ceil((pattern.length + 1) / 32);
      // The counted (bit-parallel) matcher ran, and did at most one word update per state word per character.
      expect(matchWork.steps).toBeGreaterThan(0);
      expect(matchWork.steps).toBeLessThanOrEqual((value.length + 100) * words);
    }
  });
});
