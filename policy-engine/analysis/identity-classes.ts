/**
 * Identity classes: every distinct way a caller reaches the workspace — a pool's guests, each provider's users who
 * match each role-mapping rule, those who match none (the default), the basic flow's role choices, and each IAM role
 * or user as a principal — each with a synthesized identity (claims that satisfy the rule and no earlier one).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { IdentityInput } from '../model/request';
import type { IdentityPool, MappingRule, RoleMapping, Workspace } from '../model/workspace';
import type { PreparedWorkspace } from '../evaluate/prepare';
import type { MatrixSubject } from './access-matrix';
import { configuredProviders, findRoleMapping, resolveIdentity, type ConfiguredProvider } from '../cognito/index';
import { describeRule, matchRule } from '../cognito/rules';
import { SAML_ROLE_ATTRIBUTE } from '../cognito/choose-role';
import { amrOf } from '../cognito/session';
import { checkTrust, type TrustEvaluator } from '../cognito/trust';
import { evaluateTrust } from '../evaluate/index';
import {
  findClient,
  findUserPool,
  groupsOf,
  selfSignUpOpen,
  userPoolIdOfProvider,
  writability,
} from '../userpool/index';

/** One way to reach the workspace. */
export interface IdentityClass {
  /** Stable across workspace versions (rules are keyed by claim, match type and value, not by index). */
  key: string;
  kind: 'guest' | 'rule' | 'default' | 'token' | 'basic' | 'role' | 'user';
  /** In the user's words: "guests of pool app", "users of accounts.google.com whose email Equals "x" (rule 0)". */
  label: string;
  identityPoolId?: string;
  /** The Logins key. */
  provider?: string;
  /** The RoleMappings key that applies, if any. */
  mappingKey?: string;
  ruleIndex?: number;
  rule?: MappingRule;
  /** The claim condition that leads here, e.g. `custom:team Equals "admins"`; for the default: "matches no rule". */
  condition?: string;
  flow?: 'enhanced' | 'basic';
  /** The role the basic-flow client asks for. */
  roleArn?: string;
  /** Who to evaluate as. */
  subject: MatrixSubject;
  /** Set when the class cannot occur: an earlier rule always matches first (rule index). */
  shadowedBy?: number;
}

/** What to enumerate. */
export interface ClassOptions {
  now: Date;
  /** Include each IAM role and user as a principal class (default true). */
  principals?: boolean;
  /** Include basic-flow classes (default true). */
  basicFlow?: boolean;
  /**
   * Include the user-pool classes of pools the workspace holds (default false): anyone who signs up, members of each
   * group, users who set a writable attribute a rule keys on themselves — each evaluated as a `user` identity, from
   * the ID token Cognito would issue. Who-can asks for them.
   */
  userPools?: boolean;
}

const arr = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const SYNTHETIC_SUB = 'rolecall-synthetic-user';

/** A pool's display name. */
function poolLabel(pool: IdentityPool): string {
  return pool.IdentityPoolName ? `${pool.IdentityPoolName} (${pool.IdentityPoolId})` : pool.IdentityPoolId;
}

/** One login source: a provider, and for user pools one app client (the mapping key depends on it). */
interface LoginSource {
  provider: ConfiguredProvider;
  clientId?: string;
  /** The key a RoleMappings entry for it has (user pools: `provider:clientId`). */
  keyText: string;
}

function loginSources(pool: IdentityPool): LoginSource[] {
  const out: LoginSource[] = [];
  for (const p of configuredProviders(pool)) {
    if (p.kind === 'userPool' && p.clientIds.length > 0) {
      for (const id of p.clientIds) out.push({ provider: p, clientId: id, keyText: `${p.loginsKey}:${id}` });
    } else {
      out.push({ provider: p, ...(p.clientIds[0] ? { clientId: p.clientIds[0] } : {}), keyText: p.loginsKey });
    }
  }
  return out;
}

/** Claims every token of this source carries (no rule claims). */
function baseClaims(src: LoginSource): Record<string, unknown> {
  const iss = src.provider.kind === 'userPool' ? `https://${src.provider.loginsKey}` : src.provider.loginsKey;
  return { sub: SYNTHETIC_SUB, aud: src.clientId ?? 'rolecall-synthetic-client', iss };
}

/** Candidate claim values that satisfy a rule on their own. */
function candidateValues(rule: MappingRule): unknown[] {
  const v = String(rule.Value);
  const asClaim = (s: string): unknown => (rule.Claim === 'cognito:groups' ? [s] : s);
  switch (rule.MatchType) {
    case 'Equals':
      return [asClaim(v)];
    case 'StartsWith':
      return [asClaim(v), asClaim(`${v}-rolecall`)];
    case 'Contains':
      return [asClaim(v), asClaim(`rolecall-${v}`), asClaim(`${v}-rolecall`)];
    case 'NotEqual':
      return [asClaim(`not-${v}`), asClaim(`${v}-other`)];
    default:
      return [];
  }
}

/**
 * Claims that make rule `index` the first matching rule, or the index of the earlier rule that always wins.
 * Only the rule's own claim is added to the base claims, so rules on other claims do not fire (a NotEqual rule on
 * an absent claim is "not evaluated": role-based-access-control.md).
 */
function claimsForRule(
  rules: MappingRule[],
  index: number,
  base: Record<string, unknown>,
  ws: Workspace,
): { claims: Record<string, unknown> } | { shadowedBy: number } {
  const rule = rules[index];
  let firstBlocker = -1;
  for (const value of candidateValues(rule)) {
    const claims = { ...base, [rule.Claim]: value };
    if (matchRule(rule, claims, ws.settings).status !== 'matched') continue;
    const blocker = rules
      .slice(0, index)
      .findIndex((r) => r && typeof r.Claim === 'string' && matchRule(r, claims, ws.settings).status === 'matched');
    if (blocker < 0) return { claims };
    if (firstBlocker < 0) firstBlocker = blocker;
  }
  return { shadowedBy: firstBlocker >= 0 ? firstBlocker : index };
}

/** Every identity class of the workspace. */
export function listIdentityClasses(pw: PreparedWorkspace, opts: ClassOptions): IdentityClass[] {
  const ws = pw.workspace;
  const out: IdentityClass[] = [];
  for (const pool of arr<IdentityPool>(ws.identityPools)) {
    if (!pool || typeof pool.IdentityPoolId !== 'string') continue;
    const poolId = pool.IdentityPoolId;
    const name = poolLabel(pool);
    if (pool.AllowUnauthenticatedIdentities === true) {
      out.push({
        key: `guest:${poolId}`,
        kind: 'guest',
        label: `guests of pool ${name}`,
        identityPoolId: poolId,
        flow: 'enhanced',
        subject: { identity: { identityPoolId: poolId, provider: null } },
      });
    }
    for (const src of loginSources(pool)) {
      out.push(...sourceClasses(pw, pool, src, opts));
      if (opts.userPools) out.push(...userPoolClasses(ws, pool, src));
    }
    if (opts.basicFlow !== false) out.push(...basicClasses(pw, pool, opts));
  }
  if (opts.principals !== false) {
    for (const r of arr<{ Arn?: unknown }>(ws.iam?.RoleDetailList)) {
      if (r && typeof r.Arn === 'string')
        out.push({
          key: `role:${r.Arn}`,
          kind: 'role',
          label: `the role ${r.Arn} as a principal`,
          roleArn: r.Arn,
          subject: { principal: r.Arn },
        });
    }
    for (const u of arr<{ Arn?: unknown }>(ws.iam?.UserDetailList)) {
      if (u && typeof u.Arn === 'string')
        out.push({ key: `user:${u.Arn}`, kind: 'user', label: `the IAM user ${u.Arn}`, subject: { principal: u.Arn } });
    }
  }
  return out;
}

/**
 * The user-pool classes of one user-pool login source, when the workspace holds the pool and the client: "anyone who
 * signs up" (self sign-up open), "members of group X", "users who set ATTR themselves" (a rule's claim that the client
 * lets users write). https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
function userPoolClasses(ws: Workspace, pool: IdentityPool, src: LoginSource): IdentityClass[] {
  if (src.provider.kind !== 'userPool' || !src.clientId) return [];
  const userPoolId = userPoolIdOfProvider(src.provider.loginsKey);
  const entry = userPoolId ? findUserPool(ws, userPoolId) : undefined;
  const client = entry ? findClient(entry, src.clientId) : undefined;
  if (!entry || !client || !userPoolId) return [];
  const poolId = pool.IdentityPoolId;
  const up = entry.UserPool.Name ? `${entry.UserPool.Name} (${userPoolId})` : userPoolId;
  const through = `through app client ${client.ClientName ?? client.ClientId}`;
  const common = { identityPoolId: poolId, provider: src.provider.loginsKey, flow: 'enhanced' as const };
  const user = (username: string, groups: string[], attributes: Record<string, string> = {}): MatrixSubject => ({
    identity: { identityPoolId: poolId, user: { userPoolId, clientId: client.ClientId, username, groups, attributes } },
  });
  const out: IdentityClass[] = [];
  if (selfSignUpOpen(entry))
    out.push({
      ...common,
      key: `userpool-signup:${poolId}:${src.keyText}`,
      kind: 'default',
      label: `anyone who signs up to user pool ${up} ${through} (self sign-up is open)`,
      condition: 'signs up: no group, no attribute set',
      subject: user('rolecall-anyone', []),
    });
  for (const g of groupsOf(entry))
    out.push({
      ...common,
      key: `userpool-group:${poolId}:${src.keyText}:${g.GroupName}`,
      kind: 'token',
      label: `members of group ${g.GroupName} of user pool ${up} ${through}`,
      condition: `in group ${g.GroupName}`,
      subject: user('rolecall-member', [g.GroupName]),
    });
  const lookup = findRoleMapping(pool, src.provider, src.clientId);
  if (lookup?.mapping?.Type === 'Rules') {
    const seen = new Set<string>();
    for (const rule of arr<MappingRule>(lookup.mapping.RulesConfiguration?.Rules)) {
      if (!rule || typeof rule.Claim !== 'string' || !writability(entry, client, rule.Claim).writable) continue;
      const value = rule.MatchType === 'NotEqual' ? `not-${String(rule.Value)}` : String(rule.Value);
      const key = `${rule.Claim}=${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        ...common,
        key: `userpool-attribute:${poolId}:${src.keyText}:${key}`,
        kind: 'rule',
        label: `users of user pool ${up} who set ${rule.Claim} themselves (to "${value}") ${through}`,
        condition: `sets ${rule.Claim} = "${value}" with UpdateUserAttributes`,
        rule,
        subject: user('rolecall-self-set', [], { [rule.Claim]: value }),
      });
    }
  }
  return out;
}

/** The classes of one login source: each rule, the default, or the token mapping. */
function sourceClasses(
  pw: PreparedWorkspace,
  pool: IdentityPool,
  src: LoginSource,
  opts: ClassOptions,
): IdentityClass[] {
  const ws = pw.workspace;
  const poolId = pool.IdentityPoolId;
  const base = baseClaims(src);
  const who = `users of ${src.keyText}`;
  const identity = (claims: Record<string, unknown>): IdentityInput => ({
    identityPoolId: poolId,
    provider: src.provider.loginsKey,
    claims,
  });
  const common = { identityPoolId: poolId, provider: src.provider.loginsKey, flow: 'enhanced' as const };
  const lookup = findRoleMapping(pool, src.provider, src.clientId);
  const mapping: RoleMapping | undefined = lookup?.mapping;
  const out: IdentityClass[] = [];
  const mappingKey = lookup?.key;
  if (mapping?.Type === 'Rules') {
    const rules = arr<MappingRule>(mapping.RulesConfiguration?.Rules);
    rules.forEach((rule, i) => {
      if (!rule || typeof rule.Claim !== 'string') return;
      const condition = describeRule(rule);
      const got = claimsForRule(rules, i, base, ws);
      out.push({
        ...common,
        key: `rule:${poolId}:${src.keyText}:${condition}`,
        kind: 'rule',
        label: `${who} whose ${condition} (rule ${i})`,
        mappingKey,
        ruleIndex: i,
        rule,
        condition,
        subject: { identity: identity('claims' in got ? got.claims : { ...base, [rule.Claim]: rule.Value }) },
        ...('shadowedBy' in got ? { shadowedBy: got.shadowedBy } : {}),
      });
    });
    const blocker = rules.findIndex(
      (r) => r && typeof r.Claim === 'string' && matchRule(r, base, ws.settings).status === 'matched',
    );
    out.push({
      ...common,
      key: `default:${poolId}:${src.keyText}`,
      kind: 'default',
      label: `${who} who match no rule (AmbiguousRoleResolution ${mapping.AmbiguousRoleResolution ?? 'missing'})`,
      mappingKey,
      condition: 'matches no rule',
      subject: { identity: identity(base) },
      ...(blocker >= 0 ? { shadowedBy: blocker } : {}),
    });
    return out;
  }
  if (mapping?.Type === 'Token') return tokenClasses(pw, pool, src, mapping, { ...common, mappingKey }, identity, opts);
  out.push({
    ...common,
    key: `default:${poolId}:${src.keyText}`,
    kind: 'default',
    label: `${who} (no role mapping: the default authenticated role)`,
    condition: 'any user',
    subject: { identity: identity(base) },
  });
  return out;
}

/**
 * "Choose role from token" (Type Token): a user-pool user gets the role of the token's cognito:preferred_role (the
 * user-pool group with the best precedence), a SAML user the role its assertion names; so every role whose trust
 * policy accepts this pool's authenticated users of the provider is one class ("a group with that role"), plus the
 * ambiguous case (several roles, none preferred → AmbiguousRoleResolution) and users whose token carries no role.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html ("Choose role from token")
 */
function tokenClasses(
  pw: PreparedWorkspace,
  pool: IdentityPool,
  src: LoginSource,
  mapping: RoleMapping,
  common: Pick<IdentityClass, 'identityPoolId' | 'provider' | 'flow' | 'mappingKey'>,
  identity: (claims: Record<string, unknown>) => IdentityInput,
  opts: ClassOptions,
): IdentityClass[] {
  const poolId = pool.IdentityPoolId;
  const base = baseClaims(src);
  const who = `users of ${src.keyText}`;
  const ambiguity = `AmbiguousRoleResolution ${mapping.AmbiguousRoleResolution ?? 'missing'}`;
  const saml = src.provider.kind === 'saml';
  const out: IdentityClass[] = [];
  const withRoles = (roles: string[], preferred?: string): Record<string, unknown> =>
    saml
      ? { ...base, [SAML_ROLE_ATTRIBUTE]: roles.map((r) => `${r},${src.provider.loginsKey}`) }
      : { ...base, 'cognito:roles': roles, ...(preferred ? { 'cognito:preferred_role': preferred } : {}) };
  const roles = tokenRoleCandidates(pw, pool, src, opts);
  if (saml || src.provider.kind === 'userPool') {
    for (const roleArn of roles) {
      const label = saml
        ? `${who} whose SAML assertion names the role ${roleArn}`
        : `${who} whose token's cognito:preferred_role is ${roleArn} (a user-pool group with that role)`;
      out.push({
        ...common,
        key: `token-role:${poolId}:${src.keyText}:${roleArn}`,
        kind: 'token',
        label,
        condition: saml ? `SAML role ${roleArn}` : `cognito:preferred_role = ${roleArn}`,
        subject: { identity: identity(saml ? withRoles([roleArn]) : withRoles([roleArn], roleArn)) },
      });
    }
    // Two roles and none preferred: groups of equal precedence (user pools), or an assertion naming several roles.
    const several = [...roles.slice(0, 2), ...OTHER_ROLES(pw.accountId || '123456789012', pw.partition)].slice(0, 2);
    out.push({
      ...common,
      key: `token-ambiguous:${poolId}:${src.keyText}`,
      kind: 'token',
      label: saml
        ? `${who} whose SAML assertion names several roles (${ambiguity})`
        : `${who} whose token carries several cognito:roles and no cognito:preferred_role (${ambiguity})`,
      condition: saml ? 'several SAML roles' : 'several cognito:roles, no cognito:preferred_role',
      subject: { identity: identity(withRoles(several)) },
    });
  }
  out.push({
    ...common,
    key: `token:${poolId}:${src.keyText}`,
    kind: 'token',
    label: `${who} whose token carries no ${saml ? 'SAML role' : 'cognito:roles'} (${ambiguity})`,
    condition: 'no cognito:roles / cognito:preferred_role claim',
    subject: { identity: identity(base) },
  });
  return out;
}

/** Stand-ins for "another group's role" in the ambiguous token class when the workspace has fewer than two. */
const OTHER_ROLES = (account: string, partition: string): string[] => [
  `arn:${partition || 'aws'}:iam::${account}:role/rolecall-group-role-a`,
  `arn:${partition || 'aws'}:iam::${account}:role/rolecall-group-role-b`,
];

/** The workspace's roles whose trust policy lets STS issue credentials to this pool's users of this provider. */
function tokenRoleCandidates(
  pw: PreparedWorkspace,
  pool: IdentityPool,
  src: LoginSource,
  opts: ClassOptions,
): string[] {
  const amr = amrOf(src.provider, baseClaims(src));
  const trust: TrustEvaluator = (roleArn, req) => evaluateTrust(pw, roleArn, req, { now: opts.now });
  return arr<{ Arn?: unknown }>(pw.workspace.iam?.RoleDetailList)
    .map((r) => (r && typeof r.Arn === 'string' ? r.Arn : ''))
    .filter(
      (arn) =>
        arn && checkTrust(trust, arn, pool.IdentityPoolId, amr, SYNTHETIC_IDENTITY_ID(pool.IdentityPoolId), {}).allowed,
    );
}

/** An identity id of the pool's region for the trust check (a trust condition on sub cannot be satisfied by a class). */
const SYNTHETIC_IDENTITY_ID = (poolId: string): string =>
  `${poolId.split(':')[0]}:00000000-0000-4000-8000-00000000c1a5`;

/** Basic-flow classes: each role whose trust policy accepts this pool's guests or users, when the pool allows it. */
function basicClasses(pw: PreparedWorkspace, pool: IdentityPool, opts: ClassOptions): IdentityClass[] {
  if (pool.AllowClassicFlow === false) return [];
  if (pool.RoleMappings && typeof pool.RoleMappings === 'object' && Object.keys(pool.RoleMappings).length > 0)
    return [];
  const poolId = pool.IdentityPoolId;
  const out: IdentityClass[] = [];
  const probe = (identity: IdentityInput, keyPart: string, who: string) => {
    const r = resolveIdentity(pw, { ...identity, flow: 'basic' }, { now: opts.now, explain: false });
    for (const b of r.basicFlowRoles ?? []) {
      if (b.trust !== 'allowed') continue;
      out.push({
        key: `basic:${poolId}:${keyPart}:${b.roleArn}`,
        kind: 'basic',
        label: `${who} through the basic flow, asking for ${b.roleArn}`,
        identityPoolId: poolId,
        ...(identity.provider ? { provider: identity.provider } : {}),
        flow: 'basic',
        roleArn: b.roleArn,
        condition: `basic flow → ${b.roleArn}`,
        subject: { identity: { ...identity, flow: 'basic', roleArn: b.roleArn } },
      });
    }
  };
  if (pool.AllowUnauthenticatedIdentities === true)
    probe({ identityPoolId: poolId, provider: null }, 'guest', `guests of pool ${poolLabel(pool)}`);
  for (const src of loginSources(pool))
    probe(
      { identityPoolId: poolId, provider: src.provider.loginsKey, claims: baseClaims(src) },
      src.keyText,
      `users of ${src.keyText}`,
    );
  return out;
}
