/**
 * userpool-rule-on-writable-attribute: a role-mapping rule for a user pool's app client keys a privileged role on an
 * attribute that users of that client can write themselves (mutable in the pool's schema and in the client's
 * WriteAttributes — AWS's default for a client without WriteAttributes is every standard attribute). Exact where the
 * user pool is in the workspace: it replaces rule-on-user-settable-claim's guess from attribute names for those rules.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html (attribute permissions)
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import { findClient, writability } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';
import { roleRoutes, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolRuleOnWritableAttribute: FindingRule = {
  id: 'userpool-rule-on-writable-attribute',
  name: 'UserPoolRuleOnWritableAttribute',
  title: 'Role mapping rule on an attribute users can write themselves',
  severity: 'high',
  description:
    "A role-mapping rule leads to a privileged role (more than the default authenticated role, or any write) on a user-pool attribute that is mutable and in the app client's WriteAttributes, so any user of that client can set it with UpdateUserAttributes and take the role. Judged from the pool's schema and the client's permissions; rules on attributes users cannot write are not reported.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      for (const route of roleRoutes(ctx, use)) {
        if (route.kind !== 'rule' || !route.privileged || !route.rule) continue;
        const client = findClient(use.entry, route.acceptance.clientId);
        if (!client) continue;
        const claim = route.rule.Claim;
        const w = writability(use.entry, client, claim);
        if (!w.writable) continue;
        ctx.mark(this.id, `${route.acceptance.pool.IdentityPoolId}#${route.acceptance.mappingKey}#${route.ruleIndex}`);
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Rule ${route.ruleIndex} of identity pool ${route.acceptance.pool.IdentityPoolName ?? route.acceptance.pool.IdentityPoolId} gives ${roleName(route.roleArn)} to ${route.via}; in user pool ${userPoolLabel(use)} ${w.reason}: any user can make themselves ${roleName(route.roleArn)}, and ${route.why}.`,
          fix: `Remove ${claim} from the WriteAttributes of app client ${client.ClientId} (and of every client that can sign in), or make it immutable; better, map ${roleName(route.roleArn)} on cognito:groups, which only administrators change.`,
          location: userPoolLocation(ctx, use, { client: client.ClientId, field: 'WriteAttributes' }),
        });
      }
    }
    return out;
  },
};
