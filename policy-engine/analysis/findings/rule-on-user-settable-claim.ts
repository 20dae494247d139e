/**
 * rule-on-user-settable-claim: a role-mapping rule keys a privileged role on a claim the user can set themselves.
 * User-pool users may change their own standard attributes (email, name, preferred_username, …) and custom:
 * attributes with UpdateUserAttributes unless the app client's write permissions exclude them; Contains/StartsWith
 * make it easier still ("admin" in a nickname, a look-alike email).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { MappingRule, RoleMapping, Workspace } from '../../model/workspace';
import { findClient, findUserPool, userPoolIdOfProvider } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { privilege } from './privilege';
import { roleName } from './trust-helpers';

/** Standard OIDC profile claims a user pool user can change about themselves by default, plus custom:*. */
const SETTABLE = new Set([
  'email',
  'name',
  'preferred_username',
  'nickname',
  'given_name',
  'family_name',
  'middle_name',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'address',
  'updated_at',
]);

/** Whether a claim is one the signed-in user can set themselves. */
export function isUserSettableClaim(claim: string): boolean {
  return claim.startsWith('custom:') || SETTABLE.has(claim);
}

/**
 * Whether the workspace holds the user pool and the app client a RoleMappings key (`provider:clientId`) names: then
 * userpool-rule-on-writable-attribute judges its rules exactly from the schema and WriteAttributes, and this guess
 * from attribute names stays silent.
 */
function knowsUserPoolClient(ws: Workspace, mappingKey: string): boolean {
  const poolId = userPoolIdOfProvider(mappingKey);
  if (!poolId) return false;
  const entry = findUserPool(ws, poolId);
  const at = mappingKey.indexOf(`${poolId}:`);
  const clientId = at >= 0 ? mappingKey.slice(at + poolId.length + 1) : '';
  return !!entry && !!clientId && !!findClient(entry, clientId);
}

/** The rule. */
export const ruleOnUserSettableClaim: FindingRule = {
  id: 'rule-on-user-settable-claim',
  name: 'RuleOnUserSettableClaim',
  title: 'Role mapping rule on a claim the user can set',
  severity: 'high',
  description:
    'A role-mapping rule leads to a privileged role (more allowed cells than the default authenticated role, or any write) on a claim the user can set themselves: email, name, preferred_username, nickname and the other standard profile attributes, or any custom: attribute; Contains/StartsWith on such a claim is called out. A guess from the claim name, made only where the workspace does not hold the user pool and app client (there userpool-rule-on-writable-attribute decides exactly).',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const { pool, index } of ctx.pools) {
      const mappings = (pool.RoleMappings && typeof pool.RoleMappings === 'object' ? pool.RoleMappings : {}) as Record<
        string,
        RoleMapping
      >;
      for (const [key, m] of Object.entries(mappings)) {
        if (knowsUserPoolClient(ctx.ws, key)) continue;
        const rules: MappingRule[] = Array.isArray(m?.RulesConfiguration?.Rules) ? m.RulesConfiguration!.Rules : [];
        rules.forEach((rule, i) => {
          if (!rule || typeof rule.Claim !== 'string' || !isUserSettableClaim(rule.Claim)) return;
          const p = privilege(ctx, rule.RoleARN, pool.Roles?.authenticated);
          if (!p.privileged) return;
          const loose =
            rule.MatchType === 'Contains' || rule.MatchType === 'StartsWith' || rule.MatchType === 'NotEqual';
          out.push({
            ruleId: this.id,
            severity: this.severity,
            title: this.title,
            message: `Rule ${i} of the ${key} mapping gives ${roleName(rule.RoleARN)} to users whose ${rule.Claim} ${rule.MatchType} "${rule.Value}", and a user can set ${rule.Claim} on their own account (UpdateUserAttributes${rule.Claim.startsWith('custom:') ? ', unless the app client makes it read-only' : ''})${loose ? `; with ${rule.MatchType} any value ${rule.MatchType === 'NotEqual' ? `other than "${rule.Value}"` : `${rule.MatchType === 'Contains' ? 'containing' : 'starting with'} "${rule.Value}"`} will do` : ''}: any signed-in user can make themselves ${roleName(rule.RoleARN)}, and ${p.why}.`,
            fix: 'Map privileged roles on claims users cannot change — cognito:groups (set by administrators) with "Equals" — or make the attribute read-only for every app client.',
            location: ctx.poolLocation(index, { provider: key, ruleIndex: i }),
          });
        });
      }
    }
    return out;
  },
};
