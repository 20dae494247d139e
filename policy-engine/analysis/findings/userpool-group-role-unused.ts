/**
 * userpool-group-role-unused: a user-pool group carries a role (RoleArn) that no identity pool hands out: every
 * identity pool that accepts the pool maps its app clients with Rules or not at all (group roles are used only with
 * "Choose role from token", Type Token), or the role's trust policy does not accept the identity pool that would.
 * Admins then believe members have the group's role when they get another.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html ("Choose role from token")
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
import { resolveIdentity } from '../../cognito/index';
import { groupsOf } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';
import { userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolGroupRoleUnused: FindingRule = {
  id: 'userpool-group-role-unused',
  name: 'UserPoolGroupRoleUnused',
  title: "A group's role that the identity pool never hands out",
  severity: 'low',
  description:
    "A user-pool group has a RoleArn, but no identity pool that accepts the pool gives it to the group's members: the role mapping is Rules (or absent) rather than Token, or the role's trust policy refuses the identity pool. Only judged when an identity pool of the workspace accepts the user pool.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      if (use.accepted.length === 0) continue;
      for (const g of groupsOf(use.entry)) {
        if (typeof g.RoleArn !== 'string' || !g.RoleArn) continue;
        const why: string[] = [];
        let handedOut = false;
        for (const a of use.accepted) {
          const r = resolveIdentity(
            ctx.pw,
            {
              identityPoolId: a.pool.IdentityPoolId,
              user: {
                userPoolId: use.userPoolId,
                clientId: a.clientId,
                username: 'rolecall-group-member',
                groups: [g.GroupName],
              },
            },
            { now: ctx.now, explain: false },
          );
          const where = `identity pool ${a.pool.IdentityPoolName ?? a.pool.IdentityPoolId} (app client ${a.clientId})`;
          if (r.roleArn === g.RoleArn && r.resolution.outcome === 'role') {
            handedOut = true;
            break;
          }
          if (a.mapping?.Type !== 'Token')
            why.push(
              `${where} ${a.mapping ? 'maps with Rules' : 'has no role mapping'}, so members get ${r.roleArn ? roleName(r.roleArn) : 'no credentials'} instead`,
            );
          else if (r.roleArn === g.RoleArn)
            why.push(
              `${where} picks it, but the role's trust policy refuses that identity pool (${r.resolution.error?.message ?? 'denied'})`,
            );
          else
            why.push(
              `${where} gives members ${r.roleArn ? roleName(r.roleArn) : 'no credentials'} (another group wins on Precedence, or the token's role is not taken)`,
            );
        }
        if (handedOut) continue;
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Group ${g.GroupName} of user pool ${userPoolLabel(use)} carries ${roleName(g.RoleArn)}, which no identity pool hands out: ${why.join('; ')}.`,
          fix: `Use "Choose role from token" (RoleMappings Type Token) for the app client, and let ${roleName(g.RoleArn)}'s trust policy accept the identity pool (aud) for authenticated users (amr) — or remove the RoleArn so the group does not promise a role.`,
          location: userPoolLocation(ctx, use, { group: g.GroupName }),
        });
      }
    }
    return out;
  },
};
