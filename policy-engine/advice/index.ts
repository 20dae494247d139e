/**
 * The public surface of policy-engine/advice: for a denied request, the least-privilege fixes that would allow it,
 * each one checked by evaluating the request again against the changed workspace.
 */
export {
  suggestFixes,
  applyFix,
  generalizeResource,
  readablePolicyName,
  SUB_VARIABLE,
  IDENTITY_ID,
  type FixAdvice,
  type FixChange,
  type SuggestedFix,
  type WithheldFix,
  type AdviceOptions,
} from './fixes';
