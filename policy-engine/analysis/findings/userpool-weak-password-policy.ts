/**
 * userpool-weak-password-policy: the user pool's password policy is weaker than the one AWS sets by default (at least
 * 8 characters with an uppercase letter, a lowercase letter, a number and a symbol), said with the roles a guessed
 * password reaches. An absent PasswordPolicy is AWS's default, not weaker.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html (password policies)
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html
 */
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';
import { privilegedRoutes, roleRoutes, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** AWS's default password policy for a new user pool. */
export const AWS_DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
} as const;

/** The rule. */
export const userpoolWeakPasswordPolicy: FindingRule = {
  id: 'userpool-weak-password-policy',
  name: 'UserPoolWeakPasswordPolicy',
  title: "Password policy weaker than AWS's default",
  severity: 'medium',
  description:
    "A user pool's PasswordPolicy allows shorter passwords than 8 characters or drops one of the character classes AWS requires by default (uppercase, lowercase, numbers, symbols). Medium when its users reach a privileged role, low otherwise.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      const policy = use.entry.UserPool.Policies?.PasswordPolicy;
      if (!policy) continue;
      const weak: string[] = [];
      if (typeof policy.MinimumLength === 'number' && policy.MinimumLength < AWS_DEFAULT_PASSWORD_POLICY.MinimumLength)
        weak.push(`MinimumLength ${policy.MinimumLength} (default 8)`);
      for (const k of ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'] as const)
        if (policy[k] === false) weak.push(`${k} false`);
      if (weak.length === 0) continue;
      const routes = privilegedRoutes(ctx, use);
      const anyRole = [...new Set(roleRoutes(ctx, use).map((r) => roleName(r.roleArn)))];
      out.push({
        ruleId: this.id,
        severity: routes.length > 0 ? 'medium' : 'low',
        title: this.title,
        message: `User pool ${userPoolLabel(use)} accepts weaker passwords than AWS's default: ${weak.join(', ')}. ${routes.length ? `A guessed password reaches privileged roles: ${routes.map((r) => `${roleName(r.roleArn)} (${r.via})`).join('; ')}.` : anyRole.length ? `Its users reach ${anyRole.join(', ')}.` : 'No identity pool of the workspace gives its users a role.'}`,
        fix: "Require at least 8 characters (12 or more for privileged users) with uppercase, lowercase, numbers and symbols — or leave PasswordPolicy at AWS's default.",
        location: userPoolLocation(ctx, use, { field: 'Policies' }),
      });
    }
    return out;
  },
};
