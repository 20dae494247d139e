/**
 * The engine's internal seams, shared by evaluate/, cognito/ and analysis/.
 * Plain data only: everything here crosses process boundaries unchanged.
 */
import type { ContextValue, RequestContext } from '../model/request';
import type { PolicyInput } from '../model/workspace';

/** Options every evaluation takes: the engine never reads the clock itself. */
export interface EvalOptions {
  /** The evaluation time (aws:CurrentTime, aws:EpochTime, token expiry). */
  now: Date;
  /** Build the full explanation (statement traces, condition traces). The matrix runs with false. */
  explain?: boolean;
}

/** Who is calling, fully resolved: what the decision procedure needs to know about the principal. */
export interface CallerPrincipal {
  /** role: the role ARN itself; roleSession: arn:aws:sts::ACCT:assumed-role/ROLE/SESSION; user: IAM user;
   * anonymous: "*"; outsider: a principal of another account the workspace does not hold. */
  kind: 'role' | 'roleSession' | 'user' | 'anonymous' | 'outsider';
  /** The ARN the request is made with (the session ARN for sessions). */
  arn: string;
  /** The account of the principal ("" for anonymous). */
  accountId: string;
  /** For roles and role sessions: the role ARN (arn:aws:iam::ACCT:role/PATH/NAME). */
  roleArn?: string;
  /** For sessions. */
  sessionName?: string;
  /** Session tags (override role tags with the same key, case-insensitively). */
  sessionTags?: Record<string, string>;
  /** Session policies passed when the session was created (inline Policy + PolicyArns), each with an id. */
  sessionPolicies?: { policyId: string; document: PolicyInput }[];
  /** Context keys this principal contributes (e.g. cognito-identity.amazonaws.com:sub); the request context overrides them. */
  context?: RequestContext;
}

/** The action/resource/context part of a request. */
export interface ActionRequest {
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, ContextValue>;
  /** An S3 multipart upload operation (authorized as s3:PutObject); chooses the KMS step's action. */
  operation?: string;
  /** The KMS key an existing object (or multipart upload) is encrypted with, when not the bucket's default. */
  objectKmsKeyArn?: string;
}
