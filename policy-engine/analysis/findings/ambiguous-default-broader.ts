/**
 * ambiguous-default-broader: with AmbiguousRoleResolution "AuthenticatedRole", a user who matches no rule (a missing
 * or mistyped claim) gets the pool's default authenticated role. When that role is broader than a rule's role, losing
 * the claim gains access — the fallback should be the narrowest role, or Deny.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { MappingRule, RoleMapping } from '../../model/workspace';
import type { Finding, FindingRule } from './types';
import { cellsMinus, roleCells } from './privilege';
import { roleName } from './trust-helpers';

/** The rule. */
export const ambiguousDefaultBroader: FindingRule = {
  id: 'ambiguous-default-broader',
  name: 'AmbiguousDefaultBroader',
  title: 'Users who match no rule get a broader role',
  severity: 'medium',
  description:
    "A Rules role mapping resolves ambiguity with AuthenticatedRole, and the default authenticated role allows more cells of the access matrix than some rule's role, including cells that role does not have: a user whose claim is missing or does not match gets more access than one who matches the rule.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const { pool, index } of ctx.pools) {
      const def = pool.Roles?.authenticated;
      if (!def || !ctx.roles.has(def)) continue;
      const defCells = roleCells(ctx, def);
      const mappings = (pool.RoleMappings && typeof pool.RoleMappings === 'object' ? pool.RoleMappings : {}) as Record<
        string,
        RoleMapping
      >;
      for (const [key, m] of Object.entries(mappings)) {
        if (m?.Type !== 'Rules' || m.AmbiguousRoleResolution !== 'AuthenticatedRole') continue;
        const rules: MappingRule[] = Array.isArray(m.RulesConfiguration?.Rules) ? m.RulesConfiguration!.Rules : [];
        const narrower = rules
          .map((rule, i) => ({ rule, i, cells: roleCells(ctx, rule?.RoleARN) }))
          .filter(
            (r) =>
              r.rule &&
              r.rule.RoleARN !== def &&
              ctx.roles.has(r.rule.RoleARN) &&
              defCells.length > r.cells.length &&
              cellsMinus(defCells, r.cells).length > 0,
          );
        if (narrower.length === 0) continue;
        const first = narrower[0];
        const gained = cellsMinus(defCells, first.cells);
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `The ${key} mapping sends users who match no rule to the default authenticated role ${roleName(def)} (AmbiguousRoleResolution AuthenticatedRole), which is broader than ${narrower.map((r) => `rule ${r.i}'s ${roleName(r.rule.RoleARN)}`).join(', ')}: a user whose ${first.rule.Claim} is missing or mistyped can ${ctx.describe(gained)}, which rule ${first.i}'s role cannot.`,
          fix: 'Set AmbiguousRoleResolution to "Deny", or make the default authenticated role the narrowest role of the pool.',
          location: ctx.poolLocation(index, { path: ['RoleMappings', key, 'AmbiguousRoleResolution'], provider: key }),
        });
      }
    }
    return out;
  },
};
