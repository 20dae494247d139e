/**
 * Groups allowed requests by the statement that allowed them, so a finding points at that statement.
 */
import type { Answer, Assumption } from '../../model/request';
import type { ActionOnResource } from '../describe';
import type { AuditContext } from './context';
import type { Finding, FindingLocation, FindingRule } from './types';

/** Allowed cells that share a deciding statement. */
export interface CellGroup {
  location: FindingLocation | null;
  /** `policyId#statementIndex`, or "" when no statement of the workspace decided. */
  key: string;
  cells: ActionOnResource[];
  assumptions: Assumption[];
}

/** The workspace statement that allowed an answer (the first Allow among its matched statements). */
function decidingLocation(ctx: AuditContext, answer: Answer): { key: string; location: FindingLocation | null } {
  for (const m of answer.matchedStatements) {
    if (
      m.effect !== 'Allow' ||
      m.policyType === 'trust' ||
      m.policyType === 'session' ||
      m.policyType === 'scp' ||
      m.policyType === 'rcp' ||
      m.policyType === 'permissionsBoundary'
    )
      continue;
    const ref = ctx.refById.get(m.policyId);
    if (ref)
      return { key: `${m.policyId}#${m.statementIndex}`, location: ctx.statementLocation(ref, m.statementIndex) };
  }
  return { key: '', location: null };
}

/** Explains each allowed request and groups them by the deciding statement. */
export function groupByStatement(
  ctx: AuditContext,
  explain: (cell: ActionOnResource) => Answer,
  cells: ActionOnResource[],
): CellGroup[] {
  const groups = new Map<string, CellGroup>();
  for (const cell of cells) {
    const answer = explain(cell);
    if (answer.decision !== 'allowed') continue;
    const { key, location } = decidingLocation(ctx, answer);
    let g = groups.get(key);
    if (!g) {
      g = { key, location, cells: [], assumptions: [] };
      groups.set(key, g);
    }
    g.cells.push(cell);
    for (const a of answer.assumptions) if (!g.assumptions.some((x) => x.id === a.id)) g.assumptions.push(a);
  }
  return [...groups.values()];
}

/** "statement 0 of arn:…#inline/Uploads". */
export function describeLocation(loc: FindingLocation | null): string {
  if (!loc) return "a policy outside the workspace's statements";
  const what = loc.policyId ?? loc.arn ?? loc.resourceArn ?? '';
  return `statement ${loc.statementIndex} of ${what}`;
}

/**
 * A finding of `rule` about a group of allowed requests: located at the statement that allowed them, or at the pool's
 * `role` ("authenticated" / "unauthenticated") when no statement of the workspace did.
 */
export function groupFinding(
  rule: Pick<FindingRule, 'id' | 'severity' | 'title'>,
  ctx: AuditContext,
  group: { location: FindingLocation | null; assumptions: Assumption[] },
  pool: { poolIndex: number; role: 'authenticated' | 'unauthenticated' },
  text: { message: string; fix: string },
): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    message: text.message,
    fix: text.fix,
    location: group.location ?? ctx.poolLocation(pool.poolIndex, { path: ['Roles', pool.role] }),
    ...(group.assumptions.length ? { assumptions: group.assumptions } : {}),
  };
}
