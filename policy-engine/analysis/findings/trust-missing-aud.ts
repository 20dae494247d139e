/**
 * trust-missing-aud: a role trusts cognito-identity.amazonaws.com without pinning `cognito-identity.amazonaws.com:aud`
 * to an identity pool. A token from any pool — including one in an attacker's account — then satisfies it in the
 * basic flow (AssumeRoleWithWebIdentity called directly).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 */
import type { Finding, FindingRule } from './types';
import { audConditions, cognitoTrustStatements, restrictingAud, roleName, roleReach } from './trust-helpers';

/** The rule. */
export const trustMissingAud: FindingRule = {
  id: 'trust-missing-aud',
  name: 'TrustMissingAud',
  title: 'Cognito trust policy does not restrict the identity pool (aud)',
  severity: 'high',
  description:
    'A role trust statement that allows the Federated principal cognito-identity.amazonaws.com has no positive condition on cognito-identity.amazonaws.com:aud, so a token from any identity pool, in any account, can assume the role through the basic flow.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      for (const st of cognitoTrustStatements(ref)) {
        if (restrictingAud(st).length > 0) continue;
        const arn = ref.owner.arn;
        const negatedOnly = audConditions(st).length > 0;
        ctx.mark(this.id, arn);
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Statement ${st.index} of ${roleName(arn)}'s trust policy lets cognito-identity.amazonaws.com assume the role ${negatedOnly ? 'with only a negated condition on' : 'without a condition on'} cognito-identity.amazonaws.com:aud: any identity from any identity pool, including one in an attacker's account, can assume ${roleName(arn)} through the basic flow (GetOpenIdToken + AssumeRoleWithWebIdentity) and then ${roleReach(ctx, arn)}.`,
          fix: `Add "Condition": { "StringEquals": { "cognito-identity.amazonaws.com:aud": "<your identity pool id>" } } to statement ${st.index} (and a ForAnyValue:StringLike condition on cognito-identity.amazonaws.com:amr).`,
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
