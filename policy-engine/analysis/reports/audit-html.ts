/**
 * `rolecall audit --format html`: one self-contained page a reviewer opens offline — the findings (what is wrong, what
 * it allows, the fix, where), the access matrix of the workspace's roles with the statements that decide each row, and
 * what every rule checks. Inline style only; no script, no image, no link to anything outside the file (the Content
 * Security Policy forbids loading anything). Every piece of workspace text is escaped.
 */
import type { Finding, Severity } from '../findings/types';
import type { MatrixCell } from '../access-matrix';
import { summarize } from '../findings/index';
import { describeFindingLocation, escapeHtml as esc } from './text-reports';

/** One role's (or identity's) matrix, with the statements that decide each action row. */
export interface HtmlMatrixRow {
  /** Who: a principal ARN, or a description of an identity. */
  subject: string;
  roleArn: string | null;
  /** [action][resource] */
  decisions: MatrixCell[][];
  /** Per action: the statements that allow or deny its cells, in words (empty when none is known). */
  decidedBy?: string[][];
}

/** What the page shows. */
export interface AuditHtmlInput {
  title: string;
  /** Where the workspace came from (shown as text). */
  workspaceFile?: string;
  findings: Finding[];
  /** The rules that ran. */
  rules: { id: string; title: string; severity: Severity; description: string }[];
  ruleErrors?: { ruleId: string; message: string }[];
  matrix?: {
    actions: string[];
    resources: string[];
    rows: HtmlMatrixRow[];
    /** Subjects left out of the page (they are in `rolecall matrix --all-roles`). */
    omitted: number;
  };
  /** When the audit ran (ISO). */
  generatedAt?: string;
}

const SYMBOL: Record<MatrixCell, string> = {
  allowed: '✓',
  explicitDeny: '✗',
  implicitDeny: '·',
  noCredentials: '∅',
  notApplicable: '',
};

const WORDS: Record<MatrixCell, string> = {
  allowed: 'allowed',
  explicitDeny: 'explicit deny',
  implicitDeny: 'implicit deny',
  noCredentials: 'no credentials',
  notApplicable: 'not applicable',
};

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:80rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin-top:1.5rem;word-break:break-all}
.finding{border-left:4px solid #999;padding:.25rem 1rem;margin:1rem 0}.finding h3{margin:.4rem 0}
.high{border-color:#c62828}.medium{border-color:#ef6c00}.low{border-color:#1565c0}
.sev{text-transform:uppercase;font-size:.8em;font-weight:700}.high .sev{color:#c62828}.medium .sev{color:#b35300}.low .sev{color:#1565c0}
code{background:#f3f3f3;padding:0 .2em;word-break:break-all}.where,.note{color:#555}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.15rem .5rem;vertical-align:top;text-align:left}
td.c{text-align:center;font-family:ui-monospace,monospace;min-width:1.4em}td.allowed{background:#e3f3e5}td.explicitDeny{background:#fbe4e4}
td.noCredentials{background:#eee}.why{font-size:.85em;color:#333}ol.res{font-size:.85em}`;

/** The audit as one self-contained HTML page. */
export function auditToHtml(input: AuditHtmlInput): string {
  const s = summarize(input.findings);
  const title = esc(input.title);
  const rulesById = new Map(input.rules.map((r) => [r.id, r]));
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8" />',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`,
    `<title>${title}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body><h1>${title}</h1>`,
  );
  const about = [
    input.workspaceFile ? `Workspace: <code>${esc(input.workspaceFile)}</code>.` : '',
    input.generatedAt ? `Evaluated at ${esc(input.generatedAt)}.` : '',
    'Made by <code>rolecall audit --format html</code>, offline: every decision below is computed from the workspace file alone.',
  ].filter(Boolean);
  parts.push(`<p class="note">${about.join(' ')}</p>`);
  parts.push(
    '<table id="summary"><tr><th>high</th><th>medium</th><th>low</th></tr>',
    `<tr><td>${s.high}</td><td>${s.medium}</td><td>${s.low}</td></tr></table>`,
  );

  // Findings
  parts.push(`<h2 id="findings">Findings (${input.findings.length})</h2>`);
  if (input.findings.length === 0) parts.push('<p>No findings.</p>');
  input.findings.forEach((f, i) => {
    const rule = rulesById.get(f.ruleId);
    parts.push(
      `<article class="finding ${esc(f.severity)}" id="finding-${i + 1}">`,
      `<h3>${i + 1}. <span class="sev">${esc(f.severity)}</span> ${esc(f.title)} <code>${esc(f.ruleId)}</code></h3>`,
      `<p>${esc(f.message)}</p>`,
      `<p><strong>Fix:</strong> ${esc(f.fix)}</p>`,
      `<p class="where"><strong>Where:</strong> ${esc(describeFindingLocation(f.location))}</p>`,
      rule ? `<p class="note"><strong>What the rule checks:</strong> ${esc(rule.description)}</p>` : '',
      '</article>',
    );
  });
  for (const e of input.ruleErrors ?? [])
    parts.push(`<p class="note">Rule <code>${esc(e.ruleId)}</code> could not run: ${esc(e.message)}</p>`);

  // Matrix
  parts.push('<h2 id="matrix">Access matrix</h2>');
  const m = input.matrix;
  if (!m || m.rows.length === 0) {
    parts.push(
      `<p>No matrix: ${!m || m.resources.length === 0 ? 'the workspace lists no "resources"' : 'the workspace has no roles'}.</p>`,
    );
  } else {
    parts.push(
      "<p>What each role may do to the workspace's resources: every S3 and DynamoDB action was evaluated against every resource " +
        '(identity policies, resource policies, permissions boundaries, session policies, SCPs and RCPs, as AWS combines them). ' +
        'Only the actions with at least one allowed or explicitly denied cell are shown; every other applicable cell is an implicit deny. ' +
        'The last column names the statements that decide the row.</p>',
      `<p class="note">Cells: ${(['allowed', 'explicitDeny', 'implicitDeny', 'noCredentials'] as MatrixCell[])
        .map((c) => `${SYMBOL[c]} ${WORDS[c]}`)
        .join(', ')}; blank: not applicable (no resource type of the action fits the resource).</p>`,
      '<p>Resources:</p><ol class="res">',
      ...m.resources.map((r) => `<li><code>${esc(r)}</code></li>`),
      '</ol>',
    );
    if (m.omitted > 0)
      parts.push(
        `<p class="note">${m.rows.length} of ${m.rows.length + m.omitted} roles are shown; <code>rolecall matrix --all-roles</code> prints all of them.</p>`,
      );
    for (const row of m.rows) parts.push(matrixTable(m.actions, m.resources, row));
  }

  // Rules
  parts.push('<h2 id="rules">What was checked</h2>', '<table><tr><th>rule</th><th>severity</th><th>checks</th></tr>');
  for (const r of input.rules)
    parts.push(
      `<tr><td><code>${esc(r.id)}</code></td><td>${esc(r.severity)}</td><td>${esc(r.title)}: ${esc(r.description)}</td></tr>`,
    );
  parts.push('</table>', '</body></html>', '');
  return parts.join('\n');
}

function matrixTable(actions: string[], resources: string[], row: HtmlMatrixRow): string {
  const counts: Partial<Record<MatrixCell, number>> = {};
  for (const cells of row.decisions) for (const d of cells) counts[d] = (counts[d] ?? 0) + 1;
  const out: string[] = [
    `<section class="subject"><h3>${esc(row.subject)}${row.roleArn && row.roleArn !== row.subject ? ` → ${esc(row.roleArn)}` : ''}</h3>`,
    `<p class="note">${Object.entries(counts)
      .map(([k, n]) => `${esc(WORDS[k as MatrixCell])} ${n}`)
      .join(', ')}</p>`,
  ];
  const shown = actions
    .map((a, i) => ({ a, i, cells: row.decisions[i] ?? [] }))
    .filter((x) => x.cells.some((d) => d === 'allowed' || d === 'explicitDeny'));
  if (shown.length === 0) {
    out.push('<p>No action is allowed or explicitly denied on any of these resources.</p></section>');
    return out.join('\n');
  }
  out.push(
    `<table><tr><th>action</th>${resources.map((_, i) => `<th>${i + 1}</th>`).join('')}<th>decided by</th></tr>`,
  );
  for (const x of shown) {
    const cells = x.cells
      .map((d, r) => `<td class="c ${d}" title="${esc(`${x.a} on ${resources[r]}: ${WORDS[d]}`)}">${SYMBOL[d]}</td>`)
      .join('');
    const why = (row.decidedBy?.[x.i] ?? []).map(esc).join('<br />');
    out.push(`<tr><td><code>${esc(x.a)}</code></td>${cells}<td class="why">${why}</td></tr>`);
  }
  out.push('</table></section>');
  return out.join('\n');
}
