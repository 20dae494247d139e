/**
 * userpool-rule-on-unverified-email: a role-mapping rule matches the `email` claim to give a privileged role, but the
 * user pool does not make email verified before it counts: email is not verified automatically at sign-up
 * (AutoVerifiedAttributes), or a changed email takes effect before it is verified
 * (UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate). A rule cannot also check email_verified,
 * so an address the user does not own satisfies it.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserAttributeUpdateSettingsType.html
 */
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';
import { roleRoutes, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolRuleOnUnverifiedEmail: FindingRule = {
  id: 'userpool-rule-on-unverified-email',
  name: 'UserPoolRuleOnUnverifiedEmail',
  title: 'Role mapping rule on email, where email need not be verified',
  severity: 'high',
  description:
    'A role-mapping rule on the email claim leads to a privileged role while the user pool does not verify email automatically (AutoVerifiedAttributes without email) or lets a changed email take effect before it is verified (AttributesRequireVerificationBeforeUpdate without email).',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      const pool = use.entry.UserPool;
      const autoVerified = (pool.AutoVerifiedAttributes ?? []).includes('email');
      const verifiedBeforeUpdate = (
        pool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? []
      ).includes('email');
      if (autoVerified && verifiedBeforeUpdate) continue;
      for (const route of roleRoutes(ctx, use)) {
        if (route.kind !== 'rule' || !route.privileged || route.rule?.Claim !== 'email') continue;
        const gaps = [
          ...(!autoVerified
            ? ['email is not in AutoVerifiedAttributes, so an account can be confirmed without proving the address']
            : []),
          ...(!verifiedBeforeUpdate
            ? [
                'email is not in UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, so a new address reaches the ID token before it is verified',
              ]
            : []),
        ];
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Rule ${route.ruleIndex} of identity pool ${route.acceptance.pool.IdentityPoolName ?? route.acceptance.pool.IdentityPoolId} gives ${roleName(route.roleArn)} to ${route.via}, but in user pool ${userPoolLabel(use)} ${gaps.join('; and ')}. Whoever types such an address gets ${roleName(route.roleArn)}, and ${route.why}.`,
          fix: 'Add email to AutoVerifiedAttributes and to UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate; better, map privileged roles on cognito:groups instead of on email.',
          location: userPoolLocation(ctx, use, {
            field: !autoVerified ? 'AutoVerifiedAttributes' : 'UserAttributeUpdateSettings',
          }),
        });
      }
    }
    return out;
  },
};
