/**
 * trust-aud-not-pool-id: a Cognito trust statement's aud condition names a value that cannot be an identity pool id
 * (REGION:GUID), e.g. a stack ARN, a user-pool client id or a user-pool id. No Cognito token carries it, so the role
 * can never be assumed through the pool (GetCredentialsForIdentity fails with InvalidIdentityPoolConfigurationException).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import type { Finding, FindingRule } from './types';
import { cognitoTrustStatements, isWildcardAud, restrictingAud, roleName } from './trust-helpers';

const POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The rule. */
export const trustAudNotPoolId: FindingRule = {
  id: 'trust-aud-not-pool-id',
  name: 'TrustAudNotPoolId',
  title: 'Cognito trust policy pins aud to a value that is not an identity pool id',
  severity: 'medium',
  description:
    'cognito-identity.amazonaws.com:aud is the identity pool id (REGION:GUID). A trust condition that names something else (a stack ARN, a user-pool client id) matches no Cognito token: the role cannot be assumed through the pool.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      for (const st of cognitoTrustStatements(ref)) {
        for (const c of restrictingAud(st)) {
          if (isWildcardAud(c) || c.values.some((v) => v.includes('${'))) continue;
          const bad = c.values.filter((v) => !POOL_ID.test(v));
          if (bad.length === 0 || bad.length < c.values.length) continue;
          const arn = ref.owner.arn;
          out.push({
            ruleId: this.id,
            severity: this.severity,
            title: this.title,
            message: `Statement ${st.index} of ${roleName(arn)}'s trust policy requires cognito-identity.amazonaws.com:aud to be ${bad.map((v) => JSON.stringify(v)).join(' or ')}, which is not an identity pool id (REGION:GUID): no Cognito token carries it, so no identity can assume ${roleName(arn)} through an identity pool.`,
            fix: `Put the identity pool id (e.g. "us-east-1:0d3f…") in the ${c.operator} cognito-identity.amazonaws.com:aud condition.`,
            location: ctx.statementLocation(ref, st.index),
          });
        }
      }
    }
    return out;
  },
};
