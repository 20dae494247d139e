/**
 * wildcard-action-resource: an identity or resource policy Allow of `*`, `s3:*` or `dynamodb:*` on Resource `*` —
 * every bucket or table (and, for `*`, every service) of the account. Permissions boundaries, SCPs and RCPs are not
 * checked: a `*` there only sets a ceiling.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
import type { Finding, FindingRule } from './types';
import { roleName } from './trust-helpers';

const WILD_ACTIONS = new Set(['*', 's3:*', 'dynamodb:*']);

/** The rule. */
export const wildcardActionResource: FindingRule = {
  id: 'wildcard-action-resource',
  name: 'WildcardActionResource',
  title: 'Wildcard action on every resource',
  severity: 'high',
  description:
    'An Allow statement in an identity policy (inline or attached) or a resource policy grants "*", "s3:*" or "dynamodb:*" on Resource "*". Medium when the statement has conditions.',
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      if (ref.policyType !== 'identity' && ref.policyType !== 'resource') continue;
      if (ref.policyType === 'identity' && ref.owner.kind === 'policy' && ref.attachedTo.length === 0) continue;
      for (const st of ref.parsed.statements) {
        if (st.effect !== 'Allow' || st.valid === false) continue;
        const actions = (st.action ?? []).map((a) => a.value.toLowerCase()).filter((a) => WILD_ACTIONS.has(a));
        const everywhere = (st.resource ?? []).some((r) => r.value === '*');
        if (actions.length === 0 || !everywhere) continue;
        const who =
          ref.attachedTo.length > 0
            ? ref.attachedTo.map(roleName).join(', ')
            : ref.policyType === 'resource'
              ? `the principals statement ${st.index} names`
              : ref.owner.arn;
        const scope = actions.includes('*')
          ? 'every action of every AWS service'
          : `every ${actions.map((a) => a.split(':')[0]).join(' and ')} action`;
        out.push({
          ruleId: this.id,
          severity: st.conditions.length > 0 ? 'medium' : this.severity,
          title: this.title,
          message: `Statement ${st.index} allows ${actions.join(', ')} on "*": ${who} may perform ${scope} on every resource of the account${st.conditions.length > 0 ? ', limited only by its conditions' : ''}, including deleting ${actions.includes('*') ? 'buckets and tables' : actions.map((a) => (a.startsWith('s3') ? 'buckets' : 'tables')).join(' and ')} and rewriting their policies.`,
          fix: 'List the actions the application needs and the ARNs of its buckets and tables (with ${cognito-identity.amazonaws.com:sub} for per-user data).',
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
