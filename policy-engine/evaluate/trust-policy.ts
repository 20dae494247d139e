/**
 * Trust-policy check for role assumption: the role's trust policy is a resource-based policy that must explicitly
 * allow the principal (an identity-policy allow alone is not enough).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import type { MatchedStatement, RequestContext, StatementTrace } from '../model/request';
import { GrantKind, type CompiledStatement } from './compile';
import { makeLookup, overridesMap, timeKeys, type ContextMap } from './context';
import { createCollector, matchedStatement, traceStatement } from './match';
import { bitsDecision } from './matches';
import type { PreparedWorkspace } from './prepare';
import { findRole } from './principal-arn';
import type { EvalOptions } from './types';
import { arnAccount } from '../arn';

const accountOf = (arn: string) => arnAccount(arn) ?? '';

/** A trust-policy request: who asks (as a Principal element would name them), the sts action, the context. */
export interface TrustPolicyRequest {
  principal: { type: 'AWS' | 'Federated' | 'Service'; value: string };
  action: string;
  context: RequestContext;
}

/** Evaluates a role's trust policy for one assumption request. */
export function evaluateTrust(
  pw: PreparedWorkspace,
  roleArn: string,
  req: TrustPolicyRequest,
  opts: EvalOptions,
): {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  matchedStatements: MatchedStatement[];
  statements: StatementTrace[];
  missingContextKeys: string[];
} {
  const role = findRole(pw, roleArn);
  const c = createCollector();
  if (!role || !role.trust)
    return { decision: 'implicitDeny', matchedStatements: [], statements: [], missingContextKeys: [] };
  const { currentTime, epochTime } = timeKeys(opts.now);
  const base: ContextMap = new Map([
    ['aws:currenttime', { key: 'aws:CurrentTime', value: currentTime }],
    ['aws:epochtime', { key: 'aws:EpochTime', value: epochTime }],
  ]);
  const lookup = makeLookup(base, overridesMap(req.context), {
    resourceAccount: role.accountId,
    region: pw.region,
    s3: false,
  });
  const p = req.principal;
  const callerAccount = p.type === 'AWS' ? (/^\d{12}$/.test(p.value) ? p.value : accountOf(p.value)) : '';
  const grantOf = (st: CompiledStatement): number => {
    const el = st.principal;
    if (!el || el.not) return 0;
    if (el.wildcard) return GrantKind.Direct;
    for (const e of el.entries) {
      if (e.type !== p.type) continue;
      if (p.type === 'AWS') {
        if (e.value === p.value || (e.rootAccount !== null && e.rootAccount === callerAccount)) return GrantKind.Direct;
      } else if (e.value.toLowerCase() === p.value.toLowerCase()) return GrantKind.Direct;
    }
    return 0;
  };
  let bits = 0;
  const actionLower = req.action.toLowerCase();
  for (const st of role.trust.statements)
    bits |= traceStatement(st, lookup, role.arn, actionLower, grantOf, p.value, c);
  const decision = bitsDecision(bits);
  const effect = decision === 'explicitDeny' ? 'Deny' : 'Allow';
  return {
    decision,
    matchedStatements:
      decision === 'implicitDeny'
        ? []
        : c.matched.filter((m) => m.st.effect === effect).map((m) => matchedStatement(m.st)),
    statements: c.traces,
    missingContextKeys: [...c.missing].filter((k) => lookup(k.toLowerCase()) === undefined).sort(),
  };
}
