/**
 * The role session Cognito hands out: its ARN, principal tags, session policies and the context keys it brings
 * (SEMANTICS.md §A5).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
import type { RequestContext } from '../model/request';
import type { IdentityPool, PolicyInput, PrincipalTagAttributeMap, WorkspaceSettings } from '../model/workspace';
import type { CallerPrincipal } from '../evaluate/types';
import type { AssumptionSet } from './assumptions';
import type { ConfiguredProvider } from './providers';
import { objectOf, ownEntry } from './providers';

/** The session name Cognito's enhanced flow always uses (aws-sdk-java#1912; the Evidently error text). */
export const COGNITO_SESSION_NAME = 'CognitoIdentityCredentials';

/** The federated principal of every identity pool token. */
export const COGNITO_FEDERATED_PRINCIPAL = 'cognito-identity.amazonaws.com';

/** The amr values of the identity: guests `["unauthenticated"]`, others `["authenticated", provider, …]`. */
export function amrOf(provider: ConfiguredProvider | null, claims: Record<string, unknown>): string[] {
  if (!provider) return ['unauthenticated'];
  const amr = ['authenticated', provider.loginsKey];
  // User pools also carry "<provider>:CognitoSignIn:<user sub>" (seen in API Gateway cognitoAuthenticationProvider).
  if (provider.kind === 'userPool' && typeof claims.sub === 'string' && claims.sub)
    amr.push(`${provider.loginsKey}:CognitoSignIn:${claims.sub}`);
  return amr;
}

/** The principal tags from the pool's attributes-for-access-control map for this provider. */
export function principalTagsOf(
  pool: IdentityPool | undefined,
  provider: ConfiguredProvider | null,
  claims: Record<string, unknown>,
  settings: WorkspaceSettings | undefined,
  assumptions: AssumptionSet,
): { tags: Record<string, string>; notes: string[] } {
  const tags: Record<string, string> = {};
  const notes: string[] = [];
  if (!pool || !provider) return { tags, notes };
  const maps = objectOf(pool.PrincipalTagAttributeMaps) as Record<string, PrincipalTagAttributeMap>;
  const map =
    ownEntry(maps, provider.loginsKey) ?? (provider.providerArn ? ownEntry(maps, provider.providerArn) : undefined);
  if (!map || typeof map !== 'object') return { tags, notes };
  let mapping: Record<string, string>;
  if (map.UseDefaults === true) {
    assumptions.add('defaultPrincipalTagKeys');
    mapping = defaultMapping(provider, settings);
  } else {
    mapping = {};
    for (const [k, v] of Object.entries(objectOf(map.PrincipalTags)))
      if (typeof v === 'string' && k !== '__proto__') mapping[k] = v;
  }
  for (const [tagKey, claimName] of Object.entries(mapping)) {
    const v = claims[claimName];
    if (v === undefined || v === null) {
      notes.push(
        `Principal tag ${tagKey} maps the claim ${claimName}, which the token does not carry: the tag is not set.`,
      );
      continue;
    }
    if (Array.isArray(v)) {
      tags[tagKey] = v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(',');
      notes.push(`Principal tag ${tagKey}: the claim ${claimName} is an array; Rolecall joined it with commas.`);
    } else {
      tags[tagKey] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
  }
  return { tags, notes };
}

/** UseDefaults: username ← sub (user_id for Login with Amazon), client ← aud; tag keys from settings. */
function defaultMapping(provider: ConfiguredProvider, settings: WorkspaceSettings | undefined): Record<string, string> {
  const userKey = settings?.defaultPrincipalTagKeys?.sub ?? 'username';
  const clientKey = settings?.defaultPrincipalTagKeys?.aud ?? 'client';
  if (provider.kind === 'saml') {
    return {
      [userKey]: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
      [clientKey]: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    };
  }
  return { [userKey]: provider.kind === 'amazon' ? 'user_id' : 'sub', [clientKey]: 'aud' };
}

/** What a role session is built from. */
export interface SessionInput {
  roleArn: string;
  roleId?: string;
  identityPoolId: string;
  identityId: string;
  amr: string[];
  guest: boolean;
  sessionTags: Record<string, string>;
  sessionPolicies: { policyId: string; document: PolicyInput }[];
  settings: WorkspaceSettings | undefined;
}

/** The CallerPrincipal for a Cognito role session. */
export function buildSession(input: SessionInput): CallerPrincipal {
  const m = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(input.roleArn);
  const partition = m?.[1] ?? 'aws';
  const accountId = m?.[2] ?? '';
  const roleName = m?.[3] ?? input.roleArn;
  const context: RequestContext = {
    'cognito-identity.amazonaws.com:aud': input.identityPoolId,
    'cognito-identity.amazonaws.com:amr': [...input.amr],
    'aws:FederatedProvider': COGNITO_FEDERATED_PRINCIPAL,
    // DOC: aws:userid is role-id:session-name; the same for every user of the role (never scope data with it).
    'aws:userid': `${input.roleId ?? roleName}:${COGNITO_SESSION_NAME}`,
  };
  if (!input.guest || input.settings?.guestSubPresent !== false)
    context['cognito-identity.amazonaws.com:sub'] = input.identityId;
  return {
    kind: 'roleSession',
    arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${COGNITO_SESSION_NAME}`,
    accountId,
    roleArn: input.roleArn,
    sessionName: COGNITO_SESSION_NAME,
    sessionTags: { ...input.sessionTags },
    sessionPolicies: input.sessionPolicies,
    context,
  };
}
