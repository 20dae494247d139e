/**
 * The Findings view's pure logic: grouping by severity with counts, filtering by severity and rule, and where a
 * finding's link leads (a policy at the statement's line, a role-mapping rule in the rules table, or a user pool's
 * entry in the editor at the part the finding is about).
 */
import type { Finding, Severity } from '../../../../policy-engine/analysis/index';
import { jumpTo, type PolicyJump } from '../editor/jump';
import { userPoolEditorId } from '../editor/user-pool-entry';

/** Severities from worst to mildest. */
export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low'];

/** What the list shows. */
export interface FindingsFilter {
  /** Shown severities; all when empty. */
  severities: Severity[];
  /** Only this rule id; all when ''. */
  ruleId: string;
}

/** Everything. */
export const allFindings: FindingsFilter = { severities: [], ruleId: '' };

/** One severity's findings (those passing the filter) and its count before filtering. */
export interface SeverityGroup {
  severity: Severity;
  total: number;
  findings: Finding[];
}

/** Whether a finding passes the filter. */
export function passes(f: Finding, filter: FindingsFilter): boolean {
  return (
    (filter.severities.length === 0 || filter.severities.includes(f.severity)) &&
    (filter.ruleId === '' || f.ruleId === filter.ruleId)
  );
}

/** The findings by severity (worst first), each group with its total and the findings that pass the filter. */
export function groupFindings(findings: readonly Finding[], filter: FindingsFilter = allFindings): SeverityGroup[] {
  return SEVERITY_ORDER.map((severity) => {
    const all = findings.filter((f) => f.severity === severity);
    return { severity, total: all.length, findings: all.filter((f) => passes(f, filter)) };
  });
}

/** The rule ids present, each with its count, sorted by id. */
export function ruleCounts(findings: readonly Finding[]): { ruleId: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return [...counts].map(([ruleId, count]) => ({ ruleId, count })).sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

/** Where a finding's link leads. */
export type FindingTarget =
  ({ kind: 'policy' } & PolicyJump) | { kind: 'rule'; mappingKey: string; ruleIndex: number } | { kind: 'rules' };

/**
 * The place to open for a finding: its policy at the statement's line and column when the editor has that policy; a role
 * mapping's rule in the rules table; null when there is nothing to open (e.g. a pool-level setting).
 */
export function findingTarget(f: Finding, policyIds: ReadonlySet<string>): FindingTarget | null {
  const l = f.location;
  if (l.policyId && policyIds.has(l.policyId)) return { kind: 'policy', ...jumpTo(l.policyId, l.start) };
  if (l.kind === 'identityPool' && l.provider !== undefined) {
    return l.ruleIndex !== undefined
      ? { kind: 'rule', mappingKey: l.provider, ruleIndex: l.ruleIndex }
      : { kind: 'rules' };
  }
  if (l.kind === 'resourcePolicy' && l.resourceArn && policyIds.has(`${l.resourceArn}#resource`))
    return { kind: 'policy', ...jumpTo(`${l.resourceArn}#resource`, l.start) };
  // A user pool opens in the editor at the part the finding is about (its path inside the pool's entry).
  if (l.kind === 'userPool' && l.userPoolId)
    return {
      kind: 'policy',
      ...jumpTo(
        userPoolEditorId(
          l.userPoolId,
          l.workspacePath && l.workspacePath[0] === 'userPools' ? l.workspacePath.slice(2) : [],
        ),
        l.start,
      ),
    };
  if (l.kind === 'role' && l.arn && l.policyType === 'trust' && policyIds.has(`${l.arn}#trust`))
    return { kind: 'policy', ...jumpTo(`${l.arn}#trust`, l.start) };
  return null;
}

/** "high: 2 · medium: 1 · low: 0". */
export function countsLine(summary: Record<Severity, number>): string {
  return SEVERITY_ORDER.map((s) => `${s}: ${summary[s]}`).join(' · ');
}
