/**
 * `rolecall import FILE[=ARN]… -o W` (CONTRACT §4): builds a workspace from AWS CLI outputs and CloudFormation/CDK
 * templates. Errors (a file that cannot be read, an unknown shape, a missing ARN) print one line each on stderr naming
 * the file and the place, and nothing is written (exit 2); unresolved references, conflicts and inferences are
 * reported and the workspace is written (exit 0).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Io } from '../io';
import { readTextFile, saveWorkspaceAtomic } from '../../electron/files/workspace-files';
import type { Diagnostic, Workspace } from '../../policy-engine/model/index';
import {
  importFiles,
  fileIncluded,
  formatDiagnostic,
  parseWorkspaceText,
  recordSourceDigests,
  SKIP_DIRS,
  serializeWorkspace,
} from '../../policy-engine/workspace/index';
import type { ImportFile, ImportReport } from '../../policy-engine/workspace/index';
import { parseOptions, sha256Hex, usageExit } from './shared';

/** The `--help` text of `rolecall import`. */
const IMPORT_HELP = `Usage: rolecall import FILE[=ARN]… -o WORKSPACE [options]

Builds a Rolecall workspace from AWS CLI outputs and CloudFormation templates (JSON or YAML), a CDK cloud assembly
folder (cdk.out), an Amplify Gen 1 amplify/backend folder, or Terraform's JSON. A folder is read whole, as one account.
Each file is recognised by its shape:
  aws iam get-account-authorization-details (several pages merge), get-role, list-roles, get-role-policy,
  get-policy, get-policy-version, list-attached-role-policies; aws cognito-identity describe-identity-pool,
  get-identity-pool-roles, get-principal-tag-attribute-map; aws s3api get-bucket-policy;
  aws dynamodb get-resource-policy; CloudFormation templates; \`terraform show -json\` output of a saved plan
  or of the state (values known only after apply are listed as unresolved); a Serverless Framework serverless.yml
  (its resources block, the files its \${file(…)} parts name when given too, and the role Serverless generates from
  provider.iam.role.statements; \${self:…}, \${opt:…} with its default, \${sls:stage}, \${aws:region},
  \${aws:accountId} and \${param:…} are resolved where the file defines them, --parameter stage=prod gives a CLI
  option; any other variable is listed as unresolved with what to run instead: serverless package, then import
  .serverless/cloudformation-template-update-stack.json); Serverless resources files without their serverless.yml
  (files that Ref or Fn::GetAtt each other's logical ids are read as one template, each resource keeping its file and
  line; a logical id defined in two of them is an error naming both); Rolecall workspaces.

FILE=ARN names what a file belongs to when the file does not say: the bucket of a get-bucket-policy output
(FILE=arn:aws:s3:::BUCKET), the table of a get-resource-policy output, the policy of a get-policy-version
output, the role of a list-attached-role-policies output. Without it Rolecall infers it from the policy or the
file name and says what it inferred.

Options:
  -o, --output W               where to write the workspace (- for stdout)
  --base W                     add to an existing workspace instead of starting empty
  --account ID                 account for templates' AWS::AccountId and ARNs built from names
  --region R                   region for templates' AWS::Region
  --partition P                partition (default aws)
  --parameter KEY=VALUE        a template parameter (repeatable; AWS::StackName=NAME sets the stack name)
  --physical-id LOGICAL=VALUE  the name or id AWS generated for a template resource, or for a Terraform plan's
                               resource by its address (aws_cognito_identity_pool.main=us-east-1:…) (repeatable)
  --name NAME                  the workspace's name
  --format table|json          the report format (json prints only JSON on stdout)
  -h, --help                   this help

Output: a summary (roles, policies, identity pools, buckets, tables; how many things were inferred, unresolved or in
conflict), then each file with what it held, and the details. The S3 buckets, key prefixes (such as
private/\${cognito-identity.amazonaws.com:sub}/*) and DynamoDB tables that a role's policy names but no file defines
are added to the workspace's resources, marked "from policy" (importNotes.fromPolicy), so the matrix shows them; one
built from a value the import does not know is not added, and is listed. --format json prints { output, summary, report }.
The workspace is written atomically (a temporary file renamed over W), and only when no file had an error. It records
a SHA-256 digest of each imported file and of each policy taken from one (importNotes.fileDigests, policyDigests):
evaluate, who-can and resolve then cite an imported policy's lines in that file (read relative to the working
directory or to W) while both still match, and W's own lines, with a note on stderr saying why, once either changed.

Examples:
  aws iam get-account-authorization-details > auth.json
  aws cognito-identity describe-identity-pool --identity-pool-id us-east-1:… > pool.json
  aws cognito-identity get-identity-pool-roles --identity-pool-id us-east-1:… > pool-roles.json
  aws s3api get-bucket-policy --bucket app-user-files > bucket-policy.json
  rolecall import auth.json pool.json pool-roles.json bucket-policy.json=arn:aws:s3:::app-user-files -o app.rolecall.json
  rolecall import cdk.out/AppStack.template.json --account 123456789012 --region us-east-1 \\
      --physical-id UserPool6BA7E5F2=us-east-1_AbC123 --physical-id UserPoolClient2F5918F7=7f3k… -o app.rolecall.json

  rolecall import resources/cognito.yml resources/iam.yml --account 123456789012 -o app.rolecall.json
  terraform show -json > state.json && rolecall import state.json -o app.rolecall.json
  terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json && rolecall import plan.json -o app.rolecall.json

Exit status: 0 written (unresolved references and conflicts are reported), 2 bad input or usage (nothing written).
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  base: { type: 'string' },
  account: { type: 'string' },
  region: { type: 'string' },
  partition: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  'physical-id': { type: 'string', multiple: true },
  name: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = (io: Io, message: string) => usageExit(io, 'import', message);

/** Parses repeated KEY=VALUE options; null (after printing) when one is malformed. */
function keyValues(list: string[] | undefined, option: string, io: Io, command: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      usageExit(io, command, `${option} expects KEY=VALUE, got "${item}"`);
      return null;
    }
    Object.defineProperty(out, item.slice(0, eq), {
      value: item.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The JSON and YAML files under a folder (sorted, relative names as given), or null when `path` is not a folder. */
async function folderFiles(path: string, given: string): Promise<string[] | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) return null;
  const out: string[] = [];
  const walk = async (abs: string, rel: string, depth: number): Promise<void> => {
    if (depth > 12) return;
    const entries = await readdir(abs, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const relName = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.test(e.name)) await walk(join(abs, e.name), relName, depth + 1);
      } else if (e.isFile() && fileIncluded(e.name)) out.push(relName);
    }
  };
  await walk(path, given.replace(/[\\/]+$/, ''), 0);
  return out;
}

/** Splits `FILE=ARN` (the ARN part starts with `arn:`; a file name may itself contain `=`). */
export function splitFileArg(arg: string): { file: string; resourceArn?: string } {
  const m = /^(.+?)=(arn:.*)$/.exec(arg);
  return m ? { file: m[1], resourceArn: m[2] } : { file: arg };
}

/** Counts of what an import produced, for the one-line summary and `--format json`. */
interface ImportSummary {
  files: number;
  roles: number;
  users: number;
  groups: number;
  policies: number;
  identityPools: number;
  buckets: number;
  tables: number;
  resourcePolicies: number;
  inferred: number;
  unresolved: number;
  conflicts: number;
  warnings: number;
  errors: number;
  notImported: number;
}

/** Counts the entities of an imported workspace and the report's entries. */
function summarize(workspace: Workspace, report: ImportReport): ImportSummary {
  const resources = workspace.resources ?? [];
  return {
    files: report.loaded.length,
    roles: workspace.iam?.RoleDetailList?.length ?? 0,
    users: workspace.iam?.UserDetailList?.length ?? 0,
    groups: workspace.iam?.GroupDetailList?.length ?? 0,
    policies: workspace.iam?.Policies?.length ?? 0,
    identityPools: workspace.identityPools?.length ?? 0,
    buckets: resources.filter((r) => /^arn:[\w-]+:s3:::[^/]+$/.test(r)).length,
    tables: resources.filter((r) => /^arn:[\w-]+:dynamodb:[^:]*:[^:]*:table\/[^/]+$/.test(r)).length,
    resourcePolicies: workspace.resourcePolicies?.length ?? 0,
    inferred: report.inferred.length,
    unresolved: report.unresolved.length,
    conflicts: report.conflicts.length,
    warnings: report.warnings.length,
    errors: report.errors.length,
    notImported: report.notImported?.length ?? 0,
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The one-line summary: what was imported, then what needs the user's attention. */
function summaryText(s: ImportSummary): string {
  const what = [
    plural(s.roles, 'role'),
    plural(s.policies, 'managed policy', 'managed policies'),
    ...(s.users ? [plural(s.users, 'user')] : []),
    ...(s.groups ? [plural(s.groups, 'group')] : []),
    plural(s.identityPools, 'identity pool'),
    plural(s.buckets, 'bucket'),
    plural(s.tables, 'table'),
    plural(s.resourcePolicies, 'resource policy', 'resource policies'),
  ].join(', ');
  const attention = [
    `${s.inferred} inferred`,
    `${s.unresolved} unresolved`,
    ...(s.notImported ? [`${s.notImported} not imported`] : []),
    plural(s.conflicts, 'conflict'),
    plural(s.warnings, 'warning'),
    plural(s.errors, 'error'),
  ].join(', ');
  return `${what} from ${plural(s.files, 'file')}; ${attention}\n`;
}

function section(title: string, lines: string[]): string {
  return lines.length ? `${title} (${lines.length}):\n${lines.map((l) => `  ${l}`).join('\n')}\n` : '';
}

/** The human-readable report (with the summary line first when the workspace is given). */
function reportText(report: ImportReport, output: string | null, workspace?: Workspace): string {
  const width = Math.max(4, ...report.loaded.map((l) => l.file.length));
  const loaded = report.loaded.map(
    (l) => `${l.file.padEnd(width)}  ${l.kind.padEnd(40)}  ${l.items.length} item${l.items.length === 1 ? '' : 's'}`,
  );
  const lines = (ds: Diagnostic[]) => ds.map(formatDiagnostic);
  return [
    output ? `Wrote ${output}\n` : '',
    workspace ? summaryText(summarize(workspace, report)) : '',
    section('Loaded', loaded),
    section('Inferred', report.inferred),
    section('Unresolved', lines(report.unresolved)),
    section(
      'Added from policy (named by a role policy; no imported file defines them)',
      lines(report.fromPolicy ?? []),
    ),
    section('Not imported (the rest of the file was)', lines(report.notImported ?? [])),
    section('Conflicts (the first file was kept)', lines(report.conflicts)),
    section('Warnings', lines(report.warnings)),
    section('Errors', lines(report.errors)),
  ].join('');
}

/** The --base workspace, or the exit status when it cannot be read. */
async function readBase(io: Io, path: string): Promise<Workspace | number> {
  const text = await readTextFile(resolve(io.cwd, path));
  if (!text.ok) return usage(io, `${path}: ${text.errors[0].message}`);
  const parsed = parseWorkspaceText(text.value, path);
  if (!parsed.ok) {
    for (const d of parsed.errors) io.stderr(`${formatDiagnostic(d)}\n`);
    return 2;
  }
  return parsed.value;
}

/** The files to import (a folder stands for its JSON and YAML files), or the exit status when one cannot be read. */
async function readImportFiles(io: Io, positionals: string[]): Promise<ImportFile[] | number> {
  const files: ImportFile[] = [];
  for (const arg of positionals) {
    const { file, resourceArn } = splitFileArg(arg);
    // A folder (cdk.out, an Amplify project's amplify/backend): every JSON and YAML file in it, as one account.
    const listed = resourceArn ? null : await folderFiles(resolve(io.cwd, file), file);
    if (listed) {
      if (listed.length === 0) return usage(io, `${file}: the folder holds no .json, .yaml or .yml file`);
      for (const name of listed) {
        const text = await readTextFile(resolve(io.cwd, name));
        if (!text.ok) return usage(io, `${name}: ${text.errors[0].message}`);
        files.push({ name, text: text.value, fromFolder: true });
      }
      continue;
    }
    const text = await readTextFile(resolve(io.cwd, file));
    if (!text.ok) return usage(io, `${file}: ${text.errors[0].message}`);
    files.push({ name: file, text: text.value, ...(resourceArn ? { resourceArn } : {}) });
  }
  return files;
}

/** Runs `rolecall import`; returns the exit status (CONTRACT §4). */
export async function runImport(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseOptions(argv, OPTIONS, true);
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return 0;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') return usage(io, `--format must be table or json, got "${format}"`);
  if (positionals.length === 0) return usage(io, 'no files given (rolecall import --help)');
  if (!values.output) return usage(io, '-o WORKSPACE is required (use -o - for stdout)');
  if (values.account !== undefined && !/^\d{12}$/.test(values.account))
    return usage(io, `--account must be a 12-digit account id, got "${values.account}"`);
  const parameters = keyValues(values.parameter, '--parameter', io, 'import');
  const physicalIds = keyValues(values['physical-id'], '--physical-id', io, 'import');
  if (!parameters || !physicalIds) return 2;

  let base: Workspace | undefined;
  if (values.base) {
    const read = await readBase(io, values.base);
    if (typeof read === 'number') return read;
    base = read;
  }
  const files = await readImportFiles(io, positionals);
  if (typeof files === 'number') return files;
  const { workspace, report } = importFiles(files, {
    accountId: values.account,
    region: values.region,
    partition: values.partition,
    parameters,
    physicalIds,
    base,
  });
  if (values.name) workspace.name = values.name;
  // What was imported, by digest: evaluate and who-can cite these files' lines only while they are unchanged.
  recordSourceDigests(workspace, files, sha256Hex);
  if (report.errors.length > 0) {
    for (const d of report.errors) io.stderr(`${formatDiagnostic(d)}\n`);
    if (format === 'json')
      io.stdout(JSON.stringify({ output: null, summary: summarize(workspace, report), report }, null, 2) + '\n');
    else
      io.stderr(
        `rolecall import: nothing written: ${plural(report.errors.length, 'error')} (fix or leave out the files named above)\n`,
      );
    return 2;
  }
  const text = serializeWorkspace(workspace);
  // The result must load back: a check that an importer bug never writes a workspace the app then refuses.
  const check = parseWorkspaceText(text, values.output);
  if (!check.ok) {
    io.stderr(
      `rolecall import: internal error: the imported workspace does not validate: ${formatDiagnostic(check.errors[0])}\n`,
    );
    return 2;
  }
  if (values.output === '-') {
    io.stdout(text);
    io.stderr(
      format === 'json'
        ? JSON.stringify({ output: '-', summary: summarize(workspace, report), report }) + '\n'
        : reportText(report, null, workspace),
    );
    return 0;
  }
  return saveAndReport(io, 'import', values.output, text, workspace, report, format);
}

/**
 * Writes the workspace `text` atomically to `output` (relative to the working directory), then prints the report
 * (`--format json`: `{ output, summary, report }`); exit status 0, or 2 when the file cannot be written.
 */
export async function saveAndReport(
  io: Io,
  command: string,
  output: string,
  text: string,
  workspace: Workspace,
  report: ImportReport,
  format: string,
): Promise<number> {
  const saved = await saveWorkspaceAtomic(resolve(io.cwd, output), text);
  if (!saved.ok) return usageExit(io, command, `${output}: ${saved.errors[0].message}`);
  if (format === 'json')
    io.stdout(JSON.stringify({ output, summary: summarize(workspace, report), report }, null, 2) + '\n');
  else io.stdout(reportText(report, output, workspace));
  return 0;
}
