/**
 * trust-wrong-action: the trust statement names cognito-identity.amazonaws.com but allows another action (typically
 * sts:AssumeRole); Cognito's credentials come from sts:AssumeRoleWithWebIdentity, so every login fails.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import type { Finding, FindingRule } from './types';
import { cognitoTrustStatements, coversAction, roleName } from './trust-helpers';

/** The rule. */
export const trustWrongAction: FindingRule = {
  id: 'trust-wrong-action',
  name: 'TrustWrongAction',
  title: 'Cognito trust policy allows the wrong action',
  severity: 'medium',
  description:
    'A role trust policy lets cognito-identity.amazonaws.com in, but none of those statements allows sts:AssumeRoleWithWebIdentity (e.g. sts:AssumeRole instead), so Cognito can never obtain credentials for the role.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      const sts = cognitoTrustStatements(ref);
      if (sts.length === 0 || sts.some((st) => coversAction(st, 'sts:AssumeRoleWithWebIdentity'))) continue;
      const st = sts[0];
      const arn = ref.owner.arn;
      const written = (st.action ?? st.notAction ?? []).map((a) => a.value).join(', ');
      ctx.mark(this.id, arn);
      out.push({
        ruleId: this.id,
        severity: this.severity,
        title: this.title,
        message: `Statement ${st.index} of ${roleName(arn)}'s trust policy allows cognito-identity.amazonaws.com to perform ${written || '(no action)'}, not sts:AssumeRoleWithWebIdentity: Cognito cannot get credentials for ${roleName(arn)}, so every identity mapped to it fails with "Invalid identity pool configuration. Check assigned IAM roles for this pool."`,
        fix: `Set "Action": "sts:AssumeRoleWithWebIdentity" in statement ${st.index} (add "sts:TagSession" when the pool maps claims to principal tags).`,
        location: ctx.statementLocation(ref, st.index),
      });
    }
    return out;
  },
};
