/**
 * The workspace: everything Rolecall knows about one setup (CONTRACT.md §1).
 * Field names follow AWS's own API shapes so exports load without translation.
 */

/** A policy document as AWS hands it over: an object, a JSON string or a URL-encoded JSON string. */
export type PolicyInput = string | Record<string, unknown>;

/** One Cognito user pool app client configured as a provider of an identity pool. */
export interface CognitoIdentityProvider {
  ProviderName: string;
  ClientId?: string;
  ServerSideTokenCheck?: boolean;
}

/** A role-mapping rule (MappingRule in the cognito-identity API model). */
export interface MappingRule {
  Claim: string;
  MatchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual';
  Value: string;
  RoleARN: string;
}

/** A RoleMapping (cognito-identity API model). */
export interface RoleMapping {
  Type: 'Token' | 'Rules';
  AmbiguousRoleResolution?: 'AuthenticatedRole' | 'Deny';
  RulesConfiguration?: { Rules: MappingRule[] };
  /** CloudFormation's optional field; the map key is used when absent. */
  IdentityProvider?: string;
}

/** GetPrincipalTagAttributeMap output for one provider. */
export interface PrincipalTagAttributeMap {
  UseDefaults?: boolean;
  PrincipalTags?: Record<string, string>;
}

/** DescribeIdentityPool output merged with GetIdentityPoolRoles output. */
export interface IdentityPool {
  IdentityPoolId: string;
  IdentityPoolName?: string;
  AllowUnauthenticatedIdentities?: boolean;
  /** Absent means "never set", which AWS treats as allowing the basic flow (SEMANTICS §A1.1). */
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: CognitoIdentityProvider[];
  SamlProviderARNs?: string[];
  IdentityPoolTags?: Record<string, string>;
  Roles?: { authenticated?: string; unauthenticated?: string };
  RoleMappings?: Record<string, RoleMapping>;
  /** Keyed by provider name as GetPrincipalTagAttributeMap takes it (user pools without ":clientId"). */
  PrincipalTagAttributeMaps?: Record<string, PrincipalTagAttributeMap>;
}

/** An IAM tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** An inline policy on a role, user or group. */
export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: PolicyInput;
}

/** A managed policy attachment. */
export interface AttachedPolicy {
  PolicyName?: string;
  PolicyArn: string;
}

/** A permissions boundary reference. */
export interface PermissionsBoundary {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn: string;
}

/** RoleDetail from get-account-authorization-details. */
export interface RoleDetail {
  Path?: string;
  RoleName: string;
  RoleId?: string;
  Arn: string;
  AssumeRolePolicyDocument?: PolicyInput;
  RolePolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  [extra: string]: unknown;
}

/** UserDetail from get-account-authorization-details. */
export interface UserDetail {
  Path?: string;
  UserName: string;
  UserId?: string;
  Arn: string;
  GroupList?: string[];
  UserPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  [extra: string]: unknown;
}

/** GroupDetail from get-account-authorization-details. */
export interface GroupDetail {
  Path?: string;
  GroupName: string;
  GroupId?: string;
  Arn: string;
  GroupPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  [extra: string]: unknown;
}

/** One version of a managed policy. Only the default version counts. */
export interface PolicyVersion {
  Document: PolicyInput;
  VersionId?: string;
  IsDefaultVersion?: boolean;
  [extra: string]: unknown;
}

/** ManagedPolicyDetail from get-account-authorization-details. */
export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  PolicyVersionList?: PolicyVersion[];
  [extra: string]: unknown;
}

/** Exactly the shape of `aws iam get-account-authorization-details`. */
export interface IamDetails {
  RoleDetailList?: RoleDetail[];
  UserDetailList?: UserDetail[];
  GroupDetailList?: GroupDetail[];
  Policies?: ManagedPolicyDetail[];
}

/** A bucket policy or a DynamoDB table/stream resource policy. */
export interface ResourcePolicyEntry {
  resourceArn: string;
  policy: PolicyInput;
}

/** One alias of a KMS key, as `aws kms list-aliases` lists it. */
export interface KmsAlias {
  AliasName: string;
  AliasArn?: string;
  TargetKeyId?: string;
  [extra: string]: unknown;
}

/** `aws kms describe-key`'s KeyMetadata (the fields Rolecall reads; the rest is kept as is). */
export interface KmsKeyMetadata {
  KeyId: string;
  Arn?: string;
  AWSAccountId?: string;
  /** AWS: an AWS managed key (aws/s3, …), whose key policy and settings customers cannot change; CUSTOMER: yours. */
  KeyManager?: 'AWS' | 'CUSTOMER';
  KeyState?: string;
  Enabled?: boolean;
  [extra: string]: unknown;
}

/**
 * A KMS key: describe-key output + get-key-policy output (`Policy`, `PolicyName` "default") + the key's aliases from
 * list-aliases, merged. The key policy is the key's resource-based policy, which must allow explicitly.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
export interface KmsKeyEntry {
  KeyMetadata: KmsKeyMetadata;
  Policy?: PolicyInput;
  PolicyName?: string;
  Aliases?: KmsAlias[];
}

/** One default-encryption rule (`aws s3api get-bucket-encryption`: ServerSideEncryptionConfiguration.Rules[]). */
export interface BucketEncryptionRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm: string; KMSMasterKeyID?: string };
  BucketKeyEnabled?: boolean;
  [extra: string]: unknown;
}

/**
 * A bucket's default encryption: the get-bucket-encryption output for the bucket `bucketArn`. With SSE-KMS, reading
 * and writing objects also needs kms:Decrypt / kms:GenerateDataKey on the key.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
export interface BucketEncryptionEntry {
  bucketArn: string;
  ServerSideEncryptionConfiguration: { Rules: BucketEncryptionRule[] };
}

/** Choices where AWS's behaviour is undocumented (SEMANTICS.md [AMBIG]). */
export interface WorkspaceSettings {
  /** How Cognito's two guest session policies combine (SEMANTICS §A3). */
  guestScopeDown?: 'inline-or-managed' | 'inline-and-managed' | 'off';
  /** How Equals/Contains/StartsWith/NotEqual treat an array claim (SEMANTICS §A2.3). */
  multiValuedClaimMatch?: 'anyElement' | 'joinedString';
  /** Whether role-mapping match types compare case-sensitively (SEMANTICS §A2.3, default true). */
  claimMatchCaseSensitive?: boolean;
  /** Tag keys Cognito uses for the default principal-tag mapping (SEMANTICS §A5, believed username/client). */
  defaultPrincipalTagKeys?: { sub?: string; aud?: string };
  /** Whether cognito-identity.amazonaws.com:sub is present for guest sessions (SEMANTICS §A5, default true). */
  guestSubPresent?: boolean;
  /** The version of Cognito's guest scope-down policies to use (see policy-engine/cognito/scope-down.ts). */
  scopeDownVersion?: string;
  /** Custom guest scope-down policies that replace the shipped ones. */
  scopeDownPolicies?: { inline?: PolicyInput; managed?: PolicyInput };
}

/** Where an entity of the workspace came from (file and position), for findings and SARIF. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** The logical id in a CloudFormation template, when known. */
  logicalId?: string;
}

/** The workspace file (`*.rolecall.json`). */
export interface Workspace {
  format: 'rolecall-workspace';
  version: 1;
  name?: string;
  partition?: string;
  region?: string;
  accountId?: string;
  identityPools?: IdentityPool[];
  iam?: IamDetails;
  resourcePolicies?: ResourcePolicyEntry[];
  /** KMS keys (describe-key + get-key-policy + list-aliases). */
  kmsKeys?: KmsKeyEntry[];
  /** Buckets' default encryption (get-bucket-encryption). */
  bucketEncryption?: BucketEncryptionEntry[];
  organization?: { scps?: PolicyInput[][]; rcps?: PolicyInput[][] };
  settings?: WorkspaceSettings;
  resources?: string[];
  /** Optional provenance: ARN or pool id → where it was defined. Filled by importers. */
  sources?: Record<string, SourceLocation>;
}
