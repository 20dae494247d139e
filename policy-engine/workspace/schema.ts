/**
 * The workspace file (`*.rolecall.json`, CONTRACT.md §1): its zod schema, version migration, parsing with positioned
 * errors, and stable serialisation. AWS shapes are loose (AWS adds fields over time; real exports must load), but a
 * field Rolecall reads with the wrong type is refused with the file, the JSON path and the line/column.
 */
import { z } from 'zod';
import type { Diagnostic, Result } from '../model/diagnostic';
import type { Workspace } from '../model/workspace';
import { diag, formatPath, parseJsonSource, rangeAt } from './json-source';
import type { JsonSource, PathSegments } from './json-source';
import { hasOwn, isObj as isObject } from '../guards';
import { closest, didYouMean, editDistance } from '../did-you-mean';

/** The newest workspace format version this build reads and writes. */
export const WORKSPACE_VERSION = 1;

const policyMessage = 'expected a policy document: a JSON object, a JSON string or a URL-encoded JSON string';

/** A policy document as given: an object, a JSON string or a URL-encoded JSON string (the engine parses it). */
export const policyInputSchema = z.union([z.string(), z.record(z.string(), z.unknown())], { error: policyMessage });

const str = z.string();
const strList = z.array(z.string());
const strMap = z.record(z.string(), z.string());
const tag = z.looseObject({ Key: str, Value: str });
const inline = z.looseObject({ PolicyName: str, PolicyDocument: policyInputSchema });
const attached = z.looseObject({ PolicyName: str.optional(), PolicyArn: str });
const boundary = z.looseObject({ PermissionsBoundaryType: str.optional(), PermissionsBoundaryArn: str });

const role = z.looseObject({
  Path: str.optional(),
  RoleName: str,
  RoleId: str.optional(),
  Arn: str,
  AssumeRolePolicyDocument: policyInputSchema.optional(),
  RolePolicyList: z.array(inline).optional(),
  AttachedManagedPolicies: z.array(attached).optional(),
  PermissionsBoundary: boundary.optional(),
  Tags: z.array(tag).optional(),
});
const user = z.looseObject({
  Path: str.optional(),
  UserName: str,
  UserId: str.optional(),
  Arn: str,
  GroupList: strList.optional(),
  UserPolicyList: z.array(inline).optional(),
  AttachedManagedPolicies: z.array(attached).optional(),
  PermissionsBoundary: boundary.optional(),
  Tags: z.array(tag).optional(),
});
const group = z.looseObject({
  Path: str.optional(),
  GroupName: str,
  GroupId: str.optional(),
  Arn: str,
  GroupPolicyList: z.array(inline).optional(),
  AttachedManagedPolicies: z.array(attached).optional(),
});
const policyVersion = z.looseObject({
  Document: policyInputSchema,
  VersionId: str.optional(),
  IsDefaultVersion: z.boolean().optional(),
});
const managedPolicy = z.looseObject({
  PolicyName: str,
  PolicyId: str.optional(),
  Arn: str,
  Path: str.optional(),
  DefaultVersionId: str.optional(),
  PolicyVersionList: z.array(policyVersion).optional(),
});

const mappingRule = z.looseObject({
  Claim: str,
  MatchType: z.enum(['Equals', 'Contains', 'StartsWith', 'NotEqual']),
  Value: str,
  RoleARN: str,
});
const roleMapping = z.looseObject({
  Type: z.enum(['Token', 'Rules']),
  AmbiguousRoleResolution: z.enum(['AuthenticatedRole', 'Deny']).optional(),
  RulesConfiguration: z.looseObject({ Rules: z.array(mappingRule) }).optional(),
  IdentityProvider: str.optional(),
});
const identityPool = z.looseObject({
  IdentityPoolId: str,
  IdentityPoolName: str.optional(),
  AllowUnauthenticatedIdentities: z.boolean().optional(),
  AllowClassicFlow: z.boolean().optional(),
  SupportedLoginProviders: strMap.optional(),
  DeveloperProviderName: str.optional(),
  OpenIdConnectProviderARNs: strList.optional(),
  CognitoIdentityProviders: z
    .array(z.looseObject({ ProviderName: str, ClientId: str.optional(), ServerSideTokenCheck: z.boolean().optional() }))
    .optional(),
  SamlProviderARNs: strList.optional(),
  IdentityPoolTags: strMap.optional(),
  Roles: z.looseObject({ authenticated: str.optional(), unauthenticated: str.optional() }).optional(),
  RoleMappings: z.record(z.string(), roleMapping).optional(),
  PrincipalTagAttributeMaps: z
    .record(z.string(), z.looseObject({ UseDefaults: z.boolean().optional(), PrincipalTags: strMap.optional() }))
    .optional(),
});

const kmsAlias = z.looseObject({ AliasName: str, AliasArn: str.optional(), TargetKeyId: str.optional() });
const kmsKey = z.looseObject({
  KeyMetadata: z.looseObject({
    KeyId: str,
    Arn: str.optional(),
    AWSAccountId: str.optional(),
    KeyManager: z.enum(['AWS', 'CUSTOMER']).optional(),
    KeyState: str.optional(),
    Enabled: z.boolean().optional(),
  }),
  Policy: policyInputSchema.optional(),
  PolicyName: str.optional(),
  Aliases: z.array(kmsAlias).optional(),
});
const bucketEncryption = z.looseObject({
  bucketArn: str,
  ServerSideEncryptionConfiguration: z.looseObject({
    Rules: z.array(
      z.looseObject({
        ApplyServerSideEncryptionByDefault: z
          .looseObject({ SSEAlgorithm: str, KMSMasterKeyID: str.optional() })
          .optional(),
        BucketKeyEnabled: z.boolean().optional(),
      }),
    ),
  }),
});

// User pools (CONTRACT.md §1 `userPools`): DescribeUserPool's `UserPool`, DescribeUserPoolClient's `UserPoolClient`,
// ListGroups' `Groups` and GetUserPoolMfaConfig's output, exactly as the cognito-idp API returns them. Only the fields
// Rolecall reads are typed; everything else AWS returns is kept.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html
const num = z.number();
const schemaAttribute = z.looseObject({
  Name: str,
  AttributeDataType: z.enum(['String', 'Number', 'DateTime', 'Boolean']).optional(),
  DeveloperOnlyAttribute: z.boolean().optional(),
  Mutable: z.boolean().optional(),
  Required: z.boolean().optional(),
});
const userPool = z.looseObject({
  Id: str,
  Name: str.optional(),
  Arn: str.optional(),
  Policies: z
    .looseObject({
      PasswordPolicy: z
        .looseObject({
          MinimumLength: num.optional(),
          RequireUppercase: z.boolean().optional(),
          RequireLowercase: z.boolean().optional(),
          RequireNumbers: z.boolean().optional(),
          RequireSymbols: z.boolean().optional(),
          PasswordHistorySize: num.optional(),
          TemporaryPasswordValidityDays: num.optional(),
        })
        .optional(),
    })
    .optional(),
  SchemaAttributes: z.array(schemaAttribute).optional(),
  AutoVerifiedAttributes: z.array(z.enum(['email', 'phone_number'])).optional(),
  AliasAttributes: strList.optional(),
  UsernameAttributes: strList.optional(),
  UserAttributeUpdateSettings: z
    .looseObject({ AttributesRequireVerificationBeforeUpdate: strList.optional() })
    .optional(),
  MfaConfiguration: z.enum(['OFF', 'ON', 'OPTIONAL']).optional(),
  AdminCreateUserConfig: z
    .looseObject({ AllowAdminCreateUserOnly: z.boolean().optional(), UnusedAccountValidityDays: num.optional() })
    .optional(),
  UserPoolAddOns: z.looseObject({ AdvancedSecurityMode: z.enum(['OFF', 'AUDIT', 'ENFORCED']).optional() }).optional(),
  AccountRecoverySetting: z
    .looseObject({
      RecoveryMechanisms: z
        .array(
          z.looseObject({ Priority: num, Name: z.enum(['verified_email', 'verified_phone_number', 'admin_only']) }),
        )
        .optional(),
    })
    .optional(),
  UsernameConfiguration: z.looseObject({ CaseSensitive: z.boolean().optional() }).optional(),
});
const tokenUnit = z.enum(['seconds', 'minutes', 'hours', 'days']);
const userPoolClient = z.looseObject({
  UserPoolId: str.optional(),
  ClientName: str.optional(),
  ClientId: str,
  RefreshTokenValidity: num.optional(),
  AccessTokenValidity: num.optional(),
  IdTokenValidity: num.optional(),
  TokenValidityUnits: z
    .looseObject({
      AccessToken: tokenUnit.optional(),
      IdToken: tokenUnit.optional(),
      RefreshToken: tokenUnit.optional(),
    })
    .optional(),
  ReadAttributes: strList.optional(),
  WriteAttributes: strList.optional(),
  ExplicitAuthFlows: strList.optional(),
  SupportedIdentityProviders: strList.optional(),
  AllowedOAuthFlows: strList.optional(),
  AllowedOAuthScopes: strList.optional(),
  AllowedOAuthFlowsUserPoolClient: z.boolean().optional(),
  EnableTokenRevocation: z.boolean().optional(),
});
const userPoolGroup = z.looseObject({
  GroupName: str,
  UserPoolId: str.optional(),
  Description: str.optional(),
  RoleArn: str.optional(),
  Precedence: num.optional(),
});
const userPoolMfaConfig = z.looseObject({
  MfaConfiguration: z.enum(['OFF', 'ON', 'OPTIONAL']).optional(),
  SmsMfaConfiguration: z.looseObject({}).optional(),
  SoftwareTokenMfaConfiguration: z.looseObject({ Enabled: z.boolean().optional() }).optional(),
  EmailMfaConfiguration: z.looseObject({}).optional(),
  WebAuthnConfiguration: z.looseObject({}).optional(),
});
const userPoolEntry = z.looseObject({
  UserPool: userPool,
  Clients: z.array(userPoolClient).optional(),
  Groups: z.array(userPoolGroup).optional(),
  MfaConfig: userPoolMfaConfig.optional(),
  // Rolecall's own addition: known group members (CloudFormation UserPoolUserToGroupAttachment, Terraform
  // aws_cognito_user_in_group, ListUsersInGroup): group name → usernames.
  GroupMembers: z.record(z.string(), strList).optional(),
});

const settings = z.looseObject({
  guestScopeDown: z.enum(['inline-or-managed', 'inline-and-managed', 'off']).optional(),
  multiValuedClaimMatch: z.enum(['anyElement', 'joinedString']).optional(),
  claimMatchCaseSensitive: z.boolean().optional(),
  defaultPrincipalTagKeys: z.looseObject({ sub: str.optional(), aud: str.optional() }).optional(),
  guestSubPresent: z.boolean().optional(),
  scopeDownVersion: str.optional(),
  scopeDownPolicies: z
    .looseObject({ inline: policyInputSchema.optional(), managed: policyInputSchema.optional() })
    .optional(),
  preferredRoleFrom: z.enum(['groupsWithRole', 'bestGroup']).optional(),
  refreshTokenMaxDays: z.number().positive().max(3650).optional(),
  passwordBaseline: z
    .looseObject({
      MinimumLength: z.number().int().min(6).max(99).optional(),
      RequireUppercase: z.boolean().optional(),
      RequireLowercase: z.boolean().optional(),
      RequireNumbers: z.boolean().optional(),
      RequireSymbols: z.boolean().optional(),
    })
    .optional(),
});

/** The top-level fields of the workspace, in the order serialisation writes them. */
export const WORKSPACE_KEYS = [
  'format',
  'version',
  'name',
  'partition',
  'region',
  'accountId',
  'identityPools',
  'iam',
  'resourcePolicies',
  'kmsKeys',
  'bucketEncryption',
  'organization',
  'settings',
  'userPools',
  'resources',
  'perUserTables',
  'sources',
  'importNotes',
] as const;

/** The workspace schema (zod 4). Unknown top-level keys are kept with a warning; a near miss of a field is an error (fieldTypos). */
export const workspaceSchema: z.ZodType<Workspace> = z.looseObject({
  format: z.literal('rolecall-workspace', { error: 'expected "format": "rolecall-workspace"' }),
  version: z.literal(WORKSPACE_VERSION),
  name: str.optional(),
  partition: str.optional(),
  region: str.optional(),
  accountId: str.optional(),
  identityPools: z.array(identityPool).optional(),
  iam: z
    .looseObject({
      RoleDetailList: z.array(role).optional(),
      UserDetailList: z.array(user).optional(),
      GroupDetailList: z.array(group).optional(),
      Policies: z.array(managedPolicy).optional(),
    })
    .optional(),
  resourcePolicies: z.array(z.looseObject({ resourceArn: str, policy: policyInputSchema })).optional(),
  kmsKeys: z.array(kmsKey).optional(),
  bucketEncryption: z.array(bucketEncryption).optional(),
  organization: z
    .looseObject({
      scps: z.array(z.array(policyInputSchema)).optional(),
      rcps: z.array(z.array(policyInputSchema)).optional(),
    })
    .optional(),
  settings: settings.optional(),
  userPools: z.array(userPoolEntry).optional(),
  resources: strList.optional(),
  perUserTables: strList.optional(),
  sources: z
    .record(
      z.string(),
      z.looseObject({
        file: str,
        line: z.number().optional(),
        column: z.number().optional(),
        logicalId: str.optional(),
      }),
    )
    .optional(),
  importNotes: z
    .looseObject({
      placeholders: z.array(z.looseObject({ value: str, meaning: str })).optional(),
      trustNotFinal: strMap.optional(),
      fromPolicy: strList.optional(),
      fileDigests: strMap.optional(),
      policyDigests: strMap.optional(),
    })
    .optional(),
}) as unknown as z.ZodType<Workspace>;

/**
 * Brings a parsed workspace of an older or unmarked version up to the current one. Version 0 is the pre-release form
 * without `format`/`version`; a newer version than this build knows is refused rather than half-read.
 */
export function migrate(raw: unknown): Result<unknown> {
  if (!isObject(raw))
    return { ok: false, errors: [diag('workspace.not-object', 'expected a JSON object (a Rolecall workspace)', {})] };
  const version = raw.version;
  if (version === undefined) {
    if (raw.format !== undefined && raw.format !== 'rolecall-workspace') {
      return {
        ok: false,
        errors: [
          diag('workspace.format', `expected "format": "rolecall-workspace", found ${JSON.stringify(raw.format)}`, {
            path: ['format'],
          }),
        ],
      };
    }
    const known = ['identityPools', 'iam', 'resourcePolicies', 'resources', 'accountId', 'userPools'].some(
      (k) => k in raw,
    );
    if (!known)
      return {
        ok: false,
        errors: [
          diag(
            'workspace.unknown',
            'this is not a Rolecall workspace: it has no "format": "rolecall-workspace" and no "version" (to bring in AWS exports use `rolecall import`)',
            {},
          ),
        ],
      };
    const migrated = { ...raw, format: 'rolecall-workspace', version: WORKSPACE_VERSION };
    return {
      ok: true,
      value: migrated,
      diagnostics: [
        diag(
          'workspace.migrated',
          `the workspace had no version; read as version 0 and upgraded to ${WORKSPACE_VERSION} (saving writes version ${WORKSPACE_VERSION})`,
          { severity: 'info', path: ['version'] },
        ),
      ],
    };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      ok: false,
      errors: [
        diag('workspace.version', `"version" must be a whole number, found ${JSON.stringify(version)}`, {
          path: ['version'],
        }),
      ],
    };
  }
  if (version > WORKSPACE_VERSION) {
    return {
      ok: false,
      errors: [
        diag(
          'workspace.newer-version',
          `the workspace has version ${version}, written by a newer Rolecall; this build reads versions up to ${WORKSPACE_VERSION} — update Rolecall`,
          { path: ['version'] },
        ),
      ],
    };
  }
  if (version === 0)
    return { ok: true, value: { ...raw, format: raw.format ?? 'rolecall-workspace', version: WORKSPACE_VERSION } };
  return { ok: true, value: raw };
}

/** Words a zod issue for a user, without zod's internal phrasing. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const m = /received (\w+)/.exec(issue.message);
    if (issue.expected === 'record' || issue.expected === 'object')
      return `expected an object${m ? `, found ${m[1]}` : ''}`;
    if (m?.[1] === 'undefined') return `missing required field (expected ${issue.expected})`;
    return `expected ${issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}${m ? `, found ${m[1]}` : ''}`;
  }
  if (issue.code === 'invalid_value') return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** Turns zod issues into diagnostics positioned in the source text. */
export function zodDiagnostics(
  issues: z.core.$ZodIssue[],
  src: Pick<JsonSource, 'root' | 'lines'>,
  file: string,
  prefix: PathSegments = [],
): Diagnostic[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    return diag('workspace.schema', issueMessage(issue), { file, path, range: rangeAt(src, path) });
  });
}

/** Rolecall's own objects in the workspace (CONTRACT.md §1): closed, so an unknown field is an error with did-you-mean. */
const SETTINGS_KEYS = Object.keys(settings.shape);
const RESOURCE_POLICY_KEYS = ['resourceArn', 'policy'];

/**
 * AWS's shapes stay open (AWS adds fields; real exports must load), but a field that is one or two letters away from
 * a field Rolecall reads, which the object lacks, is a typo ("RoleMapping" for "RoleMappings") that would otherwise
 * drop what it holds silently.
 */
function awsTypo(obj: unknown, known: readonly string[], path: PathSegments, what: string): FieldTypo[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [];
  const out: FieldTypo[] = [];
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2 && !hasOwn(obj, k));
    if (near.length === 0) continue;
    const guess = near[0];
    out.push({
      path: [...path, key],
      message: `unknown field "${key}" in ${what}; did you mean "${guess}"? (Rolecall reads "${guess}"; "${key}" would be ignored)`,
    });
  }
  return out;
}

interface FieldTypo {
  path: PathSegments;
  message: string;
}

/** A top-level key that is a near miss of a workspace field the workspace does not have (`"resource"`, no `"resources"`). */
function topLevelTypo(ws: Record<string, unknown>, key: string): boolean {
  const guess = closest(key, WORKSPACE_KEYS);
  return guess !== undefined && !hasOwn(ws, guess);
}

/**
 * The warning for a top-level key Rolecall does not read (CONTRACT.md: the workspace can be extended), with the closest
 * field when one is close: `unknown field "regions" in the workspace; did you mean "region"? (kept as is; …)`.
 */
function unknownTopLevelMessage(key: string): string {
  return `unknown field "${key}" in the workspace${didYouMean(key, WORKSPACE_KEYS)} (kept as is; Rolecall does not read it)`;
}

/** Unknown fields of the workspace's own objects, and near-misses of the AWS fields Rolecall reads. */
export function fieldTypos(ws: Record<string, unknown>): FieldTypo[] {
  const out: FieldTypo[] = [];
  const closed = (obj: unknown, known: readonly string[], path: PathSegments, what: string) => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return;
    for (const key of Object.keys(obj))
      if (!known.includes(key))
        out.push({
          path: [...path, key],
          message: `unknown field "${key}" in ${what}${didYouMean(key, known)} (its fields: ${known.join(', ')})`,
        });
  };
  // The top level takes the user's own notes ("notes", "owner", …: kept with a warning); a near miss of a field the
  // workspace lacks is a typo (its content would be ignored). Beside the real field it is a warning (unknownTopLevelMessage).
  for (const key of Object.keys(ws))
    if (!(WORKSPACE_KEYS as readonly string[]).includes(key) && topLevelTypo(ws, key))
      out.push({
        path: [key],
        message: `unknown field "${key}" in the workspace${didYouMean(key, WORKSPACE_KEYS)}`,
      });
  closed(ws.settings, SETTINGS_KEYS, ['settings'], '"settings"');
  const each = (list: unknown, fn: (item: unknown, i: number) => void) => {
    if (Array.isArray(list)) list.forEach(fn);
  };
  each(ws.resourcePolicies, (rp, i) =>
    closed(rp, RESOURCE_POLICY_KEYS, ['resourcePolicies', i], 'a resource policy entry'),
  );
  const poolKeys = Object.keys(identityPool.shape);
  const mappingKeys = Object.keys(roleMapping.shape);
  const ruleKeys = Object.keys(mappingRule.shape);
  each(ws.identityPools, (pool, i) => {
    out.push(...awsTypo(pool, poolKeys, ['identityPools', i], 'an identity pool'));
    const mappings = (pool as { RoleMappings?: unknown } | null)?.RoleMappings;
    if (typeof mappings !== 'object' || mappings === null) return;
    for (const [key, m] of Object.entries(mappings)) {
      out.push(...awsTypo(m, mappingKeys, ['identityPools', i, 'RoleMappings', key], 'a role mapping'));
      each((m as { RulesConfiguration?: { Rules?: unknown } } | null)?.RulesConfiguration?.Rules, (rule, j) =>
        out.push(
          ...awsTypo(
            rule,
            ruleKeys,
            ['identityPools', i, 'RoleMappings', key, 'RulesConfiguration', 'Rules', j],
            'a mapping rule',
          ),
        ),
      );
    }
  });
  const iam = ws.iam as Record<string, unknown> | undefined;
  if (iam && typeof iam === 'object') {
    const roleKeys = Object.keys(role.shape);
    each(iam.RoleDetailList, (r, i) => out.push(...awsTypo(r, roleKeys, ['iam', 'RoleDetailList', i], 'a role')));
  }
  return out;
}

/** Parses a workspace file's text: JSON, migration, schema. Errors name the file, JSON path and line/column. */
export function parseWorkspaceText(text: string, file: string): Result<Workspace> {
  const src = parseJsonSource(text, file);
  if (!src.ok) return src;
  const migrated = migrate(src.value.value);
  const place = (d: Diagnostic): Diagnostic => {
    const segs = d.path === '(root)' ? [] : d.path.split('.');
    return { ...d, file, range: rangeAt(src.value, segs) };
  };
  if (!migrated.ok) return { ok: false, errors: migrated.errors.map(place) };
  // Typos first: a misspelt required field would otherwise read as a missing one.
  const typos = fieldTypos(migrated.value as Record<string, unknown>).map((t) =>
    diag('workspace.unknown-field', t.message, { file, path: t.path, range: rangeAt(src.value, t.path) }),
  );
  if (typos.length) return { ok: false, errors: typos };
  const parsed = workspaceSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, errors: zodDiagnostics(parsed.error.issues, src.value, file) };
  const diagnostics = [...(src.diagnostics ?? []), ...(migrated.diagnostics ?? []).map(place)];
  for (const key of Object.keys(migrated.value as object)) {
    if (!(WORKSPACE_KEYS as readonly string[]).includes(key)) {
      diagnostics.push(
        diag('workspace.unknown-field', unknownTopLevelMessage(key), {
          file,
          severity: 'warning',
          path: [key],
          range: rangeAt(src.value, [key]),
        }),
      );
    }
  }
  // The schema only checks (no defaults, no transforms), so the value is the parsed JSON itself: its key order survives
  // an open-and-save unchanged, which keeps diffs of workspace files small.
  return { ok: true, value: migrated.value as Workspace, ...(diagnostics.length ? { diagnostics } : {}) };
}

/** Writes a workspace as stable 2-space JSON with a trailing newline; top-level keys in the documented order. */
export function serializeWorkspace(ws: Workspace): string {
  const out: Record<string, unknown> = {};
  const src = ws as unknown as Record<string, unknown>;
  for (const key of WORKSPACE_KEYS) if (src[key] !== undefined) out[key] = src[key];
  for (const key of Object.keys(src)) if (!(key in out) && src[key] !== undefined) out[key] = src[key];
  return JSON.stringify(out, null, 2) + '\n';
}

/** A path string as diagnostics print it, re-exported for callers that build their own. */
export { formatPath };

/** The AWS shapes on their own, for importers that check one entity of an export at a time. */
export const awsShapes = {
  role,
  user,
  group,
  managedPolicy,
  policyVersion,
  identityPool,
  roleMapping,
  inline,
  attached,
  userPool,
  userPoolClient,
  userPoolGroup,
  userPoolMfaConfig,
  userPoolEntry,
  kmsKey,
  kmsAlias,
  bucketEncryption,
} as const;
