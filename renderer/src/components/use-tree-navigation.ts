/**
 * The explorer tree's actions (see sidebar.tsx): open/close a row, activate it (select an item, open/close a heading),
 * move the focus (scrolling the row into view; DOM focus follows once it is rendered), and the tree's key handler,
 * which applies what tree-keys.ts says a key does.
 */
import { useCallback } from 'react';
import type { Dispatch, KeyboardEvent, RefObject, SetStateAction } from 'react';
import { treeKeyAction } from '../workspace/tree-keys';
import type { TreeRow } from '../workspace/tree-rows';
import { TREE_ROW_HEIGHT } from './use-tree-window';
import type { TreeVirtualizer } from './use-tree-window';

/** What the actions work on: the rows shown, the focus, the window and the sidebar's state setters. */
export interface TreeNavigationInput {
  rows: TreeRow[];
  indexByKey: ReadonlyMap<string, number>;
  /** The tabbable row, where keys act. */
  tabIndexRow: number;
  virtualizer: TreeVirtualizer;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Set when a key press moved the focus (usePendingFocus then gives the row DOM focus). */
  pendingFocus: RefObject<boolean>;
  setToggled: Dispatch<SetStateAction<ReadonlySet<string>>>;
  setFocusedKey(key: string | null): void;
  onSelect(id: string): void;
}

/** The tree's actions. */
export interface TreeNavigation {
  toggle(row: TreeRow): void;
  activate(row: TreeRow): void;
  moveFocus(index: number): void;
  onTreeKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
}

/** The actions over `input` (toggle and activate keep their identity, so memoised rows do not render again). */
export function useTreeNavigation(input: TreeNavigationInput): TreeNavigation {
  const { rows, indexByKey, tabIndexRow, virtualizer, scrollRef, pendingFocus, setToggled, setFocusedKey, onSelect } =
    input;
  const toggle = useCallback(
    (row: TreeRow) => {
      if (!row.expandable) return;
      setToggled((t) => {
        const next = new Set(t);
        if (next.has(row.key)) next.delete(row.key);
        else next.add(row.key);
        return next;
      });
    },
    [setToggled],
  );

  const activate = useCallback(
    (row: TreeRow) => {
      setFocusedKey(row.key);
      if (row.item) onSelect(row.item.id);
      else toggle(row);
    },
    [onSelect, toggle, setFocusedKey],
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
    const parentIndex = current.parentKey === null ? undefined : indexByKey.get(current.parentKey);
    const action = treeKeyAction(event.key, {
      current,
      index: tabIndexRow,
      rowCount: rows.length,
      pageRows,
      parentIndex,
    });
    if (action === null) return;
    if (action.kind === 'focus') moveFocus(action.index);
    else if (action.kind === 'toggle') toggle(current);
    else if (action.kind === 'activate') activate(current);
    event.preventDefault();
  };

  return { toggle, activate, moveFocus, onTreeKeyDown };
}
