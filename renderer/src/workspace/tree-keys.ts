/**
 * What a key press in the explorer tree does, following the WAI-ARIA tree view pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/): ↑/↓ move one row, PageUp/PageDown a page, Home/End go to the
 * first/last row, → opens a closed row or goes to the first child of an open one, ← closes an open row or goes to
 * the parent, Enter/Space activate. Pure: the sidebar applies the answer (moves focus, toggles, selects).
 */
import type { TreeRow } from './tree-rows';

/** The answer for one key: move the focus to a row index (not yet clamped), open/close, activate, or nothing. */
export type TreeKeyAction =
  | { kind: 'focus'; index: number }
  | { kind: 'toggle' }
  | { kind: 'activate' }
  /** The key belongs to the tree (its default is prevented) but changes nothing here, e.g. → on a leaf. */
  | { kind: 'none' };

/** Where the key is pressed: the focused row, its index, how many rows there are, a page's rows, the parent's index. */
export interface TreeKeyContext {
  current: TreeRow;
  index: number;
  rowCount: number;
  pageRows: number;
  /** Index of the current row's parent, undefined for a heading or a parent not shown. */
  parentIndex: number | undefined;
}

/** The action for `key`, or null when the key is not one the tree handles (its default then stays). */
export function treeKeyAction(key: string, at: TreeKeyContext): TreeKeyAction | null {
  const { current, index } = at;
  const focus = (i: number): TreeKeyAction => ({ kind: 'focus', index: i });
  switch (key) {
    case 'ArrowDown':
      return focus(index + 1);
    case 'ArrowUp':
      return focus(index - 1);
    case 'PageDown':
      return focus(index + at.pageRows);
    case 'PageUp':
      return focus(index - at.pageRows);
    case 'Home':
      return focus(0);
    case 'End':
      return focus(at.rowCount - 1);
    case 'ArrowRight':
      if (current.expandable && !current.expanded) return { kind: 'toggle' };
      return current.expanded ? focus(index + 1) : { kind: 'none' };
    case 'ArrowLeft':
      if (current.expandable && current.expanded) return { kind: 'toggle' };
      return current.parentKey !== null ? focus(at.parentIndex ?? index) : { kind: 'none' };
    case 'Enter':
    case ' ':
      return { kind: 'activate' };
    default:
      return null;
  }
}
