/**
 * The access matrix: every action × every resource for one principal, decision only. The principal's policy sets,
 * context lookup and the resources' sides are resolved once; each cell then only walks the statements indexed under
 * its action and allocates nothing.
 */
import { isRcpSupported, lookupAction } from '../catalog';
import type { Decision } from '../model/request';
import {
  callerSide,
  createMatches,
  decide,
  matchPolicies,
  resourceSide,
  type CallerPrincipal,
  type EvalOptions,
  type PreparedWorkspace,
} from '../evaluate/index';
import { withKmsStep } from '../evaluate/kms-step';
import { parseTemplate, resolveTemplate } from '../evaluate/variables';

/**
 * Decisions [action][resource]. Resources may hold policy variables (`arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/x`),
 * resolved against the principal's context first; a `*` in a resource is matched literally ("any such resource").
 * A cell is `notApplicable` when the action has no resource type the resource fits.
 */
export function buildMatrix(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  actions: string[],
  resources: string[],
  opts: EvalOptions,
): (Decision | 'notApplicable')[][] {
  const { caller } = callerSide(pw, principal, opts);
  const resolved = resources.map((r) => {
    const t = parseTemplate(r, true);
    return t.hasVariables ? (resolveTemplate(t, caller.lookup).value ?? r) : r;
  });
  const sides = resolved.map((r) => resourceSide(pw, r));
  const m = createMatches();
  return actions.map((action) => {
    const info = lookupAction(pw.catalog, action);
    const row: (Decision | 'notApplicable')[] = new Array(sides.length);
    if (!info) return row.fill('implicitDeny');
    const actionLower = action.toLowerCase();
    const rcp = isRcpSupported(pw.catalog, info.service);
    for (let i = 0; i < sides.length; i++) {
      const side = sides[i];
      if (info.detailed && pw.resourceTypes(action, side.arn).length === 0) {
        row[i] = 'notApplicable';
        continue;
      }
      const d = decide(matchPolicies(m, caller, actionLower, rcp, side, null)).decision;
      row[i] = side.sse === null ? d : withKmsStep(pw, caller, side, actionLower, d);
    }
    return row;
  });
}
