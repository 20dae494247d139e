/**
 * `rolecall audit`: findings (CONTRACT.md §4–5) as a table, JSON, SARIF 2.1.0 or Markdown; `--fail-on` makes CI fail
 * (exit 1) when a finding at or above the given severity exists.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { UsageError, TABLE_WIDTH, table, wrapIndented, type Io } from '../io';
import type { Workspace } from '../../policy-engine/model/index';
import {
  refineTemplateLocations,
  sourceFiles,
  auditWorkspace,
  hasFindingAtOrAbove,
  FINDING_RULES,
  type Finding,
  type Severity,
  findingsToMarkdown,
  findingsToSarif,
  describeFindingLocation,
  auditToHtml,
  findingsToJunit,
  matrixActions,
  matrixFor,
  type HtmlMatrixRow,
} from '../../policy-engine/analysis/index';
import { evaluateRequest } from '../../policy-engine/index';
import type { PreparedWorkspace } from '../../policy-engine/evaluate/index';
import {
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  printJson,
  requireOption,
  statementText,
} from './shared';

/** The most roles the HTML report draws a matrix for (the page stays readable; `rolecall matrix` has them all). */
const HTML_MATRIX_ROLES = 50;

const help = `Usage: rolecall audit --workspace W [--fail-on high|medium|low]
                      [--format table|json|sarif|markdown|junit|html] [--rule ID]… [--now ISO-TIME]

Findings: what is wrong with the workspace's trust policies, role mappings and permissions, what each one allows,
how to fix it, and where (down to the statement and line). Exit status 1 when a finding at or above --fail-on exists.
--format junit: JUnit XML for CI test reports, one test case per finding (a <failure> when at or above --fail-on,
  or always without it) and one passing case per rule that found nothing.
--format html: one self-contained page, viewable offline: the findings, the access matrix of the workspace's roles
  (the first ${HTML_MATRIX_ROLES}) over its "resources" with the statements that decide each row, and what each rule checks.
Rules: ${FINDING_RULES.map((r) => r.id).join(', ')}
`;

const severities: Severity[] = ['high', 'medium', 'low'];

/** Runs `rolecall audit`. */
export async function runAudit(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    workspace: { type: 'string', short: 'w' },
    'fail-on': { type: 'string' },
    format: { type: 'string' },
    rule: { type: 'string', multiple: true },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const workspaceFile = requireOption(values.workspace, 'workspace');
  const format = formatOption(values.format, ['table', 'json', 'sarif', 'markdown', 'junit', 'html'], 'table');
  const failOn = values['fail-on'];
  if (failOn !== undefined && !severities.includes(failOn as Severity))
    throw new UsageError(`--fail-on must be one of high, medium, low, got "${failOn}"`);
  for (const id of values.rule ?? [])
    if (!FINDING_RULES.some((r) => r.id === id)) throw new UsageError(`--rule: unknown rule "${id}"`);
  const now = nowOption(values.now, io);
  const { pw, text } = await loadPreparedWorkspace(io, workspaceFile);
  const workspace = pw.workspace;
  const audited = auditWorkspace(pw, { now, ...(values.rule ? { rules: values.rule } : {}) });
  for (const e of audited.errors ?? []) io.stderr(`rolecall audit: rule ${e.ruleId} could not run: ${e.message}\n`);
  // Point findings at the statement inside the templates the workspace was imported from, when they can be read.
  const result = { ...audited, findings: refineTemplateLocations(audited.findings, await readSources(io, workspace)) };

  if (format === 'json') printJson(io, { findings: result.findings, summary: result.summary });
  else if (format === 'sarif')
    printJson(
      io,
      findingsToSarif(result.findings, { workspaceFile: repoPath(io, workspaceFile), workspaceText: text }),
    );
  else if (format === 'junit') {
    const rulesRun = FINDING_RULES.filter((r) => !values.rule || values.rule.includes(r.id));
    io.stdout(
      findingsToJunit(result.findings, {
        title: `rolecall audit ${workspaceFile}`,
        rulesRun,
        ruleErrors: audited.errors,
        ...(failOn !== undefined ? { failOn: failOn as Severity } : {}),
      }),
    );
  } else if (format === 'html') {
    io.stdout(
      auditToHtml({
        title: `Rolecall audit of ${workspace.name ?? workspaceFile}`,
        workspaceFile,
        generatedAt: now.toISOString(),
        findings: result.findings,
        rules: FINDING_RULES.filter((r) => !values.rule || values.rule.includes(r.id)),
        ruleErrors: audited.errors,
        matrix: htmlMatrix(pw, now),
      }),
    );
  } else if (format === 'markdown')
    io.stdout(findingsToMarkdown(result.findings, { title: `Rolecall audit of ${workspaceFile}` }));
  else {
    if (result.findings.length > 0) io.stdout(renderFindings(result.findings));
    else io.stdout('No findings.\n');
    io.stdout(`\n${result.summary.high} high, ${result.summary.medium} medium, ${result.summary.low} low\n`);
  }
  return failOn !== undefined && hasFindingAtOrAbove(result.findings, failOn as Severity) ? 1 : 0;
}

/**
 * The matrix the HTML report shows: the first HTML_MATRIX_ROLES roles × every S3 and DynamoDB action × the workspace's
 * resources, each shown row with the statements that decide its allowed and explicitly denied cells (the explained
 * evaluation of each such cell, the same answer `rolecall evaluate` gives).
 */
function htmlMatrix(pw: PreparedWorkspace, now: Date) {
  const resources = pw.workspace.resources ?? [];
  const roles = pw.workspace.iam?.RoleDetailList ?? [];
  const actions = matrixActions(pw, ['s3', 'dynamodb']);
  const rows: HtmlMatrixRow[] = [];
  if (resources.length > 0)
    for (const role of roles.slice(0, HTML_MATRIX_ROLES)) {
      const m = matrixFor(pw, { principal: role.Arn }, actions, resources, { now });
      if (m.error) continue;
      const decidedBy = m.decisions.map((cells, a) => {
        const why = new Set<string>();
        cells.forEach((d, r) => {
          if (d !== 'allowed' && d !== 'explicitDeny') return;
          const answer = evaluateRequest(
            pw,
            { principal: role.Arn, action: actions[a], resource: resources[r] },
            { now, explain: true },
          );
          if (answer.decision !== d) return; // the explained path disagrees: say nothing rather than something wrong
          const effect = d === 'allowed' ? 'Allow' : 'Deny';
          for (const s of answer.matchedStatements) if (s.effect === effect) why.add(statementText(s));
        });
        return [...why];
      });
      rows.push({ subject: role.Arn, roleArn: m.roleArn, decisions: m.decisions, decidedBy });
    }
  return { actions, resources, rows, omitted: Math.max(0, roles.length - HTML_MATRIX_ROLES) };
}

/**
 * The findings as a table that fits `width` columns (the location wraps), then each finding numbered, with its message
 * and fix as indented lines wrapped to the same width.
 */
function renderFindings(findings: Finding[], width = TABLE_WIDTH): string {
  let out = table(
    ['#', 'severity', 'rule', 'where'],
    findings.map((f, i) => [String(i + 1), f.severity, f.ruleId, describeFindingLocation(f.location)]),
    { maxWidth: width, shrink: [2] },
  );
  const indent = (text: string, first: string, rest: string) =>
    wrapIndented(text, first, rest, width).join('\n') + '\n';
  for (const [i, f] of findings.entries()) {
    out += '\n' + indent(`[${f.severity}] ${f.title} (${f.ruleId})`, `${i + 1}. `, '   ');
    out += indent(f.message, '   ', '   ');
    out += indent(`Fix: ${f.fix}`, '   ', '        ');
  }
  return out;
}

/**
 * The template files `workspace.sources` names, read relative to the working directory (where `rolecall import` ran);
 * a file that cannot be read is skipped (its findings keep the resource's line).
 */
async function readSources(io: Io, ws: Workspace): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of sourceFiles(ws)) {
    try {
      out[file] = await readFile(resolvePath(io.cwd, file), 'utf8');
    } catch {
      // unreadable: keep the resource-level location
    }
  }
  return out;
}

/** A path relative to the working directory (the repository root in CI), as code scanning wants; stdin stays "-". */
function repoPath(io: Io, file: string): string {
  if (file === '-' || !isAbsolute(file)) return file;
  const rel = relative(io.cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
