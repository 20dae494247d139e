/**
 * The public surface of policy-engine/evaluate: prepare a workspace once, then answer requests (explained, or the
 * decision alone), check trust policies, and build the caller and resource sides the access matrix reuses.
 * The decision procedure itself is decide.ts; the evaluator that feeds it is match.ts.
 */
export { prepareWorkspace, sessionPolicy, type PreparedWorkspace, type PrincipalRecord } from './prepare';
export { evaluateAs } from './evaluate-as';
export { fastDecision } from './fast-path';
export { evaluateTrust, type TrustPolicyRequest } from './trust-policy';
export { principalFromArn, findRole, outsiderAssumption, type PrincipalResult } from './principal-arn';
export { checkActionResource } from './catalog-check';
export { denyMessage, type DenyWhere } from './deny-message';
export {
  decide,
  determines,
  type Verdict,
  type DeniedVerdict,
  type AllowedVia,
  type Determining,
  type Step,
} from './decide';
export { matchPolicies, matchedStatement, principalGrant, createCollector, type Collector } from './match';
export { ALLOW, DENY, NONE, GRANT_SHIFT, createMatches, type Matches } from './matches';
export { callerSide, type CallerSide } from './caller-side';
export { resourceSide, type ResourceSide, type SseKms, type OwnedKind } from './resource-side';
export { kmsStep, withKmsStep, sseKmsAction, type KmsStepResult } from './kms-step';
export type { ActionRequest, CallerPrincipal, EvalOptions } from './types';
export { conditionOperatorNames } from './conditions/index';
