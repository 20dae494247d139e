import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import { DOC, run } from './helpers';

const ARN_DOC = `${DOC.operators}#Conditions_ARN`;

// ArnEquals/ArnLike: "Case-sensitive matching of the ARN. Each of the six colon-delimited components of the ARN is
// checked separately and each can include multi-character match wildcards (*) or single-character match wildcards (?).
// The ArnEquals and ArnLike condition operators behave identically."
describe(`ARN operators (${ARN_DOC})`, () => {
  const role = 'arn:aws:iam::123456789012:role/AdminRole';
  it.each([
    ['arn:aws:iam::*:role/*', role, true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:user/User', false],
    ['arn:aws:iam::123456789012:role/AdminRole', role, true],
    ['arn:aws:iam::123456789012:role/adminrole', role, false], // case-sensitive
    ['arn:aws:ec2:*:*:instance/i-?????', 'arn:aws:ec2:us-east-1:1:instance/i-12345', true],
    ['arn:aws:ec2:*:*:instance/i-?????', 'arn:aws:ec2:us-east-1:1:instance/i-1234', false],
    ['arn:aws:sns:us-*-1:123456789012:topic', 'arn:aws:sns:us-east-1:123456789012:topic', true],
    ['arn:aws:sns:us-*-1:123456789012:topic', 'arn:aws:sns:eu-west-1:123456789012:topic', false],
    ['arn:aws:logs:*:*:log-group:/a/*', 'arn:aws:logs:us-east-1:1:log-group:/a/b:log-stream:x', true], // resource part keeps colons
    ['arn:aws:iam::*:role/*', 'not-an-arn', false],
  ] as const)('%s vs %s → %s', (pattern, value, expected) => {
    for (const op of ['ArnLike', 'ArnEquals'])
      expect(run(op, 'aws:PrincipalArn', [pattern], { 'aws:PrincipalArn': value })).toBe(expected);
    for (const op of ['ArnNotLike', 'ArnNotEquals'])
      expect(run(op, 'aws:PrincipalArn', [pattern], { 'aws:PrincipalArn': value })).toBe(!expected);
  });

  // The doc's own example: StringLike matches where ArnLike does not, because ArnLike's * stays inside one segment.
  it(`StringLike can match where ArnLike cannot (${ARN_DOC})`, () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(run('StringLike', 'aws:SourceArn', [pattern], { 'aws:SourceArn': value })).toBe(true);
    expect(run('ArnLike', 'aws:SourceArn', [pattern], { 'aws:SourceArn': value })).toBe(false);
  });

  it(`missing key: ArnLike false, ArnNotLike true, ArnLikeIfExists true (${DOC.operators}#Conditions_IfExists)`, () => {
    expect(run('ArnEquals', 'aws:SourceArn', ['arn:aws:sns:us-east-1:1:t'], {})).toBe(false);
    expect(run('ArnNotLike', 'aws:SourceArn', ['arn:aws:sns:us-east-1:1:t'], {})).toBe(true);
    expect(run('ArnLikeIfExists', 'aws:SourceArn', ['arn:aws:sns:us-east-1:1:t'], {})).toBe(true);
  });

  it('a pattern without six parts matches no ARN and gives a warning', () => {
    const r = compileCondition(
      { operator: 'ArnLike', key: 'aws:SourceArn', values: ['*'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.code)).toEqual(['condition.arn-pattern-not-arn']);
    expect(r.condition.test(() => 'arn:aws:s3:::b')).toBe(false);
  });

  // "You can use a policy variable with the ARN condition operator."
  it(`variables in ARN values are substituted; a variable's colons split segments like text (${DOC.variables}#policy-vars-conditionelement)`, () => {
    expect(
      run('ArnEquals', 'aws:SourceArn', ['arn:aws:sns:*:${aws:PrincipalAccount}:topic'], {
        'aws:SourceArn': 'arn:aws:sns:us-east-1:123:topic',
        'aws:PrincipalAccount': '123',
      }),
    ).toBe(true);
    expect(
      run('ArnEquals', 'aws:SourceArn', ['arn:aws:sns:*:${aws:PrincipalAccount}:topic'], {
        'aws:SourceArn': 'arn:aws:sns:us-east-1:999:topic',
        'aws:PrincipalAccount': '123',
      }),
    ).toBe(false);
    expect(
      run('ArnEquals', 'aws:SourceArn', ['${aws:PrincipalArn}'], {
        'aws:SourceArn': 'arn:aws:iam::1:role/R',
        'aws:PrincipalArn': 'arn:aws:iam::1:role/R',
      }),
    ).toBe(true);
    // unresolved: positive no match, negated match (SEMANTICS §B5)
    expect(
      run('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:${aws:PrincipalAccount}:topic'], {
        'aws:SourceArn': 'arn:aws:sns:us-east-1:123:topic',
      }),
    ).toBe(false);
    expect(
      run('ArnNotLike', 'aws:SourceArn', ['arn:aws:sns:*:${aws:PrincipalAccount}:topic'], {
        'aws:SourceArn': 'arn:aws:sns:us-east-1:123:topic',
      }),
    ).toBe(true);
  });

  it('a resolved variable value is literal in ArnLike: its * is not a wildcard', () => {
    const c = { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123:topic-a', 'aws:PrincipalTag/topic': 'topic-*' };
    expect(run('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:*:${aws:PrincipalTag/topic}'], c)).toBe(false);
    expect(
      run('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:*:${aws:PrincipalTag/topic}'], {
        ...c,
        'aws:SourceArn': 'arn:aws:sns:us-east-1:123:topic-*',
      }),
    ).toBe(true);
  });
});
