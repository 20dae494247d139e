/**
 * The draft's edit history: each edit becomes the draft (one undo step, or part of the last one when it is a
 * keystroke in the same place), undo and redo walk the stacks, and the draft goes to the host's draft store shortly
 * after typing stops, so unsaved edits survive a crash.
 */
import type { Workspace } from '../../../../../policy-engine/model/index';
import type { SessionStores } from './stores';
import { debounced } from './shared';

/** How long after the last edit the draft is stored for crash recovery (ms). */
export const DRAFT_SAVE_MS = 800;

/** Edits of the same place closer together than this (ms) are one undo step. */
export const UNDO_COALESCE_MS = 1000;

/** Whether an edit of place `key` at time `at` (ms) belongs to the same undo step as the last edit. */
export function joinsLastEdit(last: { key: string; at: number } | null, key: string | undefined, at: number): boolean {
  return key !== undefined && last !== null && last.key === key && at - last.at >= 0 && at - last.at < UNDO_COALESCE_MS;
}

/** The edit history of one session's draft; `onChange` runs after every change of the draft (the matrix follows). */
export function createDraftHistory(
  drafts: SessionStores['drafts'],
  onChange: () => void,
  onDraft?: (draft: Workspace) => Promise<unknown>,
) {
  // Unsaved edits survive a crash: the draft goes to the host's draft store shortly after typing stops.
  const scheduleDraftSave = debounced(DRAFT_SAVE_MS, () => {
    const { draft, dirty } = drafts.getState();
    if (!draft || !dirty || !onDraft) return;
    void onDraft(draft).then(
      (r) => {
        const ok = !(r && typeof r === 'object' && 'ok' in r && r.ok === false);
        if (drafts.getState().draft === draft) drafts.setState({ draftKept: ok });
      },
      () => undefined,
    );
  });
  const changed = () => {
    onChange();
    scheduleDraftSave();
  };

  // Keystrokes in one place within UNDO_COALESCE_MS of each other are one undo step (else typing a policy would
  // take one Undo per character, and the stack's limit would lose the saved state).
  let lastEdit: { key: string; at: number } | null = null;

  return {
    /** Makes `next` the draft: one undo step (or part of the last one), then the matrix and the draft save follow. */
    apply(next: Workspace, key?: string) {
      const { draft, undoStack } = drafts.getState();
      const at = performance.now();
      const coalesce = undoStack.length > 0 && joinsLastEdit(lastEdit, key, at);
      lastEdit = key === undefined ? null : { key, at };
      drafts.setState({
        draft: next,
        undoStack: coalesce || !draft ? undoStack : [...undoStack.slice(-99), draft],
        redoStack: [],
        dirty: true,
        draftKept: false,
      });
      changed();
    },

    undo() {
      lastEdit = null;
      const { undoStack, draft, redoStack, baseline } = drafts.getState();
      const prev = undoStack.at(-1);
      if (!prev || !draft) return;
      drafts.setState({
        draft: prev,
        undoStack: undoStack.slice(0, -1),
        redoStack: [...redoStack, draft],
        dirty: prev !== baseline,
        draftKept: false,
      });
      changed();
    },

    redo() {
      lastEdit = null;
      const { undoStack, draft, redoStack } = drafts.getState();
      const next = redoStack.at(-1);
      if (!next || !draft) return;
      drafts.setState({
        draft: next,
        redoStack: redoStack.slice(0, -1),
        undoStack: [...undoStack, draft],
        dirty: true,
        draftKept: false,
      });
      changed();
    },
  };
}
