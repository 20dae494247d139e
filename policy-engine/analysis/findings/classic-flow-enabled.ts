/**
 * classic-flow-enabled: the basic (classic) flow lets a client call GetOpenIdToken and then AssumeRoleWithWebIdentity
 * for any role whose trust policy accepts the pool's token — not only the role the pool would give it — and without
 * Cognito's guest scope-down session policy. An unset AllowClassicFlow has been seen to allow it (aws/aws-cli#7652).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 */
import type { Finding, FindingRule } from './types';
import { cognitoAssumption } from '../../cognito/index';
import { roleName } from './trust-helpers';

/** The rule. */
export const classicFlowEnabled: FindingRule = {
  id: 'classic-flow-enabled',
  name: 'ClassicFlowEnabled',
  title: 'Basic (classic) authentication flow is enabled',
  severity: 'medium',
  description:
    'An identity pool has AllowClassicFlow true (or unset), so clients can pick any role whose trust policy accepts the pool token. Lists the roles a guest or user could then assume; high when that includes a role the pool would not give them; low when the pool has role mappings (Cognito refuses the basic flow then) or comes from a template that leaves the flag unset (not on, but not safely off either: an unset flag has been observed to still allow the basic flow).',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const { pool, index } of ctx.pools) {
      if (pool.AllowClassicFlow === false) continue;
      const unset = pool.AllowClassicFlow === undefined;
      const hasMappings =
        !!pool.RoleMappings && typeof pool.RoleMappings === 'object' && Object.keys(pool.RoleMappings).length > 0;
      const basic = ctx.classes().filter((c) => c.kind === 'basic' && c.identityPoolId === pool.IdentityPoolId);
      const guestRoles = [...new Set(basic.filter((c) => !c.provider).map((c) => c.roleArn!))];
      const userRoles = [...new Set(basic.filter((c) => c.provider).map((c) => c.roleArn!))];
      const extraGuest = guestRoles.filter((r) => r !== pool.Roles?.unauthenticated);
      const extraUser = userRoles.filter((r) => r !== pool.Roles?.authenticated);
      const parts: string[] = [];
      if (guestRoles.length > 0)
        parts.push(
          `a guest can assume ${guestRoles.map(roleName).join(', ')}${extraGuest.length ? ` (including ${extraGuest.map(roleName).join(', ')}, which the pool never gives guests)` : ''} without Cognito's guest scope-down policy`,
        );
      if (userRoles.length > 0)
        parts.push(
          `a signed-in user can assume ${userRoles.map(roleName).join(', ')}${extraUser.length ? ` (including ${extraUser.map(roleName).join(', ')}, beyond the default authenticated role)` : ''}`,
        );
      let consequence: string;
      if (hasMappings)
        consequence =
          'today Cognito refuses the basic flow because the pool has role mappings ("Basic (classic) flow is not supported with RoleMappings"), but removing the mappings would open it';
      else if (parts.length > 0) consequence = `through GetOpenIdToken + AssumeRoleWithWebIdentity ${parts.join('; ')}`;
      else
        consequence =
          "no role in the workspace accepts the pool's token today, but any role whose trust policy does becomes reachable directly";
      // A template that leaves AllowClassicFlow out creates a pool whose flag is unset. The flag is then not on, but
      // it is not safely off either: a pool whose AllowClassicFlow was never set has been observed to still allow
      // GetOpenIdToken (aws/aws-cli#7652; SEMANTICS.md §A1 [OBS]), although the CDK documents "Classic Flow not
      // allowed" as the default. So the finding stays, at low severity, and says exactly that.
      // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cognito_identitypool.IdentityPoolProps.html
      const fromTemplate =
        unset &&
        !!ctx.ws.sources &&
        Object.prototype.hasOwnProperty.call(ctx.ws.sources, pool.IdentityPoolId) &&
        !!ctx.ws.sources[pool.IdentityPoolId]?.logicalId;
      const severity =
        fromTemplate || hasMappings ? 'low' : extraGuest.length > 0 || extraUser.length > 0 ? 'high' : this.severity;
      const state = fromTemplate
        ? 'is defined in a template that leaves AllowClassicFlow unset. That does not turn the basic (classic) flow on, but it does not safely turn it off either: an unset AllowClassicFlow has been observed to still allow the basic flow (GetOpenIdToken; aws/aws-cli#7652)'
        : unset
          ? 'does not set AllowClassicFlow, which AWS treats as enabled'
          : 'has AllowClassicFlow true';
      out.push({
        ruleId: this.id,
        severity,
        title: this.title,
        message: `Identity pool ${pool.IdentityPoolName ?? pool.IdentityPoolId} ${fromTemplate ? `${state}. If the deployed pool allows it, ${consequence}` : `${state}: ${consequence}`}.`,
        fix: fromTemplate
          ? 'Write "AllowClassicFlow": false in the template so the flag is explicitly off, and use the enhanced flow (GetCredentialsForIdentity).'
          : 'Set AllowClassicFlow to false and use the enhanced flow (GetCredentialsForIdentity); give each role a trust policy pinned to the pool (aud) and to authenticated or unauthenticated (amr).',
        location: ctx.poolLocation(index, unset ? {} : { path: ['AllowClassicFlow'] }),
        ...(unset ? { assumptions: [cognitoAssumption('classicFlowUnset', ctx.ws.settings)] } : {}),
      });
    }
    return out;
  },
};
