/**
 * `terraform show -json` output, of a saved plan or of the state, imported as one account (CONTRACT §4 `import`).
 * The state's resources are under `values.root_module` (modules in nested `child_modules`); a plan's under
 * `planned_values.root_module`, where a value known only after apply is left out and marked `true` in the matching
 * `resource_changes[].change.after_unknown`. Such a value is never guessed: when the plan's `configuration` says it is
 * exactly one other resource's attribute that is known (or that the provider derives from known ones, e.g. a role's
 * ARN from its name), that value is used and reported as inferred; otherwise a listed placeholder is used and the value
 * is reported as unresolved with the file, the JSON path and the line, as a template's unresolved values are.
 * JSON output format: https://developer.hashicorp.com/terraform/internals/json-format ("Reject any input which reports
 * an unsupported major version"). Attributes: the AWS provider's resource pages,
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role (and the other types below).
 *
 * The steps live in ./terraform/: read.ts (the document's resource instances), context.ts (one file's import: the
 * value of each attribute, placeholders, account and region), derive.ts (what the provider derives), and one module
 * per kind of resource: iam.ts, resources.ts (S3, DynamoDB, KMS), pools.ts (+ roles-map.ts) and user-pools.ts.
 */
import { diag } from './json-source';
import type { JsonSource, PathSegments } from './json-source';
import type { Acc } from './merge';
import { isObj, hasOwn as own } from '../guards';
import { TfImport } from './terraform/context';
import type { Importer, TerraformOptions } from './terraform/context';
import { at, readResources } from './terraform/read';
import { IAM_IMPORTERS } from './terraform/iam';
import { POOL_IMPORTERS } from './terraform/pools';
import { RESOURCE_IMPORTERS } from './terraform/resources';
import { USER_POOL_IMPORTERS } from './terraform/user-pools';

export type { TerraformOptions } from './terraform/context';

/** The top-level keys `terraform show -json` prints (plan or state). */
const TOP_KEYS = new Set([
  'format_version',
  'terraform_version',
  'values',
  'planned_values',
  'resource_changes',
  'resource_drift',
  'relevant_attributes',
  'output_changes',
  'prior_state',
  'configuration',
  'checks',
  'variables',
  'applyable',
  'complete',
  'errored',
  'timestamp',
]);

/** Whether a parsed JSON value is `terraform show -json` output. */
export function isTerraformJson(v: unknown): boolean {
  if (!isObj(v) || typeof v.format_version !== 'string') return false;
  return (
    'terraform_version' in v || 'values' in v || 'planned_values' in v || Object.keys(v).every((k) => TOP_KEYS.has(k))
  );
}

/** Whether a parsed JSON value is a raw state file (`terraform.tfstate`), which Rolecall does not read directly. */
export function isRawTerraformState(v: unknown): boolean {
  return isObj(v) && typeof v.version === 'number' && typeof v.lineage === 'string' && Array.isArray(v.resources);
}

/** Read before the others so the attachments find what they attach to. */
const ORDER: Record<string, number> = {
  aws_iam_role_policy: 1,
  aws_iam_role_policy_attachment: 1,
  aws_iam_policy_attachment: 1,
  aws_cognito_identity_pool_roles_attachment: 1,
  aws_cognito_identity_pool_provider_principal_tag: 1,
  aws_s3_bucket_policy: 1,
  aws_s3_bucket_server_side_encryption_configuration: 1,
  aws_dynamodb_resource_policy: 1,
  aws_cognito_user_pool_client: 1,
  aws_cognito_user_group: 1,
};

/** The resource types Rolecall reads from Terraform, each with its importer. */
const IMPORTERS: Record<string, Importer> = {
  ...IAM_IMPORTERS,
  ...RESOURCE_IMPORTERS,
  ...POOL_IMPORTERS,
  ...USER_POOL_IMPORTERS,
};

/** The file's root module (state: `values`, plan: `planned_values`), or undefined after a report of why there is none. */
function rootModuleOf(
  t: TfImport,
  doc: Record<string, unknown>,
): { module: Record<string, unknown>; path: PathSegments } | undefined {
  const plan = isObj(doc.planned_values) || Array.isArray(doc.resource_changes);
  const rootKey = plan ? 'planned_values' : 'values';
  const rootModule = at(doc, [rootKey, 'root_module']);
  if (rootModule === undefined) {
    t.acc.report.warnings.push(
      diag(
        'terraform.empty',
        plan
          ? 'the plan has no planned_values.root_module: it creates nothing'
          : 'the state has no resources (values.root_module is absent)',
        { file: t.file, path: [rootKey], severity: 'warning' },
      ),
    );
    return undefined;
  }
  if (!isObj(rootModule)) {
    t.error([rootKey, 'root_module'], 'root_module must be an object (a module with resources and child_modules)');
    return undefined;
  }
  return { module: rootModule, path: [rootKey, 'root_module'] };
}

/** Whether the file is of format version 1.x; otherwise it is reported and nothing of it is read. */
function readableVersion(t: TfImport, doc: Record<string, unknown>): boolean {
  const version = String(doc.format_version);
  const major = /^(\d+)\.\d+/.exec(version)?.[1];
  if (major === '1') return true;
  t.acc.report.errors.push(
    diag(
      'terraform.format-version',
      `terraform show -json output of format_version ${JSON.stringify(version)}: this build reads format version 1.x (written by Terraform 0.12 and later); a different major version is not compatible — nothing of this file was imported`,
      { file: t.file, path: ['format_version'], range: t.where(['format_version']) },
    ),
  );
  return false;
}

/**
 * Imports one `terraform show -json` document. Attachments to roles of other files run later (`deferred`).
 * Returns nothing: what it read goes to `items`, the rest to the report.
 */
export function importTerraform(
  acc: Acc,
  src: JsonSource,
  opts: TerraformOptions,
  deferred: (() => void)[],
  items: string[],
): void {
  const doc = src.value as Record<string, unknown>;
  const t = new TfImport(acc, src, opts, deferred, items);
  if (!readableVersion(t, doc)) return;
  const root = rootModuleOf(t, doc);
  if (!root) return;
  const resources = readResources(doc, root, (path, message) => t.error(path, message));
  t.know(resources);
  t.inferAccountAndRegion(doc, resources);
  const ordered = [...resources].sort((a, b) => (ORDER[a.type] ?? 0) - (ORDER[b.type] ?? 0));
  for (const r of ordered) {
    const importer = own(IMPORTERS, r.type) ? IMPORTERS[r.type] : undefined;
    if (importer) importer(t, r);
    else
      acc.report.notImported.push(
        diag(
          'terraform.unknown-type',
          `${r.address} is not imported: Rolecall does not read resources of type ${r.type}`,
          {
            file: t.file,
            path: r.valuesPath.slice(0, -1),
            range: t.where(r.valuesPath.slice(0, -1)),
            severity: 'info',
          },
        ),
      );
  }
}
