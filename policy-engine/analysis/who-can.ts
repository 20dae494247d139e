/**
 * Who can reach what. `whoCan`: for one action on one resource, every way in — each pool's guests, each provider's
 * users per role-mapping rule (with the claim condition that leads there) and those who match no rule, the basic
 * flow's role choices, and each IAM role or user — with the decision and why. `reachableBy`: for one identity class,
 * every allowed cell of its matrix.
 */
import type { Answer, Assumption, Decision, MatchedStatement, RequestContext, Resolution } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { evaluateRequest } from '../evaluate-request';
import { matrixActions, matrixFor, type MatrixSubject } from './access-matrix';
import { listIdentityClasses, type IdentityClass } from './identity-classes';
import type { Cell } from './describe';

/** One way to reach (or not) the action on the resource. */
export interface WhoCanPath {
  identityClass: IdentityClass;
  decision: Decision;
  roleArn: string | null;
  principalArn: string | null;
  identityId?: string;
  resolution?: Resolution;
  /** The statements that decided (Allow statements when allowed, the Deny when explicitly denied). */
  matchedStatements: MatchedStatement[];
  /** AWS's words for a deny or a refused login. */
  message: string | null;
  assumptions: Assumption[];
}

/** The answer to "who can do ACTION on RESOURCE?". */
export interface WhoCanResult {
  action: string;
  resource: string;
  /** Every path, in class order (pools first, then roles and users). */
  paths: WhoCanPath[];
  /** The paths whose decision is `allowed`. */
  allowed: WhoCanPath[];
}

/** Options of whoCan. */
export interface WhoCanOptions {
  now: Date;
  /** The identity id synthesized identities use (cognito-identity.amazonaws.com:sub); default: the owner's id when the
   * resource contains one (REGION:GUID), else an id derived from the claims. */
  identityId?: string;
  /** Extra request context for every path (e.g. dynamodb:LeadingKeys, s3:prefix). */
  context?: RequestContext;
  /** Include each IAM role and user as a principal (default true). */
  principals?: boolean;
}

const IDENTITY_ID = /[a-z]{2}(?:-[a-z]+)+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** For an action on a resource, every way to get it and the resulting decision (evaluated with full explanation). */
export function whoCan(pw: PreparedWorkspace, action: string, resource: string, opts: WhoCanOptions): WhoCanResult {
  const classes = listIdentityClasses(pw, { now: opts.now, principals: opts.principals !== false });
  const identityId = opts.identityId ?? IDENTITY_ID.exec(resource)?.[0];
  const paths = classes.map((c) => toPath(c, ask(pw, c.subject, action, resource, { ...opts, identityId })));
  return { action, resource, paths, allowed: paths.filter((p) => p.decision === 'allowed') };
}

function ask(pw: PreparedWorkspace, subject: MatrixSubject, action: string, resource: string, opts: WhoCanOptions): Answer {
  const context = opts.context ? { context: opts.context } : {};
  if (subject.principal !== undefined) return evaluateRequest(pw, { principal: subject.principal, action, resource, ...context }, { now: opts.now, explain: true });
  const identity = { ...subject.identity!, ...(opts.identityId ? { identityId: opts.identityId } : {}) };
  return evaluateRequest(pw, { identity, action, resource, ...context }, { now: opts.now, explain: true });
}

function toPath(identityClass: IdentityClass, a: Answer): WhoCanPath {
  return {
    identityClass,
    decision: a.decision,
    roleArn: a.roleArn,
    principalArn: a.principalArn,
    ...(a.identityId ? { identityId: a.identityId } : {}),
    ...(a.resolution ? { resolution: a.resolution } : {}),
    matchedStatements: a.matchedStatements,
    message: a.message,
    assumptions: a.assumptions,
  };
}

/** What one identity class can reach. */
export interface Reach {
  roleArn: string | null;
  principalArn: string | null;
  /** The allowed cells. */
  cells: Cell[];
  /** Set when the subject cannot be evaluated (e.g. a role that is not in the workspace). */
  error?: string;
}

/** Options of reachableBy. */
export interface ReachOptions {
  now: Date;
  services?: ('s3' | 'dynamodb')[];
  /** Default: the workspace's resources. */
  resources?: string[];
}

/** For an identity class (or any matrix subject), every S3/DynamoDB action × resource it is allowed. */
export function reachableBy(pw: PreparedWorkspace, identityClass: IdentityClass | MatrixSubject, opts: ReachOptions): Reach {
  const subject: MatrixSubject = 'subject' in identityClass ? identityClass.subject : identityClass;
  const actions = matrixActions(pw, opts.services ?? ['s3', 'dynamodb']);
  const resources = opts.resources ?? (Array.isArray(pw.workspace.resources) ? pw.workspace.resources : []);
  const row = matrixFor(pw, subject, actions, resources, { now: opts.now });
  const cells: Cell[] = [];
  row.decisions.forEach((r, a) => r.forEach((d, x) => {
    if (d === 'allowed') cells.push({ action: actions[a], resource: resources[x] });
  }));
  return { roleArn: row.roleArn, principalArn: row.principalArn, cells, ...(row.error ? { error: row.error } : {}) };
}
