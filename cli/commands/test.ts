/**
 * `rolecall test FILE…`: policy unit tests (CONTRACT.md §4). A test passes when every field given in `expect` equals
 * the answer's field, objects compared as subsets, recursively; a file that cannot run is reported and counted as
 * failed while the other files still run.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { UsageError, formatDiagnostic, readJsonFile, readText, type Io } from '../io';
import { parseWorkspaceText } from '../../policy-engine/workspace/schema';
import { checkRequest } from '../../policy-engine/request-schema';
import { evaluateRequest } from '../../policy-engine/evaluate-request';
import { formatJsonPath } from '../../policy-engine/json-text';
import { expectationMismatches } from '../../policy-engine/expect';
import type { Answer } from '../../policy-engine/model/request';
import { formatOption, nowOption, parseOptions, prepare, printJson } from './shared';

const help = `Usage: rolecall test FILE… [--format json|table] [--now ISO-TIME]

Each FILE is { "workspace": <a workspace, or a path relative to FILE>, "tests": [ { "name", "request", "expect" } ] }.
Exit status 1 if any test fails or any file cannot run.
`;

interface TestResult {
  name: string;
  pass: boolean;
  expect: unknown;
  actual: Answer | null;
  mismatches?: string[];
  error?: string;
}

interface FileResult {
  file: string;
  error?: string;
  tests: TestResult[];
}

/** Runs `rolecall test`. */
export async function runTest(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(argv, { format: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('give at least one test FILE');
  const format = formatOption(values.format, ['json', 'table'], 'table');
  const now = nowOption(values.now, io);
  const files: FileResult[] = [];
  for (const file of positionals) files.push(await runFile(io, file, now));
  const passed = files.reduce((n, f) => n + f.tests.filter((t) => t.pass).length, 0);
  const failed = files.reduce((n, f) => n + f.tests.filter((t) => !t.pass).length + (f.error ? 1 : 0), 0);
  if (format === 'json') printJson(io, { passed, failed, files });
  else io.stdout(renderResults(files, passed, failed));
  return failed > 0 ? 1 : 0;
}

async function runFile(io: Io, file: string, now: Date): Promise<FileResult> {
  let doc: unknown;
  try {
    doc = (await readJsonFile(io, file)).value;
  } catch (e) {
    return { file, error: e instanceof Error ? e.message : String(e), tests: [] };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { file, error: `${file}: a test file must be a JSON object with "workspace" and "tests"`, tests: [] };
  const { workspace, tests } = doc as { workspace?: unknown; tests?: unknown };
  if (!Array.isArray(tests)) return { file, error: `${file}: "tests" must be an array`, tests: [] };

  let wsText: string;
  let wsFile: string;
  if (typeof workspace === 'string') {
    wsFile = resolvePath(dirname(resolvePath(io.cwd, file)), workspace);
    try {
      wsText = await readText(io, wsFile);
    } catch (e) {
      return { file, error: `${file}: workspace: ${e instanceof Error ? e.message : String(e)}`, tests: [] };
    }
  } else if (workspace && typeof workspace === 'object') {
    wsFile = `${file}#workspace`;
    wsText = JSON.stringify(workspace, null, 2);
  } else {
    return { file, error: `${file}: "workspace" must be a workspace object or a path`, tests: [] };
  }
  const parsed = parseWorkspaceText(wsText, wsFile);
  if (!parsed.ok) return { file, error: formatDiagnostic(parsed.errors[0], wsFile), tests: [] };
  const pw = prepare(parsed.value);

  const results: TestResult[] = [];
  tests.forEach((test, index) => {
    const t = (test ?? {}) as { name?: unknown; request?: unknown; expect?: unknown };
    const name = typeof t.name === 'string' ? t.name : `tests[${index}]`;
    const checked = checkRequest(t.request);
    if (!checked.ok) {
      results.push({ name, pass: false, expect: t.expect, actual: null, error: `tests[${index}].request${formatJsonPath(checked.path) ? '.' + formatJsonPath(checked.path) : ''}: ${checked.message}` });
      return;
    }
    const answer = evaluateRequest(pw, checked.request, { now, explain: true });
    const mismatches = expectationMismatches(t.expect ?? {}, answer);
    results.push({ name, pass: mismatches.length === 0, expect: t.expect, actual: answer, ...(mismatches.length ? { mismatches } : {}) });
  });
  return { file, tests: results };
}

function renderResults(files: FileResult[], passed: number, failed: number): string {
  const lines: string[] = [];
  for (const f of files) {
    lines.push(f.file);
    if (f.error) lines.push(`  ✗ cannot run: ${f.error}`);
    for (const t of f.tests) {
      lines.push(`  ${t.pass ? '✓' : '✗'} ${t.name}`);
      if (t.error) lines.push(`      ${t.error}`);
      for (const m of t.mismatches ?? []) lines.push(`      ${m}`);
    }
  }
  lines.push('', `${passed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}
