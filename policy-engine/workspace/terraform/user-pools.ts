/**
 * User pools: aws_cognito_user_pool (its settings that shape tokens and sign-in), aws_cognito_user_pool_client and
 * aws_cognito_user_group.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_user_pool (and the other types'
 * pages).
 */
import type { UserPoolClient, UserPoolEntry, UserPoolGroup } from '../../model/workspace';
import { addUserPool } from '../merge';
import { STANDARD_ATTRIBUTES } from '../../userpool/pool';
import { isObj } from '../../guards';
import type { Importer } from './context';
import { block, strList } from './read';

/** password_policy → Policies.PasswordPolicy (a zero history size is AWS's "not set"). */
function passwordPolicy(pw: Record<string, unknown>) {
  return {
    PasswordPolicy: {
      ...(typeof pw.minimum_length === 'number' ? { MinimumLength: pw.minimum_length } : {}),
      ...(typeof pw.require_uppercase === 'boolean' ? { RequireUppercase: pw.require_uppercase } : {}),
      ...(typeof pw.require_lowercase === 'boolean' ? { RequireLowercase: pw.require_lowercase } : {}),
      ...(typeof pw.require_numbers === 'boolean' ? { RequireNumbers: pw.require_numbers } : {}),
      ...(typeof pw.require_symbols === 'boolean' ? { RequireSymbols: pw.require_symbols } : {}),
      ...(typeof pw.password_history_size === 'number' && pw.password_history_size > 0
        ? { PasswordHistorySize: pw.password_history_size }
        : {}),
      ...(typeof pw.temporary_password_validity_days === 'number'
        ? { TemporaryPasswordValidityDays: pw.temporary_password_validity_days }
        : {}),
    },
  };
}

/** One schema block: a name that is neither standard nor prefixed is a custom attribute (`custom:NAME`). */
function schemaAttribute(s: Record<string, unknown>) {
  const n = String(s.name);
  const standard = (STANDARD_ATTRIBUTES as readonly string[]).includes(n);
  return {
    Name: standard || /^(custom|dev):/.test(n) ? n : `custom:${n}`,
    ...(typeof s.attribute_data_type === 'string' ? { AttributeDataType: s.attribute_data_type } : {}),
    ...(typeof s.mutable === 'boolean' ? { Mutable: s.mutable } : {}),
    ...(typeof s.required === 'boolean' ? { Required: s.required } : {}),
    ...(typeof s.developer_only_attribute === 'boolean' ? { DeveloperOnlyAttribute: s.developer_only_attribute } : {}),
  };
}

/** The sign-in settings: verified, alias and username attributes, admin-only sign-up, add-ons, recovery, case. */
function signInSettings(values: Record<string, unknown>, up: Record<string, unknown>): void {
  const auto = strList(values.auto_verified_attributes);
  if (auto.length) up.AutoVerifiedAttributes = auto;
  const alias = strList(values.alias_attributes);
  if (alias.length) up.AliasAttributes = alias;
  const username = strList(values.username_attributes);
  if (username.length) up.UsernameAttributes = username;
  const admin = block(values.admin_create_user_config);
  if (admin && typeof admin.allow_admin_create_user_only === 'boolean')
    up.AdminCreateUserConfig = { AllowAdminCreateUserOnly: admin.allow_admin_create_user_only };
  const addOns = block(values.user_pool_add_ons);
  if (addOns && typeof addOns.advanced_security_mode === 'string')
    up.UserPoolAddOns = { AdvancedSecurityMode: addOns.advanced_security_mode };
  const recovery = block(values.account_recovery_setting);
  if (recovery && Array.isArray(recovery.recovery_mechanism))
    up.AccountRecoverySetting = {
      RecoveryMechanisms: recovery.recovery_mechanism
        .filter(isObj)
        .map((m) => ({ Name: String(m.name), Priority: Number(m.priority) })),
    };
  const unc = block(values.username_configuration);
  if (unc && typeof unc.case_sensitive === 'boolean') up.UsernameConfiguration = { CaseSensitive: unc.case_sensitive };
  const upd = block(values.user_attribute_update_settings);
  if (upd)
    up.UserAttributeUpdateSettings = {
      AttributesRequireVerificationBeforeUpdate: strList(upd.attributes_require_verification_before_update),
    };
}

const userPool: Importer = (t, r) => {
  const id = t.str(r, ['id'], 'user pool id');
  if (!id) {
    t.error(r.valuesPath, `${r.address} has no id`);
    return;
  }
  const entry: UserPoolEntry = { UserPool: { Id: id } };
  const up = entry.UserPool as Record<string, unknown>;
  const name = t.str(r, ['name'], 'user pool name');
  if (name) up.Name = name;
  const arn = t.str(r, ['arn'], 'user pool ARN');
  if (arn) up.Arn = arn;
  const pw = block(r.values.password_policy);
  if (pw) up.Policies = passwordPolicy(pw);
  const mfa = r.values.mfa_configuration;
  if (mfa === 'OFF' || mfa === 'ON' || mfa === 'OPTIONAL') up.MfaConfiguration = mfa;
  const schema = Array.isArray(r.values.schema) ? r.values.schema.filter(isObj) : [];
  if (schema.length) up.SchemaAttributes = schema.filter((s) => typeof s.name === 'string').map(schemaAttribute);
  signInSettings(r.values, up);
  const totp = block(r.values.software_token_mfa_configuration);
  if (totp || up.MfaConfiguration)
    entry.MfaConfig = {
      ...(up.MfaConfiguration ? { MfaConfiguration: up.MfaConfiguration as 'OFF' } : {}),
      ...(totp && typeof totp.enabled === 'boolean'
        ? { SoftwareTokenMfaConfiguration: { Enabled: totp.enabled } }
        : {}),
    };
  addUserPool(t.acc, entry, t.file);
  t.sourceAt(id, r.valuesPath.slice(0, -1));
  t.items.push(`user pool ${id}`);
};

/** token_validity_units → TokenValidityUnits (an empty unit is left out). */
function tokenUnits(units: Record<string, unknown>): UserPoolClient['TokenValidityUnits'] {
  return {
    ...(typeof units.access_token === 'string' && units.access_token
      ? { AccessToken: units.access_token as 'hours' }
      : {}),
    ...(typeof units.id_token === 'string' && units.id_token ? { IdToken: units.id_token as 'hours' } : {}),
    ...(typeof units.refresh_token === 'string' && units.refresh_token
      ? { RefreshToken: units.refresh_token as 'days' }
      : {}),
  };
}

const client: Importer = (t, r) => {
  const poolId = t.str(r, ['user_pool_id'], 'user pool id');
  const id = t.str(r, ['id'], 'app client id');
  if (!poolId || !id) {
    t.error(r.valuesPath, `${r.address} needs user_pool_id and id`);
    return;
  }
  const c: UserPoolClient = { ClientId: id, UserPoolId: poolId };
  const name = t.str(r, ['name'], 'client name');
  if (name) c.ClientName = name;
  for (const [k, to] of [
    ['read_attributes', 'ReadAttributes'],
    ['write_attributes', 'WriteAttributes'],
    ['explicit_auth_flows', 'ExplicitAuthFlows'],
    ['supported_identity_providers', 'SupportedIdentityProviders'],
    ['allowed_oauth_flows', 'AllowedOAuthFlows'],
    ['allowed_oauth_scopes', 'AllowedOAuthScopes'],
  ] as const) {
    const list = strList(r.values[k]);
    if (list.length) c[to] = list;
  }
  for (const [k, to] of [
    ['access_token_validity', 'AccessTokenValidity'],
    ['id_token_validity', 'IdTokenValidity'],
    ['refresh_token_validity', 'RefreshTokenValidity'],
  ] as const)
    if (typeof r.values[k] === 'number') c[to] = r.values[k];
  const units = block(r.values.token_validity_units);
  if (units) c.TokenValidityUnits = tokenUnits(units);
  if (typeof r.values.allowed_oauth_flows_user_pool_client === 'boolean')
    c.AllowedOAuthFlowsUserPoolClient = r.values.allowed_oauth_flows_user_pool_client;
  if (typeof r.values.enable_token_revocation === 'boolean') c.EnableTokenRevocation = r.values.enable_token_revocation;
  addUserPool(t.acc, { UserPool: { Id: poolId }, Clients: [c] }, t.file);
  t.sourceAt(`${poolId}#client/${id}`, r.valuesPath.slice(0, -1));
  t.items.push(`app client ${id} of ${poolId}`);
};

const group: Importer = (t, r) => {
  const poolId = t.str(r, ['user_pool_id'], 'user pool id');
  const name = t.str(r, ['name'], 'group name');
  if (!poolId || !name) {
    t.error(r.valuesPath, `${r.address} needs user_pool_id and name`);
    return;
  }
  const g: UserPoolGroup = { GroupName: name, UserPoolId: poolId };
  const roleArn = t.str(r, ['role_arn'], 'group role ARN');
  if (roleArn) g.RoleArn = roleArn;
  if (typeof r.values.precedence === 'number') g.Precedence = r.values.precedence;
  const d = t.str(r, ['description'], 'description');
  if (d) g.Description = d;
  addUserPool(t.acc, { UserPool: { Id: poolId }, Groups: [g] }, t.file);
  t.items.push(`group ${name} of ${poolId}`);
};

export const USER_POOL_IMPORTERS: Record<string, Importer> = {
  aws_cognito_user_pool: userPool,
  aws_cognito_user_pool_client: client,
  aws_cognito_user_group: group,
};
