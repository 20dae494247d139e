/**
 * The access matrix as the UI shows it: actions grouped by service and access level, filtered and searched, with
 * counts, and the difference between two matrices (an edit against the saved baseline, or two identities). Pure data.
 */
import type { Decision } from '../../../../policy-engine/model/index';

/** A cell value (the engine's MatrixCell). */
export type MatrixCell = Decision | 'notApplicable';

/** IAM's access levels, in the order the matrix lists them. */
export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
/** One access level. */
export type AccessLevelName = (typeof ACCESS_LEVELS)[number];

/** What the matrix knows about an action. */
export interface ActionMeta {
  /** `service:Name` */
  action: string;
  service: string;
  accessLevel: AccessLevelName;
}

/** The filters the toolbar offers. */
export interface MatrixFilter {
  search: string;
  onlyAllowed: boolean;
  onlyWrite: boolean;
  /** Only rows with a change against the baseline. */
  onlyChanged: boolean;
  /** Hide actions that apply to none of the resources (every cell not applicable). */
  hideNotApplicable: boolean;
  services: string[];
}

/** A filter that shows everything. */
export const noFilter: MatrixFilter = {
  search: '',
  onlyAllowed: false,
  onlyWrite: false,
  onlyChanged: false,
  hideNotApplicable: false,
  services: [],
};

/** One row the grid draws: a group header or an action. */
export type MatrixRowView =
  | { kind: 'group'; key: string; service: string; accessLevel: AccessLevelName; count: number; allowed: number }
  | { kind: 'action'; key: string; actionIndex: number; action: string; accessLevel: AccessLevelName };

/** Per-decision totals. */
export interface CellCounts {
  allowed: number;
  explicitDeny: number;
  implicitDeny: number;
  noCredentials: number;
  notApplicable: number;
}

/** Counts the cells of a matrix (or a subset of its rows). */
export function countCells(decisions: MatrixCell[][], rows?: number[]): CellCounts {
  const c: CellCounts = { allowed: 0, explicitDeny: 0, implicitDeny: 0, noCredentials: 0, notApplicable: 0 };
  const pick = rows ?? decisions.map((_, i) => i);
  for (const i of pick) for (const cell of decisions[i] ?? []) c[cell] += 1;
  return c;
}

/** A change of one cell. */
export interface CellChange {
  actionIndex: number;
  resourceIndex: number;
  before: MatrixCell;
  after: MatrixCell;
  /** `allows`: was not allowed, now is; `denies`: was allowed, now is not; `other`: e.g. implicit → explicit deny. */
  direction: 'allows' | 'denies' | 'other';
}

/**
 * The cells that differ between two matrices of the same shape (same actions and resources).
 * Matrices of different shape compare as far as they overlap.
 */
export function diffMatrices(before: MatrixCell[][], after: MatrixCell[][]): CellChange[] {
  const out: CellChange[] = [];
  const rows = Math.min(before.length, after.length);
  for (let a = 0; a < rows; a++) {
    const b = before[a];
    const n = after[a];
    const cols = Math.min(b.length, n.length);
    for (let r = 0; r < cols; r++) {
      if (b[r] === n[r]) continue;
      const direction = n[r] === 'allowed' ? 'allows' : b[r] === 'allowed' ? 'denies' : 'other';
      out.push({ actionIndex: a, resourceIndex: r, before: b[r], after: n[r], direction });
    }
  }
  return out;
}

/** Whether an action row passes the filter. */
function rowPasses(meta: ActionMeta, cells: MatrixCell[], filter: MatrixFilter, changed: boolean): boolean {
  if (filter.services.length > 0 && !filter.services.includes(meta.service)) return false;
  if (filter.onlyWrite && meta.accessLevel !== 'Write') return false;
  if (filter.onlyAllowed && !cells.includes('allowed')) return false;
  if (filter.onlyChanged && !changed) return false;
  if (filter.hideNotApplicable && cells.every((c) => c === 'notApplicable')) return false;
  const q = filter.search.trim().toLowerCase();
  if (q) {
    const terms = q.split(/\s+/);
    const hay = `${meta.action} ${meta.accessLevel}`.toLowerCase();
    if (!terms.every((t) => hay.includes(t))) return false;
  }
  return true;
}

/**
 * The rows to draw: for each service and access level (in ACCESS_LEVELS order) a header with its counts, then its
 * actions alphabetically; groups left empty by the filter are dropped.
 */
export function groupRows(
  actions: ActionMeta[],
  decisions: MatrixCell[][],
  filter: MatrixFilter,
  changedRows?: Set<number>,
): MatrixRowView[] {
  const services: string[] = [];
  for (const a of actions) if (!services.includes(a.service)) services.push(a.service);
  const out: MatrixRowView[] = [];
  for (const service of services) {
    for (const level of ACCESS_LEVELS) {
      const members = actions
        .map((meta, actionIndex) => ({ meta, actionIndex }))
        .filter(({ meta }) => meta.service === service && meta.accessLevel === level)
        .filter(({ meta, actionIndex }) =>
          rowPasses(meta, decisions[actionIndex] ?? [], filter, changedRows?.has(actionIndex) ?? false),
        )
        .sort((x, y) => x.meta.action.localeCompare(y.meta.action));
      if (members.length === 0) continue;
      const allowed = members.filter(({ actionIndex }) => (decisions[actionIndex] ?? []).includes('allowed')).length;
      out.push({
        kind: 'group',
        key: `${service}/${level}`,
        service,
        accessLevel: level,
        count: members.length,
        allowed,
      });
      for (const { meta, actionIndex } of members)
        out.push({ kind: 'action', key: meta.action, actionIndex, action: meta.action, accessLevel: level });
    }
  }
  return out;
}

/**
 * The short label and the icon of a decision: every state has its own glyph and shape, so colour is never the only
 * cue. An explicit deny (a statement denies; nothing can override it) is a white ✕ on a filled red stop sign (CSS);
 * an implicit deny (nothing allows it) is a grey empty circle; "not applicable" (the action has no resource type the
 * ARN fits) is the word "n/a" in small italic, so it can never be mistaken for a decision.
 */
export function cellLabel(cell: MatrixCell): { icon: string; label: string } {
  switch (cell) {
    case 'allowed':
      return { icon: '✓', label: 'Allowed' };
    case 'explicitDeny':
      return { icon: '✕', label: 'Explicit deny' };
    case 'implicitDeny':
      return { icon: '○', label: 'Implicit deny' };
    case 'noCredentials':
      return { icon: '⊘', label: 'No credentials' };
    default:
      return { icon: 'n/a', label: 'Not applicable' };
  }
}

/** A short name for a resource column: the bucket/key or the table (`arn:aws:dynamodb:…:table/Notes` → `table/Notes`). */
export function shortResource(arn: string): string {
  if (arn === '*') return '*';
  const s3 = /^arn:[\w-]+:s3:::(.+)$/.exec(arn);
  if (s3) return s3[1];
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}

/**
 * Column labels for a set of resources: a resource under another one of the set is shown relative to it
 * (`bucket/public/*` under `bucket` → `…/public/*`), and policy variables lose their prefix
 * (`${cognito-identity.amazonaws.com:sub}` → `${…:sub}`), so narrow columns still tell the resources apart.
 */
export function columnLabels(resources: string[]): string[] {
  // The parent is the longest other resource that is a prefix of `arn` ending just before a `/`: look those prefixes
  // up in a set (linear in the resources, not quadratic: a 1,500-column workspace is labelled in milliseconds).
  const all = new Set(resources);
  return resources.map((arn) => {
    let parent = '';
    for (let slash = arn.lastIndexOf('/'); slash > 0; slash = arn.lastIndexOf('/', slash - 1)) {
      const prefix = arn.slice(0, slash);
      if (all.has(prefix)) {
        parent = prefix;
        break;
      }
    }
    const label = parent ? `…${arn.slice(parent.length)}` : shortResource(arn);
    // A policy variable with a long prefix (a service host name) is shortened; the prefix adds nothing to tell columns apart: ${…:sub}.
    return label.replace(/\$\{[^}:]{9,}:([^}:]+)\}/g, '${…:$1}');
  });
}

/** Approximate width of one character of the grid's monospace text (px). */
const CHAR_PX = 7;
const ACTION_COLUMN_MAX_PX = 300;
/** The action name's font size (code, 11.5 px monospace) and the width of one of its characters, in em. */
const ACTION_FONT_PX = 11.5;
const MONO_CHAR_EM = 0.62;

/**
 * The font size that lets an action name longer than its capped column show whole (never cut with "…"), or
 * undefined when it fits at the normal size. 16 px is the cell's padding, 4 px a margin for font metrics.
 */
export function actionNameFontPx(action: string, columnPx: number): number | undefined {
  const room = columnPx - 16 - 4;
  if (action.length * ACTION_FONT_PX * MONO_CHAR_EM <= room) return undefined;
  return Math.floor((room / (action.length * MONO_CHAR_EM)) * 10) / 10;
}

/**
 * Column widths: the action column fits the longest action name; each resource column keeps at least the width of
 * its label, so narrowing the grid (the explanation pane open, a small window) scrolls it sideways instead of cutting
 * names. Returns the CSS grid template and the grid's minimum width.
 */
export function matrixLayout(
  actions: string[],
  columnLabels: string[],
  comparing: boolean,
): { columns: string; minWidth: number; actionPx: number } {
  const longest = actions.reduce((n, a) => Math.max(n, a.length), 0);
  // The action column stops at 300 px (a longer name is set smaller to fit, see actionNameFontPx), so the resource
  // columns keep the room: at 1280 px every one of the demo's five shows beside it.
  const action = Math.min(ACTION_COLUMN_MAX_PX, Math.max(200, longest * CHAR_PX + 28));
  const mins = columnLabels.map((l) => Math.min(200, Math.max(comparing ? 100 : 88, l.length * CHAR_PX + 20)));
  return {
    columns: `${action}px ${mins.map((m) => `minmax(${m}px, 1fr)`).join(' ')}`,
    minWidth: action + mins.reduce((a, b) => a + b, 0),
    actionPx: action,
  };
}
