/**
 * The matrix grid's rows: a service / access-level header, or an action with one cell per resource. A cell shows its
 * decision (and the comparison's), a mark when an edit changed it or it is allowed only through a role chain, and
 * says all of that in its accessible name.
 */
import type { CSSProperties, KeyboardEvent } from 'react';
import type { MatrixResult } from '../../engine/protocol';
import { DecisionIcon } from './matrix-counts';
import { actionNameFontPx, cellLabel, type CellChange, type MatrixCell, type MatrixRowView } from './matrix-model';
import type { CellRef } from '../workbench/session-store';

/** What every row of the grid is drawn with. */
export interface GridContext {
  matrix: MatrixResult;
  compare: MatrixResult | null;
  resources: string[];
  labels: [string, string];
  selected: CellRef | null;
  /** The cell that takes Tab focus (roving tabindex). */
  focusCell: CellRef | null;
  /** By `action/resource` index: what an edit changed, the role chain a cell is allowed through, cells that differ. */
  changeAt: Map<string, CellChange>;
  chainAt: Map<string, string>;
  differsAt: Set<string>;
  /** Added to a cell's title: the undocumented behaviour the answers rest on. */
  unverifiedNote: string;
  /** The grid's column template and the action column's width. */
  cols: string;
  actionPx: number;
  onFocusCell(cell: CellRef): void;
  onKey(e: KeyboardEvent, cell: CellRef): void;
  onSelect(cell: CellRef): void;
}

/** A service's display name. */
const serviceName = (service: string) =>
  service === 's3' ? 'Amazon S3' : service === 'dynamodb' ? 'Amazon DynamoDB' : service;

/** A service / access-level header with how many of its actions are allowed somewhere. */
export function GroupRow({
  row,
  rowIndex,
  style,
}: {
  row: Extract<MatrixRowView, { kind: 'group' }>;
  rowIndex: number;
  style: CSSProperties;
}) {
  return (
    <div role="row" aria-rowindex={rowIndex} className="matrix-group" style={style}>
      <div role="rowheader" className="matrix-group-title">
        <strong>{serviceName(row.service)}</strong> · {row.accessLevel}
        <span className="muted">
          {' '}
          — {row.allowed} of {row.count} actions allowed somewhere
        </span>
      </div>
    </div>
  );
}

/** A cell's accessible name: the action, the resource, the decision(s), what it was, and the chain it goes through. */
function cellName(
  action: string,
  resource: string,
  cell: MatrixCell,
  other: MatrixCell | undefined,
  labels: [string, string],
  change: CellChange | undefined,
  via: string | undefined,
): string {
  const decision =
    other !== undefined
      ? `${labels[0]} ${cellLabel(cell).label}, ${labels[1]} ${cellLabel(other).label}`
      : cellLabel(cell).label;
  return `${action} on ${resource}: ${decision}${change ? ` (was ${cellLabel(change.before).label})` : ''}${via ? `; allowed through the role chain ${via}` : ''}`;
}

const CHANGE_MARKS: Record<CellChange['direction'], string> = { allows: '+', denies: '−', other: '~' };

/** One cell: a button that explains the decision. */
function MatrixCellButton({
  grid,
  row,
  ri,
  cell,
}: {
  grid: GridContext;
  row: Extract<MatrixRowView, { kind: 'action' }>;
  ri: number;
  cell: MatrixCell;
}) {
  const { selected, focusCell } = grid;
  const ref = { actionIndex: row.actionIndex, resourceIndex: ri };
  const key = `${row.actionIndex}/${ri}`;
  const change = grid.changeAt.get(key);
  const other = grid.compare?.decisions[row.actionIndex]?.[ri];
  const isSel = selected?.actionIndex === row.actionIndex && selected.resourceIndex === ri;
  const isFocus = focusCell?.actionIndex === row.actionIndex && focusCell.resourceIndex === ri;
  const via = grid.chainAt.get(key);
  const name = cellName(row.action, grid.resources[ri], cell, other, grid.labels, change, via);
  return (
    <div role="gridcell" aria-selected={isSel}>
      <button
        type="button"
        className={`cell cell-${cell}${via ? ' cell-via-chain' : ''}${isSel ? ' cell-selected' : ''}${change ? ` cell-changed change-${change.direction}` : ''}${grid.differsAt.has(key) ? ' cell-differs' : ''}`}
        aria-label={name}
        title={cell === 'notApplicable' ? name : name + grid.unverifiedNote}
        data-cell={key}
        tabIndex={isFocus ? 0 : -1}
        onFocus={() => grid.onFocusCell(ref)}
        onKeyDown={(e) => grid.onKey(e, ref)}
        onClick={() => grid.onSelect(ref)}
      >
        <DecisionIcon cell={cell} />
        {other !== undefined && <DecisionIcon cell={other} />}
        {via && (
          <span className="chain-mark" aria-hidden="true">
            ⇢
          </span>
        )}
        {change && (
          <span className="change-mark" aria-hidden="true">
            {CHANGE_MARKS[change.direction]}
          </span>
        )}
      </button>
    </div>
  );
}

/** An action's row: its name, then one cell per resource. */
export function ActionRow({
  grid,
  row,
  rowIndex,
  style,
}: {
  grid: GridContext;
  row: Extract<MatrixRowView, { kind: 'action' }>;
  rowIndex: number;
  style: CSSProperties;
}) {
  const cells = grid.matrix.decisions[row.actionIndex] ?? [];
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className="matrix-row"
      style={{ ...style, gridTemplateColumns: grid.cols }}
    >
      <div role="rowheader" className="matrix-action" title={row.action} aria-label={row.action}>
        <code style={{ fontSize: actionNameFontPx(row.action, grid.actionPx) }}>{row.action}</code>
      </div>
      {cells.map((cell, ri) => (
        <MatrixCellButton key={ri} grid={grid} row={row} ri={ri} cell={cell} />
      ))}
    </div>
  );
}
