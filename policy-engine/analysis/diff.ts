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
import { checkIsolation, perUserStores, type IsolationBreak, type PerUserStore } from '../prove/index';
import { groupByCause, type ChangeGroup, type ClassCells } from './diff-causes';

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

/**
 * Cross-user isolation that a change breaks (or restores) for one identity class and one per-user store: the class
 * can (or no longer can) reach data that belongs to another identity. The witness is a request the engine answers
 * `allowed` in the version that allows it: the caller's identity id differs from the data owner's.
 */
export interface IsolationChange {
  classKey: string;
  who: string;
  kind: IdentityClass['kind'];
  roleArn: string | null;
  store: PerUserStore;
  access: ('read' | 'write')[];
  actions: string[];
  ownerId: string;
  callerId: string;
  witness: IsolationBreak['witness'];
  /** One line: "users of … (role AppUser) can now read and write data that belongs to another identity in …". */
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
  /**
   * The changed cells grouped by cause (diff-causes.ts): one group per reason — the trust statement that now refuses,
   * the statement that now allows or denies, … — with counts and the classes it changes. The per-class lists above
   * hold every cell.
   */
  groups: ChangeGroup[];
  /**
   * Cross-user isolation: per identity class and per-user store (found in either version), what the change breaks
   * and what it restores. Classes whose role is an operator's by design (a cognito:groups rule whose role scopes
   * nothing per user) are left out. Empty when isolation is unchanged.
   */
  isolation: { broken: IsolationChange[]; restored: IsolationChange[]; complete: boolean };
}

/** Options of diffWorkspaces. */
export interface DiffOptions {
  now: Date;
  services?: ('s3' | 'dynamodb')[];
  /** Default: the union of both workspaces' resources. */
  resources?: string[];
  /** Explain at most this many changed cells (default 500); the rest carry decisions only. */
  maxExplained?: number;
  /** Check cross-user isolation in both versions (default true). */
  isolation?: boolean;
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
  const byClass: ClassCells[] = [];
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
        if (budget > 0 && (isAllowed(db) || isAllowed(da) || db === 'explicitDeny' || da === 'explicitDeny')) {
          budget--;
          change.beforeStatements = explain(before, c.subject, action, resource, opts.now, db);
          change.afterStatements = explain(after, c.subject, action, resource, opts.now, da);
        }
        (isAllowed(da) ? gained : isAllowed(db) ? lost : other).push(change);
      }),
    );
    if (gained.length + lost.length + other.length === 0) continue;
    byClass.push({ label: c.label, subject: c.subject, cells: [...gained, ...lost, ...other] });
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
  const isolation =
    opts.isolation === false ? { broken: [], restored: [], complete: true } : isolationDiff(before, after, opts.now);
  return {
    actions,
    resources,
    classes: out,
    summary: [
      ...isolation.broken.map((c) => c.summary),
      ...out.filter((d) => d.gained.length + d.lost.length > 0).map((d) => d.summary),
      ...isolation.restored.map((c) => c.summary),
    ],
    changedCells,
    groups: groupByCause(before, after, byClass, opts.now),
    isolation,
  };
}

/**
 * Isolation in both versions over the per-user stores of both (a store one version no longer names per user is
 * still per-user data): the breaks only the after-version has, and those only the before-version had.
 */
function isolationDiff(before: PreparedWorkspace, after: PreparedWorkspace, now: Date): WorkspaceDiff['isolation'] {
  const b = checkIsolation(before, { now, extraStores: perUserStores(after) });
  const a = checkIsolation(after, { now, extraStores: perUserStores(before) });
  const key = (x: IsolationBreak) =>
    `${x.classKey}\u0000${x.store.kind} ${x.store.pattern}\u0000${x.action} ${x.resource}`;
  const only = (xs: IsolationBreak[], ys: IsolationBreak[]) => {
    const other = new Set(ys.filter((y) => !y.operator).map(key));
    return xs.filter((x) => !x.operator && !other.has(key(x)));
  };
  return {
    broken: groupBreaks(only(a.breaks, b.breaks), 'broken'),
    restored: groupBreaks(only(b.breaks, a.breaks), 'restored'),
    complete: a.complete && b.complete,
  };
}

function groupBreaks(breaks: IsolationBreak[], how: 'broken' | 'restored'): IsolationChange[] {
  const groups = new Map<string, IsolationChange>();
  for (const x of breaks) {
    const k = `${x.classKey}\u0000${x.store.kind} ${x.store.pattern}`;
    let g = groups.get(k);
    if (!g) {
      g = {
        classKey: x.classKey,
        who: x.who,
        kind: x.kind,
        roleArn: x.roleArn,
        store: x.store,
        access: [],
        actions: [],
        ownerId: x.ownerId,
        callerId: x.callerId,
        witness: x.witness,
        summary: '',
      };
      groups.set(k, g);
    }
    if (!g.access.includes(x.access)) g.access.push(x.access);
    if (!g.actions.includes(x.action)) g.actions.push(x.action);
  }
  for (const g of groups.values()) {
    const role = g.roleArn ? ` (role ${g.roleArn.slice(g.roleArn.lastIndexOf('/') + 1)})` : '';
    const what = g.access.includes('read') && g.access.includes('write') ? 'read and write' : g.access.join(' and ');
    const where = g.store.kind === 's3' ? g.store.pattern : `${g.store.container} (partition key = the identity id)`;
    g.summary =
      how === 'broken'
        ? `This change breaks cross-user isolation: ${g.who}${role} can now ${what} data that belongs to another identity in ${where} (${g.actions.join(', ')}); e.g. identity ${g.callerId} can ${g.witness.request.action} on ${g.witness.request.resource}${g.witness.request.context ? ` with ${JSON.stringify(g.witness.request.context)}` : ''}, which belongs to ${g.ownerId}.`
        : `This change restores cross-user isolation: ${g.who}${role} can no longer ${what} data that belongs to another identity in ${where} (${g.actions.join(', ')}).`;
  }
  return [...groups.values()];
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
