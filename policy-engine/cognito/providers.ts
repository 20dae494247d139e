/**
 * The identity providers an identity pool is configured with, how a Logins key names them, and which
 * RoleMappings key applies (SEMANTICS.md §A2.1).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { CognitoIdentityProvider, IdentityPool, RoleMapping } from '../model/workspace';

/** The kinds of provider an identity pool knows. */
export type ProviderKind =
  | 'userPool'
  | 'google'
  | 'facebook'
  | 'amazon'
  | 'apple'
  | 'twitter'
  | 'digits'
  | 'oidc'
  | 'saml'
  | 'developer'
  | 'other';

/** One provider configured on a pool. */
export interface ConfiguredProvider {
  kind: ProviderKind;
  /** The Logins key, canonical form (user pools without ":clientId"; OIDC: the issuer host/path). */
  loginsKey: string;
  /** The app client ids (user pools) or app ids (social) the pool accepts; empty when not known (OIDC). */
  clientIds: string[];
  /** For OIDC and SAML: the IAM provider ARN. */
  providerArn?: string;
}

const USER_POOL_KEY = /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[\w-]+_[0-9a-zA-Z]+$/;

/** Social providers by Logins key (model doc of SupportedLoginProviders; Cognito guide apple.md). */
const SOCIAL: Record<string, ProviderKind> = {
  'accounts.google.com': 'google',
  'graph.facebook.com': 'facebook',
  'www.amazon.com': 'amazon',
  'appleid.apple.com': 'apple',
  'api.twitter.com': 'twitter',
  'www.digits.com': 'digits',
};

/** Strips a URL scheme and trailing slashes: `https://x.example/a/` → `x.example/a`. */
export function stripScheme(value: string): string {
  return value.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}

/** The issuer host/path an IAM OIDC provider ARN stands for (`arn:aws:iam::1:oidc-provider/x.example` → `x.example`). */
function oidcIssuerOfArn(arn: string): string | null {
  const m = /^arn:[\w-]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn);
  return m ? m[1] : null;
}

/** Every provider configured on the pool. */
export function configuredProviders(pool: IdentityPool): ConfiguredProvider[] {
  const out: ConfiguredProvider[] = [];
  const byKey = new Map<string, ConfiguredProvider>();
  for (const p of arrayOf<CognitoIdentityProvider>(pool.CognitoIdentityProviders)) {
    if (!p || typeof p.ProviderName !== 'string') continue;
    const key = p.ProviderName;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { kind: 'userPool', loginsKey: key, clientIds: [] };
      byKey.set(key, entry);
      out.push(entry);
    }
    if (typeof p.ClientId === 'string' && !entry.clientIds.includes(p.ClientId)) entry.clientIds.push(p.ClientId);
  }
  for (const [key, value] of Object.entries(objectOf(pool.SupportedLoginProviders))) {
    // The console accepts several app ids separated by commas for one social provider.
    const ids =
      typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    out.push({ kind: SOCIAL[key] ?? 'other', loginsKey: key, clientIds: ids });
  }
  for (const arn of arrayOf<string>(pool.OpenIdConnectProviderARNs)) {
    if (typeof arn !== 'string') continue;
    out.push({ kind: 'oidc', loginsKey: oidcIssuerOfArn(arn) ?? arn, clientIds: [], providerArn: arn });
  }
  for (const arn of arrayOf<string>(pool.SamlProviderARNs)) {
    if (typeof arn === 'string') out.push({ kind: 'saml', loginsKey: arn, clientIds: [], providerArn: arn });
  }
  if (typeof pool.DeveloperProviderName === 'string' && pool.DeveloperProviderName) {
    out.push({ kind: 'developer', loginsKey: pool.DeveloperProviderName, clientIds: [] });
  }
  return out;
}

/** The result of looking a Logins key up on a pool. */
export interface ProviderLookup {
  provider: ConfiguredProvider | null;
  /** A client id the caller wrote into the key (`…/poolId:clientId`), if any. */
  clientIdFromKey?: string;
  /** Set when the key was given in another accepted form (URL, ARN, with client id). */
  normalisedFrom?: string;
}

/** Finds the configured provider a Logins key names; accepts `https://` issuers, OIDC ARNs and `…:clientId` keys. */
export function findProvider(pool: IdentityPool, loginsKey: string): ProviderLookup {
  const providers = configuredProviders(pool);
  const exact = providers.find((p) => p.loginsKey === loginsKey);
  if (exact) return { provider: exact };
  // Developer-authenticated identities log in with the key "cognito-identity.amazonaws.com" (developer-authenticated-identities.md).
  const dev = providers.find((p) => p.kind === 'developer');
  if (dev && loginsKey === 'cognito-identity.amazonaws.com') return { provider: dev, normalisedFrom: loginsKey };
  const stripped = stripScheme(loginsKey);
  const viaArn = providers.find(
    (p) => p.providerArn === loginsKey || (p.kind === 'oidc' && p.loginsKey === stripped) || p.loginsKey === stripped,
  );
  if (viaArn) return { provider: viaArn, normalisedFrom: loginsKey };
  const colon = stripped.lastIndexOf(':');
  if (colon > 0) {
    const head = stripped.slice(0, colon);
    const up = providers.find((p) => p.kind === 'userPool' && p.loginsKey === head);
    if (up) return { provider: up, clientIdFromKey: stripped.slice(colon + 1), normalisedFrom: loginsKey };
  }
  return { provider: null };
}

/** Whether a string has the form of a user-pool Logins key. */
function isUserPoolKey(key: string): boolean {
  return USER_POOL_KEY.test(key);
}

/** The provider kind a Logins key suggests when the pool is not in the workspace. */
export function guessKind(loginsKey: string): ProviderKind {
  if (isUserPoolKey(loginsKey)) return 'userPool';
  if (SOCIAL[loginsKey]) return SOCIAL[loginsKey];
  if (/^arn:[\w-]+:iam::\d{12}:saml-provider\//.test(loginsKey)) return 'saml';
  if (oidcIssuerOfArn(loginsKey)) return 'oidc';
  return 'oidc';
}

/** A role mapping found for a provider. */
export interface MappingLookup {
  key: string;
  mapping: RoleMapping;
  /** True when the key form matters and AWS does not document it (OIDC issuer vs ARN). */
  ambiguousKeyForm: boolean;
}

/**
 * The RoleMappings entry for a provider. User pools use `providerName:clientId` with the token's aud as client id
 * (API model RoleMappings doc: "cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi:app_client_id").
 * OIDC: both the issuer and the IAM provider ARN are accepted (SEMANTICS §A2.1 [AMBIG]).
 */
export function findRoleMapping(
  pool: IdentityPool,
  provider: ConfiguredProvider,
  clientId: string | undefined,
): MappingLookup | null {
  const mappings = objectOf(pool.RoleMappings) as Record<string, RoleMapping>;
  const candidates: string[] = [];
  if (provider.kind === 'userPool') {
    if (clientId) candidates.push(`${provider.loginsKey}:${clientId}`);
  } else {
    candidates.push(provider.loginsKey);
    if (provider.providerArn && provider.providerArn !== provider.loginsKey) candidates.push(provider.providerArn);
    if (provider.kind === 'oidc') candidates.push(`https://${provider.loginsKey}`);
  }
  for (const key of candidates) {
    const hit = ownEntry(mappings, key);
    if (hit) return { key, mapping: hit, ambiguousKeyForm: provider.kind === 'oidc' };
  }
  // CloudFormation's RoleMapping.IdentityProvider names the provider when the map key is a logical name.
  for (const [key, mapping] of Object.entries(mappings)) {
    if (
      mapping &&
      typeof mapping === 'object' &&
      typeof mapping.IdentityProvider === 'string' &&
      candidates.includes(mapping.IdentityProvider)
    ) {
      return { key, mapping, ambiguousKeyForm: provider.kind === 'oidc' };
    }
  }
  return null;
}

/** Whether a RoleMappings key names a provider configured on the pool. */
export function isConfiguredMappingKey(pool: IdentityPool, key: string): boolean {
  for (const p of configuredProviders(pool)) {
    if (p.kind === 'userPool') {
      if (p.clientIds.some((id) => `${p.loginsKey}:${id}` === key)) return true;
      if (p.clientIds.length === 0 && key.startsWith(`${p.loginsKey}:`)) return true;
    } else if (
      key === p.loginsKey ||
      key === p.providerArn ||
      (p.kind === 'oidc' && stripScheme(key) === p.loginsKey)
    ) {
      return true;
    }
  }
  return false;
}

/** The own property of a record (never the prototype's). */
export function ownEntry<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The value if it is an array, else []. */
export function arrayOf<T>(value: T[] | undefined | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The value if it is a plain object, else {}. */
export function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
