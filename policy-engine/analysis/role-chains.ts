/**
 * Role chaining: the roles a role's sessions can go on to assume, transitively. Each hop is an sts:AssumeRole request
 * by a session of the current role, decided like any request (the caller's identity policies, boundary and SCPs, and
 * the target's trust policy, which must allow explicitly; across accounts both sides), with the session name AWS
 * carries as sts:RoleSessionName. Cycles terminate (each role is visited once, by its shortest chain); a role the
 * workspace does not hold, named by an Allow for sts:AssumeRole, "leaves the workspace": listed with the outsider
 * assumption, never an error.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname
 */
import { isRcpSupported } from '../catalog';
import { allowsOrAbsent } from '../evaluate/matches';
import {
  ALLOW,
  callerSide,
  createMatches,
  decide,
  matchPolicies,
  resourceSide,
  type CallerPrincipal,
  type EvalOptions,
  type PreparedWorkspace,
  type ResourceSide,
} from '../evaluate/index';

/** One role reached through a chain. */
export interface ReachedRole {
  roleArn: string;
  /** The roles of the chain, from the starting role to this one (both included). */
  chain: string[];
  /** The workspace does not hold the role: what it may do (and whether its trust allows) is unknown. */
  leavesWorkspace?: true;
}

/** What a role's sessions can reach by chaining. */
export interface RoleChains {
  start: string;
  reached: ReachedRole[];
  /** The depth limit stopped the search before every chain ended. */
  truncated: boolean;
  /** The outsider assumption, when a chain leaves the workspace. */
  assumptions: { id: string; text: string }[];
}

/** Options: the evaluation time, the maximum chain length in hops (default 5), the session name each hop carries. */
export interface ChainOptions extends EvalOptions {
  maxDepth?: number;
  /** The session name of the first session (Cognito's is CognitoIdentityCredentials); later hops use `rolecall-chain`. */
  sessionName?: string;
  /**
   * The first caller itself, when it is more than a plain session of the start role (or is an IAM user, the start
   * being the user's ARN): a Cognito guest's carries
   * Cognito's scope-down session policies, an identity's carries its context keys. Later hops are plain sessions.
   */
  first?: CallerPrincipal;
  /**
   * Session tags the first session set as transitive (TransitiveTagKeys): they persist through every later hop, as
   * aws:PrincipalTag of the chained sessions and sts:TransitiveTagKeys of each hop's request.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
   */
  transitiveTags?: Record<string, string>;
  /**
   * The source identity the first session set: it persists across chained role sessions (sts:SourceIdentity of each
   * hop, aws:SourceIdentity of the chained sessions' requests).
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
   */
  sourceIdentity?: string;
}

/** What every later hop carries from the first session: transitive session tags and the source identity. */
interface Carry {
  tags: Record<string, string>;
  sourceIdentity?: string;
  key: string;
}

/** The chained session of a role: a plain session named `sessionName`, with what the chain carries. */
export function chainedPrincipal(
  pw: PreparedWorkspace,
  role: { arn: string; name: string; accountId: string },
  sessionName: string,
  carry?: { tags?: Record<string, string>; sourceIdentity?: string },
): CallerPrincipal {
  const tags = carry?.tags ?? {};
  return {
    kind: 'roleSession',
    arn: `arn:${pw.partition}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
    accountId: role.accountId,
    roleArn: role.arn,
    sessionName,
    ...(Object.keys(tags).length ? { sessionTags: { ...tags } } : {}),
    ...(carry?.sourceIdentity !== undefined ? { context: { 'aws:SourceIdentity': carry.sourceIdentity } } : {}),
  };
}

const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/[^*?]+$/;
/** The session name a chained session carries (RoleSessionName of each later hop). */
export const CHAIN_SESSION = 'rolecall-chain';

/** The hops of one role session: the workspace roles it may assume, and the roles outside the workspace it names. */
interface Hops {
  to: string[];
  outside: string[];
}

/**
 * What a prepared workspace's trust policies accept, computed once: which roles' trust policies have any Allow for
 * sts:AssumeRole (no other role can ever be assumed, as a trust policy must allow explicitly), which of those name a
 * principal ARN (a role or session ARN: such an Allow can allow without the caller's identity policies), and which
 * name "*" or use NotPrincipal. Plus the hops memoised per (caller role, session name) at one evaluation time.
 */
interface ChainIndex {
  order: Map<string, number>;
  accepting: string[];
  named: Map<string, string[]>;
  open: string[];
  sides: Map<string, ResourceSide>;
  rcp: boolean;
  nowMs: number;
  /** (session name, what the chain carries) → caller role → its hops. */
  hops: Map<string, Map<string, Hops>>;
}

const indexes = new WeakMap<PreparedWorkspace, ChainIndex>();

function chainIndex(pw: PreparedWorkspace, nowMs: number): ChainIndex {
  let ix = indexes.get(pw);
  if (ix) {
    if (ix.nowMs !== nowMs) {
      ix.nowMs = nowMs;
      ix.hops = new Map();
    }
    return ix;
  }
  const order = new Map<string, number>();
  const accepting: string[] = [];
  const named = new Map<string, string[]>();
  const open: string[] = [];
  const sides = new Map<string, ResourceSide>();
  for (const [arn, role] of pw.roles) {
    order.set(arn, order.size);
    const allows = (role.trust?.candidates('sts:assumerole') ?? []).filter((st) => st.effect === 'Allow');
    if (allows.length === 0) continue;
    accepting.push(arn);
    sides.set(arn, resourceSide(pw, arn));
    let isOpen = false;
    const names = new Set<string>();
    for (const st of allows) {
      const el = st.principal;
      if (!el) continue;
      if (el.not || el.wildcard) isOpen = true;
      else for (const e of el.entries) if (e.type === 'AWS' && e.rootAccount === null) names.add(e.value);
    }
    if (isOpen) open.push(arn);
    for (const n of names) {
      const l = named.get(n);
      if (l) l.push(arn);
      else named.set(n, [arn]);
    }
  }
  ix = { order, accepting, named, open, sides, rcp: isRcpSupported(pw.catalog, 'sts'), nowMs, hops: new Map() };
  indexes.set(pw, ix);
  return ix;
}

/** A Resource entry that matches only the text it is (no wildcard, no variable). */
const literal = (r: { source: string; hasVariables: boolean }) => !r.hasVariables && !/[*?$]/.test(r.source);

/**
 * The hops of a session of `from` named `sessionName`: every workspace role whose trust policy accepts it and whose
 * AssumeRole its policies allow, decided like any request. Only the roles that could be allowed are decided: a hop
 * needs an Allow in the target's trust policy, and either that Allow names the caller's role or session ARN (or "*",
 * or is a NotPrincipal), or the caller's identity policies allow sts:AssumeRole on the target (when every such Allow
 * lists exact role ARNs, only those roles).
 */
function hopsOf(
  pw: PreparedWorkspace,
  ix: ChainIndex,
  from: string,
  sessionName: string,
  opts: EvalOptions,
  carry: Carry,
  memo: Map<string, Hops> | null,
  first?: CallerPrincipal,
): Hops {
  // `memo`: the hops of this session name and carry, by caller role; a first session with session policies or context
  // of its own is decided afresh (memo null).
  const hit = memo?.get(from);
  if (hit) return hit;
  const hops: Hops = { to: [], outside: [] };
  memo?.set(from, hops);
  // The caller: a session of the role `from`, or (first hop only) the chain's own start — an IAM user of the
  // workspace, whose sts:AssumeRole is decided as the user.
  const role = pw.roles.get(from) ?? (first?.kind === 'user' ? pw.users.get(from) : undefined);
  if (!role) return hops;
  // Nothing to decide when no identity Allow lists sts:AssumeRole and no trust policy names this role's sessions or
  // is open ("*", NotPrincipal): every hop would lack an Allow (most roles of a workspace).
  const principal: CallerPrincipal = first ?? chainedPrincipal(pw, role, sessionName, carry);
  if (
    !role.identity.candidates('sts:assumerole').some((st) => st.effect === 'Allow') &&
    ix.open.length === 0 &&
    !ix.named.has(role.arn) &&
    !ix.named.has(principal.arn)
  )
    return hops;
  // The hop's request: the new session's name, and what persists (source identity, transitive tag keys).
  const tagKeys = Object.keys(carry.tags);
  const { caller } = callerSide(pw, principal, opts, {
    'sts:RoleSessionName': sessionName,
    ...(carry.sourceIdentity !== undefined ? { 'sts:SourceIdentity': carry.sourceIdentity } : {}),
    ...(tagKeys.length ? { 'sts:TransitiveTagKeys': tagKeys } : {}),
  });
  const allows = (caller.identity?.candidates('sts:assumerole') ?? []).filter((st) => st.effect === 'Allow');
  let candidates: string[];
  if (allows.every((st) => !st.notResource && st.resources !== null && st.resources.every(literal))) {
    const set = new Set<string>();
    for (const st of allows) for (const r of st.resources!) if (ix.sides.has(r.source)) set.add(r.source);
    for (const n of [principal.arn, role.arn]) for (const t of ix.named.get(n) ?? []) set.add(t);
    for (const t of ix.open) set.add(t);
    candidates = [...set].sort((a, b) => ix.order.get(a)! - ix.order.get(b)!);
  } else candidates = ix.accepting;
  const m = createMatches();
  for (const to of candidates) {
    const d = decide(matchPolicies(m, caller, 'sts:assumerole', ix.rcp, ix.sides.get(to)!, null));
    if (d.decision === 'allowed') hops.to.push(to);
  }
  // Roles named by an Allow for sts:AssumeRole that the workspace does not hold: the chain leaves the workspace.
  for (const st of allows) {
    for (const r of st.parsed.resource ?? []) {
      const arn = r.value;
      if (!ROLE_ARN.test(arn) || pw.roles.has(arn) || hops.outside.includes(arn)) continue;
      let side = ix.sides.get(arn);
      if (!side) ix.sides.set(arn, (side = resourceSide(pw, arn)));
      const d = decide(matchPolicies(m, caller, 'sts:assumerole', ix.rcp, side, null));
      // The trust policy is unknown: what remains is whether the caller's own side allows (its identity policies,
      // and its permissions boundary and SCPs where it has them), with no explicit Deny.
      if (
        d.decision === 'explicitDeny' ||
        !(m.identity & ALLOW) ||
        !allowsOrAbsent(m.permissionsBoundary) ||
        !allowsOrAbsent(m.session) ||
        !allowsOrAbsent(m.scp)
      )
        continue;
      hops.outside.push(arn);
    }
  }
  return hops;
}

/**
 * The role sessions one role can reach by chaining sts:AssumeRole, breadth first (shortest chains). Each role is
 * visited once, so cycles terminate; the hops of a (role, session name) pair are decided once per prepared workspace
 * and evaluation time, so the chains from every role of a workspace cost little more than those from one.
 */
export function roleChains(pw: PreparedWorkspace, startRoleArn: string, opts: ChainOptions): RoleChains {
  // `startRoleArn` may also be an IAM user's ARN, with `first` the user (kind "user"): its first hop is the user's
  // own sts:AssumeRole (RoleSessionName rolecall-chain), not a role chaining hop, and each later hop is chaining.
  const maxDepth = opts.maxDepth ?? 5;
  const ix = chainIndex(pw, opts.now.getTime());
  const chainOf = new Map<string, string[]>([[startRoleArn, [startRoleArn]]]);
  const reached: ReachedRole[] = [];
  const outside = new Set<string>();
  let frontier = [startRoleArn];
  let truncated = false;
  const first =
    opts.first && (opts.first.kind === 'user' ? opts.first.arn : opts.first.roleArn) === startRoleArn
      ? opts.first
      : undefined;
  const tags = opts.transitiveTags ?? {};
  const carry: Carry = {
    tags,
    ...(opts.sourceIdentity !== undefined ? { sourceIdentity: opts.sourceIdentity } : {}),
    key: JSON.stringify([Object.entries(tags).sort(), opts.sourceIdentity ?? null]),
  };
  for (let depth = 0; frontier.length > 0; depth++) {
    const sessionName = depth === 0 ? (first?.sessionName ?? opts.sessionName ?? CHAIN_SESSION) : CHAIN_SESSION;
    const firstOf = depth === 0 ? first : undefined;
    let memo: Map<string, Hops> | null = null;
    if (!firstOf) {
      const k = `${sessionName}\u0000${carry.key}`;
      memo = ix.hops.get(k) ?? null;
      if (!memo) ix.hops.set(k, (memo = new Map()));
    }
    if (depth >= maxDepth) {
      // Cut short only if some role of the last level could go on to a role not reached yet.
      truncated = frontier.some((from) => {
        const h = hopsOf(pw, ix, from, sessionName, opts, carry, memo, firstOf);
        return h.to.some((t) => !chainOf.has(t)) || h.outside.some((t) => !chainOf.has(t));
      });
      break;
    }
    const next: string[] = [];
    for (const from of frontier) {
      const hops = hopsOf(pw, ix, from, sessionName, opts, carry, memo, firstOf);
      const chain = chainOf.get(from)!;
      for (const to of hops.to) {
        if (chainOf.has(to)) continue;
        const c = [...chain, to];
        chainOf.set(to, c);
        reached.push({ roleArn: to, chain: c });
        next.push(to);
      }
      for (const arn of hops.outside) {
        if (chainOf.has(arn)) continue;
        outside.add(arn);
        const c = [...chain, arn];
        chainOf.set(arn, c);
        reached.push({ roleArn: arn, chain: c, leavesWorkspace: true });
      }
    }
    frontier = next;
  }
  const untagged =
    first?.sessionTags && Object.keys(first.sessionTags).some((k) => !(k in tags)) && reached.length > 0
      ? [
          {
            id: 'chainTagsNotTransitive',
            text: `The first session's session tags ${Object.keys(first.sessionTags)
              .filter((k) => !(k in tags))
              .join(
                ', ',
              )} are not carried to the chained sessions: only tags set as transitive persist through role chaining, and they were not given as transitive (Cognito does not document marking its principal tags transitive).`,
          },
        ]
      : [];
  return {
    start: startRoleArn,
    reached,
    truncated,
    assumptions: [...untagged, ...outsideAssumption(outside)],
  };
}

function outsideAssumption(outside: Set<string>): { id: string; text: string }[] {
  return outside.size
    ? [
        {
          id: 'chainLeavesWorkspace',
          text: `A chain leaves the workspace: ${[...outside].join(', ')} ${outside.size === 1 ? 'is' : 'are'} not in it, so whether ${outside.size === 1 ? 'its' : 'their'} trust policy allows the hop, and what ${outside.size === 1 ? 'it' : 'they'} may do, is unknown (assumed reachable).`,
        },
      ]
    : [];
}

/** The chains from every role of the workspace (each role's sessions named `sessionName`, default rolecall-chain). */
export function allRoleChains(pw: PreparedWorkspace, opts: ChainOptions): Map<string, RoleChains> {
  const out = new Map<string, RoleChains>();
  for (const arn of pw.roles.keys()) out.set(arn, roleChains(pw, arn, opts));
  return out;
}
