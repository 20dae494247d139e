/**
 * The caller side of a request, resolved once per principal (for a matrix row, or one request): its policy sets, the
 * ARNs a NotPrincipal must list to exclude it, and its context lookup.
 */
import type { Assumption, RequestContext } from '../model/request';
import { PolicySet } from './compile';
import { makeLookup, overridesMap, principalContext, type ResourceKeys, type ContextMap } from './context';
import { sessionPolicy, type PreparedWorkspace } from './prepare';
import { findRole, outsiderAssumption } from './principal-arn';
import type { CallerPrincipal, EvalOptions } from './types';
import type { ContextLookup } from './variables';

/** Who is asking, with the policies that speak for them. */
export interface CallerSide {
  principal: CallerPrincipal;
  /** Identity policies; null for anonymous callers (none) and outsiders (assumed to allow everything). */
  identity: PolicySet | null;
  identityAllowsAll: boolean;
  boundary: PolicySet | null;
  /** null = no session policy passed (no limit). */
  session: PolicySet | null;
  /** SCP levels of the principal's account ([] when SCPs do not apply). */
  scps: PolicySet[];
  /** The ARNs a NotPrincipal must list to exclude this caller (own ARN, role ARN, account root). */
  chain: string[];
  lookup: ContextLookup;
  /** The per-resource context keys, set for each request by matchPolicies. */
  resourceKeys: ResourceKeys;
}

/** Builds the caller side for a principal: its policy sets, NotPrincipal chain and context lookup. */
export function callerSide(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  opts: EvalOptions,
  context?: RequestContext,
): { caller: CallerSide; base: ContextMap; overrides: ContextMap | null; assumptions: Assumption[] } {
  const record =
    principal.kind === 'role' || principal.kind === 'roleSession'
      ? (findRole(pw, principal.roleArn ?? principal.arn) ?? null)
      : principal.kind === 'user'
        ? (pw.users.get(principal.arn) ?? null)
        : null;
  const base = principalContext(principal, record, opts.now);
  const overrides = overridesMap(context);
  const resourceKeys = { resourceAccount: '', region: '', s3: false };
  const sessions = (principal.sessionPolicies ?? []).map((s) => sessionPolicy(pw, s.policyId, s.document));
  const root = principal.accountId ? `arn:${pw.partition}:iam::${principal.accountId}:root` : '';
  const chain =
    principal.kind === 'anonymous'
      ? []
      : [principal.arn, ...(principal.roleArn && principal.roleArn !== principal.arn ? [principal.roleArn] : []), root];
  const assumptions: Assumption[] = principal.kind === 'outsider' ? [outsiderAssumption(principal.arn)] : [];
  const caller: CallerSide = {
    principal,
    identity:
      principal.kind === 'anonymous' || principal.kind === 'outsider' ? null : (record?.identity ?? new PolicySet([])),
    identityAllowsAll: principal.kind === 'outsider',
    boundary: record?.boundary ?? null,
    session: sessions.length ? new PolicySet(sessions) : null,
    scps: principal.kind !== 'anonymous' && pw.accounts.has(principal.accountId) ? pw.scps : [],
    chain,
    lookup: makeLookup(base, overrides, resourceKeys),
    resourceKeys,
  };
  return { caller, base, overrides, assumptions };
}
