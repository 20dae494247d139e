/**
 * trust-missing-aud: a role trusts cognito-identity.amazonaws.com without pinning `cognito-identity.amazonaws.com:aud`
 * to an identity pool. What AWS documents, and so what the finding says:
 * - STS requires cross-account basic-flow requests to carry both an aud and an amr condition: "AWS STS also requires
 *   that cross-account basic authentication requests have two specific conditions: cognito-identity.amazonaws.com:aud
 *   and cognito-identity.amazonaws.com:amr" (identity-pools-security-best-practices.html). A pool in another account
 *   therefore cannot use this statement.
 * - Any identity pool in the role's own account can: in the basic flow (GetOpenIdToken + AssumeRoleWithWebIdentity)
 *   the client names the role itself, and a policy "that trusts Amazon Cognito identity pools without this condition
 *   creates a risk that a user from an unintended identity pool can assume the role" (AssumeRoleWithWebIdentity,
 *   RoleArn) — the confused-deputy risk the aud condition closes.
 * - IAM now refuses to create or modify such a trust policy (iam-roles.html, "Trust policies"): this one predates the
 *   check, or was never saved through IAM since.
 * Severity: high when another identity pool of the workspace, in the role's account, has the basic flow on (its users
 * can take this role today); medium otherwise (a pool of that account outside the workspace, or one created later).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 */
import type { Finding, FindingRule } from './types';
import { audConditions, cognitoTrustStatements, restrictingAud, roleName, roleReach, roleUses } from './trust-helpers';

/** The rule. */
export const trustMissingAud: FindingRule = {
  id: 'trust-missing-aud',
  name: 'TrustMissingAud',
  title: 'Cognito trust policy does not restrict the identity pool (aud)',
  severity: 'high',
  description:
    "A role trust statement that allows the Federated principal cognito-identity.amazonaws.com has no positive condition on cognito-identity.amazonaws.com:aud: any identity pool in the role's own account can assume the role through the basic flow (the client names the role). A pool in another account cannot (STS requires cross-account basic-flow requests to pass both aud and amr conditions). High when another pool of the workspace in that account has the basic flow on, medium otherwise.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html',
  check(ctx) {
    const out: Finding[] = [];
    const uses = roleUses(ctx);
    for (const ref of ctx.refs) {
      for (const st of cognitoTrustStatements(ref)) {
        if (restrictingAud(st).length > 0) continue;
        const arn = ref.owner.arn;
        const account = arn.split(':')[4] ?? '';
        const negatedOnly = audConditions(st).length > 0;
        // Other pools of the workspace (the role's account) whose basic flow is on: their users can name this role.
        const handing = new Set((uses.get(arn) ?? []).map((u) => u.poolIndex));
        const open =
          account === ctx.pw.accountId
            ? ctx.pools.filter(({ pool, index }) => pool.AllowClassicFlow === true && !handing.has(index))
            : [];
        const names = open.map(({ pool }) => pool.IdentityPoolName ?? pool.IdentityPoolId).join(', ');
        ctx.mark(this.id, arn);
        out.push({
          ruleId: this.id,
          severity: open.length > 0 ? 'high' : 'medium',
          title: this.title,
          message: `Statement ${st.index} of ${roleName(arn)}'s trust policy lets cognito-identity.amazonaws.com assume the role ${negatedOnly ? 'with only a negated condition on' : 'without a condition on'} cognito-identity.amazonaws.com:aud, so it does not say which identity pool. Users of any identity pool in account ${account} — ${open.length > 0 ? `in this workspace ${names}, whose basic flow is on` : "another app's pool, or one created later"} — can assume ${roleName(arn)} through the basic flow (GetOpenIdToken, then AssumeRoleWithWebIdentity naming this role) and then ${roleReach(ctx, arn)}. A pool in another account cannot: STS requires cross-account basic-flow requests to pass both an aud and an amr condition. IAM now refuses to save a trust policy like this, so it predates that check.`,
          fix: `Add "Condition": { "StringEquals": { "cognito-identity.amazonaws.com:aud": "<your identity pool id>" } } to statement ${st.index} (and a ForAnyValue:StringLike condition on cognito-identity.amazonaws.com:amr).`,
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
