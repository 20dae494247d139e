/**
 * The evaluator: which statements of each policy type match one request (Cedar's `Evaluator`: whether a policy is
 * satisfied, not whether the request is allowed — that is decide.ts). Fills a Matches record per policy type.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * One code path serves the matrix (no collector: only the statements indexed under the action, no allocation per
 * cell) and explanations (a collector records every statement's trace and the matching statements).
 */
import type { ConditionTrace, MatchedStatement, StatementTrace } from '../model/request';
import type { CallerSide } from './caller-side';
import {
  actionMatches,
  GrantKind,
  type CompiledPrincipalEntry,
  type CompiledStatement,
  type PolicySet,
  type SkippedStatement,
} from './compile';
import { ALLOW, DENY, GRANT_SHIFT, NONE, type Matches } from './matches';
import { changesOwned, type ResourceSide } from './resource-side';
import type { CallerPrincipal } from './types';
import type { ContextLookup } from './variables';

/**
 * Services that accept anonymous (unsigned) requests. "This step is not necessary for a few services, such as Amazon
 * S3, that allow some requests from anonymous users" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * DynamoDB authenticates every request (SigV4), so a table policy naming "*" never serves an anonymous caller; an
 * unsigned call fails with MissingAuthenticationTokenException "Request is missing Authentication Token" [OBS].
 */
const ANONYMOUS_SERVICES: ReadonlySet<string> = new Set(['s3']);

/** Collects statement traces, matching statements, missing keys and skipped statements when explaining. */
export interface Collector {
  traces: StatementTrace[];
  missing: Set<string>;
  /** Statements that matched, with the grant kind for resource policies. */
  matched: { st: CompiledStatement; grant: number }[];
  /** Statements of the evaluated policies that could not be evaluated (skipped: as if absent). */
  skipped: SkippedStatement[];
}

/** An empty collector. */
export const createCollector = (): Collector => ({ traces: [], missing: new Set(), matched: [], skipped: [] });

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
export function principalGrant(st: CompiledStatement, s: CallerSide): number {
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
  // NotPrincipal with Allow grants everyone except the principals it names: a caller any of whose ARNs (session, role,
  // account) is named is not granted. "Allow with NotPrincipal … the named principal is not granted access"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
  if (st.effect === 'Allow') {
    for (const arn of s.chain) for (const e of el.entries) if (e.type === 'AWS' && e.value === arn) return 0;
    return GrantKind.Direct;
  }
  for (const arn of s.chain) {
    let listed = false;
    for (const e of el.entries) if (e.type === 'AWS' && e.value === arn) listed = true;
    if (!listed) return GrantKind.Direct;
  }
  return 0;
}

/** Whether the statement's Resource/NotResource element matches; collects unresolved variables when asked. */
function resourceMatch(
  st: CompiledStatement,
  resource: string,
  lookup: ContextLookup,
  unresolved: string[] | null,
): boolean {
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
function statementBits(st: CompiledStatement, s: CallerSide, res: ResourceSide, withPrincipal: boolean): number {
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

/** Why a statement did not match, in words (the first element that failed). */
function mismatchReason(
  st: CompiledStatement,
  t: Omit<StatementTrace, keyof MatchedStatement | 'reason'>,
  resource: string,
  who: string,
  unresolved: string[],
): string {
  if (!t.actionMatched) return `${st.notAction ? 'NotAction lists' : 'Action does not list'} the action.`;
  if (!t.resourceMatched) {
    return unresolved.length
      ? `Resource has unresolved variable(s) ${unresolved.map((u) => '${' + u + '}').join(', ')}, so it matches no resource.`
      : `${st.notResource ? 'NotResource lists' : 'Resource does not match'} ${resource}.`;
  }
  if (!t.principalMatched) return `${st.principal?.not ? 'NotPrincipal excludes' : 'Principal does not name'} ${who}.`;
  return `Condition ${t.conditions
    .filter((c) => !c.matched)
    .map((c) => `${c.operator} ${c.key}`)
    .join(', ')} not met.`;
}

/**
 * Evaluates one statement with a full trace. `grantOf` says how the statement's Principal applies (null: the policy
 * type has no Principal element); `who` names the caller in reasons.
 */
export function traceStatement(
  st: CompiledStatement,
  lookup: ContextLookup,
  resource: string,
  actionLower: string,
  grantOf: ((st: CompiledStatement) => number) | null,
  who: string,
  c: Collector,
): number {
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
  const flags = { actionMatched, resourceMatched, principalMatched, conditionsMatched: matched, matched, conditions };
  const reason = matched ? undefined : mismatchReason(st, flags, resource, who, unresolved);
  c.traces.push({
    ...matchedStatement(st),
    ...flags,
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
    ...(st.file !== undefined ? { file: st.file } : {}),
  };
}

/** Evaluates a policy set for one request: OR of its statements' bits. */
function evalSet(
  set: PolicySet,
  s: CallerSide,
  actionLower: string,
  res: ResourceSide,
  withPrincipal: boolean,
  c: Collector | null,
): number {
  let bits = 0;
  if (c) {
    const grantOf = withPrincipal ? (st: CompiledStatement) => principalGrant(st, s) : null;
    const who = s.principal.kind === 'anonymous' ? 'the anonymous caller' : s.principal.arn;
    for (const st of set.statements) bits |= traceStatement(st, s.lookup, res.arn, actionLower, grantOf, who, c);
    for (const p of set.policies) c.skipped.push(...p.skipped);
    return bits;
  }
  const cands = set.candidates(actionLower);
  for (let i = 0; i < cands.length; i++) {
    bits |= statementBits(cands[i], s, res, withPrincipal);
  }
  return bits;
}

/** Organization levels (SCPs, RCPs): every level must allow; a deny at any level denies. */
function evalLevels(
  levels: PolicySet[],
  s: CallerSide,
  actionLower: string,
  res: ResourceSide,
  withPrincipal: boolean,
  c: Collector | null,
): number {
  let all = true;
  let deny = false;
  for (const level of levels) {
    const b = evalSet(level, s, actionLower, res, withPrincipal, c);
    if (b & DENY) deny = true;
    if (!(b & ALLOW)) all = false;
  }
  return (deny ? DENY : 0) | (all ? ALLOW : 0);
}

/**
 * Fills `m` with what each policy type says about the request (NONE where no policy of the type applies).
 * `rcpApplies`: the action's service supports RCPs.
 */
export function matchPolicies(
  m: Matches,
  s: CallerSide,
  actionLower: string,
  rcpApplies: boolean,
  res: ResourceSide,
  c: Collector | null,
): Matches {
  m.anonymous = s.principal.kind === 'anonymous';
  m.unsigned = m.anonymous && !ANONYMOUS_SERVICES.has(actionLower.slice(0, actionLower.indexOf(':')));
  m.sameAccount = s.principal.accountId === res.account;
  const service = actionLower.slice(0, actionLower.indexOf(':'));
  m.noAuthorization = actionLower === 'sts:getcalleridentity';
  m.explicitResource = res.explicitService !== null && res.explicitService === service;
  m.owned = res.owned !== null && changesOwned(res.owned, actionLower) ? res.owned : null;
  s.resourceKeys.resourceAccount = res.account;
  s.resourceKeys.region = res.region;
  s.resourceKeys.s3 = res.s3;
  m.identity = s.identity ? evalSet(s.identity, s, actionLower, res, false, c) : s.identityAllowsAll ? ALLOW : NONE;
  m.permissionsBoundary = s.boundary ? evalSet(s.boundary, s, actionLower, res, false, c) : NONE;
  m.session = s.session ? evalSet(s.session, s, actionLower, res, false, c) : NONE;
  // A role's trust policy governs only sts:* on the role, a key policy only kms:* on the key.
  const rbpApplies = res.explicitService === null || m.explicitResource;
  m.resource = res.rbp && rbpApplies ? evalSet(res.rbp, s, actionLower, res, true, c) : NONE;
  m.scp = s.scps.length ? evalLevels(s.scps, s, actionLower, res, false, c) : NONE;
  m.rcp = rcpApplies && res.rcps.length ? evalLevels(res.rcps, s, actionLower, res, true, c) : NONE;
  return m;
}
