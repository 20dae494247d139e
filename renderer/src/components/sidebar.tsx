/**
 * The workspace outline: identity pools, roles (with their policies), managed policies, resource policies and
 * resources, with a filter box. Every row is a button; the selected one is marked with `aria-current`. Each section's
 * tree is rendered as a flat list of its visible rows (sidebar-rows.ts); a section with more than WINDOW_FROM rows
 * scrolls on its own and renders only the rows in view (@tanstack/react-virtual), so a workspace of thousands of roles
 * opens and re-renders quickly.
 */
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { OutlineItem, OutlineSection } from '../workspace/outline';
import { visibleRows, type TreeRow } from './sidebar-rows';

/** Props of Sidebar. */
export interface SidebarProps {
  sections: OutlineSection[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** Above this many visible rows, a section scrolls on its own and only the rows in view are rendered. */
export const WINDOW_FROM = 200;
/** The height of one row (px), as styles.css sets it (.twisty, .tree-item). */
const ROW_PX = 22;

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

interface RowProps {
  row: TreeRow;
  selectedId: string | null;
  onSelect(id: string): void;
  onToggle(id: string): void;
}

function Row({ row, selectedId, onSelect, onToggle }: RowProps) {
  const { item, depth, hasChildren, open } = row;
  return (
    <div className="tree-row" style={{ paddingLeft: `${8 + depth * 14}px` }}>
      {hasChildren ? (
        <button
          type="button"
          className="twisty"
          aria-expanded={open}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${item.label}`}
          onClick={() => onToggle(item.id)}
        >
          {open ? '▾' : '▸'}
        </button>
      ) : (
        <span className="twisty-spacer" />
      )}
      <button
        type="button"
        className={`tree-item kind-${item.kind}`}
        aria-current={item.id === selectedId ? 'true' : undefined}
        onClick={() => onSelect(item.id)}
        title={item.documentTitle}
      >
        <span className="tree-icon" aria-hidden="true">
          {KIND_ICONS[item.kind]}
        </span>
        <span className="tree-label">{item.label}</span>
        {item.hint && <span className="tree-hint">{item.hint}</span>}
      </button>
    </div>
  );
}

/** A long list of rows: its own scroll box, only the rows in view (and a few around them) in the page. */
function WindowedRows({ rows, label, ...rest }: { rows: TreeRow[]; label: string } & Omit<RowProps, 'row'>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  return (
    <div ref={scroller} className="tree-scroll" role="group" aria-label={`${label}: ${rows.length} rows`}>
      <ul className="tree" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => (
          <li
            key={rows[v.index].item.id}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              height: ROW_PX,
              transform: `translateY(${v.start}px)`,
            }}
          >
            <Row row={rows[v.index]} {...rest} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function Section({
  section,
  filter,
  selectedId,
  onSelect,
}: {
  section: OutlineSection;
  filter: string;
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const [open, setOpen] = useState(true);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => visibleRows(section.items, collapsed, filter), [section.items, collapsed, filter]);
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const filtering = filter.trim() !== '';
  const shown = filtering ? rows.filter((r) => r.depth === 0).length : section.items.length;
  const headingId = `section-${section.id}`;
  return (
    <section className="sidebar-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <button type="button" className="section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          <span className="section-title">{section.title}</span>
          <span
            className="section-count"
            aria-label={filtering ? `${shown} of ${section.items.length} items` : `${section.items.length} items`}
          >
            {filtering ? `${shown}/${section.items.length}` : section.items.length}
          </span>
        </button>
      </h2>
      {open &&
        (rows.length === 0 ? (
          <p className="section-empty">{filtering ? 'Nothing matches the filter' : 'None in this workspace'}</p>
        ) : rows.length > WINDOW_FROM ? (
          <WindowedRows
            rows={rows}
            label={section.title}
            selectedId={selectedId}
            onSelect={onSelect}
            onToggle={toggle}
          />
        ) : (
          <ul className="tree">
            {rows.map((row) => (
              <li key={row.item.id}>
                <Row row={row} selectedId={selectedId} onSelect={onSelect} onToggle={toggle} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** The sidebar. */
export function Sidebar({ sections, selectedId, onSelect }: SidebarProps) {
  const [filter, setFilter] = useState('');
  return (
    <nav className="sidebar" aria-label="Workspace">
      <div className="sidebar-title">Explorer</div>
      <div className="sidebar-filter">
        <input
          type="search"
          aria-label="Filter the explorer"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {sections.map((section) => (
        <Section key={section.id} section={section} filter={filter} selectedId={selectedId} onSelect={onSelect} />
      ))}
    </nav>
  );
}
