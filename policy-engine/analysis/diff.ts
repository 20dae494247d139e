/**
 * What a change does: every decision that differs between two versions of a workspace, over identity classes
 * (guests, each provider's default, each rule's role, basic flow, each role and user as a principal) × S3/DynamoDB
 * actions × resources — grouped by identity class, explained with the statements responsible, and summed up in a
 * sentence ("this change lets guests of pool app delete objects in arn:aws:s3:::app-uploads/*").
 * The same identity (same claims) is evaluated in both versions, so a moved or edited rule shows up as what it does.
 */
import type { Decision, MatchedStatement } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { evaluateRequest } from '../evaluate-request';
import { matrixActions, matrixFor, type MatrixCell, type MatrixSubject } from './access-matrix';
import { listIdentityClasses, type IdentityClass } from './identity-classes';
import { describeCells, type ActionOnResource } from './describe';

/** One cell whose decision changed. */
export interface CellChange extends ActionOnResource {
  before: MatrixCell;
  after: MatrixCell;
  /** The statements that decided, in each version (absent when not explained: over `maxExplained`). */
  beforeStatements?: MatchedStatement[];
  afterStatements?: MatchedStatement[];
}

/** The changes of one identity class. */
export interface ClassDiff {
  key: string;
  label: string;
  kind: IdentityClass['kind'];
  roleBefore: string | null;
  roleAfter: string | null;
  /** Cells that became allowed. */
  gained: CellChange[];
  /** Cells that stopped being allowed. */
  lost: CellChange[];
  /** Other changes (e.g. implicitDeny → explicitDeny, noCredentials → implicitDeny). */
  other: CellChange[];
  /** One line: "lets … ; stops …". */
  summary: string;
}

/** The diff of two workspace versions. */
export interface WorkspaceDiff {
  actions: string[];
  resources: string[];
  classes: ClassDiff[];
  /** One line per class with a gained or lost cell, worst (gains) first. */
  summary: string[];
  /** Number of changed cells. */
  changedCells: number;
}

/** Options of diffWorkspaces. */
export interface DiffOptions {
  now: Date;
  services?: ('s3' | 'dynamodb')[];
  /** Default: the union of both workspaces' resources. */
  resources?: string[];
  /** Explain at most this many changed cells (default 500); the rest carry decisions only. */
  maxExplained?: number;
}

const isAllowed = (d: MatrixCell) => d === 'allowed';

/** Every decision that changes from `before` to `after`, grouped by identity class. */
export function diffWorkspaces(before: PreparedWorkspace, after: PreparedWorkspace, opts: DiffOptions): WorkspaceDiff {
  const services = opts.services ?? ['s3', 'dynamodb'];
  const actions = [...new Set([...matrixActions(after, services), ...matrixActions(before, services)])];
  const listed = (pw: PreparedWorkspace) =>
    Array.isArray(pw.workspace.resources) ? pw.workspace.resources.filter((r) => typeof r === 'string') : [];
  const resources = opts.resources ?? [...new Set([...listed(before), ...listed(after)])];
  const classes = new Map<string, IdentityClass>();
  for (const c of listIdentityClasses(before, { now: opts.now })) classes.set(c.key, c);
  for (const c of listIdentityClasses(after, { now: opts.now })) classes.set(c.key, c);
  let budget = opts.maxExplained ?? 500;
  let changedCells = 0;
  const out: ClassDiff[] = [];
  for (const c of classes.values()) {
    if (c.shadowedBy !== undefined) continue;
    const b = row(before, c.subject, actions, resources, opts.now);
    const a = row(after, c.subject, actions, resources, opts.now);
    const gained: CellChange[] = [];
    const lost: CellChange[] = [];
    const other: CellChange[] = [];
    actions.forEach((action, i) =>
      resources.forEach((resource, x) => {
        const db = b.decisions[i][x];
        const da = a.decisions[i][x];
        if (db === da) return;
        changedCells++;
        const change: CellChange = { action, resource, before: db, after: da };
        if (budget > 0 && (isAllowed(db) || isAllowed(da))) {
          budget--;
          change.beforeStatements = explain(before, c.subject, action, resource, opts.now, db);
          change.afterStatements = explain(after, c.subject, action, resource, opts.now, da);
        }
        (isAllowed(da) ? gained : isAllowed(db) ? lost : other).push(change);
      }),
    );
    if (gained.length + lost.length + other.length === 0) continue;
    out.push({
      key: c.key,
      label: c.label,
      kind: c.kind,
      roleBefore: b.roleArn,
      roleAfter: a.roleArn,
      gained,
      lost,
      other,
      summary: sentence(after, c.label, gained, lost, other),
    });
  }
  out.sort((x, y) => (y.gained.length > 0 ? 1 : 0) - (x.gained.length > 0 ? 1 : 0));
  return {
    actions,
    resources,
    classes: out,
    summary: out.filter((d) => d.gained.length + d.lost.length > 0).map((d) => d.summary),
    changedCells,
  };
}

/** A subject's decisions in one workspace; a subject the workspace cannot evaluate (a role it lacks) gets no credentials. */
function row(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  actions: string[],
  resources: string[],
  now: Date,
): { roleArn: string | null; decisions: MatrixCell[][] } {
  const r = matrixFor(pw, subject, actions, resources, { now });
  if (r.error || r.decisions.length !== actions.length)
    return { roleArn: r.roleArn, decisions: actions.map(() => resources.map(() => 'noCredentials' as Decision)) };
  return { roleArn: r.roleArn, decisions: r.decisions };
}

function explain(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  action: string,
  resource: string,
  now: Date,
  d: MatrixCell,
): MatchedStatement[] {
  if (d === 'notApplicable' || d === 'noCredentials') return [];
  const req =
    subject.principal !== undefined
      ? { principal: subject.principal, action, resource }
      : { identity: subject.identity!, action, resource };
  const answer = evaluateRequest(pw, req, { now, explain: true });
  return answer.matchedStatements;
}

/** "This change lets guests of pool app delete objects in … and no longer lets them …". */
function sentence(
  pw: PreparedWorkspace,
  label: string,
  gained: ActionOnResource[],
  lost: ActionOnResource[],
  other: CellChange[],
): string {
  const parts: string[] = [];
  if (gained.length > 0) parts.push(`lets ${label} ${describeCells(pw.catalog, gained)}`);
  if (lost.length > 0)
    parts.push(
      `${gained.length > 0 ? 'and no longer lets them' : `no longer lets ${label}`} ${describeCells(pw.catalog, lost)}`,
    );
  if (parts.length === 0)
    parts.push(
      `changes how ${label} are refused for ${other.length} request(s) (e.g. ${other[0].action} on ${other[0].resource}: ${other[0].before} → ${other[0].after})`,
    );
  return `This change ${parts.join(' ')}.`;
}
