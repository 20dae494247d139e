/**
 * The workbench's tab panel: the view chosen in the tab strip, inside an error boundary. Each view is wired to the
 * session by a small component of its own below (what it reads, what it calls).
 */
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useThemeStore, type Theme } from '../../store/theme-store';
import { useWorkspaceStore } from '../../store/workspace-store';
import type { Workspace } from '../../../../policy-engine/model/index';
import { SCOPE_DOWN_IDS } from '../../../../policy-engine/cognito/index';
import {
  keepEditsAndReload,
  sessionActions,
  useAnalysis,
  useDrafts,
  useIdentity,
  useNav,
  useResults,
} from './use-session';
import { ViewErrorBoundary } from '../../components/view-error-boundary';
import { getEngine, RULES_POLICY_ID, type View } from './session-store';
import { policyIdOfOutlineItem } from './outline-link';
import { tabLabel } from './workbench-tabs';
import { AccessView } from './access-view';
import { IdentityFormView } from '../identity/identity-panel';
import { ResolutionTrace } from '../identity/resolution-trace';
import { PoliciesView } from '../editor/policies-view';
import { DebugPanel } from '../debug/debug-panel';
import { ProblemsList } from '../load/problems-list';
import { FindingsView } from '../findings/findings-view';
import { WhoCanView } from '../who-can/who-can-view';
import { CanAnyoneView } from '../can-anyone/can-anyone-view';
import { ChangesView } from '../changes/changes-view';
import { SettingsView } from '../settings/settings-view';
import type { IdentityClass, WorkspaceSummary } from '../../engine/protocol';

const SCOPE_DOWN_POLICY_IDS: ReadonlySet<string> = new Set(Object.values(SCOPE_DOWN_IDS));

const reloadKeepingEdits = () => void keepEditsAndReload();
const loadClasses = (opts?: { principals?: false }): Promise<IdentityClass[]> => getEngine().classes(new Date(), opts);
const reachOf = (c: IdentityClass) => getEngine().reach(c, new Date());

/**
 * Opens a policy at a file line (and column: exact inside a JSON string); Cognito's guest scope-down session policies
 * live in the Settings view instead.
 */
export const openPolicy = (id: string, line: number, column?: number) =>
  SCOPE_DOWN_POLICY_IDS.has(id)
    ? sessionActions.openSetting('scopeDownPolicies')
    : sessionActions.revealPolicy(id, line, column);

/** What every view of a loaded workspace is given. */
interface ViewProps {
  summary: WorkspaceSummary;
  draft: Workspace | null;
  theme: Theme;
  /** The policy the editor shows, and how to pick another. */
  policyId: string | null;
  onSelectPolicy: (id: string) => void;
}

function IdentityPanel({ draft }: ViewProps) {
  const form = useIdentity((s) => s.form);
  const compareForm = useIdentity((s) => s.compareForm);
  const resolution = useResults((s) => s.resolution);
  return (
    <div className={`identity-view ${compareForm ? 'comparing' : ''}`}>
      <div className="identity-forms">
        <h2>{compareForm ? 'Identity A' : 'Identity'}</h2>
        <IdentityFormView
          workspace={draft}
          form={form}
          onChange={sessionActions.setForm}
          label="Identity A"
          resolution={form.kind === 'identity' ? resolution : null}
        />
        {compareForm && (
          <>
            <h2>Identity B</h2>
            <IdentityFormView
              workspace={draft}
              form={compareForm}
              onChange={(p) => sessionActions.setCompareForm({ ...compareForm, ...p })}
              idPrefix="idb"
              label="Identity B"
            />
          </>
        )}
      </div>
      <div className="identity-trace">
        <h2>How Cognito picks the role</h2>
        <ResolutionTrace resolution={form.kind === 'identity' ? resolution : null} onOpenPolicy={openPolicy} />
        {form.kind === 'principal' && (
          <p className="hint">An IAM principal is evaluated as it is; there is no role resolution.</p>
        )}
      </div>
    </div>
  );
}

function PoliciesPanel({ summary, draft, theme, policyId, onSelectPolicy }: ViewProps) {
  const baselineTexts = useDrafts((s) => s.baselineTexts);
  const matrix = useResults((s) => s.matrix);
  const lastUpdateMs = useResults((s) => s.lastUpdateMs);
  const reveal = useNav((s) => s.reveal);
  if (!draft) return null;
  return (
    <PoliciesView
      draft={draft}
      summary={summary}
      baselineTexts={baselineTexts}
      selectedPolicyId={policyId}
      onSelectPolicy={onSelectPolicy}
      onEdit={sessionActions.editPolicy}
      onEditRules={sessionActions.editRules}
      matrix={matrix}
      onSelectCell={(c) => {
        sessionActions.setView('access');
        void sessionActions.selectCell(c);
      }}
      reveal={reveal}
      theme={theme}
      lastUpdateMs={lastUpdateMs}
    />
  );
}

function WhoCanPanel({ summary, draft, theme }: ViewProps) {
  const whoCan = useAnalysis((s) => s.whoCan);
  return (
    <WhoCanView
      summary={summary}
      region={draft?.region}
      state={whoCan}
      onAsk={(a, r) => void sessionActions.askWhoCan(a, r)}
      explain={sessionActions.explain}
      loadClasses={loadClasses}
      reach={reachOf}
      policies={summary.policies}
      theme={theme}
      onEditPolicy={openPolicy}
      onOpenSetting={sessionActions.openSetting}
    />
  );
}

function FindingsPanel({ summary, draft }: ViewProps) {
  const audit = useAnalysis((s) => s.audit);
  const busy = useAnalysis((s) => s.analysisBusy);
  const error = useAnalysis((s) => s.analysisError);
  const policyIds = useMemo(() => new Set(summary.policies.map((p) => p.policyId)), [summary]);
  return (
    <FindingsView
      audit={audit}
      busy={busy}
      error={error}
      workspaceName={draft?.name}
      policyIds={policyIds}
      onOpenPolicy={openPolicy}
      onOpenRule={(key, i) =>
        i === null ? sessionActions.revealPolicy(RULES_POLICY_ID, 1) : sessionActions.revealRule(key, i)
      }
      onOpenSetting={sessionActions.openSetting}
    />
  );
}

function ChangesPanel({ draft }: ViewProps) {
  const diff = useAnalysis((s) => s.diff);
  const busy = useAnalysis((s) => s.analysisBusy);
  const dirty = useDrafts((s) => s.dirty);
  return <ChangesView diff={diff} dirty={dirty} busy={busy} workspaceName={draft?.name} onOpenPolicy={openPolicy} />;
}

function SettingsPanel({ draft, theme }: ViewProps) {
  const focus = useNav((s) => s.settingFocus);
  return <SettingsView settings={draft?.settings} onChange={sessionActions.editSettings} focus={focus} theme={theme} />;
}

/** The views that need the engine's summary of the workspace. */
const SUMMARY_VIEWS: Record<Exclude<View, 'explorer' | 'debug'>, (props: ViewProps) => ReactNode> = {
  access: ({ summary, theme }) => (
    <AccessView summary={summary} theme={theme} onOpenPolicy={openPolicy} loadClasses={loadClasses} />
  ),
  identity: IdentityPanel,
  policies: PoliciesPanel,
  whoCan: WhoCanPanel,
  canAnyone: ({ summary, theme }) => (
    <CanAnyoneView
      summary={summary}
      explain={sessionActions.explain}
      policies={summary.policies}
      theme={theme}
      onEditPolicy={openPolicy}
      onOpenSetting={sessionActions.openSetting}
    />
  ),
  findings: FindingsPanel,
  changes: ChangesPanel,
  settings: SettingsPanel,
  problems: ({ summary }) => (
    <div className="problems-view">
      <h2>Problems found while loading</h2>
      <ProblemsList diagnostics={summary.diagnostics} onOpen={openPolicy} />
    </div>
  ),
};

/** The Explorer tab: the shell's document view, with a way into the editor for a selected policy. */
function ExplorerPanel({ explorer, summary }: { explorer: ReactNode; summary: WorkspaceSummary | null }) {
  const selectedOutline = useWorkspaceStore((s) => s.selectedId);
  const draft = useDrafts((s) => s.draft);
  const selected = selectedOutline ? policyIdOfOutlineItem(selectedOutline, draft) : null;
  return (
    <div className="explorer-view">
      {selected && summary?.policies.some((p) => p.policyId === selected) && (
        <div className="explorer-bar">
          <button type="button" className="link-button" onClick={() => openPolicy(selected, 1)}>
            Edit this policy and see what changes
          </button>
        </div>
      )}
      <div className="explorer-body">{explorer}</div>
    </div>
  );
}

/** The view shown for the tab chosen. */
function ViewContent({ view, explorer, policyId, onSelectPolicy }: WorkbenchPanelProps) {
  const summary = useResults((s) => s.summary);
  const draft = useDrafts((s) => s.draft);
  const theme = useThemeStore((s) => s.theme);
  if (view === 'explorer') return <ExplorerPanel explorer={explorer} summary={summary} />;
  if (view === 'debug')
    return (
      <DebugPanel
        workspace={draft}
        policies={summary?.policies ?? []}
        theme={theme}
        explain={sessionActions.explain}
        onEditPolicy={openPolicy}
      />
    );
  if (!summary) return null;
  const Content = SUMMARY_VIEWS[view];
  return <Content summary={summary} draft={draft} theme={theme} policyId={policyId} onSelectPolicy={onSelectPolicy} />;
}

/** Props of WorkbenchPanel. */
export interface WorkbenchPanelProps {
  view: View;
  /** The shell's read-only document view and details of the explorer's selection (the Explorer tab). */
  explorer: ReactNode;
  policyId: string | null;
  onSelectPolicy: (id: string) => void;
}

/** The tab panel of the view chosen; a view that fails shows its error and a reload, not a blank window. */
export function WorkbenchPanel(props: WorkbenchPanelProps) {
  const { view } = props;
  return (
    <div className="rc-panel" id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`}>
      <ViewErrorBoundary what={`The ${tabLabel(view)} view`} resetKey={view} onReload={reloadKeepingEdits}>
        <ViewContent {...props} />
      </ViewErrorBoundary>
    </div>
  );
}
