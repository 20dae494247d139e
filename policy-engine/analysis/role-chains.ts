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
}

const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/[^*?]+$/;

/** The role sessions one role can reach by chaining sts:AssumeRole, breadth first (shortest chains). */
export function roleChains(pw: PreparedWorkspace, startRoleArn: string, opts: ChainOptions): RoleChains {
  const maxDepth = opts.maxDepth ?? 5;
  const sides = new Map<string, ResourceSide>();
  const sideOf = (arn: string) => {
    let s = sides.get(arn);
    if (!s) sides.set(arn, (s = resourceSide(pw, arn)));
    return s;
  };
  const rcp = isRcpSupported(pw.catalog, 'sts');
  const m = createMatches();
  const targets = [...pw.roles.keys()];
  const chainOf = new Map<string, string[]>([[startRoleArn, [startRoleArn]]]);
  const reached: ReachedRole[] = [];
  const outside = new Set<string>();
  let frontier = [startRoleArn];
  let truncated = false;
  for (let depth = 0; frontier.length > 0; depth++) {
    if (depth >= maxDepth) {
      truncated = true;
      break;
    }
    const next: string[] = [];
    for (const from of frontier) {
      const role = pw.roles.get(from);
      if (!role) continue;
      const sessionName = depth === 0 ? (opts.sessionName ?? 'rolecall-chain') : 'rolecall-chain';
      const principal: CallerPrincipal = {
        kind: 'roleSession',
        arn: `arn:${pw.partition}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
        accountId: role.accountId,
        roleArn: role.arn,
        sessionName,
      };
      const { caller } = callerSide(pw, principal, opts, { 'sts:RoleSessionName': sessionName });
      const chain = chainOf.get(from)!;
      for (const to of targets) {
        if (chainOf.has(to)) continue;
        const d = decide(matchPolicies(m, caller, 'sts:assumerole', rcp, sideOf(to), null));
        if (d.decision !== 'allowed') continue;
        const c = [...chain, to];
        chainOf.set(to, c);
        reached.push({ roleArn: to, chain: c });
        next.push(to);
      }
      // Roles named by an Allow for sts:AssumeRole that the workspace does not hold: the chain leaves the workspace.
      for (const st of caller.identity?.candidates('sts:assumerole') ?? []) {
        if (st.effect !== 'Allow') continue;
        for (const r of st.parsed.resource ?? []) {
          const arn = r.value;
          if (!ROLE_ARN.test(arn) || pw.roles.has(arn) || chainOf.has(arn) || outside.has(arn)) continue;
          m.identity = 0;
          const d = decide(matchPolicies(m, caller, 'sts:assumerole', rcp, sideOf(arn), null));
          // The trust policy is unknown: what remains is whether the caller's own side allows.
          if (d.decision === 'explicitDeny' || !(m.identity & ALLOW)) continue;
          outside.add(arn);
          const c = [...chain, arn];
          chainOf.set(arn, c);
          reached.push({ roleArn: arn, chain: c, leavesWorkspace: true });
        }
      }
    }
    frontier = next;
  }
  return {
    start: startRoleArn,
    reached,
    truncated,
    assumptions: outside.size
      ? [
          {
            id: 'chainLeavesWorkspace',
            text: `A chain leaves the workspace: ${[...outside].join(', ')} ${outside.size === 1 ? 'is' : 'are'} not in it, so whether ${outside.size === 1 ? 'its' : 'their'} trust policy allows the hop, and what ${outside.size === 1 ? 'it' : 'they'} may do, is unknown (assumed reachable).`,
          },
        ]
      : [],
  };
}
