/**
 * The window's one analysis session (see session-store.ts), wired to the host's draft store.
 */
import { api } from '../../api';
import { serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { useWorkspaceStore } from '../../store/workspace-store';
import { normaliseDocuments } from '../editor/workspace-edit';
import { rowsToClaims } from '../identity/claims';
import { createSessionStore } from './session-store';

/** The session store hook. */
export const useSession = createSessionStore(rowsToClaims, (draft) => {
  const source = useWorkspaceStore.getState().source;
  const text = serializeWorkspace(normaliseDocuments(draft));
  return api.saveDraft(source.kind === 'file' ? { path: source.path, text } : { text });
});
