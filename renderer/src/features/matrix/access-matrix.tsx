/**
 * Journey 3 — the access matrix: every S3 and DynamoDB action (grouped by service and access level) × the
 * workspace's resources. Each cell says allowed / explicit deny / implicit deny by colour and icon, with counts,
 * search and filters, virtualised rows, a side-by-side comparison with a second identity, and markers for what an
 * edit newly allows or denies against the saved baseline. Arrow keys move between cells; Enter explains one.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import type { Assumption } from '../../../../policy-engine/model/index';
import type { MatrixResult, WorkspaceSummary } from '../../engine/protocol';
import {
  cellLabel,
  columnLabels,
  matrixLayout,
  countCells,
  diffMatrices,
  groupRows,
  shortResource,
  type MatrixFilter,
  type MatrixRowView,
} from './matrix-model';
import type { CellRef } from '../workbench/session-store';
import { DecisionIcon, MatrixCounts } from './matrix-counts';
import { ActionRow, GroupRow, type GridContext } from './matrix-grid';

export { DecisionIcon };

/** Props of AccessMatrix. */
export interface AccessMatrixProps {
  summary: WorkspaceSummary;
  matrix: MatrixResult;
  compare: MatrixResult | null;
  filter: MatrixFilter;
  selected: CellRef | null;
  onSelect(cell: CellRef): void;
  /** Names for the two sides of a comparison. */
  labels?: [string, string];
  /** Undocumented behaviour every answer of this identity rests on (its role resolution's assumptions). */
  unverified?: Assumption[];
}

const ROW_HEIGHT = 24;
/** Height of the sticky column header (px; matches .matrix-head in workbench.css). */
const HEAD_HEIGHT = 26;

/** The comparisons the cells show, by `action/resource` index: edits against the baseline, A against B, role chains. */
function useCellMarks(matrix: MatrixResult, compare: MatrixResult | null) {
  const changes = useMemo(() => (matrix.baseline ? diffMatrices(matrix.baseline, matrix.decisions) : []), [matrix]);
  const compareDiff = useMemo(
    () => (compare ? diffMatrices(matrix.decisions, compare.decisions) : []),
    [matrix, compare],
  );
  const changeAt = useMemo(() => new Map(changes.map((c) => [`${c.actionIndex}/${c.resourceIndex}`, c])), [changes]);
  // Cells allowed only through a role chain (issue 11): the chain, by role name.
  const chainAt = useMemo(
    () =>
      new Map(
        (matrix.viaChain ?? []).map((c) => [
          `${c.action}/${c.resource}`,
          c.chain.map((a) => a.slice(a.lastIndexOf('/') + 1)).join(' → '),
        ]),
      ),
    [matrix.viaChain],
  );
  const differsAt = useMemo(
    () => new Set(compareDiff.map((c) => `${c.actionIndex}/${c.resourceIndex}`)),
    [compareDiff],
  );
  const changedRows = useMemo(
    () => new Set([...changes, ...compareDiff].map((c) => c.actionIndex)),
    [changes, compareDiff],
  );
  return { compareDiff, changeAt, chainAt, differsAt, changedRows };
}

/** An action row's place among the rows drawn. */
type ActionRowAt = { view: number; actionIndex: number };

/** The cell an arrow / page key moves to from `cell` (page keys move 20 actions), or null for another key. */
function nextCell(key: string, cell: CellRef, actionRows: ActionRowAt[], resourceCount: number): CellRef | null {
  const pos = actionRows.findIndex((r) => r.actionIndex === cell.actionIndex);
  if (key === 'ArrowRight') return { ...cell, resourceIndex: Math.min(resourceCount - 1, cell.resourceIndex + 1) };
  if (key === 'ArrowLeft') return { ...cell, resourceIndex: Math.max(0, cell.resourceIndex - 1) };
  if (key === 'ArrowDown' && actionRows[pos + 1]) return { ...cell, actionIndex: actionRows[pos + 1].actionIndex };
  if (key === 'ArrowUp' && pos > 0) return { ...cell, actionIndex: actionRows[pos - 1].actionIndex };
  if (key === 'PageDown' && actionRows.length)
    return { ...cell, actionIndex: actionRows[Math.min(actionRows.length - 1, pos + 20)].actionIndex };
  if (key === 'PageUp' && actionRows.length)
    return { ...cell, actionIndex: actionRows[Math.max(0, pos - 20)].actionIndex };
  return null;
}

/**
 * The virtualised rows, scrolled to a cell picked elsewhere (the changes list), and the keyboard: arrow keys move
 * the focused cell (scrolling its row into view and focusing it once drawn).
 */
function useMatrixScroll(rowCount: number, actionRows: ActionRowAt[], resourceCount: number, selected: CellRef | null) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The column header sits inside the scroll area (sticky), so it scrolls sideways with the cells.
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const [active, setActive] = useState<CellRef | null>(null);
  const rowsRef = useRef(actionRows);
  rowsRef.current = actionRows;
  useEffect(() => {
    if (!selected) return;
    const viewIndex = rowsRef.current.find((r) => r.actionIndex === selected.actionIndex)?.view;
    if (viewIndex !== undefined) virtualizer.scrollToIndex(viewIndex, { align: 'auto' });
  }, [selected, virtualizer]);

  const move = (e: KeyboardEvent, cell: CellRef) => {
    const next = nextCell(e.key, cell, actionRows, resourceCount);
    if (!next) return;
    e.preventDefault();
    setActive(next);
    const viewIndex = actionRows.find((r) => r.actionIndex === next.actionIndex)?.view;
    if (viewIndex !== undefined) virtualizer.scrollToIndex(viewIndex, { align: 'auto' });
    const target = () =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${next.actionIndex}/${next.resourceIndex}"]`);
    // Focus now when the row is drawn; after the scroll has drawn it otherwise.
    const el = target();
    if (el) el.focus();
    else requestAnimationFrame(() => target()?.focus());
  };
  return { scrollRef, virtualizer, active, setActive, move };
}

/** The rows to draw (grouped, filtered) and the action rows among them, with their counts. */
function useMatrixRows(
  summary: WorkspaceSummary,
  matrix: MatrixResult,
  filter: MatrixFilter,
  changedRows: Set<number>,
) {
  const rows = useMemo(
    () => groupRows(summary.actions, matrix.decisions, filter, changedRows),
    [summary.actions, matrix.decisions, filter, changedRows],
  );
  const actionRows = useMemo(
    () => rows.flatMap((r, i) => (r.kind === 'action' ? [{ view: i, actionIndex: r.actionIndex }] : [])),
    [rows],
  );
  const counts = useMemo(
    () =>
      countCells(
        matrix.decisions,
        actionRows.map((r) => r.actionIndex),
      ),
    [matrix.decisions, actionRows],
  );
  return { rows, actionRows, counts };
}

/** The grid: the sticky column header, then the rows the virtualizer draws. */
function MatrixTable({
  rows,
  labelsOfColumns,
  layout,
  scrollRef,
  virtualizer,
  grid,
}: {
  rows: MatrixRowView[];
  labelsOfColumns: string[];
  layout: ReturnType<typeof matrixLayout>;
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: ReturnType<typeof useMatrixScroll>['virtualizer'];
  grid: GridContext;
}) {
  const { resources } = grid;
  return (
    <div
      className="matrix"
      role="grid"
      aria-label="Access matrix"
      aria-rowcount={rows.length + 1}
      aria-colcount={resources.length + 1}
    >
      <div className="matrix-body" ref={scrollRef}>
        <div
          className="matrix-head"
          role="row"
          aria-rowindex={1}
          style={{ gridTemplateColumns: layout.columns, minWidth: layout.minWidth }}
        >
          <div role="columnheader" className="matrix-corner">
            Action
          </div>
          {resources.map((r, i) => (
            <div key={r} role="columnheader" className="matrix-colhead" title={r} aria-label={r}>
              {labelsOfColumns[i]}
            </div>
          ))}
        </div>
        {rows.length === 0 ? (
          <p className="empty-state">No action matches the filters. Clear the search or the filters above.</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: layout.minWidth }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              const style = {
                position: 'absolute' as const,
                top: 0,
                left: 0,
                right: 0,
                height: v.size,
                transform: `translateY(${v.start - HEAD_HEIGHT}px)`,
              };
              return row.kind === 'group' ? (
                <GroupRow key={row.key} row={row} rowIndex={v.index + 2} style={style} />
              ) : (
                <ActionRow key={row.key} grid={grid} row={row} rowIndex={v.index + 2} style={style} />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/** What a cell's title adds when the answers rest on undocumented AWS behaviour (the Settings that say which). */
function unverifiedNote(unverified: Assumption[]): string {
  return unverified.length
    ? ` — unverified: rests on ${unverified.map((a) => `settings.${a.id}`).join(', ')} (undocumented AWS behaviour; see Settings)`
    : '';
}

function NoResources() {
  return (
    <p className="empty-state">
      The workspace lists no resources. Add buckets, bucket/prefix/* patterns or tables with Resources (0) above (or in
      the workspace file's "resources") to see the matrix.
    </p>
  );
}

/** The matrix grid. */
export function AccessMatrix({
  summary,
  matrix,
  compare,
  filter,
  selected,
  onSelect,
  labels = ['A', 'B'],
  unverified = [],
}: AccessMatrixProps) {
  const marks = useCellMarks(matrix, compare);
  const { rows, actionRows, counts } = useMatrixRows(summary, matrix, filter, marks.changedRows);
  const resources = summary.resources;
  const { scrollRef, virtualizer, active, setActive, move } = useMatrixScroll(
    rows.length,
    actionRows,
    resources.length,
    selected,
  );
  const labelsOfColumns = useMemo(() => columnLabels(resources), [resources]);
  // The action column fits the longest action the filters leave (not of all ~260), so the resources keep the room.
  const layout = useMemo(
    () =>
      matrixLayout(
        actionRows.map((r) => summary.actions[r.actionIndex]?.action ?? ''),
        labelsOfColumns,
        compare !== null,
      ),
    [actionRows, summary.actions, labelsOfColumns, compare],
  );

  if (resources.length === 0) return <NoResources />;

  const grid: GridContext = {
    matrix,
    compare,
    resources,
    labels,
    selected,
    focusCell:
      active ?? selected ?? (actionRows[0] ? { actionIndex: actionRows[0].actionIndex, resourceIndex: 0 } : null),
    changeAt: marks.changeAt,
    chainAt: marks.chainAt,
    differsAt: marks.differsAt,
    unverifiedNote: unverifiedNote(unverified),
    cols: layout.columns,
    actionPx: layout.actionPx,
    onFocusCell: setActive,
    onKey: move,
    onSelect,
  };
  return (
    <div className="matrix-wrap">
      <MatrixCounts
        counts={counts}
        shown={actionRows.length}
        total={summary.actions.length}
        matrix={matrix}
        differing={compare ? marks.compareDiff.length : null}
        labels={labels}
        viaChain={marks.chainAt.size}
      />
      <MatrixTable
        rows={rows}
        labelsOfColumns={labelsOfColumns}
        layout={layout}
        scrollRef={scrollRef}
        virtualizer={virtualizer}
        grid={grid}
      />
    </div>
  );
}

/** Props of ChangesList. */
export interface ChangesListProps {
  summary: WorkspaceSummary;
  matrix: MatrixResult | null;
  onSelect(cell: CellRef): void;
}

/** What the edit newly allows or denies against the saved baseline, as a list. */
export function ChangesList({ summary, matrix, onSelect }: ChangesListProps) {
  const changes = useMemo(() => (matrix?.baseline ? diffMatrices(matrix.baseline, matrix.decisions) : []), [matrix]);
  if (!matrix?.baseline) return <p className="hint">No unsaved edits: the matrix matches the saved workspace.</p>;
  if (changes.length === 0)
    return (
      <p className="hint" role="status">
        Your edits change no decision for this identity.
      </p>
    );
  const allows = changes.filter((c) => c.direction === 'allows').length;
  const denies = changes.filter((c) => c.direction === 'denies').length;
  return (
    <section className="changes" aria-label="Changes against the saved workspace">
      <h3>
        {allows > 0 && <span className="badge badge-allow">+{allows} newly allowed</span>}{' '}
        {denies > 0 && <span className="badge badge-deny">−{denies} newly denied</span>}{' '}
        {changes.length - allows - denies > 0 && (
          <span className="badge">{changes.length - allows - denies} other</span>
        )}
      </h3>
      <ul>
        {changes.slice(0, 200).map((c) => (
          <li key={`${c.actionIndex}/${c.resourceIndex}`}>
            <button
              type="button"
              className="link-button"
              onClick={() => onSelect({ actionIndex: c.actionIndex, resourceIndex: c.resourceIndex })}
            >
              <span aria-hidden="true" className={`change-mark change-${c.direction}`}>
                {c.direction === 'allows' ? '+' : c.direction === 'denies' ? '−' : '~'}
              </span>{' '}
              <code>{summary.actions[c.actionIndex]?.action}</code> on{' '}
              <code>{shortResource(summary.resources[c.resourceIndex] ?? '')}</code>: {cellLabel(c.before).label} →{' '}
              {cellLabel(c.after).label}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
