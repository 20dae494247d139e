/**
 * Identity pools: aws_cognito_identity_pool, aws_cognito_identity_pool_roles_attachment (the default roles and the
 * role mappings) and aws_cognito_identity_pool_provider_principal_tag.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_identity_pool (and the other
 * types' pages).
 */
import type { IdentityPool, RoleMapping } from '../../model/workspace';
import { addPool } from '../merge';
import { isObj, hasOwn as own } from '../../guards';
import type { Importer, TfImport } from './context';
import { isUnknown, strList, stringMap } from './read';
import type { TfResource } from './read';
import { rolesMap } from './roles-map';

/** The pool's two flags; an unknown one is reported, and an unknown guest flag counts as allowed. */
function poolFlags(t: TfImport, r: TfResource, pool: IdentityPool): void {
  for (const [k, to] of [
    ['allow_unauthenticated_identities', 'AllowUnauthenticatedIdentities'],
    ['allow_classic_flow', 'AllowClassicFlow'],
  ] as const) {
    const b = t.get(r, [k]);
    if (typeof b === 'boolean') pool[to] = b;
    else if (isUnknown(r, [k])) {
      t.unresolvedAt(
        [...(r.unknownPath ?? r.valuesPath), k],
        `${r.address}.${k} is known only after apply: ${k === 'allow_unauthenticated_identities' ? 'guests are evaluated as allowed (the outcome that exposes the most)' : 'the basic flow is evaluated as not set'}`,
        `UNRESOLVED-${r.address}.${k}`,
      );
      if (k === 'allow_unauthenticated_identities') pool.AllowUnauthenticatedIdentities = true;
    }
  }
}

/** The pool's identity providers: user pools, public providers, OIDC and SAML providers, and its tags. */
function poolProviders(t: TfImport, r: TfResource, pool: IdentityPool): void {
  const dev = t.str(r, ['developer_provider_name'], 'developer provider name');
  if (dev) pool.DeveloperProviderName = dev;
  const providers = t.get(r, ['cognito_identity_providers']);
  if (Array.isArray(providers) && providers.length) {
    pool.CognitoIdentityProviders = [];
    providers.forEach((c, i) => {
      if (!isObj(c)) return;
      const providerName = t.str(r, ['cognito_identity_providers', i, 'provider_name'], 'provider name');
      if (!providerName) return;
      const clientId = t.str(r, ['cognito_identity_providers', i, 'client_id'], 'app client id');
      pool.CognitoIdentityProviders!.push({
        ProviderName: providerName,
        ...(clientId ? { ClientId: clientId } : {}),
        ServerSideTokenCheck: c.server_side_token_check === true,
      });
    });
  }
  const logins = stringMap(t.get(r, ['supported_login_providers']));
  if (logins) pool.SupportedLoginProviders = logins;
  const oidc = strList(t.get(r, ['openid_connect_provider_arns']));
  if (oidc.length) pool.OpenIdConnectProviderARNs = oidc;
  const saml = strList(t.get(r, ['saml_provider_arns']));
  if (saml.length) pool.SamlProviderARNs = saml;
  const tags = stringMap(t.get(r, ['tags']));
  if (tags) pool.IdentityPoolTags = tags;
}

const identityPool: Importer = (t, r) => {
  const id = t.str(r, ['id'], 'identity pool id');
  if (!id) {
    t.error(r.valuesPath, `${r.address} has no id`);
    return;
  }
  const pool: IdentityPool = { IdentityPoolId: id };
  const name = t.str(r, ['identity_pool_name'], 'pool name');
  if (name) pool.IdentityPoolName = name;
  poolFlags(t, r, pool);
  poolProviders(t, r, pool);
  addPool(t.acc, pool, t.file);
  t.sourceAt(id, r.valuesPath.slice(0, -1));
  t.items.push(id);
};

/** One role_mapping block, or undefined (after an error) when it lacks its provider or a valid type. */
function roleMapping(
  t: TfImport,
  r: TfResource,
  m: Record<string, unknown>,
  i: number,
): [string, RoleMapping] | undefined {
  const provider = t.str(r, ['role_mapping', i, 'identity_provider'], 'identity provider');
  const type = m.type;
  if (!provider || (type !== 'Token' && type !== 'Rules')) {
    t.error([...r.valuesPath, 'role_mapping', i], 'each role_mapping needs identity_provider and type Token or Rules');
    return undefined;
  }
  const mapping: RoleMapping = { Type: type };
  if (m.ambiguous_role_resolution === 'AuthenticatedRole' || m.ambiguous_role_resolution === 'Deny')
    mapping.AmbiguousRoleResolution = m.ambiguous_role_resolution;
  const rules = Array.isArray(m.mapping_rule) ? m.mapping_rule : [];
  if (type === 'Rules') {
    mapping.RulesConfiguration = {
      Rules: rules.filter(isObj).map((x, j) => ({
        Claim: String(x.claim),
        MatchType: x.match_type as 'Equals',
        Value: String(x.value),
        RoleARN: t.str(r, ['role_mapping', i, 'mapping_rule', j, 'role_arn'], 'rule role ARN') ?? '',
      })),
    };
  }
  return [provider, mapping];
}

/** The role_mapping blocks by provider name (kept as own data properties, whatever the name). */
function roleMappings(t: TfImport, r: TfResource, mappings: unknown[]): Record<string, RoleMapping> {
  const rm: Record<string, RoleMapping> = {};
  mappings.forEach((m, i) => {
    if (!isObj(m)) return;
    const entry = roleMapping(t, r, m, i);
    if (entry)
      Object.defineProperty(rm, entry[0], { value: entry[1], enumerable: true, writable: true, configurable: true });
  });
  return rm;
}

const rolesAttachment: Importer = (t, r) => {
  const poolId = t.str(r, ['identity_pool_id'], 'identity pool id');
  if (!poolId) {
    t.error(r.valuesPath, `${r.address} needs identity_pool_id`);
    return;
  }
  const pool: IdentityPool = { IdentityPoolId: poolId };
  const roles = t.get(r, ['roles']);
  if (isObj(roles) || isUnknown(r, ['roles'])) {
    const out: NonNullable<IdentityPool['Roles']> = {};
    const fromMap = rolesMap(t, r);
    for (const k of ['authenticated', 'unauthenticated'] as const) {
      const a = own(fromMap, k) ? fromMap[k] : t.str(r, ['roles', k], `${k} role ARN`);
      if (a) out[k] = a;
    }
    pool.Roles = out;
  }
  const mappings = t.get(r, ['role_mapping']);
  if (Array.isArray(mappings) && mappings.length) pool.RoleMappings = roleMappings(t, r, mappings);
  addPool(t.acc, pool, t.file);
  t.sourceAt(`${poolId}#roles`, r.valuesPath.slice(0, -1));
  t.items.push(`roles of ${poolId}`);
};

const principalTag: Importer = (t, r) => {
  const poolId = t.str(r, ['identity_pool_id'], 'identity pool id');
  const provider = t.str(r, ['identity_provider_name'], 'identity provider');
  if (!poolId || !provider) {
    t.error(r.valuesPath, `${r.address} needs identity_pool_id and identity_provider_name`);
    return;
  }
  const map: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> } = {};
  if (typeof r.values.use_defaults === 'boolean') map.UseDefaults = r.values.use_defaults;
  if (isObj(r.values.principal_tags))
    map.PrincipalTags = Object.fromEntries(Object.entries(r.values.principal_tags).map(([k, x]) => [k, String(x)]));
  addPool(t.acc, { IdentityPoolId: poolId, PrincipalTagAttributeMaps: { [provider]: map } }, t.file);
  t.items.push(`principal tags of ${poolId} for ${provider}`);
};

export const POOL_IMPORTERS: Record<string, Importer> = {
  aws_cognito_identity_pool: identityPool,
  aws_cognito_identity_pool_roles_attachment: rolesAttachment,
  aws_cognito_identity_pool_provider_principal_tag: principalTag,
};
