/**
 * Resolves CloudFormation intrinsic functions inside one template with a chosen account, region and partition.
 * What cannot be known offline (an id AWS generates, an import from another stack, a parameter without a value) gets a
 * deterministic placeholder and is listed as unresolved with its template path — never guessed silently.
 * Intrinsics: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 * Ref/GetAtt return values per resource type: each resource's "Return values" section in the template reference.
 */
import type { Diagnostic } from '../model/diagnostic';
import type { Position } from '../model/request';
import { diag, formatPath } from './json-source';
import type { PathSegments } from './json-source';
import { isObj, ownValue as own } from '../guards';

/** Removed from objects and lists: `Ref: AWS::NoValue`. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** The inputs and the collected unresolved references of one template. */
export interface CfnContext {
  file: string;
  resources: Record<string, { Type?: string; Properties?: Record<string, unknown>; Condition?: string }>;
  parameters: Record<string, { Default?: unknown; Type?: string }>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  values: {
    accountId?: string;
    region?: string;
    partition: string;
    stackName?: string;
    /** `--parameter` values, or the values a parent stack passes to a nested one (lists stay lists). */
    parameters: Record<string, unknown>;
    physicalIds: Record<string, string>;
  };
  locate(path: PathSegments): Position | undefined;
  unresolved: Diagnostic[];
  conditionCache: Map<string, boolean>;
  /** Placeholder values the import made up, with what each stands for (the workspace lists them: `importNotes`). */
  placeholders?: Map<string, string>;
  /** Exports of the other templates imported together (`Fn::ImportValue`); undefined when the name is not exported. */
  importValue?: (name: string, path: PathSegments) => unknown;
  /** `Fn::GetAtt [NestedStack, Outputs.X]` of a nested stack imported together; undefined when not imported. */
  nestedOutput?: (logicalId: string, output: string, path: PathSegments) => unknown;
  /** Resources being resolved (cycle guard: a reference back into one of them is a circular dependency). */
  resolving?: Set<string>;
  /** Where errors of the template go (a value that refers to itself, AWS::NoValue where a value is needed). */
  errors?: Diagnostic[];
  /** What the import may still spend and produce (shared by every template of one import, see ImportBudget). */
  budget?: ImportBudget;
}

/**
 * The output budget of one import: the resolved templates may total at most OUTPUT_RATIO × the input's size (and
 * never less than MIN_OUTPUT_CHARS). A small template can otherwise resolve into a huge workspace — a long parameter,
 * a YAML alias or a policy document repeated in hundreds of places (a 172 KB template imported as 188 MB), or a name
 * built from another resource's name twice over, which doubles at every step. What counts: the resolved properties of
 * every resource Rolecall reads, each extra copy of a policy attached to several roles, and every string the
 * intrinsic functions build (Fn::Join, Fn::Sub, …). Real templates resolve to less than their own size (the test
 * fixtures and examples: at most 0.72 characters per input character).
 */
export const OUTPUT_RATIO = 32;
/** The smallest output budget (characters), whatever the input's size. */
export const MIN_OUTPUT_CHARS = 8 * 1024 * 1024;
/**
 * How many values one import may resolve, per character of input (and at least MIN_RESOLVE_STEPS): references
 * followed inside references (`!Select [0, [!Ref A, !Ref A]]` over a chain of resources) double the work at every
 * step without building long strings.
 */
export const STEPS_PER_INPUT_CHAR = 8;
/** The smallest work budget (values resolved), whatever the input's size. */
export const MIN_RESOLVE_STEPS = 1_000_000;

/** What one import may still spend (resolution steps) and produce (characters); see OUTPUT_RATIO. */
export interface ImportBudget {
  /** The import's input, in characters (every file given). */
  readonly inputChars: number;
  readonly charLimit: number;
  readonly stepLimit: number;
  chars: number;
  steps: number;
}

/** The budget of an import whose files total `inputChars` characters. */
export function importBudget(inputChars: number): ImportBudget {
  return {
    inputChars,
    charLimit: Math.max(MIN_OUTPUT_CHARS, OUTPUT_RATIO * inputChars),
    stepLimit: Math.max(MIN_RESOLVE_STEPS, STEPS_PER_INPUT_CHAR * inputChars),
    chars: 0,
    steps: 0,
  };
}

/** A size for messages: "172 KB", "16.0 MB". */
export const sizeText = (n: number): string =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/** The resource a template path is inside of, as "R (Type)", or null. */
function resourceAt(ctx: CfnContext, path: PathSegments): string | null {
  if (path[0] !== 'Resources' || typeof path[1] !== 'string') return null;
  const type = own<ResourceEntry>(ctx.resources, path[1])?.Type;
  return typeof type === 'string' ? `${path[1]} (${type})` : path[1];
}

/**
 * Thrown when an import exceeds its budget: nothing is imported (a partial workspace would hide what is missing),
 * and the importer reports `diagnostic` — the file, the resource and the place where the budget ran out.
 */
export class ImportTooLarge extends Error {
  readonly diagnostic: Diagnostic;
  constructor(ctx: CfnContext, path: PathSegments, kind: 'chars' | 'steps') {
    const b = ctx.budget as ImportBudget;
    const what = resourceAt(ctx, path);
    const where = what ? `resolving ${what}` : `resolving ${formatPath(path)}`;
    const message =
      kind === 'chars'
        ? `the import is too large: ${where} brings the resolved templates past ${sizeText(b.charLimit)} (${OUTPUT_RATIO} × the ${sizeText(b.inputChars)} of input, at least ${sizeText(MIN_OUTPUT_CHARS)}); a long value (a parameter, a YAML alias, a policy attached to many roles, a name built from another name) is repeated too many times. Nothing was imported`
        : `the import is too complex: ${where} passes ${b.stepLimit.toLocaleString('en-US')} resolved values (${STEPS_PER_INPUT_CHAR} per character of input, at least ${MIN_RESOLVE_STEPS.toLocaleString('en-US')}); references followed inside references (a name built from another resource's name twice over) double the work at every step. Nothing was imported`;
    super(message);
    const pos = ctx.locate(path);
    this.diagnostic = diag(kind === 'chars' ? 'import.too-large' : 'import.too-complex', message, {
      file: ctx.file,
      path,
      range: pos ? { start: pos, end: pos } : undefined,
    });
  }
}

/** Counts `n` characters the import produced at `path` against its budget (throws ImportTooLarge past it). */
export function chargeChars(ctx: CfnContext, path: PathSegments, n: number): void {
  const b = ctx.budget;
  if (!b) return;
  b.chars += n;
  if (b.chars > b.charLimit) throw new ImportTooLarge(ctx, path, 'chars');
}

/**
 * The size of a resolved value as JSON text (characters, close to what the workspace file holds), counted without
 * building that text and stopping as soon as it passes `limit` (a value that shares one long string many times is
 * small in memory yet huge once written).
 */
export function resolvedSize(value: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && n <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') n += v.length + 2;
    else if (Array.isArray(v)) {
      n += 2 + v.length;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        n += k.length + 4;
        stack.push(x);
      }
      n += 2;
    } else n += String(v).length;
  }
  return n;
}

/** Counts the resolved size of `value` (a resource's properties, a copy of a policy) against the import's budget. */
export function chargeValue(ctx: CfnContext, path: PathSegments, value: unknown): void {
  const b = ctx.budget;
  if (!b) return;
  chargeChars(ctx, path, resolvedSize(value, b.charLimit - b.chars + 1));
}

/**
 * How deep one resolution may go: a value's own nesting (at most 256 levels, the reader's bound) plus the references
 * it follows (Ref → a name property → a Ref …). Real templates stay far below it; a chain longer than this (or a
 * reference back into itself that no named guard catches) is an error instead of a stack overflow.
 */
export const MAX_RESOLVE_DEPTH = 512;

/**
 * How many values are being resolved inside each other right now, across every template of an import (Fn::ImportValue
 * and nested stacks' outputs continue in another template's context). Resolution is synchronous, so one counter
 * per thread is exact.
 */
let resolveDepth = 0;

/**
 * Thrown when a resolution passes MAX_RESOLVE_DEPTH: the template is not read further (every resource would hit the
 * same chain again), and the importer reports `diagnostic` — the file and the place where the limit was reached.
 */
export class TemplateTooDeep extends Error {
  readonly diagnostic: Diagnostic;
  constructor(ctx: CfnContext, path: PathSegments) {
    const message = `resolving this value goes more than ${MAX_RESOLVE_DEPTH} levels deep (values nested inside each other plus the Ref and Fn::GetAtt references followed to get here); Rolecall does not read this template further`;
    super(message);
    const pos = ctx.locate(path);
    this.diagnostic = diag('template.too-deep', message, {
      file: ctx.file,
      path,
      range: pos ? { start: pos, end: pos } : undefined,
    });
  }
}

/**
 * A lookup over a list of diagnostics (the unresolved references, the template errors), so that recording one more
 * or asking whether a resource used one is not a scan of the whole list: with thousands of unresolved values (a CDK
 * template is full of them) the scans made an import quadratic — a 1 MB template took 24 s. The index catches up with
 * whatever was pushed to the list since it was last used (other importers push to the same lists directly).
 */
interface DiagIndex {
  /** How many entries of the list are indexed. */
  seen: number;
  /** file, message and place of each entry (an entry is recorded once per file, message and place). */
  keys: Set<string>;
  /** file and each place an entry is at or under (its path cut before each of its first PREFIX_CUTS `.` and `[`). */
  prefixes: Set<string>;
}
const PREFIX_CUTS = 8;
const indexes = new WeakMap<Diagnostic[], DiagIndex>();
const diagKey = (file: string | undefined, message: string, path: string | undefined): string =>
  `${file}\u0000${message}\u0000${path}`;

/** How many `.` and `[` a formatted path has (counted up to `max`). */
function cutsOf(p: string, max: number): number {
  let n = 0;
  for (let i = 0; i < p.length && n < max; i++) if (p[i] === '.' || p[i] === '[') n++;
  return n;
}

function indexOfList(list: Diagnostic[]): DiagIndex {
  let ix = indexes.get(list);
  if (!ix) {
    ix = { seen: 0, keys: new Set(), prefixes: new Set() };
    indexes.set(list, ix);
  }
  for (; ix.seen < list.length; ix.seen++) {
    const d = list[ix.seen];
    ix.keys.add(diagKey(d.file, d.message, d.path));
    const p = d.path ?? '';
    ix.prefixes.add(`${d.file}\u0000${p}`);
    let cuts = 0;
    for (let i = 0; i < p.length && cuts < PREFIX_CUTS; i++)
      if (p[i] === '.' || p[i] === '[') {
        ix.prefixes.add(`${d.file}\u0000${p.slice(0, i)}`);
        cuts++;
      }
  }
  return ix;
}

/**
 * Records an error of the template at a place (once per file, message and place) and returns a placeholder so the
 * import can go on and report everything wrong at once. CloudFormation refuses such a template.
 */
export function templateError<T>(ctx: CfnContext, path: PathSegments, message: string, placeholder: T): T {
  const list = ctx.errors ?? ctx.unresolved;
  const where = formatPath(path);
  if (!indexOfList(list).keys.has(diagKey(ctx.file, message, where))) {
    const pos = ctx.locate(path);
    list.push(
      diag('template.invalid', message, { file: ctx.file, path, range: pos ? { start: pos, end: pos } : undefined }),
    );
  }
  return placeholder;
}

/**
 * Resolves `fn` unless `key` is already being resolved further up (then the value refers to itself: an error naming
 * what, with a placeholder). Keys are per template: `R` for a resource's name, `R.Path`, `Mappings/M/a/b` ….
 */
function guarded<T>(ctx: CfnContext, key: string, path: PathSegments, what: string, placeholder: T, fn: () => T): T {
  const guard = (ctx.resolving ??= new Set());
  if (guard.has(key))
    return templateError(
      ctx,
      path,
      `${what} depends on itself (a circular dependency; CloudFormation refuses such a template)`,
      placeholder,
    );
  guard.add(key);
  try {
    return fn();
  } finally {
    guard.delete(key);
  }
}

/**
 * An object's own property, never an inherited one: a template may name a resource, parameter, mapping key or
 * --physical-id `constructor` or `toString`, which a plain `obj[key]` would answer with Object.prototype's function.
 */
/** The own property `key` of a JSON object, or undefined (one definition: policy-engine/guards.ts). */
export { ownValue as own } from '../guards';

type ResourceEntry = CfnContext['resources'][string];

/**
 * Records an unresolved reference at every place it is used (once per file, message and place) and returns the
 * placeholder, which the workspace then lists (`importNotes.placeholders`) so findings never blame the user for it.
 */
export function unresolved<T>(ctx: CfnContext, path: PathSegments, message: string, placeholder: T): T {
  const where = formatPath(path);
  if (!indexOfList(ctx.unresolved).keys.has(diagKey(ctx.file, message, where))) {
    const pos = ctx.locate(path);
    ctx.unresolved.push(
      diag('template.unresolved', message, {
        file: ctx.file,
        path,
        severity: 'warning',
        range: pos ? { start: pos, end: pos } : undefined,
      }),
    );
  }
  for (const v of Array.isArray(placeholder) ? placeholder : [placeholder]) {
    if (
      typeof v === 'string' &&
      v.length >= 6 &&
      v !== PLACEHOLDER_ACCOUNT &&
      ctx.placeholders &&
      !ctx.placeholders.has(v)
    )
      ctx.placeholders.set(v, message);
  }
  return placeholder;
}

/** Whether a resolved value at `prefix` (a resource's property) used an unresolved reference. */
export function usedUnresolved(ctx: CfnContext, prefix: PathSegments): boolean {
  const p = formatPath(prefix);
  if (cutsOf(p, PREFIX_CUTS) < PREFIX_CUTS) return indexOfList(ctx.unresolved).prefixes.has(`${ctx.file}\u0000${p}`);
  return ctx.unresolved.some(
    (d) => d.file === ctx.file && (d.path === p || d.path.startsWith(`${p}.`) || d.path.startsWith(`${p}[`)),
  );
}

/** A short deterministic hex string from a text (FNV-1a), for placeholder ids. */
export function hash(text: string, digits: number): string {
  let out = '';
  let seed = 0;
  while (out.length < digits) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
    seed++;
  }
  return out.slice(0, digits);
}

/**
 * The placeholder account of an import whose account is not known: one value for every template, assembly and state
 * imported together (they are one account), adopted as the workspace's accountId and reported.
 */
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** The account id to use (placeholder when unknown). */
export function account(ctx: CfnContext, path: PathSegments): string {
  return (
    ctx.values.accountId ??
    unresolved(
      ctx,
      path,
      `AWS::AccountId is not known: give --account ID (used ${PLACEHOLDER_ACCOUNT}, the workspace's account)`,
      PLACEHOLDER_ACCOUNT,
    )
  );
}

/** The region to use (placeholder when unknown and not inferable from the templates). */
export function region(ctx: CfnContext, path: PathSegments): string {
  return (
    ctx.values.region ??
    unresolved(
      ctx,
      path,
      'AWS::Region is not known and the templates do not pin one: give --region REGION (used "unresolved-region")',
      'unresolved-region',
    )
  );
}

function stackName(ctx: CfnContext, path: PathSegments): string {
  return (
    ctx.values.stackName ??
    unresolved(ctx, path, 'AWS::StackName is not known: give --parameter AWS::StackName=NAME (used "stack")', 'stack')
  );
}

function urlSuffix(ctx: CfnContext): string {
  return ctx.values.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The physical name of a resource: its name property, a `--physical-id`, or a listed placeholder. */
export function physicalName(
  ctx: CfnContext,
  logicalId: string,
  nameProp: string | null,
  path: PathSegments,
  kind = 'name',
): string {
  const res = own<ResourceEntry>(ctx.resources, logicalId);
  const given = nameProp ? own(res?.Properties, nameProp) : undefined;
  if (given !== undefined) {
    const v = guarded(ctx, logicalId, path, `the ${kind} of ${logicalId}`, `UNRESOLVED-${logicalId}`, () =>
      resolveValue(ctx, given, ['Resources', logicalId, 'Properties', nameProp as string]),
    );
    if (typeof v === 'string') return v;
  }
  const phys = own<string>(ctx.values.physicalIds, logicalId);
  if (phys !== undefined) return phys;
  const type = res?.Type ?? '';
  let placeholder = `${ctx.values.stackName ?? 'stack'}-${logicalId}-GENERATED`;
  if (type === 'AWS::S3::Bucket') placeholder = placeholder.toLowerCase();
  if (type === 'AWS::Cognito::IdentityPool')
    placeholder = `${region(ctx, path)}:${hash(logicalId, 8)}-0000-4000-8000-${hash(logicalId + '#', 12)}`;
  // Placeholders that read as such wherever they show (matrix, answers), yet fit AWS's id patterns.
  if (type === 'AWS::Cognito::UserPool')
    placeholder = `${region(ctx, path)}_UNRESOLVED${logicalId.replace(/[^0-9A-Za-z]/g, '')}`;
  if (type === 'AWS::Cognito::UserPoolClient') placeholder = `UNRESOLVED_${logicalId.replace(/\W/g, '')}`;
  return unresolved(
    ctx,
    path,
    `the ${kind} AWS generates for ${logicalId} is not known: give --physical-id ${logicalId}=VALUE (used "${placeholder}")`,
    placeholder,
  );
}

/** The ARN of an IAM role, policy or other path-carrying IAM entity defined in the template. */
function iamArn(
  ctx: CfnContext,
  logicalId: string,
  kind: 'role' | 'policy' | 'user' | 'group',
  nameProp: string,
  path: PathSegments,
): string {
  const name = physicalName(ctx, logicalId, nameProp, path);
  if (name.startsWith('arn:')) return name;
  const rawPath = own(own<ResourceEntry>(ctx.resources, logicalId)?.Properties, 'Path');
  const p =
    rawPath === undefined
      ? '/'
      : pathText(
          guarded(ctx, `${logicalId}.Path`, path, `the Path of ${logicalId}`, '/', () =>
            resolveValue(ctx, rawPath, ['Resources', logicalId, 'Properties', 'Path']),
          ),
        );
  return `arn:${ctx.values.partition}:iam::${account(ctx, path)}:${kind}${p}${name}`;
}

/** An IAM Path as resolved: `Ref AWS::NoValue` removes the property, which leaves the default `/`. */
function pathText(v: unknown): string {
  return v === NO_VALUE ? '/' : str(v);
}

/**
 * The pseudo parameters CloudFormation defines (Ref of AWS::…).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NoValue',
  'AWS::NotificationARNs',
]);

/** The value of a pseudo parameter (one of PSEUDO_PARAMETERS). */
function pseudoParameter(ctx: CfnContext, name: string, path: PathSegments): unknown {
  switch (name) {
    case 'AWS::AccountId':
      return account(ctx, path);
    case 'AWS::Region':
      return region(ctx, path);
    case 'AWS::Partition':
      return ctx.values.partition;
    case 'AWS::URLSuffix':
      return urlSuffix(ctx);
    case 'AWS::StackName':
      return stackName(ctx, path);
    // A UUID-shaped stack id, so that CDK's unique suffixes (Fn::Select of the id's parts) still resolve.
    case 'AWS::StackId':
      return unresolved(
        ctx,
        path,
        'AWS::StackId is only known after deployment (used a placeholder with a UUID-shaped id)',
        `arn:${ctx.values.partition}:cloudformation:${region(ctx, path)}:${account(ctx, path)}:stack/${stackName(ctx, path)}/${hash(`${ctx.file}#stack`, 8)}-${hash(`${ctx.file}#a`, 4)}-4${hash(`${ctx.file}#b`, 3)}-8${hash(`${ctx.file}#c`, 3)}-${hash(`${ctx.file}#d`, 12)}`,
      );
    case 'AWS::NoValue':
      return NO_VALUE;
    case 'AWS::NotificationARNs':
      return [];
  }
  return undefined;
}

/**
 * The value of a template parameter: the one given (a list for List<…> and CommaDelimitedList), its Default, or a
 * placeholder listed as unresolved.
 */
function parameterRef(ctx: CfnContext, name: string, path: PathSegments): unknown {
  const given = own(ctx.values.parameters, name);
  const decl = ctx.parameters[name];
  const type = typeof own(decl, 'Type') === 'string' ? (own<string>(decl, 'Type') as string) : '';
  if (typeof given === 'string')
    return type.startsWith('List<') || type === 'CommaDelimitedList' ? given.split(',') : given;
  if (given !== undefined) return given;
  const def = own(decl, 'Default');
  if (def !== undefined) return type === 'CommaDelimitedList' && typeof def === 'string' ? def.split(',') : def;
  const placeholder = `UNRESOLVED-${name}`;
  return unresolved(
    ctx,
    path,
    `parameter ${name} has no default: give --parameter ${name}=VALUE (used "${placeholder}")`,
    type.startsWith('List<') || type === 'CommaDelimitedList' ? [placeholder] : placeholder,
  );
}

/** `Ref` of a logical id: a parameter, a pseudo parameter, or a resource's documented return value. */
export function ref(ctx: CfnContext, name: string, path: PathSegments): unknown {
  if (PSEUDO_PARAMETERS.has(name)) return pseudoParameter(ctx, name, path);
  if (Object.prototype.hasOwnProperty.call(ctx.parameters, name)) return parameterRef(ctx, name, path);
  const res = own<ResourceEntry>(ctx.resources, name);
  if (!isObj(res))
    return unresolved(ctx, path, `Ref to ${name}, which the template does not define`, `UNRESOLVED-${name}`);
  switch (res.Type) {
    case 'AWS::IAM::Role':
      return physicalName(ctx, name, 'RoleName', path);
    case 'AWS::IAM::User':
      return physicalName(ctx, name, 'UserName', path);
    case 'AWS::IAM::Group':
      return physicalName(ctx, name, 'GroupName', path);
    case 'AWS::IAM::ManagedPolicy':
      return iamArn(ctx, name, 'policy', 'ManagedPolicyName', path);
    case 'AWS::S3::Bucket':
      return physicalName(ctx, name, 'BucketName', path);
    case 'AWS::KMS::Alias':
      return physicalName(ctx, name, 'AliasName', path);
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return physicalName(ctx, name, 'TableName', path);
    case 'AWS::Cognito::IdentityPool':
      return physicalName(ctx, name, null, path, 'identity pool id');
    case 'AWS::Cognito::UserPool':
      return physicalName(ctx, name, null, path, 'user pool id');
    case 'AWS::Cognito::UserPoolClient':
      return physicalName(ctx, name, null, path, 'client id');
    // Ref of a group is its GroupName (aws-resource-cognito-userpoolgroup.html, return values).
    case 'AWS::Cognito::UserPoolGroup':
      return physicalName(ctx, name, 'GroupName', path, 'group name');
    case 'AWS::IAM::SAMLProvider':
      return `arn:${ctx.values.partition}:iam::${account(ctx, path)}:saml-provider/${physicalName(ctx, name, 'Name', path)}`;
    case 'AWS::IAM::OIDCProvider': {
      const url = res.Properties?.Url;
      const host =
        typeof url === 'string' ? url.replace(/^https:\/\//, '') : physicalName(ctx, name, null, path, 'URL');
      return `arn:${ctx.values.partition}:iam::${account(ctx, path)}:oidc-provider/${host}`;
    }
    default:
      return physicalName(ctx, name, null, path, 'physical id');
  }
}

/** Fn::GetAtt Name of an identity pool: its IdentityPoolName, or a generated name (listed as unresolved). */
function identityPoolName(ctx: CfnContext, logicalId: string, res: ResourceEntry, path: PathSegments): unknown {
  const n = res.Properties?.IdentityPoolName;
  return n !== undefined
    ? guarded(ctx, `${logicalId}.Name`, path, `the IdentityPoolName of ${logicalId}`, `UNRESOLVED-${logicalId}`, () =>
        resolveValue(ctx, n, ['Resources', logicalId, 'Properties', 'IdentityPoolName']),
      )
    : physicalName(ctx, `${logicalId}.Name`, null, path, 'pool name');
}

/**
 * An attribute Rolecall does not build from the template: a --physical-id given for it, a nested stack's output
 * imported together, or a placeholder listed as unresolved (with what to give).
 */
function notDocumented(
  ctx: CfnContext,
  logicalId: string,
  attr: string,
  res: ResourceEntry,
  path: PathSegments,
): unknown {
  const phys = own<string>(ctx.values.physicalIds, `${logicalId}.${attr}`);
  if (phys !== undefined) return phys;
  if (res.Type === 'AWS::CloudFormation::Stack' && attr.startsWith('Outputs.')) {
    const out = ctx.nestedOutput?.(logicalId, attr.slice('Outputs.'.length), path);
    if (out !== undefined) return out;
    return unresolved(
      ctx,
      path,
      `${logicalId}.${attr}: the nested stack's template was not imported with this one (import it too, or give --physical-id ${logicalId}.${attr}=VALUE)`,
      `UNRESOLVED-${logicalId}.${attr}`,
    );
  }
  return unresolved(
    ctx,
    path,
    `${logicalId}.${attr} (${res.Type}) is not known offline: give --physical-id ${logicalId}.${attr}=VALUE`,
    `UNRESOLVED-${logicalId}.${attr}`,
  );
}

/** `Fn::GetAtt` of a resource attribute. */
export function getAtt(ctx: CfnContext, logicalId: string, attr: string, path: PathSegments): unknown {
  const res = own<ResourceEntry>(ctx.resources, logicalId);
  if (!isObj(res))
    return unresolved(
      ctx,
      path,
      `Fn::GetAtt of ${logicalId}, which the template does not define`,
      `UNRESOLVED-${logicalId}.${attr}`,
    );
  const p = ctx.values.partition;
  const key = `${res.Type}.${attr}`;
  switch (key) {
    case 'AWS::IAM::Role.Arn':
      return iamArn(ctx, logicalId, 'role', 'RoleName', path);
    case 'AWS::IAM::User.Arn':
      return iamArn(ctx, logicalId, 'user', 'UserName', path);
    case 'AWS::IAM::Group.Arn':
      return iamArn(ctx, logicalId, 'group', 'GroupName', path);
    case 'AWS::IAM::ManagedPolicy.PolicyArn':
      return iamArn(ctx, logicalId, 'policy', 'ManagedPolicyName', path);
    case 'AWS::S3::Bucket.Arn':
      return `arn:${p}:s3:::${ref(ctx, logicalId, path)}`;
    case 'AWS::S3::Bucket.DomainName':
      return `${ref(ctx, logicalId, path)}.s3.${urlSuffix(ctx)}`;
    case 'AWS::S3::Bucket.RegionalDomainName':
      return `${ref(ctx, logicalId, path)}.s3.${region(ctx, path)}.${urlSuffix(ctx)}`;
    case 'AWS::DynamoDB::Table.Arn':
    case 'AWS::DynamoDB::GlobalTable.Arn':
      return `arn:${p}:dynamodb:${region(ctx, path)}:${account(ctx, path)}:table/${ref(ctx, logicalId, path)}`;
    case 'AWS::Cognito::IdentityPool.Name':
      return identityPoolName(ctx, logicalId, res, path);
    case 'AWS::Cognito::IdentityPool.Id':
      return ref(ctx, logicalId, path);
    case 'AWS::Cognito::UserPool.UserPoolId':
      return ref(ctx, logicalId, path);
    case 'AWS::Cognito::UserPool.Arn':
      return `arn:${p}:cognito-idp:${region(ctx, path)}:${account(ctx, path)}:userpool/${ref(ctx, logicalId, path)}`;
    case 'AWS::Cognito::UserPool.ProviderName':
      return `cognito-idp.${region(ctx, path)}.${urlSuffix(ctx)}/${ref(ctx, logicalId, path)}`;
    case 'AWS::Cognito::UserPool.ProviderURL':
      return `https://cognito-idp.${region(ctx, path)}.${urlSuffix(ctx)}/${ref(ctx, logicalId, path)}`;
    case 'AWS::Cognito::UserPoolClient.ClientId':
      return ref(ctx, logicalId, path);
    case 'AWS::IAM::OIDCProvider.Arn':
    case 'AWS::IAM::SAMLProvider.Arn':
      return ref(ctx, logicalId, path);
    // Ref of a KMS key is its key id (generated by AWS); its ARN is built from it.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html#aws-resource-kms-key-return-values
    case 'AWS::KMS::Key.KeyId':
      return ref(ctx, logicalId, path);
    case 'AWS::KMS::Key.Arn':
      return `arn:${p}:kms:${region(ctx, path)}:${account(ctx, path)}:key/${ref(ctx, logicalId, path)}`;
  }
  return notDocumented(ctx, logicalId, attr, res, path);
}

/** Evaluates a named condition (memoised); an undecidable condition counts as true and is listed. */
export function condition(ctx: CfnContext, name: string, path: PathSegments): boolean {
  const cached = ctx.conditionCache.get(name);
  if (cached !== undefined) return cached;
  if (!Object.prototype.hasOwnProperty.call(ctx.conditions, name)) {
    return unresolved(ctx, path, `condition ${name} is not defined in Conditions (treated as true)`, true);
  }
  ctx.conditionCache.set(name, true); // breaks cycles
  const before = ctx.unresolved.length;
  const v = resolveValue(ctx, ctx.conditions[name], ['Conditions', name]);
  const result = v === true || v === 'true';
  if (ctx.unresolved.length > before && !result) {
    ctx.conditionCache.set(name, true);
    return unresolved(
      ctx,
      ['Conditions', name],
      `condition ${name} depends on unresolved values (treated as true)`,
      true,
    );
  }
  ctx.conditionCache.set(name, result);
  return result;
}

function toBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** `Fn::Sub`: `${Name}`, `${Logical.Attr}`, `${!Literal}`, with an optional variable map. */
function sub(ctx: CfnContext, arg: unknown, path: PathSegments): unknown {
  const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof template !== 'string') return unresolved(ctx, path, 'Fn::Sub needs a string', '');
  const map = isObj(vars) ? (resolveValue(ctx, vars, [...path, 1]) as Record<string, unknown>) : {};
  return template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (Object.prototype.hasOwnProperty.call(map, name)) return str(map[name]);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return str(getAtt(ctx, name.slice(0, dot), name.slice(dot + 1), path));
    if (!name) return whole;
    const v = ref(ctx, name, path);
    return v === NO_VALUE ? str(noValueHere(ctx, path, 'Fn::Sub')) : str(v);
  });
}

/**
 * `Ref AWS::NoValue` where a function needs a value (an index, a list, a name, a string …): CloudFormation only accepts
 * it as a property's value, a list element or a branch of Fn::If, which remove the property or element.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-novalue
 */
function noValueHere(ctx: CfnContext, path: PathSegments, fn: string): string {
  return templateError(
    ctx,
    path,
    `${fn} was given Ref AWS::NoValue as an argument; AWS::NoValue only removes a property or a list element (for example as a branch of Fn::If), it is not a value a function can use`,
    '',
  );
}

/** Resolves every intrinsic function in a value; `path` is its place in the template, for unresolved entries. */
export function resolveValue(ctx: CfnContext, value: unknown, path: PathSegments): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (resolveDepth >= MAX_RESOLVE_DEPTH) throw new TemplateTooDeep(ctx, path);
  if (ctx.budget && ++ctx.budget.steps > ctx.budget.stepLimit) throw new ImportTooLarge(ctx, path, 'steps');
  resolveDepth++;
  try {
    return resolveInner(ctx, value, path);
  } finally {
    resolveDepth--;
  }
}

function resolveInner(ctx: CfnContext, value: object, path: PathSegments): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => resolveValue(ctx, v, [...path, i])).filter((v) => v !== NO_VALUE);
  }
  if (!isObj(value)) return value;
  const keys = Object.keys(value);
  // `Condition` is an intrinsic only with a string argument: a policy statement's Condition block is an object.
  const intrinsic =
    keys.length === 1 &&
    (keys[0].startsWith('Fn::') ||
      keys[0] === 'Ref' ||
      (keys[0] === 'Condition' && typeof value.Condition === 'string'));
  if (intrinsic) {
    const fn = keys[0];
    const arg = value[fn];
    const at = [...path, fn];
    /** An argument resolved as a value: AWS::NoValue is an error here. */
    const r = (v: unknown, i?: number): unknown => {
      const place = i === undefined ? at : [...at, i];
      const out = resolveValue(ctx, v, place);
      return out === NO_VALUE ? noValueHere(ctx, place, fn) : out;
    };
    /** A result passed through as is (Fn::If's branches, a mapping's cell): AWS::NoValue removes the property. */
    const pass = (v: unknown, i?: number): unknown => resolveValue(ctx, v, i === undefined ? at : [...at, i]);
    const list = (): unknown[] => (Array.isArray(arg) ? arg : [arg]);
    switch (fn) {
      case 'Ref':
        return ref(ctx, str(r(arg)), at);
      case 'Condition':
        return condition(ctx, str(arg), at);
      case 'Fn::GetAtt': {
        const parts =
          typeof arg === 'string'
            ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)]
            : list().map((x, i) => str(r(x, i)));
        return getAtt(ctx, parts[0], parts.slice(1).join('.'), at);
      }
      case 'Fn::Sub':
        return built(ctx, at, sub(ctx, arg, at));
      case 'Fn::Join': {
        const [sep, items] = list();
        const resolved = r(items, 1);
        return built(ctx, at, joined(ctx, at, Array.isArray(resolved) ? resolved : [resolved], str(sep)));
      }
      case 'Fn::Select': {
        const [index, items] = list();
        // Only a number (or a numeric string, as a parameter gives it) is an index; anything else is outside.
        const iv = r(index, 0);
        const i = typeof iv === 'number' ? iv : typeof iv === 'string' && iv.trim() !== '' ? Number(iv) : NaN;
        const resolved = r(items, 1);
        if (Array.isArray(resolved) && Number.isInteger(i) && i >= 0 && i < resolved.length) return resolved[i];
        return unresolved(ctx, at, `Fn::Select index ${i} is outside the list`, '');
      }
      case 'Fn::Split': {
        const [sep, s] = list();
        return built(ctx, at, str(r(s, 1)).split(str(sep)));
      }
      case 'Fn::If': {
        const [name, yes, no] = list();
        return condition(ctx, str(r(name, 0)), at) ? pass(yes, 1) : pass(no, 2);
      }
      case 'Fn::Equals': {
        const [a, b] = list();
        return canonical(r(a, 0)) === canonical(r(b, 1));
      }
      case 'Fn::Not':
        return !truthy(r(list()[0], 0));
      case 'Fn::And':
        return list().every((c, i) => truthy(r(c, i)));
      case 'Fn::Or':
        return list().some((c, i) => truthy(r(c, i)));
      case 'Fn::FindInMap': {
        const [m, top, second, opts] = list();
        const keys3 = [str(r(m, 0)), str(r(top, 1)), str(r(second, 2))];
        const cell = own(own(own(ctx.mappings, keys3[0]), keys3[1]), keys3[2]);
        if (cell !== undefined)
          return guarded(ctx, `Mappings/${keys3.join('/')}`, at, `Mappings ${keys3.join('.')}`, '', () => pass(cell));
        if (isObj(opts) && 'DefaultValue' in opts) return pass(opts.DefaultValue, 3);
        return unresolved(ctx, at, 'Fn::FindInMap names a key the Mappings do not have', '');
      }
      case 'Fn::ImportValue': {
        const name = str(r(arg));
        const phys = own<string>(ctx.values.physicalIds, name);
        if (phys !== undefined) return phys;
        const exported = ctx.importValue?.(name, at);
        if (exported !== undefined) return exported;
        return unresolved(
          ctx,
          at,
          `Fn::ImportValue ${name}: no template imported together exports it (import the exporting stack's template too, or give --physical-id ${name}=VALUE)`,
          `UNRESOLVED-Import-${name}`,
        );
      }
      case 'Fn::Base64':
        return built(ctx, at, toBase64(str(r(arg))));
      case 'Fn::GetAZs': {
        const reg = str(r(arg)) || region(ctx, at);
        return unresolved(ctx, at, `Fn::GetAZs ${reg} is not known offline (used ${reg}a, ${reg}b, ${reg}c)`, [
          `${reg}a`,
          `${reg}b`,
          `${reg}c`,
        ]);
      }
      case 'Fn::Cidr':
        return unresolved(ctx, at, 'Fn::Cidr is not computed offline', []);
      case 'Fn::Length': {
        const v = r(arg);
        return Array.isArray(v) ? v.length : 0;
      }
      case 'Fn::ToJsonString':
        return built(ctx, at, JSON.stringify(r(arg)));
      default:
        return unresolved(ctx, at, `${fn} is not supported by Rolecall's template reader`, null);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = resolveValue(ctx, value[k], [...path, k]);
    if (v !== NO_VALUE)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A value an intrinsic function built (a string, or Fn::Split's list), counted against the import's budget. */
function built<T>(ctx: CfnContext, path: PathSegments, v: T): T {
  if (typeof v === 'string') chargeChars(ctx, path, v.length);
  else if (Array.isArray(v)) chargeChars(ctx, path, resolvedSize(v, Infinity));
  return v;
}

/**
 * Fn::Join's result, its length counted before the text is built: a name joined from another resource's name twice
 * over doubles at every step, and must stop at the budget rather than when the memory runs out.
 */
function joined(ctx: CfnContext, path: PathSegments, items: unknown[], sep: string): string {
  const parts = items.map(str);
  const b = ctx.budget;
  if (b) {
    const n = parts.reduce((k, p) => k + p.length, 0) + sep.length * Math.max(0, parts.length - 1);
    if (b.chars + n > b.charLimit) chargeChars(ctx, path, n);
  }
  return parts.join(sep);
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

function canonical(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
