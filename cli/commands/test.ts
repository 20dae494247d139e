/**
 * `rolecall test FILE…`: policy unit tests (CONTRACT.md §4). A test passes when every field given in `expect` equals
 * the answer's field, objects compared as subsets, recursively; a file that cannot run is reported and counted as
 * failed while the other files still run.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { UsageError, formatDiagnostic, readJsonFile, readText, warningLines, type Io } from '../io';
import { parseWorkspaceText } from '../../policy-engine/workspace/index';
import {
  parseRequest,
  findProtoKey,
  evaluateRequest,
  formatJsonPath,
  appendJsonPath,
  locateJsonPath,
  expectationMismatches,
  splitExpectation,
} from '../../policy-engine/index';
import type { Answer, Diagnostic } from '../../policy-engine/model/index';
import { prepareWorkspace } from '../../policy-engine/evaluate/index';
import { junitXml, type JunitSuite } from '../../policy-engine/analysis/index';
import { formatOption, nowOption, parseCommand, printJson } from './shared';

const help = `Usage: rolecall test FILE… [--format table|json|junit] [--now ISO-TIME]

Each FILE is { "workspace": <a workspace, or a path relative to FILE>, "tests": [ { "name", "request", "expect" } ] }.
A test passes when every answer field given in "expect" equals the answer's (objects compared as subsets);
keys of "expect" that are not answer fields (notes, why) are not compared, and are listed. A test fails when its
request cannot be evaluated (unknown action, resource of the wrong type, unknown principal) or "expect" names no
answer field.
--format junit prints JUnit XML for CI test reports: one suite per FILE, one test case per test (a file that cannot
run is one case with an <error>).
Exit status 1 if any test fails or any file cannot run; 2 for bad usage.
`;

interface TestResult {
  name: string;
  pass: boolean;
  expect: unknown;
  actual: Answer | null;
  mismatches?: string[];
  error?: string;
  /** Top-level `expect` keys that are not answer fields (notes, `why`, typos): not compared. */
  ignored?: string[];
}

interface FileResult {
  file: string;
  error?: string;
  tests: TestResult[];
}

/** A workspace file's warnings on stderr (an embedded workspace's text is a re-serialised copy: it cites no lines). */
function printWarnings(io: Io, diagnostics: Diagnostic[] | undefined, file: string): void {
  for (const line of warningLines(diagnostics ?? [], file)) io.stderr(line);
}

/** Runs `rolecall test`. */
export async function runTest(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(
    argv,
    io,
    help,
    { format: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('give at least one test FILE');
  const format = formatOption(values.format, ['json', 'table', 'junit'], 'table');
  const now = nowOption(values.now, io);
  const files: FileResult[] = [];
  for (const file of positionals) files.push(await runFile(io, file, now));
  const passed = files.reduce((n, f) => n + f.tests.filter((t) => t.pass).length, 0);
  const failed = files.reduce((n, f) => n + f.tests.filter((t) => !t.pass).length + (f.error ? 1 : 0), 0);
  if (format === 'json') printJson(io, { passed, failed, files });
  else if (format === 'junit') io.stdout(resultsToJunit(files));
  else io.stdout(renderResults(files, passed, failed));
  return failed > 0 ? 1 : 0;
}

async function runFile(io: Io, file: string, now: Date): Promise<FileResult> {
  let doc: unknown;
  let text: string;
  try {
    ({ value: doc, text } = await readJsonFile(io, file));
  } catch (e) {
    return { file, error: e instanceof Error ? e.message : String(e), tests: [] };
  }
  const proto = findProtoKey(doc);
  if (proto) {
    const pos = locateJsonPath(text, proto);
    return {
      file,
      error: `${file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${formatJsonPath(proto)}: the key "__proto__" is not allowed (it cannot be kept safely)`,
      tests: [],
    };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return { file, error: `${file}: a test file must be a JSON object with "workspace" and "tests"`, tests: [] };
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
  if (typeof workspace === 'string') printWarnings(io, parsed.diagnostics, wsFile);
  // Positions in the file the user wrote: the workspace file, or this test file for an embedded workspace.
  const source = typeof workspace === 'string' ? { text: wsText, file: wsFile } : { text, file, path: ['workspace'] };
  const pw = prepareWorkspace(parsed.value, { source });

  const results: TestResult[] = [];
  tests.forEach((test, index) => {
    const t = (test ?? {}) as { name?: unknown; request?: unknown; expect?: unknown };
    const name = typeof t.name === 'string' ? t.name : `tests[${index}]`;
    const fail = (error: string, actual: Answer | null = null, ignored?: string[]) =>
      results.push({ name, pass: false, expect: t.expect, actual, error, ...(ignored?.length ? { ignored } : {}) });
    const checked = parseRequest(t.request);
    if (!checked.ok) {
      fail(`${checked.path.reduce(appendJsonPath, `tests[${index}].request`)}: ${checked.message}`);
      return;
    }
    // A test must be able to fail: it needs at least one answer field to compare.
    const split = splitExpectation(t.expect);
    if (!split) {
      fail(
        `tests[${index}].expect: must be an object with the answer fields to check (e.g. { "decision": "allowed" })`,
      );
      return;
    }
    const fields = Object.keys(split.compared);
    const answer = evaluateRequest(pw, checked.request, { now, explain: true });
    // A request Rolecall cannot evaluate (unknown action, wrong resource type, unknown principal) fails the test,
    // whatever it expected: otherwise a typo in an action name would pass an "implicitDeny" test.
    if (answer.error) {
      fail(`tests[${index}].request: ${answer.error.message}`, answer, split.ignored);
      return;
    }
    if (fields.length === 0) {
      fail(
        `tests[${index}].expect: names no answer field (${split.ignored.join(', ') || 'empty'}); known fields: decision, roleArn, resolution, matchedStatements, message, …`,
        answer,
        split.ignored,
      );
      return;
    }
    const mismatches = expectationMismatches(split.compared, answer);
    results.push({
      name,
      pass: mismatches.length === 0,
      expect: t.expect,
      actual: answer,
      ...(mismatches.length ? { mismatches } : {}),
      ...(split.ignored.length ? { ignored: split.ignored } : {}),
    });
  });
  return { file, tests: results };
}

/** The results as JUnit XML: one suite per file, one case per test; the failure text is what the table shows. */
function resultsToJunit(files: FileResult[]): string {
  const suites: JunitSuite[] = files.map((f) => ({
    name: f.file,
    cases: [
      ...(f.error
        ? [
            {
              name: 'the file could not run',
              classname: f.file,
              error: { message: f.error, type: 'fileError', text: f.error },
            },
          ]
        : []),
      ...f.tests.map((t) => {
        if (t.pass) return { name: t.name, classname: f.file };
        const lines = [...(t.error ? [t.error] : []), ...(t.mismatches ?? [])];
        if (t.actual?.message) lines.push(`answer: ${t.actual.decision}: ${t.actual.message}`);
        const message = lines[0] ?? 'failed';
        return {
          name: t.name,
          classname: f.file,
          failure: { message, type: t.error ? 'requestError' : 'mismatch', text: lines.join('\n') },
        };
      }),
    ],
  }));
  return junitXml('rolecall test', suites);
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
      if (t.mismatches?.length && t.actual?.message)
        lines.push(`      answer: ${t.actual.decision}: ${t.actual.message}`);
      if (t.ignored?.length)
        lines.push(`      (not compared: ${t.ignored.map((k) => `expect.${k}`).join(', ')} — not answer fields)`);
    }
  }
  lines.push('', `${passed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}
