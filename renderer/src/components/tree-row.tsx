/**
 * One row of the explorer tree (see sidebar.tsx): a section heading with its title and item count, or an outline
 * item with its icon, label and hint. Positioned absolutely inside the windowed list; carries the ARIA tree-item
 * attributes so a screen reader hears its level and place among its siblings.
 */
import { memo } from 'react';
import type { OutlineItem } from '../workspace/outline';
import type { TreeRow } from '../workspace/tree-rows';

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

/** The DOM id of a row (its key, made safe for a CSS selector). */
export const rowDomId = (key: string): string => `tree-row-${encodeURIComponent(key).replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Props of Row. */
export interface RowProps {
  row: TreeRow;
  top: number;
  selected: boolean;
  tabbable: boolean;
  onActivate(row: TreeRow): void;
  onToggle(row: TreeRow): void;
}

/** One row. A heading row shows its section's title and item count; an item row its icon, label and hint. */
export const Row = memo(function Row({ row, top, selected, tabbable, onActivate, onToggle }: RowProps) {
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
