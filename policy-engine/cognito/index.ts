/**
 * Cognito identity pools: resolve the role exactly as Cognito does, check the role's trust policy as STS does, and
 * describe the role session (SEMANTICS.md §A). The public surface of policy-engine/cognito.
 */
import type { IdentityInput } from '../model/request';
import type { EvalOptions } from '../evaluate/types';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { evaluateTrust } from '../evaluate/index';
import { resolveIdentityWith, type IdentityResolution } from './resolve-identity';

export type { IdentityResolution } from './resolve-identity';
export { resolveIdentityWith } from './resolve-identity';
export { validateIdentityPools } from './validate';
export { GUEST_SCOPE_DOWN, SCOPE_DOWN_VERSIONS, SCOPE_DOWN_IDS, guestSessionPolicies } from './scope-down';
export { cognitoAssumption, type CognitoAssumptionId } from './assumptions';
export { cognitoErrors } from './errors';
export { deriveIdentityId } from './identity-id';
export {
  configuredProviders,
  findProvider,
  findRoleMapping,
  type ConfiguredProvider,
  type ProviderKind,
} from './providers';
export { COGNITO_SESSION_NAME, COGNITO_FEDERATED_PRINCIPAL } from './session';
export { trustContext, type TrustEvaluator, type TrustRequest, type TrustAnswer } from './trust';

/**
 * Resolves a Cognito identity: which role Cognito gives it (or why none), whether the role's trust policy lets STS
 * issue the credentials, and the role session to evaluate requests as. Never throws for bad input.
 */
export function resolveIdentity(pw: PreparedWorkspace, identity: IdentityInput, opts: EvalOptions): IdentityResolution {
  return resolveIdentityWith(pw.workspace, identity, opts, (roleArn, req) => evaluateTrust(pw, roleArn, req, opts));
}
