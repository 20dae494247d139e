/**
 * The prover (DESIGN `prove/`): "can anyone …?" over every identity and request context, answered with a proof or
 * with witnesses the normal engine has re-checked. Pure: the time limit and cancel come in as a callback.
 */
export {
  prove,
  proveSteps,
  proveGained,
  proveClasses,
  IDENTITY_ID_ASSUMPTION,
  type ProveQuestion,
  type ProveOptions,
  type ProveStep,
  type GainedOutcome,
  type ProveResult,
  type Witness,
  type Undecided,
} from './prove';
export { checkQuestion, checkQuestionAction, checkQuestionResource, ProveInputError } from './question';
export { chainCaveat } from './limits-text';
export { solveStrings, globMatches, plainGlob, exactGlob, type Glob, type GlobLiteral } from './glob';
export {
  checkIsolation,
  perUserStores,
  storeQuestions,
  ownerIdentityId,
  isOperatorClass,
  describeBreak,
  type PerUserStore,
  type IsolationAccess,
  type IsolationBreak,
  type IsolationResult,
  type IsolationOptions,
} from './isolation';
export { checkNoNewAccess, type NewAccess, type NewAccessResult } from './new-access';
