/**
 * userpool-long-refresh-token: an app client whose users reach a privileged role keeps refresh tokens valid longer
 * than the threshold (settings.refreshTokenMaxDays, default AWS's default of 30 days; AWS allows up to 10 years): a
 * refresh token taken from a device keeps minting ID tokens — and
 * so credentials for the role — for that long, without a password or MFA.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
 */
import { durationText, findClient, refreshTokenThreshold, tokenValiditySeconds } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { privilegedRoutes, routesText, userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolLongRefreshToken: FindingRule = {
  id: 'userpool-long-refresh-token',
  name: 'UserPoolLongRefreshToken',
  title: 'Refresh tokens valid for long, for users who reach a privileged role',
  severity: 'medium',
  description:
    "An app client's RefreshTokenValidity is longer than settings.refreshTokenMaxDays (default 30 days, AWS's default) while its users reach a privileged role through a group or a role-mapping rule; a stolen refresh token keeps getting that role's credentials for that long.",
  helpUri:
    'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html',
  check(ctx) {
    const out: Finding[] = [];
    const limit = refreshTokenThreshold(ctx.ws.settings);
    for (const use of userPoolsInUse(ctx)) {
      const routes = privilegedRoutes(ctx, use);
      for (const clientId of [...new Set(use.accepted.map((a) => a.clientId))]) {
        const client = findClient(use.entry, clientId);
        if (!client) continue;
        const seconds = tokenValiditySeconds(client, 'RefreshToken');
        if (seconds <= limit.seconds) continue;
        const mine = routes.filter((r) => r.acceptance.clientId === clientId);
        if (mine.length === 0) continue;
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `App client ${client.ClientName ? `${client.ClientName} (${clientId})` : clientId} of user pool ${userPoolLabel(use)} issues refresh tokens valid for ${durationText(seconds)} (${limit.text}), and its users reach ${routesText(mine)}.`,
          fix: `Lower RefreshTokenValidity (hours or a few days for privileged users; a separate app client for admins helps), and keep EnableTokenRevocation true so a lost device's token can be revoked.`,
          location: userPoolLocation(ctx, use, { client: clientId, field: 'RefreshTokenValidity' }),
        });
      }
    }
    return out;
  },
};
