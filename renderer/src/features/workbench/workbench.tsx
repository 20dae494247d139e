/**
 * The analysis workbench: the views of the six journeys in one tabbed area, driven by the session store and fed
 * by the workspace store (whatever was opened, imported, fetched or dropped). Its parts: the tab strip
 * (workbench-tabs.tsx), the toolbar's actions and the crash-draft offer (workbench-actions.tsx), the view shown
 * (workbench-panel.tsx) and the side effects (use-workbench-effects.ts).
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useWorkspaceStore } from '../../store/workspace-store';
import { useNav, useResults } from './use-session';
import { HeldBackBanner } from './held-back-banner';
import { FetchDialog } from '../load/fetch-dialog';
import { DropZone, type DroppedFile } from '../load/drop-zone';
import { WorkbenchTabs } from './workbench-tabs';
import { DraftRecoveryBanner, WorkbenchActions } from './workbench-actions';
import { openPolicy, WorkbenchPanel } from './workbench-panel';
import {
  useEditsSupersedeDraft,
  usePickedPolicy,
  useUndoRedoKeys,
  useWorkspaceBaseline,
} from './use-workbench-effects';
import './workbench.css';
import './review.css';

/** Dropped files are opened (one workspace) or imported (AWS exports, templates). */
const onFiles = (files: DroppedFile[], intent: 'open' | 'import') => {
  const ws = useWorkspaceStore.getState();
  if (intent === 'open') ws.openPicked(files[0]);
  else void ws.importPicked(files);
};

/** Props of Workbench. */
export interface WorkbenchProps {
  /** The shell's read-only document view and details of the explorer's selection (the Explorer tab). */
  explorer?: ReactNode;
}

/** What shows instead of a view while there is no workspace, or the engine has not summarised it (or failed). */
function EmptyState({ hasWorkspace, engineError }: { hasWorkspace: boolean; engineError: string | null }) {
  if (!hasWorkspace)
    return (
      <p className="empty-state">
        Open a workspace (Ctrl+O), import AWS exports (Ctrl+I), drop files here, or fetch from an account.
      </p>
    );
  return (
    <p className="empty-state">{engineError ? `The engine failed: ${engineError}` : 'Preparing the workspace…'}</p>
  );
}

/** The workbench. */
export function Workbench({ explorer }: WorkbenchProps) {
  const workspace = useWorkspaceStore((s) => s.workspace);
  const selectedOutline = useWorkspaceStore((s) => s.selectedId);
  const view = useNav((s) => s.view);
  const summary = useResults((s) => s.summary);
  const engineError = useResults((s) => s.engineError);
  const [policyId, setPolicyId] = useState<string | null>(null);
  const [fetchOpen, setFetchOpen] = useState(false);
  useWorkspaceBaseline(workspace);
  usePickedPolicy(workspace, selectedOutline, setPolicyId);
  useEditsSupersedeDraft();
  useUndoRedoKeys();
  const showsView = workspace && (summary || view === 'explorer');

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
        <WorkbenchTabs />
        <WorkbenchActions onFetch={() => setFetchOpen(true)} />
      </div>
      <DraftRecoveryBanner />
      {summary && <HeldBackBanner edits={summary.heldBack ?? []} onOpen={openPolicy} />}
      {engineError && summary && (
        <div className="banner error" role="alert">
          {engineError}
        </div>
      )}
      {showsView ? (
        <WorkbenchPanel view={view} explorer={explorer} policyId={policyId} onSelectPolicy={setPolicyId} />
      ) : (
        <EmptyState hasWorkspace={!!workspace} engineError={engineError} />
      )}
    </section>
  );
}
