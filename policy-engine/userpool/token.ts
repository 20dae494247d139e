/**
 * The ID token Cognito would issue for a user of a user pool signing in through one app client (CONTRACT.md §2
 * `identity.user`). Claims per https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html;
 * groups, cognito:roles and cognito:preferred_role per https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html;
 * which attributes the token carries per https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 * (an app client's read permissions).
 */
import type { ResolutionStep, UserPoolUserInput } from '../model/request';
import type { UserPoolGroup, Workspace, WorkspaceSettings } from '../model/workspace';
import { hash128 } from '../cognito/identity-id';
import {
  attributesOf,
  closest,
  findClient,
  findUserPool,
  groupsOf,
  issuerOf,
  mfaOf,
  poolOfClient,
  providerNameOf,
  readableAttributes,
  readsDefault,
  tokenValiditySeconds,
  userPoolsOf,
} from './pool';

/** A problem with the `user` form, naming the field (path relative to the identity object). */
export interface UserInputError {
  path: (string | number)[];
  message: string;
}

/** The built token, or the first problem with the input. */
export type BuiltToken =
  | {
      ok: true;
      /** The ID token's payload. */
      claims: Record<string, unknown>;
      /** The Logins key the token is sent under. */
      provider: string;
      steps: ResolutionStep[];
      notes: string[];
      /** Undocumented-behaviour settings the token depended on. */
      assumptions: 'preferredRoleFrom'[];
    }
  | { ok: false; error: UserInputError };

/** Boolean-valued attributes: the token carries true/false, not a string. */
const BOOLEAN_CLAIMS = new Set(['email_verified', 'phone_number_verified']);

/** Builds the ID token for the user, or says which field of the input is wrong. */
export function buildIdToken(ws: Workspace, user: UserPoolUserInput, now: Date): BuiltToken {
  const fail = (path: (string | number)[], message: string): BuiltToken => ({
    ok: false,
    error: { path: ['user', ...path], message },
  });
  if (!user || typeof user !== 'object')
    return fail([], '"user" must be an object { userPoolId, clientId, username, groups, attributes }');
  const pools = userPoolsOf(ws);
  const entry = typeof user.userPoolId === 'string' ? findUserPool(ws, user.userPoolId) : undefined;
  if (!entry) {
    const ids = pools.map((p) => p.UserPool.Id);
    const guess = typeof user.userPoolId === 'string' ? closest(user.userPoolId, ids) : undefined;
    return fail(
      ['userPoolId'],
      `user pool ${JSON.stringify(user.userPoolId)} is not in the workspace (${ids.length ? `its user pools: ${ids.join(', ')}` : 'the workspace has no userPools'})${guess ? `; did you mean "${guess}"?` : ''}`,
    );
  }
  const poolId = entry.UserPool.Id;
  const client = typeof user.clientId === 'string' ? findClient(entry, user.clientId) : undefined;
  if (!client) {
    const other = typeof user.clientId === 'string' ? poolOfClient(ws, user.clientId) : undefined;
    if (other)
      return fail(
        ['clientId'],
        `app client ${user.clientId} belongs to user pool ${other.UserPool.Id}, not to ${poolId}`,
      );
    const ids = (entry.Clients ?? []).map((c) => c.ClientId);
    const guess = typeof user.clientId === 'string' ? closest(user.clientId, ids) : undefined;
    return fail(
      ['clientId'],
      `${JSON.stringify(user.clientId)} is not an app client of user pool ${poolId} (${ids.length ? `its clients: ${ids.join(', ')}` : 'the workspace lists no app clients for it'})${guess ? `; did you mean "${guess}"?` : ''}`,
    );
  }
  if (typeof user.username !== 'string' || !user.username)
    return fail(['username'], '"username" must be a non-empty string');

  const poolGroups = groupsOf(entry);
  const groupNames = Array.isArray(user.groups) ? user.groups : [];
  const groups: UserPoolGroup[] = [];
  for (const [i, name] of groupNames.entries()) {
    const g = poolGroups.find((x) => x.GroupName === name);
    if (!g) {
      const guess = closest(
        String(name),
        poolGroups.map((x) => x.GroupName),
      );
      return fail(
        ['groups', i],
        `user pool ${poolId} has no group ${JSON.stringify(name)} (${poolGroups.length ? `its groups: ${poolGroups.map((x) => x.GroupName).join(', ')}` : 'it has no groups'})${guess ? `; did you mean "${guess}"?` : ''}`,
      );
    }
    if (!groups.includes(g)) groups.push(g);
  }

  const schema = attributesOf(entry);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(user.attributes ?? {})) {
    if (name === '__proto__') continue;
    const a = schema.get(name);
    if (!a) {
      const guess =
        closest(name, schema.keys()) ??
        (!name.includes(':') && schema.has(`custom:${name}`) ? `custom:${name}` : undefined);
      return fail(
        ['attributes', name],
        `user pool ${poolId} has no attribute ${JSON.stringify(name)}${name.includes(':') || guess ? '' : ' (custom attributes are named "custom:NAME")'}${guess ? `; did you mean "${guess}"?` : ''}`,
      );
    }
    if (typeof value !== 'string') return fail(['attributes', name], `the value of ${name} must be a string`);
    if (BOOLEAN_CLAIMS.has(name) && value !== 'true' && value !== 'false')
      return fail(['attributes', name], `${name} must be "true" or "false"`);
    if (name === 'sub')
      return fail(
        ['attributes', name],
        'sub is assigned by Cognito and cannot be given (it is derived from the pool and the username)',
      );
    attributes[name] = value;
  }

  const steps: ResolutionStep[] = [];
  const notes: string[] = [];
  const assumptions: 'preferredRoleFrom'[] = [];
  const clientText = client.ClientName ? `${client.ClientName} (${client.ClientId})` : client.ClientId;
  const iat = Math.floor(now.getTime() / 1000);
  const sub = attributes.sub ?? subOf(poolId, user.username);
  const claims: Record<string, unknown> = { sub };

  // Groups: cognito:groups lists them all; cognito:roles every group's role; cognito:preferred_role the best one.
  if (groups.length) claims['cognito:groups'] = groups.map((g) => g.GroupName);
  const roles = [
    ...new Set(groups.map((g) => g.RoleArn).filter((r): r is string => typeof r === 'string' && r.length > 0)),
  ];
  const preferred = preferredRole(groups, ws.settings);
  if (preferred.dependsOnSetting) assumptions.push('preferredRoleFrom');
  if (preferred.role) claims['cognito:preferred_role'] = preferred.role;
  if (roles.length) claims['cognito:roles'] = roles;
  steps.push({
    kind: 'token',
    status: 'info',
    message: `Built the ID token of user ${user.username} of ${poolId} through app client ${clientText}: ${preferred.why}`,
    detail: {
      groups: groups.map((g) => ({ name: g.GroupName, precedence: g.Precedence ?? null, roleArn: g.RoleArn ?? null })),
    },
  });

  // Verification flags: as given, else what the pool's automatic verification implies for a confirmed user.
  const autoVerified = entry.UserPool.AutoVerifiedAttributes ?? [];
  const verified: Record<string, boolean> = {};
  for (const [flag, attr] of [
    ['email_verified', 'email'],
    ['phone_number_verified', 'phone_number'],
  ] as const) {
    if (attributes[flag] !== undefined) verified[flag] = attributes[flag] === 'true';
    else if (attributes[attr] !== undefined) {
      verified[flag] = autoVerified.includes(attr);
      notes.push(
        `${flag} was not given; ${verified[flag] ? `the pool verifies ${attr} automatically (AutoVerifiedAttributes), so a confirmed user has ${flag} true` : `the pool does not verify ${attr} automatically, so it is taken as false`}.`,
      );
    }
  }

  // Only the attributes the client may read reach the token.
  const readable = readableAttributes(entry, client);
  const dropped: string[] = [];
  for (const [name, value] of Object.entries({
    ...attributes,
    ...Object.fromEntries(Object.entries(verified).map(([k, v]) => [k, String(v)])),
  })) {
    if (name === 'sub') continue;
    if (!readable.has(name)) {
      dropped.push(name);
      continue;
    }
    if (BOOLEAN_CLAIMS.has(name)) claims[name] = value === 'true';
    else if (schema.get(name)?.dataType === 'Number' && name === 'updated_at' && /^\d+$/.test(value))
      claims[name] = Number(value);
    else claims[name] = value;
  }
  if (dropped.length) {
    notes.push(
      `App client ${clientText} cannot read ${dropped.join(', ')} (${readsDefault(client) ? 'it has no ReadAttributes: AWS lets it read the standard attributes and the verification flags only' : 'not in its ReadAttributes'}), so the ID token does not carry ${dropped.length === 1 ? 'it' : 'them'}.`,
    );
  }

  claims.iss = issuerOf(poolId);
  claims['cognito:username'] = user.username;
  claims.aud = client.ClientId;
  claims.token_use = 'id';
  claims.auth_time = iat;
  claims.iat = iat;
  claims.exp = iat + tokenValiditySeconds(client, 'IdToken');

  const provider = providerNameOf(poolId);
  const mfa = mfaOf(entry);
  steps.push({
    kind: 'token',
    status: 'info',
    message: `Sign-in: MFA is ${mfa}${mfa === 'ON' ? ' (every sign-in needs a second factor)' : mfa === 'OPTIONAL' ? ' (only users who set up a second factor use one)' : ' (a password alone signs in)'}; the identity pool will see amr ["authenticated", "${provider}", "${provider}:CognitoSignIn:${sub}"].`,
    detail: { mfa, amr: ['authenticated', provider, `${provider}:CognitoSignIn:${sub}`] },
  });
  if (
    pools.length > 0 &&
    !ws.identityPools?.some((p) =>
      (p.CognitoIdentityProviders ?? []).some((c) => c.ProviderName === provider && c.ClientId === client.ClientId),
    )
  ) {
    notes.push(
      `No identity pool of the workspace lists app client ${client.ClientId} of ${provider}: Cognito refuses its tokens ("Token is not from a supported provider of this identity pool.").`,
    );
  }
  return { ok: true, claims, provider, steps, notes, assumptions };
}

/** A stable stand-in for the user's `sub` (a UUID Cognito assigns at sign-up), from the pool and the username. */
export function subOf(userPoolId: string, username: string): string {
  const h = hash128(`${userPoolId}\n${username}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * cognito:preferred_role (cognito-user-pools-user-groups.html): the role of the group with the lowest Precedence;
 * a group without Precedence loses to any number; groups tied at the best Precedence give the claim only when they
 * carry the same role. Whether groups without a role take part is the preferredRoleFrom setting.
 */
export function preferredRole(
  groups: UserPoolGroup[],
  settings: WorkspaceSettings | undefined,
): { role: string | undefined; why: string; dependsOnSetting: boolean } {
  const rank = (g: UserPoolGroup) => (typeof g.Precedence === 'number' ? g.Precedence : Number.POSITIVE_INFINITY);
  const withRole = groups.filter((g) => typeof g.RoleArn === 'string' && g.RoleArn);
  if (withRole.length === 0)
    return {
      role: undefined,
      why: groups.length
        ? 'no group of the user has a role, so the token has no cognito:roles or cognito:preferred_role.'
        : 'the user is in no group.',
      dependsOnSetting: false,
    };
  const pick = (among: UserPoolGroup[]) => {
    const best = Math.min(...among.map(rank));
    const top = among.filter((g) => rank(g) === best);
    const topRoles = [...new Set(top.map((g) => g.RoleArn ?? ''))];
    return { top, best, role: topRoles.length === 1 && topRoles[0] ? topRoles[0] : undefined };
  };
  const fromRoles = pick(withRole);
  const fromAll = pick(groups);
  const mode = settings?.preferredRoleFrom ?? 'groupsWithRole';
  const chosen = mode === 'bestGroup' ? fromAll : fromRoles;
  const dependsOnSetting = fromRoles.role !== fromAll.role;
  const names = chosen.top.map((g) => g.GroupName).join(', ');
  const prec = Number.isFinite(chosen.best) ? `Precedence ${chosen.best}` : 'no Precedence';
  const why = chosen.role
    ? `cognito:preferred_role is ${chosen.role}, the role of ${names} (${prec}, the lowest${mode === 'bestGroup' ? " of all the user's groups" : ' among groups with a role'}).`
    : chosen.top.length > 1 && chosen.top.every((g) => g.RoleArn)
      ? `groups ${names} tie at ${prec} with different roles, so AWS sets no cognito:preferred_role.`
      : `the best group ${names} (${prec}) has no role, so the token has no cognito:preferred_role (settings.preferredRoleFrom "bestGroup").`;
  return { role: chosen.role, why, dependsOnSetting };
}
