/**
 * `rolecall evaluate --workspace W --requests R`: answers each request, in order (CONTRACT.md §4). Any request that
 * cannot be evaluated (wrong shape, unknown action, a resource of the wrong type, an unknown principal) is bad input:
 * exit 2, one line on stderr naming the file, the line/column and the JSON path, and no answers on stdout.
 */
import { UsageError, MAX_REQUEST_FILE_BYTES, TABLE_WIDTH, readJsonFile, table, wrapIndented, type Io } from '../io';
import {
  parseRequest,
  evaluateRequest,
  formatJsonPath,
  locateJsonPath,
  lastSegment,
  matchArn,
  parsePolicyId,
} from '../../policy-engine/index';
import type { Answer, KmsKeySource, Request, StatementTrace } from '../../policy-engine/model/index';
import { auditWorkspace } from '../../policy-engine/analysis/index';
import { suggestFixes } from '../../policy-engine/advice/index';
import {
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  printJson,
  requireOption,
  principalNameOf,
} from './shared';

const help = `Usage: rolecall evaluate --workspace W --requests R [--format json|table] [--now ISO-TIME] [--fixes]

Answers each request in R (a JSON array of requests, docs/formats.md §2; "-" reads standard input) against the workspace W,
and prints the answers in the same order. The table lists each answer, then explains it: AWS's AccessDenied
wording, how Cognito chose the role, what each policy type said, the statements that decided it or nearly
applied (with line and column — in the template or plan an imported W came from, while neither changed since the
import, else in W with a note on stderr — and each condition with the values it compared), missing context keys, and the
undocumented-behaviour settings the answer rests on. --now sets the evaluation time (a request's
aws:CurrentTime takes precedence). --fixes adds, for each denial, what to do: fixes that were checked before they
are shown (the request is then allowed, the audit finds no new high-severity problem, per-user data stays per
user, and the policy that refused is the one changed), or advice when no policy change is the right fix (JSON:
each answer's "advice").

S3 request fields (docs/formats.md §2): "operation" (a multipart upload operation, with "action": "s3:PutObject"),
"objectKmsKeyArn" (the key an existing object is encrypted with) and, for "operation": "UploadPartCopy",
"copySource" (the source object's ARN): the answer then also checks s3:GetObject on the source and kms:Decrypt on
its key when it is SSE-KMS (the "copy source step"; refused there, the answer is refused with AWS's wording for it).

Exit status: 0 answered (whatever the decisions), 2 bad input (nothing is printed on stdout then).

Example:
  rolecall evaluate --workspace examples/demo.rolecall.json --requests examples/requests.json
`;

/** Which request field an engine error code is about (the action, unless the code names the principal or resource). */
function errorField(code: string): 'principal' | 'action' | 'resource' {
  const c = code.toLowerCase();
  if (c.includes('principal')) return 'principal';
  if (c.includes('resource')) return 'resource';
  return 'action';
}

/** Stops with the first problem, saying how many more there are. */
function throwProblems(problems: string[]): void {
  if (problems.length)
    throw new UsageError(problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''));
}

/** Runs `rolecall evaluate`. */
export async function runEvaluate(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    workspace: { type: 'string', short: 'w' },
    requests: { type: 'string', short: 'r' },
    format: { type: 'string' },
    now: { type: 'string' },
    fixes: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const workspaceFile = requireOption(values.workspace, 'workspace');
  const file = requireOption(values.requests, 'requests');
  if (workspaceFile === '-' && file === '-')
    throw new UsageError('--workspace and --requests cannot both read standard input ("-")');
  const format = formatOption(values.format, ['json', 'table'], 'table');
  const now = nowOption(values.now, io);
  const { pw } = await loadPreparedWorkspace(io, workspaceFile, { provenance: true });
  const { value, text } = await readJsonFile(io, file, MAX_REQUEST_FILE_BYTES);
  const isArray = Array.isArray(value);
  const list = isArray ? value : [value];
  const where = (path: (string | number)[]) => {
    const pos = locateJsonPath(text, path);
    return pos ? `${file}:${pos.line}:${pos.column}` : file;
  };
  const problems: string[] = [];
  const requests: Request[] = [];
  list.forEach((item, index) => {
    const checked = parseRequest(item);
    if (checked.ok) {
      requests.push(checked.request);
      return;
    }
    const path = isArray ? [index, ...checked.path] : checked.path;
    problems.push(`${where(path)}: ${formatJsonPath(path) || '(request)'}: ${checked.message}`);
  });
  throwProblems(problems);

  const evaluated = requests.map((request) => evaluateRequest(pw, request, { now, explain: true }));
  const audit =
    values.fixes && evaluated.some((a) => a.decision !== 'allowed') ? auditWorkspace(pw, { now }).findings : [];
  const answers = values.fixes
    ? evaluated.map((a, i) =>
        a.decision === 'allowed' || a.error ? a : { ...a, advice: suggestFixes(pw, requests[i], a, { now, audit }) },
      )
    : evaluated;
  answers.forEach((answer, index) => {
    if (!answer.error) return;
    const path = [...(isArray ? [index] : []), ...(answer.error.path ?? [errorField(answer.error.code)])];
    problems.push(`${where(path)}: ${formatJsonPath(path)}: ${answer.error.message}`);
  });
  throwProblems(problems);

  if (format === 'json') printJson(io, answers);
  else io.stdout(renderAnswers(answers, workspaceFile));
  return 0;
}

/** A short, readable name for a policy id (`ROLE/INLINE`, a managed policy's name, `BUCKET bucket policy`, …). */
export function shortPolicyId(id: string): string {
  const { kind, inlineName, ownerArn: a } = parsePolicyId(id);
  if (!a || a.partition === '' || a.service === '') return id;
  const iam = a.service === 'iam' && a.region === '';
  const name = lastSegment(a.resource);
  if (kind === 'inline' && iam && /^(role|user|group)\//.test(a.resource) && name && inlineName)
    return `${name}/${inlineName}`;
  if (kind === 'trust' && iam && a.resource.startsWith('role/') && name) return `${name} trust policy`;
  if (kind === 'plain' && iam && a.resource.startsWith('policy/') && name) return name;
  if (kind === 'keyPolicy' && a.service === 'kms' && a.resource) return `${a.resource} key policy`;
  if (kind === 'resource' && a.resource) return `${a.resource} resource policy`;
  return id;
}

/**
 * `identity UserFiles/ReadWriteOwnFolder (line 19, col 5)`-style label of a statement; `(FILE, line 62, col 17)` when
 * it is cited in an imported file (a template, a plan), not in the workspace file.
 */
function statementLabel(s: StatementTrace, workspaceFile: string | undefined): string {
  const name = s.sid ? `"${s.sid}"` : `#${s.statementIndex}`;
  return `${s.policyType} ${shortPolicyId(s.policyId)} statement ${s.statementIndex}${s.sid ? ` ${name}` : ''} (${at(s.file, s.start, workspaceFile)})`;
}

/** `line 19, col 5`, after the file's name when it is not the workspace file. */
function at(file: string | undefined, p: { line: number; column: number }, workspaceFile: string | undefined): string {
  const named = file !== undefined && workspaceFile !== undefined && file !== workspaceFile;
  return `${named ? `${file}, ` : ''}line ${p.line}, col ${p.column}`;
}

/** A resource as people say it: `bucket/key` for S3, `table/T` for DynamoDB; the explanation gives the full ARN. */
function shortResource(arn: string): string {
  const a = matchArn(arn, { partition: 'nonEmpty', resource: 'nonEmpty' });
  return a && a.service !== '' ? a.resource : arn;
}

/** Who answered, for the table: the role's name, else the principal's ARN. */
function who(a: Answer): string {
  return principalNameOf(a.roleArn ?? a.principalArn ?? '');
}

/** Where an answer's KMS key comes from, in a few words. */
const kmsKeySource = (k: NonNullable<Answer['kms']>): string => {
  const words: Record<KmsKeySource, string> = {
    bucketDefault: `bucket ${k.bucketArn} is SSE-KMS`,
    requestHeaders: "the request's encryption headers",
    objectKmsKeyArn: `the object's key, objectKmsKeyArn, in ${k.bucketArn}`,
  };
  return words[k.keySource ?? 'bucketDefault'];
};

/** A statement of a step, as the explanation lists it (with its line and column). */
const stepStatement = (m: Answer['matchedStatements'][number], workspaceFile: string | undefined): string =>
  `    ${m.effect === 'Deny' ? '✗ Deny applies' : '✓ Allow applies'}: ${m.policyType} ${shortPolicyId(m.policyId)} statement ${m.statementIndex}${m.sid ? ` "${m.sid}"` : ''} (${at(m.file, m.start, workspaceFile)})`;

/** UploadPartCopy's source-object step: s3:GetObject on the copy source (and its own KMS step), decided. */
function copySourceLines(
  c: NonNullable<Answer['copySource']>,
  answerMessage: string | null,
  workspaceFile: string | undefined,
): string[] {
  const lines = [`copy source step of UploadPartCopy: ${c.action} on ${c.resource}: ${c.decision}`];
  if (c.message && c.message !== answerMessage) lines.push(`    ${c.message}`);
  else if (c.message) lines.push('    (the AccessDenied above is this read of the source object)');
  for (const m of c.matchedStatements) lines.push(stepStatement(m, workspaceFile));
  if (c.kms)
    lines.push(`    its KMS step: ${c.kms.action} on ${c.kms.keyArn} (${kmsKeySource(c.kms)}): ${c.kms.decision}`);
  return lines;
}

/** The explanation lines of one answer (without indentation). */
function explainAnswer(a: Answer, workspaceFile?: string): string[] {
  const lines: string[] = [];
  if (a.error) lines.push(`error: ${a.error.message}`);
  const r = a.resolution;
  if (r) {
    const how =
      r.outcome === 'role'
        ? `role ${a.roleArn} (${r.source ?? '?'}${r.ruleIndex !== undefined ? ` rule #${r.ruleIndex}` : ''}; trust ${r.trust})`
        : `denied${a.roleArn ? ` (role ${a.roleArn}, trust ${r.trust})` : ''}`;
    lines.push(`Cognito: ${how}${a.identityId ? `; identity id ${a.identityId}` : ''}`);
    if (a.token) lines.push(`ID token built for the user: ${JSON.stringify(a.token)}`);
    if (r.error) lines.push(`${r.error.code}: ${r.error.message}`);
    if (r.outcome === 'denied' || r.trust === 'denied') {
      for (const step of r.trace ?? [])
        if (step.status !== 'ok' && step.status !== 'info') lines.push(`  [${step.status}] ${step.message}`);
    }
  }
  if (a.message && !r?.error) lines.push(a.message);
  if (a.policyTypes?.length) {
    lines.push(`policy types: ${a.policyTypes.map((p) => `${p.policyType} ${p.decision}`).join(' · ')}`);
  }
  const statements = a.statements ?? [];
  // Statements that list the action: those that applied, and the near misses with the reason they did not.
  const relevant = statements.filter((s) => s.matched || s.actionMatched);
  const shown = relevant.slice(0, 10);
  for (const s of shown) {
    const mark = s.matched ? (s.effect === 'Deny' ? '✗ Deny applies' : '✓ Allow applies') : '· does not apply';
    lines.push(`${mark}: ${statementLabel(s, workspaceFile)}${s.reason ? ` — ${s.reason}` : ''}`);
    for (const c of s.conditions) {
      const where = c.range ? ` (${at(s.file, c.range.start, workspaceFile)})` : '';
      lines.push(`    ${c.matched ? '✓' : '✗'} ${c.operator} ${c.key}${where}: ${c.reason}`);
    }
    if (s.unresolvedVariables?.length)
      lines.push(`    unresolved policy variables: ${s.unresolvedVariables.join(', ')}`);
  }
  if (relevant.length > shown.length)
    lines.push(`(${relevant.length - shown.length} more statements list the action; --format json has them all)`);
  const skipped = a.skippedStatements ?? [];
  if (!a.error && a.decision !== 'noCredentials' && statements.length > 0 && relevant.length === 0)
    lines.push(
      skipped.length
        ? `no statement that could be evaluated lists ${a.action ?? 'the action'} (${skipped.length} skipped, below)`
        : `no statement lists ${a.action ?? 'the action'}`,
    );
  for (const k of skipped) {
    const where = `${k.file ? `${k.file}, ` : ''}line ${k.start.line}, col ${k.start.column}`;
    const name = `${k.policyType} ${shortPolicyId(k.policyId)} statement ${k.statementIndex}${k.sid ? ` "${k.sid}"` : ''}`;
    lines.push(
      `${k.denyIneffective ? '! skipped Deny (protects nothing)' : 'skipped'}: ${name} (${where}) — ${k.reason}`,
    );
  }
  if (a.kms) {
    const k = a.kms;
    lines.push(
      `KMS step${k.operation ? ` of ${k.operation}` : ''}: ${k.action} on ${k.keyArn} (${kmsKeySource(k)}): ${k.decision}`,
    );
    if (k.note) lines.push(`    ${k.note}`);
    if (k.message && k.message !== a.message) lines.push(`    ${k.message}`);
    if (k.policyTypes?.length)
      lines.push(`    policy types: ${k.policyTypes.map((p) => `${p.policyType} ${p.decision}`).join(' · ')}`);
    for (const m of k.matchedStatements) lines.push(stepStatement(m, workspaceFile));
  }
  if (a.copySource) lines.push(...copySourceLines(a.copySource, a.message, workspaceFile));
  if (a.missingContextKeys.length) lines.push(`missing context keys: ${a.missingContextKeys.join(', ')}`);
  for (const x of a.assumptions) lines.push(`assumption (${x.id}): ${x.text}`);
  for (const n of a.notes ?? []) lines.push(`note: ${n}`);
  for (const text of a.advice?.advice ?? []) lines.push(`what to do: ${text}`);
  for (const fix of a.advice?.fixes ?? []) {
    lines.push(`suggested fix (checked): ${fix.title}`);
    for (const c of fix.changes) lines.push(`    ${JSON.stringify(c.statement)}`);
    lines.push(`    checked: ${fix.checks.join('; ')}`);
  }
  for (const w of a.advice?.withheld ?? []) lines.push(`not suggested: ${w.title} — ${w.reason}`);
  return lines;
}

/** A readable table of answers (fitted to the terminal width), then each answer explained. */
function renderAnswers(answers: Answer[], workspaceFile?: string, width = TABLE_WIDTH): string {
  if (answers.length === 0) return 'no requests\n';
  // One line per answer; the deciding statements, with their policies, lines and conditions, are in the explanation.
  const rows = answers.map((a, i) => [
    a.id ?? String(i),
    a.decision,
    a.action ?? '',
    shortResource(a.resource ?? ''),
    who(a),
  ]);
  let out = table(['id', 'decision', 'action', 'resource', 'role'], rows, { maxWidth: width, shrink: [3, 0, 2] });
  for (const [i, a] of answers.entries()) {
    out += `\n${a.id ?? i} — ${a.decision}: ${a.action ?? ''} on ${a.resource ?? ''}\n`;
    for (const line of explainAnswer(a, workspaceFile)) {
      const indent = '  ' + (/^ +/.exec(line)?.[0] ?? '');
      out += wrapIndented(line.trimStart(), indent, indent + '  ', width).join('\n') + '\n';
    }
  }
  return out;
}
