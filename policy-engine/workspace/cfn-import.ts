/**
 * Reads the IAM, Cognito identity-pool, S3 and DynamoDB resources of a CloudFormation template (hand-written or
 * CDK-synthesised) into the workspace, with provenance (file, line, column, logical id) for findings and SARIF.
 * Resource reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 *
 * The steps are in cfn-import/: context.ts (one template's import: reading a resource, errors, policy checks),
 * iam.ts, resources.ts and pools.ts (an importer per resource type), listing.ts (what is not imported, said),
 * trust.ts (trust policies a custom resource rewrites at deploy time) and cycle.ts (circular dependencies).
 */
import type { ParsedTemplate } from './cfn-parse';
import type { CfnContext } from './cfn-resolve';
import { diag } from './json-source';
import type { Acc } from './merge';
import { isObj } from '../guards';
import { CfnImport, objOf, toRange } from './cfn-import/context';
import type { Importer, TemplateOptions, TemplateUnit } from './cfn-import/context';
import { findCycle } from './cfn-import/cycle';
import { IAM_IMPORTERS } from './cfn-import/iam';
import { listSkipped, listUnknownTypes } from './cfn-import/listing';
import { POOL_IMPORTERS } from './cfn-import/pools';
import { RESOURCE_IMPORTERS } from './cfn-import/resources';
import { rewrittenTrust } from './cfn-import/trust';

export { MAX_POLICY_CHARS } from './cfn-import/context';
export type { TemplateOptions, TemplateUnit } from './cfn-import/context';
export { findCycle } from './cfn-import/cycle';
export { didYouMeanType } from './cfn-import/listing';

/** Whether a parsed value looks like a CloudFormation template. */
export function isTemplate(v: unknown): boolean {
  return (
    isObj(v) &&
    isObj(v.Resources) &&
    (v.AWSTemplateFormatVersion !== undefined ||
      Object.values(v.Resources).some((r) => isObj(r) && typeof r.Type === 'string'))
  );
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

/** Every resource type Rolecall imports from a template, with its importer. */
const IMPORTERS: Record<string, Importer> = { ...IAM_IMPORTERS, ...RESOURCE_IMPORTERS, ...POOL_IMPORTERS };

/** Resources that others refer to come first, so that attachments find them. */
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
/** Then the resources that attach to a definition (role attachments, principal tags, aliases, user-pool parts). */
const ATTACHMENTS = [
  'AWS::Cognito::IdentityPoolRoleAttachment',
  'AWS::Cognito::IdentityPoolPrincipalTag',
  'AWS::KMS::Alias',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolUserToGroupAttachment',
];
/** Last the policies put on roles. */
const ROLE_POLICIES = ['AWS::IAM::Policy', 'AWS::IAM::RolePolicy'];

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

/** A circular dependency is refused as CloudFormation refuses it: reported, and nothing of the template imported. */
function refuseCycle(acc: Acc, unit: TemplateUnit): boolean {
  const { file, parsed, ctx } = unit;
  const cycle = findCycle(ctx.resources);
  if (!cycle) return false;
  acc.report.errors.push(
    diag(
      'template.cycle',
      `Circular dependency between resources: [${cycle.join(', ')}] (CloudFormation refuses to deploy such a template)`,
      { file, path: ['Resources', cycle[0]], range: toRange(parsed.locate(['Resources', cycle[0]])) },
    ),
  );
  return true;
}

/** Each resource must be an object with a string Type (each other one reported). */
function checkTypes(t: CfnImport): void {
  for (const [id, r] of Object.entries(t.ctx.resources)) {
    if (!isObj(r)) t.error(['Resources', id], 'a resource must be an object with a Type');
    else if (typeof r.Type !== 'string')
      t.error(['Resources', id, 'Type'], 'Type must be a string such as AWS::IAM::Role');
  }
}

/** The resources to import in order: definitions, then attachments, then role policies (each in template order). */
function importOrder(entries: [string, Record<string, unknown>][]): [string, Record<string, unknown>][] {
  return [DEFINITIONS, ATTACHMENTS, ROLE_POLICIES].flatMap((types) =>
    entries.filter(([, r]) => types.includes(String(r.Type))),
  );
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
  warnTransform(acc, unit);
  if (refuseCycle(acc, unit)) return [];
  const t = new CfnImport(acc, unit, opts, deferred);
  checkTypes(t);
  const entries = Object.entries(unit.ctx.resources).filter((e): e is [string, Record<string, unknown>] => isObj(e[1]));
  listUnknownTypes(acc, unit, entries);
  listSkipped(acc, unit, entries);
  rewrittenTrust(acc, unit);
  for (const [id, res] of importOrder(entries)) {
    const r = t.read(id, res);
    if (r) IMPORTERS[r.type](t, r);
  }
  return t.items;
}
