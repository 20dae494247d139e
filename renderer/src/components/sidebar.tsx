/**
 * The workspace outline: identity pools, roles (with their policies), managed policies, resource policies and
 * resources. Every row is a button; the selected one is marked with `aria-current`.
 */
import { useState } from 'react';
import type { OutlineItem, OutlineSection } from '../workspace/outline';

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

function ItemRow({
  item,
  depth,
  selectedId,
  onSelect,
}: {
  item: OutlineItem;
  depth: number;
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const [open, setOpen] = useState(true);
  const hasChildren = (item.children?.length ?? 0) > 0;
  return (
    <li>
      <div className="tree-row" style={{ paddingLeft: `${8 + depth * 14}px` }}>
        {hasChildren ? (
          <button
            type="button"
            className="twisty"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${item.label}`}
            onClick={() => setOpen(!open)}
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
      {hasChildren && open && (
        <ul className="tree-children">
          {item.children!.map((child) => (
            <ItemRow key={child.id} item={child} depth={depth + 1} selectedId={selectedId} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Section({
  section,
  selectedId,
  onSelect,
}: {
  section: OutlineSection;
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const [open, setOpen] = useState(true);
  const headingId = `section-${section.id}`;
  return (
    <section className="sidebar-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <button type="button" className="section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          <span className="section-title">{section.title}</span>
          <span className="section-count" aria-label={`${section.items.length} items`}>
            {section.items.length}
          </span>
        </button>
      </h2>
      {open &&
        (section.items.length === 0 ? (
          <p className="section-empty">None in this workspace</p>
        ) : (
          <ul className="tree">
            {section.items.map((item) => (
              <ItemRow key={item.id} item={item} depth={0} selectedId={selectedId} onSelect={onSelect} />
            ))}
          </ul>
        ))}
    </section>
  );
}

/** The sidebar. */
export function Sidebar({ sections, selectedId, onSelect }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Workspace">
      <div className="sidebar-title">Explorer</div>
      {sections.map((section) => (
        <Section key={section.id} section={section} selectedId={selectedId} onSelect={onSelect} />
      ))}
    </nav>
  );
}
