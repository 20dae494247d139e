/**
 * Findings for people: Markdown (PR comments, READMEs), a self-contained HTML page (everything escaped, no external
 * resources), CSV for spreadsheets — and the access matrix as CSV.
 */
import type { Finding, FindingLocation } from '../findings/types';
import type { MatrixCell, MatrixSubject } from '../access-matrix';
import { summarize } from '../findings/index';

/** "role arn:…, policy …#inline/X, statement 0, line 4:5". */
export function describeFindingLocation(l: FindingLocation): string {
  const parts: string[] = [];
  if (l.kind === 'identityPool') {
    parts.push(`identity pool ${l.identityPoolId ?? ''}`);
    if (l.provider !== undefined) parts.push(`role mapping ${l.provider}`);
    if (l.ruleIndex !== undefined) parts.push(`rule ${l.ruleIndex}`);
  } else if (l.kind === 'userPool') {
    parts.push(`user pool ${l.userPoolId ?? ''}`);
    if (l.clientId !== undefined) parts.push(`app client ${l.clientId}`);
    if (l.groupName !== undefined) parts.push(`group ${l.groupName}`);
  } else {
    parts.push(
      `${l.kind === 'resourcePolicy' ? 'resource policy of' : l.kind} ${l.kind === 'resourcePolicy' ? l.resourceArn : l.arn}`,
    );
    if (l.policyId && l.policyId !== l.arn) parts.push(`policy ${l.policyId}`);
    if (l.startInFile && l.file && l.start) {
      // The place in the user's own file (workspace/source-map), as an editor opens it: FILE:LINE:COLUMN.
      parts.push(
        `${l.statementIndex !== undefined ? `statement ${l.statementIndex} ` : ''}at ${l.file}:${l.start.line}:${l.start.column}`,
      );
      return parts.join(', ');
    }
    if (l.statementIndex !== undefined)
      parts.push(
        `statement ${l.statementIndex}${l.start ? ` (line ${l.start.line}, column ${l.start.column} of the policy)` : ''}`,
      );
    else if (l.start) parts.push(`line ${l.start.line}, column ${l.start.column} of the policy`);
  }
  // A pool's `start` is a position in its source file; a policy's is a position in the policy text.
  const src = l.source;
  if (src?.file && src.line !== undefined) parts.push(`at ${src.file}:${src.line}:${src.column ?? 1}`);
  else if (l.file)
    parts.push(
      `in ${l.file}${(l.kind === 'identityPool' || l.kind === 'userPool') && l.start ? `:${l.start.line}:${l.start.column}` : ''}`,
    );
  else if ((l.kind === 'identityPool' || l.kind === 'userPool') && l.start)
    parts.push(`line ${l.start.line}, column ${l.start.column}`);
  return parts.join(', ');
}

/** Escapes text for Markdown (inline): backslash-escapes the characters that would format or form HTML. */
function md(s: string): string {
  return s.replace(/([\\`*_{}[\]<>()#+!|])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Findings as a Markdown report. */
export function findingsToMarkdown(findings: Finding[], opts: { title?: string } = {}): string {
  const s = summarize(findings);
  const lines = [
    `# ${md(opts.title ?? 'Rolecall audit')}`,
    '',
    '| high | medium | low |',
    '| ---: | ---: | ---: |',
    `| ${s.high} | ${s.medium} | ${s.low} |`,
    '',
  ];
  if (findings.length === 0) lines.push('No findings.', '');
  findings.forEach((f, i) => {
    lines.push(
      `## ${i + 1}. [${f.severity.toUpperCase()}] ${md(f.title)} (\`${f.ruleId}\`)`,
      '',
      md(f.message),
      '',
      `**Fix:** ${md(f.fix)}`,
      '',
      `**Where:** ${md(describeFindingLocation(f.location))}`,
      '',
    );
  });
  return lines.join('\n');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Findings as one self-contained HTML page (inline style, no scripts, no external resources; all text escaped). */
export function findingsToHtml(findings: Finding[], opts: { title?: string } = {}): string {
  const s = summarize(findings);
  const title = escapeHtml(opts.title ?? 'Rolecall audit');
  const rows = findings
    .map(
      (f) => `<article class="finding ${f.severity}">
<h2><span class="sev">${escapeHtml(f.severity)}</span> ${escapeHtml(f.title)} <code>${escapeHtml(f.ruleId)}</code></h2>
<p>${escapeHtml(f.message)}</p>
<p><strong>Fix:</strong> ${escapeHtml(f.fix)}</p>
<p class="where"><strong>Where:</strong> ${escapeHtml(describeFindingLocation(f.location))}</p>
</article>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}.finding{border-left:4px solid #999;padding:.25rem 1rem;margin:1rem 0}
.high{border-color:#c62828}.medium{border-color:#ef6c00}.low{border-color:#1565c0}.sev{text-transform:uppercase;font-size:.8em}code{background:#f3f3f3;padding:0 .2em}
.where{color:#555}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}</style></head>
<body><h1>${title}</h1>
<table><tr><th>high</th><th>medium</th><th>low</th></tr><tr><td>${s.high}</td><td>${s.medium}</td><td>${s.low}</td></tr></table>
${findings.length === 0 ? '<p>No findings.</p>' : rows}
</body></html>
`;
}

/** One CSV field: quoted when needed; a leading = + @ or control character is neutralised (spreadsheet formulas). */
export function csvField(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: unknown[]) => cells.map(csvField).join(',');

/** Findings as CSV, one row per finding. */
export function findingsToCsv(findings: Finding[]): string {
  const header = [
    'severity',
    'ruleId',
    'title',
    'kind',
    'entity',
    'policyId',
    'statementIndex',
    'provider',
    'ruleIndex',
    'line',
    'column',
    'file',
    'message',
    'fix',
  ];
  const rows = findings.map((f) => {
    const l = f.location;
    return csvLine([
      f.severity,
      f.ruleId,
      f.title,
      l.kind,
      l.arn ?? l.resourceArn ?? l.identityPoolId ?? '',
      l.policyId,
      l.statementIndex,
      l.provider,
      l.ruleIndex,
      l.start?.line,
      l.start?.column,
      l.file,
      f.message,
      f.fix,
    ]);
  });
  return [csvLine(header), ...rows].join('\n') + '\n';
}

/** The access matrix as `rolecall matrix --format json` prints it. */
export interface MatrixDocument {
  actions: string[];
  resources: string[];
  principals: (MatrixSubject & {
    roleArn: string | null;
    decisions: MatrixCell[][];
    /** Cells allowed only to a role the subject reaches by chaining, each with its shortest chain. */
    viaChain?: { action: string; resource: string; chain: string[] }[];
    /** Chains that lead to a role the workspace does not hold (what it may do is unknown). */
    chainsLeavingWorkspace?: string[][];
  })[];
}

/** The columns of the matrix CSV: the first five as they always were, then the two chain columns. */
const MATRIX_CSV_COLUMNS = [
  'subject',
  'roleArn',
  'action',
  'resource',
  'decision',
  'viaChain',
  'chainsLeavingWorkspace',
] as const;

/**
 * The access matrix as CSV, one row per cell. The first five columns (subject, roleArn, action, resource, decision)
 * are unchanged; two were added after them, so readers by position or by name keep working:
 * - `viaChain`: a cell not allowed to the subject itself but allowed to a role it reaches by chaining
 *   (sts:AssumeRole hops) names the shortest such chain, its roles joined with " → " (the table's ⇢, the JSON's
 *   viaChain);
 * - `chainsLeavingWorkspace`: a cell refused directly and through every chain in the workspace names the chains that
 *   lead to a role the workspace does not hold, joined with "; " (what that role may do is unknown).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
export function matrixToCsv(m: MatrixDocument): string {
  return [...matrixCsvLines(m)].join('');
}

/**
 * The same CSV line by line (each ending in a newline), reading `principals` as it goes: `rolecall matrix --format
 * csv` computes each subject's row only when its lines are wanted and writes them in chunks, so a matrix of every role
 * of a large account is never one string.
 */
export function* matrixCsvLines(
  m: Omit<MatrixDocument, 'principals'> & { principals: Iterable<MatrixDocument['principals'][number]> },
): Generator<string> {
  yield csvLine([...MATRIX_CSV_COLUMNS]) + '\n';
  for (const p of m.principals) {
    const who = p.principal ?? JSON.stringify(p.identity);
    const via = new Map((p.viaChain ?? []).map((c) => [`${c.action}\u0000${c.resource}`, c.chain.join(' → ')]));
    const leaving = (p.chainsLeavingWorkspace ?? []).map((c) => c.join(' → ')).join('; ');
    for (const [a, cells] of p.decisions.entries())
      for (const [x, d] of cells.entries()) {
        const chain = via.get(`${m.actions[a]}\u0000${m.resources[x]}`) ?? '';
        const open = chain === '' && (d === 'implicitDeny' || d === 'explicitDeny');
        yield csvLine([who, p.roleArn ?? '', m.actions[a], m.resources[x], d, chain, open ? leaving : '']) + '\n';
      }
  }
}
