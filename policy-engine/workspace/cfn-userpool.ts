/**
 * User pools from CloudFormation: AWS::Cognito::UserPool, UserPoolClient, UserPoolGroup and
 * UserPoolUserToGroupAttachment become the workspace's `userPools` entry in DescribeUserPool / DescribeUserPoolClient
 * / ListGroups shapes, with the template's file and line recorded for findings (`userPoolSourceKey`).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolclient.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolgroup.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolusertogroupattachment.html
 */
import type {
  UserPoolClient,
  UserPoolDescription,
  UserPoolGroup,
  UserPoolMfaConfig,
  UserPoolSchemaAttribute,
} from '../model/workspace';
import { STANDARD_ATTRIBUTES, userPoolSourceKey, type UserPoolPart } from '../userpool';
import type { PathSegments } from './json-source';
import { addSource, addUserPool } from './merge';
import type { Acc } from './merge';
import { awsShapes } from './schema';
import type { ZodType } from 'zod';
import { CLIENT_FIELDS, POOL_FIELDS } from './import-userpool';

/** The user-pool resource types this module reads. */
export const USER_POOL_TYPES = [
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolUserToGroupAttachment',
] as const;

/** What reading one resource needs from the template reader. */
export interface UserPoolResourceInput {
  acc: Acc;
  file: string;
  /** The logical id and its `['Resources', id]` path. */
  id: string;
  base: PathSegments;
  type: string;
  /** Resolved properties. */
  props: Record<string, unknown>;
  /** The resource's Ref (pool id, client id or group name). */
  refValue: () => string;
  locate: (path: PathSegments) => { line: number; column: number } | undefined;
  error: (path: PathSegments, message: string) => void;
  shapeOk: (schema: ZodType, value: unknown, toTemplate: (p: PathSegments) => PathSegments) => boolean;
  items: string[];
}

const BOOL_PROPS = new Set([
  'AllowAdminCreateUserOnly',
  'Mutable',
  'Required',
  'DeveloperOnlyAttribute',
  'RequireUppercase',
  'RequireLowercase',
  'RequireNumbers',
  'RequireSymbols',
  'CaseSensitive',
  'EnableTokenRevocation',
  'AllowedOAuthFlowsUserPoolClient',
  'GenerateSecret',
  'EnablePropagateAdditionalUserContextData',
]);
const NUMBER_PROPS = new Set([
  'MinimumLength',
  'TemporaryPasswordValidityDays',
  'PasswordHistorySize',
  'UnusedAccountValidityDays',
  'Priority',
  'Precedence',
  'RefreshTokenValidity',
  'AccessTokenValidity',
  'IdTokenValidity',
  'AuthSessionValidity',
]);

const LIST_PROPS = new Set([
  'AutoVerifiedAttributes',
  'UsernameAttributes',
  'AliasAttributes',
  'ReadAttributes',
  'WriteAttributes',
  'ExplicitAuthFlows',
  'SupportedIdentityProviders',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'CallbackURLs',
  'LogoutURLs',
  'AttributesRequireVerificationBeforeUpdate',
]);

/**
 * A YAML template may quote booleans and numbers ("true", "8"); CloudFormation converts them, so does Rolecall. A
 * list property given one string (Amplify passes a String or CommaDelimitedList parameter's value) is its
 * comma-separated items.
 */
function coerce(v: unknown, key = ''): unknown {
  if (typeof v === 'string' && LIST_PROPS.has(key))
    return v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if (Array.isArray(v)) return v.map((x) => coerce(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = coerce(x, k);
    return out;
  }
  if (typeof v === 'string' && BOOL_PROPS.has(key) && (v === 'true' || v === 'false')) return v === 'true';
  if (typeof v === 'string' && NUMBER_PROPS.has(key) && /^\d+$/.test(v)) return Number(v);
  return v;
}

/**
 * The attribute name Cognito creates for a template's Schema entry: a standard attribute keeps its name; any other
 * name gets the `custom:` prefix ("When you add an attribute with a Name value of MyAttribute, Amazon Cognito
 * creates the custom attribute custom:MyAttribute", API_CreateUserPool.html, Schema).
 */
export function schemaAttributeName(name: string): string {
  if ((STANDARD_ATTRIBUTES as readonly string[]).includes(name)) return name;
  if (name.startsWith('custom:') || name.startsWith('dev:')) return name;
  return `custom:${name}`;
}

/** The second factors a template's EnabledMfas may list (AWS::Cognito::UserPool, EnabledMfas). */
const MFA_FACTORS = new Set(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);

/**
 * The MFA configuration a template sets, in GetUserPoolMfaConfig's shape: MfaConfiguration, and from EnabledMfas which
 * second factors are on (SMS_MFA → SmsMfaConfiguration, SOFTWARE_TOKEN_MFA → SoftwareTokenMfaConfiguration.Enabled,
 * EMAIL_OTP → EmailMfaConfiguration). A template names no factor settings beyond that, so only what it lists is kept.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html (EnabledMfas,
 * MfaConfiguration); https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html
 */
export function mfaConfigOfTemplate(
  mfaConfiguration: unknown,
  enabledMfas: readonly string[] | undefined,
): UserPoolMfaConfig | undefined {
  const mode =
    mfaConfiguration === 'ON' || mfaConfiguration === 'OPTIONAL' || mfaConfiguration === 'OFF'
      ? mfaConfiguration
      : undefined;
  if (mode === undefined && enabledMfas === undefined) return undefined;
  const config: UserPoolMfaConfig = { MfaConfiguration: mode ?? 'OFF' };
  if (enabledMfas !== undefined) {
    config.SoftwareTokenMfaConfiguration = { Enabled: enabledMfas.includes('SOFTWARE_TOKEN_MFA') };
    if (enabledMfas.includes('SMS_MFA')) config.SmsMfaConfiguration = {};
    if (enabledMfas.includes('EMAIL_OTP')) config.EmailMfaConfiguration = {};
  }
  return config;
}

/** Reads one user-pool resource into the workspace. */
export function importUserPoolResource(input: UserPoolResourceInput): void {
  const { acc, file, id, base, props, error, items } = input;
  const pp: PathSegments = [...base, 'Properties'];
  const p = coerce(props) as Record<string, unknown>;
  const place = (poolId: string, part: UserPoolPart, path: PathSegments): void => {
    const pos = input.locate(path);
    addSource(acc, userPoolSourceKey(poolId, part), { file, line: pos?.line, column: pos?.column, logicalId: id });
  };
  const poolIdProp = (): string | null => {
    if (typeof p.UserPoolId !== 'string' || !p.UserPoolId) {
      error([...pp, 'UserPoolId'], 'UserPoolId is required (a Ref to the AWS::Cognito::UserPool)');
      return null;
    }
    return p.UserPoolId;
  };
  switch (input.type) {
    case 'AWS::Cognito::UserPool': {
      const poolId = input.refValue();
      const { UserPoolName, Schema, EnabledMfas, UserPoolTags: _tags, ...rest } = p;
      void _tags;
      if (
        EnabledMfas !== undefined &&
        !(Array.isArray(EnabledMfas) && EnabledMfas.every((m) => typeof m === 'string' && MFA_FACTORS.has(m)))
      )
        return error(
          [...pp, 'EnabledMfas'],
          `EnabledMfas must be a list of ${[...MFA_FACTORS].join(', ')} (got ${JSON.stringify(EnabledMfas)})`,
        );
      const pool: UserPoolDescription = {
        Id: poolId,
        ...(typeof UserPoolName === 'string' ? { Name: UserPoolName } : {}),
      };
      const copy = [
        'Policies',
        'MfaConfiguration',
        'AdminCreateUserConfig',
        'AccountRecoverySetting',
        'AutoVerifiedAttributes',
        'AliasAttributes',
        'UsernameAttributes',
        'UserAttributeUpdateSettings',
        'UserPoolAddOns',
        'UsernameConfiguration',
        'DeletionProtection',
        'UserPoolTier',
      ];
      for (const k of copy) if (rest[k] !== undefined) (pool as Record<string, unknown>)[k] = rest[k];
      if (Schema !== undefined) {
        if (!Array.isArray(Schema)) return error([...pp, 'Schema'], 'Schema must be a list of attributes');
        pool.SchemaAttributes = Schema.map((a) =>
          a && typeof a === 'object' && typeof (a as { Name?: unknown }).Name === 'string'
            ? { ...(a as UserPoolSchemaAttribute), Name: schemaAttributeName((a as { Name: string }).Name) }
            : (a as UserPoolSchemaAttribute),
        );
      }
      const toTemplate = (path: PathSegments): PathSegments =>
        path[0] === 'SchemaAttributes'
          ? [...pp, 'Schema', ...path.slice(1)]
          : path[0] === 'Name'
            ? [...pp, 'UserPoolName']
            : [...pp, ...path];
      if (!input.shapeOk(awsShapes.userPool, pool, toTemplate)) return;
      const mfa = mfaConfigOfTemplate(pool.MfaConfiguration, EnabledMfas as string[] | undefined);
      addUserPool(acc, { UserPool: pool, ...(mfa ? { MfaConfig: mfa } : {}) }, file);
      place(poolId, {}, base);
      if (mfa)
        place(poolId, { field: 'MfaConfig' }, [...pp, EnabledMfas !== undefined ? 'EnabledMfas' : 'MfaConfiguration']);
      for (const f of POOL_FIELDS) {
        const tf = f === 'SchemaAttributes' ? 'Schema' : f;
        if (p[tf] !== undefined) place(poolId, { field: f }, [...pp, tf]);
      }
      (pool.SchemaAttributes ?? []).forEach((a, i) => {
        if (a && typeof a.Name === 'string') place(poolId, { attribute: a.Name }, [...pp, 'Schema', i]);
      });
      items.push(`user pool ${poolId}`);
      return;
    }
    case 'AWS::Cognito::UserPoolClient': {
      const poolId = poolIdProp();
      if (!poolId) return;
      const clientId = input.refValue();
      const client: UserPoolClient = {
        ...(p as Omit<UserPoolClient, 'ClientId'>),
        UserPoolId: poolId,
        ClientId: clientId,
      };
      if (!input.shapeOk(awsShapes.userPoolClient, client, (path) => [...pp, ...path])) return;
      addUserPool(acc, { UserPool: { Id: poolId }, Clients: [client] }, file);
      place(poolId, { client: clientId }, base);
      for (const f of CLIENT_FIELDS) if (p[f] !== undefined) place(poolId, { client: clientId, field: f }, [...pp, f]);
      items.push(`app client ${clientId} of ${poolId}`);
      return;
    }
    case 'AWS::Cognito::UserPoolGroup': {
      const poolId = poolIdProp();
      if (!poolId) return;
      const group: UserPoolGroup = {
        ...(p as Omit<UserPoolGroup, 'GroupName'>),
        UserPoolId: poolId,
        GroupName: input.refValue(),
      };
      if (!input.shapeOk(awsShapes.userPoolGroup, group, (path) => [...pp, ...path])) return;
      addUserPool(acc, { UserPool: { Id: poolId }, Groups: [group] }, file);
      place(poolId, { group: group.GroupName }, base);
      items.push(`group ${group.GroupName} of ${poolId}`);
      return;
    }
    case 'AWS::Cognito::UserPoolUserToGroupAttachment': {
      const poolId = poolIdProp();
      if (!poolId) return;
      if (typeof p.GroupName !== 'string' || typeof p.Username !== 'string')
        return error(pp, 'GroupName and Username are required (strings)');
      addUserPool(acc, { UserPool: { Id: poolId }, GroupMembers: { [p.GroupName]: [p.Username] } }, file);
      items.push(`user ${p.Username} in group ${p.GroupName} of ${poolId}`);
      return;
    }
  }
}
