/**
 * Reads the IAM, Cognito identity-pool, S3 and DynamoDB resources of a CloudFormation template (hand-written or
 * CDK-synthesised) into the workspace, with provenance (file, line, column, logical id) for findings and SARIF.
 * Resource reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */
import type { IdentityPool, InlinePolicy, RoleDetail, RoleMapping } from '../model/workspace';
import type { ParsedTemplate } from './cfn-parse';
import { account, condition, getAtt, ref, resolveValue } from './cfn-resolve';
import type { CfnContext } from './cfn-resolve';
import { diag, formatPath } from './json-source';
import type { PathSegments } from './json-source';
import { addManagedPolicy, addPool, addResource, addResourcePolicy, addRole, addSource } from './merge';
import type { Acc } from './merge';
import { decodePolicy } from './policy-doc';
import { addBucketEncryption, addKmsKey, bucketEncryptionFromTemplate } from './import-kms';
import { awsShapes, issueMessage } from './schema';
import type { ZodType } from 'zod';

/** Options that resolve a template's pseudo parameters, parameters and generated ids. */
export interface TemplateOptions {
  accountId?: string;
  region?: string;
  partition: string;
  parameters: Record<string, string>;
  physicalIds: Record<string, string>;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objOf(v: unknown): Record<string, never> {
  return (isObj(v) ? v : {}) as Record<string, never>;
}

/** Whether a parsed value looks like a CloudFormation template. */
export function isTemplate(v: unknown): boolean {
  return isObj(v) && isObj(v.Resources) && (v.AWSTemplateFormatVersion !== undefined || Object.values(v.Resources).some((r) => isObj(r) && typeof r.Type === 'string'));
}

const DEFINITIONS = ['AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Cognito::IdentityPool', 'AWS::KMS::Key'];
const ATTACHMENTS = ['AWS::Cognito::IdentityPoolRoleAttachment', 'AWS::Cognito::IdentityPoolPrincipalTag', 'AWS::KMS::Alias'];

/**
 * Imports one template. Attachments of policies to roles by name run later (`deferred`), once every file is in,
 * because the role may come from another file.
 */
export function importTemplate(acc: Acc, file: string, parsed: ParsedTemplate, opts: TemplateOptions, deferred: (() => void)[]): string[] {
  const t = parsed.value as Record<string, unknown>;
  const ctx: CfnContext = {
    file,
    resources: objOf(t.Resources),
    parameters: objOf(t.Parameters),
    mappings: objOf(t.Mappings),
    conditions: objOf(t.Conditions),
    values: {
      accountId: opts.accountId, region: opts.region, partition: opts.partition,
      stackName: opts.parameters['AWS::StackName'] ?? opts.physicalIds['AWS::StackName'],
      parameters: opts.parameters, physicalIds: opts.physicalIds,
    },
    locate: parsed.locate,
    unresolved: acc.report.unresolved,
    conditionCache: new Map(),
  };
  const items: string[] = [];
  const transform = t.Transform;
  if (transform !== undefined) {
    acc.report.warnings.push(diag('template.transform', `the template uses Transform ${JSON.stringify(transform)}; Rolecall reads the template as written, without expanding the transform (import the processed template to see generated resources)`, { file, path: ['Transform'], severity: 'warning', range: toRange(parsed.locate(['Transform'])) }));
  }
  const source = (id: string, logicalId: string): void => {
    const pos = parsed.locate(['Resources', logicalId]);
    addSource(acc, id, { file, line: pos?.line, column: pos?.column, logicalId });
  };
  const error = (path: PathSegments, message: string): void => {
    const pos = parsed.locate(path);
    acc.report.errors.push(diag('template.invalid', message, { file, path, range: pos ? { start: pos, end: pos } : undefined }));
  };
  const policyOk = (doc: unknown, path: PathSegments): boolean => {
    if (doc === undefined) return false;
    if (decodePolicy(doc) === null) {
      error(path, 'expected a policy document (a JSON object or JSON string)');
      return false;
    }
    return true;
  };
  /** Checks a value built from a template against the workspace shape; errors point at the template's own path. */
  const shapeOk = (schema: ZodType, value: unknown, toTemplate: (p: PathSegments) => PathSegments): boolean => {
    const r = schema.safeParse(value);
    if (r.success) return true;
    for (const issue of r.error.issues) error(toTemplate(issue.path.filter((x): x is string | number => typeof x !== 'symbol')), issueMessage(issue));
    return false;
  };
  const strings = (v: unknown, path: PathSegments, what: string): string[] | null => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) { error(path, `${what} must be a list`); return null; }
    const bad = v.findIndex((x) => typeof x !== 'string');
    if (bad >= 0) { error([...path, bad], `${what} must be a list of strings, found ${JSON.stringify(v[bad])}`); return null; }
    return v as string[];
  };
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!isObj(r)) error(['Resources', id], 'a resource must be an object with a Type');
    else if (typeof r.Type !== 'string') error(['Resources', id, 'Type'], 'Type must be a string such as AWS::IAM::Role');
  }
  const entries = Object.entries(ctx.resources).filter(([, r]) => isObj(r));
  const ordered = [
    ...entries.filter(([, r]) => DEFINITIONS.includes(String(r.Type))),
    ...entries.filter(([, r]) => ATTACHMENTS.includes(String(r.Type))),
    ...entries.filter(([, r]) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::RolePolicy'),
  ];
  // Resources that grant or hold access but that Rolecall cannot read from this template: say so, never drop silently.
  const skipped = entries.filter(([, r]) => typeof r.Type === 'string' && (r.Type.startsWith('AWS::Serverless::') || r.Type === 'AWS::CloudFormation::Stack' || (r.Type.startsWith('AWS::IAM::') && !DEFINITIONS.includes(r.Type) && r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::RolePolicy')));
  if (skipped.length > 0) {
    const names = skipped.slice(0, 10).map(([id, r]) => `${id} (${String(r.Type)})`).join(', ') + (skipped.length > 10 ? `, and ${skipped.length - 10} more` : '');
    const hints = [
      skipped.some(([, r]) => String(r.Type).startsWith('AWS::Serverless::')) ? 'SAM resources are only expanded by the transform: import the processed template (sam build / sam validate --debug, or the deployed stack\'s processed template)' : '',
      skipped.some(([, r]) => r.Type === 'AWS::CloudFormation::Stack') ? 'a nested stack is a separate template: import it too' : '',
    ].filter(Boolean).join('; ');
    acc.report.warnings.push(diag('template.skipped', `not read: ${names}${hints ? ` — ${hints}` : ''}`, { file, path: ['Resources', skipped[0][0]], severity: 'warning', range: toRange(parsed.locate(['Resources', skipped[0][0]])) }));
  }
  for (const [id, res] of ordered) {
    const base: PathSegments = ['Resources', id];
    if (typeof res.Condition === 'string' && !condition(ctx, res.Condition, [...base, 'Condition'])) {
      acc.report.warnings.push(diag('template.condition-false', `${id} is not created: its condition ${res.Condition} is false with the given parameters`, { file, path: base, severity: 'info' }));
      continue;
    }
    const pp: PathSegments = [...base, 'Properties'];
    const props = resolveValue(ctx, res.Properties ?? {}, pp) as Record<string, unknown>;
    if (!isObj(props)) {
      error(pp, 'Properties must be an object');
      continue;
    }
    switch (res.Type) {
      case 'AWS::IAM::Role': {
        const arn = String(getAtt(ctx, id, 'Arn', base));
        const policies = props.Policies ?? [];
        const managed = strings(props.ManagedPolicyArns, [...pp, 'ManagedPolicyArns'], 'ManagedPolicyArns');
        if (!Array.isArray(policies)) { error([...pp, 'Policies'], 'Policies must be a list'); continue; }
        if (!managed) continue;
        if (props.PermissionsBoundary !== undefined && typeof props.PermissionsBoundary !== 'string') { error([...pp, 'PermissionsBoundary'], 'PermissionsBoundary must be a policy ARN (a string)'); continue; }
        if (props.Path !== undefined && typeof props.Path !== 'string') { error([...pp, 'Path'], 'Path must be a string such as /app/'); continue; }
        if (props.Tags !== undefined) {
          const tags = props.Tags;
          const bad = Array.isArray(tags) ? tags.findIndex((tg) => !isObj(tg) || typeof tg.Key !== 'string' || typeof tg.Value !== 'string') : -1;
          if (!Array.isArray(tags) || bad >= 0) { error(Array.isArray(tags) ? [...pp, 'Tags', bad] : [...pp, 'Tags'], 'Tags must be a list of { Key, Value } with string values'); continue; }
        }
        const inline: InlinePolicy[] = [];
        policies.forEach((p, i) => {
          if (!isObj(p) || typeof p.PolicyName !== 'string') return error([...pp, 'Policies', i], 'each policy needs a PolicyName and a PolicyDocument');
          if (p.PolicyDocument === undefined) return error([...pp, 'Policies', i, 'PolicyDocument'], 'PolicyDocument is required');
          if (policyOk(p.PolicyDocument, [...pp, 'Policies', i, 'PolicyDocument'])) inline.push({ PolicyName: p.PolicyName, PolicyDocument: p.PolicyDocument as InlinePolicy['PolicyDocument'] });
        });
        const role: RoleDetail = {
          Path: typeof props.Path === 'string' ? props.Path : '/',
          RoleName: String(ref(ctx, id, base)),
          Arn: arn,
          ...(props.AssumeRolePolicyDocument !== undefined && policyOk(props.AssumeRolePolicyDocument, [...pp, 'AssumeRolePolicyDocument']) ? { AssumeRolePolicyDocument: props.AssumeRolePolicyDocument as RoleDetail['AssumeRolePolicyDocument'] } : {}),
          RolePolicyList: inline,
          AttachedManagedPolicies: managed.map((a) => ({ PolicyArn: String(a), PolicyName: String(a).split('/').pop() })),
          ...(typeof props.PermissionsBoundary === 'string' ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: props.PermissionsBoundary } } : {}),
          ...(Array.isArray(props.Tags) ? { Tags: props.Tags.filter(isObj).map((tg) => ({ Key: String(tg.Key), Value: String(tg.Value) })) } : {}),
        };
        if (props.MaxSessionDuration !== undefined) role.MaxSessionDuration = props.MaxSessionDuration;
        addRole(acc, role, file);
        source(arn, id);
        items.push(arn);
        break;
      }
      case 'AWS::IAM::ManagedPolicy': {
        const arn = String(ref(ctx, id, base));
        if (!policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) {
          if (props.PolicyDocument === undefined) error(pp, 'PolicyDocument is required');
          continue;
        }
        addManagedPolicy(acc, {
          PolicyName: arn.split('/').pop() ?? id, Arn: arn, Path: typeof props.Path === 'string' ? props.Path : '/', DefaultVersionId: 'v1',
          PolicyVersionList: [{ Document: props.PolicyDocument as Record<string, unknown>, VersionId: 'v1', IsDefaultVersion: true }],
        }, file);
        source(arn, id);
        items.push(arn);
        const policyRoles = strings(props.Roles, [...pp, 'Roles'], 'Roles');
        for (const roleName of policyRoles ?? []) {
          deferred.push(() => attach(acc, file, [...pp, 'Roles'], roleName, (role) => {
            role.AttachedManagedPolicies ??= [];
            if (!role.AttachedManagedPolicies.some((a) => a.PolicyArn === arn)) role.AttachedManagedPolicies.push({ PolicyArn: arn, PolicyName: arn.split('/').pop() });
          }));
        }
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::RolePolicy': {
        if (typeof props.PolicyName !== 'string') { error([...pp, 'PolicyName'], 'PolicyName is required'); continue; }
        if (props.PolicyDocument === undefined) { error([...pp, 'PolicyDocument'], 'PolicyDocument is required'); continue; }
        if (!policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) continue;
        const inline: InlinePolicy = { PolicyName: props.PolicyName, PolicyDocument: props.PolicyDocument as InlinePolicy['PolicyDocument'] };
        // AWS::IAM::RolePolicy names one role (RoleName); AWS::IAM::Policy a list (Roles).
        const roles = res.Type === 'AWS::IAM::RolePolicy' ? strings([props.RoleName], [...pp, 'RoleName'], 'RoleName') : strings(props.Roles, [...pp, 'Roles'], 'Roles');
        if (!roles) continue;
        if (roles.length === 0) acc.report.warnings.push(diag('template.policy-not-on-role', `${id} (AWS::IAM::Policy) is attached to no role; Rolecall reads roles only`, { file, path: pp, severity: 'info' }));
        for (const roleName of roles) {
          deferred.push(() => attach(acc, file, [...pp, 'Roles'], roleName, (role) => {
            role.RolePolicyList ??= [];
            const same = role.RolePolicyList.find((p) => p.PolicyName === inline.PolicyName);
            if (!same) role.RolePolicyList.push(inline);
            else if (JSON.stringify(decodePolicy(same.PolicyDocument)) !== JSON.stringify(decodePolicy(inline.PolicyDocument))) {
              acc.report.conflicts.push(diag('import.conflict', `role ${role.Arn} already has an inline policy ${inline.PolicyName} with different content; kept the first`, { file, path: [...pp, 'PolicyName'], severity: 'warning' }));
            }
          }));
          items.push(`${roleName}#${props.PolicyName}`);
        }
        break;
      }
      case 'AWS::S3::Bucket': {
        const arn = String(getAtt(ctx, id, 'Arn', base));
        addResource(acc, arn);
        source(arn, id);
        items.push(arn);
        if (props.BucketEncryption !== undefined) {
          const sse = bucketEncryptionFromTemplate(props.BucketEncryption);
          if (typeof sse === 'string') error([...pp, 'BucketEncryption'], sse);
          else {
            addBucketEncryption(acc, { bucketArn: arn, ServerSideEncryptionConfiguration: sse }, file);
            source(`encryption:${arn}`, id);
          }
        }
        break;
      }
      case 'AWS::KMS::Key': {
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html
        const keyId = String(ref(ctx, id, base));
        const arn = String(getAtt(ctx, id, 'Arn', base));
        const policy = props.KeyPolicy;
        if (policy !== undefined && !policyOk(policy, [...pp, 'KeyPolicy'])) continue;
        const enabled = props.Enabled === 'false' || props.Enabled === false ? false : true;
        addKmsKey(acc, {
          KeyMetadata: { KeyId: keyId, Arn: arn, AWSAccountId: arn.split(':')[4], KeyManager: 'CUSTOMER', Enabled: enabled, KeyState: enabled ? 'Enabled' : 'Disabled' },
          // Without KeyPolicy, CloudFormation gives the key the default key policy (the account root may use the key).
          ...(policy !== undefined ? { Policy: policy as Record<string, unknown> } : {}),
        }, file);
        if (policy === undefined) {
          acc.report.warnings.push(diag('template.default-key-policy', `${id} has no KeyPolicy: AWS gives it the default key policy, which allows the account root (delegates to IAM policies); Rolecall assumes that policy`, { file, path: pp, severity: 'info' }));
        }
        source(arn, id);
        if (policy !== undefined) source(`policy:${arn}`, id);
        items.push(arn);
        break;
      }
      case 'AWS::KMS::Alias': {
        if (typeof props.AliasName !== 'string' || typeof props.TargetKeyId !== 'string') { error(pp, 'AliasName and TargetKeyId are required'); continue; }
        const target = props.TargetKeyId;
        const key = (acc.ws.kmsKeys ?? []).find((k) => k.KeyMetadata.KeyId === target || k.KeyMetadata.Arn === target);
        if (!key) {
          acc.report.warnings.push(diag('template.unknown-key', `alias ${props.AliasName} targets ${target}, a key not in the workspace; the alias is not applied`, { file, path: [...pp, 'TargetKeyId'], severity: 'warning' }));
          continue;
        }
        addKmsKey(acc, { KeyMetadata: { KeyId: key.KeyMetadata.KeyId }, Aliases: [{ AliasName: props.AliasName, TargetKeyId: key.KeyMetadata.KeyId }] }, file);
        items.push(`${props.AliasName} → ${key.KeyMetadata.Arn ?? key.KeyMetadata.KeyId}`);
        break;
      }
      case 'AWS::S3::BucketPolicy': {
        if (typeof props.Bucket !== 'string') { error([...pp, 'Bucket'], 'Bucket must name the bucket'); continue; }
        if (props.PolicyDocument === undefined) { error([...pp, 'PolicyDocument'], 'PolicyDocument is required'); continue; }
        if (!policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) continue;
        const arn = `arn:${opts.partition}:s3:::${props.Bucket}`;
        addResourcePolicy(acc, arn, props.PolicyDocument as Record<string, unknown>, file);
        addResource(acc, arn);
        source(arn, id);
        source(`policy:${arn}`, id);
        items.push(`policy of ${arn}`);
        break;
      }
      case 'AWS::DynamoDB::Table': {
        const arn = String(getAtt(ctx, id, 'Arn', base));
        addResource(acc, arn);
        source(arn, id);
        items.push(arn);
        const doc = objOf(props.ResourcePolicy).PolicyDocument;
        if (doc !== undefined && policyOk(doc, [...pp, 'ResourcePolicy', 'PolicyDocument'])) addResourcePolicy(acc, arn, doc, file);
        break;
      }
      case 'AWS::DynamoDB::GlobalTable': {
        const name = String(ref(ctx, id, base));
        if (!Array.isArray(props.Replicas)) { error([...pp, 'Replicas'], 'Replicas must be a list (a global table has at least one replica)'); continue; }
        const replicas = props.Replicas;
        replicas.forEach((rep, i) => {
          if (!isObj(rep) || typeof rep.Region !== 'string') return error([...pp, 'Replicas', i, 'Region'], 'each replica needs a Region');
          const arn = `arn:${opts.partition}:dynamodb:${rep.Region}:${account(ctx, base)}:table/${name}`;
          addResource(acc, arn);
          source(arn, id);
          items.push(arn);
          const doc = objOf(rep.ResourcePolicy).PolicyDocument;
          if (doc !== undefined && policyOk(doc, [...pp, 'Replicas', i, 'ResourcePolicy', 'PolicyDocument'])) addResourcePolicy(acc, arn, doc, file);
        });
        break;
      }
      case 'AWS::Cognito::IdentityPool': {
        const poolId = String(ref(ctx, id, base));
        const pool: IdentityPool = { IdentityPoolId: poolId };
        const copy = ['IdentityPoolName', 'AllowUnauthenticatedIdentities', 'AllowClassicFlow', 'SupportedLoginProviders', 'DeveloperProviderName', 'OpenIdConnectProviderARNs', 'SamlProviderARNs'] as const;
        for (const k of copy) if (props[k] !== undefined) (pool as unknown as Record<string, unknown>)[k] = props[k];
        if (Array.isArray(props.CognitoIdentityProviders)) pool.CognitoIdentityProviders = props.CognitoIdentityProviders as IdentityPool['CognitoIdentityProviders'];
        if (Array.isArray(props.IdentityPoolTags)) pool.IdentityPoolTags = Object.fromEntries(props.IdentityPoolTags.filter(isObj).map((tg) => [String(tg.Key), String(tg.Value)]));
        if (typeof pool.AllowUnauthenticatedIdentities === 'string') pool.AllowUnauthenticatedIdentities = pool.AllowUnauthenticatedIdentities === 'true';
        if (typeof pool.AllowClassicFlow === 'string') pool.AllowClassicFlow = pool.AllowClassicFlow === 'true';
        // A YAML template may quote booleans ("true"); CloudFormation accepts them as booleans.
        for (const p of pool.CognitoIdentityProviders ?? []) {
          const check: unknown = isObj(p) ? p.ServerSideTokenCheck : undefined;
          if (check === 'true' || check === 'false') p.ServerSideTokenCheck = check === 'true';
        }
        if (props.CognitoIdentityProviders !== undefined && !Array.isArray(props.CognitoIdentityProviders)) { error([...pp, 'CognitoIdentityProviders'], 'CognitoIdentityProviders must be a list'); continue; }
        if (!shapeOk(awsShapes.identityPool, pool, (p) => [...pp, ...(p[0] === 'IdentityPoolTags' ? ['IdentityPoolTags'] : p)])) continue;
        addPool(acc, pool, file);
        source(poolId, id);
        items.push(poolId);
        break;
      }
      case 'AWS::Cognito::IdentityPoolRoleAttachment': {
        if (typeof props.IdentityPoolId !== 'string') { error([...pp, 'IdentityPoolId'], 'IdentityPoolId is required'); continue; }
        const pool: IdentityPool = { IdentityPoolId: props.IdentityPoolId };
        const keyOf: Record<string, string> = {};
        if (isObj(props.Roles)) pool.Roles = props.Roles as IdentityPool['Roles'];
        if (isObj(props.RoleMappings)) {
          // CFN's RoleMapping has an optional IdentityProvider; the map key stands in when it is absent (SEMANTICS §A1.2).
          // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-identitypoolroleattachment-rolemapping.html
          const mappings: Record<string, RoleMapping> = {};
          for (const [k, m] of Object.entries(props.RoleMappings)) {
            if (!isObj(m)) { error([...pp, 'RoleMappings', k], 'a role mapping must be an object'); continue; }
            if (m.IdentityProvider !== undefined && typeof m.IdentityProvider !== 'string') { error([...pp, 'RoleMappings', k, 'IdentityProvider'], 'IdentityProvider must be a string'); continue; }
            const provider = typeof m.IdentityProvider === 'string' ? m.IdentityProvider : k;
            if (Object.prototype.hasOwnProperty.call(mappings, provider)) {
              error([...pp, 'RoleMappings', k], `two role mappings are for the same identity provider ${provider} (${keyOf[provider]} and ${k}); AWS keeps one mapping per provider`);
              continue;
            }
            Object.defineProperty(mappings, provider, { value: m, enumerable: true, writable: true, configurable: true });
            Object.defineProperty(keyOf, provider, { value: k, enumerable: true, writable: true, configurable: true });
          }
          pool.RoleMappings = mappings;
        } else if (props.RoleMappings !== undefined) { error([...pp, 'RoleMappings'], 'RoleMappings must be a map from a name to a role mapping'); continue; }
        if (props.Roles !== undefined && !isObj(props.Roles)) { error([...pp, 'Roles'], 'Roles must be a map with authenticated and/or unauthenticated'); continue; }
        const toTemplate = (p: PathSegments): PathSegments => (p[0] === 'RoleMappings' && typeof p[1] === 'string' ? [...pp, 'RoleMappings', keyOf[p[1]] ?? p[1], ...p.slice(2)] : [...pp, ...p]);
        if (!shapeOk(awsShapes.identityPool, pool, toTemplate)) continue;
        addPool(acc, pool, file);
        addSource(acc, `${props.IdentityPoolId}#roles`, { file, ...parsed.locate(base), logicalId: id });
        items.push(`roles of ${props.IdentityPoolId}`);
        break;
      }
      case 'AWS::Cognito::IdentityPoolPrincipalTag': {
        if (typeof props.IdentityPoolId !== 'string' || typeof props.IdentityProviderName !== 'string') {
          error(pp, 'IdentityPoolId and IdentityProviderName are required');
          continue;
        }
        const map: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> } = {};
        if (props.UseDefaults !== undefined) map.UseDefaults = props.UseDefaults === 'true' || props.UseDefaults === 'false' ? props.UseDefaults === 'true' : (props.UseDefaults as boolean);
        if (props.PrincipalTags !== undefined) map.PrincipalTags = props.PrincipalTags as Record<string, string>;
        const tagPool: IdentityPool = { IdentityPoolId: props.IdentityPoolId, PrincipalTagAttributeMaps: { [props.IdentityProviderName]: map } };
        if (!shapeOk(awsShapes.identityPool, tagPool, (p) => [...pp, ...p.slice(2)])) continue;
        addPool(acc, tagPool, file);
        items.push(`principal tags of ${props.IdentityPoolId} for ${props.IdentityProviderName}`);
        break;
      }
    }
  }
  return items;
}

/** Finds a role by name (or ARN) in the workspace and applies a change; warns when it is not there. */
function attach(acc: Acc, file: string, path: PathSegments, nameOrArn: string, apply: (r: RoleDetail) => void): void {
  const roles = acc.ws.iam?.RoleDetailList ?? [];
  const found = roles.filter((r) => r.Arn === nameOrArn || r.RoleName === nameOrArn);
  if (found.length === 0) {
    acc.report.warnings.push(diag('template.unknown-role', `role ${nameOrArn} is not in the workspace (import the file that defines it); the attachment at ${formatPath(path)} is not applied`, { file, path, severity: 'warning' }));
    return;
  }
  for (const r of found) apply(r);
}

function toRange(pos: { line: number; column: number } | undefined): { start: { line: number; column: number }; end: { line: number; column: number } } | undefined {
  return pos ? { start: pos, end: pos } : undefined;
}
