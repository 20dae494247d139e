/**
 * per-user-scope-userid: per-user scoping with ${aws:userid} or ${aws:username} in a policy that Cognito sessions
 * use. For a Cognito role session aws:userid is "ROLEID:CognitoIdentityCredentials" — the same for every user of the
 * role — and aws:username is absent for role sessions. Use ${cognito-identity.amazonaws.com:sub}.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
import type { Finding, FindingRule } from './types';
import type { AuditContext } from './context';
import { cognitoTrustStatements, roleName, roleUses, trustRef } from './trust-helpers';

const USERID = /\$\{aws:userid\}/i;
const USERNAME = /\$\{aws:username\}/i;

/** Roles whose sessions come from Cognito: handed out by a pool, or trusting cognito-identity.amazonaws.com. */
function cognitoRoles(ctx: AuditContext): Set<string> {
  const out = new Set(roleUses(ctx).keys());
  for (const arn of ctx.roles.keys()) {
    const ref = trustRef(ctx, arn);
    if (ref && cognitoTrustStatements(ref).length > 0) out.add(arn);
  }
  return out;
}

/** The rule. */
export const perUserScopeUserid: FindingRule = {
  id: 'per-user-scope-userid',
  name: 'PerUserScopeUserid',
  title: 'Per-user scoping uses aws:userid or aws:username for Cognito sessions',
  severity: 'high',
  description:
    'A policy attached to a Cognito role (or a resource policy) scopes data per user with ${aws:userid} or ${aws:username}. For every Cognito session aws:userid is the same (ROLEID:CognitoIdentityCredentials), so users share one "own" space; aws:username is absent for role sessions, so the statement never matches.',
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  check(ctx) {
    const out: Finding[] = [];
    const roles = cognitoRoles(ctx);
    for (const ref of ctx.refs) {
      const cognitoUse = ref.policyType === 'resource' ? [] : ref.attachedTo.filter((a) => roles.has(a));
      if (ref.policyType !== 'resource' && (ref.policyType !== 'identity' || cognitoUse.length === 0)) continue;
      for (const st of ref.parsed.statements) {
        const texts = [
          ...(st.resource ?? []).map((r) => r.value),
          ...(st.notResource ?? []).map((r) => r.value),
          ...st.conditions.flatMap((c) => c.values),
        ];
        const userid = texts.some((t) => USERID.test(t));
        const username = texts.some((t) => USERNAME.test(t));
        if (!userid && !username) continue;
        if (ref.policyType === 'resource' && roles.size === 0) continue;
        const who = cognitoUse.length > 0 ? cognitoUse.map(roleName).join(', ') : 'Cognito role sessions';
        const message = userid
          ? `Statement ${st.index} scopes access with \${aws:userid}, but for ${who} every Cognito session has the same aws:userid ("<role id>:CognitoIdentityCredentials"): all users of the role share one "own" space, so each can ${st.effect === 'Allow' ? "reach every other user's data under it" : 'be denied together'}.`
          : `Statement ${st.index} scopes access with \${aws:username}, which role sessions (including every Cognito session of ${who}) do not have: the entry never matches, so per-user access through it is silently broken.`;
        out.push({
          ruleId: this.id,
          severity: userid && st.effect === 'Allow' ? 'high' : 'medium',
          title: this.title,
          message,
          fix: 'Scope per-user data with ${cognito-identity.amazonaws.com:sub} (the identity id), e.g. "arn:aws:s3:::bucket/${cognito-identity.amazonaws.com:sub}/*" or a dynamodb:LeadingKeys condition on it.',
          location: ctx.statementLocation(ref, st.index),
        });
      }
    }
    return out;
  },
};
