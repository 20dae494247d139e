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
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import type { Range } from '@tanstack/react-virtual';
import type { OutlineItem, OutlineSection } from '../workspace/outline';
import { ancestorKeys, visibleRows } from '../workspace/tree-rows';
import type { TreeRow } from '../workspace/tree-rows';

/** Props of Sidebar. */
export interface SidebarProps {
  sections: OutlineSection[];
  selectedId: string | null;
  onSelect(id: string): void;
}

const KIND_ICONS: Record<OutlineItem['kind'], string> = {
  identityPool: '◆',
  role: '●',
  trustPolicy: '⇄',
  inlinePolicy: '{}',
  attachedPolicy: '≡',
  boundary: '▣',
  managedPolicy: '≡',
  resourcePolicy: '⊡',
  resource: '▤',
};

/** Height of one row in px (fixed, so the window needs no measuring). */
const TREE_ROW_HEIGHT = 22;
/** Rows kept in the DOM above and below the window. */
const OVERSCAN = 10;

const rowDomId = (key: string): string => `tree-row-${encodeURIComponent(key).replace(/[^A-Za-z0-9_-]/g, '_')}`;

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}es`}`;
}

interface RowProps {
  row: TreeRow;
  top: number;
  selected: boolean;
  tabbable: boolean;
  onActivate(row: TreeRow): void;
  onToggle(row: TreeRow): void;
}

/** One row. A heading row shows its section's title and item count; an item row its icon, label and hint. */
const Row = memo(function Row({ row, top, selected, tabbable, onActivate, onToggle }: RowProps) {
  const { item, section } = row;
  const twisty = row.expandable ? (
    <span
      className="twisty"
      aria-hidden="true"
      onClick={(e) => {
        e.stopPropagation();
        onToggle(row);
      }}
    >
      {row.expanded ? '▾' : '▸'}
    </span>
  ) : (
    <span className="twisty-spacer" aria-hidden="true" />
  );
  return (
    <div
      id={rowDomId(row.key)}
      role="treeitem"
      data-key={row.key}
      aria-level={row.level}
      aria-posinset={row.posInSet}
      aria-setsize={row.setSize}
      aria-expanded={row.expandable ? row.expanded : undefined}
      aria-selected={item ? selected : undefined}
      tabIndex={tabbable ? 0 : -1}
      className={`tree-row ${section ? 'tree-section' : `tree-item kind-${item!.kind}`}${row.match ? ' tree-match' : ''}`}
      style={{ transform: `translateY(${top}px)`, paddingLeft: `${4 + (row.level - 1) * 14}px` }}
      title={item?.documentTitle}
      onClick={() => onActivate(row)}
    >
      {twisty}
      {section ? (
        <>
          <span className="section-title">{section.title}</span>
          <span className="section-count">
            {section.items.length === 0 ? 'none' : section.items.length}
            <span className="visually-hidden">{section.items.length === 1 ? ' item' : ' items'}</span>
          </span>
        </>
      ) : (
        <>
          <span className="tree-icon" aria-hidden="true">
            {KIND_ICONS[item!.kind]}
          </span>
          <span className="tree-label">{item!.label}</span>
          {item!.hint && <span className="tree-hint">{item!.hint}</span>}
        </>
      )}
    </div>
  );
});

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
  const focusedIndex = focusedKey === null ? -1 : (indexByKey.get(focusedKey) ?? -1);
  const selectedIndex = selectedId === null ? -1 : (indexByKey.get(selectedId) ?? -1);
  // The row reached by Tab: the focused one, else the selected one, else the first.
  const tabIndexRow = focusedIndex >= 0 ? focusedIndex : selectedIndex >= 0 ? selectedIndex : 0;

  const keepInDom = useRef(tabIndexRow);
  keepInDom.current = tabIndexRow;
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const extra = keepInDom.current;
    // The focused (tabbable) row stays rendered when scrolled away, so focus is not lost and Tab still reaches it.
    if (extra >= 0 && extra < range.count && !indexes.includes(extra)) {
      indexes.push(extra);
      indexes.sort((a, b) => a - b);
    }
    return indexes;
  }, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TREE_ROW_HEIGHT,
    overscan: OVERSCAN,
    rangeExtractor,
    getItemKey: (index) => rows[index]!.key,
  });

  // A new workspace starts with everything open and no filter.
  useEffect(() => {
    setToggled(new Set());
    setFocusedKey(null);
  }, [sections]);

  // When the selection changes (here or elsewhere in the app), open its ancestors and scroll it into view.
  const lastRevealed = useRef<string | null>(null);
  useEffect(() => {
    if (selectedId === null || selectedId === lastRevealed.current) return;
    const index = indexByKey.get(selectedId);
    if (index === undefined) {
      if (filter.trim() !== '') return; // filtered out: the filter decides what is shown
      const ancestors = ancestorKeys(sections, selectedId);
      if (ancestors && ancestors.some((k) => toggled.has(k))) {
        setToggled((t) => new Set([...t].filter((k) => !ancestors.includes(k))));
      }
      return;
    }
    lastRevealed.current = selectedId;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, indexByKey, sections, toggled, filter, virtualizer]);
  useEffect(() => {
    lastRevealed.current = null;
  }, [sections]);

  useEffect(() => {
    if (!pendingFocus.current || focusedKey === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`#${rowDomId(focusedKey)}`);
    if (element) {
      pendingFocus.current = false;
      element.focus({ preventScroll: true });
    }
  });

  const toggle = useCallback((row: TreeRow) => {
    if (!row.expandable) return;
    setToggled((t) => {
      const next = new Set(t);
      if (next.has(row.key)) next.delete(row.key);
      else next.add(row.key);
      return next;
    });
  }, []);

  const activate = useCallback(
    (row: TreeRow) => {
      setFocusedKey(row.key);
      if (row.item) onSelect(row.item.id);
      else toggle(row);
    },
    [onSelect, toggle],
  );

  const moveFocus = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    pendingFocus.current = true;
    setFocusedKey(row.key);
    virtualizer.scrollToIndex(indexByKey.get(row.key)!, { align: 'auto' });
  };

  const onTreeKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = rows[tabIndexRow];
    if (!current) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / TREE_ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        moveFocus(tabIndexRow + 1);
        break;
      case 'ArrowUp':
        moveFocus(tabIndexRow - 1);
        break;
      case 'PageDown':
        moveFocus(tabIndexRow + pageRows);
        break;
      case 'PageUp':
        moveFocus(tabIndexRow - pageRows);
        break;
      case 'Home':
        moveFocus(0);
        break;
      case 'End':
        moveFocus(rows.length - 1);
        break;
      case 'ArrowRight':
        if (current.expandable && !current.expanded) toggle(current);
        else if (current.expanded) moveFocus(tabIndexRow + 1);
        break;
      case 'ArrowLeft':
        if (current.expandable && current.expanded) toggle(current);
        else if (current.parentKey !== null) moveFocus(indexByKey.get(current.parentKey) ?? tabIndexRow);
        break;
      case 'Enter':
      case ' ':
        activate(current);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onFilterChange = (text: string) => {
    setFilter(text);
    setToggled(new Set());
    setFocusedKey(null);
    virtualizer.scrollToOffset(0);
  };

  const filtering = filter.trim() !== '';
  const items = virtualizer.getVirtualItems();
  return (
    <nav className="sidebar" aria-label="Workspace">
      <div className="sidebar-title">Explorer</div>
      <div className="tree-filter">
        <input
          type="search"
          className="tree-filter-input"
          placeholder="Filter by name or ARN"
          aria-label="Filter the explorer by name or ARN"
          aria-describedby="tree-filter-status"
          value={filter}
          spellCheck={false}
          onChange={(e) => onFilterChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter !== '') {
              e.preventDefault();
              onFilterChange('');
            } else if (e.key === 'ArrowDown' && rows.length > 0) {
              e.preventDefault();
              moveFocus(0);
            }
          }}
        />
        <span id="tree-filter-status" className="tree-filter-status" role="status">
          {filtering ? (matchCount === 0 ? 'No matches' : plural(matchCount, 'match')) : ''}
        </span>
      </div>
      {filtering && matchCount === 0 ? (
        <p className="section-empty tree-empty">
          Nothing in this workspace has a name or ARN containing “{filter.trim()}”. Press Escape to clear the filter.
        </p>
      ) : (
        <div
          ref={scrollRef}
          className="tree-scroll"
          role="tree"
          aria-label="Workspace outline"
          onKeyDown={onTreeKeyDown}
        >
          <div className="tree-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {items.map((v) => {
              const row = rows[v.index]!;
              return (
                <Row
                  key={row.key}
                  row={row}
                  top={v.start}
                  selected={row.item !== undefined && row.item.id === selectedId}
                  tabbable={v.index === tabIndexRow}
                  onActivate={activate}
                  onToggle={toggle}
                />
              );
            })}
          </div>
        </div>
      )}
    </nav>
  );
});
