/**
 * The session's main computation: re-prepare the draft if needed, then resolve the identity's role and compute the
 * access matrix (and the comparison's). Each run takes a new sequence number; an answer for an older one is dropped,
 * and a newer run cancels the matrix jobs in flight.
 */
import type { MatrixJob } from '../../../engine/engine-client';
import type { PrincipalOrIdentity as Subject, ResolutionView } from '../../../engine/protocol';
import type { IdentityForm } from './identity-form';
import type { CellRef, SessionStores } from './stores';
import { debounced, getEngine, messageOf } from './shared';

/** How long typing settles before the matrix re-runs (ms). */
export const EDIT_DEBOUNCE_MS = 25;

/** What a matrix run calls when it is done. */
export interface MatrixRunHooks {
  /** After the draft was re-prepared (its summary changed): the slower analyses follow. */
  afterReload(): void;
  /** After a new matrix: the picked cell is explained again. */
  reselect(cell: CellRef): void;
}

/** One session's matrix runs: what they work on and the jobs in flight. */
interface Runs {
  stores: SessionStores;
  subject: (form: IdentityForm) => Subject;
  hooks: MatrixRunHooks;
  job: MatrixJob | null;
  compareJob: MatrixJob | null;
  loadSeq: number;
  /** When the first edit or form change not yet on screen happened (for `lastUpdateMs`). */
  pendingSince: number | null;
}

/** Resolves the identity's role (not for an IAM principal); the trace is shown at once, not after a long matrix. */
function resolveRole(runs: Runs, who: Subject, now: Date, seq: number): Promise<ResolutionView | null> {
  const resolution = 'identity' in who ? getEngine().resolve(who.identity, now) : Promise.resolve(null);
  void resolution.then(
    (res) => seq === runs.loadSeq && runs.stores.results.setState({ resolution: res }),
    () => undefined,
  );
  return resolution;
}

/** Cancels the matrix jobs in flight. */
function cancelJobs(runs: Runs) {
  runs.job?.cancel();
  runs.compareJob?.cancel();
}

/** Starts the matrix jobs: the identity's, and the comparison's when there is one. */
function startJobs(runs: Runs, who: Subject, compareForm: IdentityForm | null, now: Date) {
  const { drafts, results } = runs.stores;
  const client = getEngine();
  // A progress report that was on its way when the job was cancelled or superseded must not bring the bar back.
  const job: MatrixJob = client.matrix(who, { withBaseline: drafts.getState().dirty, now }, (done, total) => {
    if (runs.job === job) results.setState({ progress: { done, total } });
  });
  runs.job = job;
  results.setState({ cancelled: false });
  const compareJob = compareForm
    ? client.matrix(runs.subject(compareForm), { withBaseline: false, now, lane: 'compare' })
    : null;
  if (compareJob) runs.compareJob = compareJob;
  return { job, compareJob };
}

/** Re-prepares the draft if needed, then resolves and computes the matrix (and the comparison). */
async function compute(runs: Runs, reload: boolean) {
  const { drafts, identity, results, cell } = runs.stores;
  const { draft } = drafts.getState();
  const { form, compareForm } = identity.getState();
  if (!draft) return;
  const seq = ++runs.loadSeq;
  const started = runs.pendingSince ?? performance.now();
  runs.pendingSince = null;
  try {
    if (reload) {
      const summary = await getEngine().load(draft, false);
      if (seq !== runs.loadSeq) return;
      results.setState({ summary });
      runs.hooks.afterReload();
    }
    cancelJobs(runs);
    const now = new Date();
    const who = runs.subject(form);
    const resolution = resolveRole(runs, who, now, seq);
    const { job, compareJob } = startJobs(runs, who, compareForm, now);
    const [res, matrix, compare] = await Promise.all([
      resolution,
      job.result,
      compareJob ? compareJob.result : Promise.resolve(null),
    ]);
    if (seq !== runs.loadSeq || matrix === null) return;
    results.setState({
      resolution: res,
      matrix,
      compareMatrix: compare,
      progress: null,
      lastUpdateMs: performance.now() - started,
      engineError: null,
    });
    const sel = cell.getState().selected;
    if (sel) runs.hooks.reselect(sel);
  } catch (e) {
    results.setState({ engineError: messageOf(e), progress: null });
  }
}

/** The matrix runs of one session. */
export function createMatrixRun(
  stores: SessionStores,
  subject: (form: IdentityForm) => Subject,
  hooks: MatrixRunHooks,
) {
  const runs: Runs = { stores, subject, hooks, job: null, compareJob: null, loadSeq: 0, pendingSince: null };
  const computeLater = debounced(EDIT_DEBOUNCE_MS, (reload: boolean) => void compute(runs, reload));
  return {
    compute: (reload: boolean) => compute(runs, reload),
    /** Computes once typing settles (EDIT_DEBOUNCE_MS); `reload`: the draft changed and is re-prepared first. */
    schedule(reload: boolean) {
      runs.pendingSince ??= performance.now();
      computeLater(reload);
    },
    /** A new workspace is loading: the identity's job in flight is cancelled and older answers are dropped. */
    beginLoad(): number {
      runs.job?.cancel();
      return ++runs.loadSeq;
    },
    /** Whether nothing newer than run `seq` started. */
    isCurrent: (seq: number) => seq === runs.loadSeq,
    /** Cancels both jobs in flight (the user pressed Cancel). */
    cancel() {
      cancelJobs(runs);
      runs.job = null;
      runs.compareJob = null;
      stores.results.setState({ progress: null, cancelled: true });
    },
  };
}

/** The matrix runs of one session. */
export type MatrixRun = ReturnType<typeof createMatrixRun>;
