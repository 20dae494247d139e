/**
 * The "Can anyone?" view's state, kept while the user moves between views: the question as typed, the running
 * question (its progress, and Cancel), and the last answer with the workspace version it was computed for (an answer
 * to an older version is marked stale). The prover runs in the engine worker, one identity class at a time.
 */
import { create } from 'zustand';
import type { ProveAnswer, WorkspaceSummary } from '../../engine/protocol';
import type { ProveJob } from '../../engine/engine-client';
import { getEngine } from '../workbench/session-store';

/** The view's state. */
export interface CanAnyoneState {
  action: string;
  /** null until the user types one (the view offers the workspace's first bucket). */
  resource: string | null;
  /** The running question: classes done of all (total 0 until the worker reports). */
  running: {
    job: ProveJob;
    done: number;
    total: number;
    action: string;
    resource: string;
    cancelling: boolean;
  } | null;
  /** The last answer (result or refused question), with what was asked and the workspace it was asked of. */
  answer: { value: ProveAnswer; action: string; resource: string; summary: WorkspaceSummary } | null;
  /** Set when the last question was cancelled: how far it got. */
  cancelled: { done: number; total: number } | null;
  /** The engine failed (not a refused question: those are answers). */
  error: string | null;
  setAction(action: string): void;
  setResource(resource: string): void;
  /** Asks the question of the current workspace (a running one is cancelled first). */
  ask(summary: WorkspaceSummary): Promise<void>;
  cancel(): void;
}

/** The store. */
export const useCanAnyone = create<CanAnyoneState>((set, get) => ({
  action: 's3:PutObject',
  resource: null,
  running: null,
  answer: null,
  cancelled: null,
  error: null,
  setAction: (action) => set({ action }),
  setResource: (resource) => set({ resource }),
  async ask(summary) {
    get().running?.job.cancel();
    const action = get().action.trim();
    const resource = (get().resource ?? '').trim();
    const job = getEngine().prove({ action, resource }, new Date(), (done, total) => {
      const r = get().running;
      if (r?.job === job) set({ running: { ...r, done, total } });
    });
    set({ running: { job, done: 0, total: 0, action, resource, cancelling: false }, cancelled: null, error: null });
    try {
      const value = await job.result;
      if (get().running?.job !== job) return;
      if (value) set({ running: null, answer: { value, action, resource, summary } });
      else {
        const r = get().running!;
        set({ running: null, cancelled: { done: r.done, total: r.total } });
      }
    } catch (e) {
      if (get().running?.job === job) set({ running: null, error: e instanceof Error ? e.message : String(e) });
    }
  },
  cancel() {
    const r = get().running;
    if (!r || r.cancelling) return;
    r.job.cancel();
    set({ running: { ...r, cancelling: true } });
  },
}));
