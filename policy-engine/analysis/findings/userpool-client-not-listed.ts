/**
 * userpool-client-not-listed: an app client of a user pool that an identity pool accepts (through another client) is
 * not itself listed in the identity pool's CognitoIdentityProviders, so Cognito refuses its users' tokens ("Token is
 * not from a supported provider of this identity pool.") and they get no AWS credentials.
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CognitoIdentityProvider.html
 */
import { clientsOf } from '../../userpool/index';
import type { Finding, FindingRule } from './types';
import { userPoolLabel, userPoolLocation, userPoolsInUse } from './user-pool-posture';

/** The rule. */
export const userpoolClientNotListed: FindingRule = {
  id: 'userpool-client-not-listed',
  name: 'UserPoolClientNotListed',
  title: 'An app client the identity pool does not list',
  severity: 'low',
  description:
    "A user pool's app client is not in the CognitoIdentityProviders of an identity pool that lists another client of the same pool: its users' tokens are refused and they get no credentials.",
  helpUri: 'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CognitoIdentityProvider.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const use of userPoolsInUse(ctx)) {
      const pools = [...new Map(use.accepted.map((a) => [a.pool.IdentityPoolId, a.pool])).values()];
      for (const client of clientsOf(use.entry)) {
        const missing = pools.filter((p) => !use.accepted.some((a) => a.pool === p && a.clientId === client.ClientId));
        if (missing.length === 0 || pools.length === 0) continue;
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `App client ${client.ClientName ? `${client.ClientName} (${client.ClientId})` : client.ClientId} of user pool ${userPoolLabel(use)} is not listed by identity pool ${missing.map((p) => p.IdentityPoolName ?? p.IdentityPoolId).join(', ')}, which lists other clients of this pool: its users' tokens are refused ("Token is not from a supported provider of this identity pool.") and they get no AWS credentials.`,
          fix: `Add { ProviderName: "${use.provider}", ClientId: "${client.ClientId}" } to the identity pool's CognitoIdentityProviders if its users should get credentials; otherwise nothing to do.`,
          location: userPoolLocation(ctx, use, { client: client.ClientId }),
        });
      }
    }
    return out;
  },
};
