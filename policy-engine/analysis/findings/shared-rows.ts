/**
 * Roles whose matrices are the same by construction, so an audit computes one matrix per group: thousands of roles
 * made from one template (same documents, same boundary, same tags, same account) decide every cell alike, unless
 * something tells them apart.
 *
 * What can tell two roles apart in an S3/DynamoDB decision, and how each is handled:
 * - their identity policies and permissions boundary: part of the key, by document text and policy type (the text is
 *   what is parsed and compiled; the policy's id only names it in explanations);
 * - their account (SCPs apply by account, resource policies compare accounts, `aws:PrincipalAccount`): in the key;
 * - their tags (`aws:PrincipalTag/*`): in the key, key and value;
 * - a resource-side policy naming the role (Principal/NotPrincipal of a bucket, table, key, RCP or any other policy):
 *   such a role is never shared;
 * - a condition key or policy variable that holds the principal's own name or id (`aws:PrincipalArn`, `aws:userid`,
 *   `aws:username`): anywhere in the workspace, and no role is shared.
 * The context keys AWS sets for a role: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { CompiledPolicy, PolicySet } from '../../evaluate/compile';
import type { PreparedWorkspace, PrincipalRecord } from '../../evaluate/prepare';

/** Condition keys (and policy variables) whose value is the principal's own name or id, lower-cased. */
const OWN_NAME_KEYS = ['aws:principalarn', 'aws:userid', 'aws:username'];

const mentionsOwnName = (s: string): boolean => {
  const lower = s.toLowerCase();
  return OWN_NAME_KEYS.some((k) => lower.includes(k));
};

/**
 * The sharing key of each role of the workspace, or null for a role that must get its own matrix. Two roles with the
 * same key have the same matrix as principals (the same decision in every cell).
 */
export function roleShareKeys(pw: PreparedWorkspace): (roleArn: string) => string | null {
  const named = new Set<string>();
  let ownNameUsed = false;
  for (const policy of pw.policies.values()) {
    for (const st of policy.statements) {
      for (const el of [st.principal, st.notPrincipal])
        for (const e of el?.entries ?? []) {
          named.add(e.value);
          named.add(e.normalized);
        }
      if (ownNameUsed) continue;
      for (const c of st.conditions) if (mentionsOwnName(c.key) || c.values.some(mentionsOwnName)) ownNameUsed = true;
      for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])])
        if (mentionsOwnName(r.value)) ownNameUsed = true;
    }
  }
  // Documents by type and text (the text is what is compiled; roles built from one template share the string).
  const texts = new Map<string, Map<string, number>>();
  let nextText = 0;
  const textId = (p: CompiledPolicy): number => {
    let byText = texts.get(p.policyType);
    if (!byText) texts.set(p.policyType, (byText = new Map()));
    let id = byText.get(p.parsed.text);
    if (id === undefined) byText.set(p.parsed.text, (id = nextText++));
    return id;
  };
  const setKey = (set: PolicySet | null): string => (set === null ? '-' : set.policies.map(textId).join(','));
  const keyOf = (r: PrincipalRecord): string =>
    [
      r.accountId,
      setKey(r.identity),
      setKey(r.boundary),
      [...r.tags.entries()]
        .map(([k, t]) => `${k}\u0001${t.Key}\u0001${t.Value}`)
        .sort()
        .join('\u0002'),
    ].join('\u0000');
  const keys = new Map<string, string | null>();
  return (roleArn) => {
    if (ownNameUsed) return null;
    const hit = keys.get(roleArn);
    if (hit !== undefined) return hit;
    const r = pw.roles.get(roleArn);
    const key = !r || named.has(r.arn) ? null : keyOf(r);
    keys.set(roleArn, key);
    return key;
  };
}
