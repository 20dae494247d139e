/**
 * A small, obviously-correct reference model of IAM authorization, for differential tests of the engine (test code
 * only; never imported by the product). Written for clarity, not speed: plain loops over statements, no indexes,
 * no caches, no compilation.
 *
 * Scope (a subset of AWS; anything outside it is not modelled and must not be generated):
 * - one account; the caller is a role, a session of that role, or an IAM user, all in that account;
 * - identity policies (inline/managed, given as documents), an optional permissions boundary, optional session
 *   policies (sessions only);
 * - an optional resource-based policy on an S3 bucket (governing the bucket and its objects) or a DynamoDB table,
 *   whose Principal is `*`, `{AWS: "*"}`, the role ARN, the session ARN, the user ARN, the account id or the account
 *   root ARN (or an unrelated ARN);
 * - statements: Allow/Deny, Action/NotAction (`*`/`?` wildcards, case-insensitive), Resource/NotResource (`*`/`?`
 *   wildcards, case-sensitive, patterns whose wildcards do not need to span a `:`), no policy variables;
 * - conditions: StringEquals, StringNotEquals, StringLike, StringNotLike (each optionally …IfExists), Null, Bool on
 *   single-valued string keys; ForAnyValue:StringEquals / ForAllValues:StringEquals on multi-valued keys.
 *   The principal-derived keys modelled are aws:PrincipalArn (the role ARN for sessions) and aws:PrincipalAccount.
 * - no SCPs, RCPs, cross-account requests, anonymous callers, NotPrincipal, policy variables.
 *
 * A second part (below referenceDecision) models the resource-based policies that must allow explicitly — a role's
 * trust policy for sts:AssumeRole, a KMS key policy for kms:* — for callers of the resource's account or another one,
 * the SSE-KMS step of S3 object reads and writes, and role chaining as a plain breadth-first search over those
 * decisions. Its principal-derived keys are aws:PrincipalArn and aws:PrincipalAccount.
 */

/** A policy document as written (JSON). */
export interface RefDocument {
  Version?: string;
  Statement: RefStatement[] | RefStatement;
}

/** A policy statement as written (JSON). */
export interface RefStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: '*' | { AWS: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The caller: a role, a session of the role, or an IAM user (always of `accountId`). */
export interface RefCaller {
  kind: 'role' | 'roleSession' | 'user';
  /** The ARN the request is made with (session ARN for sessions). */
  arn: string;
  /** The role ARN, for roles and sessions. */
  roleArn?: string;
}

/** Everything the reference model looks at. */
export interface RefWorld {
  accountId: string;
  caller: RefCaller;
  identity: RefDocument[];
  boundary: RefDocument | null;
  /** Session policies passed when the session was created; null when none were passed. */
  session: RefDocument[] | null;
  /** Resource-based policies keyed by the bucket ARN (arn:aws:s3:::b) or the table ARN. */
  resourcePolicies: { resourceArn: string; policy: RefDocument }[];
}

/** One request: action, resource ARN, request context (string or string[] values; keys case-insensitive). */
export interface RefRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** An S3 multipart upload operation (authorized as s3:PutObject). */
  operation?: string;
  /** The key an existing object is encrypted with, when the request names it. */
  objectKmsKeyArn?: string;
}

/** The three outcomes AWS documents. */
export type RefDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const asList = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const statementsOf = (d: RefDocument): RefStatement[] => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);

/**
 * Glob match: `*` = any run of characters (possibly empty), `?` = exactly one character. Plain recursion.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
export function globMatch(pattern: string, text: string): boolean {
  if (pattern.length === 0) return text.length === 0;
  const head = pattern[0];
  if (head === '*') {
    for (let i = 0; i <= text.length; i++) if (globMatch(pattern.slice(1), text.slice(i))) return true;
    return false;
  }
  if (text.length === 0) return false;
  if (head === '?' || head === text[0]) return globMatch(pattern.slice(1), text.slice(1));
  return false;
}

/** Action names are case-insensitive: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html */
function actionMatches(st: RefStatement, action: string): boolean {
  const listed = st.Action !== undefined ? asList(st.Action) : asList(st.NotAction);
  let any = false;
  for (const p of listed) if (globMatch(p.toLowerCase(), action.toLowerCase())) any = true;
  // NotAction matches every action except those listed: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  return st.Action !== undefined ? any : !any;
}

/** Resource ARNs are matched case-sensitively with wildcards: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html */
function resourceMatches(st: RefStatement, resource: string): boolean {
  const listed = st.Resource !== undefined ? asList(st.Resource) : asList(st.NotResource);
  let any = false;
  for (const p of listed) if (globMatch(p, resource)) any = true;
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
  return st.Resource !== undefined ? any : !any;
}

/** The request value of a key, looked up case-insensitively (condition key names are case-insensitive). */
function lookup(context: Record<string, string | string[]>, key: string): string | string[] | undefined {
  for (const k of Object.keys(context)) if (k.toLowerCase() === key.toLowerCase()) return context[k];
  return undefined;
}

/**
 * One operator on one key. A missing key makes positive operators false and negated ones true; …IfExists makes a
 * missing key true; Null tests presence.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * Set operators: ForAnyValue is false and ForAllValues true for a missing or empty key.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
function conditionKeyMatches(
  operator: string,
  policyValues: string[],
  requestValue: string | string[] | undefined,
): boolean {
  if (operator === 'Null') {
    // "true": the key must be absent; "false": present.
    const wantsAbsent = policyValues[0] === 'true';
    return wantsAbsent ? requestValue === undefined : requestValue !== undefined;
  }
  if (operator === 'ForAnyValue:StringEquals' || operator === 'ForAllValues:StringEquals') {
    const values = requestValue === undefined ? [] : asList(requestValue);
    if (operator === 'ForAnyValue:StringEquals') {
      for (const v of values) if (policyValues.includes(v)) return true;
      return false;
    }
    for (const v of values) if (!policyValues.includes(v)) return false;
    return true;
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (requestValue === undefined) return ifExists || base === 'StringNotEquals' || base === 'StringNotLike';
  if (typeof requestValue !== 'string')
    throw new Error(`reference model: ${operator} on a multi-valued key is out of scope`);
  let anyEqual = false;
  let anyLike = false;
  for (const p of policyValues) {
    if (p === requestValue) anyEqual = true;
    if (globMatch(p, requestValue)) anyLike = true;
  }
  switch (base) {
    case 'StringEquals':
    case 'Bool':
      return anyEqual;
    case 'StringNotEquals':
      return !anyEqual; // several values: "matches none of them"
    case 'StringLike':
      return anyLike;
    case 'StringNotLike':
      return !anyLike;
    default:
      throw new Error(`reference model: operator ${operator} is out of scope`);
  }
}

/** Every operator and every key must match (AND); values of one key OR together. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_logic_multiple-context-keys-or-values.html */
function conditionsMatch(st: RefStatement, context: Record<string, string | string[]>): boolean {
  for (const [operator, keys] of Object.entries(st.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (!conditionKeyMatches(operator, asList(values), lookup(context, key))) return false;
    }
  }
  return true;
}

/** Whether a statement (ignoring Principal) applies to the request. */
function statementMatches(st: RefStatement, req: RefRequest, context: Record<string, string | string[]>): boolean {
  return actionMatches(st, req.action) && resourceMatches(st, req.resource) && conditionsMatch(st, context);
}

/** How a resource policy's Principal names the caller: not at all, directly, through its role ARN, or through its account. */
type Naming = 'none' | 'direct' | 'role' | 'account';

/**
 * Principal element of a resource-based policy. `*` names everyone; a role ARN names the role and all its sessions;
 * the account id or root ARN names every principal of the account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function namingOf(st: RefStatement, world: RefWorld): Naming {
  const p = st.Principal;
  if (p === undefined) return 'none';
  const values = p === '*' ? ['*'] : asList(p.AWS);
  const c = world.caller;
  let best: Naming = 'none';
  const rank: Record<Naming, number> = { none: 0, account: 1, role: 2, direct: 3 };
  const consider = (n: Naming) => {
    if (rank[n] > rank[best]) best = n;
  };
  for (const v of values) {
    if (v === '*') consider('direct');
    else if (c.kind !== 'role' && v === c.arn) consider('direct');
    else if (c.roleArn !== undefined && v === c.roleArn) consider('role');
    else if (v === world.accountId || v === `arn:aws:iam::${world.accountId}:root`) consider('account');
  }
  return best;
}

/** The resource-based policy governing a resource: an S3 object's or bucket's bucket policy, a table's policy. */
function governingPolicy(world: RefWorld, resource: string): RefDocument | null {
  let target = resource;
  if (resource.startsWith('arn:aws:s3:::')) {
    const rest = resource.slice('arn:aws:s3:::'.length);
    const slash = rest.indexOf('/');
    target = `arn:aws:s3:::${slash < 0 ? rest : rest.slice(0, slash)}`;
  }
  for (const rp of world.resourcePolicies) if (rp.resourceArn === target) return rp.policy;
  return null;
}

/** Whether any statement of the documents has `effect` and matches the request. */
function anyMatch(
  docs: RefDocument[],
  effect: 'Allow' | 'Deny',
  req: RefRequest,
  context: Record<string, string | string[]>,
): boolean {
  for (const d of docs)
    for (const st of statementsOf(d)) if (st.Effect === effect && statementMatches(st, req, context)) return true;
  return false;
}

/**
 * AWS's documented procedure for a same-account request, applied literally.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * Session policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 * Boundaries: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export function referenceDecision(world: RefWorld, req: RefRequest): RefDecision {
  // The principal's own context keys, overridden by the request's (aws:PrincipalArn and aws:PrincipalAccount).
  const context: Record<string, string | string[]> = {
    'aws:PrincipalArn': world.caller.kind === 'user' ? world.caller.arn : (world.caller.roleArn ?? world.caller.arn),
    'aws:PrincipalAccount': world.accountId,
  };
  for (const [k, v] of Object.entries(req.context)) {
    for (const existing of Object.keys(context))
      if (existing.toLowerCase() === k.toLowerCase()) delete context[existing];
    context[k] = v;
  }
  const boundary = world.boundary ? [world.boundary] : [];
  const session = world.caller.kind === 'roleSession' && world.session ? world.session : [];
  const rbp = governingPolicy(world, req.resource);

  // 1. An explicit Deny in any applicable policy wins (for a resource policy: a Deny whose Principal names the caller).
  if (
    anyMatch(world.identity, 'Deny', req, context) ||
    anyMatch(boundary, 'Deny', req, context) ||
    anyMatch(session, 'Deny', req, context)
  )
    return 'explicitDeny';
  if (rbp)
    for (const st of statementsOf(rbp))
      if (st.Effect === 'Deny' && namingOf(st, world) !== 'none' && statementMatches(st, req, context))
        return 'explicitDeny';

  // 2. Same-account resource-based policy: what it names decides which implicit denies still apply (the denyallow
  //    page's table): the session/user ARN or "*" → allowed outright; the role ARN → boundary and session policies
  //    still limit; the account → delegation, the identity policies must allow as usual.
  let rbpDirect = false;
  let rbpRole = false;
  if (rbp) {
    for (const st of statementsOf(rbp)) {
      if (st.Effect !== 'Allow' || !statementMatches(st, req, context)) continue;
      const naming = namingOf(st, world);
      if (naming === 'direct') rbpDirect = true;
      if (naming === 'role') rbpRole = true;
    }
  }
  if (rbpDirect) return 'allowed';
  const boundaryAllows = world.boundary === null || anyMatch(boundary, 'Allow', req, context);
  // No session policy passed → the default session policy, which limits nothing.
  const sessionAllows = session.length === 0 || anyMatch(session, 'Allow', req, context);
  if (rbpRole) return boundaryAllows && sessionAllows ? 'allowed' : 'implicitDeny';

  // 3. Identity-based policies must allow; 4. the boundary must allow; 5. the session policies must allow.
  if (!anyMatch(world.identity, 'Allow', req, context)) return 'implicitDeny';
  if (!boundaryAllows) return 'implicitDeny';
  if (!sessionAllows) return 'implicitDeny';
  return 'allowed';
}

// ---------------------------------------------------------------------------------------------------------------
// Trust policies, key policies, the SSE-KMS step and role chaining.

/** A caller of any account, with the policies that speak for it. */
export interface RefParty {
  caller: RefCaller;
  /** The caller's account. */
  accountId: string;
  identity: RefDocument[];
  boundary: RefDocument | null;
  session: RefDocument[] | null;
}

/**
 * How a Principal element names a caller of `party.accountId`: "*" and the caller's own (session or user) ARN name it
 * directly, the role ARN names the role's sessions, the account id or root ARN names every principal of the account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function namingOfParty(st: RefStatement, party: RefParty): Naming {
  const p = st.Principal;
  if (p === undefined) return 'none';
  const c = party.caller;
  const rank: Record<Naming, number> = { none: 0, account: 1, role: 2, direct: 3 };
  let best: Naming = 'none';
  for (const v of p === '*' ? ['*'] : asList(p.AWS)) {
    let n: Naming = 'none';
    if (v === '*') n = 'direct';
    else if (c.kind !== 'role' && v === c.arn) n = 'direct';
    else if (c.roleArn !== undefined && v === c.roleArn) n = 'role';
    else if (v === party.accountId || v === `arn:aws:iam::${party.accountId}:root`) n = 'account';
    if (rank[n] > rank[best]) best = n;
  }
  return best;
}

/** The caller's own keys (aws:PrincipalArn, aws:PrincipalAccount), then the request's, then `extra` over both. */
function partyContext(
  party: RefParty,
  reqContext: Record<string, string | string[]>,
  extra: Record<string, string> = {},
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    'aws:PrincipalArn': party.caller.kind === 'user' ? party.caller.arn : (party.caller.roleArn ?? party.caller.arn),
    'aws:PrincipalAccount': party.accountId,
  };
  const put = (k: string, v: string | string[]) => {
    for (const existing of Object.keys(out)) if (existing.toLowerCase() === k.toLowerCase()) delete out[existing];
    out[k] = v;
  };
  for (const [k, v] of Object.entries(reqContext)) put(k, v);
  for (const [k, v] of Object.entries(extra)) put(k, v);
  return out;
}

/**
 * A request whose resource-based policy must allow explicitly: sts:AssumeRole on a role (its trust policy) or kms:* on
 * a key (its key policy). AWS: "Role trust policies and KMS key policies are exceptions to this logic, because they
 * must explicitly allow access for principals" — without an Allow in that policy naming the caller, the request is
 * implicitly denied, whatever the caller's IAM policies say. Same account: an Allow naming the caller's session/user
 * ARN (or "*") allows alone; one naming the role ARN still has the boundary and session policies limit it; one naming
 * the account delegates to IAM, whose policies must allow. Across accounts both sides must allow: the caller's IAM
 * policies (and boundary, session policies) and the resource's policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
 */
export function referenceExplicitPolicyDecision(
  party: RefParty,
  resourceAccount: string,
  policy: RefDocument | null,
  req: RefRequest,
  extra: Record<string, string> = {},
): RefDecision {
  const context = partyContext(party, req.context, extra);
  const boundary = party.boundary ? [party.boundary] : [];
  const session = party.caller.kind === 'roleSession' && party.session ? party.session : [];
  const named = (st: RefStatement) => namingOfParty(st, party) !== 'none';
  // 1. Any explicit Deny that applies decides.
  if (
    anyMatch(party.identity, 'Deny', req, context) ||
    anyMatch(boundary, 'Deny', req, context) ||
    anyMatch(session, 'Deny', req, context)
  )
    return 'explicitDeny';
  for (const st of policy ? statementsOf(policy) : [])
    if (st.Effect === 'Deny' && named(st) && statementMatches(st, req, context)) return 'explicitDeny';
  // 2. The trust / key policy must allow, naming the caller.
  let direct = false;
  let role = false;
  let any = false;
  for (const st of policy ? statementsOf(policy) : []) {
    if (st.Effect !== 'Allow' || !named(st) || !statementMatches(st, req, context)) continue;
    any = true;
    const n = namingOfParty(st, party);
    if (n === 'direct') direct = true;
    if (n === 'role') role = true;
  }
  if (!any) return 'implicitDeny';
  const boundaryAllows = party.boundary === null || anyMatch(boundary, 'Allow', req, context);
  const sessionAllows = session.length === 0 || anyMatch(session, 'Allow', req, context);
  const sameAccount = party.accountId === resourceAccount;
  if (sameAccount && direct) return 'allowed';
  if (sameAccount && role) return boundaryAllows && sessionAllows ? 'allowed' : 'implicitDeny';
  // 3. Delegated to IAM (same account), or the caller's side across accounts: identity, boundary, session must allow.
  if (!anyMatch(party.identity, 'Allow', req, context)) return 'implicitDeny';
  return boundaryAllows && sessionAllows ? 'allowed' : 'implicitDeny';
}

/** A bucket whose default encryption is SSE-KMS with one key (of the bucket's account). */
export interface RefSseKms {
  bucketArn: string;
  keyArn: string;
  keyPolicy: RefDocument;
  bucketKey: boolean;
  region: string;
}

/**
 * An S3 object request on an SSE-KMS bucket: S3 decides first (referenceDecision); if S3 allows, S3 calls KMS as the
 * same principal — kms:GenerateDataKey to write, kms:Decrypt to read — and KMS's decision is the request's. The KMS
 * request carries kms:ViaService = s3.REGION.amazonaws.com, kms:CallerAccount = the caller's account, and the
 * encryption context aws:s3:arn = the object ARN (the bucket ARN when an S3 Bucket Key is used).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
export function referenceS3WithSseKms(world: RefWorld, sse: RefSseKms, req: RefRequest): RefDecision {
  const s3 = referenceDecision(world, req);
  const a = req.action.toLowerCase();
  // A multipart upload: "kms:GenerateDataKey action for the CreateMultipartUpload API … kms:Decrypt action on the
  // UploadPart and UploadPartCopy APIs", and S3 decrypts the parts to complete the upload.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
  const multipart: Record<string, string> = {
    CreateMultipartUpload: 'kms:GenerateDataKey',
    UploadPart: 'kms:Decrypt',
    UploadPartCopy: 'kms:Decrypt',
    CompleteMultipartUpload: 'kms:Decrypt',
  };
  const kmsAction =
    req.operation !== undefined && a === 's3:putobject'
      ? multipart[req.operation]
      : a === 's3:getobject' || a === 's3:getobjectversion'
        ? 'kms:Decrypt'
        : a === 's3:putobject'
          ? 'kms:GenerateDataKey'
          : null;
  if (s3 !== 'allowed' || kmsAction === null || !req.resource.startsWith(`${sse.bucketArn}/`)) return s3;
  const party: RefParty = {
    caller: world.caller,
    accountId: world.accountId,
    identity: world.identity,
    boundary: world.boundary,
    session: world.session,
  };
  const keyAccount = sse.keyArn.split(':')[4];
  return referenceExplicitPolicyDecision(
    party,
    keyAccount,
    sse.keyPolicy,
    { action: kmsAction, resource: sse.keyArn, context: req.context },
    {
      'kms:ViaService': `s3.${sse.region}.amazonaws.com`,
      'kms:CallerAccount': world.accountId,
      'kms:EncryptionContext:aws:s3:arn': sse.bucketKey ? sse.bucketArn : req.resource,
    },
  );
}

/** A role of the chaining model: its ARN (hence account and name), IAM policies and trust policy. */
export interface RefRole {
  arn: string;
  identity: RefDocument[];
  boundary: RefDocument | null;
  trust: RefDocument | null;
}

/**
 * Role chaining: a session of one role calls sts:AssumeRole on the next, each hop decided like any AssumeRole (the
 * caller's policies and the target's trust policy), the session name carried as sts:RoleSessionName. Plain
 * breadth-first search from `start`, at most `maxDepth` hops, each role once; returns the roles reached, in the order
 * first reached. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
export function referenceChains(
  roles: RefRole[],
  start: string,
  sessionNames: { first: string; later: string },
  maxDepth: number,
): string[] {
  const reached: string[] = [];
  const seen = new Set([start]);
  let frontier = [start];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const sessionName = depth === 0 ? sessionNames.first : sessionNames.later;
    const next: string[] = [];
    for (const from of frontier) {
      const role = roles.find((r) => r.arn === from)!;
      const [, , , , account, resource] = from.split(':');
      const name = resource.slice(resource.lastIndexOf('/') + 1);
      const party: RefParty = {
        caller: {
          kind: 'roleSession',
          arn: `arn:aws:sts::${account}:assumed-role/${name}/${sessionName}`,
          roleArn: from,
        },
        accountId: account,
        identity: role.identity,
        boundary: role.boundary,
        session: null,
      };
      for (const to of roles) {
        if (seen.has(to.arn)) continue;
        const req = { action: 'sts:AssumeRole', resource: to.arn, context: { 'sts:RoleSessionName': sessionName } };
        if (referenceExplicitPolicyDecision(party, to.arn.split(':')[4], to.trust, req) !== 'allowed') continue;
        seen.add(to.arn);
        reached.push(to.arn);
        next.push(to.arn);
      }
    }
    frontier = next;
  }
  return reached;
}
