/**
 * Collapsing the explorer sidebar: a button hides it (leaving a narrow strip with a button to show it again), and the
 * choice is remembered across sessions, so a small window keeps its room for the matrix.
 */
import { useCallback, useState } from 'react';

const KEY = 'rolecall.sidebarCollapsed';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Whether the sidebar is collapsed, and its setter (remembered). */
export function useSidebarCollapsed(): [boolean, (collapsed: boolean) => void] {
  const [collapsed, setCollapsed] = useState(stored);
  const set = useCallback((next: boolean) => {
    setCollapsed(next);
    try {
      localStorage.setItem(KEY, next ? '1' : '0');
    } catch {
      // storage unavailable: the choice lasts for this window only
    }
  }, []);
  return [collapsed, set];
}

/** The button that hides or shows the explorer sidebar. */
export function SidebarToggle({ collapsed, onToggle }: { collapsed: boolean; onToggle(): void }) {
  return (
    <button
      type="button"
      className="sidebar-toggle"
      aria-expanded={!collapsed}
      aria-controls="workspace-explorer"
      aria-label={collapsed ? 'Show the explorer' : 'Hide the explorer'}
      title={collapsed ? 'Show the explorer' : 'Hide the explorer'}
      onClick={onToggle}
    >
      <span aria-hidden="true">{collapsed ? '»' : '«'}</span>
    </button>
  );
}
