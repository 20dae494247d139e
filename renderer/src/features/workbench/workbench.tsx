/**
 * The analysis workbench: the views of the six journeys in one tabbed area, driven by the session store and fed
 * by the workspace store (whatever was opened, imported, fetched or dropped).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { api } from '../../api';
import { useThemeStore } from '../../store/theme-store';
import { draftOf, loadSourceOf, useWorkspaceStore } from '../../store/workspace-store';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/index';
import {
  keepEditsAndReload,
  saveWorkspaceWithEdits,
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
import { HeldBackBanner } from './held-back-banner';
import { AccessView } from './access-view';
import { IdentityFormView, ResolutionTrace } from '../identity/identity-panel';
import { PoliciesView } from '../editor/policies-view';
import { normaliseDocuments } from '../editor/workspace-edit';
import { DebugPanel } from '../debug/debug-panel';
import { FetchDialog } from '../load/fetch-dialog';
import { DropZone, type DroppedFile } from '../load/drop-zone';
import { ProblemsList } from '../load/problems-list';
import { FindingsView } from '../findings/findings-view';
import { WhoCanView } from '../who-can/who-can-view';
import { CanAnyoneView } from '../can-anyone/can-anyone-view';
import { ChangesView } from '../changes/changes-view';
import { changesBadge } from '../changes/diff-report';
import { SettingsView } from '../settings/settings-view';
import { changedSettings } from '../settings/settings-model';
import type { IdentityClass } from '../../engine/protocol';
import { SCOPE_DOWN_IDS } from '../../../../policy-engine/cognito/index';
import './workbench.css';
import './review.css';

const TABS: { id: View; label: string }[] = [
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

const SCOPE_DOWN_POLICY_IDS: ReadonlySet<string> = new Set(Object.values(SCOPE_DOWN_IDS));

const reloadKeepingEdits = () => void keepEditsAndReload();
const loadClasses = (opts?: { principals?: false }): Promise<IdentityClass[]> => getEngine().classes(new Date(), opts);
const reachOf = (c: IdentityClass) => getEngine().reach(c, new Date());

/** Props of Workbench. */
export interface WorkbenchProps {
  /** The shell's read-only document view and details of the explorer's selection (the Explorer tab). */
  explorer?: ReactNode;
}

/** The workbench. */
export function Workbench({ explorer }: WorkbenchProps) {
  const workspace = useWorkspaceStore((s) => s.workspace);
  const selectedOutline = useWorkspaceStore((s) => s.selectedId);
  const theme = useThemeStore((s) => s.theme);
  const draft = useDrafts((s) => s.draft);
  const dirty = useDrafts((s) => s.dirty);
  const recoverableDraft = useDrafts((s) => s.recoverableDraft);
  const draftKept = useDrafts((s) => s.draftKept);
  const undoStack = useDrafts((s) => s.undoStack);
  const redoStack = useDrafts((s) => s.redoStack);
  const baselineTexts = useDrafts((s) => s.baselineTexts);
  const view = useNav((s) => s.view);
  const reveal = useNav((s) => s.reveal);
  const settingFocus = useNav((s) => s.settingFocus);
  const form = useIdentity((s) => s.form);
  const compareForm = useIdentity((s) => s.compareForm);
  const summary = useResults((s) => s.summary);
  const resolution = useResults((s) => s.resolution);
  const matrix = useResults((s) => s.matrix);
  const lastUpdateMs = useResults((s) => s.lastUpdateMs);
  const engineError = useResults((s) => s.engineError);
  const audit = useAnalysis((s) => s.audit);
  const diff = useAnalysis((s) => s.diff);
  const analysisBusy = useAnalysis((s) => s.analysisBusy);
  const analysisError = useAnalysis((s) => s.analysisError);
  const whoCan = useAnalysis((s) => s.whoCan);
  const [policyId, setPolicyId] = useState<string | null>(null);
  const [fetchOpen, setFetchOpen] = useState(false);

  // A newly loaded workspace becomes the baseline; a crash-saved draft of it is offered back.
  useEffect(() => {
    if (!workspace) return;
    // Positions are given in the file the workspace was read from; for an import, in the files it read (its own text
    // is Rolecall's generated workspace, which the user never saw).
    void sessionActions.init(workspace, loadSourceOf(useWorkspaceStore.getState(), workspace));
    // The draft offered for the workspace open before is withdrawn at once: restoring it here would put A's edits
    // into B (and saving would write them to B's file). Then only this workspace's own draft is looked up: drafts are
    // kept per workspace, so one of another file is never offered here.
    sessionActions.setRecoverableDraft(null);
    void api.loadDraft({ of: draftOf(useWorkspaceStore.getState().source) }).then((r) => {
      if (!r.ok || !r.value.draft || useWorkspaceStore.getState().workspace !== workspace) return;
      const current = serializeWorkspace(normaliseDocuments(workspace));
      sessionActions.setRecoverableDraft(r.value.draft.text !== current ? r.value.draft.text : null);
    });
  }, [workspace]);

  // Picking an item in the explorer shows it (not on the default selection a fresh load makes); a policy is also
  // the one the editor opens next.
  const selectionWorkspace = useRef(workspace);
  useEffect(() => {
    if (selectionWorkspace.current !== useWorkspaceStore.getState().workspace) {
      selectionWorkspace.current = useWorkspaceStore.getState().workspace;
      return;
    }
    if (!selectedOutline) return;
    const id = policyIdOfOutlineItem(selectedOutline, useDrafts.getState().draft);
    if (id) setPolicyId(id);
    sessionActions.setView('explorer');
  }, [selectedOutline]);
  const selectedPolicyOfExplorer = selectedOutline ? policyIdOfOutlineItem(selectedOutline, draft) : null;

  useEffect(() => {
    if (reveal) setPolicyId(reveal.policyId);
  }, [reveal]);

  const onFiles = useCallback((files: DroppedFile[], intent: 'open' | 'import') => {
    const ws = useWorkspaceStore.getState();
    if (intent === 'open') ws.openPicked(files[0]);
    else void ws.importPicked(files);
  }, []);

  const save = useCallback(() => void saveWorkspaceWithEdits(), []);

  // Editing in this session supersedes a crash-saved draft of an earlier one (the draft store now keeps these edits),
  // so it is no longer offered.
  useEffect(() => {
    if (dirty && recoverableDraft) sessionActions.setRecoverableDraft(null);
  }, [dirty, recoverableDraft]);

  const restoreDraft = () => {
    const text = recoverableDraft;
    if (!text) return;
    const parsed = parseWorkspaceText(text, 'draft');
    if (parsed.ok) sessionActions.replaceDraft(parsed.value);
    sessionActions.setRecoverableDraft(null);
  };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next =
      e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    sessionActions.setView(TABS[next].id);
    document.getElementById(`tab-${TABS[next].id}`)?.focus();
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('.monaco-editor') || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      e.preventDefault();
      if (e.shiftKey) sessionActions.redo();
      else sessionActions.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const problemCount = summary?.diagnostics.length ?? 0;
  const changeCount = changesBadge(diff);
  const settingsChanged = changedSettings(draft?.settings);
  // Cognito's guest scope-down session policies live in the Settings view, not in the workspace's policies.
  const openPolicy = (id: string, line: number, column?: number) =>
    SCOPE_DOWN_POLICY_IDS.has(id)
      ? sessionActions.openSetting('scopeDownPolicies')
      : sessionActions.revealPolicy(id, line, column);
  const policyIds = useMemo(() => new Set(summary?.policies.map((p) => p.policyId) ?? []), [summary]);

  const body = useMemo(() => {
    if (!workspace)
      return (
        <p className="empty-state">
          Open a workspace (Ctrl+O), import AWS exports (Ctrl+I), drop files here, or fetch from an account.
        </p>
      );
    if (!summary && view !== 'explorer')
      return (
        <p className="empty-state">{engineError ? `The engine failed: ${engineError}` : 'Preparing the workspace…'}</p>
      );
    return null;
  }, [workspace, summary, engineError, view]);

  return (
    <section className="rc-workbench" aria-label="Analysis">
      <DropZone onFiles={onFiles} />
      {fetchOpen && (
        <FetchDialog
          onClose={() => setFetchOpen(false)}
          onLoaded={(text, label) => {
            useWorkspaceStore
              .getState()
              .loadText(text, { kind: 'import', names: [label], fetched: true }, `fetched ${label}`);
            setFetchOpen(false);
          }}
        />
      )}
      <div className="rc-toolbar">
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
              {t.id === 'problems' && problemCount > 0 && <span className="tab-count">{problemCount}</span>}
              {t.id === 'findings' && audit && audit.findings.length > 0 && (
                <span
                  className={`tab-count ${audit.summary.high > 0 ? 'tab-count-high' : ''}`}
                  aria-label={`${audit.findings.length} findings`}
                >
                  {audit.findings.length}
                </span>
              )}
              {t.id === 'changes' && changeCount && (
                <span className="tab-count tab-count-change" aria-label={`${changeCount} changed decisions`}>
                  {changeCount}
                </span>
              )}
              {t.id === 'settings' && settingsChanged > 0 && (
                <span className="tab-count" aria-label={`${settingsChanged} changed from the defaults`}>
                  {settingsChanged}
                </span>
              )}
            </button>
          ))}
        </div>
        <div className="rc-actions">
          {dirty && <span className="badge badge-edit">unsaved edits</span>}
          {dirty && draftKept && (
            <span
              className="muted small"
              role="status"
              aria-label="Crash recovery"
              title="Your unsaved edits are kept and offered back if the app closes unexpectedly."
            >
              draft kept
            </span>
          )}
          {dirty && diff && (
            <button
              type="button"
              className={`change-badge ${diff.classes.some((c) => c.gained.length > 0) || (diff.isolation?.broken.length ?? 0) > 0 ? 'gains' : ''}`}
              onClick={() => sessionActions.setView('changes')}
              title={diff.summary.join('\n') || 'No decision changes'}
              aria-label={`Change diff: ${diff.changedCells} changed decisions${(diff.isolation?.broken.length ?? 0) > 0 ? ', cross-user isolation broken' : ''}`}
            >
              Δ {changeCount || diff.changedCells}
            </button>
          )}
          <button type="button" onClick={sessionActions.undo} disabled={undoStack.length === 0} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button
            type="button"
            onClick={sessionActions.redo}
            disabled={redoStack.length === 0}
            title="Redo (Ctrl+Shift+Z)"
          >
            Redo
          </button>
          <button type="button" onClick={save} disabled={!dirty} className={dirty ? 'primary' : ''}>
            Save edits
          </button>
          <button type="button" onClick={() => setFetchOpen(true)}>
            Fetch from AWS…
          </button>
        </div>
      </div>
      {recoverableDraft && !dirty && (
        <div className="banner" role="alert">
          Unsaved edits from an earlier session were found.
          <button type="button" onClick={restoreDraft}>
            Restore them
          </button>
          <button
            type="button"
            onClick={() => {
              sessionActions.setRecoverableDraft(null);
              void api.clearDraft({ of: draftOf(useWorkspaceStore.getState().source) });
            }}
          >
            Discard
          </button>
        </div>
      )}
      {summary && <HeldBackBanner edits={summary.heldBack ?? []} onOpen={openPolicy} />}
      {engineError && summary && (
        <div className="banner error" role="alert">
          {engineError}
        </div>
      )}
      {body ?? (
        <div className="rc-panel" id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`}>
          <ViewErrorBoundary
            what={`The ${TABS.find((t) => t.id === view)?.label ?? view} view`}
            resetKey={view}
            onReload={reloadKeepingEdits}
          >
            {view === 'access' && summary && (
              <AccessView summary={summary} theme={theme} onOpenPolicy={openPolicy} loadClasses={loadClasses} />
            )}
            {view === 'identity' && summary && (
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
                        onChange={(p) => sessionActions.setCompareForm({ ...compareForm!, ...p })}
                        idPrefix="idb"
                        label="Identity B"
                      />
                    </>
                  )}
                </div>
                <div className="identity-trace">
                  <h2>How Cognito picks the role</h2>
                  <ResolutionTrace
                    resolution={form.kind === 'identity' ? resolution : null}
                    onOpenPolicy={openPolicy}
                  />
                  {form.kind === 'principal' && (
                    <p className="hint">An IAM principal is evaluated as it is; there is no role resolution.</p>
                  )}
                </div>
              </div>
            )}
            {view === 'policies' && summary && draft && (
              <PoliciesView
                draft={draft}
                summary={summary}
                baselineTexts={baselineTexts}
                selectedPolicyId={policyId}
                onSelectPolicy={setPolicyId}
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
            )}
            {view === 'whoCan' && summary && (
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
            )}
            {view === 'canAnyone' && summary && (
              <CanAnyoneView
                summary={summary}
                explain={sessionActions.explain}
                policies={summary.policies}
                theme={theme}
                onEditPolicy={openPolicy}
                onOpenSetting={sessionActions.openSetting}
              />
            )}
            {view === 'findings' && summary && (
              <FindingsView
                audit={audit}
                busy={analysisBusy}
                error={analysisError}
                workspaceName={draft?.name}
                policyIds={policyIds}
                onOpenPolicy={openPolicy}
                onOpenRule={(key, i) =>
                  i === null ? sessionActions.revealPolicy(RULES_POLICY_ID, 1) : sessionActions.revealRule(key, i)
                }
                onOpenSetting={sessionActions.openSetting}
              />
            )}
            {view === 'changes' && summary && (
              <ChangesView
                diff={diff}
                dirty={dirty}
                busy={analysisBusy}
                workspaceName={draft?.name}
                onOpenPolicy={openPolicy}
              />
            )}
            {view === 'settings' && summary && (
              <SettingsView
                settings={draft?.settings}
                onChange={sessionActions.editSettings}
                focus={settingFocus}
                theme={theme}
              />
            )}
            {view === 'debug' && (
              <DebugPanel
                workspace={draft}
                policies={summary?.policies ?? []}
                theme={theme}
                explain={sessionActions.explain}
                onEditPolicy={openPolicy}
              />
            )}
            {view === 'problems' && summary && (
              <div className="problems-view">
                <h2>Problems found while loading</h2>
                <ProblemsList diagnostics={summary.diagnostics} onOpen={openPolicy} />
              </div>
            )}
            {view === 'explorer' && (
              <div className="explorer-view">
                {selectedPolicyOfExplorer && summary?.policies.some((p) => p.policyId === selectedPolicyOfExplorer) && (
                  <div className="explorer-bar">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => openPolicy(selectedPolicyOfExplorer, 1)}
                    >
                      Edit this policy and see what changes
                    </button>
                  </div>
                )}
                <div className="explorer-body">{explorer}</div>
              </div>
            )}
          </ViewErrorBoundary>
        </div>
      )}
    </section>
  );
}
