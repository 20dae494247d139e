/**
 * The front door for the engine's top-level modules: evaluate one request (CONTRACT.md §2–3), check a request's
 * shape from `unknown`, compare an answer with a test's `expect` (§4), and parse JSON text with positions.
 * Each room (analysis, catalog, cognito, evaluate, model, policy, prove, userpool, workspace, advice) has its own
 * `index.ts`; code outside policy-engine/ imports only these files (eslint.config.js enforces it).
 */
export { evaluateRequest, evaluationTime } from './evaluate-request';
export {
  parseRequest,
  checkIdentity,
  findProtoKey,
  identitySchema,
  objectKmsKeyArnProblem,
  s3FieldsProblem,
} from './request-schema';
export { MULTIPART_OPERATIONS, readsObjectKey, type MultipartOperation } from './model/request';
export { ANSWER_FIELDS, splitExpectation, expectationMismatches } from './expect';
export { parseJsonText, formatJsonPath, appendJsonPath, locateJsonPath, lineMap, type LineMap } from './json-text';
export { lookupContext } from './context-lookup';
export {
  splitArn,
  matchArn,
  arnAccount,
  arnResource,
  arnService,
  shortArn,
  iamShortName,
  assumedRoleOf,
  principalNameOf,
  chainNames,
  type ArnParts,
  type AssumedRole,
  type ArnShape,
} from './arn';
export { parsePolicyId, lastSegment, type PolicyIdKind, type PolicyIdParts } from './policy-id';
export { isObj, hasOwn } from './guards';
