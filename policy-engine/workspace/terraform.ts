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
 */
import type {
  BucketEncryptionRule,
  IdentityPool,
  InlinePolicy,
  RoleDetail,
  RoleMapping,
  UserPoolClient,
  UserPoolEntry,
  UserPoolGroup,
} from '../model/workspace';
import { hash, PLACEHOLDER_ACCOUNT } from './cfn-resolve';
import { addBucketEncryption, addKmsKey } from './import-kms';
import { diag, formatPath, rangeAt } from './json-source';
import type { JsonSource, PathSegments } from './json-source';
import { addManagedPolicy, addPool, addResource, addResourcePolicy, addRole, addSource, addUserPool } from './merge';
import type { Acc } from './merge';
import { canonicalJson, decodePolicy } from './policy-doc';
import { STANDARD_ATTRIBUTES } from '../userpool/pool';
import { isObj, hasOwn as own } from '../guards';

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

/** The resource types Rolecall reads from Terraform. */
export const TERRAFORM_TYPES = [
  'aws_cognito_identity_pool',
  'aws_cognito_identity_pool_roles_attachment',
  'aws_cognito_identity_pool_provider_principal_tag',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_s3_bucket',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_dynamodb_table',
  'aws_dynamodb_resource_policy',
  'aws_kms_key',
  'aws_cognito_user_pool',
  'aws_cognito_user_pool_client',
  'aws_cognito_user_group',
] as const;

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

/** One resource instance of the plan or state. */
interface TfResource {
  address: string;
  type: string;
  /** The module path (`module.a.module.b.`, empty for the root module). */
  modulePrefix: string;
  values: Record<string, unknown>;
  /** JSON path of `values` in the file. */
  valuesPath: PathSegments;
  /** The plan's after_unknown for it and its JSON path. */
  unknown?: unknown;
  unknownPath?: PathSegments;
  /** The plan's configuration expressions of the resource. */
  expressions?: Record<string, unknown>;
}

/** Options of a Terraform import. */
export interface TerraformOptions {
  partition: string;
  accountId?: string;
  region?: string;
  /** `--physical-id ADDRESS=VALUE`: the id AWS will generate for a resource of a plan. */
  physicalIds: Record<string, string>;
}

/** The value at a path of plain data. */
function at(v: unknown, path: PathSegments): unknown {
  let cur = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string' && own(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Whether after_unknown marks a path (or one of its prefixes) as known only after apply. */
function unknownAt(tree: unknown, path: PathSegments): boolean {
  let cur = tree;
  for (const seg of path) {
    if (cur === true) return true;
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string' && own(cur, seg)) cur = cur[seg];
    else return false;
  }
  return cur === true;
}

/** A JSON string or a string list, as Terraform prints a set or list of strings. */
function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** The first element of a nested block (Terraform prints a block with max_items 1 as a one-element list). */
function block(v: unknown): Record<string, unknown> | undefined {
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return isObj(first) ? first : undefined;
}

/**
 * The attributes whose value a plan may take from the one resource attribute their expression references, each with
 * the shape that value must have (so that an expression that wraps the reference is not mistaken for it).
 */
const ARN = /^arn:[\w-]+:[a-z0-9-]+:/;
const NAME = /^[\w+=,.@-]+$/;
const REFERENCE_FITS: Record<string, RegExp> = {
  role: NAME,
  roles: NAME,
  bucket: /^[a-z0-9][a-z0-9.-]*$/,
  policy_arn: ARN,
  role_arn: ARN,
  resource_arn: ARN,
  permissions_boundary: ARN,
  authenticated: ARN,
  unauthenticated: ARN,
  kms_master_key_id: /^(arn:[\w-]+:kms:|[0-9a-f-]{36}$|alias\/)/,
  identity_pool_id: /^[a-z]{2}(-[a-z]+)+-\d:[0-9a-f-]+$/,
  user_pool_id: /^[a-z]{2}(-[a-z]+)+-\d_\w+$/,
  client_id: /^\w+$/,
  provider_name: /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+$|^[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/,
  identity_provider_name: /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+$|^[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/,
};

const REGION_RE = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob)-[a-z]+-\d$/;

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
  const file = src.file;
  const doc = src.value as Record<string, unknown>;
  const where = (path: PathSegments) => {
    const r = rangeAt(src, path);
    return r ? { start: r.start, end: r.start } : undefined;
  };
  const error = (path: PathSegments, message: string): void => {
    acc.report.errors.push(diag('terraform.invalid', message, { file, path, range: where(path) }));
  };
  const version = String(doc.format_version);
  const major = /^(\d+)\.\d+/.exec(version)?.[1];
  if (major !== '1') {
    acc.report.errors.push(
      diag(
        'terraform.format-version',
        `terraform show -json output of format_version ${JSON.stringify(version)}: this build reads format version 1.x (written by Terraform 0.12 and later); a different major version is not compatible — nothing of this file was imported`,
        { file, path: ['format_version'], range: where(['format_version']) },
      ),
    );
    return;
  }
  const plan = isObj(doc.planned_values) || Array.isArray(doc.resource_changes);
  const rootKey = plan ? 'planned_values' : 'values';
  const rootModule = at(doc, [rootKey, 'root_module']);
  if (rootModule === undefined) {
    acc.report.warnings.push(
      diag(
        'terraform.empty',
        plan
          ? 'the plan has no planned_values.root_module: it creates nothing'
          : 'the state has no resources (values.root_module is absent)',
        { file, path: [rootKey], severity: 'warning' },
      ),
    );
    return;
  }
  if (!isObj(rootModule)) {
    error([rootKey, 'root_module'], 'root_module must be an object (a module with resources and child_modules)');
    return;
  }

  // The plan's changes (after_unknown) by address, and its configuration's expressions by address.
  const changes = new Map<string, { unknown: unknown; path: PathSegments }>();
  if (Array.isArray(doc.resource_changes))
    doc.resource_changes.forEach((c, i) => {
      if (isObj(c) && typeof c.address === 'string' && isObj(c.change))
        changes.set(c.address, {
          unknown: c.change.after_unknown,
          path: ['resource_changes', i, 'change', 'after_unknown'],
        });
    });
  const config = new Map<string, Record<string, unknown>>();
  const walkConfig = (mod: unknown, prefix: string, depth: number): void => {
    if (!isObj(mod) || depth > 50) return;
    if (Array.isArray(mod.resources))
      for (const r of mod.resources)
        if (isObj(r) && typeof r.address === 'string' && isObj(r.expressions))
          config.set(prefix + r.address, r.expressions);
    if (isObj(mod.module_calls))
      for (const [name, call] of Object.entries(mod.module_calls))
        if (isObj(call)) walkConfig(call.module, `${prefix}module.${name}.`, depth + 1);
  };
  walkConfig(at(doc, ['configuration', 'root_module']), '', 0);

  // Every resource instance, root module and child modules.
  const resources: TfResource[] = [];
  const walk = (mod: Record<string, unknown>, path: PathSegments, depth: number): void => {
    if (depth > 50) return;
    if (mod.resources !== undefined && !Array.isArray(mod.resources)) {
      error([...path, 'resources'], 'resources must be a list');
      return;
    }
    (Array.isArray(mod.resources) ? mod.resources : []).forEach((r, i) => {
      const p = [...path, 'resources', i];
      if (!isObj(r) || typeof r.address !== 'string' || typeof r.type !== 'string') {
        error(p, 'each resource needs an address and a type (terraform show -json output)');
        return;
      }
      if (r.mode === 'data') return; // data sources create nothing
      const values = isObj(r.values) ? r.values : {};
      const change = changes.get(r.address);
      const configAddress = r.address.replace(/\[[^\]]*\]/g, '');
      resources.push({
        address: r.address,
        type: r.type,
        modulePrefix: /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(r.address)?.[1] ?? '',
        values,
        valuesPath: [...p, 'values'],
        ...(change ? { unknown: change.unknown, unknownPath: change.path } : {}),
        ...(config.has(configAddress) ? { expressions: config.get(configAddress) } : {}),
      });
    });
    if (mod.child_modules !== undefined && !Array.isArray(mod.child_modules)) {
      error([...path, 'child_modules'], 'child_modules must be a list of modules');
      return;
    }
    (Array.isArray(mod.child_modules) ? mod.child_modules : []).forEach((m, j) => {
      if (isObj(m)) walk(m, [...path, 'child_modules', j], depth + 1);
      else error([...path, 'child_modules', j], 'a child module must be an object');
    });
  };
  walk(rootModule, [rootKey, 'root_module'], 0);
  const byAddress = new Map(resources.map((r) => [r.address, r] as const));

  // The account and region: given, else what the known ARNs and ids say, else the provider's configured region.
  const accounts = new Set<string>();
  const regions = new Map<string, string>();
  for (const r of resources) {
    for (const [k, v] of Object.entries(r.values)) {
      if (typeof v !== 'string') continue;
      const arn = /^arn:[\w-]+:(iam|dynamodb|kms|cognito-idp|cognito-identity)::?([a-z0-9-]*):(\d{12}):/.exec(v);
      if (arn && k === 'arn') accounts.add(arn[3]);
      const reg = /^arn:[\w-]+:[a-z0-9-]+:([a-z0-9-]+):/.exec(v)?.[1] ?? /^([a-z]{2}(?:-[a-z]+)+-\d)[_:]/.exec(v)?.[1];
      if (reg && REGION_RE.test(reg) && !regions.has(reg)) regions.set(reg, `${r.address}.${k}`);
    }
  }
  let accountId = opts.accountId ?? (accounts.size === 1 ? [...accounts][0] : undefined);
  let region = opts.region;
  if (!region) {
    const configured = at(doc, ['configuration', 'provider_config', 'aws', 'expressions', 'region', 'constant_value']);
    if (typeof configured === 'string' && REGION_RE.test(configured)) {
      region = configured;
      acc.ws.region ??= region;
      acc.report.inferred.push(
        `region ${region}: inferred from the aws provider's region in ${file} (--region overrides)`,
      );
    } else if (regions.size === 1) {
      const [[r, why]] = [...regions];
      region = r;
      acc.ws.region ??= region;
      acc.report.inferred.push(`region ${r}: inferred from ${why} in ${file} (--region overrides)`);
    }
  }
  const reported = new Set<string>();
  const unresolvedAt = (path: PathSegments, message: string, placeholder: string): string => {
    const key = `${formatPath(path)}\u0000${message}`;
    if (!reported.has(key)) {
      reported.add(key);
      acc.report.unresolved.push(
        diag('terraform.unresolved', message, { file, path, range: where(path), severity: 'warning' }),
      );
    }
    if (placeholder.length >= 6 && placeholder !== PLACEHOLDER_ACCOUNT && !acc.placeholders.has(placeholder))
      acc.placeholders.set(placeholder, message);
    return placeholder;
  };
  const accountOf = (path: PathSegments): string => {
    if (accountId) return accountId;
    accountId = PLACEHOLDER_ACCOUNT;
    unresolvedAt(
      path,
      `the account is not known (the plan creates every resource that would name it): give --account ID (used ${PLACEHOLDER_ACCOUNT}, the workspace's account)`,
      PLACEHOLDER_ACCOUNT,
    );
    return accountId;
  };
  const regionOf = (path: PathSegments): string => {
    if (region) return region;
    region = unresolvedAt(
      path,
      'the region is not known (no known ARN names it and the aws provider sets none): give --region REGION (used "unresolved-region")',
      'unresolved-region',
    );
    return region;
  };
  const p = opts.partition;

  /** The value of an attribute: known, else derived or referenced (reported), else a listed placeholder. */
  const resolving = new Set<string>();
  const get = (r: TfResource, path: PathSegments, depth = 0): unknown => {
    const v = at(r.values, path);
    const isUnknown = r.unknown !== undefined && unknownAt(r.unknown, path);
    if (!isUnknown) return v;
    const key = `${r.address}.${formatPath(path)}`;
    if (resolving.has(key) || depth > 8) return undefined;
    resolving.add(key);
    try {
      const derived = derive(r, path, depth);
      if (derived !== undefined) return derived;
      const ref = referenced(r, path, depth);
      if (ref !== undefined) return ref;
      return undefined;
    } finally {
      resolving.delete(key);
    }
  };
  /** A string attribute; unknown → placeholder (reported). Absent/null/"" → undefined. */
  const str = (r: TfResource, path: PathSegments, what = 'value'): string | undefined => {
    const v = get(r, path);
    if (typeof v === 'string') return v === '' ? undefined : v;
    if (r.unknown !== undefined && unknownAt(r.unknown, path)) return placeholderFor(r, path, what);
    return undefined;
  };
  const placeholders = new Map<string, string>();
  const placeholderFor = (r: TfResource, path: PathSegments, what: string): string => {
    const name = `${r.address}.${formatPath(path)}`;
    const known = placeholders.get(name);
    if (known !== undefined) return known;
    const made = makePlaceholder(r, path, what, name);
    placeholders.set(name, made);
    return made;
  };
  const makePlaceholder = (r: TfResource, path: PathSegments, what: string, name: string): string => {
    const given =
      own(opts.physicalIds, r.address) && path.length === 1 && path[0] === 'id'
        ? opts.physicalIds[r.address]
        : undefined;
    if (given !== undefined) return given;
    const reg = () => regionOf([...(r.unknownPath ?? r.valuesPath)]);
    let ph = `UNRESOLVED-${name}`;
    if (path[0] === 'id' && r.type === 'aws_cognito_identity_pool')
      ph = `${reg()}:${hash(r.address, 8)}-0000-4000-8000-${hash(r.address + '#', 12)}`;
    else if (path[0] === 'id' && r.type === 'aws_cognito_user_pool') ph = `${reg()}_UNRESOLVED${hash(r.address, 6)}`;
    else if (path[0] === 'id' && r.type === 'aws_cognito_user_pool_client') ph = `UNRESOLVED${hash(r.address, 10)}`;
    else if ((path[0] === 'id' || path[0] === 'key_id') && r.type === 'aws_kms_key')
      ph = `${hash(r.address, 8)}-0000-4000-8000-${hash(r.address + '#', 12)}`;
    const hint =
      path[0] === 'id'
        ? ` (give --physical-id ${r.address}=VALUE once it is known)`
        : ' (import the state after apply to see it)';
    return unresolvedAt(
      [...(r.unknownPath ?? r.valuesPath), ...path],
      `${name}, the ${what}, is known only after apply${hint}: used "${ph}"`,
      ph,
    );
  };
  /** What the provider derives from the resource's own known attributes (documented on each resource's page). */
  const derive = (r: TfResource, path: PathSegments, depth: number): string | undefined => {
    if (path.length !== 1) return undefined;
    const attr = path[0];
    const own1 = (a: string, what: string): string | undefined => {
      const v = get(r, [a], depth + 1);
      if (typeof v === 'string' && v !== '') return v;
      return r.unknown !== undefined && unknownAt(r.unknown, [a]) ? placeholderFor(r, [a], what) : undefined;
    };
    const base = r.unknownPath ?? r.valuesPath;
    const iamPath = () => {
      const v = get(r, ['path'], depth + 1);
      return typeof v === 'string' && v ? v : '/';
    };
    switch (r.type) {
      case 'aws_iam_role':
        if (attr === 'id') return own1('name', 'role name');
        if (attr === 'arn') {
          const name = own1('name', 'role name');
          return name && `arn:${p}:iam::${accountOf(base)}:role${iamPath()}${name}`;
        }
        return undefined;
      case 'aws_iam_policy':
        if (attr === 'arn' || attr === 'id') {
          const name = own1('name', 'policy name');
          return name && `arn:${p}:iam::${accountOf(base)}:policy${iamPath()}${name}`;
        }
        return undefined;
      case 'aws_s3_bucket':
        if (attr === 'id') return own1('bucket', 'bucket name');
        if (attr === 'arn') {
          const b = own1('bucket', 'bucket name');
          return b && `arn:${p}:s3:::${b}`;
        }
        return undefined;
      case 'aws_dynamodb_table':
        if (attr === 'id') return own1('name', 'table name');
        if (attr === 'arn') {
          const n = own1('name', 'table name');
          return n && `arn:${p}:dynamodb:${regionOf(base)}:${accountOf(base)}:table/${n}`;
        }
        return undefined;
      case 'aws_kms_key':
        if (attr === 'arn') {
          const id = str(r, ['key_id'], 'key id') ?? placeholderFor(r, ['id'], 'key id');
          return `arn:${p}:kms:${regionOf(base)}:${accountOf(base)}:key/${id}`;
        }
        if (attr === 'key_id') return placeholderFor(r, ['id'], 'key id');
        return undefined;
      case 'aws_cognito_user_pool':
        if (attr === 'endpoint') {
          const id = str(r, ['id'], 'user pool id');
          return id && `cognito-idp.${regionOf(base)}.amazonaws.com/${id}`;
        }
        if (attr === 'arn') {
          const id = str(r, ['id'], 'user pool id');
          return id && `arn:${p}:cognito-idp:${regionOf(base)}:${accountOf(base)}:userpool/${id}`;
        }
        return undefined;
      case 'aws_cognito_identity_pool':
        if (attr === 'arn') {
          const id = str(r, ['id'], 'identity pool id');
          return id && `arn:${p}:cognito-identity:${regionOf(base)}:${accountOf(base)}:identitypool/${id}`;
        }
        return undefined;
    }
    return undefined;
  };
  /**
   * An attribute whose configuration expression references exactly one attribute of one other resource: that
   * attribute's value (itself resolved), reported as inferred.
   */
  const referenced = (r: TfResource, path: PathSegments, depth: number): unknown => {
    const expr = at(r.expressions, path);
    if (!isObj(expr) || !Array.isArray(expr.references)) return undefined;
    const refs = expr.references.filter((x): x is string => typeof x === 'string');
    const attrs = refs.filter((x) => !refs.some((y) => y !== x && y.startsWith(`${x}.`)));
    if (attrs.length !== 1) return undefined;
    const m = /^((?:[a-z0-9_]+)\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([a-z0-9_]+)$/.exec(attrs[0]);
    if (!m || m[1].startsWith('var.') || m[1].startsWith('local.') || m[1].startsWith('data.')) return undefined;
    const fits = REFERENCE_FITS[String(path[path.length - 1])];
    if (!fits) return undefined;
    const target =
      byAddress.get(r.modulePrefix + m[1]) ??
      (m[1].includes('[') ? undefined : (byAddress.get(`${r.modulePrefix}${m[1]}[0]`) ?? undefined));
    if (!target) return undefined;
    const v =
      target.unknown !== undefined && unknownAt(target.unknown, [m[2]])
        ? str(target, [m[2]])
        : get(target, [m[2]], depth + 1);
    // The expression may wrap the reference ("prefix-${aws_x.y.name}"): only a value of the attribute's own shape is used.
    if (typeof v !== 'string' || !fits.test(v)) return undefined;
    acc.report.inferred.push(
      `${file}: ${r.address}.${formatPath(path)} = ${target.address}.${m[2]} (its expression in the plan's configuration) = ${v}`,
    );
    return v;
  };

  /**
   * The role ARNs of a roles_attachment's `roles` map that the plan knows only after apply. Terraform's configuration
   * gives the map as one expression and lists its references without saying which key each belongs to, so a role is
   * placed only when that is unambiguous: one unknown key and one referenced role; or each referenced role's trust
   * policy (known in the plan) admits only one kind of identity — `cognito-identity.amazonaws.com:amr` "authenticated"
   * or "unauthenticated" — which is the only key Cognito could use it for
   * (https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html). Otherwise the keys stay
   * unresolved and the report says why.
   */
  const rolesMap = (r: TfResource): Record<string, string> => {
    const unknownKeys = (['authenticated', 'unauthenticated'] as const).filter(
      (k) => r.unknown !== undefined && unknownAt(r.unknown, ['roles', k]),
    );
    if (unknownKeys.length === 0) return {};
    const expr = at(r.expressions, ['roles']);
    if (!isObj(expr) || !Array.isArray(expr.references)) return {};
    const refs = expr.references.filter((x): x is string => typeof x === 'string');
    const roleRefs = [...new Set(refs.map((x) => /^(aws_iam_role\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.arn$/.exec(x)?.[1]))]
      .filter((x): x is string => x !== undefined)
      .map((a) => byAddress.get(r.modulePrefix + a) ?? byAddress.get(`${r.modulePrefix}${a}[0]`))
      .filter((t): t is TfResource => t !== undefined);
    if (roleRefs.length === 0) return {};
    const arnOf = (t: TfResource): string | undefined => {
      const v = t.unknown !== undefined && unknownAt(t.unknown, ['arn']) ? str(t, ['arn']) : get(t, ['arn']);
      return typeof v === 'string' && /^arn:[\w-]+:iam::\d{12}:role\//.test(v) ? v : undefined;
    };
    const out: Record<string, string> = {};
    const why: string[] = [];
    if (unknownKeys.length === 1 && roleRefs.length === 1) {
      const a = arnOf(roleRefs[0]);
      if (a) {
        out[unknownKeys[0]] = a;
        why.push(`${unknownKeys[0]} = ${roleRefs[0].address}.arn (the only role the map's expression names)`);
      }
    } else {
      const kindOf = (t: TfResource): 'authenticated' | 'unauthenticated' | null => {
        const doc = decodePolicy(get(t, ['assume_role_policy']));
        const sts = doc ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
        const kinds = new Set<string>();
        for (const st of sts) {
          if (!isObj(st) || st.Effect !== 'Allow') continue;
          const amr = Object.values(isObj(st.Condition) ? st.Condition : {})
            .filter(isObj)
            .map((c) => c['cognito-identity.amazonaws.com:amr'])
            .filter((v) => v !== undefined);
          if (amr.length === 0) return null; // a statement without an amr condition admits both kinds
          for (const v of amr.flatMap((x) => (Array.isArray(x) ? x : [x]))) kinds.add(String(v));
        }
        return kinds.size === 1 && (kinds.has('authenticated') || kinds.has('unauthenticated'))
          ? ([...kinds][0] as 'authenticated' | 'unauthenticated')
          : null;
      };
      const byKind = new Map<string, TfResource[]>();
      for (const t of roleRefs) {
        const k = kindOf(t);
        if (k) byKind.set(k, [...(byKind.get(k) ?? []), t]);
      }
      for (const k of unknownKeys) {
        const ts = byKind.get(k) ?? [];
        const a = ts.length === 1 ? arnOf(ts[0]) : undefined;
        if (a) {
          out[k] = a;
          why.push(`${k} = ${ts[0].address}.arn (its trust policy admits only amr "${k}")`);
        }
      }
    }
    const base = [...(r.unknownPath ?? r.valuesPath), 'roles'];
    if (why.length > 0)
      acc.report.inferred.push(
        `${file}: ${r.address}.roles: ${why.join('; ')} — from the map's expression in the plan's configuration`,
      );
    const left = unknownKeys.filter((k) => !own(out, k));
    if (left.length > 0)
      unresolvedAt(
        base,
        `${r.address}.roles is one expression naming ${roleRefs.map((t) => `${t.address}.arn`).join(' and ')}; the plan does not say which key (${left.join(', ')}) each belongs to, and their trust policies do not settle it (each must admit only amr "authenticated" or only "unauthenticated"): import the state after apply`,
        `UNRESOLVED-${r.address}.roles`,
      );
    return out;
  };

  const sourceAt = (id: string, path: PathSegments): void => {
    const pos = rangeAt(src, path)?.start;
    addSource(acc, id, { file, ...(pos ? { line: pos.line, column: pos.column } : {}) });
  };
  /** A policy document in a string attribute; null (after an error) when it is not JSON, undefined when absent. */
  const policyAttr = (r: TfResource, attr: PathSegments, what: string): Record<string, unknown> | null | undefined => {
    if (r.unknown !== undefined && unknownAt(r.unknown, attr) && get(r, attr) === undefined) {
      unresolvedAt(
        [...(r.unknownPath ?? r.valuesPath), ...attr],
        `${r.address}.${formatPath(attr)}, the ${what}, is known only after apply (it uses values the plan does not know yet): it is left out of evaluation — import the state after apply`,
        `UNRESOLVED-${r.address}.${formatPath(attr)}`,
      );
      return null;
    }
    const v = at(r.values, attr);
    if (v === undefined || v === null || v === '') return undefined;
    const d = decodePolicy(v);
    if (!d) error([...r.valuesPath, ...attr], `${what} must be a JSON policy document (a string holding JSON)`);
    return d;
  };
  const findRole = (nameOrArn: string): RoleDetail | undefined =>
    (acc.ws.iam?.RoleDetailList ?? []).find((x) => x.RoleName === nameOrArn || x.Arn === nameOrArn);
  const onRole = (r: TfResource, attr: PathSegments, nameOrArn: string, apply: (role: RoleDetail) => void): void => {
    deferred.push(() => {
      const role = findRole(nameOrArn);
      if (role) apply(role);
      else
        acc.report.warnings.push(
          diag(
            'terraform.unknown-role',
            `${r.address} names role ${nameOrArn}, which is not in the workspace (import the state or export that defines it)`,
            { file, path: [...r.valuesPath, ...attr], range: where([...r.valuesPath, ...attr]), severity: 'warning' },
          ),
        );
    });
  };
  const attachManaged = (role: RoleDetail, arn: string): void => {
    role.AttachedManagedPolicies ??= [];
    if (!role.AttachedManagedPolicies.some((a) => a.PolicyArn === arn))
      role.AttachedManagedPolicies.push({ PolicyArn: arn, PolicyName: arn.split('/').pop() });
  };
  const ordered = [...resources].sort((a, b) => (ORDER[a.type] ?? 0) - (ORDER[b.type] ?? 0));
  for (const r of ordered) {
    const v = r.valuesPath;
    if (!(TERRAFORM_TYPES as readonly string[]).includes(r.type)) {
      acc.report.notImported.push(
        diag(
          'terraform.unknown-type',
          `${r.address} is not imported: Rolecall does not read resources of type ${r.type}`,
          {
            file,
            path: v.slice(0, -1),
            range: where(v.slice(0, -1)),
            severity: 'info',
          },
        ),
      );
      continue;
    }
    switch (r.type) {
      case 'aws_iam_role': {
        const arn = str(r, ['arn'], 'role ARN');
        const name = str(r, ['name'], 'role name');
        if (!arn || !name) {
          error(v, `${r.address} has no name or arn`);
          continue;
        }
        const inline: InlinePolicy[] = [];
        const blocks = get(r, ['inline_policy']);
        (Array.isArray(blocks) ? blocks : []).forEach((b, i) => {
          if (!isObj(b) || typeof b.name !== 'string' || b.name === '') return;
          const d = policyAttr(r, ['inline_policy', i, 'policy'], `inline policy ${b.name}`);
          if (!d) return;
          inline.push({ PolicyName: b.name, PolicyDocument: d });
          sourceAt(`${arn}#inline/${b.name}`, [...v, 'inline_policy', i, 'policy']);
        });
        const trust = policyAttr(r, ['assume_role_policy'], 'assume_role_policy');
        const boundary = str(r, ['permissions_boundary'], 'permissions boundary');
        const tags = get(r, ['tags']);
        const role: RoleDetail = {
          Path: (get(r, ['path']) as string) || '/',
          RoleName: name,
          Arn: arn,
          ...(typeof r.values.unique_id === 'string' ? { RoleId: r.values.unique_id } : {}),
          ...(trust ? { AssumeRolePolicyDocument: trust } : {}),
          RolePolicyList: inline,
          AttachedManagedPolicies: strList(get(r, ['managed_policy_arns'])).map((a) => ({
            PolicyArn: a,
            PolicyName: a.split('/').pop(),
          })),
          ...(boundary
            ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary } }
            : {}),
          ...(isObj(tags) && Object.keys(tags).length
            ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) })) }
            : {}),
        };
        if (typeof r.values.max_session_duration === 'number') role.MaxSessionDuration = r.values.max_session_duration;
        addRole(acc, role, file);
        sourceAt(arn, v.slice(0, -1));
        if (trust) sourceAt(`${arn}#trust`, [...v, 'assume_role_policy']);
        items.push(arn);
        break;
      }
      case 'aws_iam_policy': {
        const arn = str(r, ['arn'], 'policy ARN');
        const d = policyAttr(r, ['policy'], 'policy');
        if (!arn || !d) {
          if (!arn) error(v, `${r.address} has no arn`);
          continue;
        }
        addManagedPolicy(
          acc,
          {
            PolicyName: str(r, ['name'], 'policy name') ?? arn.split('/').pop() ?? r.address,
            Arn: arn,
            Path: (get(r, ['path']) as string) || '/',
            DefaultVersionId: 'v1',
            PolicyVersionList: [{ Document: d, VersionId: 'v1', IsDefaultVersion: true }],
          },
          file,
        );
        sourceAt(arn, [...v, 'policy']);
        items.push(arn);
        break;
      }
      case 'aws_iam_role_policy': {
        const roleName = str(r, ['role'], 'role name');
        const name = str(r, ['name'], 'policy name');
        const d = policyAttr(r, ['policy'], 'policy');
        if (!roleName || !name || !d) {
          if (!roleName || !name) error(v, `${r.address} needs role and name`);
          continue;
        }
        onRole(r, ['role'], roleName, (role) => {
          role.RolePolicyList ??= [];
          const same = role.RolePolicyList.find((x) => x.PolicyName === name);
          if (!same) role.RolePolicyList.push({ PolicyName: name, PolicyDocument: d });
          else if (canonicalJson(decodePolicy(same.PolicyDocument)) !== canonicalJson(d))
            acc.report.conflicts.push(
              diag(
                'import.conflict',
                `role ${role.Arn} already has an inline policy ${name} with different content; kept the first`,
                {
                  file,
                  path: [...v, 'policy'],
                  severity: 'warning',
                },
              ),
            );
          sourceAt(`${role.Arn}#inline/${name}`, [...v, 'policy']);
        });
        items.push(`${roleName}#${name}`);
        break;
      }
      case 'aws_iam_role_policy_attachment': {
        const roleName = str(r, ['role'], 'role name');
        const arn = str(r, ['policy_arn'], 'policy ARN');
        if (!roleName || !arn) {
          error(v, `${r.address} needs role and policy_arn`);
          continue;
        }
        onRole(r, ['role'], roleName, (role) => attachManaged(role, arn));
        items.push(`${arn} → ${roleName}`);
        break;
      }
      case 'aws_iam_policy_attachment': {
        const arn = str(r, ['policy_arn'], 'policy ARN');
        if (!arn) {
          error(v, `${r.address} needs policy_arn`);
          continue;
        }
        for (const roleName of strList(get(r, ['roles']))) {
          onRole(r, ['roles'], roleName, (role) => attachManaged(role, arn));
          items.push(`${arn} → ${roleName}`);
        }
        const principals: [string, 'users' | 'groups'][] = [
          ...strList(get(r, ['users'])).map((u) => [u, 'users'] as [string, 'users']),
          ...strList(get(r, ['groups'])).map((g) => [g, 'groups'] as [string, 'groups']),
        ];
        for (const [name, kind] of principals) {
          deferred.push(() => {
            const list = kind === 'users' ? acc.ws.iam?.UserDetailList : acc.ws.iam?.GroupDetailList;
            const hit = (list ?? []).find(
              (x) =>
                (kind === 'users' ? (x as { UserName: string }).UserName : (x as { GroupName: string }).GroupName) ===
                name,
            );
            if (hit) {
              hit.AttachedManagedPolicies ??= [];
              if (!hit.AttachedManagedPolicies.some((a) => a.PolicyArn === arn))
                hit.AttachedManagedPolicies.push({ PolicyArn: arn, PolicyName: arn.split('/').pop() });
            }
          });
        }
        break;
      }
      case 'aws_s3_bucket': {
        const arn = str(r, ['arn'], 'bucket ARN');
        if (!arn) {
          error(v, `${r.address} has no bucket or arn`);
          continue;
        }
        addResource(acc, arn);
        sourceAt(arn, v.slice(0, -1));
        items.push(arn);
        // Provider v3 and earlier hold the policy and the encryption on the bucket itself.
        const d = policyAttr(r, ['policy'], 'bucket policy');
        if (d) {
          addResourcePolicy(acc, arn, d, file);
          sourceAt(`policy:${arn}`, [...v, 'policy']);
        }
        const sse = block(get(r, ['server_side_encryption_configuration']));
        if (sse) addSse(r, arn, sse.rule, [...v, 'server_side_encryption_configuration', 0, 'rule']);
        break;
      }
      case 'aws_s3_bucket_policy': {
        const bucket = str(r, ['bucket'], 'bucket name');
        const d = policyAttr(r, ['policy'], 'bucket policy');
        if (!bucket || !d) {
          if (!bucket) error(v, `${r.address} needs bucket`);
          continue;
        }
        const arn = `arn:${p}:s3:::${bucket}`;
        addResourcePolicy(acc, arn, d, file);
        addResource(acc, arn);
        sourceAt(`policy:${arn}`, [...v, 'policy']);
        items.push(`policy of ${arn}`);
        break;
      }
      case 'aws_s3_bucket_server_side_encryption_configuration': {
        const bucket = str(r, ['bucket'], 'bucket name');
        if (!bucket) {
          error(v, `${r.address} needs bucket`);
          continue;
        }
        const arn = `arn:${p}:s3:::${bucket}`;
        addSse(r, arn, get(r, ['rule']), [...v, 'rule']);
        items.push(`default encryption of ${arn}`);
        break;
      }
      case 'aws_dynamodb_table': {
        const arn = str(r, ['arn'], 'table ARN');
        if (!arn) {
          error(v, `${r.address} has no name or arn`);
          continue;
        }
        addResource(acc, arn);
        sourceAt(arn, v.slice(0, -1));
        items.push(arn);
        const replicas = get(r, ['replica']);
        (Array.isArray(replicas) ? replicas : []).forEach((rep) => {
          if (!isObj(rep) || typeof rep.region_name !== 'string') return;
          const rarn =
            typeof rep.arn === 'string' && rep.arn
              ? rep.arn
              : arn.replace(/^(arn:[^:]+:dynamodb:)[^:]+/, `$1${rep.region_name}`);
          addResource(acc, rarn);
          sourceAt(rarn, v.slice(0, -1));
          items.push(rarn);
        });
        break;
      }
      case 'aws_dynamodb_resource_policy': {
        const arn = str(r, ['resource_arn'], 'table ARN');
        const d = policyAttr(r, ['policy'], 'resource policy');
        if (!arn || !d) {
          if (!arn) error(v, `${r.address} needs resource_arn`);
          continue;
        }
        addResourcePolicy(acc, arn, d, file);
        if (/:table\/[^/]+$/.test(arn)) addResource(acc, arn);
        sourceAt(`policy:${arn}`, [...v, 'policy']);
        items.push(`policy of ${arn}`);
        break;
      }
      case 'aws_kms_key': {
        const keyId = str(r, ['key_id'], 'key id') ?? str(r, ['id'], 'key id');
        const arn = str(r, ['arn'], 'key ARN');
        if (!keyId || !arn) {
          error(v, `${r.address} has no key_id or arn`);
          continue;
        }
        const d = policyAttr(r, ['policy'], 'key policy');
        const enabled = r.values.is_enabled !== false;
        addKmsKey(
          acc,
          {
            KeyMetadata: {
              KeyId: keyId,
              Arn: arn,
              AWSAccountId: arn.split(':')[4],
              KeyManager: 'CUSTOMER',
              Enabled: enabled,
              KeyState: enabled ? 'Enabled' : 'Disabled',
            },
            ...(d ? { Policy: d } : {}),
          },
          file,
        );
        sourceAt(arn, v.slice(0, -1));
        if (d) sourceAt(`policy:${arn}`, [...v, 'policy']);
        items.push(arn);
        break;
      }
      case 'aws_cognito_identity_pool': {
        const id = str(r, ['id'], 'identity pool id');
        if (!id) {
          error(v, `${r.address} has no id`);
          continue;
        }
        const pool: IdentityPool = { IdentityPoolId: id };
        const name = str(r, ['identity_pool_name'], 'pool name');
        if (name) pool.IdentityPoolName = name;
        for (const [k, to] of [
          ['allow_unauthenticated_identities', 'AllowUnauthenticatedIdentities'],
          ['allow_classic_flow', 'AllowClassicFlow'],
        ] as const) {
          const b = get(r, [k]);
          if (typeof b === 'boolean') pool[to] = b;
          else if (r.unknown !== undefined && unknownAt(r.unknown, [k])) {
            unresolvedAt(
              [...(r.unknownPath ?? v), k],
              `${r.address}.${k} is known only after apply: ${k === 'allow_unauthenticated_identities' ? 'guests are evaluated as allowed (the outcome that exposes the most)' : 'the basic flow is evaluated as not set'}`,
              `UNRESOLVED-${r.address}.${k}`,
            );
            if (k === 'allow_unauthenticated_identities') pool.AllowUnauthenticatedIdentities = true;
          }
        }
        const dev = str(r, ['developer_provider_name'], 'developer provider name');
        if (dev) pool.DeveloperProviderName = dev;
        const providers = get(r, ['cognito_identity_providers']);
        if (Array.isArray(providers) && providers.length) {
          pool.CognitoIdentityProviders = [];
          providers.forEach((c, i) => {
            if (!isObj(c)) return;
            const providerName = str(r, ['cognito_identity_providers', i, 'provider_name'], 'provider name');
            if (!providerName) return;
            const clientId = str(r, ['cognito_identity_providers', i, 'client_id'], 'app client id');
            pool.CognitoIdentityProviders!.push({
              ProviderName: providerName,
              ...(clientId ? { ClientId: clientId } : {}),
              ServerSideTokenCheck: c.server_side_token_check === true,
            });
          });
        }
        const logins = get(r, ['supported_login_providers']);
        if (isObj(logins) && Object.keys(logins).length)
          pool.SupportedLoginProviders = Object.fromEntries(Object.entries(logins).map(([k2, x]) => [k2, String(x)]));
        const oidc = strList(get(r, ['openid_connect_provider_arns']));
        if (oidc.length) pool.OpenIdConnectProviderARNs = oidc;
        const saml = strList(get(r, ['saml_provider_arns']));
        if (saml.length) pool.SamlProviderARNs = saml;
        const tags = get(r, ['tags']);
        if (isObj(tags) && Object.keys(tags).length)
          pool.IdentityPoolTags = Object.fromEntries(Object.entries(tags).map(([k2, x]) => [k2, String(x)]));
        addPool(acc, pool, file);
        sourceAt(id, v.slice(0, -1));
        items.push(id);
        break;
      }
      case 'aws_cognito_identity_pool_roles_attachment': {
        const poolId = str(r, ['identity_pool_id'], 'identity pool id');
        if (!poolId) {
          error(v, `${r.address} needs identity_pool_id`);
          continue;
        }
        const pool: IdentityPool = { IdentityPoolId: poolId };
        const roles = get(r, ['roles']);
        if (isObj(roles) || (r.unknown !== undefined && unknownAt(r.unknown, ['roles']))) {
          const out: NonNullable<IdentityPool['Roles']> = {};
          const fromMap = rolesMap(r);
          for (const k of ['authenticated', 'unauthenticated'] as const) {
            const a = own(fromMap, k) ? fromMap[k] : str(r, ['roles', k], `${k} role ARN`);
            if (a) out[k] = a;
          }
          pool.Roles = out;
        }
        const mappings = get(r, ['role_mapping']);
        if (Array.isArray(mappings) && mappings.length) {
          const rm: Record<string, RoleMapping> = {};
          mappings.forEach((m, i) => {
            if (!isObj(m)) return;
            const provider = str(r, ['role_mapping', i, 'identity_provider'], 'identity provider');
            const type = m.type;
            if (!provider || (type !== 'Token' && type !== 'Rules')) {
              error([...v, 'role_mapping', i], 'each role_mapping needs identity_provider and type Token or Rules');
              return;
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
                  RoleARN: str(r, ['role_mapping', i, 'mapping_rule', j, 'role_arn'], 'rule role ARN') ?? '',
                })),
              };
            }
            Object.defineProperty(rm, provider, {
              value: mapping,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          });
          pool.RoleMappings = rm;
        }
        addPool(acc, pool, file);
        sourceAt(`${poolId}#roles`, v.slice(0, -1));
        items.push(`roles of ${poolId}`);
        break;
      }
      case 'aws_cognito_identity_pool_provider_principal_tag': {
        const poolId = str(r, ['identity_pool_id'], 'identity pool id');
        const provider = str(r, ['identity_provider_name'], 'identity provider');
        if (!poolId || !provider) {
          error(v, `${r.address} needs identity_pool_id and identity_provider_name`);
          continue;
        }
        const map: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> } = {};
        if (typeof r.values.use_defaults === 'boolean') map.UseDefaults = r.values.use_defaults;
        if (isObj(r.values.principal_tags))
          map.PrincipalTags = Object.fromEntries(
            Object.entries(r.values.principal_tags).map(([k, x]) => [k, String(x)]),
          );
        addPool(acc, { IdentityPoolId: poolId, PrincipalTagAttributeMaps: { [provider]: map } }, file);
        items.push(`principal tags of ${poolId} for ${provider}`);
        break;
      }
      case 'aws_cognito_user_pool': {
        const id = str(r, ['id'], 'user pool id');
        if (!id) {
          error(v, `${r.address} has no id`);
          continue;
        }
        const entry: UserPoolEntry = { UserPool: { Id: id } };
        const up = entry.UserPool as Record<string, unknown>;
        const name = str(r, ['name'], 'user pool name');
        if (name) up.Name = name;
        const arn = str(r, ['arn'], 'user pool ARN');
        if (arn) up.Arn = arn;
        const pw = block(r.values.password_policy);
        if (pw)
          up.Policies = {
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
        const mfa = r.values.mfa_configuration;
        if (mfa === 'OFF' || mfa === 'ON' || mfa === 'OPTIONAL') up.MfaConfiguration = mfa;
        const schema = Array.isArray(r.values.schema) ? r.values.schema.filter(isObj) : [];
        if (schema.length)
          up.SchemaAttributes = schema
            .filter((s) => typeof s.name === 'string')
            .map((s) => {
              const n = String(s.name);
              const standard = (STANDARD_ATTRIBUTES as readonly string[]).includes(n);
              return {
                Name: standard || /^(custom|dev):/.test(n) ? n : `custom:${n}`,
                ...(typeof s.attribute_data_type === 'string' ? { AttributeDataType: s.attribute_data_type } : {}),
                ...(typeof s.mutable === 'boolean' ? { Mutable: s.mutable } : {}),
                ...(typeof s.required === 'boolean' ? { Required: s.required } : {}),
                ...(typeof s.developer_only_attribute === 'boolean'
                  ? { DeveloperOnlyAttribute: s.developer_only_attribute }
                  : {}),
              };
            });
        const auto = strList(r.values.auto_verified_attributes);
        if (auto.length) up.AutoVerifiedAttributes = auto;
        const alias = strList(r.values.alias_attributes);
        if (alias.length) up.AliasAttributes = alias;
        const username = strList(r.values.username_attributes);
        if (username.length) up.UsernameAttributes = username;
        const admin = block(r.values.admin_create_user_config);
        if (admin && typeof admin.allow_admin_create_user_only === 'boolean')
          up.AdminCreateUserConfig = { AllowAdminCreateUserOnly: admin.allow_admin_create_user_only };
        const addOns = block(r.values.user_pool_add_ons);
        if (addOns && typeof addOns.advanced_security_mode === 'string')
          up.UserPoolAddOns = { AdvancedSecurityMode: addOns.advanced_security_mode };
        const recovery = block(r.values.account_recovery_setting);
        if (recovery && Array.isArray(recovery.recovery_mechanism))
          up.AccountRecoverySetting = {
            RecoveryMechanisms: recovery.recovery_mechanism
              .filter(isObj)
              .map((m) => ({ Name: String(m.name), Priority: Number(m.priority) })),
          };
        const unc = block(r.values.username_configuration);
        if (unc && typeof unc.case_sensitive === 'boolean')
          up.UsernameConfiguration = { CaseSensitive: unc.case_sensitive };
        const upd = block(r.values.user_attribute_update_settings);
        if (upd)
          up.UserAttributeUpdateSettings = {
            AttributesRequireVerificationBeforeUpdate: strList(upd.attributes_require_verification_before_update),
          };
        const totp = block(r.values.software_token_mfa_configuration);
        if (totp || up.MfaConfiguration)
          entry.MfaConfig = {
            ...(up.MfaConfiguration ? { MfaConfiguration: up.MfaConfiguration as 'OFF' } : {}),
            ...(totp && typeof totp.enabled === 'boolean'
              ? { SoftwareTokenMfaConfiguration: { Enabled: totp.enabled } }
              : {}),
          };
        addUserPool(acc, entry, file);
        sourceAt(id, v.slice(0, -1));
        items.push(`user pool ${id}`);
        break;
      }
      case 'aws_cognito_user_pool_client': {
        const poolId = str(r, ['user_pool_id'], 'user pool id');
        const id = str(r, ['id'], 'app client id');
        if (!poolId || !id) {
          error(v, `${r.address} needs user_pool_id and id`);
          continue;
        }
        const client: UserPoolClient = { ClientId: id, UserPoolId: poolId };
        const name = str(r, ['name'], 'client name');
        if (name) client.ClientName = name;
        for (const [k, to] of [
          ['read_attributes', 'ReadAttributes'],
          ['write_attributes', 'WriteAttributes'],
          ['explicit_auth_flows', 'ExplicitAuthFlows'],
          ['supported_identity_providers', 'SupportedIdentityProviders'],
          ['allowed_oauth_flows', 'AllowedOAuthFlows'],
          ['allowed_oauth_scopes', 'AllowedOAuthScopes'],
        ] as const) {
          const list = strList(r.values[k]);
          if (list.length) client[to] = list;
        }
        for (const [k, to] of [
          ['access_token_validity', 'AccessTokenValidity'],
          ['id_token_validity', 'IdTokenValidity'],
          ['refresh_token_validity', 'RefreshTokenValidity'],
        ] as const)
          if (typeof r.values[k] === 'number') client[to] = r.values[k];
        const units = block(r.values.token_validity_units);
        if (units)
          client.TokenValidityUnits = {
            ...(typeof units.access_token === 'string' && units.access_token
              ? { AccessToken: units.access_token as 'hours' }
              : {}),
            ...(typeof units.id_token === 'string' && units.id_token ? { IdToken: units.id_token as 'hours' } : {}),
            ...(typeof units.refresh_token === 'string' && units.refresh_token
              ? { RefreshToken: units.refresh_token as 'days' }
              : {}),
          };
        if (typeof r.values.allowed_oauth_flows_user_pool_client === 'boolean')
          client.AllowedOAuthFlowsUserPoolClient = r.values.allowed_oauth_flows_user_pool_client;
        if (typeof r.values.enable_token_revocation === 'boolean')
          client.EnableTokenRevocation = r.values.enable_token_revocation;
        addUserPool(acc, { UserPool: { Id: poolId }, Clients: [client] }, file);
        sourceAt(`${poolId}#client/${id}`, v.slice(0, -1));
        items.push(`app client ${id} of ${poolId}`);
        break;
      }
      case 'aws_cognito_user_group': {
        const poolId = str(r, ['user_pool_id'], 'user pool id');
        const name = str(r, ['name'], 'group name');
        if (!poolId || !name) {
          error(v, `${r.address} needs user_pool_id and name`);
          continue;
        }
        const group: UserPoolGroup = { GroupName: name, UserPoolId: poolId };
        const roleArn = str(r, ['role_arn'], 'group role ARN');
        if (roleArn) group.RoleArn = roleArn;
        if (typeof r.values.precedence === 'number') group.Precedence = r.values.precedence;
        const d = str(r, ['description'], 'description');
        if (d) group.Description = d;
        addUserPool(acc, { UserPool: { Id: poolId }, Groups: [group] }, file);
        items.push(`group ${name} of ${poolId}`);
        break;
      }
    }
  }

  function addSse(r: TfResource, bucketArn: string, rules: unknown, path: PathSegments): void {
    const out: BucketEncryptionRule[] = [];
    (Array.isArray(rules) ? rules : []).forEach((rule) => {
      if (!isObj(rule)) return;
      const def = block(rule.apply_server_side_encryption_by_default);
      out.push({
        ...(def && typeof def.sse_algorithm === 'string'
          ? {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: def.sse_algorithm,
                ...(typeof def.kms_master_key_id === 'string' && def.kms_master_key_id
                  ? { KMSMasterKeyID: def.kms_master_key_id }
                  : {}),
              },
            }
          : {}),
        ...(typeof rule.bucket_key_enabled === 'boolean' ? { BucketKeyEnabled: rule.bucket_key_enabled } : {}),
      });
    });
    if (out.length === 0) {
      error(path, `${r.address}: rule must hold apply_server_side_encryption_by_default`);
      return;
    }
    addBucketEncryption(acc, { bucketArn, ServerSideEncryptionConfiguration: { Rules: out } }, file);
    sourceAt(`encryption:${bucketArn}`, path);
  }
}
