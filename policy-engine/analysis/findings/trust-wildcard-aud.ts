/**
 * trust-wildcard-aud: the aud condition exists but admits any pool (`"*"`, or a StringLike pattern with a wildcard).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 */
import type { Finding, FindingRule } from './types';
import { cognitoTrustStatements, isWildcardAud, restrictingAud, roleName, roleReach } from './trust-helpers';

/** The rule. */
export const trustWildcardAud: FindingRule = {
  id: 'trust-wildcard-aud',
  name: 'TrustWildcardAud',
  title: 'Cognito trust policy accepts any identity pool (wildcard aud)',
  severity: 'high',
  description:
    'A role trust statement for cognito-identity.amazonaws.com tests cognito-identity.amazonaws.com:aud with "*" or a wildcard pattern, which admits tokens of identity pools the account does not own.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      for (const st of cognitoTrustStatements(ref)) {
        const wild = restrictingAud(st).filter(isWildcardAud);
        // Every restricting aud condition must hold; one exact condition still pins the pool.
        if (wild.length === 0 || wild.length < restrictingAud(st).length) continue;
        const arn = ref.owner.arn;
        const shown = wild
          .map((c) => `${c.operator} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`)
          .join(', ');
        ctx.mark(this.id, arn);
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Statement ${st.index} of ${roleName(arn)}'s trust policy tests cognito-identity.amazonaws.com:aud with ${shown}, which matches any identity pool id: an identity from a pool in an attacker's account can assume ${roleName(arn)} through the basic flow and then ${roleReach(ctx, arn)}.`,
          fix: 'Use "StringEquals" with the exact identity pool id(s) for cognito-identity.amazonaws.com:aud.',
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
