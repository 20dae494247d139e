/**
 * Fixes for a denied request that are checked before they are shown. A candidate fix is one statement added to the
 * policy that should change — the role's identity policy when no identity-based policy allows the request, the
 * resource's own policy (the bucket policy of an S3 object, the table policy of a DynamoDB table) when the
 * resource-based side is what is missing, the permissions boundary when that refuses. It is shown only when, on a
 * copy of the workspace with the fix applied:
 *  1. the request is allowed;
 *  2. the audit gains no new high finding;
 *  3. per-user data stays per user: the fix names no identity id (it uses ${cognito-identity.amazonaws.com:sub}),
 *     and another identity asking for the same resource is still refused.
 * Requests that no safe policy change should allow get advice instead: a Scan of a per-user table ("use Query with
 * your own partition key"), another user's object or items, an explicit deny, a refused trust policy.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { Answer, FixAdvice, FixChange, PolicyType, Request, RequestContext } from '../model/request';
import type { PolicyInput, Workspace } from '../model/workspace';
import type { EvalOptions } from '../evaluate/types';
import { prepareWorkspace, type PreparedWorkspace } from '../evaluate/prepare';
import { evaluateRequest } from '../evaluate-request';
import { auditWorkspace, type Finding } from '../analysis/findings/index';
import { policyRefs, type PolicyRef } from '../analysis/policy-refs';
import { getPolicyDocument, setPolicyDocument } from '../workspace/policy-edit';
import { lookupContext } from '../context-lookup';
import { arnAccount, arnResource, assumedRoleOf, shortArn } from '../arn';
import { parsePolicyId } from '../policy-id';

/** The policy variable that holds the caller's Cognito identity id. */
export const SUB_VARIABLE = '${cognito-identity.amazonaws.com:sub}';
const SUB_KEY = 'cognito-identity.amazonaws.com:sub';
/** A Cognito identity id (`REGION:GUID`), anywhere in a string. */
export const IDENTITY_ID =
  /\b[a-z]{2}(?:-gov)?-[a-z]+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const VARIABLE = /\$\{[^}]+\}/;
const TABLE = /^(arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/*?$]+)/;
const BUCKET = /^(arn:[^:]*:s3:::[^/]+)(?:\/(.*))?$/;

/** Options: the evaluation time, and the current audit when the caller already has it. */
export interface AdviceOptions extends Pick<EvalOptions, 'now'> {
  audit?: Finding[];
}

export type { FixAdvice, FixChange, SuggestedFix, WithheldFix } from '../model/request';

const none = (): FixAdvice => ({ fixes: [], advice: [], withheld: [] });

const roleNameOf = (arn: string) => arn.replace(/^.*:(role|user)\//, '').replace(/^.*\//, '');

/** A short, readable name of a policy id. */
export function readablePolicyName(policyId: string): string {
  const { owner, kind, inlineName } = parsePolicyId(policyId);
  if (kind === 'resource') {
    const bucket = arnResource(owner, { service: 's3', region: 'empty', account: 'empty' })?.split('/')[0];
    if (bucket) return `the bucket policy of ${bucket}`;
    return `the resource policy of ${shortArn(owner)}`;
  }
  const name = roleNameOf(owner);
  if (kind === 'trust') return `the trust policy of ${name}`;
  if (kind === 'inline') return `${name} › ${inlineName}`;
  return name;
}

/** The identity id a request runs with: the answer's (identity requests) or the context's sub (role sessions). */
function callerIdentityId(request: Request, answer: Answer): string | null {
  if (answer.identityId) return answer.identityId;
  const given = lookupContext(request.context, SUB_KEY.toLowerCase());
  return typeof given === 'string' ? given : null;
}

/** Tables whose items are keyed per user: a dynamodb:LeadingKeys condition on a policy variable names them. */
function perUserTables(refs: PolicyRef[]): Set<string> {
  const out = new Set<string>();
  for (const ref of refs) {
    for (const st of ref.parsed.statements) {
      if (!st.conditions.some((c) => /^dynamodb:leadingkeys$/i.test(c.key) && c.values.some((v) => VARIABLE.test(v))))
        continue;
      for (const r of st.resource ?? []) {
        const t = TABLE.exec(r.value);
        if (t) out.add(t[1]);
      }
    }
  }
  return out;
}

/** Buckets with per-user keys: a Resource with ${cognito-identity.amazonaws.com:sub} in the key names them. */
function perUserBuckets(refs: PolicyRef[]): Set<string> {
  const out = new Set<string>();
  for (const ref of refs) {
    for (const st of ref.parsed.statements) {
      for (const r of st.resource ?? []) {
        const b = BUCKET.exec(r.value);
        if (b && b[2] && b[2].toLowerCase().includes(SUB_VARIABLE)) out.add(b[1]);
      }
    }
  }
  return out;
}

const leadingKeysOf = (ctx: RequestContext | undefined): string[] | null => {
  const v = lookupContext(ctx, 'dynamodb:leadingkeys');
  if (v === undefined) return null;
  return Array.isArray(v) ? v : [v];
};

/**
 * The Resource a fix names: the caller's identity id becomes the policy variable, and an object key under it
 * becomes everything under that user's folder (`private/${sub}/*`), so the fix gives every user their own.
 */
export function generalizeResource(resource: string, identityId: string | null): string {
  if (!identityId) return resource;
  const at = resource.indexOf(identityId);
  if (at < 0) return resource;
  const b = BUCKET.exec(resource);
  if (b && b[2] !== undefined) return `${resource.slice(0, at)}${SUB_VARIABLE}/*`;
  return resource.split(identityId).join(SUB_VARIABLE);
}

/** The statement that would allow the request, scoped per user where the request is. */
function allowStatement(
  request: Request,
  identityId: string | null,
  principal: string | null,
): Record<string, unknown> {
  const statement: Record<string, unknown> = { Sid: sidFor(request.action), Effect: 'Allow' };
  if (principal) statement.Principal = { AWS: principal };
  statement.Action = request.action;
  statement.Resource = generalizeResource(request.resource, identityId);
  const condition: Record<string, Record<string, unknown>> = {};
  const keys = leadingKeysOf(request.context);
  if (keys && identityId && keys.length > 0 && keys.every((k) => k === identityId)) {
    condition['ForAllValues:StringEquals'] = { 'dynamodb:LeadingKeys': [SUB_VARIABLE] };
    condition.Null = { 'dynamodb:LeadingKeys': 'false' };
  }
  const prefix = lookupContext(request.context, 's3:prefix');
  if (typeof prefix === 'string') {
    const general =
      identityId && prefix.includes(identityId)
        ? `${prefix.slice(0, prefix.indexOf(identityId))}${SUB_VARIABLE}/`
        : prefix;
    condition.StringLike = { 's3:prefix': general.endsWith('/') ? [general, `${general}*`] : [general] };
  }
  if (Object.keys(condition).length) statement.Condition = condition;
  return statement;
}

const sidFor = (action: string) => `Allow${action.replace(/^[^:]*:/, '').replace(/[^A-Za-z0-9]/g, '')}`;

/** The document of a policy as a plain object (parsed from the text the engine holds), or null. */
function documentObject(pw: PreparedWorkspace, policyId: string): Record<string, unknown> | null {
  const doc: PolicyInput | undefined = getPolicyDocument(pw.workspace, policyId);
  const text = typeof doc === 'string' ? doc : doc === undefined ? undefined : JSON.stringify(doc);
  if (text === undefined) return null;
  try {
    const v: unknown = JSON.parse(pw.policies.get(policyId)?.text ?? text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The workspace with one statement appended to a policy (or a new inline policy of a role). */
function applyChange(ws: Workspace, pw: PreparedWorkspace, change: FixChange): Workspace | null {
  if (change.newPolicy) {
    const { owner, kind, inlineName: name } = parsePolicyId(change.policyId);
    if (kind !== 'inline' || !name) return null;
    const roles = ws.iam?.RoleDetailList ?? [];
    const i = roles.findIndex((r) => r.Arn === owner);
    if (i < 0) return null;
    const next = [...roles];
    next[i] = {
      ...roles[i],
      RolePolicyList: [
        ...(roles[i].RolePolicyList ?? []),
        { PolicyName: name, PolicyDocument: { Version: '2012-10-17', Statement: [change.statement] } },
      ],
    };
    return { ...ws, iam: { ...ws.iam, RoleDetailList: next } };
  }
  const doc = documentObject(pw, change.policyId);
  if (!doc) return null;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const r = setPolicyDocument(ws, change.policyId, { ...doc, Statement: [...statements, change.statement] });
  return r.ok ? r.workspace : null;
}

/** The workspace with a fix's changes applied (what the checks evaluate, and what "Apply" in the app saves). */
export function applyFix(pw: PreparedWorkspace, changes: FixChange[]): { workspace: Workspace } | { error: string } {
  let ws: Workspace = pw.workspace;
  for (const c of changes) {
    const next = applyChange(ws, pw, c);
    if (!next) return { error: `${c.policyName} could not be edited.` };
    ws = next;
  }
  return { workspace: ws };
}

/** A finding's identity for "is it new": the rule, where it is, and what it says. */
const findingKey = (f: Finding) =>
  `${f.ruleId}|${f.location.policyId ?? f.location.arn ?? f.location.resourceArn ?? f.location.identityPoolId ?? ''}|${f.location.statementIndex ?? ''}|${f.message}`;

/** The policy of the request's resource that AWS consults (the bucket's for an object), when the workspace has one. */
function resourcePolicyOf(pw: PreparedWorkspace, resource: string): string | null {
  const b = BUCKET.exec(resource);
  const owner = b ? b[1] : (TABLE.exec(resource)?.[1] ?? resource);
  return pw.resourcePolicies.has(owner) ? `${owner}#resource` : null;
}

/** The identity policy of the principal that a fix should extend, or a new inline policy of the role. */
function identityTarget(
  pw: PreparedWorkspace,
  refs: PolicyRef[],
  principalArn: string,
  action: string,
): FixChange | null {
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  const mine = refs.filter(
    (r) =>
      r.policyType === 'identity' &&
      r.attachedTo.includes(principalArn) &&
      !/^arn:[^:]*:iam::aws:policy\//.test(r.policyId),
  );
  // Only a policy this principal alone uses: extending a shared managed policy would widen every other role too.
  const own = mine.filter((r) => r.attachedTo.length === 1);
  const usesService = (r: PolicyRef) =>
    r.parsed.statements.some((s) => (s.action ?? []).some((a) => a.value.toLowerCase().startsWith(`${service}:`)));
  const pick =
    own.find((r) => r.policyId.includes('#inline/') && usesService(r)) ??
    own.find(usesService) ??
    own.find((r) => r.policyId.includes('#inline/'));
  if (pick)
    return {
      policyId: pick.policyId,
      policyType: 'identity',
      policyName: readablePolicyName(pick.policyId),
      newPolicy: false,
      statement: {},
    };
  if (!pw.roles.has(principalArn)) return null;
  const policyId = `${principalArn}#inline/RolecallFix`;
  return { policyId, policyType: 'identity', policyName: readablePolicyName(policyId), newPolicy: true, statement: {} };
}

/** The role (or user) ARN behind an answer: the chosen role, or the role of an assumed-role session. */
function principalOf(pw: PreparedWorkspace, answer: Answer): string | null {
  if (answer.roleArn) return answer.roleArn;
  const arn = answer.principalArn ?? '';
  const s = assumedRoleOf(arn);
  if (s) return pw.rolesByName.get(`${s.account}/${s.roleName.toLowerCase()}`)?.arn ?? null;
  return pw.roles.has(arn) || pw.users.has(arn) ? arn : null;
}

/** Advice for a denial that no policy change should fix, or null when a fix may be the answer. */
function perUserAdvice(
  request: Request,
  identityId: string | null,
  tables: Set<string>,
  buckets: Set<string>,
): string | null {
  const table = TABLE.exec(request.resource)?.[1];
  if (table && tables.has(table) && /^dynamodb:/i.test(request.action)) {
    const name = table.replace(/^.*:table\//, '');
    if (/^dynamodb:scan$/i.test(request.action)) {
      return `${name} is keyed per user (its policies use dynamodb:LeadingKeys with a policy variable): a Scan reads every user's items, so allowing it would let each user read everyone's data. Use Query with your own partition key (the identity id${identityId ? ` ${identityId}` : ''}) instead.`;
    }
    const keys = leadingKeysOf(request.context);
    if (keys === null)
      return `${name} is keyed per user: the request carries no partition key (dynamodb:LeadingKeys), so no per-user statement can allow it. Supply the partition key the request used (the caller's own identity id) to check it.`;
    const others = identityId ? keys.filter((k) => k !== identityId) : [];
    if (others.length)
      return `The request reads or writes items of another user (partition key ${others.join(', ')}; the caller's identity id is ${identityId}). ${name} is keyed per user, so this denial is the per-user scoping working; no fix should allow it.`;
  }
  const b = BUCKET.exec(request.resource);
  if (b && b[2] !== undefined && buckets.has(b[1])) {
    const ids = (b[2].match(IDENTITY_ID) ?? []).filter((id) => id !== identityId);
    if (ids.length && identityId)
      return `The object belongs to another user (its key holds the identity id ${ids[0]}; the caller's is ${identityId}). The bucket is scoped per user, so this denial is the per-user scoping working; no fix should allow it.`;
  }
  return null;
}

/** Advice for an explicit deny: which statement, and that no Allow overrides it. */
function explicitDenyAdvice(answer: Answer): string[] {
  const denies = answer.matchedStatements.filter((m) => m.effect === 'Deny');
  return denies.map((m) => {
    const trace = answer.statements?.find((s) => s.policyId === m.policyId && s.statementIndex === m.statementIndex);
    const conds = (trace?.conditions ?? [])
      .filter((c) => c.matched)
      .map((c) => `${c.key} is ${c.missing ? 'missing' : (c.requestValues ?? []).join(', ')}`);
    const name = m.sid ? `Statement "${m.sid}"` : `Statement ${m.statementIndex + 1}`;
    return `${name} of ${readablePolicyName(m.policyId)} denies it${conds.length ? ` because ${conds.join(' and ')}` : ''}. An Allow cannot override a Deny: ${conds.length ? 'send the request so that the condition does not hold, or change the Deny if it is wrong' : 'change the Deny if it is wrong'}.`;
  });
}

/** Advice for an identity that gets no credentials: the trust statement or the Cognito setting that refuses. */
function noCredentialsAdvice(answer: Answer): string[] {
  const r = answer.resolution;
  if (!r) return [];
  const role = answer.roleArn ? roleNameOf(answer.roleArn) : null;
  if (r.trust === 'denied' && role) {
    const trust = answer.matchedStatements.filter((m) => m.policyType === 'trust');
    const failed = r.trace?.find((s) => s.kind === 'trust' && s.status === 'failed');
    return [
      `The trust policy of ${role} refuses sts:AssumeRoleWithWebIdentity for this identity${failed ? `: ${failed.message}` : ''}${trust.length ? ` (${trust.map((m) => (m.sid ? `statement "${m.sid}"` : `statement ${m.statementIndex + 1}`)).join(', ')})` : ''}. Fix the trust policy's conditions on cognito-identity.amazonaws.com:aud and :amr, not the permissions.`,
    ];
  }
  return r.error ? [`Cognito gives no credentials: ${r.error.message}`] : [];
}

/** The checked fixes (and advice) for one answer. Never throws; an allowed answer gets nothing. */
export function suggestFixes(pw: PreparedWorkspace, request: Request, answer: Answer, opts: AdviceOptions): FixAdvice {
  if (answer.error || answer.decision === 'allowed') return none();
  if (answer.decision === 'explicitDeny') return { ...none(), advice: explicitDenyAdvice(answer) };
  if (answer.decision === 'noCredentials') return { ...none(), advice: noCredentialsAdvice(answer) };

  const refs = policyRefs(pw);
  const identityId = callerIdentityId(request, answer);
  const stop = perUserAdvice(request, identityId, perUserTables(refs), perUserBuckets(refs));
  if (stop) return { ...none(), advice: [stop] };

  const principalArn = principalOf(pw, answer);
  if (!principalArn)
    return {
      ...none(),
      advice: ['The caller is not a role or user of this workspace, so there is no policy of theirs to change here.'],
    };
  const denied = new Set(
    (answer.policyTypes ?? []).filter((p) => p.decision === 'implicitDeny').map((p) => p.policyType),
  );
  const advice: string[] = [];
  const changes: FixChange[] = [];
  const name = roleNameOf(principalArn);
  if (denied.has('scp') || denied.has('rcp'))
    advice.push(
      `An organization policy (${denied.has('scp') ? 'SCP' : 'RCP'}) does not allow it; that is changed in AWS Organizations for every account, not in this role.`,
    );
  if (denied.has('session'))
    advice.push(
      `The session policy (for a guest, Cognito's scope-down policy) does not allow ${request.action}; no policy of ${name} can add it.`,
    );
  if (denied.has('identity')) {
    const t = identityTarget(pw, refs, principalArn, request.action);
    if (t) changes.push({ ...t, statement: allowStatement(request, identityId, null) });
  }
  // A resource policy is what must change only when the identity side is not enough (another account's resource).
  const resourceAccount = request.resourceAccount ?? arnAccount(request.resource) ?? pw.accountId;
  const crossAccount = resourceAccount !== arnAccount(principalArn, { region: 'empty' });
  if (denied.has('resource') && (!denied.has('identity') || crossAccount)) {
    const rp = resourcePolicyOf(pw, request.resource);
    if (rp)
      changes.push({
        policyId: rp,
        policyType: 'resource',
        policyName: readablePolicyName(rp),
        newPolicy: false,
        statement: allowStatement(request, identityId, principalArn),
      });
    else
      advice.push(
        `The resource is in another account and its resource policy is not in this workspace; its owner must allow ${name} in it.`,
      );
  }
  if (denied.has('permissionsBoundary')) {
    const boundary = pw.roles.get(principalArn)?.boundaryArn ?? pw.users.get(principalArn)?.boundaryArn;
    if (boundary && pw.policies.has(boundary))
      changes.push({
        policyId: boundary,
        policyType: 'permissionsBoundary',
        policyName: readablePolicyName(boundary),
        newPolicy: false,
        statement: allowStatement(request, identityId, null),
      });
  }
  if (changes.length === 0 || denied.has('scp') || denied.has('rcp') || denied.has('session'))
    return { ...none(), advice };

  const title = changes
    .map(
      (c) =>
        `add an Allow for ${request.action} on ${String(c.statement.Resource)} to ${c.newPolicy ? `a new inline policy of ${name}` : c.policyName}`,
    )
    .join(', and ');
  const check = checkFix(pw, request, answer, changes, identityId, opts);
  const fix = { title: title.charAt(0).toUpperCase() + title.slice(1), changes };
  if ('reason' in check) return { fixes: [], advice, withheld: [{ title: fix.title, reason: check.reason }] };
  return { fixes: [{ ...fix, checks: check.checks }], advice, withheld: [] };
}

/** Runs the checks on a copy of the workspace with the changes applied. */
function checkFix(
  pw: PreparedWorkspace,
  request: Request,
  answer: Answer,
  changes: FixChange[],
  identityId: string | null,
  opts: AdviceOptions,
): { checks: string[] } | { reason: string } {
  // Per-user scoping: no identity id written into a shared policy.
  for (const c of changes) {
    const text = JSON.stringify(c.statement);
    const ids = text.match(IDENTITY_ID);
    if (ids)
      return {
        reason: `It would write one user's identity id (${ids[0]}) into ${c.policyName}, which every user of the role shares.`,
      };
  }
  const ws = applyFix(pw, changes);
  if ('error' in ws) return { reason: ws.error };
  const after = prepareWorkspace(ws.workspace, { catalog: pw.catalog });
  const rerun = evaluateRequest(after, request, { now: opts.now, explain: false });
  if (rerun.decision !== 'allowed')
    return {
      reason: `With it the request is still ${rerun.decision === 'implicitDeny' ? 'denied' : rerun.decision}${identityId ? '' : " (the caller's identity id is not known, so a per-user statement cannot be checked)"}.`,
    };
  const before = opts.audit ?? auditWorkspace(pw, { now: opts.now }).findings;
  const known = new Set(before.filter((f) => f.severity === 'high').map(findingKey));
  const added = auditWorkspace(after, { now: opts.now }).findings.filter(
    (f) => f.severity === 'high' && !known.has(findingKey(f)),
  );
  if (added.length)
    return {
      reason: `It would add a high finding: ${added[0].title}${added.length > 1 ? ` (and ${added.length - 1} more)` : ''}.`,
    };
  const checks = ['the request is allowed with it', 'the audit finds no new high-severity problem'];
  // Another identity asking for the same resource must still be refused when it was.
  if (
    identityId &&
    request.identity &&
    (request.resource.includes(identityId) || (leadingKeysOf(request.context) ?? []).includes(identityId))
  ) {
    const other = { ...request, identity: { ...request.identity, identityId: otherThan(identityId) } };
    const was = evaluateRequest(pw, other, { now: opts.now, explain: false }).decision;
    const now = evaluateRequest(after, other, { now: opts.now, explain: false }).decision;
    if (now === 'allowed' && was !== 'allowed')
      return { reason: "It would also let another user reach this user's data." };
    checks.push('another user asking for the same data is still refused');
  } else if (
    identityId &&
    request.principal &&
    (request.resource.includes(identityId) || (leadingKeysOf(request.context) ?? []).includes(identityId))
  ) {
    const other = { ...request, context: { ...(request.context ?? {}), [SUB_KEY]: otherThan(identityId) } };
    const was = evaluateRequest(pw, other, { now: opts.now, explain: false }).decision;
    const now = evaluateRequest(after, other, { now: opts.now, explain: false }).decision;
    if (now === 'allowed' && was !== 'allowed')
      return { reason: "It would also let another user reach this user's data." };
    checks.push('another user asking for the same data is still refused');
  }
  checks.push(
    `it changes ${changes.map((c) => c.policyName).join(' and ')}, the ${changes.map((c) => policyTypeWords(c.policyType)).join(' and ')} that refused`,
  );
  return { checks };
}

const policyTypeWords = (t: PolicyType) =>
  ({
    identity: 'identity-based policy',
    resource: 'resource-based policy',
    permissionsBoundary: 'permissions boundary',
    session: 'session policy',
    scp: 'service control policy',
    rcp: 'resource control policy',
    trust: 'trust policy',
  })[t];

/** An identity id of the same region that is not `id`. */
function otherThan(id: string): string {
  const region = id.slice(0, id.indexOf(':'));
  const candidate = `${region}:00000000-0000-4000-8000-00000000beef`;
  return candidate === id ? `${region}:00000000-0000-4000-8000-00000000cafe` : candidate;
}
