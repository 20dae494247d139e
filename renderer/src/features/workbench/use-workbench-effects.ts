/**
 * The workbench's side effects, one hook each: a newly loaded workspace becomes the session's baseline, the explorer's
 * selection and a revealed policy pick the policy shown, editing withdraws a crash-saved draft, and Ctrl+Z / Ctrl+Shift+Z
 * undo and redo outside the editors.
 */
import { useEffect, useRef } from 'react';
import { api } from '../../api';
import type { Workspace } from '../../../../policy-engine/model/index';
import { serializeWorkspace } from '../../../../policy-engine/workspace/index';
import { draftOf, loadSourceOf, useWorkspaceStore } from '../../store/workspace-store';
import { normaliseDocuments } from '../editor/workspace-edit';
import { sessionActions, useDrafts, useNav } from './use-session';
import { policyIdOfOutlineItem } from './outline-link';

/** A newly loaded workspace becomes the baseline; a crash-saved draft of it is offered back. */
export function useWorkspaceBaseline(workspace: Workspace | null) {
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
}

/**
 * Picking an item in the explorer shows it (not on the default selection a fresh load makes); a policy is also the one
 * the editor opens next. A policy revealed elsewhere (a finding, a trace) is picked too.
 */
export function usePickedPolicy(
  workspace: Workspace | null,
  selectedOutline: string | null,
  setPolicyId: (id: string) => void,
) {
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

  const reveal = useNav((s) => s.reveal);
  useEffect(() => {
    if (reveal) setPolicyId(reveal.policyId);
  }, [reveal]);
}

/**
 * Editing in this session supersedes a crash-saved draft of an earlier one (the draft store now keeps these edits), so
 * it is no longer offered.
 */
export function useEditsSupersedeDraft() {
  const dirty = useDrafts((s) => s.dirty);
  const recoverableDraft = useDrafts((s) => s.recoverableDraft);
  useEffect(() => {
    if (dirty && recoverableDraft) sessionActions.setRecoverableDraft(null);
  }, [dirty, recoverableDraft]);
}

/** Ctrl+Z undoes and Ctrl+Shift+Z redoes the workspace edits, except in the editors and form fields (their own undo). */
export function useUndoRedoKeys() {
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
}
