import { describe, expect, it } from 'vitest';
import { AssumptionSet } from '../../../../policy-engine/cognito/assumptions';
import { evaluateRules, matchRule } from '../../../../policy-engine/cognito/rules';
import type { MappingRule } from '../../../../policy-engine/model/workspace';
import { roleArn } from './helpers';

const RBAC = 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html';
const rule = (Claim: string, MatchType: MappingRule['MatchType'], Value: string, role = 'R'): MappingRule => ({
  Claim,
  MatchType,
  Value,
  RoleARN: roleArn(role),
});

describe(`match types on string claims (${RBAC})`, () => {
  it.each([
    ['Equals', 'admins', 'admins', 'matched'],
    ['Equals', 'admins', 'admin', 'notMatched'],
    ['Contains', 'staff-admins', 'admin', 'matched'],
    ['Contains', 'staff', 'admin', 'notMatched'],
    ['StartsWith', 'eng-backend', 'eng-', 'matched'],
    ['StartsWith', 'backend-eng', 'eng-', 'notMatched'],
    ['NotEqual', 'guest', 'admins', 'matched'],
    ['NotEqual', 'admins', 'admins', 'notMatched'],
  ] as const)('%s: claim %j vs value %j → %s', (type, claim, value, status) => {
    expect(matchRule(rule('custom:team', type, value), { 'custom:team': claim }, undefined).status).toBe(status);
  });

  // DOC role-based-access-control: "If the match type is NotEqual and the claim doesn't exist, the rule is not evaluated."
  it('NotEqual on a missing claim is not evaluated (so it does not match)', () => {
    const out = matchRule(rule('custom:team', 'NotEqual', 'x'), {}, undefined);
    expect(out.status).toBe('notEvaluated');
    expect(out.reason).toMatch(/absent/);
  });

  it.each(['Equals', 'Contains', 'StartsWith'] as const)('%s on a missing claim does not match', (type) => {
    expect(matchRule(rule('custom:team', type, 'x'), { other: 'x' }, undefined).status).toBe('notMatched');
  });

  it('numbers and booleans are compared as their text', () => {
    expect(matchRule(rule('custom:level', 'Equals', '3'), { 'custom:level': 3 }, undefined).status).toBe('matched');
    expect(matchRule(rule('email_verified', 'Equals', 'true'), { email_verified: true }, undefined).status).toBe(
      'matched',
    );
  });

  it('a claim named __proto__ or inherited from Object.prototype is absent', () => {
    expect(matchRule(rule('toString', 'Contains', 'function'), {}, undefined).status).toBe('notMatched');
  });
});

describe(`[AMBIG] array claims: settings.multiValuedClaimMatch (SEMANTICS §A2.3; aws/aws-cdk#23449) (${RBAC})`, () => {
  const groups = { 'cognito:groups': ['editors', 'admins'] };
  it('anyElement (default): Contains means element membership', () => {
    expect(matchRule(rule('cognito:groups', 'Contains', 'admins'), groups, undefined).status).toBe('matched');
    expect(matchRule(rule('cognito:groups', 'Contains', 'admin'), groups, undefined).status).toBe('notMatched');
  });
  it('anyElement: Equals/StartsWith hold when some element does; NotEqual when none equals', () => {
    expect(matchRule(rule('cognito:groups', 'Equals', 'editors'), groups, undefined).status).toBe('matched');
    expect(matchRule(rule('cognito:groups', 'StartsWith', 'adm'), groups, undefined).status).toBe('matched');
    expect(matchRule(rule('cognito:groups', 'NotEqual', 'admins'), groups, undefined).status).toBe('notMatched');
    expect(matchRule(rule('cognito:groups', 'NotEqual', 'owners'), groups, undefined).status).toBe('matched');
  });
  it('joinedString: the comma-joined form is compared as a string', () => {
    const s = { multiValuedClaimMatch: 'joinedString' as const };
    expect(matchRule(rule('cognito:groups', 'Contains', 'admin'), groups, s).status).toBe('matched');
    expect(matchRule(rule('cognito:groups', 'Equals', 'editors'), groups, s).status).toBe('notMatched');
    expect(matchRule(rule('cognito:groups', 'Equals', 'editors,admins'), groups, s).status).toBe('matched');
  });
  it('records the assumption only when an array claim was compared', () => {
    const a = new AssumptionSet();
    evaluateRules(
      [rule('custom:team', 'Equals', 'x'), rule('cognito:groups', 'Contains', 'admins')],
      { 'custom:team': 'x', 'cognito:groups': ['superadmins'] },
      undefined,
      a,
    );
    expect(a.list()).toEqual([]); // rule 0 matched first; the array rule was never reached
    const b = new AssumptionSet();
    evaluateRules([rule('cognito:groups', 'Contains', 'admins')], { 'cognito:groups': ['superadmins'] }, undefined, b);
    expect(b.list()).toEqual(['multiValuedClaimMatch']);
  });
  // CONTRACT §3: an answer lists only the settings it depended on. QA found the assumption listed whenever an array
  // claim was compared, even when anyElement and joinedString give the same rule outcome.
  it.each([
    ['["readers"] vs Contains "admins": neither setting matches', ['readers']],
    ['[] vs Contains "admins": neither setting matches', []],
    ['["admins"] vs Contains "admins": both settings match', ['admins']],
    ['["admins","readers"] vs Contains "admins": both settings match', ['admins', 'readers']],
  ])('no multiValuedClaimMatch assumption when both settings agree: %s', (_name, groups) => {
    for (const mode of ['anyElement', 'joinedString'] as const) {
      const a = new AssumptionSet();
      evaluateRules(
        [rule('cognito:groups', 'Contains', 'admins')],
        { 'cognito:groups': groups },
        { multiValuedClaimMatch: mode },
        a,
      );
      expect(a.list()).toEqual([]);
    }
  });
  it('lists the assumption under either setting when the matched rule (and so the role) would differ', () => {
    const rules = [
      rule('cognito:groups', 'Equals', 'admins', 'Admin'),
      rule('cognito:groups', 'Contains', 'read', 'Reader'),
    ];
    for (const mode of ['anyElement', 'joinedString'] as const) {
      const a = new AssumptionSet();
      // anyElement: rule 0 (an element equals "admins"); joinedString: "admins,readers" ≠ "admins", rule 1 matches.
      const r = evaluateRules(rules, { 'cognito:groups': ['admins', 'readers'] }, { multiValuedClaimMatch: mode }, a);
      expect(r.matchedIndex).toBe(mode === 'anyElement' ? 0 : 1);
      expect(a.list()).toEqual(['multiValuedClaimMatch']);
    }
  });
  it('no assumption when the other setting changes a later rule but not the first match', () => {
    const a = new AssumptionSet();
    const rules = [
      rule('cognito:groups', 'Contains', 'admins', 'Admin'),
      rule('cognito:groups', 'Contains', 'min', 'Min'),
    ];
    evaluateRules(rules, { 'cognito:groups': ['admins'] }, undefined, a);
    expect(a.list()).toEqual([]);
  });
  it('with CustomRoleArn, the assumption follows whether the rule carrying it would still match', () => {
    const rules = [rule('custom:team', 'Equals', 'x', 'Team'), rule('cognito:groups', 'Contains', 'admin', 'Admin')];
    const claims = { 'custom:team': 'x', 'cognito:groups': ['superadmins'] };
    const a = new AssumptionSet();
    evaluateRules(rules, claims, undefined, a, true, roleArn('Team'));
    expect(a.list()).toEqual([]); // rule 0 carries Team under either setting
    const b = new AssumptionSet();
    evaluateRules(rules, claims, undefined, b, true, roleArn('Admin'));
    expect(b.list()).toEqual(['multiValuedClaimMatch']); // joinedString would match rule 1
  });
});

describe(`[AMBIG] case sensitivity: settings.claimMatchCaseSensitive (SEMANTICS §A2.3) (${RBAC})`, () => {
  it('case-sensitive by default; the assumption is recorded only when case changed the outcome', () => {
    const a = new AssumptionSet();
    const r = evaluateRules([rule('custom:team', 'Equals', 'Admins')], { 'custom:team': 'admins' }, undefined, a);
    expect(r.matchedIndex).toBe(-1);
    expect(a.list()).toEqual(['claimMatchCaseSensitive']);
    const b = new AssumptionSet();
    evaluateRules([rule('custom:team', 'Equals', 'admins')], { 'custom:team': 'admins' }, undefined, b);
    expect(b.list()).toEqual([]);
  });
  it('no claimMatchCaseSensitive assumption when case changes a rule but not the outcome', () => {
    const a = new AssumptionSet();
    // Rule 0 matches under either setting; rule 1 would match only case-insensitively but is never reached.
    evaluateRules(
      [rule('custom:team', 'Equals', 'admins', 'A'), rule('custom:team', 'StartsWith', 'ADM', 'B')],
      { 'custom:team': 'admins' },
      undefined,
      a,
    );
    expect(a.list()).toEqual([]);
    const b = new AssumptionSet();
    // Neither matches under either setting.
    evaluateRules(
      [rule('custom:team', 'Equals', 'Admins'), rule('custom:team', 'Equals', 'ops')],
      { 'custom:team': 'hr' },
      undefined,
      b,
    );
    expect(b.list()).toEqual([]);
  });
  it('claimMatchCaseSensitive=false matches regardless of case', () => {
    const r = evaluateRules(
      [rule('custom:team', 'Equals', 'Admins')],
      { 'custom:team': 'admins' },
      { claimMatchCaseSensitive: false },
      new AssumptionSet(),
    );
    expect(r.matchedIndex).toBe(0);
  });
});

describe(`rules run in order, first match wins (${RBAC})`, () => {
  const rules = [
    rule('custom:team', 'Equals', 'committee', 'Committee'),
    rule('custom:region', 'NotEqual', 'eu', 'NotEu'),
    rule('custom:team', 'StartsWith', 'orch', 'Orchard'),
    rule('custom:team', 'Contains', 'chard', 'Chard'),
  ];
  it('traces why each earlier rule failed, the match, and later rules as notReached', () => {
    const r = evaluateRules(rules, { 'custom:team': 'orchard' }, undefined, new AssumptionSet());
    expect(r.matchedIndex).toBe(2);
    expect(r.steps.map((s) => s.status)).toEqual(['notMatched', 'notEvaluated', 'matched', 'notReached']);
    expect(r.steps[0].message).toContain('"orchard"');
    expect(r.steps[0].detail).toMatchObject({ claim: 'custom:team', claimValue: 'orchard' });
    expect(r.steps[3].message).toMatch(/not reached/);
  });
  it('with evaluateAll (CustomRoleArn) every rule is evaluated and all matches are listed', () => {
    const r = evaluateRules(rules, { 'custom:team': 'orchard' }, undefined, new AssumptionSet(), true);
    expect(r.matchedIndex).toBe(2);
    expect(r.allMatching).toEqual([2, 3]);
  });
  it('a malformed rule never matches and does not throw', () => {
    const bad = [{ Claim: 'x' } as unknown as MappingRule, rule('x', 'Equals', '1')];
    const r = evaluateRules(bad, { x: '1' }, undefined, new AssumptionSet());
    expect(r.matchedIndex).toBe(1);
    expect(r.steps[0].message).toMatch(/malformed/);
  });
});
