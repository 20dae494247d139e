/**
 * userpool-weak-password-policy: the user pool's password policy is weaker than the baseline — AWS's default (at least
 * 8 characters with an uppercase letter, a lowercase letter, a number and a symbol), with what
 * settings.passwordBaseline overrides — said with the roles a guessed password reaches. An absent PasswordPolicy is
 * AWS's default, not weaker (unless the baseline asks for more than AWS's default).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html (password policies)
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html
 */
import { AWS_DEFAULT_PASSWORD_POLICY as AWS_DEFAULT, passwordBaseline } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';
import { privilegedRoutes, roleRoutes, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolWeakPasswordPolicy: FindingRule = {
  id: 'userpool-weak-password-policy',
  name: 'UserPoolWeakPasswordPolicy',
  title: "Password policy weaker than AWS's default",
  severity: 'medium',
  description:
    "A user pool's PasswordPolicy allows shorter passwords than 8 characters or drops one of the character classes AWS requires by default (uppercase, lowercase, numbers, symbols); settings.passwordBaseline changes the baseline. Medium when its users reach a privileged role, low otherwise.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html',
  check(ctx) {
    const out: Finding[] = [];
    const { baseline, fromSetting, text } = passwordBaseline(ctx.ws.settings);
    for (const use of userPoolsInUse(ctx)) {
      // An absent PasswordPolicy (or field) is AWS's default for a new pool.
      const policy = { ...AWS_DEFAULT, ...(use.entry.UserPool.Policies?.PasswordPolicy ?? {}) };
      const weak: string[] = [];
      if (typeof policy.MinimumLength === 'number' && policy.MinimumLength < baseline.MinimumLength)
        weak.push(
          `MinimumLength ${policy.MinimumLength} (${fromSetting.has('MinimumLength') ? 'baseline' : 'default'} ${baseline.MinimumLength})`,
        );
      for (const k of ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'] as const)
        if (baseline[k] && policy[k] === false) weak.push(`${k} false`);
      if (weak.length === 0) continue;
      const routes = privilegedRoutes(ctx, use);
      const anyRole = [...new Set(roleRoutes(ctx, use).map((r) => roleName(r.roleArn)))];
      out.push({
        ruleId: this.id,
        severity: routes.length > 0 ? 'medium' : 'low',
        title: this.title,
        message: `User pool ${userPoolLabel(use)} accepts weaker passwords than the baseline: ${weak.join(', ')} (${text}). ${routes.length ? `A guessed password reaches privileged roles: ${routes.map((r) => `${roleName(r.roleArn)} (${r.via})`).join('; ')}.` : anyRole.length ? `Its users reach ${anyRole.join(', ')}.` : 'No identity pool of the workspace gives its users a role.'}`,
        fix: "Require at least 8 characters (12 or more for privileged users) with uppercase, lowercase, numbers and symbols — or leave PasswordPolicy at AWS's default.",
        location: userPoolLocation(ctx, use, { field: 'Policies' }),
      });
    }
    return out;
  },
};
