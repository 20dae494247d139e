/**
 * User pools (CONTRACT.md §1 `userPools`): the pool's settings, the ID token Cognito issues to one of its users, and
 * the posture findings that connect those settings to the AWS access they lead to. The public surface of
 * policy-engine/userpool.
 */
export {
  STANDARD_ATTRIBUTES,
  attributesOf,
  clientsOf,
  closest,
  durationText,
  findClient,
  findUserPool,
  groupsOf,
  issuerOf,
  mfaOf,
  poolOfClient,
  providerNameOf,
  readableAttributes,
  selfSignUpOpen,
  tokenValiditySeconds,
  userPoolIdOfProvider,
  userPoolsOf,
  userPoolSource,
  userPoolSourceKey,
  userWritableAttributes,
  writability,
  type AttributeInfo,
  type UserPoolPart,
} from './pool';
export { buildIdToken, preferredRole, subOf, type BuiltToken, type UserInputError } from './token';
export { resolveUserIdentity } from './resolve-user';
export {
  AWS_DEFAULT_PASSWORD_POLICY,
  DEFAULT_REFRESH_TOKEN_MAX_DAYS,
  passwordBaseline,
  refreshTokenThreshold,
  type PasswordBaseline,
} from './thresholds';
