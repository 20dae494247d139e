/**
 * public-resource-policy: a bucket or table policy Allow with Principal "*" (or {"AWS": "*"}) and no Condition lets
 * anyone — any AWS account, and for S3 anonymous callers — perform its actions.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
import type { Finding, FindingRule } from './types';

/** The rule. */
export const publicResourcePolicy: FindingRule = {
  id: 'public-resource-policy',
  name: 'PublicResourcePolicy',
  title: 'Resource policy open to everyone',
  severity: 'high',
  description:
    'A bucket or DynamoDB table/stream policy has an Allow statement with Principal "*" (or {"AWS": "*"}) and no Condition: anyone, including anonymous callers for S3, may perform its actions.',
  helpUri: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      if (ref.policyType !== 'resource') continue;
      for (const st of ref.parsed.statements) {
        if (st.effect !== 'Allow' || st.valid === false || !st.principal?.wildcard || st.conditions.length > 0)
          continue;
        const actions = (st.action ?? []).map((a) => a.value);
        const what = st.notAction
          ? `every action except ${st.notAction.map((a) => a.value).join(', ')}`
          : actions.join(', ');
        const resources = (st.resource ?? st.notResource ?? []).map((r) => r.value).join(', ') || ref.owner.arn;
        const s3 = ref.owner.arn.startsWith('arn:aws:s3:') || /^arn:[^:]+:s3:/.test(ref.owner.arn);
        out.push({
          ruleId: this.id,
          severity: this.severity,
          title: this.title,
          message: `Statement ${st.index} of the policy on ${ref.owner.arn} allows Principal "*" with no condition: anyone${s3 ? ' on the internet, without credentials,' : ' in any AWS account'} can ${what} on ${resources}.`,
          fix: 'Name the principals that need access (role ARNs), or add conditions such as aws:PrincipalOrgID / aws:SourceVpce; keep S3 Block Public Access on.',
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
