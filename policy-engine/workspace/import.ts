/**
 * `rolecall import`: builds a workspace from AWS CLI outputs and CloudFormation templates (CONTRACT §4). Pure: file
 * contents in, workspace and report out. Each file is recognised by its shape; several files merge, and conflicts are
 * reported with both files named (the first one is kept).
 */
import type { z } from 'zod';
import type { Workspace } from '../model/workspace';
import { isTemplate } from './cfn-import';
import { parseTemplate } from './cfn-parse';
import {
  ImportTooLarge,
  importBudget,
  MIN_OUTPUT_CHARS,
  OUTPUT_RATIO,
  PLACEHOLDER_ACCOUNT,
  resolvedSize,
  sizeText,
  TemplateTooDeep,
} from './cfn-resolve';
import { importTemplates } from './cfn-stacks';
import { mergeFragments, unwrapResourcesKey } from './cfn-fragments';
import type { TemplateInput } from './cfn-stacks';
import { applySideFiles, isAmplifyMeta, isCdkManifest } from './assembly';
import { norm } from './folder-files';
import type { SideFiles } from './assembly';
import { importAwsExport } from './import-aws';
import { looksLikeKeyPolicy } from './import-kms';
import { diag, parseJsonSource, rangeAt } from './json-source';
import type { PathSegments } from './json-source';
import { newAcc } from './merge';
import type { Acc, ImportReport } from './merge';
import type { ExportContext, ImportFile } from './export-context';
import { zodDiagnostics } from './schema';
import { addPolicyResources } from './from-policy';
import {
  flagServerlessVariables,
  includedFiles,
  isServerlessConfig,
  placeIncludedSources,
  looksLikeServerless,
  serverlessTemplate,
} from './serverless';
import type { ParsedTemplate } from './cfn-parse';
import { importTerraform, isRawTerraformState, isTerraformJson } from './terraform';
import { isObj } from '../guards';

export type { ImportReport } from './merge';
export type { ImportFile, ExportContext } from './export-context';

/** Options of an import (CONTRACT §4 `import`). */
export interface ImportOptions {
  accountId?: string;
  region?: string;
  partition?: string;
  parameters?: Record<string, string>;
  physicalIds?: Record<string, string>;
  base?: Workspace;
}

/** The fields of a GetUserPoolMfaConfig output (API_GetUserPoolMfaConfig.html#API_GetUserPoolMfaConfig_ResponseSyntax). */
const MFA_CONFIG_KEYS = new Set([
  'MfaConfiguration',
  'SmsMfaConfiguration',
  'SoftwareTokenMfaConfiguration',
  'EmailMfaConfiguration',
  'WebAuthnConfiguration',
  'ResponseMetadata',
]);

/** Recognises a parsed JSON value's shape; null when Rolecall does not know it. */
export function classify(v: unknown): string | null {
  if (!isObj(v)) return null;
  if (v.format === 'rolecall-workspace') return 'rolecall-workspace';
  if (isTerraformJson(v)) return 'terraform';
  if (isRawTerraformState(v)) return 'terraform-raw-state';
  if (isCdkManifest(v)) return 'cdk-manifest';
  if (isAmplifyMeta(v)) return 'amplify-meta';
  if (isTemplate(v)) return 'cloudformation';
  if (
    ['RoleDetailList', 'UserDetailList', 'GroupDetailList'].some((k) => k in v) ||
    (Array.isArray(v.Policies) && (v.Policies as unknown[]).every((p) => isObj(p) && 'PolicyVersionList' in p))
  )
    return 'iam-account-authorization-details';
  if (isObj(v.Role) && 'RoleName' in v.Role) return 'iam-get-role';
  if (Array.isArray(v.Roles) && (v.Roles as unknown[]).every((r) => isObj(r) && 'RoleName' in r))
    return 'iam-list-roles';
  if ('RoleName' in v && 'PolicyName' in v && 'PolicyDocument' in v) return 'iam-get-role-policy';
  if (isObj(v.Policy) && 'Arn' in v.Policy && 'PolicyName' in v.Policy) return 'iam-get-policy';
  if (isObj(v.PolicyVersion) && 'Document' in v.PolicyVersion) return 'iam-get-policy-version';
  if (Array.isArray(v.AttachedPolicies)) return 'iam-list-attached-role-policies';
  if (typeof v.IdentityPoolId === 'string') {
    if ('IdentityProviderName' in v && ('PrincipalTags' in v || 'UseDefaults' in v))
      return 'cognito-get-principal-tag-attribute-map';
    if ('IdentityPoolName' in v || 'AllowUnauthenticatedIdentities' in v) return 'cognito-describe-identity-pool';
    if ('Roles' in v || 'RoleMappings' in v) return 'cognito-get-identity-pool-roles';
  }
  // cognito-idp: describe-user-pool, describe-user-pool-client, list-groups (GroupType carries UserPoolId; IAM's
  // list-groups output has GroupId and Arn instead), get-user-pool-mfa-config (MFA fields only, no pool id).
  if (isObj(v.UserPool) && 'Id' in v.UserPool) return 'cognito-describe-user-pool';
  if (isObj(v.UserPoolClient) && 'ClientId' in v.UserPoolClient) return 'cognito-describe-user-pool-client';
  if (
    Array.isArray(v.Groups) &&
    (v.Groups as unknown[]).every((g) => isObj(g) && 'GroupName' in g && !('GroupId' in g) && !('Arn' in g)) &&
    ((v.Groups as unknown[]).length > 0 || Object.keys(v).every((k) => k === 'Groups' || k === 'NextToken'))
  )
    return 'cognito-list-groups';
  if (
    Object.keys(v).length > 0 &&
    Object.keys(v).every((k) => MFA_CONFIG_KEYS.has(k)) &&
    ('MfaConfiguration' in v || 'SoftwareTokenMfaConfiguration' in v || 'SmsMfaConfiguration' in v)
  )
    return 'cognito-get-user-pool-mfa-config';
  if (isObj(v.KeyMetadata)) return 'kms-describe-key';
  if (Array.isArray(v.Aliases) && (v.Aliases as unknown[]).every((a) => isObj(a) && 'AliasName' in a))
    return 'kms-list-aliases';
  if ('ServerSideEncryptionConfiguration' in v) return 's3-get-bucket-encryption';
  // get-key-policy: `{"Policy": "<json>", "PolicyName": "default"}` (older CLIs print Policy alone: a policy whose
  // statements are all kms: actions on "*" is read as a key policy).
  if (
    'Policy' in v &&
    Object.keys(v).every((k) => k === 'Policy' || k === 'PolicyName') &&
    (typeof v.PolicyName === 'string' || looksLikeKeyPolicy(v.Policy))
  )
    return 'kms-get-key-policy';
  // `{"Policy": "<json>"}` alone is get-bucket-policy; with RevisionId (and ResourceArn in newer CLIs) DynamoDB's.
  // Any other Policy value is still recognised, so that a wrong type is reported at its path, not as an unknown file.
  // A bare resource policy document, e.g. `aws s3api get-bucket-policy --query Policy --output text`.
  if ('Statement' in v && Object.keys(v).every((k) => k === 'Version' || k === 'Id' || k === 'Statement'))
    return 'resource-policy-document';
  if ('Policy' in v && !isObj(v.Policy))
    return 'RevisionId' in v ? 'dynamodb-get-resource-policy' : 's3-get-bucket-policy';
  if (isObj(v.Policy) && Object.keys(v).every((k) => k === 'Policy' || k === 'RevisionId' || k === 'ResourceArn'))
    return 'RevisionId' in v ? 'dynamodb-get-resource-policy' : 's3-get-bucket-policy';
  return null;
}

/** Which shape a file is (see `classify`), reading JSON or, for templates, YAML; null when unknown or unreadable. */
export function detectKind(name: string, text: string): string | null {
  const json = /^\s*[{[]/.test(text) && !/\.ya?ml$/i.test(name) ? parseJsonSource(text, name) : null;
  if (json?.ok) return classify(json.value.value);
  const yaml = parseTemplate(text, name.replace(/\.json$/i, '') + '.yaml');
  return yaml.ok && isTemplate(yaml.value.value) ? 'cloudformation' : null;
}

/** The import's options with the partition, account and region settled (from the options or the base workspace). */
type SettledOptions = ImportOptions & { partition: string; accountId?: string; region?: string };

/** What the files' reading collects for the later steps. */
interface Collected {
  deferred: (() => void)[];
  templates: TemplateInput[];
  side: SideFiles;
  services: { file: string; parsed: ParsedTemplate; items: string[] }[];
}

/** Builds a workspace from files; see ImportReport for what it says about them. */
export function importFiles(files: ImportFile[], opts: ImportOptions): { workspace: Workspace; report: ImportReport } {
  const acc = newAcc(opts.base);
  // The output budget: the base workspace counts as input too (it is kept as it is).
  const budget = importBudget(
    files.reduce((n, f) => n + f.text.length, 0) + (opts.base ? resolvedSize(opts.base, Infinity) : 0),
  );
  acc.budget = budget;
  const o: SettledOptions = {
    ...opts,
    partition: opts.partition ?? opts.base?.partition ?? 'aws',
    accountId: opts.accountId ?? opts.base?.accountId,
    region: opts.region ?? opts.base?.region,
  };
  const c: Collected = {
    deferred: [],
    templates: [],
    side: { manifests: [], amplify: [], parameterFiles: [] },
    services: [],
  };
  const fromServerless = readAll(acc, files, o, c);
  for (const t of c.templates) flagServerlessVariables(acc, t);
  // Fragments that refer to each other's logical ids (Serverless resources files without their serverless.yml) are one
  // template.
  const fragments = mergeFragments(acc, c.templates, (f) => acc.report.loaded.find((l) => l.file === f)?.items);
  c.templates.splice(0, c.templates.length, ...fragments.inputs, ...fromServerless);
  const tooBig = importTogether(acc, o, c) ?? runDeferred(acc, c.deferred);
  if (tooBig) return tooLarge(acc, opts, tooBig);
  // "Import the other pages too" is moot once several pages were imported.
  if (acc.report.loaded.filter((l) => l.kind === 'iam-account-authorization-details').length > 1) {
    acc.report.warnings = acc.report.warnings.filter((w) => w.code !== 'import.truncated');
  }
  placeIncludedSources(acc, c.templates);
  fragments.placeItems();
  finish(acc, o);
  if (overBudget(acc, budget)) return tooLargeReport(acc, opts);
  return { workspace: acc.ws, report: acc.report };
}

/**
 * Reads every file: the serverless.yml files first, because the files their `${file(…)}` parts read (named in the
 * text, or read through a variable in the path) are read through them (one stack), not imported on their own. Returns
 * the serverless.yml files' templates.
 */
function readAll(acc: Acc, files: ImportFile[], o: SettledOptions, c: Collected): TemplateInput[] {
  const readOne = (file: ImportFile) => {
    try {
      importOne(acc, file, o, c.deferred, c.templates, c.side, c.services);
    } catch (e) {
      acc.report.errors.push(
        diag('import.internal', `could not be read: ${e instanceof Error ? e.message : String(e)}`, {
          file: file.name,
        }),
      );
    }
  };
  const serviceFiles = new Set(files.filter((f) => looksLikeServerless(f.name, f.text)));
  serviceFiles.forEach(readOne);
  const included = new Set([...serviceFiles].flatMap((f) => includedFiles(f.name, f.text)));
  const fromServerless = serverlessPass(acc, c.services, files, o, included);
  for (const file of files) {
    if (serviceFiles.has(file)) continue;
    if (included.has(norm(file.name)))
      acc.report.loaded.push({ file: file.name, kind: 'serverless-include', items: [] });
    else readOne(file);
  }
  return fromServerless;
}

/**
 * Applies the side files (CDK manifests, Amplify metadata, parameter files) and imports the templates together: one
 * account, one region, exports and nested stacks resolved across them. Returns the error when the output budget ran out.
 */
function importTogether(acc: Acc, o: SettledOptions, c: Collected): ImportTooLarge | null {
  try {
    const applied = applySideFiles(c.side, c.templates);
    acc.report.errors.push(...applied.errors);
    acc.report.inferred.push(...applied.inferred);
    if (c.templates.length > 0) importTemplates(acc, c.templates, templateOpts(o), c.deferred);
  } catch (e) {
    if (e instanceof ImportTooLarge) return e;
    acc.report.errors.push(
      diag('import.internal', `the templates could not be read: ${e instanceof Error ? e.message : String(e)}`, {
        file: c.templates[0]?.file,
      }),
    );
  }
  return null;
}

/** Runs the attachments that waited for every file (each failure reported); stops when the output budget runs out. */
function runDeferred(acc: Acc, deferred: (() => void)[]): ImportTooLarge | null {
  for (const run of deferred) {
    try {
      run();
    } catch (e) {
      if (e instanceof ImportTooLarge) return e;
      if (e instanceof TemplateTooDeep) acc.report.errors.push(e.diagnostic);
      else
        acc.report.errors.push(
          diag('import.internal', `could not be applied: ${e instanceof Error ? e.message : String(e)}`, {}),
        );
    }
  }
  return null;
}

/**
 * The resolved templates were counted resource by resource; the whole workspace is checked once more against the
 * same budget (what a resource adds can be a little more than its resolved properties). True (and reported) when over.
 */
function overBudget(acc: Acc, budget: ReturnType<typeof importBudget>): boolean {
  const size = resolvedSize(acc.ws, budget.charLimit);
  if (size <= budget.charLimit) return false;
  const names = acc.report.loaded.map((l) => l.file);
  acc.report.errors.push(
    diag(
      'import.too-large',
      `the import is too large: the workspace it builds from ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} passes ${sizeText(budget.charLimit)} (${OUTPUT_RATIO} × the ${sizeText(budget.inputChars)} of input, at least ${sizeText(MIN_OUTPUT_CHARS)}); a long value is repeated too many times. Nothing was imported`,
      { file: names[0] },
    ),
  );
  return true;
}

/**
 * The templates of the serverless.yml files (each one stack); `consumed` gets every file their `${file(…)}` parts
 * read, keyed by its normalised name.
 */
function serverlessPass(
  acc: Acc,
  services: { file: string; parsed: ParsedTemplate; items: string[] }[],
  files: ImportFile[],
  opts: ImportOptions,
  consumed: Set<string>,
): TemplateInput[] {
  const byName = new Map(files.map((f) => [norm(f.name), { file: f.name, text: f.text }]));
  const out: TemplateInput[] = [];
  for (const svc of services) {
    try {
      const t = serverlessTemplate(
        acc,
        svc.file,
        svc.parsed,
        { parameters: opts.parameters ?? {}, region: opts.region, accountId: opts.accountId, files: byName },
        svc.items,
        consumed,
      );
      if (t) out.push(t);
    } catch (e) {
      acc.report.errors.push(
        diag('import.internal', `could not be read: ${e instanceof Error ? e.message : String(e)}`, { file: svc.file }),
      );
    }
  }
  return out;
}

/**
 * An import that ran past its output budget: nothing of it is kept (the workspace is the base, or empty), the report
 * says which file and resource ran it out.
 */
function tooLarge(acc: Acc, opts: ImportOptions, e: ImportTooLarge): { workspace: Workspace; report: ImportReport } {
  acc.report.errors.push(e.diagnostic);
  return tooLargeReport(acc, opts);
}

function tooLargeReport(acc: Acc, opts: ImportOptions): { workspace: Workspace; report: ImportReport } {
  for (const l of acc.report.loaded) l.items = [];
  // What was found on the way (unresolved values, warnings, inferences) describes resources that were not imported.
  const report: ImportReport = {
    ...acc.report,
    inferred: [],
    unresolved: [],
    conflicts: [],
    warnings: [],
    notImported: [],
  };
  delete report.fromPolicy;
  return { workspace: newAcc(opts.base).ws, report };
}

/** Whether a text is binary data rather than JSON or YAML: NUL bytes or many control characters near the start. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  if (head.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return head.length > 0 && control / head.length > 0.05;
}

function importOne(
  acc: Acc,
  file: ImportFile,
  opts: ImportOptions & { partition: string },
  deferred: (() => void)[],
  templates: TemplateInput[],
  side: SideFiles,
  services: { file: string; parsed: ParsedTemplate; items: string[] }[],
): void {
  if (looksBinary(file.text)) {
    acc.report.errors.push(
      diag(
        'import.binary',
        'this is binary data, not a JSON or YAML text file (an AWS CLI output or a CloudFormation template)',
        { file: file.name },
      ),
    );
    return;
  }
  // A .json file is read as JSON even when it does not start with { or [, so its syntax error has a line and column.
  const yamlName =
    /\.ya?ml$/i.test(file.name) || (!/\.json$/i.test(file.name) && !/^\s*[{[]/.test(file.text.replace(/^\uFEFF/, '')));
  if (yamlName) {
    const parsed = parseTemplate(file.text, /\.ya?ml$/i.test(file.name) ? file.name : `${file.name}.yaml`);
    if (!parsed.ok) {
      acc.report.errors.push(...parsed.errors.map((e) => ({ ...e, file: file.name })));
      return;
    }
    if (isServerlessConfig(parsed.value.value)) {
      const items: string[] = [];
      acc.report.loaded.push({ file: file.name, kind: 'serverless', items });
      acc.report.warnings.push(...(parsed.diagnostics ?? []));
      services.push({ file: file.name, parsed: parsed.value, items });
      return;
    }
    // A Serverless resources file written with its serverless.yml key: `resources:` holding `Resources:`.
    const template = isTemplate(parsed.value.value) ? parsed.value : unwrapResourcesKey(parsed.value);
    if (!template) {
      (file.fromFolder ? acc.report.warnings : acc.report.errors).push(
        diag(
          'import.unknown-shape',
          'not a shape Rolecall imports: YAML input must be a CloudFormation template (with Resources) or a Serverless Framework serverless.yml (with service and provider)',
          { file: file.name },
        ),
      );
      return;
    }
    acc.report.warnings.push(...(parsed.diagnostics ?? []));
    const items: string[] = [];
    acc.report.loaded.push({ file: file.name, kind: 'cloudformation', items });
    templates.push({ file: file.name, parsed: template, items });
    return;
  }
  const src = parseJsonSource(file.text, file.name);
  if (!src.ok) {
    acc.report.errors.push(...src.errors);
    return;
  }
  acc.report.warnings.push(...(src.diagnostics ?? []));
  const kind =
    classify(src.value.value) ??
    (/(^|[\\/])build[\\/]parameters\.json$/.test(file.name) && isObj(src.value.value) ? 'amplify-parameters' : null);
  const sideList =
    kind === 'cdk-manifest'
      ? side.manifests
      : kind === 'amplify-meta'
        ? side.amplify
        : kind === 'amplify-parameters'
          ? side.parameterFiles
          : null;
  if (sideList && kind) {
    sideList.push({ file: file.name, value: src.value.value as Record<string, unknown> });
    acc.report.loaded.push({ file: file.name, kind, items: [] });
    return;
  }
  if (!kind) {
    if (file.fromFolder) {
      acc.report.warnings.push(
        diag('import.skipped', 'skipped: not a shape Rolecall imports (found in the folder given)', {
          file: file.name,
          severity: 'info',
        }),
      );
      return;
    }
    acc.report.errors.push(
      diag(
        'import.unknown-shape',
        'not a shape Rolecall imports: expected an AWS CLI output (get-account-authorization-details, get-role, get-role-policy, get-policy, get-policy-version, list-attached-role-policies, describe-identity-pool, get-identity-pool-roles, get-principal-tag-attribute-map, cognito-idp describe-user-pool, describe-user-pool-client, list-groups, get-user-pool-mfa-config, get-bucket-policy, get-bucket-encryption, kms describe-key, get-key-policy, list-aliases, dynamodb get-resource-policy, a bare bucket or table policy document), a CloudFormation template, `terraform show -json` output or a Rolecall workspace',
        { file: file.name },
      ),
    );
    return;
  }
  if (kind === 'terraform-raw-state') {
    acc.report.errors.push(
      diag(
        'terraform.raw-state',
        'this is a raw Terraform state file (terraform.tfstate); Rolecall reads the JSON Terraform prints for it: run `terraform show -json > state.json` and import state.json',
        { file: file.name },
      ),
    );
    return;
  }
  if (kind === 'terraform') {
    const tf = src.value.value as Record<string, unknown>;
    const planned = isObj(tf.planned_values) || Array.isArray(tf.resource_changes);
    const entry = { file: file.name, kind: planned ? 'terraform-plan' : 'terraform-state', items: [] as string[] };
    acc.report.loaded.push(entry);
    importTerraform(
      acc,
      src.value,
      {
        partition: opts.partition,
        accountId: opts.accountId,
        region: opts.region,
        physicalIds: opts.physicalIds ?? {},
      },
      deferred,
      entry.items,
    );
    return;
  }
  if (kind === 'cloudformation') {
    const items: string[] = [];
    acc.report.loaded.push({ file: file.name, kind, items });
    const value = src.value;
    templates.push({ file: file.name, parsed: { value: value.value, locate: (p) => rangeAt(value, p)?.start }, items });
    return;
  }
  const ctx: ExportContext = {
    acc,
    file,
    src: src.value,
    partition: opts.partition,
    accountId: opts.accountId,
    region: opts.region,
    deferred,
    check<T>(schema: z.ZodType<T>, value: unknown, path: PathSegments): value is T {
      const r = schema.safeParse(value);
      if (r.success) return true;
      acc.report.errors.push(...zodDiagnostics(r.error.issues, src.value, file.name, path));
      return false;
    },
  };
  const entry = { file: file.name, kind, items: [] as string[] };
  acc.report.loaded.push(entry);
  importAwsExport(ctx, kind, entry.items);
}

function templateOpts(opts: ImportOptions & { partition: string }) {
  return {
    accountId: opts.accountId,
    region: opts.region,
    partition: opts.partition,
    parameters: opts.parameters ?? {},
    physicalIds: opts.physicalIds ?? {},
  };
}

/** Workspace-level fields: the given account/region/partition, else the one all ARNs and pool ids agree on. */
function finish(acc: Acc, opts: { partition: string; accountId?: string; region?: string }): void {
  const ws = acc.ws;
  if (opts.partition !== 'aws' || ws.partition) ws.partition ??= opts.partition;
  if (opts.accountId) ws.accountId ??= opts.accountId;
  if (opts.region) ws.region ??= opts.region;
  applyTrustRewrites(acc);
  if (!ws.accountId) {
    const accounts = new Set(
      (ws.iam?.RoleDetailList ?? []).map((r) => r.Arn.split(':')[4]).filter((a) => /^\d{12}$/.test(a)),
    );
    if (accounts.size === 1) {
      ws.accountId = [...accounts][0];
      // One template (one assembly, one state) is one account: its placeholder account is the workspace's, so
      // same-account buckets and tables are judged as same-account.
      acc.report.inferred.push(
        ws.accountId === PLACEHOLDER_ACCOUNT
          ? `accountId ${PLACEHOLDER_ACCOUNT}: a placeholder for the account the templates are deployed to (AWS::AccountId is not known; --account ID gives the real one); used for every role, table and ARN of this import`
          : `accountId ${ws.accountId}: the account of every imported role`,
      );
    }
  }
  if (!ws.region) {
    const regions = new Set(
      (ws.identityPools ?? [])
        .map((p) => p.IdentityPoolId.split(':')[0])
        .filter((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r)),
    );
    if (regions.size === 1) {
      ws.region = [...regions][0];
      acc.report.inferred.push(`region ${ws.region}: the region of every imported identity pool`);
    } else {
      const inferred = /^region ([a-z0-9-]+): inferred from/.exec(
        acc.report.inferred.find((i) => i.startsWith('region ')) ?? '',
      );
      if (inferred) ws.region = inferred[1];
    }
  }
  addPolicyResources(acc);
  if (acc.placeholders.size > 0) {
    const notes = (ws.importNotes ??= {});
    const list = (notes.placeholders ??= []);
    const listed = new Set(list.map((p) => p.value));
    for (const [value, meaning] of acc.placeholders)
      if (!listed.has(value)) {
        listed.add(value);
        list.push({ value, meaning });
      }
  }
}

/** Applies (or only marks) the trust policies deploy-time custom resources rewrite, once every file is in. */
function applyTrustRewrites(acc: Acc): void {
  for (const rw of acc.trustRewrites) {
    const roles = (acc.ws.iam?.RoleDetailList ?? []).filter((r) => r.RoleName === rw.roleName || r.Arn === rw.roleName);
    if (roles.length === 0) {
      acc.report.warnings.push(
        diag(
          'template.trust-rewritten',
          `role ${rw.roleName}, whose trust policy a custom resource rewrites, is not in the workspace (import the template that defines it)`,
          { file: rw.file, severity: 'warning' },
        ),
      );
      continue;
    }
    for (const role of roles) {
      if (rw.document) role.AssumeRolePolicyDocument = rw.document;
      const notes = (acc.ws.importNotes ??= {});
      (notes.trustNotFinal ??= {})[role.Arn] = rw.why;
    }
  }
}
