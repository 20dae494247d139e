/**
 * userpool-self-signup-open: anyone on the internet can create an account in the user pool (AllowAdminCreateUserOnly
 * false or unset, AWS's default) and an identity pool gives signed-in users a role that can write or holds per-user
 * data — so "a signed-in user" means "anyone who signs up".
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUserConfigType.html
 */
import { selfSignUpOpen } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';
import {
  perUserData,
  roleOfNewUser,
  userPoolLabel,
  userPoolLocation,
  userPoolsInUse,
  writes,
} from './user-pool-posture';

/** The rule. */
export const userpoolSelfSignupOpen: FindingRule = {
  id: 'userpool-self-signup-open',
  name: 'UserPoolSelfSignupOpen',
  title: 'Anyone can sign up, and signed-in users get a role that writes or holds per-user data',
  severity: 'high',
  description:
    'A user pool lets users sign themselves up (AdminCreateUserConfig.AllowAdminCreateUserOnly false or unset) and an identity pool that accepts its tokens gives a new user — no group, no attributes — a role with any write, or with per-user data (${cognito-identity.amazonaws.com:sub}). High for write, medium for per-user read only.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      if (!selfSignUpOpen(use.entry)) continue;
      const flag = use.entry.UserPool.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
      for (const acceptance of use.accepted) {
        const roleArn = roleOfNewUser(ctx, use, acceptance);
        if (!roleArn) continue;
        const w = writes(ctx, roleArn);
        const perUser = perUserData(ctx, roleArn);
        if (w.length === 0 && !perUser) continue;
        const what = w.length
          ? `can ${ctx.describe(w)}`
          : 'reads per-user data (its policies are scoped by ${cognito-identity.amazonaws.com:sub})';
        out.push({
          ruleId: this.id,
          severity: w.length ? 'high' : 'medium',
          title: this.title,
          message: `User pool ${userPoolLabel(use)} ${flag === false ? 'has AllowAdminCreateUserOnly false' : 'does not set AllowAdminCreateUserOnly (AWS default: false)'}, so anyone can call SignUp on app client ${acceptance.clientId}; identity pool ${acceptance.pool.IdentityPoolName ?? acceptance.pool.IdentityPoolId} then gives that new user ${roleName(roleArn)}, which ${what}.`,
          fix: `Set AdminCreateUserConfig.AllowAdminCreateUserOnly to true (only administrators create users), or give users who merely signed up a role without write access — and keep per-user data behind a verified attribute or a group.`,
          location: userPoolLocation(ctx, use, { field: 'AdminCreateUserConfig' }),
        });
      }
    }
    return out;
  },
};
