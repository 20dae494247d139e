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

const DEFINITIONS = ['AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Cognito::IdentityPool'];
const ATTACHMENTS = ['AWS::Cognito::IdentityPoolRoleAttachment', 'AWS::Cognito::IdentityPoolPrincipalTag'];

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
    acc.report.warnings.push(diag('template.transform', `the template uses Transform ${JSON.stringify(transform)}; Rolecall reads the template as written, without expanding the transform (import the processed template to see generated resources)`, { file, path: ['Transform'], severity: 'warning' }));
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
  const entries = Object.entries(ctx.resources).filter(([, r]) => isObj(r));
  const ordered = [
    ...entries.filter(([, r]) => DEFINITIONS.includes(String(r.Type))),
    ...entries.filter(([, r]) => ATTACHMENTS.includes(String(r.Type))),
    ...entries.filter(([, r]) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::RolePolicy'),
  ];
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
        const managed = props.ManagedPolicyArns ?? [];
        if (!Array.isArray(policies)) { error([...pp, 'Policies'], 'Policies must be a list'); continue; }
        if (!Array.isArray(managed)) { error([...pp, 'ManagedPolicyArns'], 'ManagedPolicyArns must be a list'); continue; }
        const inline: InlinePolicy[] = [];
        policies.forEach((p, i) => {
          if (!isObj(p) || typeof p.PolicyName !== 'string') return error([...pp, 'Policies', i], 'each policy needs a PolicyName and a PolicyDocument');
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
        for (const roleName of stringList(props.Roles)) {
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
        if (!policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) continue;
        const inline: InlinePolicy = { PolicyName: props.PolicyName, PolicyDocument: props.PolicyDocument as InlinePolicy['PolicyDocument'] };
        // AWS::IAM::RolePolicy names one role (RoleName); AWS::IAM::Policy a list (Roles).
        const roles = res.Type === 'AWS::IAM::RolePolicy' ? stringList([props.RoleName]) : stringList(props.Roles);
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
        break;
      }
      case 'AWS::S3::BucketPolicy': {
        if (typeof props.Bucket !== 'string') { error([...pp, 'Bucket'], 'Bucket must name the bucket'); continue; }
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
        const replicas = Array.isArray(props.Replicas) ? props.Replicas : [];
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
        addPool(acc, pool, file);
        source(poolId, id);
        items.push(poolId);
        break;
      }
      case 'AWS::Cognito::IdentityPoolRoleAttachment': {
        if (typeof props.IdentityPoolId !== 'string') { error([...pp, 'IdentityPoolId'], 'IdentityPoolId is required'); continue; }
        const pool: IdentityPool = { IdentityPoolId: props.IdentityPoolId };
        if (isObj(props.Roles)) pool.Roles = props.Roles as IdentityPool['Roles'];
        if (isObj(props.RoleMappings)) {
          // CFN's RoleMapping has an optional IdentityProvider; the map key stands in when it is absent (SEMANTICS §A1.2).
          // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-identitypoolroleattachment-rolemapping.html
          const mappings: Record<string, RoleMapping> = {};
          for (const [k, m] of Object.entries(props.RoleMappings)) {
            if (!isObj(m)) { error([...pp, 'RoleMappings', k], 'a role mapping must be an object'); continue; }
            const provider = typeof m.IdentityProvider === 'string' ? m.IdentityProvider : k;
            mappings[provider] = m as unknown as RoleMapping;
          }
          pool.RoleMappings = mappings;
        }
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
        if (props.UseDefaults !== undefined) map.UseDefaults = props.UseDefaults === true || props.UseDefaults === 'true';
        if (isObj(props.PrincipalTags)) map.PrincipalTags = props.PrincipalTags as Record<string, string>;
        addPool(acc, { IdentityPoolId: props.IdentityPoolId, PrincipalTagAttributeMaps: { [props.IdentityProviderName]: map } }, file);
        items.push(`principal tags of ${props.IdentityPoolId} for ${props.IdentityProviderName}`);
        break;
      }
    }
  }
  return items;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
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
