/**
 * userpool-phone-recovery: account recovery lets a phone number alone reset the password (verified_phone_number first
 * in AccountRecoverySetting, or no setting, where Cognito's legacy behaviour sends the code by SMS when the user has a
 * verified phone) while the pool's users reach a privileged role — whoever takes over the number (SIM swap, recycled
 * number) takes over the account.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AccountRecoverySettingType.html
 */
import type { Finding, FindingRule } from './types';
import { privilegedRoutes, routesText, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolPhoneRecovery: FindingRule = {
  id: 'userpool-phone-recovery',
  name: 'UserPoolPhoneRecovery',
  title: 'A phone number alone recovers accounts that reach a privileged role',
  severity: 'medium',
  description:
    'A user pool recovers accounts by SMS first (AccountRecoverySetting with verified_phone_number at the best priority, or no AccountRecoverySetting: the legacy behaviour prefers SMS) while a group or a role-mapping rule gives its users a privileged role.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      const setting = use.entry.UserPool.AccountRecoverySetting;
      const mechanisms = [...(setting?.RecoveryMechanisms ?? [])].sort((a, b) => a.Priority - b.Priority);
      const first = mechanisms[0]?.Name;
      if (setting && first !== 'verified_phone_number') continue;
      const routes = privilegedRoutes(ctx, use);
      if (routes.length === 0) continue;
      const how = setting
        ? `recovers accounts by SMS first (verified_phone_number at priority ${mechanisms[0].Priority}${mechanisms.length === 1 ? ', the only mechanism' : ''})`
        : 'has no AccountRecoverySetting, so Cognito uses its legacy behaviour: a user with a verified phone number gets the reset code by SMS';
      out.push({
        ruleId: this.id,
        severity: this.severity,
        title: this.title,
        message: `User pool ${userPoolLabel(use)} ${how}: whoever controls the phone number can reset the password of accounts that reach ${routesText(routes)}.`,
        fix: 'Set AccountRecoverySetting to verified_email only (or admin_only for privileged users), and require MFA so a reset password alone is not enough.',
        location: userPoolLocation(ctx, use, setting ? { field: 'AccountRecoverySetting' } : {}),
      });
    }
    return out;
  },
};
