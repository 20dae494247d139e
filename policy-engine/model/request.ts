/**
 * Requests and answers (CONTRACT.md §2 and §3).
 */

/** A context value: a string, or an array of strings for a multi-valued key. */
export type ContextValue = string | string[];

/** The request context supplied by the user; keys are matched case-insensitively. */
export type RequestContext = Record<string, ContextValue>;

/** A Cognito identity-pool identity (CONTRACT.md §2 `identity`). */
export interface IdentityInput {
  identityPoolId: string;
  /** The Logins key; omit or null for a guest. */
  provider?: string | null;
  claims?: Record<string, unknown>;
  /** A JWT; decoded, its signature is not checked offline. */
  token?: string;
  identityId?: string;
  customRoleArn?: string;
  flow?: 'enhanced' | 'basic';
  /** Basic flow only: the role the client asks STS for. */
  roleArn?: string;
  /** A user of a user pool the workspace holds; Rolecall builds the ID token Cognito would issue (CONTRACT.md §2). */
  user?: UserPoolUserInput;
}

/** The `identity.user` form: a user of a user pool, signing in through one app client. */
export interface UserPoolUserInput {
  userPoolId: string;
  clientId: string;
  username: string;
  groups?: string[];
  /** Attribute name → value (standard names such as "email", or "custom:tenant"). */
  attributes?: Record<string, string>;
}

/**
 * The S3 API operations of a multipart upload, all authorized as s3:PutObject (the request's `operation`).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 */
export const MULTIPART_OPERATIONS = [
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
] as const;
export type MultipartOperation = (typeof MULTIPART_OPERATIONS)[number];

/** The message for an `operation` that is not one of MULTIPART_OPERATIONS. */
export const MULTIPART_OPERATION_MESSAGE = `must be one of ${MULTIPART_OPERATIONS.join(', ')} (S3 multipart upload operations, all authorized as s3:PutObject)`;

/** True when an S3 request creates the object's encryption (PutObject, CreateMultipartUpload): its headers choose the key. */
export const createsObject = (actionLower: string, operation?: unknown): boolean =>
  actionLower === 's3:putobject' && (operation === undefined || operation === 'CreateMultipartUpload');

/** True when an S3 request reads an existing object's key: GetObject, GetObjectVersion, or an upload under way. */
export const readsObjectKey = (actionLower: string, operation?: unknown): boolean =>
  actionLower === 's3:getobject' ||
  actionLower === 's3:getobjectversion' ||
  (actionLower === 's3:putobject' && !createsObject(actionLower, operation));

/** A request (CONTRACT.md §2). Exactly one of `principal` and `identity`. */
export interface Request {
  id?: string;
  principal?: string;
  identity?: IdentityInput;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: RequestContext;
  sessionPolicy?: Record<string, unknown> | string;
  /** An S3 multipart upload operation, authorized as s3:PutObject: CreateMultipartUpload | UploadPart | UploadPartCopy | CompleteMultipartUpload. */
  operation?: string;
  /** The KMS key ARN an existing object (or multipart upload) is encrypted with (HeadObject's SSEKMSKeyId). */
  objectKmsKeyArn?: string;
  /**
   * UploadPartCopy only: the source object's ARN (the x-amz-copy-source header as an ARN, arn:aws:s3:::BUCKET/KEY).
   * S3 also needs s3:GetObject on it, and kms:Decrypt on its key when it is SSE-KMS; the answer checks both.
   */
  copySource?: string;
}

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A range in a policy document's text. */
export interface Range {
  start: Position;
  end: Position;
}

/** Policy types, as the answer names them. */
export type PolicyType = 'identity' | 'resource' | 'permissionsBoundary' | 'session' | 'scp' | 'rcp' | 'trust';

/** A statement that decided (or took part in) a decision. */
export interface MatchedStatement {
  policyType: PolicyType;
  /** The policy's id: a managed policy ARN, `ROLEARN#inline/NAME`, `RESOURCEARN#resource`, `ROLEARN#trust`, `scp/LEVEL/INDEX`, … */
  policyId: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Where the statement is in the file the policy came from (the workspace file the user opened, when known). */
  start: Position;
  end: Position;
  /** That file, when known. */
  file?: string;
}

/** The decision values. */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'noCredentials';

/** An access-matrix cell: a decision, or the action does not apply to the resource. */
export type MatrixCell = Decision | 'notApplicable';

/** An error in AWS's own words. */
export interface AwsError {
  code: string;
  message: string;
}

/** An undocumented-behaviour setting an answer depended on. */
export interface Assumption {
  id: string;
  text: string;
}

/** How Cognito picked the role (CONTRACT.md §3 `resolution`). */
export interface Resolution {
  outcome: 'role' | 'denied';
  source: 'rule' | 'token' | 'customRoleArn' | 'default' | 'basic' | null;
  ruleIndex?: number;
  trust: 'allowed' | 'denied' | 'notEvaluated';
  error: AwsError | null;
  /** The step-by-step trace (rules matched / not matched and why / not reached, token checks, trust). */
  trace?: ResolutionStep[];
  /** The RoleMappings key that applied, if any. */
  mappingKey?: string | null;
}

/** One step of the role-resolution trace. */
export interface ResolutionStep {
  kind:
    | 'token'
    | 'provider'
    | 'mapping'
    | 'rule'
    | 'tokenRoles'
    | 'customRoleArn'
    | 'default'
    | 'guest'
    | 'basic'
    | 'trust'
    | 'session'
    | 'note';
  /** For rules: matched | notMatched | notEvaluated | notReached. For checks: ok | failed | info. */
  status: 'matched' | 'notMatched' | 'notEvaluated' | 'notReached' | 'ok' | 'failed' | 'info';
  message: string;
  ruleIndex?: number;
  /** Free-form structured detail (claim values compared, etc.). */
  detail?: Record<string, unknown>;
}

/** The per-condition trace of a statement (CONTRACT.md §3, DESIGN "explain everything"). */
export interface ConditionTrace {
  operator: string;
  key: string;
  /** The request's value(s) for the key, undefined when missing. */
  requestValues?: string[];
  /** The policy's values after variable substitution. */
  policyValues: string[];
  matched: boolean;
  missing: boolean;
  /** Why it came out as it did, in one sentence. */
  reason: string;
  unresolvedVariables?: string[];
  range?: Range;
}

/** How one statement fared against the request. */
export interface StatementTrace {
  policyType: PolicyType;
  policyId: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
  /** The file start/end are in, when known (as MatchedStatement). */
  file?: string;
  actionMatched: boolean;
  resourceMatched: boolean;
  principalMatched: boolean;
  conditionsMatched: boolean;
  matched: boolean;
  conditions: ConditionTrace[];
  /** Why it did not match, in one sentence (absent when it matched). */
  reason?: string;
  unresolvedVariables?: string[];
}

/**
 * A statement of an evaluated policy that could not be evaluated: skipped, as if absent (Answer.skippedStatements).
 * Its `effect` is the one the author wrote (also for "allow"/"deny" in the wrong case).
 */
export interface SkippedStatementAnswer extends MatchedStatement {
  file?: string;
  reason: string;
  /** A skipped Deny: the protection it was written for does nothing. */
  denyIneffective?: true;
}

/**
 * Where the key of an S3 request's KMS step comes from — one value, decided once (policy-engine/evaluate/kms-step.ts):
 * - `bucketDefault`: the bucket's default encryption (SSE-KMS), the key S3 uses when the request names none;
 * - `requestHeaders`: a write's own encryption headers (s3:x-amz-server-side-encryption-aws-kms-key-id);
 * - `objectKmsKeyArn`: the key the request says an existing object (or upload under way) is encrypted with.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
export type KmsKeySource = 'bucketDefault' | 'requestHeaders' | 'objectKmsKeyArn';

/** The source-object step of an UploadPartCopy (Answer.copySource). */
export interface CopySourceAnswer {
  action: 's3:GetObject';
  resource: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  matchedStatements: MatchedStatement[];
  /** AWS's AccessDenied wording for the source read, when refused. */
  message: string | null;
  /** The source's own KMS step (kms:Decrypt on its key) when its bucket is SSE-KMS. */
  kms?: KmsStepAnswer;
}

/** The KMS step of an S3 object request (Answer.kms). */
export interface KmsStepAnswer {
  action: string;
  /** The key's ARN, or the key reference as the bucket's encryption writes it when the workspace lacks the key. */
  keyArn: string;
  bucketArn: string;
  /** Where the key comes from: the bucket's default encryption, the request's encryption headers, or objectKmsKeyArn. */
  keySource?: KmsKeySource;
  /** The multipart upload operation the step is for (the request's `operation`), when given. */
  operation?: string;
  /** notEvaluated: the workspace does not hold the key (its policy is unknown). */
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny' | 'notEvaluated';
  matchedStatements: MatchedStatement[];
  /** KMS's AccessDenied wording, when denied. */
  message?: string;
  policyTypes?: PolicyTypeDecision[];
  statements?: StatementTrace[];
  /** The context keys S3 adds to the KMS request. */
  context?: RequestContext;
  note?: string;
}

/** Per policy type: what it said. */
export interface PolicyTypeDecision {
  policyType: PolicyType;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny' | 'notApplicable';
  note?: string;
}

/** An answer (CONTRACT.md §3), plus the explanation fields Rolecall adds. */
export interface Answer {
  id?: string;
  decision: Decision;
  principalArn: string | null;
  roleArn: string | null;
  identityId?: string;
  resolution?: Resolution;
  /** `identity.user` requests only: the ID token claims Cognito would issue for that user through that client. */
  token?: Record<string, unknown>;
  matchedStatements: MatchedStatement[];
  missingContextKeys: string[];
  message: string | null;
  assumptions: Assumption[];
  /** Rolecall's extras. */
  action?: string;
  resource?: string;
  policyTypes?: PolicyTypeDecision[];
  statements?: StatementTrace[];
  /** The request context actually used (filled-in keys plus overrides). */
  context?: RequestContext;
  /** Warnings such as "token signature not checked offline". */
  notes?: string[];
  /** Set when the request itself was invalid (unknown action, wrong resource type); `path` names the field when known. */
  error?: { code: string; message: string; path?: (string | number)[] };
  /**
   * S3 object requests on a bucket with SSE-KMS default encryption: the KMS request S3 makes for the caller
   * (kms:Decrypt to read, kms:GenerateDataKey to write), decided by the key policy. A KMS denial is the answer's.
   */
  kms?: KmsStepAnswer;
  /**
   * UploadPartCopy with `copySource`: the read of the source object S3 also authorizes (s3:GetObject, with its own
   * KMS step when the source is SSE-KMS). When it is refused, the answer's decision, message and statements are its.
   */
  copySource?: CopySourceAnswer;
  /**
   * Statements of the policies this answer weighed that could not be evaluated (invalid grammar, an unknown condition
   * operator, a bad Version): the decision is as if they were absent. Always present (empty when none).
   */
  skippedStatements?: SkippedStatementAnswer[];
  /** For a denial, when asked for: fixes checked before they are shown, and advice in words (policy-engine/advice). */
  advice?: FixAdvice;
}

/** One change of a fix: a statement added to one policy. */
export interface FixChange {
  policyId: string;
  policyType: PolicyType;
  /** A readable name of the policy ("AppUser › UserFiles", "bucket policy of demo-app-user-files"). */
  policyName: string;
  /** True when the policy does not exist yet (a new inline policy of the role). */
  newPolicy: boolean;
  statement: Record<string, unknown>;
}

/** A fix that passed every check. */
export interface SuggestedFix {
  /** What it does, in a sentence. */
  title: string;
  changes: FixChange[];
  /** What was checked, in words (each passed). */
  checks: string[];
}

/** A candidate that failed a check, and which. */
export interface WithheldFix {
  title: string;
  reason: string;
}

/** The advice for one answer. */
export interface FixAdvice {
  fixes: SuggestedFix[];
  /** Advice in words when no policy change is the right fix (or alongside the fixes). */
  advice: string[];
  /** Candidates that were not shown, with the check they failed. */
  withheld: WithheldFix[];
}
