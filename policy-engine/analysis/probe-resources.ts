/**
 * Concrete resources to probe for one role, beyond the workspace's `resources`: the S3 and DynamoDB ARNs that the
 * Allow statements of its identity policies and of the resource policies name, with each wildcard filled in
 * (`arn:aws:s3:::b/public/*` → `…/public/rolecall-probe`). Policy variables stay, to be resolved per session. Without
 * these, a grant on a narrower prefix than the listed resources (`b/public/*` when `b/*` is listed) goes unseen.
 */
import type { AuditContext } from './findings/context';

/** A probe resource and the pattern to show for it. */
export interface ProbeResource {
  resource: string;
  display: string;
}

const SERVICE_ARN = /^arn:[^:]*:(s3|dynamodb):/;

/** Fills `*` and `?` outside `${…}` variables. */
function concrete(pattern: string): string {
  return pattern
    .split(/(\$\{[^}]*\})/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*/g, 'rolecall-probe').replace(/\?/g, 'x')))
    .join('');
}

const SUB_ALL = /\$\{cognito-identity\.amazonaws\.com:sub\}/gi;

/**
 * The workspace's resources plus the concrete forms of the resources this role's (and resource policies') Allows name;
 * `${cognito-identity.amazonaws.com:sub}` is filled with `identityId` (the caller's own id) when given.
 */
export function probeResources(ctx: AuditContext, roleArn: string | null, identityId?: string): ProbeResource[] {
  const out = new Map<string, ProbeResource>();
  for (const r of ctx.resources) out.set(r, { resource: r, display: r });
  for (const ref of ctx.refs) {
    const mine = ref.policyType === 'identity' && roleArn !== null && ref.attachedTo.includes(roleArn);
    if (!mine && ref.policyType !== 'resource') continue;
    for (const st of ref.parsed.statements) {
      if (st.effect !== 'Allow' || st.valid === false) continue;
      for (const r of st.resource ?? []) {
        if (!SERVICE_ARN.test(r.value)) continue;
        const c = concrete(identityId ? r.value.replace(SUB_ALL, identityId) : r.value);
        if (!out.has(c) && ![...out.values()].some((p) => p.display === r.value))
          out.set(c, { resource: c, display: r.value });
      }
    }
  }
  return [...out.values()];
}
