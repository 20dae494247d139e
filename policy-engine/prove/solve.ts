/**
 * One role session, one action: is there a resource (inside the question's pattern) and a request context for which
 * the decision procedure says `allowed`? Decided symbolically over the statements that could apply:
 *
 * 1. The resource side is split into zones by the resource policy that governs it (each bucket/table policy of the
 *    workspace, each role's trust policy for STS — which must allow explicitly —, or none) and whether the resource is
 *    in the caller's account.
 * 2. For each combination of one Allow statement (or none) per policy type, the engine's own `decide` says whether
 *    those Allows give `allowed`; only minimal combinations are kept.
 * 3. A combination's Allow statements must match and every applicable Deny must not (a Deny fails on its resource or
 *    on one of its conditions — a branch each). Resource literals go to the string solver (glob.ts); conditions on keys
 *    the principal fixes are evaluated by the engine's compiled tests; conditions on keys the caller chooses go to the
 *    per-key candidate search (values.ts).
 * Whatever cannot be modelled exactly is over-approximated and marked, so `unsat` is always a proof and `sat` is
 * trusted only after the normal engine re-checks the concrete request.
 */
import type { ContextValue, RequestContext } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import type { CompiledStatement, PolicySet } from '../evaluate/compile';
import type { CompiledCondition, ConditionSpec } from '../evaluate/conditions';
import { ALLOW, decide, GRANT_SHIFT, NONE, principalGrant, type CallerSide, type Matches } from '../evaluate/index';
import { parseTemplate, type ContextLookup } from '../evaluate/variables';
import { conditionKeyType, isRcpSupported } from '../catalog';
import {
  globOf,
  exactGlob,
  neverGlob,
  plainGlob,
  prefixGlob,
  solveStrings,
  STAR,
  SEGSTAR,
  type Glob,
  type GlobLiteral,
  type GlobPiece,
  type StringMemo,
} from './glob';
import { candidatesFor, type KeyLiteral } from './values';
import { splitArn } from '../arn';

/** The identity id as a policy variable / context key. */
export const SUB_KEY = 'cognito-identity.amazonaws.com:sub';

/** What one session search is given. */
export interface SessionQuestion {
  pw: PreparedWorkspace;
  subject: CallerSide;
  /** The principal's own context (fixed keys), lower-cased key → value. */
  fixed: ReadonlyMap<string, ContextValue>;
  actionLower: string;
  /** The resource must match all of these (the question's pattern, the action's resource types as alternatives). */
  resource: GlobLiteral[];
  resourceTypeAlternatives: Glob[];
  /** The identity id is a fixed value (false: over-approximate it as any value — for proofs only). */
  subFixed: boolean;
  /** Conditions every request of this kind meets (e.g. a DynamoDB item request always names its partition keys). */
  shape?: { spec: ConditionSpec; cond: CompiledCondition }[];
  /** Return true to abandon the search (time limit, cancel). */
  stop: () => boolean;
  /** String answers shared by the sessions of one question (they repeat across roles built from one template). */
  memo?: StringMemo;
  /**
   * "…and this other session is refused the same request" (diff --prove: the before-version's session of the same
   * identity). Its principal's keys must be the ones of `fixed` (the caller checks), since the request is one.
   */
  refuseIn?: SessionQuestion;
}

/** A concrete request part found by the search. */
export interface SessionWitness {
  resource: string;
  context: RequestContext;
  /** The Allow statements the search made match. */
  via: CompiledStatement[];
  /** Set when the search over-approximated something on the way (the witness must be re-checked to count). */
  approximate: string[];
}

/** The outcome of one session search. */
export type SessionResult =
  { status: 'sat'; witnesses: SessionWitness[] } | { status: 'unsat' } | { status: 'unknown'; why: string[] };

/** A resource zone: which resource policy governs, and the resource account. */
interface Zone {
  rbp: PolicySet | null;
  /** The zone's resource-based policy must allow explicitly (a role's trust policy for sts:* on the role). */
  explicit?: true;
  alternatives: Glob[];
  exclusions: Glob[];
  account: string;
  rcpApplies: boolean;
  label: string;
}

/** Zones a resource policy of the workspace governs, and the resources they cover (the ungoverned zones leave them out). */
interface Governed {
  zones: Zone[];
  covers: Glob[];
}

function zones(pw: PreparedWorkspace, principalAccount: string, service: string): Zone[] {
  const rcps = isRcpSupported(pw.catalog, service) && pw.rcps.length > 0;
  const rcpApplies = (account: string) => rcps && pw.accounts.has(account);
  const governed = [resourcePolicyZones(pw, service, rcpApplies)];
  if (service === 'sts') governed.push(roleZones(pw, rcpApplies));
  const covered = governed.flatMap((g) => g.covers);
  return [...governed.flatMap((g) => g.zones), ...ungovernedZones(pw, principalAccount, service, covered, rcpApplies)];
}

/** One zone per bucket/table policy of the service. */
function resourcePolicyZones(
  pw: PreparedWorkspace,
  service: string,
  rcpApplies: (account: string) => boolean,
): Governed {
  const out: Zone[] = [];
  for (const [arn, set] of pw.resourcePolicies) {
    const m = splitArn(arn);
    if (!m || m.service !== service) continue;
    const account = m.account || pw.accountId;
    out.push({
      rbp: set,
      alternatives: governedResources(arn, service, m.resource),
      exclusions: [],
      account,
      rcpApplies: rcpApplies(account),
      label: arn,
    });
  }
  return { zones: out, covers: out.flatMap((z) => z.alternatives) };
}

/** What a bucket or table policy governs: the bucket and its objects, the table and its indexes. */
function governedResources(arn: string, service: string, resource: string): Glob[] {
  const alts = [exactGlob(arn)];
  if (service === 's3' && !resource.includes('/')) alts.push(prefixGlob(`${arn}/`));
  if (service === 'dynamodb' && /^table\/[^/]+$/.test(resource)) alts.push(prefixGlob(`${arn}/index/`));
  return alts;
}

/**
 * STS on roles: each role's trust policy is its resource-based policy and must allow explicitly; a role the workspace
 * does not hold has an unknown trust policy, so nothing is allowed on it (as the engine answers).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 */
function roleZones(pw: PreparedWorkspace, rcpApplies: (account: string) => boolean): Governed {
  const out: Zone[] = [];
  const held: Glob[] = [];
  for (const role of pw.roles.values()) {
    const g = exactGlob(role.arn);
    held.push(g);
    out.push({
      rbp: role.trust ?? null,
      explicit: true,
      alternatives: [g],
      exclusions: [],
      account: role.accountId,
      rcpApplies: rcpApplies(role.accountId),
      label: role.arn,
    });
  }
  const anyRole = plainGlob('arn:*:iam::*:role/*');
  out.push({
    rbp: null,
    explicit: true,
    alternatives: [anyRole],
    exclusions: held,
    account: pw.accountId,
    rcpApplies: false,
    label: 'a role the workspace does not hold',
  });
  return { zones: out, covers: [anyRole] };
}

/** Resources no policy of the workspace governs: in the caller's account, or (DynamoDB, whose ARNs name one) another. */
function ungovernedZones(
  pw: PreparedWorkspace,
  principalAccount: string,
  service: string,
  exclusions: Glob[],
  rcpApplies: (account: string) => boolean,
): Zone[] {
  const zone = (account: string, alternatives: Glob[], excluded: Glob[], label: string): Zone => ({
    rbp: null,
    alternatives,
    exclusions: excluded,
    account,
    rcpApplies: rcpApplies(account),
    label,
  });
  if (service !== 'dynamodb') return [zone(pw.accountId, [], exclusions, 'no resource policy')];
  const own = accountGlob(principalAccount);
  return [
    zone(principalAccount, [own], exclusions, 'no resource policy'),
    { ...zone('000000000000', [], [...exclusions, own], 'no resource policy, another account'), rcpApplies: false },
  ];
}

function accountGlob(account: string): Glob {
  const text = (s: string) => [...s].map((c) => c.charCodeAt(0));
  return {
    tokens: Int32Array.from([...text('arn:'), SEGSTAR, ...text(':dynamodb:'), SEGSTAR, ...text(`:${account}:`), STAR]),
    ci: false,
    source: `arn:*:dynamodb:*:${account}:*`,
  };
}

/** A Resource entry as a glob, with the identity id and the principal's keys substituted. null: it needs an
 * over-approximation (a variable the caller controls, or the identity id when it is not fixed). */
function resourceGlob(source: string, lookup: ContextLookup, q: SessionQuestion): { glob: Glob; approx: boolean } {
  if (source === '*') return { glob: plainGlob('*'), approx: false };
  const t = parseTemplate(source, true);
  const pieces: GlobPiece[] = [];
  let colons = 0;
  let approx = false;
  for (const p of t.parts) {
    if (p.kind === 'text') {
      for (let i = 0; i < p.text.length && colons < 5; i++) if (p.text[i] === ':') colons++;
      pieces.push({ text: p.text, literal: false });
    } else if (p.kind === 'escape') pieces.push({ text: p.char, literal: true });
    else if (colons < 5)
      pieces.push({
        text: '${' + p.key + (p.defaultValue !== undefined ? `, '${p.defaultValue}'` : '') + '}',
        literal: true,
      });
    else {
      const fixed = p.keyLower === SUB_KEY ? (q.subFixed ? lookup(p.keyLower) : undefined) : lookup(p.keyLower);
      const free = !q.fixed.has(p.keyLower) && p.keyLower !== SUB_KEY;
      if ((p.keyLower === SUB_KEY && !q.subFixed) || free) {
        pieces.push({ text: '*', literal: false });
        approx = true;
      } else if (typeof fixed === 'string') pieces.push({ text: fixed, literal: true });
      else if (p.defaultValue !== undefined) pieces.push({ text: p.defaultValue, literal: true });
      else return { glob: neverGlob(source), approx: false };
    }
  }
  return { glob: globOf(pieces, 'resource'), approx };
}

/** Whether a condition's values refer to something the search does not hold fixed. */
function valuesDependOnFree(spec: ConditionSpec, q: SessionQuestion): boolean {
  for (const v of spec.values) {
    for (const p of parseTemplate(v, true).parts) {
      if (p.kind !== 'var') continue;
      if (p.keyLower === SUB_KEY ? !q.subFixed : !q.fixed.has(p.keyLower)) return true;
    }
  }
  return false;
}

/** The search state along one branch. */
interface Store {
  res: GlobLiteral[];
  keys: Map<string, { name: string; lits: KeyLiteral[]; conds: { cond: CompiledCondition; want: boolean }[] }>;
  approx: string[];
}

const cloneStore = (s: Store): Store => ({
  res: [...s.res],
  keys: new Map([...s.keys].map(([k, v]) => [k, { name: v.name, lits: [...v.lits], conds: [...v.conds] }])),
  approx: [...s.approx],
});

/** A condition as the search sees it. */
type CondForm =
  | { kind: 'fixed'; holds: boolean }
  | { kind: 'free'; key: string; spec: ConditionSpec; cond: CompiledCondition }
  | { kind: 'approx'; why: string };

/** A statement as the search sees it. */
interface StatementForm {
  st: CompiledStatement;
  /** Resource alternatives (null: no Resource element), NotResource flag. */
  resources: { glob: Glob; approx: boolean }[] | null;
  notResource: boolean;
  conds: CondForm[];
  /** Settled with the zone's resource account (aws:ResourceAccount, s3:ResourceAccount): built again per zone. */
  zoneDependent: boolean;
}

function formOf(st: CompiledStatement, q: SessionQuestion, lookup: ContextLookup): StatementForm {
  const resources = st.resources === null ? null : st.resources.map((r) => resourceGlob(r.source, lookup, q));
  const specs = st.parsed.conditions;
  let zoneDependent = false;
  const conds: CondForm[] = st.conditions.map((cond, i) => {
    const spec = specs[i];
    const keyLower = cond.keyLower;
    const isSub = keyLower === SUB_KEY;
    if (isSub && !q.subFixed) return { kind: 'approx', why: 'the identity id' };
    if (valuesDependOnFree(spec, q))
      return { kind: 'approx', why: `${spec.operator} ${spec.key} compares with a variable the caller controls` };
    const resourceAccount = keyLower === 'aws:resourceaccount' || keyLower === 's3:resourceaccount';
    zoneDependent ||= resourceAccount;
    if (q.fixed.has(keyLower) || isSub || resourceAccount) return { kind: 'fixed', holds: cond.test(lookup) };
    return { kind: 'free', key: keyLower, spec, cond };
  });
  return { st, resources, notResource: st.notResource, conds, zoneDependent };
}

/** Adds "this statement matches" to the store; returns the branches (stores) it leaves. */
function requireMatch(f: StatementForm, store: Store): Store[] {
  for (const c of f.conds) if (c.kind === 'fixed' && !c.holds) return [];
  const base = cloneStore(store);
  for (const c of f.conds) {
    if (c.kind === 'free') addKey(base, c.key, c.spec, c.cond, true);
    else if (c.kind === 'approx') base.approx.push(c.why);
  }
  if (f.resources === null) return [base];
  if (f.notResource) {
    for (const r of f.resources) {
      if (r.approx) base.approx.push(`NotResource ${r.glob.source}`);
      else base.res.push({ glob: r.glob, want: false });
    }
    return [base];
  }
  return f.resources.map((r) => {
    const s = cloneStore(base);
    s.res.push({ glob: r.glob, want: true });
    if (r.approx) s.approx.push(`Resource ${r.glob.source}`);
    return s;
  });
}

/** Adds "this Deny does not match": the branches are "its resource does not match" and "condition i fails". */
function requireNoMatch(f: StatementForm, store: Store): Store[] {
  for (const c of f.conds) if (c.kind === 'fixed' && !c.holds) return [store];
  const out: Store[] = [];
  if (f.resources !== null) {
    if (!f.notResource) {
      const s = cloneStore(store);
      for (const r of f.resources) {
        // Over-approximated entries are left out: the Deny may match fewer resources than it seems (sound for proofs).
        if (r.approx) s.approx.push(`Deny resource ${r.glob.source}`);
        else s.res.push({ glob: r.glob, want: false });
      }
      out.push(s);
    } else {
      for (const r of f.resources) {
        const s = cloneStore(store);
        s.res.push({ glob: r.glob, want: true });
        if (r.approx) s.approx.push(`Deny NotResource ${r.glob.source}`);
        out.push(s);
      }
    }
  }
  for (const c of f.conds) {
    if (c.kind === 'free') {
      const s = cloneStore(store);
      addKey(s, c.key, c.spec, c.cond, false);
      out.push(s);
    } else if (c.kind === 'approx') {
      const s = cloneStore(store);
      s.approx.push(c.why);
      out.push(s);
    }
  }
  return out;
}

function addKey(s: Store, key: string, spec: ConditionSpec, cond: CompiledCondition, want: boolean): void {
  let e = s.keys.get(key);
  if (!e) s.keys.set(key, (e = { name: spec.key, lits: [], conds: [] }));
  e.lits.push({ spec, want });
  e.conds.push({ cond, want });
}

/** Checks a store: a resource and a value for each key, or why not. */
function check(
  store: Store,
  q: SessionQuestion,
  lookupBase: ContextLookup,
  final: boolean,
): { ok: true; resource: string; context: RequestContext; exactness: string[] } | { ok: false; unknown?: string } {
  const exactness: string[] = [];
  let resource = '';
  let anyAlt = false;
  let unknownRes: string | undefined;
  for (const alt of q.resourceTypeAlternatives.length ? q.resourceTypeAlternatives : [plainGlob('*')]) {
    const r = solveStrings([...q.resource, ...store.res, { glob: alt, want: true }], { memo: q.memo });
    if (r.status === 'sat') {
      resource = r.value;
      anyAlt = true;
      break;
    }
    if (r.status === 'unknown') unknownRes = r.why;
  }
  if (!anyAlt) return unknownRes ? { ok: false, unknown: unknownRes } : { ok: false };
  const context: RequestContext = {};
  if (!final && store.keys.size === 0) return { ok: true, resource, context, exactness };
  for (const [key, e] of store.keys) {
    const multi = (conditionKeyType(q.pw.catalog, key) ?? '').startsWith('ArrayOf');
    const cands = candidatesFor(e.lits, lookupBase, { multiValued: multi });
    let found: ContextValue | undefined | null = null;
    for (const v of cands.values) {
      const lookup: ContextLookup = (k) => (k === key ? v : lookupBase(k));
      if (e.conds.every((c) => c.cond.test(lookup) === c.want)) {
        found = v;
        break;
      }
    }
    if (found === null) return cands.exact ? { ok: false } : { ok: false, unknown: `${key}: ${cands.why}` };
    if (found !== undefined) context[e.name] = found;
  }
  return { ok: true, resource, context, exactness };
}

/** A leaf or branch search's answer: the request it found, and what was over-approximated on the way. */
type Found = { resource: string; context: RequestContext; approx: string[] } | null;

/** What the branch searches of one zone share: the question, the zone's context, and the unknowns met so far. */
interface Search {
  q: SessionQuestion;
  lookup: ContextLookup;
  unknown: Set<string>;
}

/** The context a zone fixes (the resource account) over the principal's own keys. */
function zoneLookupOf(zone: Zone, service: string, base: ContextLookup): ContextLookup {
  return (k) => {
    if (k === 'aws:resourceaccount') return zone.account;
    if (k === 's3:resourceaccount') return service === 's3' ? zone.account : undefined;
    return base(k);
  };
}

/** The branches a zone starts from: outside the resources other zones cover, inside one of its own alternatives. */
function zoneEntries(zone: Zone, from: Store): Store[] {
  const base: Store = {
    ...cloneStore(from),
    res: [...from.res, ...zone.exclusions.map((g) => ({ glob: g, want: false }))],
  };
  return zone.alternatives.length
    ? zone.alternatives.map((g) => ({ ...cloneStore(base), res: [...base.res, { glob: g, want: true }] }))
    : [base];
}

/**
 * The statements of a zone in the search's form, cached per statement across zones, except those that depend on the
 * zone: resource-side ones (the zone's policies) and any settled with the zone's resource account.
 */
function formsOf(
  q: SessionQuestion,
  lookup: ContextLookup,
  cache = new Map<CompiledStatement, StatementForm>(),
): (st: CompiledStatement) => StatementForm {
  return (st) => {
    let f = cache.get(st);
    if (!f || f.zoneDependent || st.policyType === 'resource' || st.policyType === 'rcp') {
      f = formOf(st, q, lookup);
      cache.set(st, f);
    }
    return f;
  };
}

/** Searches one session for allowed requests. At most `max` witnesses (one per zone/combination). */
export function solveSession(q: SessionQuestion, max = 1): SessionResult {
  const service = q.actionLower.slice(0, q.actionLower.indexOf(':'));
  const lookupBase: ContextLookup = (k) => q.fixed.get(k);
  const unknown = new Set<string>();
  const witnesses: SessionWitness[] = [];
  const formCache = new Map<CompiledStatement, StatementForm>();
  const refusal = q.refuseIn ? refusalModel(q.refuseIn, service) : undefined;
  const shaped: Store = { res: [], keys: new Map(), approx: [] };
  for (const x of q.shape ?? []) addKey(shaped, x.cond.keyLower, x.spec, x.cond, true);
  for (const zone of zones(q.pw, q.subject.principal.accountId, service)) {
    const { combos, denies } = zoneCombos(q, zone);
    if (!combos.length) continue;
    const search: Search = { q, lookup: zoneLookupOf(zone, service, lookupBase), unknown };
    const form = formsOf(q, search.lookup, formCache);
    const denyGroups = denies.map((d) => (b: Store) => requireNoMatch(form(d), b));
    const leaf = refusal ? (b: Store) => searchRefusal(b, refusal, search) : (b: Store) => solveLeaf(b, search);
    const entries = zoneEntries(zone, shaped);
    for (const via of combos) {
      let branches = entries;
      for (const st of via)
        branches = branches
          .flatMap((b) => requireMatch(form(st), b))
          .filter((b) => check(b, q, search.lookup, false).ok);
      const found = searchGroups(branches, denyGroups, 0, search, leaf);
      if (found) {
        witnesses.push({
          resource: found.resource,
          context: found.context,
          via,
          approximate: [...new Set(found.approx)],
        });
        if (witnesses.length >= max) return { status: 'sat', witnesses };
        break;
      }
    }
  }
  if (witnesses.length) return { status: 'sat', witnesses };
  return unknown.size ? { status: 'unknown', why: [...unknown] } : { status: 'unsat' };
}

type SlotType = 'identity' | 'boundary' | 'session' | 'resource' | 'scp' | 'rcp';

/** One policy set that applies, with its Allow candidates (and each one's principal grant, for resource-side sets). */
interface Slot {
  type: SlotType;
  allows: { st: CompiledStatement; grant: number }[];
}

/**
 * The Allow-statement combinations that give `allowed` in a zone (minimal ones, by the engine's own `decide`), and the
 * Deny statements that could apply there.
 */
function zoneCombos(q: SessionQuestion, zone: Zone): { combos: CompiledStatement[][]; denies: CompiledStatement[] } {
  const { slots, denies } = policySlots(q, zone);
  const allowed = (choice: number[]) => decide(matchesOf(q.subject, zone, slots, choice)).decision === 'allowed';
  return {
    combos: minimalChoices(slots, allowed, () => q.stop()).map((combo) =>
      combo.flatMap((c, i) => (c >= 0 ? [slots[i].allows[c].st] : [])),
    ),
    denies: [...new Set(denies)],
  };
}

/** The policy sets that apply in a zone, each with its Allow candidates, and the Deny statements among them. */
function policySlots(q: SessionQuestion, zone: Zone): { slots: Slot[]; denies: CompiledStatement[] } {
  const s = q.subject;
  const slots: Slot[] = [];
  const denies: CompiledStatement[] = [];
  const add = (type: SlotType, set: PolicySet | null, withPrincipal: boolean) => {
    if (!set) return;
    const allows: Slot['allows'] = [];
    for (const st of set.candidates(q.actionLower)) {
      const grant = withPrincipal ? principalGrant(st, s) : 0;
      if (withPrincipal && grant === 0) continue;
      if (st.effect === 'Deny') denies.push(st);
      else allows.push({ st, grant });
    }
    slots.push({ type, allows });
  };
  add('identity', s.identity, false);
  add('boundary', s.boundary, false);
  add('session', s.session, false);
  add('resource', zone.rbp, true);
  s.scps.forEach((l) => add('scp', l, false));
  if (zone.rcpApplies) q.pw.rcps.forEach((l) => add('rcp', l, true));
  return { slots, denies };
}

/** What `decide` is given when the chosen Allow of each slot matches (choice -1: none of that slot's). */
function matchesOf(s: CallerSide, zone: Zone, slots: Slot[], choice: number[]): Matches {
  const o: Matches = {
    identity: 0,
    permissionsBoundary: s.boundary ? 0 : NONE,
    session: s.session ? 0 : NONE,
    resource: zone.rbp ? 0 : NONE,
    scp: ALLOW,
    rcp: ALLOW,
    unsigned: false,
    anonymous: s.principal.kind === 'anonymous',
    sameAccount: s.principal.accountId === zone.account,
    // S3 buckets and DynamoDB tables have no explicit-allow rule; a role's trust policy (sts:*) has.
    explicitResource: zone.explicit === true,
    noAuthorization: false,
    owned: null,
  };
  let scpAll = true;
  let rcpAll = true;
  slots.forEach((slot, i) => {
    const c = choice[i];
    const chosen = c >= 0 ? slot.allows[c] : undefined;
    if (slot.type === 'scp') scpAll = scpAll && !!chosen;
    else if (slot.type === 'rcp') rcpAll = rcpAll && !!chosen;
    else if (chosen)
      o[slot.type === 'boundary' ? 'permissionsBoundary' : slot.type] =
        ALLOW | (slot.type === 'resource' ? chosen.grant << GRANT_SHIFT : 0);
  });
  o.scp = scpAll ? ALLOW : 0;
  o.rcp = rcpAll ? ALLOW : 0;
  return o;
}

/** The choices (one Allow or none per slot) that give `allowed` and stop doing so when any chosen Allow is dropped. */
function minimalChoices(slots: Slot[], allowed: (choice: number[]) => boolean, stop: () => boolean): number[][] {
  const combos: number[][] = [];
  const choice = slots.map(() => -1);
  const minimal = () =>
    choice.every((c, k) => {
      if (c < 0) return true;
      choice[k] = -1;
      const still = allowed(choice);
      choice[k] = c;
      return !still;
    });
  let steps = 0;
  const enumerate = (i: number): void => {
    if (++steps % 256 === 0 && stop()) throw new Stop();
    if (i === slots.length) {
      if (allowed(choice) && minimal()) combos.push([...choice]);
      return;
    }
    for (let c = -1; c < slots[i].allows.length; c++) {
      choice[i] = c;
      enumerate(i + 1);
    }
    choice[i] = -1;
  };
  enumerate(0);
  return combos;
}

/** Thrown to abandon a search when the question's time is up. */
export class Stop extends Error {
  constructor() {
    super('stopped');
  }
}

/** Checks a fully constrained branch: its request, or null (an unknown on the way is recorded). */
function solveLeaf(b: Store, search: Search): Found {
  const r = check(b, search.q, search.lookup, true);
  if (r.ok) return { resource: r.resource, context: r.context, approx: b.approx };
  if (r.unknown) search.unknown.add(r.unknown);
  return null;
}

/** Whether a partly constrained branch can still be met (an unknown on the way is recorded). */
function viable(s: Store, search: Search): boolean {
  const r = check(s, search.q, search.lookup, false);
  if (!r.ok && r.unknown) search.unknown.add(r.unknown);
  return r.ok;
}

/**
 * Depth-first over obligations: group i turns a branch into the branches that meet it (a Deny that must not match,
 * an Allow combination of the other session that must fail); the viable ones go on to group i + 1, and the leaf
 * decides.
 */
function searchGroups(
  branches: Store[],
  groups: ((s: Store) => Store[])[],
  i: number,
  search: Search,
  leaf: (b: Store) => Found,
): Found {
  if (search.q.stop()) throw new Stop();
  for (const b of branches) {
    const found =
      i === groups.length
        ? leaf(b)
        : searchGroups(
            groups[i](b).filter((s) => viable(s, search)),
            groups,
            i + 1,
            search,
            leaf,
          );
    if (found) return found;
  }
  return null;
}

/**
 * The other session (`refuseIn`) as the refusal search needs it: per resource zone of its workspace, the Allow
 * combinations that give it `allowed` and its Denies, with the statements in the search's form.
 */
interface RefusalModel {
  zones: {
    zone: Zone;
    combos: StatementForm[][];
    denies: StatementForm[];
  }[];
}

function refusalModel(b: SessionQuestion, service: string): RefusalModel {
  return {
    zones: zones(b.pw, b.subject.principal.accountId, service).map((zone) => {
      const form = formsOf(
        b,
        zoneLookupOf(zone, service, (k) => b.fixed.get(k)),
      );
      const { combos, denies } = zoneCombos(b, zone);
      return { zone, combos: combos.map((c) => c.map(form)), denies: denies.map(form) };
    }),
  };
}

/**
 * Adds "the other session is refused this request": in whichever of its zones the resource falls, every Allow
 * combination fails (one of its statements does not match) or one of its Denies matches. Each obligation is a
 * branch point like a Deny; the leaf is checked as usual.
 */
function searchRefusal(b: Store, m: RefusalModel, search: Search): Found {
  for (const z of m.zones) {
    const groups = z.combos.map((combo) => (s: Store) => [
      ...combo.flatMap((f) => requireNoMatch(f, s)),
      ...z.denies.flatMap((d) => requireMatch(d, s)),
    ]);
    const entries = zoneEntries(z.zone, b).filter((s) => viable(s, search));
    const found = searchGroups(entries, groups, 0, search, (leaf) => solveLeaf(leaf, search));
    if (found) return found;
  }
  return null;
}
