/** The workbench's tab strip: one tab per view, with a count badge where a view has something to show. */
import type { KeyboardEvent } from 'react';
import { sessionActions, useAnalysis, useDrafts, useNav, useResults } from './use-session';
import type { AnalysisState, View } from './session-store';
import { changesBadge } from '../changes/diff-report';
import { changedSettings } from '../settings/settings-model';

/** The views, in tab order. */
export const TABS: { id: View; label: string }[] = [
  { id: 'explorer', label: 'Explorer' },
  { id: 'identity', label: 'Identity' },
  { id: 'access', label: 'Access' },
  { id: 'whoCan', label: 'Who can' },
  { id: 'canAnyone', label: 'Can anyone?' },
  { id: 'findings', label: 'Findings' },
  { id: 'changes', label: 'Changes' },
  { id: 'policies', label: 'Edit policies' },
  { id: 'debug', label: 'Debug AccessDenied' },
  { id: 'problems', label: 'Problems' },
  { id: 'settings', label: 'Settings' },
];

/** The label of a view's tab. */
export const tabLabel = (view: View): string => TABS.find((t) => t.id === view)?.label ?? view;

/** Arrow keys move between tabs (and focus the one chosen), wrapping at both ends. */
function onTabKey(e: KeyboardEvent<HTMLButtonElement>, i: number) {
  const next =
    e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : -1;
  if (next < 0) return;
  e.preventDefault();
  sessionActions.setView(TABS[next].id);
  document.getElementById(`tab-${TABS[next].id}`)?.focus();
}

/** What the tabs count. */
interface TabCounts {
  problemCount: number;
  audit: AnalysisState['audit'];
  changeCount: string;
  settingsChanged: number;
}

/** The count shown on a tab: load problems, findings, changed decisions or settings changed from the defaults. */
function TabBadge({ view, counts }: { view: View; counts: TabCounts }) {
  const { problemCount, audit, changeCount, settingsChanged } = counts;
  return (
    <>
      {view === 'problems' && problemCount > 0 && <span className="tab-count">{problemCount}</span>}
      {view === 'findings' && audit && audit.findings.length > 0 && (
        <span
          className={`tab-count ${audit.summary.high > 0 ? 'tab-count-high' : ''}`}
          aria-label={`${audit.findings.length} findings`}
        >
          {audit.findings.length}
        </span>
      )}
      {view === 'changes' && changeCount && (
        <span className="tab-count tab-count-change" aria-label={`${changeCount} changed decisions`}>
          {changeCount}
        </span>
      )}
      {view === 'settings' && settingsChanged > 0 && (
        <span className="tab-count" aria-label={`${settingsChanged} changed from the defaults`}>
          {settingsChanged}
        </span>
      )}
    </>
  );
}

/** The tab strip (a WAI-ARIA tablist; each tab controls the panel `panel-<view>`). */
export function WorkbenchTabs() {
  const view = useNav((s) => s.view);
  const counts: TabCounts = {
    problemCount: useResults((s) => s.summary?.diagnostics.length ?? 0),
    audit: useAnalysis((s) => s.audit),
    changeCount: changesBadge(useAnalysis((s) => s.diff)),
    settingsChanged: changedSettings(useDrafts((s) => s.draft?.settings)),
  };
  return (
    <div className="rc-tabs" role="tablist" aria-label="Views">
      {TABS.map((t, i) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={view === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={view === t.id ? 0 : -1}
          onClick={() => sessionActions.setView(t.id)}
          onKeyDown={(e) => onTabKey(e, i)}
        >
          {t.label}
          <TabBadge view={t.id} counts={counts} />
        </button>
      ))}
    </div>
  );
}
