/**
 * Journey 3 — the access matrix: every S3 and DynamoDB action (grouped by service and access level) × the
 * workspace's resources. Each cell says allowed / explicit deny / implicit deny by colour and icon, with counts,
 * search and filters, virtualised rows, a side-by-side comparison with a second identity, and markers for what an
 * edit newly allows or denies against the saved baseline. Arrow keys move between cells; Enter explains one.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Assumption } from '../../../../policy-engine/model/index';
import type { MatrixResult, WorkspaceSummary } from '../../engine/protocol';
import {
  cellLabel,
  columnLabels,
  matrixLayout,
  actionNameFontPx,
  countCells,
  diffMatrices,
  groupRows,
  shortResource,
  type MatrixCell,
  type CellChange,
  type MatrixFilter,
} from './matrix-model';
import type { CellRef } from '../workbench/session-store';

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
/** The cell glyph with its accessible name. */
export function DecisionIcon({ cell }: { cell: MatrixCell }) {
  const { icon, label } = cellLabel(cell);
  return (
    <span className={`decision decision-${cell}`} title={label}>
      <span aria-hidden="true">{icon}</span>
    </span>
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
  const unverifiedNote = unverified.length
    ? ` — unverified: rests on ${unverified.map((a) => `settings.${a.id}`).join(', ')} (undocumented AWS behaviour; see Settings)`
    : '';
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
  const scrollRef = useRef<HTMLDivElement>(null);
  // The column header sits inside the scroll area (sticky), so it scrolls sideways with the cells.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const [active, setActive] = useState<CellRef | null>(null);
  const resources = summary.resources;
  const labelsOfColumns = useMemo(() => columnLabels(resources), [resources]);
  const focusCell =
    active ?? selected ?? (actionRows[0] ? { actionIndex: actionRows[0].actionIndex, resourceIndex: 0 } : null);
  // A cell chosen elsewhere (the changes list) is scrolled into view.
  const rowsRef = useRef(actionRows);
  rowsRef.current = actionRows;
  useEffect(() => {
    if (!selected) return;
    const viewIndex = rowsRef.current.find((r) => r.actionIndex === selected.actionIndex)?.view;
    if (viewIndex !== undefined) virtualizer.scrollToIndex(viewIndex, { align: 'auto' });
  }, [selected, virtualizer]);
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
  const cols = layout.columns;

  const move = (e: KeyboardEvent, cell: CellRef) => {
    const pos = actionRows.findIndex((r) => r.actionIndex === cell.actionIndex);
    let next: CellRef | null = null;
    if (e.key === 'ArrowRight')
      next = { ...cell, resourceIndex: Math.min(resources.length - 1, cell.resourceIndex + 1) };
    else if (e.key === 'ArrowLeft') next = { ...cell, resourceIndex: Math.max(0, cell.resourceIndex - 1) };
    else if (e.key === 'ArrowDown' && actionRows[pos + 1])
      next = { ...cell, actionIndex: actionRows[pos + 1].actionIndex };
    else if (e.key === 'ArrowUp' && pos > 0) next = { ...cell, actionIndex: actionRows[pos - 1].actionIndex };
    else if (e.key === 'PageDown' && actionRows.length)
      next = { ...cell, actionIndex: actionRows[Math.min(actionRows.length - 1, pos + 20)].actionIndex };
    else if (e.key === 'PageUp' && actionRows.length)
      next = { ...cell, actionIndex: actionRows[Math.max(0, pos - 20)].actionIndex };
    if (!next) return;
    e.preventDefault();
    setActive(next);
    const viewIndex = actionRows.find((r) => r.actionIndex === next!.actionIndex)?.view;
    if (viewIndex !== undefined) virtualizer.scrollToIndex(viewIndex, { align: 'auto' });
    const target = () =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${next!.actionIndex}/${next!.resourceIndex}"]`);
    // Focus now when the row is drawn; after the scroll has drawn it otherwise.
    const el = target();
    if (el) el.focus();
    else requestAnimationFrame(() => target()?.focus());
  };

  if (resources.length === 0) {
    return (
      <p className="empty-state">
        The workspace lists no resources. Add buckets, bucket/prefix/* patterns or tables with Resources (0) above (or
        in the workspace file's "resources") to see the matrix.
      </p>
    );
  }

  return (
    <div className="matrix-wrap">
      <div className="matrix-counts" role="status" aria-label="Cell counts">
        <span className="count" title="Allowed: a statement allows it and none denies it">
          <DecisionIcon cell="allowed" /> {counts.allowed} allowed
        </span>
        <span className="count" title="Explicit deny: a statement denies it; no allow can override that">
          <DecisionIcon cell="explicitDeny" /> {counts.explicitDeny} explicit deny
        </span>
        <span className="count" title="Implicit deny: no statement allows it (add an allow to grant it)">
          <DecisionIcon cell="implicitDeny" /> {counts.implicitDeny} implicit deny
        </span>
        {counts.noCredentials > 0 && (
          <span className="count">
            <DecisionIcon cell="noCredentials" /> {counts.noCredentials} no credentials
          </span>
        )}
        <span className="count muted">
          <DecisionIcon cell="notApplicable" /> {counts.notApplicable} not applicable
        </span>
        <span className="count muted">
          {actionRows.length} of {summary.actions.length} actions
        </span>
        {compare && (
          <span className="count">
            {compareDiff.length} cells differ between {labels[0]} and {labels[1]}
          </span>
        )}
        {chainAt.size > 0 && (
          <span
            className="count"
            title="The session can sts:AssumeRole another role (hop by hop, each allowed by the caller's policies and the target's trust policy) that is allowed these cells"
          >
            <span className="chain-mark" aria-hidden="true">
              ⇢
            </span>{' '}
            {chainAt.size} allowed only through a role chain
          </span>
        )}
        {(matrix.chainsLeaving ?? []).length > 0 && (
          <span
            className="count muted"
            title={(matrix.chainsLeaving ?? [])
              .map((c) => `${c.join(' → ')}: ${c[c.length - 1]} is not in the workspace; what it may do is unknown`)
              .join('\n')}
          >
            {(matrix.chainsLeaving ?? []).length} role chain(s) leave the workspace
          </span>
        )}
      </div>
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
            style={{ gridTemplateColumns: cols, minWidth: layout.minWidth }}
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
                if (row.kind === 'group') {
                  return (
                    <div key={row.key} role="row" aria-rowindex={v.index + 2} className="matrix-group" style={style}>
                      <div role="rowheader" className="matrix-group-title">
                        <strong>
                          {row.service === 's3'
                            ? 'Amazon S3'
                            : row.service === 'dynamodb'
                              ? 'Amazon DynamoDB'
                              : row.service}
                        </strong>{' '}
                        · {row.accessLevel}
                        <span className="muted">
                          {' '}
                          — {row.allowed} of {row.count} actions allowed somewhere
                        </span>
                      </div>
                    </div>
                  );
                }
                const cells = matrix.decisions[row.actionIndex] ?? [];
                return (
                  <div
                    key={row.key}
                    role="row"
                    aria-rowindex={v.index + 2}
                    className="matrix-row"
                    style={{ ...style, gridTemplateColumns: cols }}
                  >
                    <div role="rowheader" className="matrix-action" title={row.action} aria-label={row.action}>
                      <code style={{ fontSize: actionNameFontPx(row.action, layout.actionPx) }}>{row.action}</code>
                    </div>
                    {cells.map((cell, ri) => {
                      const key = `${row.actionIndex}/${ri}`;
                      const change: CellChange | undefined = changeAt.get(key);
                      const other = compare?.decisions[row.actionIndex]?.[ri];
                      const isSel = selected?.actionIndex === row.actionIndex && selected.resourceIndex === ri;
                      const isFocus = focusCell?.actionIndex === row.actionIndex && focusCell.resourceIndex === ri;
                      const via = chainAt.get(key);
                      const name = `${row.action} on ${resources[ri]}: ${other !== undefined ? `${labels[0]} ${cellLabel(cell).label}, ${labels[1]} ${cellLabel(other).label}` : cellLabel(cell).label}${change ? ` (was ${cellLabel(change.before).label})` : ''}${via ? `; allowed through the role chain ${via}` : ''}`;
                      return (
                        <div key={ri} role="gridcell" aria-selected={isSel}>
                          <button
                            type="button"
                            className={`cell cell-${cell}${via ? ' cell-via-chain' : ''}${isSel ? ' cell-selected' : ''}${change ? ` cell-changed change-${change.direction}` : ''}${differsAt.has(key) ? ' cell-differs' : ''}`}
                            aria-label={name}
                            title={cell === 'notApplicable' ? name : name + unverifiedNote}
                            data-cell={key}
                            tabIndex={isFocus ? 0 : -1}
                            onFocus={() => setActive({ actionIndex: row.actionIndex, resourceIndex: ri })}
                            onKeyDown={(e) => move(e, { actionIndex: row.actionIndex, resourceIndex: ri })}
                            onClick={() => onSelect({ actionIndex: row.actionIndex, resourceIndex: ri })}
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
                                {change.direction === 'allows' ? '+' : change.direction === 'denies' ? '−' : '~'}
                              </span>
                            )}
                          </button>
                        </div>
                      );
                    })}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
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
