/**
 * The decision fast path: decision only, for requests one at a time (no traces). The same steps as evaluateAs —
 * matchPolicies without a collector walks only the statements indexed under the action, then decide() — so the two
 * cannot disagree (the laws and differential tests check it anyway). It memoises what does not change between calls
 * on one prepared workspace: the action's catalog entry, the resource side of an ARN, and the caller side of a
 * principal object evaluated at the same time with the same context object.
 */
import { isRcpSupported, lookupAction } from '../catalog';
import type { Decision } from '../model/request';
import { callerSide, type CallerSide } from './caller-side';
import { decide } from './decide';
import { withKmsStep, withRequestSse } from './kms-step';
import { matchPolicies } from './match';
import { createMatches } from './matches';
import type { PreparedWorkspace } from './prepare';
import { resourceSide, type ResourceSide } from './resource-side';
import type { ActionRequest, CallerPrincipal, EvalOptions } from './types';

/** The decision for one request, or notApplicable when the action does not act on the resource's type. */
export function fastDecision(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  req: ActionRequest,
  opts: EvalOptions,
): Decision | 'notApplicable' {
  const memo = pw.memo;
  let info = memo.actions.get(req.action);
  if (info === undefined) {
    info = lookupAction(pw.catalog, req.action) ?? null;
    if (memo.actions.size > 10_000) memo.actions.clear();
    memo.actions.set(req.action, info);
  }
  if (!info) return 'implicitDeny';
  if (info.detailed && pw.resourceTypes(req.action, req.resource).length === 0) return 'notApplicable';
  const nowMs = opts.now.getTime();
  let caller: CallerSide;
  const cached = memo.subjects.get(principal);
  if (cached && cached.nowMs === nowMs && cached.context === req.context) caller = cached.value as CallerSide;
  else {
    caller = callerSide(pw, principal, opts, req.context).caller;
    memo.subjects.set(principal, { nowMs, context: req.context, value: caller });
  }
  const sideKey = req.resourceAccount === undefined ? req.resource : `${req.resourceAccount}\u0000${req.resource}`;
  let res = memo.sides.get(sideKey) as ResourceSide | undefined;
  if (res === undefined) {
    res = resourceSide(pw, req.resource, req.resourceAccount);
    if (memo.sides.size > 50_000) memo.sides.clear();
    memo.sides.set(sideKey, res);
  }
  const actionLower = req.action.toLowerCase();
  const m = matchPolicies(createMatches(), caller, actionLower, isRcpSupported(pw.catalog, info.service), res, null);
  const encrypted = withRequestSse(pw, res, actionLower, caller.lookup, req);
  return withKmsStep(pw, caller, encrypted, actionLower, decide(m).decision, req.operation);
}
