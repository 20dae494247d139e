/**
 * trust-amr-missing: a Cognito trust statement without a condition on `cognito-identity.amazonaws.com:amr` lets both
 * guests and signed-in users of the accepted pools assume the role.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import type { Finding, FindingRule } from './types';
import { acceptedPools, amrConditions, cognitoTrustStatements, roleName, roleReach } from './trust-helpers';

/** The rule. */
export const trustAmrMissing: FindingRule = {
  id: 'trust-amr-missing',
  name: 'TrustAmrMissing',
  title: 'Cognito trust policy does not test amr (guests and users alike)',
  severity: 'medium',
  description:
    'A role trust statement for cognito-identity.amazonaws.com has no condition on cognito-identity.amazonaws.com:amr, so guest (unauthenticated) identities can assume the role as well as signed-in ones. High when an accepted pool allows guests and the basic flow.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      for (const st of cognitoTrustStatements(ref)) {
        if (amrConditions(st).length > 0) continue;
        const arn = ref.owner.arn;
        // A trust statement open to every pool is reported by trust-missing-aud / trust-wildcard-aud already.
        if (ctx.marked('trust-missing-aud', arn) || ctx.marked('trust-wildcard-aud', arn)) continue;
        const pools = acceptedPools(ctx, st);
        const open = pools.filter(
          ({ pool }) => pool.AllowUnauthenticatedIdentities === true && pool.AllowClassicFlow !== false,
        );
        const isGuestRole = pools.some(({ pool }) => pool.Roles?.unauthenticated === arn);
        if (isGuestRole) continue; // the pool's own guest role: guests are meant to get it
        const who =
          open.length > 0
            ? `guests of ${open.map(({ pool }) => pool.IdentityPoolName ?? pool.IdentityPoolId).join(', ')} (which allow guests and the basic flow) can assume ${roleName(arn)} directly and then ${roleReach(ctx, arn)}`
            : `any guest identity of an accepted pool could assume ${roleName(arn)} as soon as that pool allows guests and the basic flow`;
        out.push({
          ruleId: this.id,
          severity: open.length > 0 ? 'high' : this.severity,
          title: this.title,
          message: `Statement ${st.index} of ${roleName(arn)}'s trust policy does not test cognito-identity.amazonaws.com:amr, so it does not tell guests from signed-in users: ${who}.`,
          fix: `Add "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "${isGuestRole ? 'unauthenticated' : 'authenticated'}" } to statement ${st.index}.`,
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
