/**
 * Who can reach what. `whoCan`: for one action on one resource, every way in — each pool's guests, each provider's
 * users per role-mapping rule (with the claim condition that leads there) and those who match no rule, the basic
 * flow's role choices, and each IAM role or user — with the decision and why. `reachableBy`: for one identity class,
 * every allowed cell of its matrix.
 */
import type { Answer, Assumption, Decision, MatchedStatement, RequestContext, Resolution } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { evaluateRequest } from '../evaluate-request';
import { DYNAMODB_ITEM_ACTIONS } from '../catalog';
import { matrixActions, matrixFor, subjectPrincipal, type MatrixSubject } from './access-matrix';
import { listIdentityClasses, type IdentityClass } from './identity-classes';
import type { ActionOnResource } from './describe';
import { chainPaths, type ChainPath } from './chain-access';

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
  /**
   * For a per-user resource (one holding an identity id, or ${cognito-identity.amazonaws.com:sub}), which identities
   * of this class get it: the owner only, every identity, or none — evaluated as the owner and as another identity.
   */
  perUser?: PerUser;
  /** Set when the class can never occur: an earlier mapping rule always matches first. */
  note?: string;
  /**
   * Ways on through role chaining: the roles this path's session can assume (hop by hop) that are allowed the action,
   * and chains that leave the workspace (decision `unknown`). Absent when there are none.
   */
  chains?: ChainPath[];
}

/** Which identity ids of a class reach a per-user resource. */
export interface PerUser {
  /** The identity id that owns the resource (the one in its ARN, or the one the ${sub} pattern was filled with). */
  ownerIdentityId: string;
  owner: Decision;
  /** The decision for an identity of the same class that is not the owner. */
  otherIdentityId: string;
  other: Decision;
  /** "only the owner (IDENTITY)", "every identity of this class, not only the owner", "no identity of this class". */
  summary: string;
}

/** The answer to "who can do ACTION on RESOURCE?". */
export interface WhoCanResult {
  action: string;
  resource: string;
  /** Every path, in class order (pools first, then roles and users). */
  paths: WhoCanPath[];
  /** The paths whose decision is `allowed`. */
  allowed: WhoCanPath[];
  /** The paths not allowed themselves but allowed through a role chain (see each path's `chains`). */
  allowedThroughChain: WhoCanPath[];
  /** The resource as evaluated (a ${cognito-identity.amazonaws.com:sub} pattern filled with the owner's id). */
  evaluatedResource?: string;
  /** Context added to every request (dynamodb:LeadingKeys = the owner's id, for an item action without one given). */
  context?: RequestContext;
  /** Ways in that do not exist here, and why (guests not allowed, the basic flow off, …). */
  notes: string[];
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

const SUB_VAR = /\$\{cognito-identity\.amazonaws\.com:sub\}/gi;

/** An identity id of the pool's region that no caller has: "someone else". */
function otherId(ownerOrRegion: string): string {
  const region = ownerOrRegion.includes(':') ? ownerOrRegion.split(':')[0] : ownerOrRegion;
  const id = `${region}:00000000-0000-4000-8000-0000000000ff`;
  return id === ownerOrRegion ? `${region}:00000000-0000-4000-8000-0000000000fe` : id;
}

/**
 * For an action on a resource, every way to get it and the resulting decision (evaluated with full explanation).
 * A per-user resource — an identity id in the ARN, or `${cognito-identity.amazonaws.com:sub}` — is evaluated as its
 * owner and as another identity, so each Cognito path says whether only the owner, everyone, or no one gets it.
 */
export function whoCan(pw: PreparedWorkspace, action: string, resource: string, opts: WhoCanOptions): WhoCanResult {
  const classes = listIdentityClasses(pw, { now: opts.now, principals: opts.principals !== false, userPools: true });
  const pattern = SUB_VAR.test(resource);
  SUB_VAR.lastIndex = 0;
  // A DynamoDB item request always names its partition key: evaluate it as the caller's own item (LeadingKeys = the
  // caller's identity id) and as another identity's, so a LeadingKeys-scoped grant shows as "only the owner".
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
  const leading =
    DYNAMODB_ITEM_ACTIONS.has(action.toLowerCase()) &&
    !Object.keys(opts.context ?? {}).some((k) => k.toLowerCase() === 'dynamodb:leadingkeys');
  const owner =
    opts.identityId ??
    IDENTITY_ID.exec(resource)?.[0] ??
    (pattern || leading ? `${pw.region}:12345678-0000-4000-8000-00000000000a` : undefined);
  const given = opts.identityId !== undefined || IDENTITY_ID.test(resource);
  const evaluated = pattern && owner ? resource.replace(SUB_VAR, owner) : resource;
  const perUser = owner !== undefined && (pattern || leading || IDENTITY_ID.test(resource));
  // Every class is asked as the owner (its items: the owner's key).
  const keyed: WhoCanOptions =
    leading && owner
      ? { ...opts, identityId: owner, context: { ...opts.context, 'dynamodb:LeadingKeys': [owner] } }
      : { ...opts, identityId: owner };
  const paths = classes.map((c) => {
    const path = toPath(c, ask(pw, c.subject, action, evaluated, keyed));
    if (c.shadowedBy !== undefined) path.note = `never applies: rule ${c.shadowedBy} matches every such user first`;
    // The session the class's path runs as (null: no credentials, or not a role session), as the owner.
    const session = subjectPrincipal(
      pw,
      c.subject.identity && owner ? { identity: { ...c.subject.identity, identityId: owner } } : c.subject,
      opts.now,
    );
    if (session) {
      const chains = chainPaths(pw, session, action, evaluated, {
        now: opts.now,
        ...(keyed.context ? { context: keyed.context } : {}),
      });
      if (chains.length) path.chains = chains;
    }
    if (perUser && owner && c.subject.identity) {
      const other = otherId(owner);
      // "Another identity": the same class with another identity id, asking for the same resource (its items: the owner's key).
      const o = ask(pw, c.subject, action, evaluated, { ...keyed, identityId: other }).decision;
      path.perUser = {
        ownerIdentityId: owner,
        owner: path.decision,
        otherIdentityId: other,
        other: o,
        summary: perUserSummary(path.decision, o, owner, given ? 'given' : pattern ? 'pattern' : 'leadingKey'),
      };
    }
    return path;
  });
  return {
    action,
    resource,
    paths,
    allowed: paths.filter((p) => p.decision === 'allowed'),
    allowedThroughChain: paths.filter(
      (p) => p.decision !== 'allowed' && (p.chains ?? []).some((c) => c.decision === 'allowed'),
    ),
    ...(evaluated !== resource ? { evaluatedResource: evaluated } : {}),
    ...(leading && owner ? { context: { 'dynamodb:LeadingKeys': [owner] } } : {}),
    notes: absentPaths(pw),
  };
}

function perUserSummary(
  owner: Decision,
  other: Decision,
  ownerId: string,
  how: 'given' | 'pattern' | 'leadingKey',
): string {
  if (owner === 'allowed' && other === 'allowed') return 'every identity of this class, not only the owner';
  if (owner === 'allowed') {
    if (how === 'pattern')
      return 'only the owner: each identity in its own ${cognito-identity.amazonaws.com:sub} resource';
    if (how === 'leadingKey') return "only the owner: the identity whose id is the item's partition key";
    return `only the owner (${ownerId})`;
  }
  if (other === 'allowed') return 'other identities, but not the owner';
  return 'no identity of this class';
}

/** Ways in the workspace's pools do not offer, with the setting that closes them. */
function absentPaths(pw: PreparedWorkspace): string[] {
  const notes: string[] = [];
  for (const pool of Array.isArray(pw.workspace.identityPools) ? pw.workspace.identityPools : []) {
    if (!pool || typeof pool.IdentityPoolId !== 'string') continue;
    const name = pool.IdentityPoolName ?? pool.IdentityPoolId;
    if (pool.AllowUnauthenticatedIdentities !== true)
      notes.push(`no guests: pool ${name} does not allow unauthenticated identities`);
    const mappings =
      pool.RoleMappings && typeof pool.RoleMappings === 'object' && Object.keys(pool.RoleMappings).length > 0;
    if (pool.AllowClassicFlow === false) notes.push(`no basic flow: pool ${name} has AllowClassicFlow false`);
    else if (mappings)
      notes.push(`no basic flow: pool ${name} has role mappings, which Cognito refuses in the basic flow`);
  }
  return notes;
}

function ask(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  action: string,
  resource: string,
  opts: WhoCanOptions,
): Answer {
  const context = opts.context ? { context: opts.context } : {};
  if (subject.principal !== undefined)
    return evaluateRequest(
      pw,
      { principal: subject.principal, action, resource, ...context },
      { now: opts.now, explain: true },
    );
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
  cells: ActionOnResource[];
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
export function reachableBy(
  pw: PreparedWorkspace,
  identityClass: IdentityClass | MatrixSubject,
  opts: ReachOptions,
): Reach {
  const subject: MatrixSubject = 'subject' in identityClass ? identityClass.subject : identityClass;
  const actions = matrixActions(pw, opts.services ?? ['s3', 'dynamodb']);
  const resources = opts.resources ?? (Array.isArray(pw.workspace.resources) ? pw.workspace.resources : []);
  const row = matrixFor(pw, subject, actions, resources, { now: opts.now });
  const cells: ActionOnResource[] = [];
  row.decisions.forEach((r, a) =>
    r.forEach((d, x) => {
      if (d === 'allowed') cells.push({ action: actions[a], resource: resources[x] });
    }),
  );
  return { roleArn: row.roleArn, principalArn: row.principalArn, cells, ...(row.error ? { error: row.error } : {}) };
}
