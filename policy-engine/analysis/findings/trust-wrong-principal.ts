/**
 * trust-wrong-principal: a role an identity pool hands out does not trust the Federated principal
 * cognito-identity.amazonaws.com (e.g. it names `Service: cognito-identity.amazonaws.com`, or the user pool
 * `cognito-idp…`), so STS refuses Cognito's AssumeRoleWithWebIdentity.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import type { Finding, FindingRule } from './types';
import { cognitoTrustStatements, coversAction, roleName, roleUses, trustRef } from './trust-helpers';

/** The rule. */
export const trustWrongPrincipal: FindingRule = {
  id: 'trust-wrong-principal',
  name: 'TrustWrongPrincipal',
  title: 'Pool role does not trust the Cognito identity principal',
  severity: 'medium',
  description:
    'A role that an identity pool hands out (default role or a role-mapping rule) has no trust statement allowing the Federated principal cognito-identity.amazonaws.com (nor "*"), so Cognito can never obtain credentials for it.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const [arn, uses] of roleUses(ctx)) {
      const ref = trustRef(ctx, arn);
      if (!ref) continue;
      if (cognitoTrustStatements(ref).length > 0) continue;
      const wildcard = ref.parsed.statements.some(
        (st) => st.effect === 'Allow' && st.principal?.wildcard && coversAction(st, 'sts:AssumeRoleWithWebIdentity'),
      );
      if (wildcard) continue;
      const allows = ref.parsed.statements.filter((st) => st.effect === 'Allow');
      const st =
        allows.find((s) => coversAction(s, 'sts:AssumeRoleWithWebIdentity')) ?? allows[0] ?? ref.parsed.statements[0];
      if (!st) continue;
      const named = (st.principal?.entries ?? []).map((e) => `${e.type}: ${e.value}`).join(', ') || 'no principal';
      const usedBy = [...new Set(uses.map((u) => u.pool.IdentityPoolName ?? u.pool.IdentityPoolId))].join(', ');
      ctx.mark(this.id, arn);
      out.push({
        ruleId: this.id,
        severity: this.severity,
        title: this.title,
        message: `${roleName(arn)} is handed out by identity pool ${usedBy}, but its trust policy (statement ${st.index} names ${named}) does not allow the Federated principal cognito-identity.amazonaws.com: every identity mapped to ${roleName(arn)} gets "Invalid identity pool configuration. Check assigned IAM roles for this pool." instead of credentials.`,
        fix: `Use "Principal": { "Federated": "cognito-identity.amazonaws.com" } with "Action": "sts:AssumeRoleWithWebIdentity" and conditions on cognito-identity.amazonaws.com:aud and :amr.`,
        location: ctx.statementLocation(ref, st.index),
      });
    }
    return out;
  },
};
