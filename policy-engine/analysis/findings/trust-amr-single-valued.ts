/**
 * trust-amr-single-valued: `amr` is multi-valued (`["authenticated", "<provider>"]`), so it must be tested with a set
 * operator (ForAnyValue:). A single-valued operator such as StringEquals does not match a multi-valued key, and STS
 * refuses the login (InvalidIdentityPoolConfigurationException in the enhanced flow).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import type { Finding, FindingRule } from './types';
import { amrConditions, cognitoTrustStatements, roleName, splitOperator } from './trust-helpers';

/** The rule. */
export const trustAmrSingleValued: FindingRule = {
  id: 'trust-amr-single-valued',
  name: 'TrustAmrSingleValued',
  title: 'amr tested with a single-valued operator',
  severity: 'medium',
  description:
    'A Cognito trust statement tests the multi-valued key cognito-identity.amazonaws.com:amr with a single-valued operator (e.g. StringEquals instead of ForAnyValue:StringLike); such a condition does not match, so logins to the role fail.',
  helpUri:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      for (const st of cognitoTrustStatements(ref)) {
        for (const c of amrConditions(st)) {
          const op = splitOperator(c.operator);
          if (op.set !== null || op.base.toLowerCase() === 'null') continue;
          const arn = ref.owner.arn;
          ctx.mark(this.id, arn);
          out.push({
            ruleId: this.id,
            severity: this.severity,
            title: this.title,
            message: `Statement ${st.index} of ${roleName(arn)}'s trust policy tests cognito-identity.amazonaws.com:amr with ${c.operator}, a single-valued operator; amr is multi-valued (e.g. ["authenticated", "<provider>"]), so the condition does not match and STS refuses every Cognito login to ${roleName(arn)} ("Invalid identity pool configuration. Check assigned IAM roles for this pool.").`,
            fix: `Write "ForAnyValue:${op.base}${op.ifExists ? 'IfExists' : ''}" instead of "${c.operator}" for cognito-identity.amazonaws.com:amr.`,
            location: ctx.statementLocation(ref, st.index),
          });
        }
      }
    }
    return out;
  },
};
