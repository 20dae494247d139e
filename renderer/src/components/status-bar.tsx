/**
 * The status bar: counts of what is loaded, the host, and the last notice.
 */
import type { Workspace } from '../../../policy-engine/model/index';

/** Props of StatusBar. */
export interface StatusBarProps {
  workspace: Workspace | null;
  notice: string | null;
  isDesktop: boolean;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The status bar. */
export function StatusBar({ workspace, notice, isDesktop }: StatusBarProps) {
  const counts = workspace
    ? [
        count(workspace.identityPools?.length ?? 0, 'identity pool'),
        count(workspace.iam?.RoleDetailList?.length ?? 0, 'role'),
        count(workspace.iam?.Policies?.length ?? 0, 'managed policy', 'managed policies'),
        count(workspace.resources?.length ?? 0, 'resource'),
      ]
    : [];
  return (
    <footer className="status-bar" aria-label="Status bar">
      <span className="status-item">{isDesktop ? 'Desktop' : 'Browser host · 127.0.0.1'}</span>
      {counts.map((c) => (
        <span key={c} className="status-item">
          {c}
        </span>
      ))}
      <span className="status-notice" role="status" aria-live="polite">
        {notice ?? ''}
      </span>
      <span className="status-item">Offline · nothing leaves this machine</span>
    </footer>
  );
}
