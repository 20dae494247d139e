/**
 * The decision procedure (SEMANTICS §B2): which policy sets apply, what each says, and how they combine.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 *
 * One code path serves the matrix (no traces, no allocation per cell) and explanations (a collector records every
 * statement's trace).
 */
import type { ConditionTrace, MatchedStatement, PolicyType, StatementTrace } from '../model/request';
import { actionMatches, GrantKind, type CompiledPrincipalEntry, type CompiledStatement, type PolicySet } from './compile';
import type { CellContext } from './context';
import type { CallerPrincipal } from './types';
import type { ContextLookup } from './variables';

/** Result bit of evaluating one policy set: some statement allows. */
export const ALLOW = 1;
/** Result bit of evaluating one policy set: some statement denies. */
export const DENY = 2;
/** Grant kinds of a resource-based Allow, shifted (see GrantKind). */
export const GRANT_SHIFT = 2;

/** Who is asking, resolved once per principal (for a matrix row, or one request). */
export interface Subject {
  principal: CallerPrincipal;
  /** Identity policies; null for anonymous callers (none) and outsiders (assumed to allow everything). */
  identity: PolicySet | null;
  identityAllowsAll: boolean;
  boundary: PolicySet | null;
  /** null = no session policy passed (no limit). */
  session: PolicySet | null;
  /** SCP levels of the principal's account ([] when SCPs do not apply). */
  scps: PolicySet[];
  /** The ARNs a NotPrincipal must list to exclude this caller (own ARN, role ARN, account root). */
  chain: string[];
  lookup: ContextLookup;
  cell: CellContext;
}

/** The resource side of one cell. */
export interface ResourceSide {
  arn: string;
  account: string;
  region: string;
  s3: boolean;
  rbp: PolicySet | null;
  /** RCP levels of the resource's account ([] when none apply). */
  rcps: PolicySet[];
}

/** What each policy type said for one cell. */
export interface Outcome {
  identity: number;
  boundary: number;
  session: number;
  resource: number;
  /** Levels: bit DENY if any level denies; ALLOW if every level allows. */
  scp: number;
  rcp: number;
  rcpApplies: boolean;
  /** An anonymous (unsigned) request to a service that requires signed requests: refused before any policy. */
  unsigned: boolean;
}

/**
 * Services that accept anonymous (unsigned) requests. "This step is not necessary for a few services, such as Amazon
 * S3, that allow some requests from anonymous users" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * DynamoDB authenticates every request (SigV4), so a table policy naming "*" never serves an anonymous caller; an
 * unsigned call fails with MissingAuthenticationTokenException "Request is missing Authentication Token" [OBS].
 */
const ANONYMOUS_SERVICES: ReadonlySet<string> = new Set(['s3']);

/** Collects statement traces and missing keys when explaining. */
export interface Collector {
  traces: StatementTrace[];
  missing: Set<string>;
  /** Statements that matched, with the grant kind for resource policies. */
  matched: { st: CompiledStatement; grant: number }[];
}

function entryGrant(e: CompiledPrincipalEntry, p: CallerPrincipal): number {
  if (e.type !== 'AWS') return 0;
  if (p.kind === 'anonymous') return 0;
  if (e.rootAccount !== null) return e.rootAccount === p.accountId ? GrantKind.Account : 0;
  if (e.value === p.arn) return p.kind === 'role' ? GrantKind.Role : GrantKind.Direct;
  if (p.roleArn !== undefined && e.value === p.roleArn) return GrantKind.Role;
  return 0;
}

/**
 * How a Principal/NotPrincipal element applies to the caller: 0 = it does not, else GrantKind bits.
 * NotPrincipal excludes a caller only when it lists every ARN of the caller's chain (session, role, account): AWS
 * "might validate the account first, then the role, and then the assumed-role user"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html). A NotPrincipal
 * Deny always applies to a principal with a permissions boundary (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
 */
export function principalGrant(st: CompiledStatement, s: Subject): number {
  const el = st.principal;
  if (!el) return 0;
  const p = s.principal;
  if (!el.not) {
    if (el.wildcard) return GrantKind.Direct;
    let g = 0;
    for (const e of el.entries) g |= entryGrant(e, p);
    return g;
  }
  if (st.effect === 'Deny' && s.boundary !== null) return GrantKind.Direct;
  if (p.kind === 'anonymous') return el.wildcard ? 0 : GrantKind.Direct;
  if (el.wildcard) return 0;
  for (const arn of s.chain) {
    let listed = false;
    for (const e of el.entries) if (e.type === 'AWS' && e.value === arn) listed = true;
    if (!listed) return GrantKind.Direct;
  }
  return 0;
}

/** Whether the statement's Resource/NotResource element matches; collects unresolved variables when asked. */
function resourceMatch(st: CompiledStatement, resource: string, lookup: ContextLookup, unresolved: string[] | null): boolean {
  const list = st.resources;
  if (list === null) return true;
  let any = false;
  for (let i = 0; i < list.length; i++) {
    const r = list[i].match(resource, lookup);
    if (r.matched) {
      any = true;
      if (!unresolved) break;
    } else if (unresolved && r.unresolved) unresolved.push(...r.unresolved);
  }
  return st.notResource ? !any : any;
}

/** Evaluates one statement (action already known to match); returns 0, or ALLOW/DENY plus grant bits. */
function statementBits(st: CompiledStatement, s: Subject, res: ResourceSide, withPrincipal: boolean): number {
  if (!resourceMatch(st, res.arn, s.lookup, null)) return 0;
  let grant = 0;
  if (withPrincipal) {
    grant = principalGrant(st, s);
    if (grant === 0) return 0;
  }
  const conds = st.conditions;
  for (let i = 0; i < conds.length; i++) if (!conds[i].test(s.lookup)) return 0;
  return st.effect === 'Deny' ? DENY : ALLOW | (grant << GRANT_SHIFT);
}

/**
 * Evaluates one statement with a full trace. `grantOf` says how the statement's Principal applies (null: the policy
 * type has no Principal element); `who` names the caller in reasons.
 */
export function traceStatement(st: CompiledStatement, lookup: ContextLookup, resource: string, actionLower: string, grantOf: ((st: CompiledStatement) => number) | null, who: string, c: Collector): number {
  const actionMatched = actionMatches(st, actionLower);
  const unresolved: string[] = [];
  const resourceMatched = actionMatched && resourceMatch(st, resource, lookup, unresolved);
  const grant = grantOf === null ? 0 : resourceMatched ? grantOf(st) : 0;
  const principalMatched = grantOf === null || grant !== 0;
  const conditions: ConditionTrace[] = [];
  let conditionsMatched = true;
  if (actionMatched && resourceMatched && principalMatched) {
    for (const cond of st.conditions) {
      const t = cond.explain(lookup);
      conditions.push(t);
      if (!t.matched) conditionsMatched = false;
      if (t.missing) c.missing.add(cond.key);
      for (const u of t.unresolvedVariables ?? []) c.missing.add(u);
    }
  }
  const matched = actionMatched && resourceMatched && principalMatched && conditionsMatched;
  const reason = matched
    ? undefined
    : !actionMatched
      ? `${st.notAction ? 'NotAction lists' : 'Action does not list'} the action.`
      : !resourceMatched
        ? unresolved.length
          ? `Resource has unresolved variable(s) ${unresolved.map((u) => '${' + u + '}').join(', ')}, so it matches no resource.`
          : `${st.notResource ? 'NotResource lists' : 'Resource does not match'} ${resource}.`
        : !principalMatched
          ? `${st.principal?.not ? 'NotPrincipal excludes' : 'Principal does not name'} ${who}.`
          : `Condition ${conditions.filter((t) => !t.matched).map((t) => `${t.operator} ${t.key}`).join(', ')} not met.`;
  c.traces.push({
    ...matchedStatement(st),
    actionMatched,
    resourceMatched,
    principalMatched,
    conditionsMatched: actionMatched && resourceMatched && principalMatched && conditionsMatched,
    matched,
    conditions,
    ...(reason ? { reason } : {}),
    ...(unresolved.length ? { unresolvedVariables: [...new Set(unresolved)] } : {}),
  });
  if (!matched) return 0;
  c.matched.push({ st, grant });
  return st.effect === 'Deny' ? DENY : ALLOW | (grant << GRANT_SHIFT);
}

/** A statement as answers cite it: its policy, index, Sid, effect and place in the policy text. */
export function matchedStatement(st: CompiledStatement): MatchedStatement {
  return {
    policyType: st.policyType,
    policyId: st.policyId,
    statementIndex: st.index,
    ...(st.sid !== undefined ? { sid: st.sid } : {}),
    effect: st.effect,
    start: st.start,
    end: st.end,
  };
}

/** Evaluates a policy set for one cell: OR of its statements' bits. */
function evalSet(set: PolicySet, s: Subject, actionLower: string, res: ResourceSide, withPrincipal: boolean, c: Collector | null): number {
  let bits = 0;
  if (c) {
    const grantOf = withPrincipal ? (st: CompiledStatement) => principalGrant(st, s) : null;
    const who = s.principal.kind === 'anonymous' ? 'the anonymous caller' : s.principal.arn;
    for (const st of set.statements) bits |= traceStatement(st, s.lookup, res.arn, actionLower, grantOf, who, c);
    return bits;
  }
  const cands = set.candidates(actionLower);
  for (let i = 0; i < cands.length; i++) {
    bits |= statementBits(cands[i], s, res, withPrincipal);
  }
  return bits;
}

/** Every level must allow; a deny at any level denies. */
function evalLevels(levels: PolicySet[], s: Subject, actionLower: string, res: ResourceSide, withPrincipal: boolean, c: Collector | null): number {
  let all = true;
  let deny = false;
  for (const level of levels) {
    const b = evalSet(level, s, actionLower, res, withPrincipal, c);
    if (b & DENY) deny = true;
    if (!(b & ALLOW)) all = false;
  }
  return (deny ? DENY : 0) | (all ? ALLOW : 0);
}

/** Fills `o` with what each policy type says about the cell. */
export function evaluateOutcome(o: Outcome, s: Subject, actionLower: string, rcpApplies: boolean, res: ResourceSide, c: Collector | null): Outcome {
  o.unsigned = s.principal.kind === 'anonymous' && !ANONYMOUS_SERVICES.has(actionLower.slice(0, actionLower.indexOf(':')));
  s.cell.resourceAccount = res.account;
  s.cell.region = res.region;
  s.cell.s3 = res.s3;
  o.identity = s.identity ? evalSet(s.identity, s, actionLower, res, false, c) : s.identityAllowsAll ? ALLOW : 0;
  o.boundary = s.boundary ? evalSet(s.boundary, s, actionLower, res, false, c) : 0;
  o.session = s.session ? evalSet(s.session, s, actionLower, res, false, c) : 0;
  o.resource = res.rbp ? evalSet(res.rbp, s, actionLower, res, true, c) : 0;
  o.scp = s.scps.length ? evalLevels(s.scps, s, actionLower, res, false, c) : ALLOW;
  o.rcpApplies = rcpApplies && res.rcps.length > 0;
  o.rcp = rcpApplies && res.rcps.length ? evalLevels(res.rcps, s, actionLower, res, true, c) : ALLOW;
  return o;
}

/** Final decisions and the policy type that decided them. */
export type Verdict =
  | { decision: 'allowed'; via: 'identity' | 'resourceDirect' | 'resourceRole' | 'crossAccount' | 'anonymous' }
  | { decision: 'explicitDeny'; by: PolicyType }
  | { decision: 'implicitDeny'; missing: PolicyType; unsigned?: true };

/** When several policy types deny, the message names the first of these (AWS names one type per message). */
const DENY_ORDER: PolicyType[] = ['scp', 'rcp', 'permissionsBoundary', 'session', 'identity', 'resource'];

/** Combines the policy types' answers into the decision and the policy type behind it (SEMANTICS §B2). */
export function combine(o: Outcome, s: Subject, res: ResourceSide): Verdict {
  if (o.unsigned) return UNSIGNED;
  const denies: Record<string, number> = { scp: o.scp, rcp: o.rcp, permissionsBoundary: o.boundary, session: o.session, identity: o.identity, resource: o.resource };
  // 1. An explicit Deny in any applicable policy wins.
  for (const t of DENY_ORDER) if (denies[t] & DENY) return { decision: 'explicitDeny', by: t };
  return implicitOrAllow(o, s, res) as Verdict;
}

/** Decision-only variant of combine (no allocation): 0 allowed, 1 explicitDeny, 2 implicitDeny. */
export function combineCode(o: Outcome, s: Subject, res: ResourceSide): 0 | 1 | 2 {
  if (o.unsigned) return 2;
  if ((o.scp | o.rcp | o.boundary | o.session | o.identity | o.resource) & DENY) return 1;
  return implicitOrAllow(o, s, res).decision === 'allowed' ? 0 : 2;
}

/** Authentication fails before authorization: no policy (not even an explicit Deny) is reached. */
const UNSIGNED = Object.freeze({ decision: 'implicitDeny', missing: 'resource', unsigned: true }) as { decision: 'implicitDeny'; missing: PolicyType; unsigned: true };
const ALLOWED_IDENTITY = { decision: 'allowed', via: 'identity' } as const;
const ALLOWED_DIRECT = { decision: 'allowed', via: 'resourceDirect' } as const;
const ALLOWED_ROLE = { decision: 'allowed', via: 'resourceRole' } as const;
const ALLOWED_CROSS = { decision: 'allowed', via: 'crossAccount' } as const;
const ALLOWED_ANON = { decision: 'allowed', via: 'anonymous' } as const;
const MISSING: Record<string, { decision: 'implicitDeny'; missing: PolicyType }> = Object.freeze({
  identity: { decision: 'implicitDeny', missing: 'identity' },
  resource: { decision: 'implicitDeny', missing: 'resource' },
  permissionsBoundary: { decision: 'implicitDeny', missing: 'permissionsBoundary' },
  session: { decision: 'implicitDeny', missing: 'session' },
  scp: { decision: 'implicitDeny', missing: 'scp' },
  rcp: { decision: 'implicitDeny', missing: 'rcp' },
}) as Record<string, { decision: 'implicitDeny'; missing: PolicyType }>;

function implicitOrAllow(o: Outcome, s: Subject, res: ResourceSide): Verdict {
  // 2. RCPs of the resource's account: every level must allow (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html).
  if (o.rcpApplies && !(o.rcp & ALLOW)) return MISSING.rcp;
  // 3. SCPs of the principal's account: every level must allow (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
  if (!(o.scp & ALLOW)) return MISSING.scp;
  const rbpAllow = (o.resource & ALLOW) !== 0;
  const grant = o.resource >> GRANT_SHIFT;
  // Anonymous callers have no identity policies: only a resource policy naming "*" can allow.
  if (s.principal.kind === 'anonymous') return rbpAllow && grant & GrantKind.Direct ? ALLOWED_ANON : MISSING.resource;
  const idAllow = (o.identity & ALLOW) !== 0;
  const boundaryOk = s.boundary === null || (o.boundary & ALLOW) !== 0;
  const sessionOk = s.session === null || (o.session & ALLOW) !== 0;
  const sameAccount = s.principal.accountId === res.account;
  if (sameAccount) {
    // 4. Same account: a resource policy naming the session/user (or "*") grants directly; naming the role ARN,
    // it is not limited by the identity policies but is by the boundary and session policies.
    if (rbpAllow && grant & GrantKind.Direct) return ALLOWED_DIRECT;
    if (rbpAllow && grant & GrantKind.Role) {
      if (!boundaryOk) return MISSING.permissionsBoundary;
      if (!sessionOk) return MISSING.session;
      return ALLOWED_ROLE;
    }
    if (!idAllow) return MISSING.identity;
    if (!boundaryOk) return MISSING.permissionsBoundary;
    if (!sessionOk) return MISSING.session;
    return ALLOWED_IDENTITY;
  }
  // Cross-account: both the identity side and the resource policy must allow
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
  if (!idAllow) return MISSING.identity;
  if (!boundaryOk) return MISSING.permissionsBoundary;
  if (!sessionOk) return MISSING.session;
  if (!rbpAllow) return MISSING.resource;
  return ALLOWED_CROSS;
}
