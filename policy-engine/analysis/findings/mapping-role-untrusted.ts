/**
 * mapping-role-untrusted: a role the pool hands out (default role or a rule's role) whose trust policy refuses this
 * pool's token — a broken login waiting to happen: Cognito answers "Invalid identity pool configuration. Check
 * assigned IAM roles for this pool." Evaluated with the role's trust policy, as STS does, for the pool's aud and the
 * identity's amr. Roles already reported for a malformed trust policy (wrong action, wrong principal, single-valued
 * amr) are not repeated here.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import { evaluateTrust } from '../../evaluate/index';
import { trustContext, COGNITO_FEDERATED_PRINCIPAL } from '../../cognito/index';
import { whyRefused } from '../../cognito/trust';
import type { Finding, FindingRule } from './types';
import { roleName, roleUses } from './trust-helpers';

const ALREADY = ['trust-wrong-action', 'trust-wrong-principal', 'trust-amr-single-valued'];

/** The rule. */
export const mappingRoleUntrusted: FindingRule = {
  id: 'mapping-role-untrusted',
  name: 'MappingRoleUntrusted',
  title: 'A role the pool hands out does not trust the pool',
  severity: 'medium',
  description:
    "Evaluates the trust policy of every role an identity pool hands out (Roles.authenticated / unauthenticated and each role-mapping rule's RoleARN) for sts:AssumeRoleWithWebIdentity with the pool's aud and the identity's amr; reports each one STS would refuse, with the failing condition.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const [arn, uses] of roleUses(ctx)) {
      if (!ctx.roles.has(arn) || ALREADY.some((id) => ctx.marked(id, arn))) continue;
      for (const use of uses) {
        const provider = use.mappingKey ? use.mappingKey.replace(/^(cognito-idp\.[^/]+\/[^:]+):.*$/, '$1') : undefined;
        const amr =
          use.how === 'unauthenticated' ? ['unauthenticated'] : ['authenticated', ...(provider ? [provider] : [])];
        const req = {
          principal: { type: 'Federated' as const, value: COGNITO_FEDERATED_PRINCIPAL },
          action: 'sts:AssumeRoleWithWebIdentity',
          context: trustContext(
            use.pool.IdentityPoolId,
            amr,
            `${use.pool.IdentityPoolId.split(':')[0]}:00000000-0000-4000-8000-0000000000aa`,
          ),
        };
        const answer = evaluateTrust(ctx.pw, arn, req, { now: ctx.now, explain: true });
        if (answer.decision === 'allowed') continue;
        const who =
          use.how === 'rule'
            ? `users matching rule ${use.ruleIndex} of the ${use.mappingKey} mapping`
            : use.how === 'unauthenticated'
              ? 'guests'
              : 'signed-in users who get the default authenticated role';
        const name = use.pool.IdentityPoolName ?? use.pool.IdentityPoolId;
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Identity pool ${name} gives ${roleName(arn)} to ${who}, but ${roleName(arn)}'s trust policy refuses the pool's token (aud ${use.pool.IdentityPoolId}, amr ${JSON.stringify(amr)}): ${whyRefused(answer, 'sts:AssumeRoleWithWebIdentity')} They get "Invalid identity pool configuration. Check assigned IAM roles for this pool." instead of credentials.`,
          fix: `Let ${roleName(arn)} trust "Federated": "cognito-identity.amazonaws.com" for sts:AssumeRoleWithWebIdentity with StringEquals cognito-identity.amazonaws.com:aud "${use.pool.IdentityPoolId}" and ForAnyValue:StringLike cognito-identity.amazonaws.com:amr "${use.how === 'unauthenticated' ? 'unauthenticated' : 'authenticated'}".`,
          location:
            use.how === 'rule'
              ? ctx.poolLocation(use.poolIndex, { provider: use.mappingKey, ruleIndex: use.ruleIndex })
              : ctx.poolLocation(use.poolIndex, { path: ['Roles', use.how] }),
        });
      }
    }
    return out;
  },
};
