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

/**
 * Why an earlier rule is true for every token the mapping can see, or null. A user-pool mapping is keyed
 * `cognito-idp.<region>.amazonaws.com/<poolId>:<clientId>`, and the identity pool accepts only ID tokens of that client
 * for it: their `aud` is that client id and their `iss` is `https://` + the provider name
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html).
 */
export function alwaysTrue(rule: MappingRule, mappingKey: string, caseSensitive: boolean): string | null {
  const m = /^(cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+):(\w+)$/.exec(mappingKey);
  if (!m || !rule || typeof rule.Value !== 'string') return null;
  const norm = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const known: Record<string, string> = { aud: m[2], iss: `https://${m[1]}`, token_use: 'id' };
  const actual = Object.prototype.hasOwnProperty.call(known, rule.Claim) ? known[rule.Claim] : undefined;
  if (actual === undefined) return null;
  const a = norm(actual);
  const v = norm(rule.Value);
  const holds =
    (rule.MatchType === 'Equals' && a === v) ||
    (rule.MatchType === 'StartsWith' && a.startsWith(v)) ||
    (rule.MatchType === 'Contains' && a.includes(v)) ||
    (rule.MatchType === 'NotEqual' && a !== v);
  return holds ? `every ID token of this mapping's app client has ${rule.Claim} "${actual}"` : null;
}

/** The rule. */
export const ruleShadowed: FindingRule = {
  id: 'rule-shadowed',
  name: 'RuleShadowed',
  title: 'Role mapping rule can never match',
  severity: 'low',
  description:
    "A role-mapping rule can only match when an earlier rule on the same claim already matches (same match type and value, an earlier StartsWith that is a prefix of its value, an earlier Contains of part of it, an earlier NotEqual of another value), or when an earlier rule is true for every token of the mapping (aud Equals the mapping's own app client id, iss Equals its provider, token_use Equals id), so the first-match-wins order means it never applies.",
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
        // An earlier rule that every token of the mapping satisfies shadows every rule after it, whatever its claim.
        const always = rules.findIndex((r) => alwaysTrue(r, key, caseSensitive) !== null);
        rules.forEach((rule, j) => {
          let i = rules.slice(0, j).findIndex((earlier) => alwaysMatchesFirst(earlier, rule, caseSensitive));
          const byAlways = i < 0 && always >= 0 && always < j;
          if (byAlways) i = always;
          if (i < 0) return;
          const e = rules[i];
          const differs = e.RoleARN !== rule.RoleARN;
          const why = byAlways
            ? `rule ${i} (${e.Claim} ${e.MatchType} "${e.Value}") matches every user of this mapping — ${alwaysTrue(e, key, caseSensitive)} — and comes first, so it ${differs ? `gives them ${roleName(e.RoleARN)} instead` : 'gives the same role'}`
            : `every user it matches also matches rule ${i} (${e.Claim} ${e.MatchType} "${e.Value}"), which comes first and ${differs ? `gives them ${roleName(e.RoleARN)} instead` : 'gives the same role'}`;
          out.push({
            ruleId: this.id,
            severity: differs ? 'medium' : this.severity,
            title: this.title,
            message: `Rule ${j} of the ${key} mapping (${rule.Claim} ${rule.MatchType} "${rule.Value}" → ${roleName(rule.RoleARN)}) can never apply: ${why}.`,
            fix: `Move rule ${j} above rule ${i} if it is the more specific one, or delete it.`,
            location: ctx.poolLocation(index, { provider: key, ruleIndex: j }),
          });
        });
      }
    }
    return out;
  },
};
