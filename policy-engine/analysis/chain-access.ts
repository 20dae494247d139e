/**
 * What role chaining adds to the other views: for who-can, the ways to one action on one resource that go through a
 * chain of sts:AssumeRole hops (each role reached, asked as a session of that role); for the access matrix, the cells
 * a subject is allowed only through a chain, with the chain. A chain that leaves the workspace (a role it does not
 * hold) is listed as such, with the outsider assumption, never an error: what that role may do is unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import type { Answer, Assumption, Decision, MatchedStatement, MatrixCell, RequestContext } from '../model/request';
import type { CallerPrincipal, PreparedWorkspace } from '../evaluate/index';
import { evaluateRequest } from '../evaluate-request';
import { buildMatrix } from './principal-matrix';
import { CHAIN_SESSION, chainedPrincipal, roleChains, type RoleChains } from './role-chains';

/** The session of a workspace role that a chain hop creates (named rolecall-chain). */
function chainSession(pw: PreparedWorkspace, roleArn: string): CallerPrincipal | null {
  const role = pw.roles.get(roleArn);
  return role ? chainedPrincipal(pw, role, CHAIN_SESSION) : null;
}

/** One way to the action through a chain. */
export interface ChainPath {
  /** The roles, from the one the identity or principal holds to the one that acts. */
  chain: string[];
  /** The role that acts (the chain's last). */
  roleArn: string;
  /** Its session ARN; null when the chain leaves the workspace. */
  principalArn: string | null;
  /** `unknown` when the chain leaves the workspace (what the role may do is not known). */
  decision: Decision | 'unknown';
  matchedStatements: MatchedStatement[];
  message: string | null;
  leavesWorkspace?: true;
  assumptions: Assumption[];
}

/** Options: the evaluation time and the request context. */
export interface ChainAccessOptions {
  now: Date;
  context?: RequestContext;
}

/**
 * The chains that start from a principal's session, or from an IAM user of the workspace (whose policies may allow
 * sts:AssumeRole on a role whose trust policy accepts the user); none for other principals.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
 */
function chainsOf(pw: PreparedWorkspace, principal: CallerPrincipal, now: Date): RoleChains | null {
  if (principal.kind === 'user')
    return pw.users.has(principal.arn) ? roleChains(pw, principal.arn, { now, first: principal }) : null;
  const start = principal.roleArn;
  if (!start || (principal.kind !== 'role' && principal.kind !== 'roleSession') || !pw.roles.has(start)) return null;
  return roleChains(pw, start, {
    now,
    ...(principal.kind === 'roleSession' ? { first: principal, sessionName: principal.sessionName } : {}),
  });
}

/**
 * The chains from a principal's session that reach the action on the resource: each role reached (shortest chain
 * first) whose session is allowed, explained; and each chain that leaves the workspace, as `unknown`.
 */
export function chainPaths(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  action: string,
  resource: string,
  opts: ChainAccessOptions,
): ChainPath[] {
  const chains = chainsOf(pw, principal, opts.now);
  if (!chains) return [];
  const out: ChainPath[] = [];
  for (const r of chains.reached) {
    if (r.leavesWorkspace) {
      out.push({
        chain: r.chain,
        roleArn: r.roleArn,
        principalArn: null,
        decision: 'unknown',
        matchedStatements: [],
        message: null,
        leavesWorkspace: true,
        assumptions: chains.assumptions,
      });
      continue;
    }
    const p = chainSession(pw, r.roleArn);
    if (!p) continue;
    const a: Answer = evaluateRequest(
      pw,
      { principal: p.arn, action, resource, ...(opts.context ? { context: opts.context } : {}) },
      { now: opts.now, explain: true },
    );
    if (a.decision !== 'allowed') continue;
    out.push({
      chain: r.chain,
      roleArn: r.roleArn,
      principalArn: p.arn,
      decision: a.decision,
      matchedStatements: a.matchedStatements,
      message: a.message,
      assumptions: a.assumptions,
    });
  }
  return out;
}

/** A matrix cell allowed only through a chain. */
export interface ChainCell {
  /** Index into the matrix's actions. */
  action: number;
  /** Index into the matrix's resources. */
  resource: number;
  /** The shortest chain whose last role is allowed the cell. */
  chain: string[];
}

/** What chaining adds to one matrix row. */
export interface RowChains {
  cells: ChainCell[];
  /** Chains that leave the workspace: what their last role may do is unknown (outsider assumption). */
  leaving: string[][];
  assumptions: Assumption[];
}

/**
 * The cells of a row (decisions `at(action, resource)`, for `principal`) that are not allowed directly
 * but are allowed to a role the session reaches by chaining — the shortest such chain. `rows` memoises the reached
 * roles' own matrices across the rows of one matrix (keyed by role ARN; the same actions and resources).
 */
export function chainCells(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  actions: string[],
  resources: string[],
  at: (action: number, resource: number) => MatrixCell,
  opts: { now: Date },
  rows: Map<string, MatrixCell[][]> = new Map(),
): RowChains {
  const chains = chainsOf(pw, principal, opts.now);
  if (!chains) return { cells: [], leaving: [], assumptions: [] };
  const cells: ChainCell[] = [];
  const leaving: string[][] = [];
  const taken = new Set<number>();
  for (const r of chains.reached) {
    if (r.leavesWorkspace) {
      leaving.push(r.chain);
      continue;
    }
    let m = rows.get(r.roleArn);
    if (!m) {
      const p = chainSession(pw, r.roleArn);
      if (!p) continue;
      rows.set(r.roleArn, (m = buildMatrix(pw, p, actions, resources, { now: opts.now, explain: false })));
    }
    for (let a = 0; a < actions.length; a++)
      for (let x = 0; x < resources.length; x++) {
        if (m[a][x] !== 'allowed') continue;
        const key = a * resources.length + x;
        if (taken.has(key)) continue;
        const own = at(a, x);
        if (own === 'allowed' || own === 'notApplicable') continue;
        taken.add(key);
        cells.push({ action: a, resource: x, chain: r.chain });
      }
  }
  cells.sort((p, q) => p.action - q.action || p.resource - q.resource);
  return { cells, leaving, assumptions: chains.assumptions };
}
