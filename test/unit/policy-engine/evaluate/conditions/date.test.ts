import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import { parseDate } from '../../../../../policy-engine/evaluate/conditions/date';
import { DOC, run } from './helpers';

// Date values: "one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
describe(`Date operators (${DOC.operators}#Conditions_Date)`, () => {
  it.each([
    ['2020-01-01T00:00:01Z', Date.UTC(2020, 0, 1, 0, 0, 1)],
    ['2020-01-01T00:00:01.250Z', Date.UTC(2020, 0, 1, 0, 0, 1, 250)],
    ['2020-01-01T02:00:00+02:00', Date.UTC(2020, 0, 1)],
    ['2019-12-31T19:00-05:00', Date.UTC(2020, 0, 1)],
    ['2020-01-01', Date.UTC(2020, 0, 1)],
    ['2020-02', Date.UTC(2020, 1, 1)],
    ['2020-02-29', Date.UTC(2020, 1, 29)],
    ['1577836800', Date.UTC(2020, 0, 1)],
  ])('parses %s', (s, ms) => expect(parseDate(s)).toBe(ms));

  it.each([
    '2019-02-29',
    '2020-13-01',
    '2020-01-01T25:00Z',
    'yesterday',
    '',
    '2020/01/01',
    '2020-01-01T10:00:00+25:00',
  ])('rejects %j', (s) => expect(parseDate(s)).toBeUndefined());

  const t = '2020-01-01T00:00:01Z';
  it.each([
    ['DateGreaterThan', '2020-06-01T00:00:00Z', true],
    ['DateGreaterThan', t, false],
    ['DateGreaterThanEquals', t, true],
    ['DateLessThan', '2019-06-01T00:00:00Z', true],
    ['DateLessThan', t, false],
    ['DateLessThanEquals', t, true],
    ['DateEquals', '2020-01-01T01:00:01+01:00', true],
    ['DateEquals', '2020-01-01T00:00:02Z', false],
    ['DateNotEquals', t, false],
    ['DateNotEquals', '2021-01-01T00:00:00Z', true],
    ['DateGreaterThan', '1600000000', true], // epoch request value vs ISO policy value
  ] as const)(`%s ${t} vs request %s → %s`, (op, request, expected) => {
    expect(run(op, 'aws:TokenIssueTime', [t], { 'aws:TokenIssueTime': request })).toBe(expected);
  });

  it(`missing aws:TokenIssueTime (long-term credentials): DateGreaterThan false, DateNotEquals true (${DOC.operators}#Conditions_Date)`, () => {
    expect(run('DateGreaterThan', 'aws:TokenIssueTime', [t], {})).toBe(false);
    expect(run('DateNotEquals', 'aws:TokenIssueTime', [t], {})).toBe(true);
    expect(run('DateGreaterThanIfExists', 'aws:TokenIssueTime', [t], {})).toBe(true);
  });

  it('an unparseable request date does not match; an unparseable policy date is a compile error', () => {
    expect(run('DateLessThan', 'aws:CurrentTime', [t], { 'aws:CurrentTime': 'soon' })).toBe(false);
    expect(run('DateNotEquals', 'aws:CurrentTime', [t], { 'aws:CurrentTime': 'soon' })).toBe(false);
    const r = compileCondition(
      { operator: 'DateLessThan', key: 'aws:CurrentTime', values: ['2020-1-1'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['condition.bad-value']);
  });

  // "You can not use a policy variable with the Date condition operator."
  it(`a variable in a Date value gives condition.variable-not-allowed (${DOC.variables}#policy-vars-conditionelement)`, () => {
    const r = compileCondition(
      { operator: 'DateLessThan', key: 'aws:CurrentTime', values: ['${aws:TokenIssueTime}'], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['condition.bad-value', 'condition.variable-not-allowed']);
  });
});
