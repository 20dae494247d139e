/**
 * The hooks behind the explorer tree's window (see sidebar.tsx): the virtualizer that keeps only the rows in view
 * (and the tabbable row) in the DOM, the reveal of the selection (open its ancestors, scroll it into view), and
 * moving DOM focus to a row once a key press has made it rendered.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { Dispatch, RefObject, SetStateAction } from 'react';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import type { Range, Virtualizer } from '@tanstack/react-virtual';
import type { OutlineSection } from '../workspace/outline';
import { ancestorKeys } from '../workspace/tree-rows';
import type { TreeRow } from '../workspace/tree-rows';
import { rowDomId } from './tree-row';

/** Height of one row in px (fixed, so the window needs no measuring). */
export const TREE_ROW_HEIGHT = 22;
/** Rows kept in the DOM above and below the window. */
const OVERSCAN = 10;

/** The tree's virtualizer. */
export type TreeVirtualizer = Virtualizer<HTMLDivElement, Element>;

/** The virtualizer over `rows` in `scrollRef`, which always renders row `keepIndex` (the tabbable row) too. */
export function useTreeWindow(
  rows: TreeRow[],
  scrollRef: RefObject<HTMLDivElement | null>,
  keepIndex: number,
): TreeVirtualizer {
  const keepInDom = useRef(keepIndex);
  keepInDom.current = keepIndex;
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

  return useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TREE_ROW_HEIGHT,
    overscan: OVERSCAN,
    rangeExtractor,
    getItemKey: (index) => rows[index]!.key,
  });
}

/** What the reveal needs: the selection, where each row is, the outline, the user's toggles and the filter. */
export interface RevealInput {
  selectedId: string | null;
  indexByKey: ReadonlyMap<string, number>;
  sections: OutlineSection[];
  toggled: ReadonlySet<string>;
  setToggled: Dispatch<SetStateAction<ReadonlySet<string>>>;
  filter: string;
  virtualizer: TreeVirtualizer;
}

/**
 * When the selection changes (here or elsewhere in the app), open its ancestors and scroll it into view, once per
 * selection; a new outline forgets which selection was revealed.
 */
export function useRevealSelection(input: RevealInput): void {
  const { selectedId, indexByKey, sections, toggled, setToggled, filter, virtualizer } = input;
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
  }, [selectedId, indexByKey, sections, toggled, setToggled, filter, virtualizer]);
  useEffect(() => {
    lastRevealed.current = null;
  }, [sections]);
}

/**
 * After every render: when a key press moved the focus (`pending`), give the focused row DOM focus as soon as it is
 * rendered.
 */
export function usePendingFocus(
  pending: RefObject<boolean>,
  focusedKey: string | null,
  scrollRef: RefObject<HTMLDivElement | null>,
): void {
  useEffect(() => {
    if (!pending.current || focusedKey === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`#${rowDomId(focusedKey)}`);
    if (element) {
      pending.current = false;
      element.focus({ preventScroll: true });
    }
  });
}
