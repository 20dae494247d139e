/**
 * cognito-role-reconfigures-pool: a role an identity pool hands out (authenticated or guest), directly or through a
 * chain of sts:AssumeRole hops, may call cognito-identity:SetIdentityPoolRoles / UpdateIdentityPool /
 * DeleteIdentityPool on the pool, or iam:PassRole on its roles: any user who gets that role can swap the pool's roles,
 * reconfigure or delete the pool.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 *
 * pool-guests-without-role: a pool allows unauthenticated identities but configures no guest role; guests then get
 * no credentials (InvalidIdentityPoolConfigurationException), which usually means the setting is left on by mistake.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html
 */
import { fastDecision } from '../../evaluate/index';
import { guestSessionPolicies } from '../../cognito/index';
import { chainedPrincipal, roleChains } from '../role-chains';
import { roleName } from './trust-helpers';
import type { Finding, FindingRule } from './types';

const POOL_ACTIONS = [
  'cognito-identity:SetIdentityPoolRoles',
  'cognito-identity:UpdateIdentityPool',
  'cognito-identity:DeleteIdentityPool',
];

/** The rule. */
export const cognitoRoleReconfiguresPool: FindingRule = {
  id: 'cognito-role-reconfigures-pool',
  name: 'CognitoRoleReconfiguresPool',
  title: 'A Cognito identity can reconfigure its identity pool',
  severity: 'high',
  description:
    "A role the identity pool gives its users (directly or through role chaining) may call SetIdentityPoolRoles, UpdateIdentityPool or DeleteIdentityPool on the pool, or iam:PassRole on the pool's roles: any such user can swap the pool's roles for more powerful ones, reconfigure or delete the pool.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html',
  check(ctx) {
    const out: Finding[] = [];
    const { pw } = ctx;
    for (const { pool } of ctx.pools) {
      const id = typeof pool.IdentityPoolId === 'string' ? pool.IdentityPoolId : '';
      const region = id.split(':')[0] || pw.region;
      const poolArn = `arn:${pw.partition}:cognito-identity:${region}:${pw.accountId}:identitypool/${id}`;
      const roles = pool.Roles ?? {};
      for (const [kind, start] of [
        ['authenticated', roles.authenticated],
        ['unauthenticated', roles.unauthenticated],
      ] as const) {
        if (typeof start !== 'string' || !pw.roles.has(start)) continue;
        const who = kind === 'authenticated' ? 'any signed-in user' : 'any guest (no sign-in)';
        // A guest of the enhanced flow carries Cognito's scope-down session policies, which do not let sts:* through:
        // such a guest chains only when the pool also allows the basic flow (no scope-down).
        const srole = pw.roles.get(start)!;
        const scoped = kind === 'unauthenticated' && pool.AllowClassicFlow !== true;
        const chains = roleChains(pw, start, {
          now: ctx.now,
          sessionName: 'CognitoIdentityCredentials',
          ...(scoped
            ? {
                first: {
                  ...chainedPrincipal(pw, srole, 'CognitoIdentityCredentials'),
                  sessionPolicies: guestSessionPolicies(pw.workspace.settings).policies,
                },
              }
            : {}),
        });
        const reach = [
          { roleArn: start, chain: [start] },
          ...chains.reached.filter((r) => !r.leavesWorkspace && pw.roles.has(r.roleArn)),
        ];
        for (const r of reach) {
          const role = pw.roles.get(r.roleArn)!;
          const p = chainedPrincipal(pw, role, 'CognitoIdentityCredentials');
          // An action the catalog does not tie to the pool resource type is authorized on "*".
          const on = (a: string) => {
            const d = fastDecision(pw, p, { action: a, resource: poolArn }, { now: ctx.now });
            return d === 'notApplicable' ? fastDecision(pw, p, { action: a, resource: '*' }, { now: ctx.now }) : d;
          };
          const can = POOL_ACTIONS.filter((a) => on(a) === 'allowed');
          const passable = [roles.authenticated, roles.unauthenticated].filter(
            (x): x is string =>
              typeof x === 'string' &&
              fastDecision(pw, p, { action: 'iam:PassRole', resource: x }, { now: ctx.now }) === 'allowed',
          );
          if (passable.length) can.push(`iam:PassRole on ${passable.map(roleName).join(', ')}`);
          if (!can.length) continue;
          const via = r.chain.length > 1 ? ` through the role chain ${r.chain.map(roleName).join(' → ')}` : '';
          out.push({
            ruleId: this.id,
            severity: this.severity,
            title: this.title,
            message: `${who} of identity pool ${id} gets ${roleName(start)}${via}, whose policies allow ${can.join(', ')} on the pool: such a user can replace the pool's roles with more powerful ones, reconfigure or delete the pool.${kind === 'unauthenticated' ? " (Evaluated without Cognito's guest scope-down policy, which lets Cognito Identity actions through.)" : ''}`,
            fix: `Remove cognito-identity:* / SetIdentityPoolRoles / UpdateIdentityPool / DeleteIdentityPool${passable.length ? ' and iam:PassRole' : ''} from ${roleName(r.roleArn)}'s policies (an app's users never need them), or add a Deny for them.`,
            location: { kind: 'role', arn: r.roleArn },
          });
        }
      }
    }
    return out;
  },
};

/** The rule. */
export const poolGuestsWithoutRole: FindingRule = {
  id: 'pool-guests-without-role',
  name: 'PoolGuestsWithoutRole',
  title: 'Identity pool allows guests but has no guest role',
  severity: 'low',
  description:
    'AllowUnauthenticatedIdentities is true but Roles has no unauthenticated role: guests get an identity id but no credentials. Turn guest access off, or configure the guest role you meant to.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html',
  check(ctx) {
    const out: Finding[] = [];
    ctx.pools.forEach(({ pool, index }) => {
      if (pool.AllowUnauthenticatedIdentities !== true || typeof pool.Roles?.unauthenticated === 'string') return;
      out.push({
        ruleId: this.id,
        severity: this.severity,
        title: this.title,
        message: `Identity pool ${pool.IdentityPoolId} allows unauthenticated identities but configures no unauthenticated role: every guest's GetCredentialsForIdentity fails (InvalidIdentityPoolConfigurationException), while GetId still hands out identity ids.`,
        fix: 'Set AllowUnauthenticatedIdentities to false, or set Roles.unauthenticated to a least-privilege guest role.',
        location: ctx.poolLocation(index, { path: ['AllowUnauthenticatedIdentities'] }),
      });
    });
    return out;
  },
};
