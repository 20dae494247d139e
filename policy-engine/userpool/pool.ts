/**
 * Reading a user pool of the workspace (DescribeUserPool, DescribeUserPoolClient, ListGroups) with AWS's defaults
 * filled in: which attributes exist, which ones an app client may read and write, how long its tokens live.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
 */
import type {
  SourceLocation,
  TokenValidityUnit,
  UserPoolClient,
  UserPoolEntry,
  UserPoolGroup,
  UserPoolSchemaAttribute,
  Workspace,
} from '../model/workspace';

/** The standard attributes every user pool has (user-pool-settings-attributes.html, "Standard attributes"). */
export const STANDARD_ATTRIBUTES = [
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'website',
  'zoneinfo',
] as const;

/** The verification flags Cognito keeps next to email and phone_number; users cannot write them. */
const VERIFIED_FLAGS = ['email_verified', 'phone_number_verified'] as const;

/** Everything Rolecall knows about one attribute of a pool. */
export interface AttributeInfo {
  name: string;
  /** A standard attribute, a verification flag, or a `custom:` one. */
  kind: 'standard' | 'verifiedFlag' | 'custom';
  mutable: boolean;
  developerOnly: boolean;
  dataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  /** Whether the pool's SchemaAttributes list it (else AWS's default for a standard attribute applies). */
  declared: boolean;
}

/** The workspace's user pools (never undefined). */
export function userPoolsOf(ws: Workspace): UserPoolEntry[] {
  return Array.isArray(ws.userPools)
    ? ws.userPools.filter((p) => p && typeof p === 'object' && p.UserPool && typeof p.UserPool.Id === 'string')
    : [];
}

/** The user pool with this id. */
export function findUserPool(ws: Workspace, userPoolId: string): UserPoolEntry | undefined {
  return userPoolsOf(ws).find((p) => p.UserPool.Id === userPoolId);
}

/** The region of a user pool id (`us-east-1_AbC` → `us-east-1`). */
function regionOfUserPool(userPoolId: string): string {
  const i = userPoolId.indexOf('_');
  return i > 0 ? userPoolId.slice(0, i) : 'us-east-1';
}

/** The identity-pool provider name (Logins key) of a user pool: `cognito-idp.REGION.amazonaws.com/POOLID`. */
export function providerNameOf(userPoolId: string): string {
  const region = regionOfUserPool(userPoolId);
  return `cognito-idp.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/${userPoolId}`;
}

/** The user pool id a provider name stands for, or null when it is not a user pool's. */
export function userPoolIdOfProvider(provider: string): string | null {
  const m = /^(?:https?:\/\/)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([\w-]+_[0-9a-zA-Z]+)(?::.*)?$/.exec(
    provider,
  );
  return m ? m[1] : null;
}

/** The `iss` of the pool's tokens (amazon-cognito-user-pools-using-the-id-token.html). */
export function issuerOf(userPoolId: string): string {
  return `https://${providerNameOf(userPoolId)}`;
}

/** The pool's app clients. */
export function clientsOf(entry: UserPoolEntry): UserPoolClient[] {
  return Array.isArray(entry.Clients) ? entry.Clients.filter((c) => c && typeof c.ClientId === 'string') : [];
}

/** The pool's groups. */
export function groupsOf(entry: UserPoolEntry): UserPoolGroup[] {
  return Array.isArray(entry.Groups) ? entry.Groups.filter((g) => g && typeof g.GroupName === 'string') : [];
}

/** One of the pool's app clients. */
export function findClient(entry: UserPoolEntry, clientId: string): UserPoolClient | undefined {
  return clientsOf(entry).find((c) => c.ClientId === clientId);
}

/** The pool (of the workspace) an app client belongs to. */
export function poolOfClient(ws: Workspace, clientId: string): UserPoolEntry | undefined {
  return userPoolsOf(ws).find((p) => findClient(p, clientId));
}

/**
 * Every attribute of the pool: the standard ones with AWS's defaults (mutable, except `sub`), overridden by the pool's
 * SchemaAttributes, then its `custom:` ones. DescribeUserPool lists them all; a template lists only its own.
 */
export function attributesOf(entry: UserPoolEntry): Map<string, AttributeInfo> {
  const out = new Map<string, AttributeInfo>();
  for (const name of STANDARD_ATTRIBUTES) {
    out.set(name, {
      name,
      kind: 'standard',
      mutable: name !== 'sub',
      developerOnly: false,
      dataType: name === 'updated_at' ? 'Number' : 'String',
      declared: false,
    });
  }
  for (const name of VERIFIED_FLAGS)
    out.set(name, {
      name,
      kind: 'verifiedFlag',
      mutable: false,
      developerOnly: false,
      dataType: 'Boolean',
      declared: false,
    });
  const declared: UserPoolSchemaAttribute[] = Array.isArray(entry.UserPool.SchemaAttributes)
    ? entry.UserPool.SchemaAttributes
    : [];
  for (const a of declared) {
    if (!a || typeof a.Name !== 'string' || !a.Name) continue;
    const prev = out.get(a.Name);
    const kind: AttributeInfo['kind'] = prev?.kind ?? 'custom';
    out.set(a.Name, {
      name: a.Name,
      kind,
      // The verification flags are Cognito's to set, whatever the schema says.
      mutable: kind === 'verifiedFlag' ? false : a.Mutable !== false && a.Name !== 'sub',
      developerOnly: a.DeveloperOnlyAttribute === true || a.Name.startsWith('dev:'),
      dataType: a.AttributeDataType ?? prev?.dataType ?? 'String',
      declared: true,
    });
  }
  return out;
}

/** The attributes an app client may read: its ReadAttributes, or (absent) the standard ones and the verification flags. */
export function readableAttributes(entry: UserPoolEntry, client: UserPoolClient): Set<string> {
  const all = attributesOf(entry);
  if (Array.isArray(client.ReadAttributes) && client.ReadAttributes.length > 0) {
    return new Set(client.ReadAttributes.filter((n) => !all.get(n)?.developerOnly));
  }
  return new Set([...all.values()].filter((a) => a.kind !== 'custom').map((a) => a.name));
}

/** Whether the client's ReadAttributes are AWS's default (not set). */
export function readsDefault(client: UserPoolClient): boolean {
  return !(Array.isArray(client.ReadAttributes) && client.ReadAttributes.length > 0);
}

/** Whether the client's WriteAttributes are AWS's default (not set). */
function writesDefault(client: UserPoolClient): boolean {
  return !(Array.isArray(client.WriteAttributes) && client.WriteAttributes.length > 0);
}

/**
 * The attributes a signed-in user can change for themselves through this client (UpdateUserAttributes with their own
 * access token): in the client's WriteAttributes (absent: the standard attributes) and mutable; never `sub`, the
 * verification flags or developer-only attributes.
 */
export function userWritableAttributes(entry: UserPoolEntry, client: UserPoolClient): Set<string> {
  const all = attributesOf(entry);
  const listed = writesDefault(client)
    ? [...all.values()].filter((a) => a.kind === 'standard').map((a) => a.name)
    : client.WriteAttributes!;
  return new Set(
    listed.filter((n) => {
      const a = all.get(n);
      return !!a && a.mutable && !a.developerOnly && a.kind !== 'verifiedFlag';
    }),
  );
}

/** Why a user can or cannot set an attribute themselves through a client, in one sentence. */
export function writability(
  entry: UserPoolEntry,
  client: UserPoolClient,
  name: string,
): { writable: boolean; reason: string } {
  const a = attributesOf(entry).get(name);
  const clientName = client.ClientName ? `${client.ClientName} (${client.ClientId})` : client.ClientId;
  if (!a) return { writable: false, reason: `${name} is not an attribute of user pool ${entry.UserPool.Id}` };
  if (a.kind === 'verifiedFlag')
    return { writable: false, reason: `${name} is set by Cognito when the user verifies, not by the user` };
  if (a.developerOnly) return { writable: false, reason: `${name} is developer-only (only administrators can set it)` };
  if (!a.mutable)
    return {
      writable: false,
      reason: `${name} is not mutable in the pool's schema (set once, at sign-up or by an administrator)`,
    };
  const inList = writesDefault(client) ? a.kind === 'standard' : client.WriteAttributes!.includes(name);
  if (!inList) return { writable: false, reason: `${name} is not in the WriteAttributes of app client ${clientName}` };
  return {
    writable: true,
    reason: `${name} is mutable and ${writesDefault(client) ? 'app client ' + clientName + ' has no WriteAttributes (AWS default: every standard attribute)' : 'in the WriteAttributes of app client ' + clientName}, so users change it themselves with UpdateUserAttributes`,
  };
}

const UNIT_SECONDS: Record<TokenValidityUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/**
 * How long a client's tokens live, in seconds, with AWS's defaults (refresh 30 days; ID and access 1 hour; units
 * days for refresh and hours for ID/access when TokenValidityUnits is absent — API_UserPoolClientType).
 */
export function tokenValiditySeconds(
  client: UserPoolClient,
  which: 'RefreshToken' | 'IdToken' | 'AccessToken',
): number {
  const units = client.TokenValidityUnits ?? {};
  const value =
    which === 'RefreshToken'
      ? client.RefreshTokenValidity
      : which === 'IdToken'
        ? client.IdTokenValidity
        : client.AccessTokenValidity;
  const unit: TokenValidityUnit = units[which] ?? (which === 'RefreshToken' ? 'days' : 'hours');
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    return which === 'RefreshToken' ? 30 * 86400 : 3600;
  return value * UNIT_SECONDS[unit];
}

/** A duration in words: `30 days`, `12 hours`, `5 minutes`. */
export function durationText(seconds: number): string {
  for (const [unit, n] of [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    if (seconds >= n && seconds % n === 0) return `${seconds / n} ${unit}${seconds / n === 1 ? '' : 's'}`;
  }
  return `${seconds} seconds`;
}

/** The pool's MFA setting: MfaConfig (GetUserPoolMfaConfig) if present, else DescribeUserPool's; AWS's default OFF. */
export function mfaOf(entry: UserPoolEntry): 'OFF' | 'ON' | 'OPTIONAL' {
  return entry.MfaConfig?.MfaConfiguration ?? entry.UserPool.MfaConfiguration ?? 'OFF';
}

/** Whether anyone can create an account with SignUp (AllowAdminCreateUserOnly false or absent: AWS's default). */
export function selfSignUpOpen(entry: UserPoolEntry): boolean {
  return entry.UserPool.AdminCreateUserConfig?.AllowAdminCreateUserOnly !== true;
}

/** The closest candidate to a misspelt name, for "did you mean" (one definition, in did-you-mean.ts). */
export { closest } from '../did-you-mean';

/** What part of a user pool a provenance record (`workspace.sources`) is about. */
export interface UserPoolPart {
  client?: string;
  group?: string;
  /** A field of the pool (`MfaConfiguration`, `Policies`, `MfaConfig` for GetUserPoolMfaConfig) or of the client. */
  field?: string;
  /** A SchemaAttributes entry. */
  attribute?: string;
}

/**
 * The `workspace.sources` key importers record a user pool's place under: `POOLID`, `POOLID#client/ID`,
 * `POOLID#group/NAME`, `POOLID#attribute/NAME`, each optionally followed by `#field/NAME`.
 */
export function userPoolSourceKey(userPoolId: string, part: UserPoolPart = {}): string {
  let key = userPoolId;
  if (part.client !== undefined) key += `#client/${part.client}`;
  else if (part.group !== undefined) key += `#group/${part.group}`;
  else if (part.attribute !== undefined) key += `#attribute/${part.attribute}`;
  if (part.field !== undefined) key += `#field/${part.field}`;
  return key;
}

/** The most precise recorded place of a part of a pool: the field, else the client/group/attribute, else the pool. */
export function userPoolSource(ws: Workspace, userPoolId: string, part: UserPoolPart = {}): SourceLocation | undefined {
  const sources = ws.sources && typeof ws.sources === 'object' ? ws.sources : undefined;
  if (!sources) return undefined;
  const tries = [
    part,
    ...(part.field !== undefined && (part.client ?? part.group ?? part.attribute) !== undefined
      ? [{ ...part, field: undefined }]
      : []),
    ...(part.field !== undefined ? [{ field: part.field }] : []),
    {},
  ];
  for (const t of tries) {
    const key = userPoolSourceKey(userPoolId, t);
    if (Object.prototype.hasOwnProperty.call(sources, key)) return sources[key];
  }
  return undefined;
}
