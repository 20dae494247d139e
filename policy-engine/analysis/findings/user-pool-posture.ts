/**
 * What the user-pool posture rules share: which identity pools accept a user pool's tokens (and through which app
 * clients), the roles its users can reach (group roles through a Token mapping, rule roles, the default role), whether
 * such a role is privileged, and a finding location inside the user pool (CONTRACT.md §5 `location.kind: "userPool"`)
 * with the file and line the importer recorded.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { IdentityPool, MappingRule, RoleMapping, UserPoolEntry } from '../../model/workspace';
import { resolveIdentity } from '../../cognito/index';
import { describeRule } from '../../cognito/rules';
import {
  clientsOf,
  groupsOf,
  providerNameOf,
  userPoolSource,
  userPoolsOf,
  type UserPoolPart,
} from '../../userpool/index';
import { isWriteLike, type ActionOnResource } from '../describe';
import type { AuditContext } from './context';
import { privilege, roleCells } from './privilege';
import type { FindingLocation } from './types';
import { roleName } from './trust-helpers';

const arr = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** An identity pool that accepts tokens of one app client of the user pool. */
export interface Acceptance {
  pool: IdentityPool;
  poolIndex: number;
  clientId: string;
  /** The RoleMappings entry for `provider:clientId`, if any. */
  mapping?: RoleMapping;
  mappingKey: string;
}

/** One way a user pool's users reach a role. */
export interface RoleRoute {
  roleArn: string;
  /** "members of group admins", "users whose custom:tenant Equals "staff" (rule 0)", "any signed-in user". */
  via: string;
  kind: 'group' | 'rule' | 'default';
  groupName?: string;
  ruleIndex?: number;
  rule?: MappingRule;
  acceptance: Acceptance;
  /** Privileged compared with the identity pool's default authenticated role (more cells, or any write). */
  privileged: boolean;
  why: string;
}

/** A user pool of the workspace with what it is connected to. */
export interface PoolInUse {
  entry: UserPoolEntry;
  poolIndex: number;
  userPoolId: string;
  provider: string;
  accepted: Acceptance[];
}

/** Every user pool of the workspace, with the identity pools that list its app clients. */
export function userPoolsInUse(ctx: AuditContext): PoolInUse[] {
  const all = arr<UserPoolEntry>(ctx.ws.userPools);
  return userPoolsOf(ctx.ws).map((entry) => {
    const userPoolId = entry.UserPool.Id;
    const provider = providerNameOf(userPoolId);
    const accepted: Acceptance[] = [];
    for (const { pool, index } of ctx.pools) {
      for (const p of arr<{ ProviderName?: string; ClientId?: string }>(pool.CognitoIdentityProviders)) {
        if (!p || p.ProviderName !== provider || typeof p.ClientId !== 'string') continue;
        const mappingKey = `${provider}:${p.ClientId}`;
        const mappings = (pool.RoleMappings ?? {}) as Record<string, RoleMapping>;
        const mapping = Object.prototype.hasOwnProperty.call(mappings, mappingKey) ? mappings[mappingKey] : undefined;
        accepted.push({ pool, poolIndex: index, clientId: p.ClientId, mappingKey, ...(mapping ? { mapping } : {}) });
      }
    }
    return { entry, poolIndex: all.indexOf(entry), userPoolId, provider, accepted };
  });
}

/** The roles a user pool's users reach through each identity pool that accepts them. */
export function roleRoutes(ctx: AuditContext, use: PoolInUse): RoleRoute[] {
  const out: RoleRoute[] = [];
  for (const acceptance of use.accepted) {
    const baseline = acceptance.pool.Roles?.authenticated;
    const add = (r: Omit<RoleRoute, 'privileged' | 'why' | 'acceptance'>) => {
      const p = privilege(ctx, r.roleArn, baseline);
      const anyWrite = writes(ctx, r.roleArn);
      const privileged = p.privileged || (r.kind === 'default' && anyWrite.length > 0);
      out.push({
        ...r,
        acceptance,
        privileged,
        why: p.why || (anyWrite.length ? `it can ${ctx.describe(anyWrite)}` : ''),
      });
    };
    const m = acceptance.mapping;
    if (m?.Type === 'Token') {
      for (const g of groupsOf(use.entry))
        if (typeof g.RoleArn === 'string' && g.RoleArn)
          add({ roleArn: g.RoleArn, via: `members of group ${g.GroupName}`, kind: 'group', groupName: g.GroupName });
    }
    if (m?.Type === 'Rules') {
      arr<MappingRule>(m.RulesConfiguration?.Rules).forEach((rule, i) => {
        if (rule && typeof rule.RoleARN === 'string')
          add({
            roleArn: rule.RoleARN,
            via: `users whose ${describeRule(rule)} (rule ${i})`,
            kind: 'rule',
            ruleIndex: i,
            rule,
          });
      });
    }
    if (typeof baseline === 'string' && baseline)
      add({ roleArn: baseline, via: 'any signed-in user (the default authenticated role)', kind: 'default' });
  }
  return out;
}

/** The privileged routes, each role once (the first way to it). */
export function privilegedRoutes(ctx: AuditContext, use: PoolInUse): RoleRoute[] {
  const seen = new Set<string>();
  return roleRoutes(ctx, use).filter((r) => {
    if (!r.privileged || r.kind === 'default' || seen.has(r.roleArn)) return false;
    seen.add(r.roleArn);
    return true;
  });
}

/** "NotesAdmin (members of group admins), NotesEditor (…)". */
export function routesText(routes: RoleRoute[]): string {
  return routes.map((r) => `${roleName(r.roleArn)} (${r.via}: ${r.why})`).join('; ');
}

/** The write cells of a role. */
export function writes(ctx: AuditContext, roleArn: string): ActionOnResource[] {
  return roleCells(ctx, roleArn).filter((c) => isWriteLike(ctx.pw.catalog, c.action));
}

/** Whether a role's policies scope data per user (the policy variable `${cognito-identity.amazonaws.com:sub}`). */
export function perUserData(ctx: AuditContext, roleArn: string): boolean {
  return ctx.refs.some(
    (r) =>
      r.policyType === 'identity' &&
      r.attachedTo.includes(roleArn) &&
      JSON.stringify(r.parsed.statements.map((s) => s.resource?.map((x) => x.value) ?? [])).includes(
        '${cognito-identity.amazonaws.com:sub}',
      ),
  );
}

/**
 * The role a new user who signed up (no group, no attributes beyond what they type) gets through one acceptance:
 * resolved from the ID token Cognito would issue, exactly as `identity.user` does.
 */
export function roleOfNewUser(ctx: AuditContext, use: PoolInUse, acceptance: Acceptance): string | null {
  const r = resolveIdentity(
    ctx.pw,
    {
      identityPoolId: acceptance.pool.IdentityPoolId,
      user: { userPoolId: use.userPoolId, clientId: acceptance.clientId, username: 'rolecall-new-user', groups: [] },
    },
    { now: ctx.now, explain: false },
  );
  return r.resolution.outcome === 'role' ? r.roleArn : null;
}

/** A finding location in the user pool: the client, group, attribute or field, with the recorded file and line. */
export function userPoolLocation(ctx: AuditContext, use: PoolInUse, part: UserPoolPart = {}): FindingLocation {
  const source = userPoolSource(ctx.ws, use.userPoolId, part);
  const path: (string | number)[] = ['userPools', use.poolIndex];
  if (part.client !== undefined) {
    const i = clientsOf(use.entry).findIndex((c) => c.ClientId === part.client);
    path.push('Clients', i);
  } else if (part.group !== undefined) {
    const i = groupsOf(use.entry).findIndex((g) => g.GroupName === part.group);
    path.push('Groups', i);
  } else if (part.field === 'MfaConfig') path.push('MfaConfig');
  else if (part.field !== undefined) path.push('UserPool', part.field);
  if ((part.client !== undefined || part.group !== undefined) && part.field !== undefined) path.push(part.field);
  return {
    kind: 'userPool',
    userPoolId: use.userPoolId,
    ...(part.client !== undefined ? { clientId: part.client } : {}),
    ...(part.group !== undefined ? { groupName: part.group } : {}),
    ...(source
      ? {
          file: source.file,
          source,
          ...(source.line ? { start: { line: source.line, column: source.column ?? 1 } } : {}),
        }
      : {}),
    workspacePath: path,
  };
}

/** The user pool's name for messages: `notes-app-users (us-east-1_Ex4mpLe9Q)`. */
export function userPoolLabel(use: PoolInUse): string {
  return use.entry.UserPool.Name ? `${use.entry.UserPool.Name} (${use.userPoolId})` : use.userPoolId;
}
