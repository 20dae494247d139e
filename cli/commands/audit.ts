/**
 * `rolecall audit`: findings (CONTRACT.md §4–5) as a table, JSON, SARIF 2.1.0 or Markdown; `--fail-on` makes CI fail
 * (exit 1) when a finding at or above the given severity exists.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { UsageError, TABLE_WIDTH, readText, parseWorkspaceOrThrow, table, wrapIndented, type Io } from '../io';
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
} from '../../policy-engine/analysis/index';
import { prepareWorkspace } from '../../policy-engine/evaluate/index';
import { formatOption, nowOption, parseCommand, printJson, requireOption } from './shared';

const help = `Usage: rolecall audit --workspace W [--fail-on high|medium|low] [--format table|json|sarif|markdown]
                      [--rule ID]… [--now ISO-TIME]

Findings: what is wrong with the workspace's trust policies, role mappings and permissions, what each one allows,
how to fix it, and where (down to the statement and line). Exit status 1 when a finding at or above --fail-on exists.
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
  const format = formatOption(values.format, ['table', 'json', 'sarif', 'markdown'], 'table');
  const failOn = values['fail-on'];
  if (failOn !== undefined && !severities.includes(failOn as Severity))
    throw new UsageError(`--fail-on must be one of high, medium, low, got "${failOn}"`);
  for (const id of values.rule ?? [])
    if (!FINDING_RULES.some((r) => r.id === id)) throw new UsageError(`--rule: unknown rule "${id}"`);
  const now = nowOption(values.now, io);
  const text = await readText(io, workspaceFile);
  const workspace = parseWorkspaceOrThrow(text, workspaceFile);
  const audited = auditWorkspace(prepareWorkspace(workspace), { now, ...(values.rule ? { rules: values.rule } : {}) });
  for (const e of audited.errors ?? []) io.stderr(`rolecall audit: rule ${e.ruleId} could not run: ${e.message}\n`);
  // Point findings at the statement inside the templates the workspace was imported from, when they can be read.
  const result = { ...audited, findings: refineTemplateLocations(audited.findings, await readSources(io, workspace)) };

  if (format === 'json') printJson(io, { findings: result.findings, summary: result.summary });
  else if (format === 'sarif')
    printJson(
      io,
      findingsToSarif(result.findings, { workspaceFile: repoPath(io, workspaceFile), workspaceText: text }),
    );
  else if (format === 'markdown')
    io.stdout(findingsToMarkdown(result.findings, { title: `Rolecall audit of ${workspaceFile}` }));
  else {
    if (result.findings.length > 0) io.stdout(renderFindings(result.findings));
    else io.stdout('No findings.\n');
    io.stdout(`\n${result.summary.high} high, ${result.summary.medium} medium, ${result.summary.low} low\n`);
  }
  return failOn !== undefined && hasFindingAtOrAbove(result.findings, failOn as Severity) ? 1 : 0;
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
