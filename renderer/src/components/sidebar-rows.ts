/**
 * The explorer's rows as a flat list: what is shown of a section's tree, given what the user collapsed and what the
 * filter box holds. The sidebar renders this list (windowed when it is long), so a 6,000-role workspace renders only
 * the rows in view.
 */
import type { OutlineItem } from '../workspace/outline';

/** One visible row. */
export interface TreeRow {
  item: OutlineItem;
  depth: number;
  hasChildren: boolean;
  /** Whether its children are shown. */
  open: boolean;
}

/** Whether an item's label or hint holds the filter (case-insensitive; the filter is already lower-cased). */
const matches = (item: OutlineItem, filter: string): boolean =>
  item.label.toLowerCase().includes(filter) || (item.hint?.toLowerCase().includes(filter) ?? false);

/**
 * The rows shown for `items`. Without a filter: every item whose ancestors are all open (`collapsed` holds the ids
 * the user closed). With a filter: the items that match it and their ancestors, opened so the matches show, plus the
 * children of a matching item when it is open.
 */
export function visibleRows(items: OutlineItem[], collapsed: ReadonlySet<string>, filter: string): TreeRow[] {
  const f = filter.trim().toLowerCase();
  const out: TreeRow[] = [];
  const walk = (list: OutlineItem[], depth: number): void => {
    for (const item of list) {
      const children = item.children ?? [];
      const open = !collapsed.has(item.id);
      out.push({ item, depth, hasChildren: children.length > 0, open });
      if (open) walk(children, depth + 1);
    }
  };
  if (f === '') {
    walk(items, 0);
    return out;
  }
  // Which items match or have a matching descendant (computed bottom-up once).
  const keep = new Set<OutlineItem>();
  const mark = (item: OutlineItem): boolean => {
    let any = matches(item, f);
    for (const c of item.children ?? []) if (mark(c)) any = true;
    if (any) keep.add(item);
    return any;
  };
  items.forEach(mark);
  const walkFiltered = (list: OutlineItem[], depth: number): void => {
    for (const item of list) {
      if (!keep.has(item)) continue;
      const children = item.children ?? [];
      const self = matches(item, f);
      // An item shown only for a descendant's match is opened to show it; a match keeps the user's open/closed.
      const open = self ? !collapsed.has(item.id) : true;
      out.push({ item, depth, hasChildren: children.length > 0, open });
      if (!open) continue;
      if (self) walk(children, depth + 1);
      else walkFiltered(children, depth + 1);
    }
  };
  walkFiltered(items, 0);
  return out;
}
