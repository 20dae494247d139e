/**
 * The workspace outline: identity pools, roles (with their policies), managed policies, resource policies and
 * resources, as one ARIA tree (section headings are its first level). The tree is windowed: only the rows in view
 * (plus a few above and below, and the focused row) are in the DOM, so a 6,000-role workspace scrolls as quickly as
 * the demo; every row carries aria-level / aria-posinset / aria-setsize, so a screen reader still hears the full size.
 * A filter box above it narrows the tree to names and ARNs containing the text (ancestors of matches stay shown).
 *
 * Keyboard (WAI-ARIA tree pattern): ↑/↓ move, Home/End go to the first/last row, → opens a row or goes to its first
 * child, ← closes it or goes to its parent, Enter/Space select (and open or close a section heading). In the filter
 * box ↓ enters the tree and Escape clears the filter.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import type { OutlineSection } from '../workspace/outline';
import { visibleRows } from '../workspace/tree-rows';
import type { TreeRow } from '../workspace/tree-rows';
import { Row } from './tree-row';
import { usePendingFocus, useRevealSelection, useTreeWindow } from './use-tree-window';
import type { TreeVirtualizer } from './use-tree-window';
import { useTreeNavigation } from './use-tree-navigation';

/** Props of Sidebar. */
export interface SidebarProps {
  sections: OutlineSection[];
  selectedId: string | null;
  onSelect(id: string): void;
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}es`}`;
}

/** The row reached by Tab: the focused one, else the selected one, else the first. */
function tabbableIndex(
  indexByKey: ReadonlyMap<string, number>,
  focusedKey: string | null,
  selectedId: string | null,
): number {
  const focusedIndex = focusedKey === null ? -1 : (indexByKey.get(focusedKey) ?? -1);
  const selectedIndex = selectedId === null ? -1 : (indexByKey.get(selectedId) ?? -1);
  return focusedIndex >= 0 ? focusedIndex : selectedIndex >= 0 ? selectedIndex : 0;
}

/** The sidebar. Memoised: it renders again only when the outline, the selection or its own state changes. */
export const Sidebar = memo(function Sidebar({ sections, selectedId, onSelect }: SidebarProps) {
  const [filter, setFilter] = useState('');
  /** Keys whose open/closed state the user flipped from the default (reset when the filter changes). */
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** Set when a key press moved the focus: the row gets DOM focus once it is rendered. */
  const pendingFocus = useRef(false);

  const { rows, matchCount } = useMemo(() => visibleRows(sections, toggled, filter), [sections, toggled, filter]);
  const indexByKey = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);
  const tabIndexRow = tabbableIndex(indexByKey, focusedKey, selectedId);
  const virtualizer = useTreeWindow(rows, scrollRef, tabIndexRow);

  // A new workspace starts with everything open and no filter.
  useEffect(() => {
    setToggled(new Set());
    setFocusedKey(null);
  }, [sections]);
  useRevealSelection({ selectedId, indexByKey, sections, toggled, setToggled, filter, virtualizer });
  usePendingFocus(pendingFocus, focusedKey, scrollRef);

  const { toggle, activate, moveFocus, onTreeKeyDown } = useTreeNavigation({
    rows,
    indexByKey,
    tabIndexRow,
    virtualizer,
    scrollRef,
    pendingFocus,
    setToggled,
    setFocusedKey,
    onSelect,
  });

  const onFilterChange = (text: string) => {
    setFilter(text);
    setToggled(new Set());
    setFocusedKey(null);
    virtualizer.scrollToOffset(0);
  };

  return (
    <nav className="sidebar" aria-label="Workspace">
      <div className="sidebar-title">Explorer</div>
      <TreeFilter
        filter={filter}
        matchCount={matchCount}
        onChange={onFilterChange}
        onEnterTree={rows.length > 0 ? () => moveFocus(0) : undefined}
      />
      {filter.trim() !== '' && matchCount === 0 ? (
        <p className="section-empty tree-empty">
          Nothing in this workspace has a name or ARN containing “{filter.trim()}”. Press Escape to clear the filter.
        </p>
      ) : (
        <TreeWindow
          scrollRef={scrollRef}
          virtualizer={virtualizer}
          rows={rows}
          selectedId={selectedId}
          tabIndexRow={tabIndexRow}
          onKeyDown={onTreeKeyDown}
          onActivate={activate}
          onToggle={toggle}
        />
      )}
    </nav>
  );
});

interface TreeFilterProps {
  filter: string;
  matchCount: number;
  onChange(text: string): void;
  /** ↓ in the box: move into the tree (absent when the tree has no rows). */
  onEnterTree: (() => void) | undefined;
}

/** The filter box and its live status (how many items match). Escape clears it, ↓ enters the tree. */
function TreeFilter({ filter, matchCount, onChange, onEnterTree }: TreeFilterProps) {
  const filtering = filter.trim() !== '';
  return (
    <div className="tree-filter">
      <input
        type="search"
        className="tree-filter-input"
        placeholder="Filter by name or ARN"
        aria-label="Filter the explorer by name or ARN"
        aria-describedby="tree-filter-status"
        value={filter}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && filter !== '') {
            e.preventDefault();
            onChange('');
          } else if (e.key === 'ArrowDown' && onEnterTree) {
            e.preventDefault();
            onEnterTree();
          }
        }}
      />
      <span id="tree-filter-status" className="tree-filter-status" role="status">
        {filtering ? (matchCount === 0 ? 'No matches' : plural(matchCount, 'match')) : ''}
      </span>
    </div>
  );
}

interface TreeWindowProps {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: TreeVirtualizer;
  rows: TreeRow[];
  selectedId: string | null;
  tabIndexRow: number;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
  onActivate(row: TreeRow): void;
  onToggle(row: TreeRow): void;
}

/** The ARIA tree: a scroller as tall as all the rows, holding only the rows the virtualizer keeps. */
function TreeWindow({ scrollRef, virtualizer, rows, selectedId, tabIndexRow, ...handlers }: TreeWindowProps) {
  return (
    <div
      ref={scrollRef}
      className="tree-scroll"
      role="tree"
      aria-label="Workspace outline"
      onKeyDown={handlers.onKeyDown}
    >
      <div className="tree-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          return (
            <Row
              key={row.key}
              row={row}
              top={v.start}
              selected={row.item !== undefined && row.item.id === selectedId}
              tabbable={v.index === tabIndexRow}
              onActivate={handlers.onActivate}
              onToggle={handlers.onToggle}
            />
          );
        })}
      </div>
    </div>
  );
}
