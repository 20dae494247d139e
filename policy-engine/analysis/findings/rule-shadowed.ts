/**
 * rule-shadowed: rules are tried in order and the first match wins, so a rule that can only match when an earlier
 * rule already matches never applies (same claim and value; an earlier StartsWith prefix of it; …).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { MappingRule, RoleMapping } from '../../model/workspace';
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';

/**
 * Whether every claims set that matches `later` also matches `earlier` (a sound, partial check). Contains and
 * NotEqual implications hold only for single-valued claims, so they are not used for cognito:groups.
 */
export function alwaysMatchesFirst(earlier: MappingRule, later: MappingRule, caseSensitive: boolean): boolean {
  if (!earlier || !later || earlier.Claim !== later.Claim) return false;
  const norm = (s: unknown) => (caseSensitive ? String(s) : String(s).toLowerCase());
  const e = norm(earlier.Value);
  const l = norm(later.Value);
  const multi = later.Claim === 'cognito:groups';
  if (earlier.MatchType === later.MatchType && e === l) return true;
  if (earlier.MatchType === 'StartsWith' && (later.MatchType === 'Equals' || later.MatchType === 'StartsWith'))
    return l.startsWith(e);
  if (multi) return false;
  if (
    earlier.MatchType === 'Contains' &&
    (later.MatchType === 'Equals' || later.MatchType === 'StartsWith' || later.MatchType === 'Contains')
  )
    return l.includes(e);
  if (earlier.MatchType === 'NotEqual' && later.MatchType === 'Equals') return l !== e;
  return false;
}

/** The rule. */
export const ruleShadowed: FindingRule = {
  id: 'rule-shadowed',
  name: 'RuleShadowed',
  title: 'Role mapping rule can never match',
  severity: 'low',
  description:
    'A role-mapping rule can only match when an earlier rule on the same claim already matches (same match type and value, an earlier StartsWith that is a prefix of its value, an earlier Contains of part of it, an earlier NotEqual of another value), so the first-match-wins order means it never applies.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
  check(ctx) {
    const out: Finding[] = [];
    const caseSensitive = ctx.ws.settings?.claimMatchCaseSensitive !== false;
    for (const { pool, index } of ctx.pools) {
      const mappings = (pool.RoleMappings && typeof pool.RoleMappings === 'object' ? pool.RoleMappings : {}) as Record<
        string,
        RoleMapping
      >;
      for (const [key, m] of Object.entries(mappings)) {
        const rules: MappingRule[] = Array.isArray(m?.RulesConfiguration?.Rules) ? m.RulesConfiguration!.Rules : [];
        rules.forEach((rule, j) => {
          const i = rules.slice(0, j).findIndex((earlier) => alwaysMatchesFirst(earlier, rule, caseSensitive));
          if (i < 0) return;
          const e = rules[i];
          const differs = e.RoleARN !== rule.RoleARN;
          out.push({
            ruleId: this.id,
            severity: differs ? 'medium' : this.severity,
            title: this.title,
            message: `Rule ${j} of the ${key} mapping (${rule.Claim} ${rule.MatchType} "${rule.Value}" → ${roleName(rule.RoleARN)}) can never apply: every user it matches also matches rule ${i} (${e.Claim} ${e.MatchType} "${e.Value}"), which comes first and ${differs ? `gives them ${roleName(e.RoleARN)} instead` : 'gives the same role'}.`,
            fix: `Move rule ${j} above rule ${i} if it is the more specific one, or delete it.`,
            location: ctx.poolLocation(index, { provider: key, ruleIndex: j }),
          });
        });
      }
    }
    return out;
  },
};
