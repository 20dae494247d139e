/**
 * forallvalues-without-null: ForAllValues is true when the request has no value for the key, so an Allow with it
 * and no `Null: { key: "false" }` guard also allows requests that omit the key. dynamodb:LeadingKeys is left to
 * leadingkeys-scan-leak (AWS's examples use ForAllValues there and the danger is Scan).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import type { Finding, FindingRule } from './types';
import { splitOperator } from './trust-helpers';

/** The rule. */
export const forallvaluesWithoutNull: FindingRule = {
  id: 'forallvalues-without-null',
  name: 'ForallvaluesWithoutNull',
  title: 'ForAllValues in an Allow without a Null guard',
  severity: 'medium',
  description:
    'An Allow statement uses a ForAllValues: operator on a key without also requiring the key with "Null": {"key": "false"}; ForAllValues is true for a request that does not carry the key, so the statement allows more than it seems to.',
  helpUri:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      if (ref.policyType === 'scp' || ref.policyType === 'rcp' || ref.policyType === 'permissionsBoundary') continue;
      for (const st of ref.parsed.statements) {
        if (st.effect !== 'Allow' || st.valid === false) continue;
        for (const c of st.conditions) {
          if (splitOperator(c.operator).set !== 'ForAllValues') continue;
          const key = c.key.toLowerCase();
          if (key === 'dynamodb:leadingkeys') continue;
          // Cognito always sends amr/aud to STS, so the empty-set case cannot arise in a trust policy.
          if (ref.policyType === 'trust' && key.startsWith('cognito-identity.')) continue;
          const guarded = st.conditions.some(
            (g) =>
              g.operator.toLowerCase() === 'null' &&
              g.key.toLowerCase() === key &&
              g.values.some((v) => v.toLowerCase() === 'false'),
          );
          if (guarded) continue;
          // dynamodb:Attributes is conventionally paired with dynamodb:Select = SPECIFIC_ATTRIBUTES instead.
          if (key === 'dynamodb:attributes' && st.conditions.some((g) => g.key.toLowerCase() === 'dynamodb:select'))
            continue;
          out.push({
            ruleId: this.id,
            severity: this.severity,
            title: this.title,
            message: `Statement ${st.index} allows when ${c.operator} ${c.key} holds, which is also true when the request carries no ${c.key} at all: a request that omits it is allowed regardless of the listed values ${JSON.stringify(c.values)}.`,
            fix: `Add "Null": { "${c.key}": "false" } to the statement's Condition so the key must be present.`,
            location: ctx.statementLocation(ref, st.index),
          });
        }
      }
    }
    return out;
  },
};
