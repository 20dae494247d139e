/**
 * Principals from ARNs (CONTRACT §2 "principal"): a role, a role session, an IAM user, "*" for an anonymous caller,
 * or a principal of an account the workspace does not hold.
 */
import type { Assumption } from '../model/request';
import type { PreparedWorkspace, PrincipalRecord } from './prepare';
import type { CallerPrincipal } from './types';
import { matchArn } from '../arn';

/** The assumption made for a principal of an account the workspace does not hold. */
export const outsiderAssumption = (arn: string): Assumption => ({
  id: 'outsiderAllowsAll',
  text: `${arn} belongs to an account the workspace does not hold; its own identity policies are assumed to allow everything, so only the resource's policies decide.`,
});

/** Finds a role by ARN (exact, then case-insensitively: IAM role names are unique regardless of case). */
export function findRole(pw: PreparedWorkspace, roleArn: string): PrincipalRecord | undefined {
  const hit = pw.roles.get(roleArn);
  if (hit) return hit;
  const lower = roleArn.toLowerCase();
  for (const r of pw.roles.values()) if (r.arn.toLowerCase() === lower) return r;
  return undefined;
}

/** The result of reading a principal ARN. */
export type PrincipalResult =
  | { ok: true; principal: CallerPrincipal; assumptions: Assumption[] }
  | { ok: false; error: { code: string; message: string } };

/** A principal request (CONTRACT §2 "principal") → CallerPrincipal (+ assumptions). */
export function principalFromArn(pw: PreparedWorkspace, arn: string): PrincipalResult {
  if (arn === '*') return { ok: true, principal: { kind: 'anonymous', arn: '*', accountId: '' }, assumptions: [] };
  const m = matchArn(arn, {
    partition: 'nonEmpty',
    service: ['iam', 'sts'],
    region: 'empty',
    account: 'twelveDigits',
    resource: 'nonEmpty',
  });
  if (!m)
    return {
      ok: false,
      error: {
        code: 'principal.invalid',
        message: `"${arn}" is not a principal: give a role, user or role-session ARN, or "*" for an anonymous caller.`,
      },
    };
  const { service, account, resource: rest } = m;
  const held = pw.accounts.has(account);
  const outsider = (): PrincipalResult => ({
    ok: true,
    principal: { kind: 'outsider', arn, accountId: account },
    assumptions: [outsiderAssumption(arn)],
  });
  if (service === 'sts') {
    const s = /^assumed-role\/([^/]+)\/(.+)$/.exec(rest);
    if (!s)
      return {
        ok: false,
        error: {
          code: 'principal.invalid',
          message: `"${arn}" is not a role-session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).`,
        },
      };
    if (!held) return outsider();
    const role = pw.rolesByName.get(`${account}/${s[1].toLowerCase()}`);
    if (!role)
      return {
        ok: false,
        error: {
          code: 'principal.not-found',
          message: `The workspace has no role ${s[1]} in account ${account} (from ${arn}).`,
        },
      };
    return {
      ok: true,
      principal: { kind: 'roleSession', arn, accountId: account, roleArn: role.arn, sessionName: s[2] },
      assumptions: [],
    };
  }
  if (rest.startsWith('role/')) {
    if (!held) return outsider();
    const role = findRole(pw, arn);
    if (!role)
      return { ok: false, error: { code: 'principal.not-found', message: `The workspace has no role ${arn}.` } };
    return {
      ok: true,
      principal: { kind: 'role', arn: role.arn, accountId: account, roleArn: role.arn },
      assumptions: [],
    };
  }
  if (rest.startsWith('user/')) {
    if (!held) return outsider();
    const user = pw.users.get(arn);
    if (!user)
      return { ok: false, error: { code: 'principal.not-found', message: `The workspace has no IAM user ${arn}.` } };
    return { ok: true, principal: { kind: 'user', arn: user.arn, accountId: account }, assumptions: [] };
  }
  if (rest === 'root' && !held) return outsider();
  return {
    ok: false,
    error: {
      code: 'principal.unsupported',
      message: `Rolecall evaluates roles, role sessions, IAM users, "*" and principals of other accounts; "${arn}" is none of these in the workspace.`,
    },
  };
}
