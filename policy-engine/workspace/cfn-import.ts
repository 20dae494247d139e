/**
 * Reads the IAM, Cognito identity-pool, S3 and DynamoDB resources of a CloudFormation template (hand-written or
 * CDK-synthesised) into the workspace, with provenance (file, line, column, logical id) for findings and SARIF.
 * Resource reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */
import type { IdentityPool, InlinePolicy, RoleDetail, RoleMapping } from '../model/workspace';
import type { ParsedTemplate } from './cfn-parse';
import { account, chargeValue, condition, getAtt, ref, resolveValue, usedUnresolved } from './cfn-resolve';
import type { CfnContext } from './cfn-resolve';
import { diag, formatPath } from './json-source';
import type { PathSegments } from './json-source';
import { addManagedPolicy, addPool, addResource, addResourcePolicy, addRole, addSource } from './merge';
import type { Acc } from './merge';
import { decodePolicy, policyTooDeep } from './policy-doc';
import { addBucketEncryption, addKmsKey, bucketEncryptionFromTemplate, customerKeyMetadata } from './import-kms';
import { awsShapes, issueMessage } from './schema';
import type { ZodType } from 'zod';
import { importUserPoolResource, USER_POOL_TYPES } from './cfn-userpool';
import { isObj } from '../guards';

/** Options that resolve a template's pseudo parameters, parameters and generated ids. */
export interface TemplateOptions {
  accountId?: string;
  region?: string;
  partition: string;
  parameters: Record<string, string>;
  physicalIds: Record<string, string>;
}

function objOf(v: unknown): Record<string, never> {
  return (isObj(v) ? v : {}) as Record<string, never>;
}

/** Whether a parsed value looks like a CloudFormation template. */
export function isTemplate(v: unknown): boolean {
  return (
    isObj(v) &&
    isObj(v.Resources) &&
    (v.AWSTemplateFormatVersion !== undefined ||
      Object.values(v.Resources).some((r) => isObj(r) && typeof r.Type === 'string'))
  );
}

const DEFINITIONS = [
  'AWS::IAM::Role',
  'AWS::IAM::ManagedPolicy',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::IdentityPool',
  'AWS::KMS::Key',
  'AWS::Cognito::UserPool',
];
const ATTACHMENTS = [
  'AWS::Cognito::IdentityPoolRoleAttachment',
  'AWS::Cognito::IdentityPoolPrincipalTag',
  'AWS::KMS::Alias',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolUserToGroupAttachment',
];

/** One template of an import, with the context its references resolve in (see cfn-stacks.ts). */
export interface TemplateUnit {
  file: string;
  parsed: ParsedTemplate;
  ctx: CfnContext;
  /** Logical ids of this template's nested stacks whose template was imported together (not "skipped"). */
  nestedImported: Set<string>;
}

/** Builds the resolution context of a template; `values` are the account, region, stack name and parameters to use. */
export function templateContext(
  file: string,
  parsed: ParsedTemplate,
  values: CfnContext['values'],
  unresolvedList: CfnContext['unresolved'],
  placeholders: Map<string, string>,
): CfnContext {
  const t = objOf(parsed.value);
  return {
    file,
    resources: objOf(t.Resources),
    parameters: objOf(t.Parameters),
    mappings: objOf(t.Mappings),
    conditions: objOf(t.Conditions),
    values,
    locate: parsed.locate,
    unresolved: unresolvedList,
    conditionCache: new Map(),
    placeholders,
  };
}

/**
 * The largest policy document of any kind Rolecall imports from a template, in characters of compact JSON: a KMS key
 * policy (32 KB) — https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-limit ;
 * IAM's are smaller (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length),
 * S3 bucket policies 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
 */
export const MAX_POLICY_CHARS = 32_768;

/** The types Rolecall reads, for "did you mean" on a misspelt one. */
const READ_TYPES = [
  'AWS::IAM::Role',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::RolePolicy',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::IdentityPool',
  'AWS::Cognito::IdentityPoolRoleAttachment',
  'AWS::Cognito::IdentityPoolPrincipalTag',
  'AWS::CloudFormation::Stack',
  ...USER_POOL_TYPES,
];

/** Edit distance (small strings only), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/** The resource type a misspelt one most likely means, or null. */
export function didYouMeanType(type: string): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const t of READ_TYPES) {
    const dd = distance(type, t);
    if (dd < bestD && dd > 0) {
      best = t;
      bestD = dd;
    }
  }
  return best;
}

/** Every logical id a value refers to (Ref, Fn::GetAtt, ${…} in Fn::Sub), for the circular-dependency check. */
function referencesOf(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) referencesOf(x, out);
    return;
  }
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'Ref' && typeof x === 'string') out.add(x);
    else if (k === 'Fn::GetAtt') {
      if (typeof x === 'string') out.add(x.split('.')[0]);
      else if (Array.isArray(x) && typeof x[0] === 'string') out.add(x[0]);
    } else if (k === 'Fn::Sub') {
      const text = Array.isArray(x) ? x[0] : x;
      if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) out.add(m[1].trim());
      if (Array.isArray(x)) referencesOf(x[1], out);
      continue;
    }
    referencesOf(x, out);
  }
}

/**
 * A circular dependency between resources, as CloudFormation refuses it ("Circular dependency between resources"):
 * the logical ids of one cycle, or null. Edges: Ref, Fn::GetAtt, Fn::Sub and DependsOn between resources.
 */
export function findCycle(resources: Record<string, unknown>): string[] | null {
  const ids = Object.keys(resources);
  const edges = new Map<string, string[]>();
  for (const id of ids) {
    const r = resources[id];
    const refs = new Set<string>();
    if (isObj(r)) {
      referencesOf(r.Properties, refs);
      const dep = r.DependsOn;
      for (const d of Array.isArray(dep) ? dep : [dep]) if (typeof d === 'string') refs.add(d);
    }
    edges.set(
      id,
      [...refs].filter((x) => Object.prototype.hasOwnProperty.call(resources, x)),
    );
  }
  // Depth-first search with an explicit stack (a chain of thousands of resources must not exhaust the call stack):
  // 1 = on the current path, 2 = done. A reference to a resource on the current path closes a cycle.
  const state = new Map<string, 1 | 2>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const id = path[path.length - 1];
      const out = edges.get(id) ?? [];
      const k = next[next.length - 1]++;
      if (k >= out.length) {
        state.set(id, 2);
        path.pop();
        next.pop();
        continue;
      }
      const to = out[k];
      const s = state.get(to);
      if (s === 1) return path.slice(path.indexOf(to));
      if (s === undefined) {
        state.set(to, 1);
        path.push(to);
        next.push(0);
      }
    }
  }
  return null;
}

/**
 * Imports one template. Attachments of policies to roles by name run later (`deferred`), once every file is in,
 * because the role may come from another file.
 */
export function importTemplate(
  acc: Acc,
  unit: TemplateUnit,
  opts: TemplateOptions,
  deferred: (() => void)[],
): string[] {
  const { file, parsed, ctx } = unit;
  const items: string[] = [];
  warnTransform(acc, unit);
  const source = (id: string, logicalId: string): void => {
    const pos = parsed.locate(['Resources', logicalId]);
    addSource(acc, id, { file, line: pos?.line, column: pos?.column, logicalId });
  };
  /** The resource being read and whether its properties used unresolved values (then an error skips only it). */
  let current: { id: string; type: string; dependsOnUnresolved: boolean } | null = null;
  const error = (path: PathSegments, message: string): void => {
    const pos = parsed.locate(path);
    const range = pos ? { start: pos, end: pos } : undefined;
    if (current?.dependsOnUnresolved) {
      acc.report.notImported.push(
        diag(
          'template.not-imported',
          `${current.id} (${current.type}) is not imported: ${message}, because it depends on a value only known after deployment (listed as unresolved)`,
          { file, path, range, severity: 'warning' },
        ),
      );
      return;
    }
    acc.report.errors.push(diag('template.invalid', message, { file, path, range }));
  };
  const cycle = findCycle(ctx.resources);
  if (cycle) {
    const pos = parsed.locate(['Resources', cycle[0]]);
    acc.report.errors.push(
      diag(
        'template.cycle',
        `Circular dependency between resources: [${cycle.join(', ')}] (CloudFormation refuses to deploy such a template)`,
        { file, path: ['Resources', cycle[0]], range: pos ? { start: pos, end: pos } : undefined },
      ),
    );
    return items;
  }
  const policyOk = (doc: unknown, path: PathSegments): boolean => {
    if (doc === undefined) return false;
    const decoded = decodePolicy(doc);
    if (decoded === null) {
      error(path, policyTooDeep(doc) ?? 'expected a policy document (a JSON object or JSON string)');
      return false;
    }
    // A document that resolves to more than any AWS policy may hold (a large list parameter or mapping repeated in
    // every policy) is refused, as AWS refuses it — and a small template cannot become a workspace of hundreds of MB.
    const size = JSON.stringify(decoded).length;
    if (size > MAX_POLICY_CHARS) {
      acc.report.errors.push(
        diag(
          'template.policy-too-large',
          `the policy document resolves to ${size} characters; AWS accepts at most ${MAX_POLICY_CHARS} for any policy Rolecall reads (KMS key policies; IAM role inline policies 10,240, managed policies 6,144, S3 bucket and DynamoDB resource policies 20 KB), so CloudFormation would refuse it`,
          { file, path, range: toRange(parsed.locate(path)) },
        ),
      );
      return false;
    }
    return true;
  };
  /** Checks a value built from a template against the workspace shape; errors point at the template's own path. */
  const shapeOk = (schema: ZodType, value: unknown, toTemplate: (p: PathSegments) => PathSegments): boolean => {
    const r = schema.safeParse(value);
    if (r.success) return true;
    for (const issue of r.error.issues)
      error(toTemplate(issue.path.filter((x): x is string | number => typeof x !== 'symbol')), issueMessage(issue));
    return false;
  };
  const strings = (v: unknown, path: PathSegments, what: string): string[] | null => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      error(path, `${what} must be a list`);
      return null;
    }
    const bad = v.findIndex((x) => typeof x !== 'string');
    if (bad >= 0) {
      error([...path, bad], `${what} must be a list of strings, found ${JSON.stringify(v[bad])}`);
      return null;
    }
    return v as string[];
  };
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!isObj(r)) error(['Resources', id], 'a resource must be an object with a Type');
    else if (typeof r.Type !== 'string')
      error(['Resources', id, 'Type'], 'Type must be a string such as AWS::IAM::Role');
  }
  const entries = Object.entries(ctx.resources).filter(([, r]) => isObj(r));
  const ordered = [
    ...entries.filter(([, r]) => DEFINITIONS.includes(String(r.Type))),
    ...entries.filter(([, r]) => ATTACHMENTS.includes(String(r.Type))),
    ...entries.filter(([, r]) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::RolePolicy'),
  ];
  listUnknownTypes(acc, unit, entries);
  listSkipped(acc, unit, entries);
  rewrittenTrust(acc, unit);
  for (const [id, res] of ordered) {
    const base: PathSegments = ['Resources', id];
    if (typeof res.Condition === 'string' && !condition(ctx, res.Condition, [...base, 'Condition'])) {
      acc.report.warnings.push(
        diag(
          'template.condition-false',
          `${id} is not created: its condition ${res.Condition} is false with the given parameters`,
          { file, path: base, severity: 'info' },
        ),
      );
      continue;
    }
    const pp: PathSegments = [...base, 'Properties'];
    const props = resolveValue(ctx, res.Properties ?? {}, pp) as Record<string, unknown>;
    // The resolved properties are (about) what this resource adds to the workspace: counted against the import's
    // output budget, which names this resource when a long value repeated many times runs it out.
    chargeValue(ctx, base, props);
    current = { id, type: String(res.Type), dependsOnUnresolved: usedUnresolved(ctx, pp) };
    if (!isObj(props)) {
      error(pp, 'Properties must be an object');
      continue;
    }
    switch (res.Type) {
      case 'AWS::IAM::Role': {
        const arn = String(getAtt(ctx, id, 'Arn', base));
        const policies = props.Policies ?? [];
        const managed = strings(props.ManagedPolicyArns, [...pp, 'ManagedPolicyArns'], 'ManagedPolicyArns');
        if (!Array.isArray(policies)) {
          error([...pp, 'Policies'], 'Policies must be a list');
          continue;
        }
        if (!managed) continue;
        if (props.PermissionsBoundary !== undefined && typeof props.PermissionsBoundary !== 'string') {
          error([...pp, 'PermissionsBoundary'], 'PermissionsBoundary must be a policy ARN (a string)');
          continue;
        }
        if (props.Path !== undefined && typeof props.Path !== 'string') {
          error([...pp, 'Path'], 'Path must be a string such as /app/');
          continue;
        }
        if (props.Tags !== undefined) {
          const tags = props.Tags;
          const bad = Array.isArray(tags)
            ? tags.findIndex((tg) => !isObj(tg) || typeof tg.Key !== 'string' || typeof tg.Value !== 'string')
            : -1;
          if (!Array.isArray(tags) || bad >= 0) {
            error(
              Array.isArray(tags) ? [...pp, 'Tags', bad] : [...pp, 'Tags'],
              'Tags must be a list of { Key, Value } with string values',
            );
            continue;
          }
        }
        const inline: InlinePolicy[] = [];
        policies.forEach((p, i) => {
          if (!isObj(p) || typeof p.PolicyName !== 'string')
            return error([...pp, 'Policies', i], 'each policy needs a PolicyName and a PolicyDocument');
          if (p.PolicyDocument === undefined)
            return error([...pp, 'Policies', i, 'PolicyDocument'], 'PolicyDocument is required');
          if (policyOk(p.PolicyDocument, [...pp, 'Policies', i, 'PolicyDocument']))
            inline.push({
              PolicyName: p.PolicyName,
              PolicyDocument: p.PolicyDocument as InlinePolicy['PolicyDocument'],
            });
        });
        const role: RoleDetail = {
          Path: typeof props.Path === 'string' ? props.Path : '/',
          RoleName: String(ref(ctx, id, base)),
          Arn: arn,
          ...(props.AssumeRolePolicyDocument !== undefined &&
          policyOk(props.AssumeRolePolicyDocument, [...pp, 'AssumeRolePolicyDocument'])
            ? { AssumeRolePolicyDocument: props.AssumeRolePolicyDocument as RoleDetail['AssumeRolePolicyDocument'] }
            : {}),
          RolePolicyList: inline,
          AttachedManagedPolicies: managed.map((a) => ({
            PolicyArn: String(a),
            PolicyName: String(a).split('/').pop(),
          })),
          ...(typeof props.PermissionsBoundary === 'string'
            ? {
                PermissionsBoundary: {
                  PermissionsBoundaryType: 'Policy',
                  PermissionsBoundaryArn: props.PermissionsBoundary,
                },
              }
            : {}),
          ...(Array.isArray(props.Tags)
            ? { Tags: props.Tags.filter(isObj).map((tg) => ({ Key: String(tg.Key), Value: String(tg.Value) })) }
            : {}),
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
        addManagedPolicy(
          acc,
          {
            PolicyName: arn.split('/').pop() ?? id,
            Arn: arn,
            Path: typeof props.Path === 'string' ? props.Path : '/',
            DefaultVersionId: 'v1',
            PolicyVersionList: [
              { Document: props.PolicyDocument as Record<string, unknown>, VersionId: 'v1', IsDefaultVersion: true },
            ],
          },
          file,
        );
        source(arn, id);
        items.push(arn);
        const policyRoles = strings(props.Roles, [...pp, 'Roles'], 'Roles');
        for (const roleName of policyRoles ?? []) {
          deferred.push(() =>
            attach(acc, file, [...pp, 'Roles'], roleName, (role) => {
              role.AttachedManagedPolicies ??= [];
              if (!role.AttachedManagedPolicies.some((a) => a.PolicyArn === arn))
                role.AttachedManagedPolicies.push({ PolicyArn: arn, PolicyName: arn.split('/').pop() });
            }),
          );
        }
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::RolePolicy': {
        if (typeof props.PolicyName !== 'string') {
          error([...pp, 'PolicyName'], 'PolicyName is required');
          continue;
        }
        if (props.PolicyDocument === undefined) {
          error([...pp, 'PolicyDocument'], 'PolicyDocument is required');
          continue;
        }
        if (!policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) continue;
        const inline: InlinePolicy = {
          PolicyName: props.PolicyName,
          PolicyDocument: props.PolicyDocument as InlinePolicy['PolicyDocument'],
        };
        // AWS::IAM::RolePolicy names one role (RoleName); AWS::IAM::Policy a list (Roles).
        const roles =
          res.Type === 'AWS::IAM::RolePolicy'
            ? strings([props.RoleName], [...pp, 'RoleName'], 'RoleName')
            : strings(props.Roles, [...pp, 'Roles'], 'Roles');
        if (!roles) continue;
        if (roles.length === 0)
          acc.report.warnings.push(
            diag(
              'template.policy-not-on-role',
              `${id} (AWS::IAM::Policy) is attached to no role; Rolecall reads roles only`,
              { file, path: pp, severity: 'info' },
            ),
          );
        for (const [n, roleName] of roles.entries()) {
          deferred.push(() =>
            attach(acc, file, [...pp, 'Roles'], roleName, (role) => {
              role.RolePolicyList ??= [];
              const same = role.RolePolicyList.find((p) => p.PolicyName === inline.PolicyName);
              // Each role after the first holds another copy of the policy in the workspace: counted as output.
              if (!same && n > 0) chargeValue(ctx, [...pp, 'Roles', n], inline);
              if (!same) role.RolePolicyList.push(inline);
              else if (
                JSON.stringify(decodePolicy(same.PolicyDocument)) !==
                JSON.stringify(decodePolicy(inline.PolicyDocument))
              ) {
                acc.report.conflicts.push(
                  diag(
                    'import.conflict',
                    `role ${role.Arn} already has an inline policy ${inline.PolicyName} with different content; kept the first`,
                    { file, path: [...pp, 'PolicyName'], severity: 'warning' },
                  ),
                );
              }
            }),
          );
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
        addKmsKey(
          acc,
          {
            KeyMetadata: customerKeyMetadata(keyId, arn, enabled),
            // Without KeyPolicy, CloudFormation gives the key the default key policy (the account root may use the key).
            ...(policy !== undefined ? { Policy: policy as Record<string, unknown> } : {}),
          },
          file,
        );
        if (policy === undefined) {
          acc.report.warnings.push(
            diag(
              'template.default-key-policy',
              `${id} has no KeyPolicy: AWS gives it the default key policy, which allows the account root (delegates to IAM policies); Rolecall assumes that policy`,
              { file, path: pp, severity: 'info' },
            ),
          );
        }
        source(arn, id);
        if (policy !== undefined) source(`policy:${arn}`, id);
        items.push(arn);
        break;
      }
      case 'AWS::KMS::Alias': {
        if (typeof props.AliasName !== 'string' || typeof props.TargetKeyId !== 'string') {
          error(pp, 'AliasName and TargetKeyId are required');
          continue;
        }
        const target = props.TargetKeyId;
        const key = (acc.ws.kmsKeys ?? []).find((k) => k.KeyMetadata.KeyId === target || k.KeyMetadata.Arn === target);
        if (!key) {
          acc.report.warnings.push(
            diag(
              'template.unknown-key',
              `alias ${props.AliasName} targets ${target}, a key not in the workspace; the alias is not applied`,
              { file, path: [...pp, 'TargetKeyId'], severity: 'warning' },
            ),
          );
          continue;
        }
        addKmsKey(
          acc,
          {
            KeyMetadata: { KeyId: key.KeyMetadata.KeyId },
            Aliases: [{ AliasName: props.AliasName, TargetKeyId: key.KeyMetadata.KeyId }],
          },
          file,
        );
        items.push(`${props.AliasName} → ${key.KeyMetadata.Arn ?? key.KeyMetadata.KeyId}`);
        break;
      }
      case 'AWS::S3::BucketPolicy': {
        if (typeof props.Bucket !== 'string') {
          error([...pp, 'Bucket'], 'Bucket must name the bucket');
          continue;
        }
        if (props.PolicyDocument === undefined) {
          error([...pp, 'PolicyDocument'], 'PolicyDocument is required');
          continue;
        }
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
        if (doc !== undefined && policyOk(doc, [...pp, 'ResourcePolicy', 'PolicyDocument']))
          addResourcePolicy(acc, arn, doc, file);
        break;
      }
      case 'AWS::DynamoDB::GlobalTable': {
        const name = String(ref(ctx, id, base));
        if (!Array.isArray(props.Replicas)) {
          error([...pp, 'Replicas'], 'Replicas must be a list (a global table has at least one replica)');
          continue;
        }
        const replicas = props.Replicas;
        replicas.forEach((rep, i) => {
          if (!isObj(rep) || typeof rep.Region !== 'string')
            return error([...pp, 'Replicas', i, 'Region'], 'each replica needs a Region');
          const arn = `arn:${opts.partition}:dynamodb:${rep.Region}:${account(ctx, base)}:table/${name}`;
          addResource(acc, arn);
          source(arn, id);
          items.push(arn);
          const doc = objOf(rep.ResourcePolicy).PolicyDocument;
          if (doc !== undefined && policyOk(doc, [...pp, 'Replicas', i, 'ResourcePolicy', 'PolicyDocument']))
            addResourcePolicy(acc, arn, doc, file);
        });
        break;
      }
      case 'AWS::Cognito::IdentityPool': {
        const poolId = String(ref(ctx, id, base));
        const pool: IdentityPool = { IdentityPoolId: poolId };
        const copy = [
          'IdentityPoolName',
          'AllowUnauthenticatedIdentities',
          'AllowClassicFlow',
          'SupportedLoginProviders',
          'DeveloperProviderName',
          'OpenIdConnectProviderARNs',
          'SamlProviderARNs',
        ] as const;
        for (const k of copy) if (props[k] !== undefined) (pool as unknown as Record<string, unknown>)[k] = props[k];
        if (Array.isArray(props.CognitoIdentityProviders))
          pool.CognitoIdentityProviders = props.CognitoIdentityProviders as IdentityPool['CognitoIdentityProviders'];
        if (Array.isArray(props.IdentityPoolTags))
          pool.IdentityPoolTags = Object.fromEntries(
            props.IdentityPoolTags.filter(isObj).map((tg) => [String(tg.Key), String(tg.Value)]),
          );
        // A flag that resolves to neither true nor false (a parameter without a value) stays unknown: guests are
        // evaluated as allowed — the outcome that exposes the most — and the report says so; never the safe-looking false.
        const flag = (k: 'AllowUnauthenticatedIdentities' | 'AllowClassicFlow'): void => {
          const v = (pool as unknown as Record<string, unknown>)[k];
          if (typeof v !== 'string') return;
          if (v === 'true' || v === 'false') {
            (pool as unknown as Record<string, unknown>)[k] = v === 'true';
            return;
          }
          const pos = parsed.locate([...pp, k]);
          const unknown =
            k === 'AllowUnauthenticatedIdentities'
              ? 'guests are evaluated as allowed (the outcome that exposes the most); give the value to evaluate the other way'
              : 'the basic flow is evaluated as not set (allowed, as AWS treats an unset flag)';
          acc.report.unresolved.push(
            diag(
              'template.unresolved-flag',
              `${id}.${k} is ${JSON.stringify(v)}, which is not known until deployment: ${unknown} (give --parameter for the value it comes from)`,
              { file, path: [...pp, k], severity: 'warning', range: pos ? { start: pos, end: pos } : undefined },
            ),
          );
          if (k === 'AllowUnauthenticatedIdentities') pool.AllowUnauthenticatedIdentities = true;
          else delete pool.AllowClassicFlow;
        };
        flag('AllowUnauthenticatedIdentities');
        flag('AllowClassicFlow');
        // A YAML template may quote booleans ("true"); CloudFormation accepts them as booleans.
        for (const p of pool.CognitoIdentityProviders ?? []) {
          const check: unknown = isObj(p) ? p.ServerSideTokenCheck : undefined;
          if (check === 'true' || check === 'false') p.ServerSideTokenCheck = check === 'true';
        }
        if (props.CognitoIdentityProviders !== undefined && !Array.isArray(props.CognitoIdentityProviders)) {
          error([...pp, 'CognitoIdentityProviders'], 'CognitoIdentityProviders must be a list');
          continue;
        }
        if (
          !shapeOk(awsShapes.identityPool, pool, (p) => [
            ...pp,
            ...(p[0] === 'IdentityPoolTags' ? ['IdentityPoolTags'] : p),
          ])
        )
          continue;
        addPool(acc, pool, file);
        source(poolId, id);
        items.push(poolId);
        break;
      }
      case 'AWS::Cognito::IdentityPoolRoleAttachment': {
        if (typeof props.IdentityPoolId !== 'string') {
          error([...pp, 'IdentityPoolId'], 'IdentityPoolId is required');
          continue;
        }
        const pool: IdentityPool = { IdentityPoolId: props.IdentityPoolId };
        const keyOf: Record<string, string> = {};
        if (isObj(props.Roles)) pool.Roles = props.Roles as IdentityPool['Roles'];
        if (isObj(props.RoleMappings)) {
          // CFN's RoleMapping has an optional IdentityProvider; the map key stands in when it is absent (SEMANTICS §A1.2).
          // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-identitypoolroleattachment-rolemapping.html
          const mappings: Record<string, RoleMapping> = {};
          for (const [k, m] of Object.entries(props.RoleMappings)) {
            if (!isObj(m)) {
              error([...pp, 'RoleMappings', k], 'a role mapping must be an object');
              continue;
            }
            if (m.IdentityProvider !== undefined && typeof m.IdentityProvider !== 'string') {
              error([...pp, 'RoleMappings', k, 'IdentityProvider'], 'IdentityProvider must be a string');
              continue;
            }
            const provider = typeof m.IdentityProvider === 'string' ? m.IdentityProvider : k;
            if (Object.prototype.hasOwnProperty.call(mappings, provider)) {
              error(
                [...pp, 'RoleMappings', k],
                `two role mappings are for the same identity provider ${provider} (${keyOf[provider]} and ${k}); AWS keeps one mapping per provider`,
              );
              continue;
            }
            Object.defineProperty(mappings, provider, {
              value: m,
              enumerable: true,
              writable: true,
              configurable: true,
            });
            Object.defineProperty(keyOf, provider, { value: k, enumerable: true, writable: true, configurable: true });
          }
          pool.RoleMappings = mappings;
        } else if (props.RoleMappings !== undefined) {
          error([...pp, 'RoleMappings'], 'RoleMappings must be a map from a name to a role mapping');
          continue;
        }
        if (props.Roles !== undefined && !isObj(props.Roles)) {
          error([...pp, 'Roles'], 'Roles must be a map with authenticated and/or unauthenticated');
          continue;
        }
        const toTemplate = (p: PathSegments): PathSegments =>
          p[0] === 'RoleMappings' && typeof p[1] === 'string'
            ? [...pp, 'RoleMappings', keyOf[p[1]] ?? p[1], ...p.slice(2)]
            : [...pp, ...p];
        if (!shapeOk(awsShapes.identityPool, pool, toTemplate)) continue;
        addPool(acc, pool, file);
        addSource(acc, `${props.IdentityPoolId}#roles`, { file, ...parsed.locate(base), logicalId: id });
        items.push(`roles of ${props.IdentityPoolId}`);
        break;
      }
      case 'AWS::Cognito::UserPool':
      case 'AWS::Cognito::UserPoolClient':
      case 'AWS::Cognito::UserPoolGroup':
      case 'AWS::Cognito::UserPoolUserToGroupAttachment':
        importUserPoolResource({
          acc,
          file,
          id,
          base,
          type: res.Type,
          props,
          refValue: () => String(ref(ctx, id, base)),
          locate: parsed.locate,
          error,
          shapeOk,
          items,
        });
        break;
      case 'AWS::Cognito::IdentityPoolPrincipalTag': {
        if (typeof props.IdentityPoolId !== 'string' || typeof props.IdentityProviderName !== 'string') {
          error(pp, 'IdentityPoolId and IdentityProviderName are required');
          continue;
        }
        const map: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> } = {};
        if (props.UseDefaults !== undefined)
          map.UseDefaults =
            props.UseDefaults === 'true' || props.UseDefaults === 'false'
              ? props.UseDefaults === 'true'
              : (props.UseDefaults as boolean);
        if (props.PrincipalTags !== undefined) map.PrincipalTags = props.PrincipalTags as Record<string, string>;
        const tagPool: IdentityPool = {
          IdentityPoolId: props.IdentityPoolId,
          PrincipalTagAttributeMaps: { [props.IdentityProviderName]: map },
        };
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
/** The template's Transform is not expanded: a warning says so (import the processed template instead). */
function warnTransform(acc: Acc, unit: TemplateUnit): void {
  const { file, parsed } = unit;
  const t = parsed.value as Record<string, unknown>;
  const transform = t.Transform;
  if (transform !== undefined) {
    acc.report.warnings.push(
      diag(
        'template.transform',
        `the template uses Transform ${JSON.stringify(transform)}; Rolecall reads the template as written, without expanding the transform (import the processed template to see generated resources)`,
        { file, path: ['Transform'], severity: 'warning', range: toRange(parsed.locate(['Transform'])) },
      ),
    );
  }
}

/**
 * Resources whose type looks like a misspelling of one Rolecall reads (or an AWS type that does not exist in a
 * service it reads) are listed as not imported, with their place.
 */
function listUnknownTypes(acc: Acc, unit: TemplateUnit, entries: [string, Record<string, unknown>][]): void {
  const { file, parsed } = unit;
  // A type that looks like a misspelling of one Rolecall reads (or an AWS type that does not exist in a service it
  // reads) is listed as not imported, with its place: never dropped silently.
  for (const [id, r] of entries) {
    const type = String(r.Type);
    if (READ_TYPES.includes(type) || type.startsWith('AWS::Serverless::') || typeof r.Type !== 'string') continue;
    const guess = didYouMeanType(type);
    const service = /^AWS::(IAM|Cognito|S3|DynamoDB)::/i.exec(type);
    if (!guess && !(service && !KNOWN_OTHER.has(type))) continue;
    const pos = parsed.locate(['Resources', id, 'Type']);
    acc.report.notImported.push(
      diag(
        'template.unknown-type',
        `${id} is not imported: Rolecall does not read resources of type ${type}${guess ? ` (did you mean ${guess}?)` : ''}`,
        {
          file,
          path: ['Resources', id, 'Type'],
          range: pos ? { start: pos, end: pos } : undefined,
          severity: 'warning',
        },
      ),
    );
  }
}

/** Resources that grant or hold access but that Rolecall cannot read from this template (SAM, nested stacks, …). */
function listSkipped(acc: Acc, unit: TemplateUnit, entries: [string, Record<string, unknown>][]): void {
  const { file, parsed } = unit;
  // Resources that grant or hold access but that Rolecall cannot read from this template: say so, never drop silently.
  const skipped = entries.filter(
    ([id, r]) =>
      typeof r.Type === 'string' &&
      (r.Type.startsWith('AWS::Serverless::') ||
        (r.Type === 'AWS::CloudFormation::Stack' && !unit.nestedImported.has(id)) ||
        (r.Type.startsWith('AWS::IAM::') &&
          !DEFINITIONS.includes(r.Type) &&
          r.Type !== 'AWS::IAM::Policy' &&
          r.Type !== 'AWS::IAM::RolePolicy' &&
          KNOWN_OTHER.has(r.Type))),
  );
  if (skipped.length > 0) {
    const names =
      skipped
        .slice(0, 10)
        .map(([id, r]) => `${id} (${String(r.Type)})`)
        .join(', ') + (skipped.length > 10 ? `, and ${skipped.length - 10} more` : '');
    const hints = [
      skipped.some(([, r]) => String(r.Type).startsWith('AWS::Serverless::'))
        ? "SAM resources are only expanded by the transform: import the processed template (sam build / sam validate --debug, or the deployed stack's processed template)"
        : '',
      skipped.some(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
        ? `a nested stack is a separate template: import it too (${skipped
            .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
            .map(([, r]) => nestedTemplateHint(r))
            .join(', ')})`
        : '',
    ]
      .filter(Boolean)
      .join('; ');
    acc.report.warnings.push(
      diag('template.skipped', `not read: ${names}${hints ? ` — ${hints}` : ''}`, {
        file,
        path: ['Resources', skipped[0][0]],
        severity: 'warning',
        range: toRange(parsed.locate(['Resources', skipped[0][0]])),
      }),
    );
  }
}

function attach(acc: Acc, file: string, path: PathSegments, nameOrArn: string, apply: (r: RoleDetail) => void): void {
  const roles = acc.ws.iam?.RoleDetailList ?? [];
  const found = roles.filter((r) => r.Arn === nameOrArn || r.RoleName === nameOrArn);
  if (found.length === 0) {
    acc.report.warnings.push(
      diag(
        'template.unknown-role',
        `role ${nameOrArn} is not in the workspace (import the file that defines it); the attachment at ${formatPath(path)} is not applied`,
        { file, path, severity: 'warning' },
      ),
    );
    return;
  }
  for (const r of found) apply(r);
}

function toRange(
  pos: { line: number; column: number } | undefined,
): { start: { line: number; column: number }; end: { line: number; column: number } } | undefined {
  return pos ? { start: pos, end: pos } : undefined;
}

/** Real AWS types of the services Rolecall reads that it does not import itself (so not "unknown types"). */
const KNOWN_OTHER = new Set([
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::UserToGroupAddition',
  'AWS::IAM::AccessKey',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::OIDCProvider',
  'AWS::IAM::SAMLProvider',
  'AWS::IAM::ServerCertificate',
  'AWS::IAM::ServiceLinkedRole',
  'AWS::IAM::VirtualMFADevice',
  'AWS::IAM::GroupPolicy',
  'AWS::IAM::UserPolicy',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::UserPoolIdentityProvider',
  'AWS::Cognito::UserPoolResourceServer',
  'AWS::Cognito::UserPoolRiskConfigurationAttachment',
  'AWS::Cognito::UserPoolUICustomizationAttachment',
  'AWS::Cognito::UserPoolUser',
  'AWS::Cognito::UserPoolUserToGroupAttachment',
  'AWS::Cognito::LogDeliveryConfiguration',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::Cognito::Terms',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy',
  'AWS::S3::StorageLens',
  'AWS::S3::StorageLensGroup',
  'AWS::S3::AccessGrant',
  'AWS::S3::AccessGrantsInstance',
  'AWS::S3::AccessGrantsLocation',
]);

/** Where a nested stack's template is, for the "import it too" hint. */
function nestedTemplateHint(r: Record<string, unknown>): string {
  const meta = objOf(r.Metadata) as Record<string, unknown>;
  const asset = meta['aws:asset:path'];
  if (typeof asset === 'string') return asset;
  const url = objOf(r.Properties).TemplateURL as unknown;
  return typeof url === 'string' ? url : 'its TemplateURL';
}

/** Whether a Lambda function's inline code or its role's policies change trust policies (iam:UpdateAssumeRolePolicy). */
function updatesTrust(ctx: CfnContext, fnId: string): boolean {
  const fn = ctx.resources[fnId];
  if (!isObj(fn)) return false;
  const code = JSON.stringify(objOf(fn.Properties).Code ?? '');
  if (/update_?assume_?role_?policy/i.test(code)) return true;
  const roleRef = new Set<string>();
  referencesOf(objOf(fn.Properties).Role, roleRef);
  const grants = (doc: unknown) => /"iam:(UpdateAssumeRolePolicy|\*)"|"\*"/.test(JSON.stringify(doc ?? ''));
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!isObj(r)) continue;
    const props = objOf(r.Properties) as Record<string, unknown>;
    if (
      roleRef.has(id) &&
      r.Type === 'AWS::IAM::Role' &&
      Array.isArray(props.Policies) &&
      props.Policies.some((p) => isObj(p) && grants(p.PolicyDocument))
    )
      return true;
    if (r.Type === 'AWS::IAM::Policy' && grants(props.PolicyDocument)) {
      const on = new Set<string>();
      referencesOf(props.Roles, on);
      if ([...on].some((x) => roleRef.has(x))) return true;
    }
  }
  return false;
}

/**
 * Trust policies a deploy-time custom resource rewrites (Amplify's UpdateRolesWithIDPFunction, Kinesis Data
 * Generator's setup function): the template's own trust policy is not what the deployed role has. Each such role is
 * marked (`importNotes.trustNotFinal`) and reported. Amplify's function is known (it writes an Allow for the pool's
 * aud and the amr of the role's kind), so its result is applied and said so; any other rewriter is only marked.
 */
function rewrittenTrust(acc: Acc, unit: TemplateUnit): void {
  const { ctx, file, parsed } = unit;
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (
      !isObj(r) ||
      typeof r.Type !== 'string' ||
      !(r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
    )
      continue;
    const props = objOf(r.Properties) as Record<string, unknown>;
    const token = new Set<string>();
    referencesOf(props.ServiceToken, token);
    const fnId = [...token].find(
      (x) => isObj(ctx.resources[x]) && (ctx.resources[x] as { Type?: string }).Type === 'AWS::Lambda::Function',
    );
    if (!fnId || !updatesTrust(ctx, fnId)) continue;
    const path: PathSegments = ['Resources', id, 'Properties'];
    const resolved = objOf(resolveValue({ ...ctx, unresolved: [] }, props, path)) as Record<string, unknown>;
    const amplify =
      typeof resolved.idpId === 'string' &&
      (typeof resolved.authRoleName === 'string' || typeof resolved.unauthRoleName === 'string');
    const targets: { name: string; amr?: 'authenticated' | 'unauthenticated' }[] = [];
    if (amplify) {
      if (typeof resolved.authRoleName === 'string')
        targets.push({ name: resolved.authRoleName, amr: 'authenticated' });
      if (typeof resolved.unauthRoleName === 'string')
        targets.push({ name: resolved.unauthRoleName, amr: 'unauthenticated' });
    } else {
      // Any role the custom resource is handed (by Ref, GetAtt or as a name).
      const refs = new Set<string>();
      referencesOf(props, refs);
      for (const x of refs)
        if (isObj(ctx.resources[x]) && (ctx.resources[x] as { Type?: string }).Type === 'AWS::IAM::Role')
          targets.push({ name: String(ref({ ...ctx, unresolved: [] }, x, path)) });
      for (const [k, v] of Object.entries(resolved))
        if (/role/i.test(k) && typeof v === 'string' && k !== 'ServiceToken') targets.push({ name: v });
    }
    const pos = parsed.locate(['Resources', id]);
    // A role handed over twice (by Ref and under a RoleName key) is one target: one warning, one rewrite.
    const seen = new Set<string>();
    for (const target of targets) {
      if (seen.has(target.name)) continue;
      seen.add(target.name);
      const why = amplify
        ? `its trust policy is rewritten at deploy time by ${id} (${String(r.Type)}, Amplify's ${fnId}); Rolecall applied what that function writes (Allow cognito-identity.amazonaws.com for aud ${String(resolved.idpId)} and amr ${target.amr}) instead of the template's placeholder`
        : `its trust policy is rewritten at deploy time by ${id} (${String(r.Type)}, function ${fnId}); the template's trust policy is not final`;
      acc.report.warnings.push(
        diag('template.trust-rewritten', `role ${target.name}: ${why}`, {
          file,
          path: ['Resources', id],
          severity: 'warning',
          range: pos ? { start: pos, end: pos } : undefined,
        }),
      );
      const poolId = String(resolved.idpId);
      const amr = target.amr;
      // Applied once every file is in: the role may be defined in the parent (root) stack.
      acc.trustRewrites.push({
        roleName: target.name,
        why,
        file,
        ...(amplify && amr
          ? {
              document: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Federated: 'cognito-identity.amazonaws.com' },
                    Action: 'sts:AssumeRoleWithWebIdentity',
                    Condition: {
                      StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
                      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
                    },
                  },
                ],
              },
            }
          : {}),
      });
    }
  }
}
