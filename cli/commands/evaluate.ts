/**
 * `rolecall evaluate --workspace W --requests R`: answers each request, in order (CONTRACT.md §4).
 */
import { UsageError, loadWorkspace, readJsonFile, table, type Io } from '../io';
import { checkRequest } from '../../policy-engine/request-schema';
import { evaluateRequest } from '../../policy-engine/evaluate-request';
import { formatJsonPath, locateJsonPath } from '../../policy-engine/json-text';
import type { Answer, Request } from '../../policy-engine/model/request';
import { formatOption, nowOption, parseOptions, prepare, printJson } from './shared';

const help = `Usage: rolecall evaluate --workspace W --requests R [--format json|table] [--now ISO-TIME]

Answers each request in R (a JSON array of requests, CONTRACT §2; "-" reads standard input) against the workspace W,
and prints the answers in the same order.
`;

/** Runs `rolecall evaluate`. */
export async function runEvaluate(argv: string[], io: Io): Promise<number> {
  const { values } = parseOptions(argv, {
    workspace: { type: 'string', short: 'w' },
    requests: { type: 'string', short: 'r' },
    format: { type: 'string' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  if (!values.workspace) throw new UsageError('--workspace is required');
  if (!values.requests) throw new UsageError('--requests is required');
  const format = formatOption(values.format, ['json', 'table'], 'table');
  const now = nowOption(values.now, io);
  const workspace = await loadWorkspace(io, values.workspace);
  const { value, text } = await readJsonFile(io, values.requests);
  const list = Array.isArray(value) ? value : [value];
  const requests: Request[] = [];
  list.forEach((item, index) => {
    const checked = checkRequest(item);
    if (!checked.ok) {
      const path = Array.isArray(value) ? [index, ...checked.path] : checked.path;
      const pos = locateJsonPath(text, path);
      const where = pos ? `${values.requests}:${pos.line}:${pos.column}` : values.requests!;
      throw new UsageError(`${where}: ${formatJsonPath(path)}: ${checked.message}`);
    }
    requests.push(checked.request);
  });
  const pw = prepare(workspace);
  const answers = requests.map((request) => evaluateRequest(pw, request, { now, explain: true }));
  let status = 0;
  answers.forEach((answer, index) => {
    if (answer.error) {
      const path = Array.isArray(value) ? [index] : [];
      const field = answer.error.code.includes('resource') ? 'resource' : answer.error.code.includes('principal') ? 'principal' : 'action';
      const pos = locateJsonPath(text, [...path, field]);
      const where = pos ? `${values.requests}:${pos.line}:${pos.column}` : values.requests!;
      io.stderr(`rolecall evaluate: ${where}: ${formatJsonPath([...path, field])}: ${answer.error.message}\n`);
      status = 2;
    }
  });
  if (format === 'json') printJson(io, answers);
  else io.stdout(renderAnswers(answers));
  return status;
}

/** A readable table of answers, then each deny's reason. */
export function renderAnswers(answers: Answer[]): string {
  const rows = answers.map((a, i) => [
    a.id ?? String(i),
    a.decision,
    a.action ?? '',
    a.resource ?? '',
    a.roleArn ?? a.principalArn ?? '',
    a.matchedStatements.map((s) => `${s.policyType}:${s.sid ?? '#' + s.statementIndex}@${s.start.line}`).join(', '),
  ]);
  let out = table(['id', 'decision', 'action', 'resource', 'role/principal', 'deciding statements'], rows);
  for (const [i, a] of answers.entries()) {
    const lines: string[] = [];
    if (a.error) lines.push(`error: ${a.error.message}`);
    if (a.resolution?.error) lines.push(`${a.resolution.error.code}: ${a.resolution.error.message}`);
    if (a.message && !a.resolution?.error) lines.push(a.message);
    if (a.missingContextKeys.length) lines.push(`missing context keys: ${a.missingContextKeys.join(', ')}`);
    for (const x of a.assumptions) lines.push(`assumption (${x.id}): ${x.text}`);
    if (lines.length) out += `\n${a.id ?? i}:\n` + lines.map((l) => `  ${l}`).join('\n') + '\n';
  }
  return out;
}
