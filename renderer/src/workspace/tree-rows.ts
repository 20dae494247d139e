/**
 * The explorer tree as a flat list of the rows a user can see: section headings (level 1) and outline items (level
 * 2 and deeper), only under expanded parents, optionally narrowed by a filter. The sidebar windows this list, so only
 * the rows in view are in the DOM, while every row still knows its level, its position among its siblings and how
 * many siblings it has (aria-level / aria-posinset / aria-setsize), so a screen reader hears the full size.
 * Pure: tested without a DOM.
 */
import type { OutlineItem, OutlineSection } from './outline';

/** One visible row of the tree. */
export interface TreeRow {
  /** Unique per row: `section:<id>` for a heading, the item's id otherwise. */
  key: string;
  /** 1 for a section heading, 2 for a top-level item, and so on. */
  level: number;
  /** 1-based position among the siblings shown at this level. */
  posInSet: number;
  /** How many siblings are shown at this level (with no filter: all of them, in view or not). */
  setSize: number;
  /** Whether the row has children (a section with items, an item with children). */
  expandable: boolean;
  expanded: boolean;
  /** The key of the parent row, null for a section heading. */
  parentKey: string | null;
  /** The item itself (absent for a section heading). */
  item?: OutlineItem;
  /** The section (present for a heading). */
  section?: OutlineSection;
  /** Whether this row matches the filter itself (false when there is no filter). */
  match: boolean;
}

/** The rows and, with a filter, how many items match it. */
export interface TreeRows {
  rows: TreeRow[];
  /** Items (at any depth) whose name or ARN contains the filter; 0 with no filter. */
  matchCount: number;
}

/** Key of a section's heading row. */
export const sectionKey = (section: OutlineSection): string => `section:${section.id}`;

/** The properties whose values identify an item (its ARN or pool id), searched by the filter as well as the label. */
const IDENTIFYING_PROPERTIES = new Set(['ARN', 'Policy ARN', 'Resource', 'Identity pool id']);

const haystacks = new WeakMap<OutlineItem, string>();

/** What the filter searches in an item: its label and identifying values, lower-cased (cached per item). */
function haystack(item: OutlineItem): string {
  let text = haystacks.get(item);
  if (text === undefined) {
    const parts = [item.label];
    for (const [name, value] of item.properties) if (IDENTIFYING_PROPERTIES.has(name)) parts.push(value);
    text = parts.join('\n').toLowerCase();
    haystacks.set(item, text);
  }
  return text;
}

/** Whether an item's name or ARN contains `needle` (already lower-cased), ignoring case. */
export function itemMatches(item: OutlineItem, needle: string): boolean {
  return needle !== '' && haystack(item).includes(needle);
}

/**
 * The visible rows.
 * - With no filter, every section and item is expanded unless its key is in `toggled` (the user collapsed it).
 * - With a filter (case-insensitive substring of names and ARNs), a row is shown when it matches or something
 *   under it matches, so every match keeps its ancestors; rows leading to a match are expanded, a match's own
 *   children are not, and a key in `toggled` flips that (so a user can open a match to see what is under it).
 */
export function visibleRows(sections: OutlineSection[], toggled: ReadonlySet<string>, filter: string): TreeRows {
  const needle = filter.trim().toLowerCase();
  const rows: TreeRow[] = [];
  let matchCount = 0;

  // With a filter: first decide, bottom-up, which items are shown (they match or lead to a match).
  const leadsToMatch = new Set<OutlineItem>();
  const mark = (item: OutlineItem): boolean => {
    let below = false;
    for (const child of item.children ?? []) if (mark(child)) below = true;
    const self = itemMatches(item, needle);
    if (self) matchCount += 1;
    if (below) leadsToMatch.add(item);
    return self || below;
  };
  // (filter, not some: every item is marked, so matchCount counts every match.)
  const shownSections = needle === '' ? sections : sections.filter((s) => s.items.filter(mark).length > 0);

  // Then lay out the rows: with no filter every row opens; with one, ancestors of matches open, a match's own subtree
  // stays closed; a key in `toggled` flips either.
  const addItems = (items: OutlineItem[], level: number, parentKey: string, narrowing: boolean) => {
    const list = narrowing ? items.filter((i) => leadsToMatch.has(i) || itemMatches(i, needle)) : items;
    list.forEach((item, index) => {
      const expandable = (item.children?.length ?? 0) > 0;
      const onTheWay = narrowing && leadsToMatch.has(item);
      const expanded = expandable && (needle === '' || onTheWay) !== toggled.has(item.id);
      rows.push({
        key: item.id,
        level,
        posInSet: index + 1,
        setSize: list.length,
        expandable,
        expanded,
        parentKey,
        item,
        match: itemMatches(item, needle),
      });
      // Below a row on the way to a match only matches and their ancestors are listed; below a match the user opened
      // (or with no filter), all its children are.
      if (expanded) addItems(item.children!, level + 1, item.id, onTheWay);
    });
  };
  shownSections.forEach((section, index) => {
    const key = sectionKey(section);
    const expandable = section.items.length > 0;
    const expanded = expandable && !toggled.has(key);
    rows.push({
      key,
      level: 1,
      posInSet: index + 1,
      setSize: shownSections.length,
      expandable,
      expanded,
      parentKey: null,
      section,
      match: false,
    });
    if (expanded) addItems(section.items, 2, key, needle !== '');
  });
  return { rows, matchCount };
}

/** The keys of the rows above an item (its section first), or null when the item is not in the outline. */
export function ancestorKeys(sections: OutlineSection[], id: string): string[] | null {
  const walk = (items: OutlineItem[], path: string[]): string[] | null => {
    for (const item of items) {
      if (item.id === id) return path;
      if (item.children) {
        const found = walk(item.children, [...path, item.id]);
        if (found) return found;
      }
    }
    return null;
  };
  for (const section of sections) {
    const found = walk(section.items, [sectionKey(section)]);
    if (found) return found;
  }
  return null;
}
