import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../policy-engine/analysis/index';
import {
  countsLine,
  findingTarget,
  groupFindings,
  passes,
  ruleCounts,
} from '../../../../../renderer/src/features/findings/findings-model';

const f = (ruleId: string, severity: Finding['severity'], location: Finding['location']): Finding => ({
  ruleId,
  severity,
  title: ruleId,
  message: 'm',
  fix: 'x',
  location,
});
const role = 'arn:aws:iam::1:role/R';
const findings: Finding[] = [
  f('wildcard-action-resource', 'high', {
    kind: 'role',
    arn: role,
    policyId: `${role}#inline/P`,
    policyType: 'identity',
    statementIndex: 0,
    start: { line: 4, column: 5 },
  }),
  f('rule-shadowed', 'low', {
    kind: 'identityPool',
    identityPoolId: 'us-east-1:p',
    provider: 'accounts.google.com',
    ruleIndex: 2,
  }),
  f('pool-validation', 'medium', {
    kind: 'identityPool',
    identityPoolId: 'us-east-1:p',
    provider: 'accounts.google.com',
  }),
  f('guest-can-write', 'high', { kind: 'role', arn: role, policyType: 'trust', statementIndex: 0 }),
  f('classic-flow-enabled', 'medium', { kind: 'identityPool', identityPoolId: 'us-east-1:p' }),
];

describe('findings model', () => {
  it('groups by severity, worst first, with totals that ignore the filter', () => {
    const groups = groupFindings(findings, { severities: [], ruleId: 'guest-can-write' });
    expect(groups.map((g) => [g.severity, g.total, g.findings.length])).toEqual([
      ['high', 2, 1],
      ['medium', 2, 0],
      ['low', 1, 0],
    ]);
  });

  it('filters by severity and rule together', () => {
    expect(
      findings.filter((x) => passes(x, { severities: ['medium', 'low'], ruleId: '' })).map((x) => x.ruleId),
    ).toEqual(['rule-shadowed', 'pool-validation', 'classic-flow-enabled']);
    expect(findings.filter((x) => passes(x, { severities: ['low'], ruleId: 'pool-validation' }))).toHaveLength(0);
  });

  it('counts rules, sorted by id', () => {
    expect(ruleCounts([...findings, findings[0]])).toEqual([
      { ruleId: 'classic-flow-enabled', count: 1 },
      { ruleId: 'guest-can-write', count: 1 },
      { ruleId: 'pool-validation', count: 1 },
      { ruleId: 'rule-shadowed', count: 1 },
      { ruleId: 'wildcard-action-resource', count: 2 },
    ]);
  });

  it('links a statement to its policy at the line and column, a rule to the rules table, and nothing it cannot open to null', () => {
    const ids = new Set([`${role}#inline/P`, `${role}#trust`]);
    expect(findingTarget(findings[0], ids)).toEqual({
      kind: 'policy',
      policyId: `${role}#inline/P`,
      line: 4,
      column: 5,
    });
    expect(findingTarget(findings[1], ids)).toEqual({ kind: 'rule', mappingKey: 'accounts.google.com', ruleIndex: 2 });
    expect(findingTarget(findings[2], ids)).toEqual({ kind: 'rules' });
    expect(findingTarget(findings[3], ids)).toEqual({ kind: 'policy', policyId: `${role}#trust`, line: 1 });
    expect(findingTarget(findings[4], ids)).toBeNull();
    expect(findingTarget(findings[0], new Set())).toBeNull();
  });

  it('says the counts in one line', () => {
    expect(countsLine({ high: 2, medium: 0, low: 1 })).toBe('high: 2 · medium: 0 · low: 1');
  });
});
