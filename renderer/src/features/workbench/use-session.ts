/**
 * The window's one analysis session (see session-store.ts), wired to the host's draft store.
 */
import { api } from '../../api';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { useWorkspaceStore } from '../../store/workspace-store';
import { normaliseDocuments } from '../editor/workspace-edit';
import { rowsToClaims } from '../identity/claims';
import { createSessionStore } from './session-store';

/** Stores a draft in the host's draft store (crash recovery), tagged with the workspace file it belongs to. */
function saveDraft(draft: Workspace) {
  const source = useWorkspaceStore.getState().source;
  const text = serializeWorkspace(normaliseDocuments(draft));
  return api.saveDraft(source.kind === 'file' ? { path: source.path, text } : { text });
}

/** The session store hook. */
export const useSession = createSessionStore(rowsToClaims, saveDraft);

/**
 * The way out of a view that crashed: unsaved edits go to the draft store now (not after the usual delay), then the
 * window reloads and offers them back. A failed store is no reason to stay stuck, so the reload happens either way.
 */
export async function keepEditsAndReload(reload: () => void = () => window.location.reload()): Promise<void> {
  const { draft, dirty } = useSession.getState();
  if (draft && dirty) await saveDraft(draft).catch(() => undefined);
  reload();
}

/**
 * Saves: unsaved edits are first made the workspace (the new baseline), then the shell's save writes the file
 * (or asks where / downloads it in a browser); the crash-recovery draft is then cleared.
 */
export async function saveWorkspaceWithEdits(saveAs = false): Promise<void> {
  const { draft, dirty } = useSession.getState();
  const ws = useWorkspaceStore.getState();
  if (draft && dirty) {
    // The draft is cleared first, so the reload below does not offer it back.
    await api.clearDraft();
    const text = serializeWorkspace(normaliseDocuments(draft));
    const file = ws.source.kind === 'file' ? ws.source.path : `${(draft.name ?? 'workspace').replace(/[^\w.-]+/g, '-').toLowerCase()}.rolecall.json`;
    if (!ws.loadText(text, ws.source, file)) return;
  }
  await useWorkspaceStore.getState().save(saveAs);
  await api.clearDraft();
}
