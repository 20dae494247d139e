/**
 * `rolecall matrix`: every S3 and DynamoDB action × resources, for each principal or identity (CONTRACT.md §4).
 */
import { TABLE_WIDTH, UsageError, readJsonArgument, table, type Io } from '../io';
import { principalFromArn } from '../../policy-engine/evaluate/index';
import { writeMatrixJson } from '../matrix-json';
import { writeMatrixCsv } from '../matrix-csv';
import { checkIdentity, formatJsonPath } from '../../policy-engine/index';
import {
  listIdentityClasses,
  selectClasses,
  matrixFor,
  matrixActions,
  type IdentityClass,
  type MatrixSubject,
  type MatrixRow,
} from '../../policy-engine/analysis/index';
import { resolveIdentity } from '../../policy-engine/cognito/index';
import {
  chainNames,
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  requireOption,
  servicesOption,
} from './shared';

/** An ARN, possibly with * or ? wildcards (the matrix's resources may stand for "any such resource"), or "*". */
const RESOURCE = /^(\*|arn:[a-z*][a-z0-9*-]*:[a-z0-9*-]+:[^:]*:[^:]*:.+)$/;

const help = `Usage: rolecall matrix --workspace W (--principal ARN | --identity I | --class C | --all-roles)… [--resource ARN]…
                       [--service s3,dynamodb] [--format json|csv|table] [--now ISO-TIME]

Every S3 and DynamoDB action × the resources (default: the workspace's "resources") for each principal or identity.
Cells: allowed, explicitDeny, implicitDeny, noCredentials, notApplicable (no resource type of the action fits the ARN).
A cell allowed only through role chaining (the subject's session may sts:AssumeRole a role that is allowed) is marked
⇢ in the table, with the chain below (roles by name, an IAM user as "user NAME"); in JSON each principal lists them
in "viaChain" ({action, resource, chain}), and chains through roles the workspace does not hold in
"chainsLeavingWorkspace". CSV: one line per cell,
subject,roleArn,action,resource,decision, then viaChain (the chain, role ARNs joined with " → ") and
chainsLeavingWorkspace (on cells refused in the workspace, the chains that leave it, joined with "; ").
  --class C   an identity class, as who-can lists them; for a user pool the workspace holds: "signup" (anyone who
              signs up, when self sign-up is open), "group:NAME" (members of group NAME), "sets:ATTR" (users who set
              ATTR themselves, where a rule keys on it and an app client lets users write it); or any class key that
              "rolecall who-can --format json" prints. Each is evaluated as the user of the ID token Cognito would issue;
              in JSON its row has "class" (the class in words) beside "identity".
`;

const symbols: Record<string, string> = {
  allowed: '✓',
  explicitDeny: '✗',
  implicitDeny: '·',
  noCredentials: '∅',
  notApplicable: ' ',
};

/** The table's chain lines: each chain once with the cells it opens, then the chains that leave the workspace. */
function chainLines(r: MatrixRow, actions: string[]): string {
  const byChain = new Map<string, string[]>();
  for (const c of r.chains?.cells ?? []) {
    const k = chainNames(c.chain);
    const l = byChain.get(k) ?? [];
    l.push(`${actions[c.action]} [${c.resource + 1}]`);
    byChain.set(k, l);
  }
  let out = '';
  for (const [chain, cells] of byChain)
    out += `  ⇢ through the role chain ${chain}: ${cells.length > 8 ? `${cells.slice(0, 8).join(', ')} and ${cells.length - 8} more` : cells.join(', ')}\n`;
  for (const chain of r.chains?.leaving ?? [])
    out += `  ⇢ the role chain ${chainNames(chain)} leaves the workspace: ${chain[chain.length - 1]} is not in it, so what it may do is unknown\n`;
  return out;
}

/** Runs `rolecall matrix`. */
type Tokens = NonNullable<ReturnType<typeof parseCommand>>['tokens'];
type Prepared = Awaited<ReturnType<typeof loadPreparedWorkspace>>['pw'];

/** The subjects in command-line order (the flags repeat), with the class label of each that came from --class. */
async function readSubjects(
  io: Io,
  pw: Prepared,
  tokens: Tokens,
  allRoles: boolean,
  now: Date,
): Promise<{ subjects: MatrixSubject[]; labels: Map<number, string> }> {
  const subjects: MatrixSubject[] = [];
  const labels = new Map<number, string>();
  let classes: IdentityClass[] | undefined;
  let identityCount = 0;
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'principal') subjects.push({ principal: token.value });
    if (token.name === 'identity') {
      identityCount++;
      const checked = checkIdentity(await readJsonArgument(io, token.value, `--identity #${identityCount}`));
      if (!checked.ok)
        throw new UsageError(
          `--identity #${identityCount}: ${formatJsonPath(checked.path) || '(identity)'}: ${checked.message}`,
        );
      subjects.push({ identity: checked.identity });
    }
    if (token.name === 'class') {
      classes ??= listIdentityClasses(pw, { now, principals: false, userPools: true });
      const picked = selectClasses(classes, token.value);
      if (!picked.ok) throw new UsageError(`--class ${token.value}: ${picked.message}`);
      for (const c of picked.classes) {
        labels.set(subjects.length, c.label);
        subjects.push(c.subject);
      }
    }
  }
  if (allRoles) for (const role of pw.workspace.iam?.RoleDetailList ?? []) subjects.push({ principal: role.Arn });
  if (subjects.length === 0) throw new UsageError('give at least one --principal, --identity, --class or --all-roles');
  return { subjects, labels };
}

/** The columns: --resource (each an ARN) or the workspace's "resources". */
function readResources(pw: Prepared, given: string[] | undefined): string[] {
  const resources = given ?? pw.workspace.resources ?? [];
  if (resources.length === 0)
    throw new UsageError('no resources: give --resource or list "resources" in the workspace');
  for (const r of given ?? []) {
    if (!RESOURCE.test(r))
      throw new UsageError(
        `--resource: "${r}" is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, e.g. arn:aws:s3:::bucket/*)`,
      );
  }
  return resources;
}

/** Every principal is checked before anything is written: the JSON and CSV are streamed, and must never stop half-way. */
function checkPrincipals(pw: Prepared, subjects: MatrixSubject[]): void {
  for (const subject of subjects) {
    if (subject.principal === undefined) continue;
    const p = principalFromArn(pw, subject.principal);
    if (!p.ok) throw new UsageError(`${subject.principal}: ${p.error.message}`);
  }
}

/** What the table shows: one row per subject, with its role chains. */
function matrixRows(pw: Prepared, subjects: MatrixSubject[], actions: string[], resources: string[], now: Date) {
  const rows: MatrixRow[] = [];
  const chainRows = new Map<string, MatrixRow['decisions']>();
  for (const subject of subjects) {
    const row = matrixFor(pw, subject, actions, resources, { now, chains: true, chainRows });
    if (row.error) throw new UsageError(`${subject.principal ?? 'identity'}: ${row.error}`);
    rows.push(row);
  }
  return rows;
}

/** The table's heading of a row: the principal, or the identity (or class) and the role it gets, then the counts. */
function rowHeading(r: MatrixRow, label: string | undefined): string {
  const who =
    r.subject.principal ??
    (label
      ? `${label} → ${r.roleArn ?? 'no credentials'}`
      : `identity ${r.subject.identity?.provider ?? 'guest'} of ${r.subject.identity?.identityPoolId} → ${r.roleArn ?? 'no credentials'}`);
  const counts: Record<string, number> = {};
  for (const cells of r.decisions) for (const d of cells) counts[d] = (counts[d] ?? 0) + 1;
  return `\n${who}\n  ${Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}\n`;
}

/** One subject's part of the table: heading, why an identity gets its role, the cells, the legend and the chains. */
function writeTableRow(
  io: Io,
  pw: Prepared,
  r: MatrixRow,
  label: string | undefined,
  actions: string[],
  resources: string[],
  now: Date,
) {
  io.stdout(rowHeading(r, label));
  if (r.subject.identity) {
    // Why this identity gets this role (or none): the same resolution `rolecall resolve` shows.
    const res = resolveIdentity(pw, r.subject.identity, { now, explain: false });
    if (res.resolution.error) io.stdout(`  ${res.resolution.error.code}: ${res.resolution.error.message}\n`);
    for (const a of res.assumptions) io.stdout(`  assumption (${a.id}): ${a.text}\n`);
  }
  const viaChain = new Map((r.chains?.cells ?? []).map((c) => [c.action * resources.length + c.resource, c]));
  const body = actions
    .map((a, i) => ({ a, i, cells: r.decisions[i] }))
    .filter((x) => x.cells.some((d) => d !== 'notApplicable'))
    .map((x) => [x.a, ...x.cells.map((d, j) => (viaChain.has(x.i * resources.length + j) ? '⇢' : (symbols[d] ?? d)))]);
  io.stdout(table(['action', ...resources.map((_, i) => `[${i + 1}]`)], body, { maxWidth: TABLE_WIDTH }));
  io.stdout(
    `  ✓ allowed  ✗ explicit deny  · implicit deny  ∅ no credentials  (blank: not applicable)${viaChain.size ? '  ⇢ allowed only through a role chain' : ''}\n`,
  );
  io.stdout(chainLines(r, actions));
}

export async function runMatrix(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    workspace: { type: 'string', short: 'w' },
    principal: { type: 'string', multiple: true },
    identity: { type: 'string', multiple: true },
    class: { type: 'string', multiple: true },
    'all-roles': { type: 'boolean' },
    resource: { type: 'string', multiple: true },
    service: { type: 'string' },
    format: { type: 'string' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values, tokens } = parsed;
  const workspaceFile = requireOption(values.workspace, 'workspace');
  const format = formatOption(values.format, ['json', 'csv', 'table'], 'table');
  const now = nowOption(values.now, io);
  const services = servicesOption(values.service, (s) => `--service: unknown service "${s}" (s3, dynamodb)`);
  const { pw, text: workspaceText } = await loadPreparedWorkspace(io, workspaceFile);
  const { subjects, labels } = await readSubjects(io, pw, tokens, values['all-roles'] === true, now);
  const resources = readResources(pw, values.resource);
  const actions = matrixActions(pw, services);
  if (format === 'json') {
    checkPrincipals(pw, subjects);
    const source = { text: workspaceText, file: workspaceFile };
    await writeMatrixJson(io, pw, source, subjects, actions, resources, now, labels);
    return 0;
  }
  if (format === 'csv') {
    checkPrincipals(pw, subjects);
    writeMatrixCsv(io, pw, subjects, actions, resources, now);
    return 0;
  }
  const rows = matrixRows(pw, subjects, actions, resources, now);
  io.stdout(`columns:\n${resources.map((res, i) => `  [${i + 1}] ${res}`).join('\n')}\n`);
  for (const [i, r] of rows.entries()) writeTableRow(io, pw, r, labels.get(i), actions, resources, now);
  return 0;
}
