/**
 * The state of one Terraform file's import: where things are in the file, the account and region, and the value of
 * each attribute — known, derived by the provider, referenced in the plan's configuration, or a listed placeholder.
 * A value known only after apply is never guessed (see terraform.ts).
 */
import type { RoleDetail } from '../../model/workspace';
import { hash, PLACEHOLDER_ACCOUNT } from '../cfn-resolve';
import { diag, formatPath, rangeAt } from '../json-source';
import type { JsonSource, PathSegments } from '../json-source';
import { addSource } from '../merge';
import type { Acc } from '../merge';
import { decodePolicy } from '../policy-doc';
import { isObj, hasOwn as own } from '../../guards';
import { at, isUnknown } from './read';
import type { TfResource } from './read';
import { derivedValue } from './derive';

/** Options of a Terraform import. */
export interface TerraformOptions {
  partition: string;
  accountId?: string;
  region?: string;
  /** `--physical-id ADDRESS=VALUE`: the id AWS will generate for a resource of a plan. */
  physicalIds: Record<string, string>;
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

/** The placeholder a plan's unknown id gets: the shape AWS gives such an id, so that ARNs built from it still parse. */
function placeholderShape(r: TfResource, path: PathSegments, name: string, region: () => string): string {
  if (path[0] === 'id' && r.type === 'aws_cognito_identity_pool')
    return `${region()}:${hash(r.address, 8)}-0000-4000-8000-${hash(r.address + '#', 12)}`;
  if (path[0] === 'id' && r.type === 'aws_cognito_user_pool') return `${region()}_UNRESOLVED${hash(r.address, 6)}`;
  if (path[0] === 'id' && r.type === 'aws_cognito_user_pool_client') return `UNRESOLVED${hash(r.address, 10)}`;
  if ((path[0] === 'id' || path[0] === 'key_id') && r.type === 'aws_kms_key')
    return `${hash(r.address, 8)}-0000-4000-8000-${hash(r.address + '#', 12)}`;
  return `UNRESOLVED-${name}`;
}

/** One Terraform file being imported. */
export class TfImport {
  readonly file: string;
  readonly partition: string;
  private readonly byAddress = new Map<string, TfResource>();
  private accountId: string | undefined;
  private region: string | undefined;
  private readonly reported = new Set<string>();
  private readonly resolving = new Set<string>();
  private readonly placeholders = new Map<string, string>();

  constructor(
    readonly acc: Acc,
    private readonly src: JsonSource,
    private readonly opts: TerraformOptions,
    private readonly deferred: (() => void)[],
    readonly items: string[],
  ) {
    this.file = src.file;
    this.partition = opts.partition;
    this.accountId = opts.accountId;
    this.region = opts.region;
  }

  /** The file's resource instances, which attributes may reference by address. */
  know(resources: TfResource[]): void {
    for (const r of resources) this.byAddress.set(r.address, r);
  }

  /** The start of a JSON path in the file, as a zero-width range. */
  where(path: PathSegments) {
    const r = rangeAt(this.src, path);
    return r ? { start: r.start, end: r.start } : undefined;
  }

  error(path: PathSegments, message: string): void {
    this.acc.report.errors.push(diag('terraform.invalid', message, { file: this.file, path, range: this.where(path) }));
  }

  /** The account and region when not given: what the known ARNs and ids say, else the provider's configured region. */
  inferAccountAndRegion(doc: Record<string, unknown>, resources: TfResource[]): void {
    const accounts = new Set<string>();
    const regions = new Map<string, string>();
    for (const r of resources) {
      for (const [k, v] of Object.entries(r.values)) {
        if (typeof v !== 'string') continue;
        const arn = /^arn:[\w-]+:(iam|dynamodb|kms|cognito-idp|cognito-identity)::?([a-z0-9-]*):(\d{12}):/.exec(v);
        if (arn && k === 'arn') accounts.add(arn[3]);
        const reg =
          /^arn:[\w-]+:[a-z0-9-]+:([a-z0-9-]+):/.exec(v)?.[1] ?? /^([a-z]{2}(?:-[a-z]+)+-\d)[_:]/.exec(v)?.[1];
        if (reg && REGION_RE.test(reg) && !regions.has(reg)) regions.set(reg, `${r.address}.${k}`);
      }
    }
    this.accountId ??= accounts.size === 1 ? [...accounts][0] : undefined;
    if (this.region) return;
    const configured = at(doc, ['configuration', 'provider_config', 'aws', 'expressions', 'region', 'constant_value']);
    if (typeof configured === 'string' && REGION_RE.test(configured)) {
      this.region = configured;
      this.acc.ws.region ??= configured;
      this.acc.report.inferred.push(
        `region ${configured}: inferred from the aws provider's region in ${this.file} (--region overrides)`,
      );
    } else if (regions.size === 1) {
      const [[r, why]] = [...regions];
      this.region = r;
      this.acc.ws.region ??= r;
      this.acc.report.inferred.push(`region ${r}: inferred from ${why} in ${this.file} (--region overrides)`);
    }
  }

  /** Reports a value as unresolved (once per path and message) and returns the placeholder used for it. */
  unresolvedAt(path: PathSegments, message: string, placeholder: string): string {
    const key = `${formatPath(path)}\u0000${message}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.acc.report.unresolved.push(
        diag('terraform.unresolved', message, { file: this.file, path, range: this.where(path), severity: 'warning' }),
      );
    }
    if (placeholder.length >= 6 && placeholder !== PLACEHOLDER_ACCOUNT && !this.acc.placeholders.has(placeholder))
      this.acc.placeholders.set(placeholder, message);
    return placeholder;
  }

  accountOf(path: PathSegments): string {
    if (this.accountId) return this.accountId;
    this.accountId = PLACEHOLDER_ACCOUNT;
    this.unresolvedAt(
      path,
      `the account is not known (the plan creates every resource that would name it): give --account ID (used ${PLACEHOLDER_ACCOUNT}, the workspace's account)`,
      PLACEHOLDER_ACCOUNT,
    );
    return this.accountId;
  }

  regionOf(path: PathSegments): string {
    if (this.region) return this.region;
    this.region = this.unresolvedAt(
      path,
      'the region is not known (no known ARN names it and the aws provider sets none): give --region REGION (used "unresolved-region")',
      'unresolved-region',
    );
    return this.region;
  }

  /** The value of an attribute: known, else derived or referenced (reported), else undefined. */
  get(r: TfResource, path: PathSegments, depth = 0): unknown {
    const v = at(r.values, path);
    if (!isUnknown(r, path)) return v;
    const key = `${r.address}.${formatPath(path)}`;
    if (this.resolving.has(key) || depth > 8) return undefined;
    this.resolving.add(key);
    try {
      return derivedValue(this, r, path, depth) ?? this.referenced(r, path, depth);
    } finally {
      this.resolving.delete(key);
    }
  }

  /** A string attribute; unknown → placeholder (reported). Absent/null/"" → undefined. */
  str(r: TfResource, path: PathSegments, what = 'value'): string | undefined {
    const v = this.get(r, path);
    if (typeof v === 'string') return v === '' ? undefined : v;
    if (isUnknown(r, path)) return this.placeholderFor(r, path, what);
    return undefined;
  }

  /** A string attribute read while resolving another one (`depth` deep); unknown → placeholder. */
  strAt(r: TfResource, attr: string, what: string, depth: number): string | undefined {
    const v = this.get(r, [attr], depth + 1);
    if (typeof v === 'string' && v !== '') return v;
    return isUnknown(r, [attr]) ? this.placeholderFor(r, [attr], what) : undefined;
  }

  /** The placeholder of an attribute known only after apply (one per attribute), reported as unresolved. */
  placeholderFor(r: TfResource, path: PathSegments, what: string): string {
    const name = `${r.address}.${formatPath(path)}`;
    const known = this.placeholders.get(name);
    if (known !== undefined) return known;
    const made = this.makePlaceholder(r, path, what, name);
    this.placeholders.set(name, made);
    return made;
  }

  private makePlaceholder(r: TfResource, path: PathSegments, what: string, name: string): string {
    const given =
      own(this.opts.physicalIds, r.address) && path.length === 1 && path[0] === 'id'
        ? this.opts.physicalIds[r.address]
        : undefined;
    if (given !== undefined) return given;
    const ph = placeholderShape(r, path, name, () => this.regionOf([...(r.unknownPath ?? r.valuesPath)]));
    const hint =
      path[0] === 'id'
        ? ` (give --physical-id ${r.address}=VALUE once it is known)`
        : ' (import the state after apply to see it)';
    return this.unresolvedAt(
      [...(r.unknownPath ?? r.valuesPath), ...path],
      `${name}, the ${what}, is known only after apply${hint}: used "${ph}"`,
      ph,
    );
  }

  /** The resource an address names from a resource of the module `prefix` (`x.y` also finds `x.y[0]`). */
  resourceAt(prefix: string, address: string): TfResource | undefined {
    return (
      this.byAddress.get(prefix + address) ??
      (address.includes('[') ? undefined : (this.byAddress.get(`${prefix}${address}[0]`) ?? undefined))
    );
  }

  /** An attribute of another resource, resolved as its own attribute would be. */
  attributeOf(target: TfResource, attr: string, depth = 0): unknown {
    return isUnknown(target, [attr]) ? this.str(target, [attr]) : this.get(target, [attr], depth + 1);
  }

  /**
   * An attribute whose configuration expression references exactly one attribute of one other resource: that
   * attribute's value (itself resolved), reported as inferred.
   */
  private referenced(r: TfResource, path: PathSegments, depth: number): unknown {
    const expr = at(r.expressions, path);
    if (!isObj(expr) || !Array.isArray(expr.references)) return undefined;
    const refs = expr.references.filter((x): x is string => typeof x === 'string');
    const attrs = refs.filter((x) => !refs.some((y) => y !== x && y.startsWith(`${x}.`)));
    if (attrs.length !== 1) return undefined;
    const m = /^((?:[a-z0-9_]+)\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([a-z0-9_]+)$/.exec(attrs[0]);
    if (!m || m[1].startsWith('var.') || m[1].startsWith('local.') || m[1].startsWith('data.')) return undefined;
    const fits = REFERENCE_FITS[String(path[path.length - 1])];
    if (!fits) return undefined;
    const target = this.resourceAt(r.modulePrefix, m[1]);
    if (!target) return undefined;
    const v = this.attributeOf(target, m[2], depth);
    // The expression may wrap the reference ("prefix-${aws_x.y.name}"): only a value of the attribute's own shape is used.
    if (typeof v !== 'string' || !fits.test(v)) return undefined;
    this.acc.report.inferred.push(
      `${this.file}: ${r.address}.${formatPath(path)} = ${target.address}.${m[2]} (its expression in the plan's configuration) = ${v}`,
    );
    return v;
  }

  /** Records where in the file an imported item is. */
  sourceAt(id: string, path: PathSegments): void {
    const pos = rangeAt(this.src, path)?.start;
    addSource(this.acc, id, { file: this.file, ...(pos ? { line: pos.line, column: pos.column } : {}) });
  }

  /** A policy document in a string attribute; null (after an error) when it is not JSON, undefined when absent. */
  policyAttr(r: TfResource, attr: PathSegments, what: string): Record<string, unknown> | null | undefined {
    if (isUnknown(r, attr) && this.get(r, attr) === undefined) {
      this.unresolvedAt(
        [...(r.unknownPath ?? r.valuesPath), ...attr],
        `${r.address}.${formatPath(attr)}, the ${what}, is known only after apply (it uses values the plan does not know yet): it is left out of evaluation — import the state after apply`,
        `UNRESOLVED-${r.address}.${formatPath(attr)}`,
      );
      return null;
    }
    const v = at(r.values, attr);
    if (v === undefined || v === null || v === '') return undefined;
    const d = decodePolicy(v);
    if (!d) this.error([...r.valuesPath, ...attr], `${what} must be a JSON policy document (a string holding JSON)`);
    return d;
  }

  /** Runs `apply` on a role once every file is read (the role may come from another file); warns when none has it. */
  onRole(r: TfResource, attr: PathSegments, nameOrArn: string, apply: (role: RoleDetail) => void): void {
    this.deferred.push(() => {
      const role = (this.acc.ws.iam?.RoleDetailList ?? []).find((x) => x.RoleName === nameOrArn || x.Arn === nameOrArn);
      if (role) apply(role);
      else
        this.acc.report.warnings.push(
          diag(
            'terraform.unknown-role',
            `${r.address} names role ${nameOrArn}, which is not in the workspace (import the state or export that defines it)`,
            {
              file: this.file,
              path: [...r.valuesPath, ...attr],
              range: this.where([...r.valuesPath, ...attr]),
              severity: 'warning',
            },
          ),
        );
    });
  }

  /** Runs `step` once every file is read. */
  later(step: () => void): void {
    this.deferred.push(step);
  }
}

/** Reads one resource of a type into the workspace (or reports why it cannot). */
export type Importer = (t: TfImport, r: TfResource) => void;
