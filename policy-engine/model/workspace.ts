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
  /**
   * Which group gives a user-pool ID token its cognito:preferred_role (userpool/token.ts): "groupsWithRole" (default)
   * the lowest-Precedence group among those that have a RoleArn; "bestGroup" the lowest-Precedence group of all, no
   * claim when that group has no role. AWS's wording ("the group with the lowest precedence value whose role ARN is
   * given") does not settle it.
   */
  preferredRoleFrom?: 'groupsWithRole' | 'bestGroup';
  /**
   * userpool-long-refresh-token: the longest RefreshTokenValidity, in days, for an app client whose users reach a
   * privileged role (default 30, AWS's default validity).
   */
  refreshTokenMaxDays?: number;
  /**
   * userpool-weak-password-policy: the password policy a user pool must meet; each field overrides AWS's default
   * (MinimumLength 8, RequireUppercase/Lowercase/Numbers/Symbols true).
   */
  passwordBaseline?: {
    MinimumLength?: number;
    RequireUppercase?: boolean;
    RequireLowercase?: boolean;
    RequireNumbers?: boolean;
    RequireSymbols?: boolean;
  };
}

/** One SchemaAttributeType of DescribeUserPool (standard attributes and `custom:` ones). */
export interface UserPoolSchemaAttribute {
  Name: string;
  AttributeDataType?: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute?: boolean;
  /** Whether the attribute can be changed after sign-up (AWS's default for standard attributes is true). */
  Mutable?: boolean;
  Required?: boolean;
  [extra: string]: unknown;
}

/** DescribeUserPool's `UserPool` (UserPoolType); only the fields Rolecall reads are typed. */
export interface UserPoolDescription {
  Id: string;
  Name?: string;
  Arn?: string;
  Policies?: {
    PasswordPolicy?: {
      MinimumLength?: number;
      RequireUppercase?: boolean;
      RequireLowercase?: boolean;
      RequireNumbers?: boolean;
      RequireSymbols?: boolean;
      PasswordHistorySize?: number;
      TemporaryPasswordValidityDays?: number;
      [extra: string]: unknown;
    };
    [extra: string]: unknown;
  };
  SchemaAttributes?: UserPoolSchemaAttribute[];
  AutoVerifiedAttributes?: ('email' | 'phone_number')[];
  AliasAttributes?: string[];
  UsernameAttributes?: string[];
  UserAttributeUpdateSettings?: { AttributesRequireVerificationBeforeUpdate?: string[]; [extra: string]: unknown };
  MfaConfiguration?: 'OFF' | 'ON' | 'OPTIONAL';
  AdminCreateUserConfig?: {
    AllowAdminCreateUserOnly?: boolean;
    UnusedAccountValidityDays?: number;
    [extra: string]: unknown;
  };
  UserPoolAddOns?: { AdvancedSecurityMode?: 'OFF' | 'AUDIT' | 'ENFORCED'; [extra: string]: unknown };
  AccountRecoverySetting?: {
    RecoveryMechanisms?: { Priority: number; Name: 'verified_email' | 'verified_phone_number' | 'admin_only' }[];
  };
  UsernameConfiguration?: { CaseSensitive?: boolean };
  [extra: string]: unknown;
}

/** DescribeUserPoolClient's `UserPoolClient` (UserPoolClientType). */
export interface UserPoolClient {
  UserPoolId?: string;
  ClientName?: string;
  ClientId: string;
  RefreshTokenValidity?: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  TokenValidityUnits?: {
    AccessToken?: TokenValidityUnit;
    IdToken?: TokenValidityUnit;
    RefreshToken?: TokenValidityUnit;
  };
  /** Absent: the client may read every attribute (AWS's default). */
  ReadAttributes?: string[];
  /** Absent: the client may write every mutable attribute (AWS's default). */
  WriteAttributes?: string[];
  ExplicitAuthFlows?: string[];
  SupportedIdentityProviders?: string[];
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
  EnableTokenRevocation?: boolean;
  [extra: string]: unknown;
}

/** The unit of a user-pool client's token validity. */
export type TokenValidityUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** One entry of ListGroups' `Groups` (GroupType). */
export interface UserPoolGroup {
  GroupName: string;
  UserPoolId?: string;
  Description?: string;
  RoleArn?: string;
  /** Lower wins for cognito:preferred_role; absent loses to any number. */
  Precedence?: number;
  [extra: string]: unknown;
}

/** GetUserPoolMfaConfig output. */
export interface UserPoolMfaConfig {
  MfaConfiguration?: 'OFF' | 'ON' | 'OPTIONAL';
  SmsMfaConfiguration?: Record<string, unknown>;
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  EmailMfaConfiguration?: Record<string, unknown>;
  WebAuthnConfiguration?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** One user pool of the workspace (CONTRACT.md §1 `userPools`). */
export interface UserPoolEntry {
  UserPool: UserPoolDescription;
  Clients?: UserPoolClient[];
  Groups?: UserPoolGroup[];
  MfaConfig?: UserPoolMfaConfig;
  /** Known group members (CloudFormation UserPoolUserToGroupAttachment, ListUsersInGroup): group name → usernames. */
  GroupMembers?: Record<string, string[]>;
  [extra: string]: unknown;
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
  /** The user pools whose tokens the identity pools accept (DescribeUserPool, DescribeUserPoolClient, ListGroups). */
  userPools?: UserPoolEntry[];
  resources?: string[];
  /**
   * DynamoDB tables (ARNs) whose partition key is the identity id (cognito-identity.amazonaws.com:sub): per-user data
   * that cross-user isolation checks even when no policy keys it with dynamodb:LeadingKeys any more.
   */
  perUserTables?: string[];
  /** Optional provenance: ARN or pool id → where it was defined. Filled by importers. */
  sources?: Record<string, SourceLocation>;
  /** What an importer could not know or had to assume (filled by `rolecall import`; see ImportNotes). */
  importNotes?: ImportNotes;
}

/**
 * What an import could not know: the placeholder values it made up (findings never blame the user for them), roles
 * whose trust policy a deploy-time custom resource rewrites, and the matrix resources it added because a policy
 * names them ("from policy").
 */
export interface ImportNotes {
  placeholders?: { value: string; meaning: string }[];
  /** Role ARN → why its trust policy in the workspace is not (or not exactly) the deployed one. */
  trustNotFinal?: Record<string, string>;
  /** Resources (of `resources`) added because a policy names them, not because the input defines them. */
  fromPolicy?: string[];
  /** Each imported file `sources` names → `sha256:HEX` of the text imported (workspace/source-digests). */
  fileDigests?: Record<string, string>;
  /** Each policy sourced to such a file, by policy id → `sha256:HEX` of its JSON as imported. */
  policyDigests?: Record<string, string>;
}
