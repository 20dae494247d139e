/**
 * cognito-chain-reaches-role: a role an identity pool gives its users (authenticated or guest) may sts:AssumeRole
 * another role, hop by hop (role chaining), so every such user gets that role too. Each hop is decided as AWS does: the
 * caller's policies (and, for a guest of the enhanced flow, Cognito's scope-down session policies, which do not let
 * sts:* through) and the target's trust policy. The severity follows what the reached role may do beyond the pool's
 * role: writes → high, reads → medium, nothing more on the workspace's resources → low; a chain through a role the
 * workspace does not hold "leaves the workspace" (medium: what that role may do is unknown; the outsider assumption is
 * listed).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 */
import { guestSessionPolicies } from '../../cognito/index';
import type { CallerPrincipal } from '../../evaluate/index';
import { isWriteLike } from '../describe';
import { chainedPrincipal, roleChains } from '../role-chains';
import { cellsMinus, roleCells } from './privilege';
import { roleName } from './trust-helpers';
import type { Finding, FindingRule, Severity } from './types';

/** The rule. */
export const cognitoChainReachesRole: FindingRule = {
  id: 'cognito-chain-reaches-role',
  name: 'CognitoChainReachesRole',
  title: 'Cognito identities reach another role through role chaining',
  severity: 'high',
  description:
    "A role the identity pool gives its users (authenticated or guest) may assume another role (sts:AssumeRole, hop by hop, each hop allowed by the caller's policies and the target's trust policy): every such user gets that role's permissions too. Severity: high when the reached role may write what the pool's role may not, medium for reads (or a chain that leaves the workspace), low otherwise.",
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining',
  check(ctx) {
    const out: Finding[] = [];
    const { pw } = ctx;
    const scopeDown = guestSessionPolicies(pw.workspace.settings);
    for (const { pool } of ctx.pools) {
      const id = typeof pool.IdentityPoolId === 'string' ? pool.IdentityPoolId : '';
      const roles = pool.Roles ?? {};
      for (const kind of ['authenticated', 'unauthenticated'] as const) {
        const start = roles[kind];
        if (typeof start !== 'string' || !pw.roles.has(start)) continue;
        if (kind === 'unauthenticated' && pool.AllowUnauthenticatedIdentities !== true) continue;
        const role = pw.roles.get(start)!;
        // Guests: the enhanced flow passes Cognito's scope-down session policies; the basic flow (when the pool
        // allows it) passes none, so a guest of the basic flow can chain where one of the enhanced flow cannot.
        const flows: { flow: 'enhanced' | 'basic'; sessionPolicies: CallerPrincipal['sessionPolicies'] }[] =
          kind === 'authenticated'
            ? [{ flow: 'enhanced', sessionPolicies: [] }]
            : [
                { flow: 'enhanced', sessionPolicies: scopeDown.policies },
                ...(pool.AllowClassicFlow === true ? [{ flow: 'basic' as const, sessionPolicies: [] }] : []),
              ];
        const seen = new Set<string>();
        for (const { flow, sessionPolicies } of flows) {
          const first: CallerPrincipal = {
            ...chainedPrincipal(pw, role, 'CognitoIdentityCredentials'),
            ...(sessionPolicies?.length ? { sessionPolicies } : {}),
            context: {
              'cognito-identity.amazonaws.com:aud': id,
              'cognito-identity.amazonaws.com:amr': [kind],
            },
          };
          const chains = roleChains(pw, start, { now: ctx.now, first });
          const who =
            kind === 'authenticated'
              ? 'any signed-in user'
              : `any guest (no sign-in)${flows.length > 1 ? ` in the ${flow} flow` : ''}`;
          for (const r of chains.reached) {
            if (seen.has(r.roleArn)) continue;
            seen.add(r.roleArn);
            const via = r.chain.map(roleName).join(' → ');
            const hopFrom = r.chain[r.chain.length - 2];
            const fix = `Remove sts:AssumeRole on ${r.roleArn} from ${roleName(hopFrom)}'s policies if the app's users do not need it, or narrow ${roleName(r.roleArn)}'s trust policy to the principals that do.`;
            if (r.leavesWorkspace) {
              out.push({
                ruleId: this.id,
                severity: 'medium',
                title: this.title,
                message: `${who} of identity pool ${id} gets ${roleName(start)}, whose session may assume ${r.roleArn} (role chain ${via}). That role is not in the workspace, so the chain leaves the workspace: whether its trust policy accepts the hop, and what it may do, is unknown.`,
                fix,
                location: { kind: 'role', arn: hopFrom },
                assumptions: chains.assumptions,
              });
              continue;
            }
            const cells = roleCells(ctx, r.roleArn);
            const extra = cellsMinus(cells, roleCells(ctx, start));
            const writes = extra.filter((c) => isWriteLike(pw.catalog, c.action));
            const severity: Severity = writes.length ? 'high' : extra.length ? 'medium' : 'low';
            const what = writes.length
              ? `${ctx.describe(writes)}, which ${roleName(start)} itself may not`
              : extra.length
                ? `${ctx.describe(extra)}, which ${roleName(start)} itself may not`
                : `nothing on the workspace's S3 and DynamoDB resources beyond what ${roleName(start)} may (its other permissions still apply)`;
            out.push({
              ruleId: this.id,
              severity,
              title: this.title,
              message: `${who} of identity pool ${id} gets ${roleName(start)}, and can go on to ${roleName(r.roleArn)} through the role chain ${via} (each hop allowed by the caller's policies and the target's trust policy). As ${roleName(r.roleArn)} such a user can ${what}.`,
              fix,
              location: { kind: 'role', arn: hopFrom },
            });
          }
        }
      }
    }
    return out;
  },
};
