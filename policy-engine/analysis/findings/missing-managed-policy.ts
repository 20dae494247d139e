/**
 * The part of policy-validation that reports managed policies a role, user or group attaches but the workspace does
 * not hold (typically AWS managed policies, which a template names by ARN only). One finding per policy, at the
 * first attachment, naming every entity that uses it and what that means: their access — and every finding about
 * it — is computed without the policy, so it is understated.
 * https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-authorization-details.html
 */
import type { Diagnostic } from '../../model/diagnostic';
import type { AuditContext } from './context';
import type { Finding, FindingLocation } from './types';
import { roleName, roleUses } from './trust-helpers';
import { hasOwn as own } from '../../guards';

const arr = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** One entity that attaches (or uses as its boundary) a managed policy, and where. */
interface Attachment {
  kind: 'role' | 'user' | 'policy';
  arn: string;
  boundary: boolean;
  path: (string | number)[];
}

function attachmentsOf(ctx: AuditContext, policyArn: string): Attachment[] {
  const out: Attachment[] = [];
  const iam = ctx.ws.iam ?? {};
  const lists = [
    ['RoleDetailList', 'role'],
    ['UserDetailList', 'user'],
    ['GroupDetailList', 'policy'],
  ] as const;
  for (const [list, kind] of lists) {
    arr<Record<string, unknown>>((iam as Record<string, unknown>)[list]).forEach((e, i) => {
      if (!e || typeof e.Arn !== 'string') return;
      arr<{ PolicyArn?: unknown }>(e.AttachedManagedPolicies).forEach((a, k) => {
        if (a?.PolicyArn === policyArn)
          out.push({
            kind,
            arn: e.Arn as string,
            boundary: false,
            path: ['iam', list, i, 'AttachedManagedPolicies', k],
          });
      });
      const b = e.PermissionsBoundary as { PermissionsBoundaryArn?: unknown } | undefined;
      if (b && b.PermissionsBoundaryArn === policyArn)
        out.push({ kind, arn: e.Arn as string, boundary: true, path: ['iam', list, i, 'PermissionsBoundary'] });
    });
  }
  return out;
}

/** Findings for the `workspace.missing-managed-policy` diagnostics (one per policy). */
export function missingManagedPolicyFindings(
  ctx: AuditContext,
  diagnostics: Diagnostic[],
  rule: { id: string; title: string },
): Finding[] {
  const out: Finding[] = [];
  const uses = roleUses(ctx);
  const sources = ctx.ws.sources && typeof ctx.ws.sources === 'object' ? ctx.ws.sources : undefined;
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const policyArn = d.policyId;
    if (!policyArn || seen.has(policyArn)) continue;
    seen.add(policyArn);
    const att = attachmentsOf(ctx, policyArn);
    if (att.length === 0) continue;
    const describe = (a: Attachment) => {
      const poolUse = a.kind === 'role' ? (uses.get(a.arn) ?? []) : [];
      const how = [
        ...new Set(
          poolUse.map(
            (u) =>
              (u.how === 'unauthenticated'
                ? 'the guest role'
                : u.how === 'authenticated'
                  ? 'the default authenticated role'
                  : `the role of mapping rule ${u.ruleIndex}`) +
              ` of pool ${u.pool.IdentityPoolName ?? u.pool.IdentityPoolId}`,
          ),
        ),
      ];
      const name = a.kind === 'role' ? roleName(a.arn) : a.arn;
      return `${name}${how.length ? ` (${how.join(', ')})` : ''}${a.boundary ? ' as its permissions boundary' : ''}`;
    };
    const poolRole = att.some((a) => a.kind === 'role' && uses.has(a.arn));
    const boundaryOnly = att.every((a) => a.boundary);
    const aws = /^arn:[^:]+:iam::aws:policy\//.test(policyArn);
    const first = att[0];
    const source = sources && own(sources, first.arn) ? sources[first.arn] : undefined;
    const location: FindingLocation = {
      kind: first.kind,
      arn: first.arn,
      policyType: first.boundary ? 'permissionsBoundary' : 'identity',
      policyId: policyArn,
      ...(source ? { file: source.file, source } : {}),
      workspacePath: first.path,
    };
    const effect = boundaryOnly
      ? 'Rolecall evaluates them without that boundary, so what they are allowed may be overstated'
      : `Rolecall evaluates ${att.length > 1 ? 'them' : 'it'} without the policy, so what ${att.length > 1 ? 'they are' : 'it is'} allowed — and every finding about ${att.length > 1 ? 'them' : 'it'} — is understated`;
    out.push({
      ruleId: rule.id,
      severity: poolRole ? 'medium' : 'low',
      title: 'Attached managed policy is not in the workspace',
      message: `${describe(first)}${att.length > 1 ? ` and ${att.slice(1).map(describe).join(', ')}` : ''} attach${att.length > 1 ? '' : 'es'} the ${aws ? 'AWS managed' : 'managed'} policy ${policyArn}, but the workspace does not hold its document: ${effect}.${poolRole ? ` Identity-pool identities get ${att.filter((a) => a.kind === 'role' && uses.has(a.arn)).length > 1 ? 'these roles' : 'this role'}, so their access cannot be audited until it is added.` : ''}`,
      fix: `Add the policy to iam.Policies: import the output of \`aws iam get-account-authorization-details\` (it includes the attached ${aws ? 'AWS managed' : 'customer managed'} policies with their versions), or \`aws iam get-policy\` + \`aws iam get-policy-version\` for ${policyArn}.`,
      location,
    });
  }
  return out;
}
