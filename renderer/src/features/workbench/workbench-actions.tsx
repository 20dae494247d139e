/** The workbench toolbar's actions (edit state, undo/redo, save, fetch) and the offer of a crash-saved draft. */
import { api } from '../../api';
import { draftOf, useWorkspaceStore } from '../../store/workspace-store';
import { parseWorkspaceText } from '../../../../policy-engine/workspace/index';
import { saveWorkspaceWithEdits, sessionActions, useAnalysis, useDrafts } from './use-session';
import { changesBadge } from '../changes/diff-report';
import type { WorkspaceDiff } from '../../engine/protocol';

const save = () => void saveWorkspaceWithEdits();

/** The change badge: how many decisions the unsaved edits change (it opens the Changes view). */
function ChangeBadge({ diff }: { diff: WorkspaceDiff }) {
  const broken = diff.isolation?.broken.length ?? 0;
  return (
    <button
      type="button"
      className={`change-badge ${diff.classes.some((c) => c.gained.length > 0) || broken > 0 ? 'gains' : ''}`}
      onClick={() => sessionActions.setView('changes')}
      title={diff.summary.join('\n') || 'No decision changes'}
      aria-label={`Change diff: ${diff.changedCells} changed decisions${broken > 0 ? ', cross-user isolation broken' : ''}`}
    >
      Δ {changesBadge(diff) || diff.changedCells}
    </button>
  );
}

/** The toolbar's right side. */
export function WorkbenchActions({ onFetch }: { onFetch: () => void }) {
  const dirty = useDrafts((s) => s.dirty);
  const draftKept = useDrafts((s) => s.draftKept);
  const canUndo = useDrafts((s) => s.undoStack.length > 0);
  const canRedo = useDrafts((s) => s.redoStack.length > 0);
  const diff = useAnalysis((s) => s.diff);
  return (
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
      {dirty && diff && <ChangeBadge diff={diff} />}
      <button type="button" onClick={sessionActions.undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={sessionActions.redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" onClick={save} disabled={!dirty} className={dirty ? 'primary' : ''}>
        Save edits
      </button>
      <button type="button" onClick={onFetch}>
        Fetch from AWS…
      </button>
    </div>
  );
}

/** Puts a crash-saved draft back as the current edits. */
function restoreDraft() {
  const text = useDrafts.getState().recoverableDraft;
  if (!text) return;
  const parsed = parseWorkspaceText(text, 'draft');
  if (parsed.ok) sessionActions.replaceDraft(parsed.value);
  sessionActions.setRecoverableDraft(null);
}

/** Drops a crash-saved draft, here and in the host's draft store. */
function discardDraft() {
  sessionActions.setRecoverableDraft(null);
  void api.clearDraft({ of: draftOf(useWorkspaceStore.getState().source) });
}

/** The offer of unsaved edits an earlier session left (shown until this session edits). */
export function DraftRecoveryBanner() {
  const offered = useDrafts((s) => !!s.recoverableDraft && !s.dirty);
  if (!offered) return null;
  return (
    <div className="banner" role="alert">
      Unsaved edits from an earlier session were found.
      <button type="button" onClick={restoreDraft}>
        Restore them
      </button>
      <button type="button" onClick={discardDraft}>
        Discard
      </button>
    </div>
  );
}
