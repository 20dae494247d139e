/**
 * A vertical splitter that sets the width of the pane to its right (the explanation next to the matrix): drag it, or
 * focus it and use the arrow keys (Home/End for the narrowest/widest). The width is remembered across sessions.
 */
import { useCallback, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';

/** Narrowest the pane may be (px). */
export const PANE_MIN = 300;
/** Widest the pane may be (px). */
export const PANE_MAX = 900;
/** The pane's width until the user resizes it (px). */
export const PANE_DEFAULT = 440;
const STEP = 40;
const KEY = 'rolecall.explainPaneWidth';

/** A width kept within the pane's limits. */
export function clampPaneWidth(width: number): number {
  return Number.isFinite(width) ? Math.round(Math.min(PANE_MAX, Math.max(PANE_MIN, width))) : PANE_DEFAULT;
}

function stored(): number {
  try {
    const v = Number(localStorage.getItem(KEY));
    return v ? clampPaneWidth(v) : PANE_DEFAULT;
  } catch {
    return PANE_DEFAULT;
  }
}

/** The pane width and its setter (clamped, remembered). */
export function usePaneWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(stored);
  const set = useCallback((w: number) => {
    const next = clampPaneWidth(w);
    setWidth(next);
    try {
      localStorage.setItem(KEY, String(next));
    } catch {
      // storage unavailable: the width lasts for this window only
    }
  }, []);
  return [width, set];
}

/** Props of PaneSplitter. */
export interface PaneSplitterProps {
  width: number;
  onWidth(width: number): void;
  label: string;
  /** The widest the pane may grow here (the room beside its neighbour); PANE_MAX when absent. */
  max?: number;
}

/** The splitter. */
export function PaneSplitter({ width, onWidth: setWidth, label, max = PANE_MAX }: PaneSplitterProps) {
  const widest = Math.max(PANE_MIN, Math.min(PANE_MAX, max));
  const onWidth = (w: number) => setWidth(Math.min(widest, w));
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const next =
      e.key === 'ArrowLeft'
        ? width + STEP
        : e.key === 'ArrowRight'
          ? width - STEP
          : e.key === 'Home'
            ? PANE_MIN
            : e.key === 'End'
              ? widest
              : null;
    if (next === null) return;
    e.preventDefault();
    onWidth(next);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const startX = e.clientX;
    const startWidth = width;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (m: globalThis.PointerEvent) => onWidth(startWidth + (startX - m.clientX));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  return (
    <div
      className="pane-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuemin={PANE_MIN}
      aria-valuemax={widest}
      aria-valuenow={width}
      tabIndex={0}
      title="Drag, or use the arrow keys, to resize"
      onKeyDown={onKey}
      onPointerDown={onPointerDown}
    />
  );
}
