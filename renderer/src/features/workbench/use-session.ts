/**
 * The window's one analysis session (see session-store.ts), wired to the host's draft store: its stores, read with
 * selectors (`useDrafts((s) => s.dirty)`), and its actions (`sessionActions.undo()`).
 */
import { api } from '../../api';
import type { Workspace } from '../../../../policy-engine/model/index';
import { serializeWorkspace } from '../../../../policy-engine/workspace/index';
import { draftOf, useWorkspaceStore } from '../../store/workspace-store';
import { normaliseDocuments } from '../editor/workspace-edit';
import { rowsToClaims } from '../identity/claims';
import { createSession } from './session-store';

/**
 * Stores a draft in the host's draft store (crash recovery), under the workspace it belongs to. When the session's
 * baseline is not the workspace now loaded (a switch is under way), nothing is stored: the edits of A must never be
 * kept as a draft of B.
 */
function saveDraft(draft: Workspace) {
  const { source, workspace } = useWorkspaceStore.getState();
  if (useDrafts.getState().baseline !== workspace) return Promise.resolve({ ok: false as const });
  const text = serializeWorkspace(normaliseDocuments(draft));
  return api.saveDraft({ of: draftOf(source), text });
}

const session = createSession(rowsToClaims, saveDraft);
/** The draft over the baseline, its undo history and crash-recovery state. */
export const useDrafts = session.drafts;
/** The view shown and where it should go. */
export const useNav = session.nav;
/** The identity form(s). */
export const useIdentity = session.identity;
/** The engine's results: summary, role resolution, matrix, engine error. */
export const useResults = session.results;
/** The matrix filter, the picked cell and its explanation. */
export const useCell = session.cell;
/** Audit, change diff and who-can. */
export const useAnalysis = session.analysis;
/** What the views call to change the session. */
export const sessionActions = session.actions;

/** Unsaved edits not yet in the draft store (the store waits for typing to stop) are stored as the window closes. */
function flushDraft(): void {
  const { draft, dirty, draftKept } = useDrafts.getState();
  if (draft && dirty && !draftKept) void saveDraft(draft).catch(() => undefined);
}
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  window.addEventListener('pagehide', flushDraft);
  window.addEventListener('beforeunload', flushDraft);
}

/**
 * The way out of a view that crashed: unsaved edits go to the draft store now (not after the usual delay), then the
 * window reloads and offers them back. A failed store is no reason to stay stuck, so the reload happens either way.
 */
export async function keepEditsAndReload(reload: () => void = () => window.location.reload()): Promise<void> {
  const { draft, dirty } = useDrafts.getState();
  if (draft && dirty) await saveDraft(draft).catch(() => undefined);
  reload();
}

/**
 * Saves: unsaved edits are first made the workspace (the new baseline), then the shell's save writes the file
 * (or asks where / downloads it in a browser). Only once the save succeeded is the crash-recovery draft cleared: a
 * failed save followed by a crash still finds the edits in the draft store.
 */
export async function saveWorkspaceWithEdits(saveAs = false): Promise<void> {
  const { draft, dirty } = useDrafts.getState();
  const ws = useWorkspaceStore.getState();
  const before = draftOf(ws.source);
  if (draft && dirty) {
    const text = serializeWorkspace(normaliseDocuments(draft));
    const file =
      ws.source.kind === 'file'
        ? ws.source.name
        : `${(draft.name ?? 'workspace').replace(/[^\w.-]+/g, '-').toLowerCase()}.rolecall.json`;
    if (!ws.loadText(text, ws.source, file)) return;
  }
  if (!(await useWorkspaceStore.getState().save(saveAs))) return;
  await api.clearDraft({ of: before });
  const after = draftOf(useWorkspaceStore.getState().source);
  if (after.handle !== before.handle || after.key !== before.key) await api.clearDraft({ of: after });
}
