/**
 * userpool-mfa-not-required: the user pool's MFA is OFF or OPTIONAL while a group or a role-mapping rule leads its
 * users to a privileged role — a stolen or guessed password alone then reaches that role.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 */
import { mfaOf } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { privilegedRoutes, routesText, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolMfaNotRequired: FindingRule = {
  id: 'userpool-mfa-not-required',
  name: 'UserPoolMfaNotRequired',
  title: 'MFA is not required, yet users reach a privileged role',
  severity: 'high',
  description:
    'A user pool has MfaConfiguration OFF (high) or OPTIONAL (medium: only users who set up a second factor use one) while a group (through a Token mapping) or a role-mapping rule gives its users a privileged role.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      const mfa = mfaOf(use.entry);
      if (mfa === 'ON') continue;
      const routes = privilegedRoutes(ctx, use);
      if (routes.length === 0) continue;
      const fromConfig = use.entry.MfaConfig?.MfaConfiguration !== undefined;
      out.push({
        ruleId: this.id,
        severity: mfa === 'OFF' ? 'high' : 'medium',
        title: this.title,
        message: `User pool ${userPoolLabel(use)} has MFA ${mfa}${mfa === 'OPTIONAL' ? ' (users who never set up a second factor sign in with a password alone)' : use.entry.UserPool.MfaConfiguration === undefined && !fromConfig ? ' (not set; AWS default OFF)' : ''}, and its users reach privileged roles: ${routesText(routes)}.`,
        fix: 'Set MfaConfiguration to ON (with TOTP or another second factor enabled), or at least require MFA for the users of the privileged groups (for example with a pre-token-generation check or adaptive authentication).',
        location: userPoolLocation(ctx, use, { field: fromConfig ? 'MfaConfig' : 'MfaConfiguration' }),
      });
    }
    return out;
  },
};
