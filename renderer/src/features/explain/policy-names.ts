/**
 * Names and sentences the explanation (and the views that cite policies) use: policy types as AWS's messages name
 * them, a short name for a policy id, and the verdict in one sentence.
 */
import type { Answer, MatchedStatement, PolicyType } from '../../../../policy-engine/model/index';
import { parseAccessDenied } from '../debug/access-denied';
import { lastSegment, parsePolicyId, shortArn } from '../../../../policy-engine/index';

/** Human names of policy types, as AWS's messages use them. */
export const POLICY_TYPE_NAMES: Record<PolicyType, string> = {
  identity: 'Identity-based policy',
  resource: 'Resource-based policy',
  permissionsBoundary: 'Permissions boundary',
  session: 'Session policy',
  scp: 'Service control policy',
  rcp: 'Resource control policy',
  trust: 'Trust policy',
};

/** A short name for a policy id (`…role/AppUser#inline/UserFiles` → `AppUser › UserFiles`). */
export function policyName(policyId: string): string {
  const { owner, suffix, kind, inlineName } = parsePolicyId(policyId);
  const ownerName = lastSegment(shortArn(owner).replace(/^(role|user|group|policy)\//, '')) || owner;
  if (!suffix) return ownerName;
  if (kind === 'trust') return `${ownerName} › trust policy`;
  if (kind === 'resource') return `${shortArn(owner)} › resource policy`;
  return `${ownerName} › ${kind === 'inline' ? inlineName : suffix}`;
}

/** One sentence saying why. */
export function verdictSentence(a: Answer): string {
  const det = a.matchedStatements;
  const st = (m: MatchedStatement) =>
    `${m.sid ? `statement "${m.sid}"` : `statement ${m.statementIndex}`} of ${policyName(m.policyId)}`;
  switch (a.decision) {
    case 'allowed':
      return `Allowed by ${
        det
          .filter((m) => m.effect === 'Allow')
          .map(st)
          .join(', ') || 'the matching statements'
      }; no statement denies it.`;
    case 'explicitDeny': {
      const d = det.filter((m) => m.effect === 'Deny');
      return `Explicitly denied by ${d.map((m) => `${st(m)} (${POLICY_TYPE_NAMES[m.policyType].toLowerCase()})`).join(', ') || 'a Deny statement'}. A Deny always wins.`;
    }
    case 'implicitDeny': {
      // AWS names the one policy type whose allow is missing; say the same.
      const named = a.message ? parseAccessDenied(a.message) : null;
      if (named?.ok && named.value.policyType)
        return `Implicitly denied: no ${POLICY_TYPE_NAMES[named.value.policyType].toLowerCase()} allows it.`;
      const missing = (a.policyTypes ?? [])
        .filter((p) => p.decision === 'implicitDeny')
        .map((p) => POLICY_TYPE_NAMES[p.policyType].toLowerCase());
      return missing.length
        ? `Implicitly denied: no ${missing.join(' and no ')} allows it.`
        : 'Implicitly denied: nothing allows it.';
    }
    default:
      return a.resolution?.error
        ? `No credentials: ${a.resolution.error.message}`
        : 'No credentials: the identity gets no role.';
  }
}
