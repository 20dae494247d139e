/**
 * "Can anyone …?" (CONTRACT §4 `rolecall prove`): over every way into the workspace — each pool's guests, each
 * provider's users per role-mapping rule and those who match none, token-mapped roles, CustomRoleArn, the basic flow's
 * role choices — and any identity id and request context, is some request for ACTION on a resource matching PATTERN
 * allowed? The finite parts are enumerated; per role session the infinite parts are solved (solve.ts). Every witness
 * becomes a concrete CONTRACT §2 request and is re-checked by `evaluateRequest`; one that does not come back `allowed`
 * is never shown.
 */
import type { Answer, Assumption, ContextValue, IdentityInput, Request, RequestContext } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { callerSide } from '../evaluate/index';
import { evaluateRequest } from '../evaluate-request';
import { lookupAction, DYNAMODB_ITEM_ACTIONS } from '../catalog';
import { resolveIdentity } from '../cognito/index';
import { listIdentityClasses, type IdentityClass } from '../analysis/identity-classes';
import { roleChains } from '../analysis/role-chains';
import { principalNameOf } from '../arn';
import { arnFormatGlob, exactGlob, globOf, type Glob, type GlobPiece, type StringMemo } from './glob';
import { solveSession, Stop, SUB_KEY, type SessionResult, type SessionWitness } from './solve';
import { parseTemplate } from '../evaluate/variables';
import { compileCondition, type CompiledCondition, type ConditionSpec } from '../evaluate/conditions';
import { checkQuestion } from './question';

/** A question: one action (or an action pattern such as s3:Put*) on resources matching a pattern. */
export interface ProveQuestion {
  action: string;
  /** An ARN or an ARN pattern (`*`, `?`); `${cognito-identity.amazonaws.com:sub}` stands for the caller's own id. */
  resource: string;
  /** Context the question fixes (e.g. dynamodb:LeadingKeys of another identity). */
  context?: RequestContext;
  /** Identity ids the caller may not have (e.g. the owner's, for "can anyone else …?"). */
  excludeIdentityIds?: string[];
  /** Which identity classes to ask about (default: all). */
  classFilter?: (c: IdentityClass) => boolean;
}

/** Options of prove. */
export interface ProveOptions {
  now: Date;
  /** Called often; return true to stop (time limit, cancel). The engine never reads the clock itself. */
  shouldStop?: () => boolean;
  /** Witnesses to return at most (one per identity class; default 5). */
  maxWitnesses?: number;
  /** Progress: classes done out of total. */
  onProgress?: (done: number, total: number) => void;
  /** String answers to share with other questions over the same workspace (default: this question's own). */
  memo?: StringMemo;
}

/** A checked witness: the request, and the engine's answer to it (always `allowed`). */
export interface Witness {
  request: Request;
  answer: Answer;
  /** Who this is, in words ("users of accounts.google.com who match no rule"). */
  who: string;
  classKey: string;
}

/** A part of the question that was not decided. */
export interface Undecided {
  who: string;
  classKey?: string;
  why: string;
}

/** The answer (CONTRACT §4). */
export interface ProveResult {
  action: string;
  resource: string;
  possible: boolean;
  complete: boolean;
  witnesses: Witness[];
  assumptions: Assumption[];
  /** What could not be decided (empty when complete). */
  undecided: Undecided[];
  /** How much of the question was covered: identity classes × actions decided, out of all. */
  covered: { decided: number; total: number };
  /** The identity classes asked about, with the outcome for each. */
  classes: {
    who: string;
    classKey: string;
    roleArn: string | null;
    outcome: 'allowed' | 'impossible' | 'noCredentials' | 'undecided' | 'notReached';
  }[];
}

const IDENTITY_ID = /[a-z]{2}(?:-[a-z]+)+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The assumption every proof over identity ids rests on. */
export const IDENTITY_ID_ASSUMPTION: Assumption = {
  id: 'identityIdForm',
  text: "Identity ids have Cognito's form REGION:GUID; an id that neither the workspace nor the question names behaves like any other such id, so Rolecall tries one fresh id and each named one.",
};

/** The question's resource pattern as a glob, with ${sub} = the caller's id. */
function questionGlob(resource: string, identityId: string): Glob {
  if (resource === '*') return globOf([{ text: '*', literal: false }], 'plain');
  const pieces: GlobPiece[] = parseTemplate(resource, true).parts.map((p) =>
    p.kind === 'text'
      ? { text: p.text, literal: false }
      : p.kind === 'escape'
        ? { text: p.char, literal: true }
        : { text: p.keyLower === SUB_KEY ? identityId : '${' + p.key + '}', literal: true },
  );
  return globOf(pieces, 'plain');
}

/**
 * `compute(pw, arg)`, kept with the prepared workspace (which does not change) under `keyOf(arg)`, and gone when the
 * workspace goes. The one cache of the prover: resource-type globs, the workspace's identity ids, role resolutions.
 */
function perWorkspace<T, A = string>(
  compute: (pw: PreparedWorkspace, arg: A) => T,
  keyOf: (arg: A) => string = String,
): (pw: PreparedWorkspace, arg: A) => T {
  const kept = new WeakMap<PreparedWorkspace, Map<string, T>>();
  return (pw, arg) => {
    let byKey = kept.get(pw);
    if (!byKey) kept.set(pw, (byKey = new Map()));
    const key = keyOf(arg);
    let r = byKey.get(key);
    if (r === undefined) byKey.set(key, (r = compute(pw, arg)));
    return r;
  };
}

/**
 * The globs of the action's resource types (one must match), or `*` only for an action without resource types. Kept
 * per workspace and action: a diff asks for them once per identity class, and the same globs keep their caches.
 */
const resourceTypeGlobs = perWorkspace((pw, action): Glob[] => {
  const info = lookupAction(pw.catalog, action);
  if (!info || !info.detailed) return [];
  if (!info.resourceTypes.length) return [exactGlob('*')];
  const svc = pw.catalog.services[info.service];
  const out: Glob[] = [];
  for (const rt of info.resourceTypes)
    for (const f of svc?.resourceTypes[rt.name]?.arns ?? [])
      out.push(arnFormatGlob(f.replace(/\$\{Partition\}/g, pw.partition)));
  return out;
});

/** Identity ids the workspace's policies and resources name (a scan of every policy text, so kept per workspace). */
const workspaceIdentityIds = perWorkspace((pw): string[] => {
  const texts = [
    ...[...pw.policies.values()].map((p) => p.text),
    ...(Array.isArray(pw.workspace.resources) ? pw.workspace.resources : []),
  ];
  const out = new Set<string>();
  for (const t of texts) for (const m of String(t).matchAll(IDENTITY_ID)) out.add(m[0]);
  return [...out];
});

/** Identity ids the question or the workspace names (tried besides a fresh one). */
function namedIdentityIds(pw: PreparedWorkspace, q: ProveQuestion): string[] {
  const out = new Set<string>();
  for (const t of [q.resource, JSON.stringify(q.context ?? {})]) for (const m of t.matchAll(IDENTITY_ID)) out.add(m[0]);
  for (const id of workspaceIdentityIds(pw, '')) out.add(id);
  return [...out];
}

/** A fresh identity id of the pool's region that nothing names. */
function freshId(poolId: string, taken: Set<string>): string {
  const region = poolId.includes(':') ? poolId.split(':')[0] : 'us-east-1';
  for (let n = 1; ; n++) {
    const id = `${region}:5e1f0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * Every identity class to ask about: the analysis's classes, plus CustomRoleArn for rules that never win on order.
 * Where the workspace holds a user pool an identity pool lists, also its user-pool classes (anyone who signs up,
 * members of each group, users who set a rule's attribute themselves), each as the user of the ID token Cognito
 * would issue; `userPools: false` leaves them out.
 */
export function proveClasses(pw: PreparedWorkspace, now: Date, opts: { userPools?: boolean } = {}): IdentityClass[] {
  const classes = listIdentityClasses(pw, { now, principals: false, userPools: opts.userPools !== false });
  const out: IdentityClass[] = [];
  for (const c of classes) {
    if (c.shadowedBy === undefined) {
      out.push(c);
      continue;
    }
    // A rule that matches only when an earlier one does still gives its role through CustomRoleArn (it "overrides
    // the order": https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html).
    if (c.kind === 'rule' && c.rule && c.subject.identity) {
      out.push({
        ...c,
        key: `${c.key}:customRoleArn`,
        label: `${c.label}, asking for its role with CustomRoleArn`,
        shadowedBy: undefined,
        subject: { identity: { ...c.subject.identity, customRoleArn: c.rule.RoleARN } },
      });
    }
  }
  return out;
}

/** Can anyone get `allowed` for the question? */
export function prove(pw: PreparedWorkspace, question: ProveQuestion, opts: ProveOptions): ProveResult {
  const steps = proveSteps(pw, question, opts);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** One step of an incremental prove: identity classes done out of all. */
export interface ProveStep {
  done: number;
  total: number;
}

/**
 * The same question, one identity class at a time: yields after each class (so a caller such as the app's engine
 * worker can hand the thread back, see a Cancel, and stop by not asking for more) and returns the answer. The
 * question is checked before the first class (ProveInputError is thrown by the first `next()`).
 */
export function* proveSteps(
  pw: PreparedWorkspace,
  question: ProveQuestion,
  opts: ProveOptions,
): Generator<ProveStep, ProveResult, void> {
  const actions = checkQuestion(pw, question);
  const stop = opts.shouldStop ?? (() => false);
  const maxWitnesses = opts.maxWitnesses ?? 5;
  const classes = proveClasses(pw, opts.now).filter((c) => !question.classFilter || question.classFilter(c));
  const named = namedIdentityIds(pw, question);
  const excluded = new Set(question.excludeIdentityIds ?? []);
  const witnesses: Witness[] = [];
  const undecided: Undecided[] = [];
  const assumptions = new Map<string, Assumption>();
  const outcomes: ProveResult['classes'] = [];
  const total = classes.length * actions.length;
  let decided = 0;
  let stopped = false;
  const run: ClassRun = { named, excluded, opts, stop, sessionsSeen: new Map(), memo: opts.memo ?? new Map() };
  yield { done: 0, total: classes.length };
  for (const [ci, c] of classes.entries()) {
    let outcome: ProveResult['classes'][number]['outcome'] = 'impossible';
    let roleArn: string | null = null;
    for (const action of actions) {
      if (stopped || stop()) {
        stopped = true;
        outcome = 'notReached';
        break;
      }
      const r = proveClass(pw, c, action, question, run);
      roleArn = r.roleArn ?? roleArn;
      if (r.kind === 'stopped') {
        stopped = true;
        outcome = 'notReached';
        break;
      }
      decided++;
      for (const a of r.assumptions) assumptions.set(a.id, a);
      if (r.kind === 'noCredentials') {
        outcome = 'noCredentials';
        continue;
      }
      if (r.kind === 'witness') {
        outcome = 'allowed';
        if (witnesses.length < maxWitnesses) witnesses.push(r.witness);
        for (const a of r.witness.answer.assumptions) assumptions.set(a.id, a);
      } else if (r.kind === 'undecided') {
        if (outcome !== 'allowed') outcome = 'undecided';
        undecided.push({ who: c.label, classKey: c.key, why: `${action}: ${r.why}` });
      }
    }
    if (outcome === 'notReached')
      undecided.push({ who: c.label, classKey: c.key, why: 'not reached before the time limit' });
    outcomes.push({ who: c.label, classKey: c.key, roleArn, outcome });
    opts.onProgress?.(ci + 1, classes.length);
    if (ci + 1 < classes.length) yield { done: ci + 1, total: classes.length };
  }
  for (const a of proveLimits(pw, question, outcomes, opts.now)) assumptions.set(a.id, a);
  const possible = witnesses.length > 0 || outcomes.some((o) => o.outcome === 'allowed');
  return {
    action: question.action,
    resource: question.resource,
    possible,
    complete: possible || undecided.length === 0,
    witnesses,
    assumptions: [...assumptions.values()],
    undecided,
    covered: { decided, total },
    classes: outcomes,
  };
}

/**
 * Role resolutions by prepared workspace, identity and time: every question of an isolation check or a diff asks
 * about the same identity classes, and resolving a class through a long list of mapping rules dominates the cost.
 * A prepared workspace does not change, so its resolutions are kept with it (and go when it goes).
 */
const resolvedOnce = perWorkspace(
  (pw, q: { identity: IdentityInput; now: Date }) => resolveIdentity(pw, q.identity, { now: q.now, explain: false }),
  (q) => `${q.now.toISOString()}\u0001${JSON.stringify(q.identity)}`,
);

type ClassOutcome =
  | { kind: 'witness'; witness: Witness; roleArn: string | null; assumptions: Assumption[] }
  | { kind: 'impossible'; roleArn: string | null; assumptions: Assumption[] }
  | { kind: 'noCredentials'; roleArn: string | null; assumptions: Assumption[] }
  | { kind: 'undecided'; why: string; roleArn: string | null; assumptions: Assumption[] }
  | { kind: 'stopped'; roleArn: null };

interface ClassRun {
  named: string[];
  excluded: Set<string>;
  opts: ProveOptions;
  stop: () => boolean;
  sessionsSeen: Map<string, SessionResult>;
  /** String answers shared by every session of this question. */
  memo: StringMemo;
}

/**
 * What the search does not follow, said in the answer when it matters: role chaining (it asks as each identity's own
 * role session; sessions that may sts:AssumeRole other roles reach more), and the SSE-KMS step of S3 object requests
 * (not searched; every witness is re-checked with it by the engine, so none is wrong, and a request S3 allows but the
 * key policy refuses shows as undecided).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
function proveLimits(
  pw: PreparedWorkspace,
  question: ProveQuestion,
  outcomes: ProveResult['classes'],
  now: Date,
): Assumption[] {
  const out: Assumption[] = [];
  const chained: string[] = [];
  for (const roleArn of new Set(outcomes.map((o) => o.roleArn))) {
    if (!roleArn || !pw.roles.has(roleArn)) continue;
    const reached = roleChains(pw, roleArn, { now, sessionName: 'CognitoIdentityCredentials' }).reached;
    if (reached.length)
      chained.push(
        `${principalNameOf(roleArn)} → ${reached.map((r) => principalNameOf(r.roleArn) + (r.leavesWorkspace ? ` (${r.roleArn}, outside the workspace)` : '')).join(', ')}`,
      );
  }
  if (chained.length)
    out.push({
      id: 'proveNoRoleChaining',
      text: `The search asks as each identity's own role session and does not follow role chaining; these sessions may go on to assume other roles (sts:AssumeRole, per their policies and the targets' trust policies): ${chained.join('; ')}. \`rolecall who-can\` lists the paths through chains.`,
    });
  const a = question.action.toLowerCase();
  if (pw.bucketKms.size > 0 && (a.startsWith('s3:get') || a.startsWith('s3:put') || a === 's3:*' || a === 's3:*object'))
    out.push({
      id: 'proveSseKmsRechecked',
      text: "The search does not model the SSE-KMS step (kms:Decrypt / kms:GenerateDataKey on a bucket's default key); each witness is re-checked with it by the engine, so none is wrong, and a request S3 allows but the key policy refuses is listed as undecided.",
    });
  return out;
}

/**
 * The session an identity gets from the workspace: its principal, the caller side and the context every request of
 * the session carries — without the time keys (a question holds at every time). proveClass pins the question's
 * context on top; proveGained compares two versions' `fixed` maps, so both read them from here.
 */
function sessionOf(pw: PreparedWorkspace, identity: IdentityInput, now: Date) {
  const resolved = resolvedOnce(pw, { identity, now });
  if (!resolved.principal) return { roleArn: resolved.roleArn, session: null };
  const { caller, base: ctx } = callerSide(pw, resolved.principal, { now });
  const fixed = new Map<string, ContextValue>();
  for (const [k, e] of ctx) if (k !== 'aws:currenttime' && k !== 'aws:epochtime') fixed.set(k, e.value);
  return { roleArn: resolved.roleArn, session: { principal: resolved.principal, caller, fixed } };
}

const lowerMap = (ctx: RequestContext | undefined): Map<string, ContextValue> =>
  new Map(Object.entries(ctx ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/** One class's question, as each of its identities asks it. */
interface ClassAsk {
  pw: PreparedWorkspace;
  action: string;
  question: ProveQuestion;
  run: ClassRun;
  typeGlobs: Glob[];
  /** The question's context, lower-cased key → value. */
  pinned: Map<string, ContextValue>;
}

function proveClass(
  pw: PreparedWorkspace,
  c: IdentityClass,
  action: string,
  question: ProveQuestion,
  run: ClassRun,
): ClassOutcome {
  const base = c.subject.identity as IdentityInput;
  const taken = new Set([...run.named, ...run.excluded]);
  const ids = [freshId(base.identityPoolId, taken), ...run.named.filter((id) => !run.excluded.has(id))];
  const ask: ClassAsk = {
    pw,
    action,
    question,
    run,
    typeGlobs: resourceTypeGlobs(pw, action),
    pinned: lowerMap(question.context),
  };
  let roleArn: string | null = null;
  let any = false;
  const whys = new Set<string>();
  const assumptions: Assumption[] = [IDENTITY_ID_ASSUMPTION];
  for (const identityId of ids) {
    if (run.stop()) return { kind: 'stopped', roleArn: null };
    const identity: IdentityInput = { ...base, identityId };
    const s = searchIdentity(ask, identity, identityId);
    if (s.kind === 'stopped') return { kind: 'stopped', roleArn: null };
    roleArn = s.roleArn ?? roleArn;
    if (s.kind === 'noSession') continue;
    any = true;
    if (s.result.status === 'unknown') s.result.why.forEach((w) => whys.add(w));
    if (s.result.status !== 'sat') continue;
    const witness = checkedWitness(ask, c, identity, s.result.witnesses, whys);
    if (witness) return { kind: 'witness', witness, roleArn, assumptions };
  }
  if (!any) return { kind: 'noCredentials', roleArn, assumptions: [] };
  if (whys.size) return { kind: 'undecided', why: [...whys].join('; '), roleArn, assumptions };
  return { kind: 'impossible', roleArn, assumptions };
}

type IdentitySearch =
  | { kind: 'searched'; roleArn: string | null; result: SessionResult }
  | { kind: 'noSession'; roleArn: string | null }
  | { kind: 'stopped' };

/** The session search for one identity of the class (a session already decided for the question is reused). */
function searchIdentity(ask: ClassAsk, identity: IdentityInput, identityId: string): IdentitySearch {
  const { pw, action, question, run } = ask;
  const { roleArn, session } = sessionOf(pw, identity, run.opts.now);
  if (!session) return { kind: 'noSession', roleArn };
  const { principal, caller: subject } = session;
  const fixed = new Map(session.fixed);
  for (const [k, v] of ask.pinned) fixed.set(k, v);
  // The same session (role, context, policies) for the same question was already decided: reuse it.
  const sessionKey = JSON.stringify([
    principal.arn,
    [...fixed],
    principal.sessionPolicies?.map((p) => p.policyId),
    action,
    question.resource.includes('${') ? identityId : '',
  ]);
  const seen = run.sessionsSeen.get(sessionKey);
  if (seen) return { kind: 'searched', roleArn, result: seen };
  const actionLower = action.toLowerCase();
  try {
    const result = solveSession(
      {
        pw,
        subject,
        fixed,
        actionLower,
        resource: [{ glob: questionGlob(question.resource, identityId), want: true }],
        resourceTypeAlternatives: ask.typeGlobs,
        subFixed: true,
        shape: requestShape(actionLower, ask.pinned),
        stop: run.stop,
        memo: run.memo,
      },
      3,
    );
    run.sessionsSeen.set(sessionKey, result);
    return { kind: 'searched', roleArn, result };
  } catch (e) {
    if (e instanceof Stop) return { kind: 'stopped' };
    throw e;
  }
}

/** The first candidate request the engine allows, as the class's witness; why each other one did not check. */
function checkedWitness(
  ask: ClassAsk,
  c: IdentityClass,
  identity: IdentityInput,
  candidates: SessionWitness[],
  whys: Set<string>,
): Witness | null {
  const { question } = ask;
  for (const w of candidates) {
    const request: Request = {
      identity,
      action: ask.action,
      resource: w.resource,
      ...(Object.keys({ ...question.context, ...w.context }).length
        ? { context: { ...contextOut(question.context), ...contextOut(w.context) } }
        : {}),
    };
    const answer = evaluateRequest(ask.pw, request, { now: ask.run.opts.now, explain: true });
    if (answer.decision === 'allowed') return { request, answer, who: c.label, classKey: c.key };
    whys.add(
      `a candidate request (${w.resource}) did not check: the engine said ${answer.decision}${w.approximate.length ? ` (approximated: ${w.approximate.join(', ')})` : ''}`,
    );
  }
  return null;
}

/**
 * What every real request of this action carries: a DynamoDB item request names its partition key(s), so
 * dynamodb:LeadingKeys is present and not empty ("Null": false).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
function requestShape(
  actionLower: string,
  pinned: Map<string, ContextValue>,
): { spec: ConditionSpec; cond: CompiledCondition }[] {
  if (pinned.has('dynamodb:leadingkeys')) return [];
  // A Scan names no partition key: its requests never carry dynamodb:LeadingKeys ("Null": true).
  const scan = actionLower === 'dynamodb:scan';
  if (!DYNAMODB_ITEM_ACTIONS.has(actionLower) && !scan) return [];
  const spec: ConditionSpec = {
    operator: 'Null',
    key: 'dynamodb:LeadingKeys',
    values: [scan ? 'true' : 'false'],
    path: 'request shape',
  };
  const r = compileCondition(spec, { variablesEnabled: true, keyType: () => 'ArrayOfString' });
  return r.ok ? [{ spec, cond: r.condition }] : [];
}

/** Context as a request carries it: keys spelled as the question or the solver gave them. */
function contextOut(ctx: RequestContext | undefined): RequestContext {
  const out: RequestContext = {};
  for (const [k, v] of Object.entries(ctx ?? {}))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The answer of proveGained for one identity class and action. */
export type GainedOutcome =
  { kind: 'gained'; witness: Witness; before: string } | { kind: 'none' } | { kind: 'undecided'; why: string };

/**
 * "Can this identity class do something with `action` in `after` that `before` refuses?" — one search for a request
 * (resource, context, identity id) allowed by the after-version's session and refused by the before-version's session
 * of the same identity (solve.ts `refuseIn`). `none` is a proof (the two sessions agree on every request the after-
 * version allows); a `gained` witness was re-checked in both versions. A class whose two versions give different
 * session keys (another role, other tags) is not searched this way and is `undecided`, with why.
 */
export function proveGained(
  before: PreparedWorkspace,
  after: PreparedWorkspace,
  c: IdentityClass,
  action: string,
  opts: { now: Date; shouldStop?: () => boolean; memo?: StringMemo },
): GainedOutcome {
  const stop = opts.shouldStop ?? (() => false);
  const base = c.subject.identity as IdentityInput | undefined;
  if (!base) return { kind: 'undecided', why: 'not an identity-pool class' };
  const q: ProveQuestion = { action, resource: '*' };
  const named = [...new Set([...namedIdentityIds(before, q), ...namedIdentityIds(after, q)])];
  const ids = [freshId(base.identityPoolId, new Set(named)), ...named];
  const actionLower = action.toLowerCase();
  const typeGlobs = resourceTypeGlobs(after, action);
  const whys = new Set<string>();
  for (const identityId of ids) {
    if (stop()) return { kind: 'undecided', why: 'not reached before the time limit' };
    const identity: IdentityInput = { ...base, identityId };
    const a = sessionOf(after, identity, opts.now).session;
    if (!a) continue;
    const b = sessionOf(before, identity, opts.now).session;
    // Before gives this identity no credentials: whatever after allows is new (the witness comparison finds it).
    if (!b) return { kind: 'undecided', why: 'the before-version gives this identity no credentials' };
    if (JSON.stringify([...a.fixed]) !== JSON.stringify([...b.fixed]))
      return {
        kind: 'undecided',
        why: 'the two versions give this identity different sessions (role or session keys), compared by witness only',
      };
    const common = {
      actionLower,
      resource: [{ glob: questionGlob('*', identityId), want: true }],
      resourceTypeAlternatives: typeGlobs,
      subFixed: true,
      shape: requestShape(actionLower, new Map()),
      stop,
      ...(opts.memo ? { memo: opts.memo } : {}),
    };
    let r: SessionResult;
    try {
      r = solveSession(
        {
          ...common,
          pw: after,
          subject: a.caller,
          fixed: a.fixed,
          refuseIn: { ...common, pw: before, subject: b.caller, fixed: b.fixed },
        },
        3,
      );
    } catch (e) {
      if (e instanceof Stop) return { kind: 'undecided', why: 'not reached before the time limit' };
      throw e;
    }
    if (r.status === 'unknown') {
      for (const w of r.why) whys.add(w);
      continue;
    }
    if (r.status === 'unsat') continue;
    for (const w of r.witnesses) {
      const request: Request = {
        identity,
        action,
        resource: w.resource,
        ...(Object.keys(w.context).length ? { context: contextOut(w.context) } : {}),
      };
      const answer = evaluateRequest(after, request, { now: opts.now, explain: true });
      const prior = evaluateRequest(before, request, { now: opts.now }).decision;
      if (answer.decision === 'allowed' && prior !== 'allowed')
        return { kind: 'gained', witness: { request, answer, who: c.label, classKey: c.key }, before: prior };
      whys.add(
        `a candidate request (${w.resource}) did not check: after ${answer.decision}, before ${prior}${w.approximate.length ? ` (approximated: ${w.approximate.join(', ')})` : ''}`,
      );
    }
  }
  return whys.size ? { kind: 'undecided', why: [...whys].join('; ') } : { kind: 'none' };
}
