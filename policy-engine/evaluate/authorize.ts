/**
 * The public entry points of the decision procedure: full answers with explanations (evaluateAs), the decision-only
 * fast path (decide), principals from ARNs, and role trust-policy checks.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { isRcpSupported, lookupAction } from '../catalog';
import type { Answer, Assumption, Decision, MatchedStatement, PolicyType, PolicyTypeDecision, RequestContext, StatementTrace } from '../model/request';
import { GrantKind, PolicySet, type CompiledStatement } from './compile';
import { makeLookup, overridesMap, principalContext, contextSnapshot, timeKeys, type ContextMap } from './context';
import { ALLOW, combine, combineCode, DENY, evaluateOutcome, GRANT_SHIFT, matchedStatement, traceStatement, type Collector, type Outcome, type ResourceSide, type Subject } from './engine';
import { sessionPolicy, type PreparedWorkspace, type PrincipalRecord } from './prepare';
import type { ActionRequest, CallerPrincipal, EvalOptions } from './types';
import { describeResourceMismatch } from './resource-type-words';

/** The assumption made for a principal of an account the workspace does not hold. */
export const outsiderAssumption = (arn: string): Assumption => ({
  id: 'outsiderAllowsAll',
  text: `${arn} belongs to an account the workspace does not hold; its own identity policies are assumed to allow everything, so only the resource's policies decide.`,
});

const arnAccount = (arn: string) => /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? '';

/** Finds a role by ARN (exact, then case-insensitively: IAM role names are unique regardless of case). */
export function findRole(pw: PreparedWorkspace, roleArn: string): PrincipalRecord | undefined {
  const hit = pw.roles.get(roleArn);
  if (hit) return hit;
  const lower = roleArn.toLowerCase();
  for (const r of pw.roles.values()) if (r.arn.toLowerCase() === lower) return r;
  return undefined;
}

/** A principal request (CONTRACT §2 "principal") → CallerPrincipal (+ assumptions). */
export function principalFromArn(pw: PreparedWorkspace, arn: string): { ok: true; principal: CallerPrincipal; assumptions: Assumption[] } | { ok: false; error: { code: string; message: string } } {
  if (arn === '*') return { ok: true, principal: { kind: 'anonymous', arn: '*', accountId: '' }, assumptions: [] };
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) return { ok: false, error: { code: 'principal.invalid', message: `"${arn}" is not a principal: give a role, user or role-session ARN, or "*" for an anonymous caller.` } };
  const [, , service, account, rest] = m;
  const held = pw.accounts.has(account);
  const outsider = (): { ok: true; principal: CallerPrincipal; assumptions: Assumption[] } => ({ ok: true, principal: { kind: 'outsider', arn, accountId: account }, assumptions: [outsiderAssumption(arn)] });
  if (service === 'sts') {
    const s = /^assumed-role\/([^/]+)\/(.+)$/.exec(rest);
    if (!s) return { ok: false, error: { code: 'principal.invalid', message: `"${arn}" is not a role-session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).` } };
    if (!held) return outsider();
    const role = pw.rolesByName.get(`${account}/${s[1].toLowerCase()}`);
    if (!role) return { ok: false, error: { code: 'principal.not-found', message: `The workspace has no role ${s[1]} in account ${account} (from ${arn}).` } };
    return { ok: true, principal: { kind: 'roleSession', arn, accountId: account, roleArn: role.arn, sessionName: s[2] }, assumptions: [] };
  }
  if (rest.startsWith('role/')) {
    if (!held) return outsider();
    const role = findRole(pw, arn);
    if (!role) return { ok: false, error: { code: 'principal.not-found', message: `The workspace has no role ${arn}.` } };
    return { ok: true, principal: { kind: 'role', arn: role.arn, accountId: account, roleArn: role.arn }, assumptions: [] };
  }
  if (rest.startsWith('user/')) {
    if (!held) return outsider();
    const user = pw.users.get(arn);
    if (!user) return { ok: false, error: { code: 'principal.not-found', message: `The workspace has no IAM user ${arn}.` } };
    return { ok: true, principal: { kind: 'user', arn: user.arn, accountId: account }, assumptions: [] };
  }
  if (rest === 'root' && !held) return outsider();
  return { ok: false, error: { code: 'principal.unsupported', message: `Rolecall evaluates roles, role sessions, IAM users, "*" and principals of other accounts; "${arn}" is none of these in the workspace.` } };
}

/** The resource side of a request: account (req.resourceAccount ?? ARN ?? workspace), region, governing resource policy, RCPs. */
export function resourceSide(pw: PreparedWorkspace, arn: string, resourceAccount?: string): ResourceSide {
  const parts = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(arn);
  const service = parts?.[2] ?? '';
  const account = resourceAccount ?? (parts?.[4] || pw.accountId);
  return {
    arn,
    account,
    region: parts?.[3] || pw.region,
    s3: service === 's3',
    rbp: governingPolicy(pw, arn, parts),
    rcps: pw.accounts.has(account) ? pw.rcps : [],
  };
}

/**
 * The resource-based policy that governs a resource: the bucket policy for a bucket and its objects, the table policy
 * for a table and its indexes, the stream policy for a stream; otherwise a policy attached to that exact ARN.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
 */
function governingPolicy(pw: PreparedWorkspace, arn: string, parts: RegExpExecArray | null): PolicySet | null {
  if (pw.resourcePolicies.size === 0) return null;
  if (parts && parts[2] === 's3' && parts[3] === '' && parts[4] === '') {
    const slash = parts[5].indexOf('/');
    const bucket = slash < 0 ? parts[5] : parts[5].slice(0, slash);
    return pw.resourcePolicies.get(`arn:${parts[1]}:s3:::${bucket}`) ?? null;
  }
  if (parts && parts[2] === 'dynamodb') {
    const t = /^table\/([^/]+)(\/(index|stream)\/.*)?$/.exec(parts[5]);
    if (t) {
      if (t[3] === 'stream') return pw.resourcePolicies.get(arn) ?? null;
      return pw.resourcePolicies.get(`arn:${parts[1]}:dynamodb:${parts[3]}:${parts[4]}:table/${t[1]}`) ?? null;
    }
  }
  return pw.resourcePolicies.get(arn) ?? null;
}

/** Builds the evaluation subject for a principal: its policy sets, NotPrincipal chain and context lookup. */
export function subjectFor(pw: PreparedWorkspace, principal: CallerPrincipal, opts: EvalOptions, context?: RequestContext): { subject: Subject; base: ContextMap; overrides: ContextMap | null; assumptions: Assumption[] } {
  const record = principal.kind === 'role' || principal.kind === 'roleSession' ? findRole(pw, principal.roleArn ?? principal.arn) ?? null : principal.kind === 'user' ? pw.users.get(principal.arn) ?? null : null;
  const base = principalContext(principal, record, opts.now);
  const overrides = overridesMap(context);
  const cell = { resourceAccount: '', region: '', s3: false };
  const sessions = (principal.sessionPolicies ?? []).map((s) => sessionPolicy(pw, s.policyId, s.document));
  const root = principal.accountId ? `arn:${pw.partition}:iam::${principal.accountId}:root` : '';
  const chain = principal.kind === 'anonymous' ? [] : [principal.arn, ...(principal.roleArn && principal.roleArn !== principal.arn ? [principal.roleArn] : []), root];
  const assumptions: Assumption[] = principal.kind === 'outsider' ? [outsiderAssumption(principal.arn)] : [];
  const subject: Subject = {
    principal,
    identity: principal.kind === 'anonymous' || principal.kind === 'outsider' ? null : record?.identity ?? new PolicySet([]),
    identityAllowsAll: principal.kind === 'outsider',
    boundary: record?.boundary ?? null,
    session: sessions.length ? new PolicySet(sessions) : null,
    scps: principal.kind !== 'anonymous' && pw.accounts.has(principal.accountId) ? pw.scps : [],
    chain,
    lookup: makeLookup(base, overrides, cell),
    cell,
  };
  return { subject, base, overrides, assumptions };
}

/** Checks the action and resource against the catalog: an error for an unknown action or a resource of the wrong type. */
export function checkRequest(pw: PreparedWorkspace, action: string, resource: string): { code: string; message: string } | null {
  const info = lookupAction(pw.catalog, action);
  if (!info) return { code: 'UnknownAction', message: `${action} is not a known AWS action.` };
  if (!info.detailed) return null;
  if (pw.resourceTypes(action, resource).length > 0) return null;
  if (info.resourceTypes.length === 0) return { code: 'ResourceTypeMismatch', message: `${info.fullName} does not act on a specific resource; use the resource "*" (got ${resource}).` };
  return { code: 'ResourceTypeMismatch', message: describeResourceMismatch(pw.catalog, info, resource, pw) };
}

const typeText: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  permissionsBoundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  trust: 'trust policy',
};
const article = (t: string) => (/^[aeiou]/.test(t) ? 'an' : 'a');

/** Where a deny happens, for its wording: an S3 resource, and whether caller and resource share an account or organization. */
export interface DenyWhere {
  s3?: boolean;
  /** False when the caller is anonymous, or of another account outside the workspace's organization. */
  sameAccountOrOrg?: boolean;
}

/**
 * AWS's AccessDenied wording (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
 * "User: ARN is not authorized to perform: ACTION on resource: ARN because no … allows the ACTION action" /
 * "… with an explicit deny in a(n) … policy".
 * S3 writes the resource in double quotes ("…on resource: \"arn:aws:s3:::bucket/key\" because…"), and gives this
 * context only for requests from the bucket owner's own account or organization; any other caller (anonymous
 * included) gets the bare "Access Denied".
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html#access-denied-message-examples
 */
export function denyMessage(principalArn: string, action: string, resource: string, v: { decision: 'explicitDeny'; by: PolicyType } | { decision: 'implicitDeny'; missing: PolicyType; unsigned?: true }, where?: DenyWhere): string {
  // Authentication fails first for services that take no anonymous requests (DynamoDB) [OBS MissingAuthenticationTokenException].
  if (v.decision === 'implicitDeny' && v.unsigned) return 'Request is missing Authentication Token';
  if (where?.s3 && where.sameAccountOrOrg === false) return 'Access Denied';
  const shown = where?.s3 ? `"${resource}"` : resource;
  const head = `User: ${principalArn === '*' ? 'anonymous' : principalArn} is not authorized to perform: ${action} on resource: ${shown}`;
  if (v.decision === 'explicitDeny') return `${head} with an explicit deny in ${article(typeText[v.by])} ${typeText[v.by]}`;
  return `${head} because no ${typeText[v.missing]} allows the ${action} action`;
}

/** Whether the caller and the resource share an account, or are both in the workspace's organization. */
function sameAccountOrOrg(pw: PreparedWorkspace, principal: CallerPrincipal, res: ResourceSide): boolean {
  if (principal.kind === 'anonymous' || principal.kind === 'outsider') return false;
  if (principal.accountId === res.account) return true;
  const org = pw.workspace.organization;
  return org !== undefined && org !== null && pw.accounts.has(principal.accountId) && pw.accounts.has(res.account);
}

const bitsDecision = (b: number): 'explicitDeny' | 'allowed' | 'implicitDeny' => (b & DENY ? 'explicitDeny' : b & ALLOW ? 'allowed' : 'implicitDeny');

/** Evaluates a request as a principal: decision, determining statements, traces, missing keys, AWS's message. */
export function evaluateAs(pw: PreparedWorkspace, principal: CallerPrincipal, req: ActionRequest, opts: EvalOptions): Answer {
  const { subject, base, overrides, assumptions } = subjectFor(pw, principal, opts, req.context);
  const res = resourceSide(pw, req.resource, req.resourceAccount);
  const answer: Answer = {
    decision: 'implicitDeny',
    principalArn: principal.arn,
    roleArn: principal.roleArn ?? null,
    matchedStatements: [],
    missingContextKeys: [],
    message: null,
    assumptions,
    action: req.action,
    resource: req.resource,
  };
  subject.cell.resourceAccount = res.account;
  subject.cell.region = res.region;
  subject.cell.s3 = res.s3;
  answer.context = contextSnapshot(base, overrides, subject.cell);
  const error = checkRequest(pw, req.action, req.resource);
  if (error) {
    answer.error = error;
    answer.message = error.message;
    return answer;
  }
  const actionLower = req.action.toLowerCase();
  const service = actionLower.slice(0, actionLower.indexOf(':'));
  const c: Collector = { traces: [], missing: new Set(), matched: [] };
  const o = evaluateOutcome(createOutcome(), subject, actionLower, isRcpSupported(pw.catalog, service), res, c);
  const v = combine(o, subject, res);
  answer.decision = v.decision;
  answer.missingContextKeys = [...c.missing].filter((k) => subject.lookup(k.toLowerCase()) === undefined).sort();
  answer.policyTypes = policyTypes(o, subject, res);
  const matched = (types: PolicyType[], grant?: number) =>
    c.matched.filter((m) => m.st.effect === 'Allow' && types.includes(m.st.policyType) && (grant === undefined || m.st.policyType !== 'resource' || m.grant & grant)).map((m) => matchedStatement(m.st));
  const where: DenyWhere = { s3: service === 's3', sameAccountOrOrg: sameAccountOrOrg(pw, principal, res) };
  if (v.decision === 'explicitDeny') {
    answer.matchedStatements = c.matched.filter((m) => m.st.effect === 'Deny').map((m) => matchedStatement(m.st));
    answer.message = denyMessage(principal.arn, req.action, req.resource, v, where);
  } else if (v.decision === 'implicitDeny') {
    answer.message = denyMessage(principal.arn, req.action, req.resource, v, where);
  } else if (v.via === 'identity') answer.matchedStatements = matched(['identity', 'permissionsBoundary', 'session']);
  else if (v.via === 'resourceDirect' || v.via === 'anonymous') answer.matchedStatements = matched(['resource'], GrantKind.Direct);
  else if (v.via === 'resourceRole') answer.matchedStatements = matched(['resource', 'permissionsBoundary', 'session'], GrantKind.Role);
  else answer.matchedStatements = matched(['identity', 'permissionsBoundary', 'session', 'resource']);
  if (opts.explain) answer.statements = c.traces;
  return answer;
}

/** A fresh Outcome record (the matrix creates one and reuses it for every cell). */
export function createOutcome(): Outcome {
  return { identity: 0, boundary: 0, session: 0, resource: 0, scp: 0, rcp: 0, rcpApplies: false, unsigned: false };
}

function policyTypes(o: Outcome, s: Subject, res: ResourceSide): PolicyTypeDecision[] {
  const out: PolicyTypeDecision[] = [];
  if (s.principal.kind === 'anonymous') out.push({ policyType: 'identity', decision: 'notApplicable', note: 'Anonymous callers have no identity-based policies.' });
  else if (s.identityAllowsAll) out.push({ policyType: 'identity', decision: 'allowed', note: 'Assumed: the outsider account is not in the workspace.' });
  else out.push({ policyType: 'identity', decision: bitsDecision(o.identity) });
  if (res.rbp) {
    const grant = o.resource >> GRANT_SHIFT;
    const note = o.resource & ALLOW ? (grant & GrantKind.Direct ? 'Grants the caller directly.' : grant & GrantKind.Role ? 'Grants the role ARN: still limited by the boundary and session policies.' : 'Grants the account: the identity policies must allow too.') : undefined;
    out.push({ policyType: 'resource', decision: bitsDecision(o.resource), ...(note ? { note } : {}) });
  } else out.push({ policyType: 'resource', decision: 'notApplicable', note: 'No resource-based policy governs this resource in the workspace.' });
  if (s.boundary) out.push({ policyType: 'permissionsBoundary', decision: bitsDecision(o.boundary) });
  if (s.session) out.push({ policyType: 'session', decision: bitsDecision(o.session) });
  if (s.scps.length) out.push({ policyType: 'scp', decision: bitsDecision(o.scp) });
  if (o.rcpApplies) out.push({ policyType: 'rcp', decision: bitsDecision(o.rcp) });
  return out;
}

/**
 * Fast path: decision only, the same procedure as evaluateAs without traces (the `laws` test checks they agree).
 * It memoises what does not change between calls on one prepared workspace: the action's catalog entry, the resource
 * side of an ARN, and the subject of a principal object evaluated at the same time with the same context object.
 */
export function decide(pw: PreparedWorkspace, principal: CallerPrincipal, req: ActionRequest, opts: EvalOptions): Decision | 'notApplicable' {
  const memo = pw.memo;
  let info = memo.actions.get(req.action);
  if (info === undefined) {
    info = lookupAction(pw.catalog, req.action) ?? null;
    if (memo.actions.size > 10_000) memo.actions.clear();
    memo.actions.set(req.action, info);
  }
  if (!info) return 'implicitDeny';
  if (info.detailed && pw.resourceTypes(req.action, req.resource).length === 0) return 'notApplicable';
  const nowMs = opts.now.getTime();
  let subject: Subject;
  const cached = memo.subjects.get(principal);
  if (cached && cached.nowMs === nowMs && cached.context === req.context) subject = cached.value as Subject;
  else {
    subject = subjectFor(pw, principal, opts, req.context).subject;
    memo.subjects.set(principal, { nowMs, context: req.context, value: subject });
  }
  const sideKey = req.resourceAccount === undefined ? req.resource : `${req.resourceAccount}\u0000${req.resource}`;
  let res = memo.sides.get(sideKey) as ResourceSide | undefined;
  if (res === undefined) {
    res = resourceSide(pw, req.resource, req.resourceAccount);
    if (memo.sides.size > 50_000) memo.sides.clear();
    memo.sides.set(sideKey, res);
  }
  const o = evaluateOutcome(createOutcome(), subject, req.action.toLowerCase(), isRcpSupported(pw.catalog, info.service), res, null);
  return codeDecision[combineCode(o, subject, res)];
}

/** Decision codes of combineCode, as Decision values. */
export const codeDecision = ['allowed', 'explicitDeny', 'implicitDeny'] as const;

/**
 * Trust-policy check for role assumption: the role's trust policy is a resource-based policy that must explicitly
 * allow the principal (an identity-policy allow alone is not enough).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
export function evaluateTrust(
  pw: PreparedWorkspace,
  roleArn: string,
  req: { principal: { type: 'AWS' | 'Federated' | 'Service'; value: string }; action: string; context: RequestContext },
  opts: EvalOptions,
): { decision: 'allowed' | 'explicitDeny' | 'implicitDeny'; matchedStatements: MatchedStatement[]; statements: StatementTrace[]; missingContextKeys: string[] } {
  const role = findRole(pw, roleArn);
  const c: Collector = { traces: [], missing: new Set(), matched: [] };
  if (!role || !role.trust) return { decision: 'implicitDeny', matchedStatements: [], statements: [], missingContextKeys: [] };
  const { currentTime, epochTime } = timeKeys(opts.now);
  const base: ContextMap = new Map([
    ['aws:currenttime', { key: 'aws:CurrentTime', value: currentTime }],
    ['aws:epochtime', { key: 'aws:EpochTime', value: epochTime }],
  ]);
  const lookup = makeLookup(base, overridesMap(req.context), { resourceAccount: role.accountId, region: pw.region, s3: false });
  const p = req.principal;
  const callerAccount = p.type === 'AWS' ? (/^\d{12}$/.test(p.value) ? p.value : arnAccount(p.value)) : '';
  const grantOf = (st: CompiledStatement): number => {
    const el = st.principal;
    if (!el || el.not) return 0;
    if (el.wildcard) return GrantKind.Direct;
    for (const e of el.entries) {
      if (e.type !== p.type) continue;
      if (p.type === 'AWS') {
        if (e.value === p.value || (e.rootAccount !== null && e.rootAccount === callerAccount)) return GrantKind.Direct;
      } else if (e.value.toLowerCase() === p.value.toLowerCase()) return GrantKind.Direct;
    }
    return 0;
  };
  let bits = 0;
  const actionLower = req.action.toLowerCase();
  for (const st of role.trust.statements) bits |= traceStatement(st, lookup, role.arn, actionLower, grantOf, p.value, c);
  const decision = bitsDecision(bits);
  const effect = decision === 'explicitDeny' ? 'Deny' : 'Allow';
  return {
    decision,
    matchedStatements: decision === 'implicitDeny' ? [] : c.matched.filter((m) => m.st.effect === effect).map((m) => matchedStatement(m.st)),
    statements: c.traces,
    missingContextKeys: [...c.missing].filter((k) => lookup(k.toLowerCase()) === undefined).sort(),
  };
}
