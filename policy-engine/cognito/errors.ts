/**
 * Cognito's and STS's errors in AWS's own words (SEMANTICS.md §A2.2, §A2.4), with AWS's exception name as `code`.
 */
import type { AwsError } from '../model/request';

/** Builds an AwsError. */
function err(code: string, message: string): AwsError {
  return { code, message };
}

/** The errors Rolecall reproduces. */
export const cognitoErrors = {
  /** No role for the auth type, or STS refused the chosen role (trust policy). [MODEL/OBS] */
  invalidPoolConfiguration: (): AwsError =>
    err(
      'InvalidIdentityPoolConfigurationException',
      'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    ),
  /** Rules/Token mapping ambiguous with AmbiguousRoleResolution Deny. [OBS amplify-js#3621] */
  ambiguousDenied: (provider: string): AwsError =>
    err('NotAuthorizedException', `The ambiguous role mapping rules for: ${provider} denied this request.`),
  /** Guest access is off. [OBS amplify-js#1089] */
  unauthenticatedNotSupported: (): AwsError =>
    err('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.'),
  /** AllowClassicFlow=false and the basic flow was used. [OBS aws-cli#7652] */
  basicFlowDisabled: (): AwsError =>
    err('InvalidParameterException', 'Basic (classic) flow is not enabled, please use enhanced flow.'),
  /** Basic flow with role mappings. [OBS aws-rum-web#172] */
  basicFlowWithRoleMappings: (): AwsError =>
    err(
      'InvalidParameterException',
      'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.',
    ),
  /** STS refused AssumeRoleWithWebIdentity (basic flow). [DOC role-trust-and-permissions] */
  stsAccessDenied: (): AwsError => err('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
  /** The basic flow without a role: STS's own validation error. */
  stsRoleArnMissing: (): AwsError =>
    err(
      'ValidationError',
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    ),
  /**
   * Rolecall's own: the pool is not in the workspace (CONTRACT §2: it stands for one someone else controls), so only
   * the basic flow can be evaluated, and that needs the role the client asks STS for.
   */
  poolNotInWorkspace: (identityPoolId: string, knownPools = ''): AwsError =>
    err(
      'InvalidParameterException',
      `The identity pool ${identityPoolId} is not in the workspace: it stands for a pool someone else controls, whose role choice Rolecall cannot know. Only the basic flow can be evaluated: name the role to try in identity.roleArn (with flow: "basic"), and that role's trust policy decides.${knownPools}`,
    ),
  /** The Logins key or the token's client is not configured on the pool. [OBS amplify-js#2067] */
  unsupportedProvider: (): AwsError =>
    err('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.'),
  /** An access token (no aud) was passed. [OBS amazon-cognito-identity-js#7] */
  missingClaim: (claim: string): AwsError =>
    err('NotAuthorizedException', `Invalid login token. Missing a required claim: ${claim}`),
  /** exp is in the past: "Token expired: <now> >= <exp>". [OBS aws-sdk-ios#2570] */
  tokenExpired: (nowSeconds: number, exp: number): AwsError =>
    err('NotAuthorizedException', `Invalid login token. Token expired: ${nowSeconds} >= ${exp}`),
  /** iss does not match the Logins key. [OBS] */
  issuerMismatch: (): AwsError =>
    err('NotAuthorizedException', "Invalid login token. Issuer doesn't match providerName"),
  /** The token could not be decoded as a JWT. */
  malformedToken: (): AwsError =>
    err('NotAuthorizedException', 'Invalid login token. Not a valid OpenId Connect identity token.'),
  /** CustomRoleArn is not among the roles the token allows. [DOC role-based-access-control; message AMBIG] */
  customRoleArnRefused: (roleArn: string): AwsError =>
    err(
      'NotAuthorizedException',
      `CustomRoleArn ${roleArn} is not one of the roles in the token; the request was denied.`,
    ),
} as const;
