/**
 * The renderer's typed handle on the engine workers: promises for results, a progress callback, and cancel.
 * Two workers run side by side: `interactive` (load, resolve, explain, matrix) and `analysis` (load, audit, diff,
 * who can, classes, reach); `load` goes to both (protocol.ts's table says which message goes where). A matrix request
 * supersedes the previous one of its lane (its promise resolves to null), which is what typing wants.
 */
import type { Answer, IdentityInput, Request, Workspace } from '../../../policy-engine/model/index';
import {
  messageSchemas,
  runsOn,
  type AuditResult,
  type EngineReply,
  type EngineRequest,
  type IdentityClass,
  type LoadSource,
  type MatrixResult,
  type MessageName,
  type MessageRequest,
  type MessageResponse,
  type Reach,
  type ResolutionView,
  type PrincipalOrIdentity,
  type ProveAnswer,
  type WhoCanResult,
  type WorkerRole,
  type WorkspaceDiff,
  type WorkspaceSummary,
} from './protocol';

/** A running "Can anyone?" question. */
export interface ProveJob {
  id: number;
  /** Resolves to the answer, or null when cancelled or superseded. */
  result: Promise<ProveAnswer | null>;
  cancel(): void;
}

/** A running matrix job. */
export interface MatrixJob {
  id: number;
  /** Resolves to the matrix, or null when cancelled or superseded. */
  result: Promise<MatrixResult | null>;
  cancel(): void;
}

/** The engine client. */
export interface EngineClient {
  /** `source`: with a baseline, the file(s) it was read from (positions are then given in them). */
  load(workspace: Workspace, baseline: boolean, source?: LoadSource): Promise<WorkspaceSummary>;
  resolve(identity: IdentityInput, now: Date): Promise<ResolutionView>;
  explain(request: Request, now: Date, baseline?: boolean): Promise<Answer>;
  /** `lane` names a stream of jobs: a new job supersedes the running one of the same lane only. */
  matrix(
    subject: PrincipalOrIdentity,
    opts: { withBaseline: boolean; now: Date; resources?: string[]; lane?: string },
    onProgress?: (done: number, total: number) => void,
  ): MatrixJob;
  audit(now: Date): Promise<AuditResult>;
  whoCan(action: string, resource: string, now: Date): Promise<WhoCanResult>;
  /** `principals: false` leaves out the class of each IAM role and user. */
  classes(now: Date, opts?: { principals?: false }): Promise<IdentityClass[]>;
  reach(identityClass: IdentityClass, now: Date): Promise<Reach>;
  /** Null when the current workspace is the saved baseline. */
  diff(now: Date): Promise<WorkspaceDiff | null>;
  /**
   * Can anyone perform `action` on a resource matching `resource`? Runs in the analysis worker one identity class at
   * a time; progress is classes done of all. A newer question supersedes a running one.
   */
  prove(
    question: { action: string; resource: string; maxWitnesses?: number },
    now: Date,
    onProgress?: (done: number, total: number) => void,
  ): ProveJob;
}

type Pending = {
  settle(value: unknown): void;
  reject(e: Error): void;
  progress?: (done: number, total: number) => void;
};

/** One worker with its pending requests; a worker that fails to start is replaced and asked again (twice at most). */
interface Lane {
  post(request: EngineRequest, pending?: Pending): void;
}

function startLane(role: WorkerRole): Lane {
  const pending = new Map<number, Pending>();
  // What was posted for each pending request, so a worker that fails to start can be replaced and asked again.
  const posted = new Map<number, EngineRequest>();
  let answered = false;
  let restarts = 0;

  const onMessage = (event: MessageEvent<EngineReply>) => {
    answered = true;
    const reply = event.data;
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') return p.progress?.(reply.done, reply.total);
    pending.delete(reply.id);
    posted.delete(reply.id);
    if (reply.type === 'result') p.settle(reply.value);
    else if (reply.type === 'cancelled') p.settle(null);
    else p.reject(new Error(reply.message));
  };
  const onError = (event: ErrorEvent) => {
    // A worker that never answered most likely failed to load its script (seen under heavy load): start a new one
    // and send it what is still pending, twice at most. A worker that dies later fails its pending requests.
    if (!answered && restarts < 2) {
      restarts++;
      worker.terminate();
      worker = start();
      for (const [, msg] of [...posted.entries()].sort(([a], [b]) => a - b)) worker.postMessage(msg);
      return;
    }
    const why = event.message || `the ${role} engine worker could not start or crashed`;
    for (const p of pending.values()) p.reject(new Error(`The engine stopped: ${why}`));
    pending.clear();
    posted.clear();
  };
  const start = (): Worker => {
    // Two literal constructor calls (not one with a variable name): the bundler reads the options statically.
    const w =
      role === 'analysis'
        ? new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'analysis' })
        : new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'interactive' });
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    return w;
  };
  let worker = start();
  return {
    post(request, p) {
      if (p) {
        pending.set(request.id, p);
        posted.set(request.id, request);
      }
      worker.postMessage(request);
    },
  };
}

/** Starts the workers and returns their client. */
export function createEngineClient(): EngineClient {
  const interactive = startLane('interactive');
  const analysis = startLane('analysis');
  let next = 1;

  /** Sends one message to the worker(s) the table names; the promise is the answer of the first (interactive). */
  const call = <M extends MessageName>(
    type: M,
    request: MessageRequest<M>,
    progress?: Pending['progress'],
  ): { id: number; promise: Promise<MessageResponse<M>> } => {
    const lanes = [runsOn(type, 'interactive') ? interactive : null, runsOn(type, 'analysis') ? analysis : null];
    let id = 0;
    const promises = lanes.flatMap((lane) => {
      if (!lane) return [];
      id = next++;
      const message: EngineRequest = { id, type, request };
      const promise = new Promise<MessageResponse<M>>((resolve, reject) =>
        lane.post(message, { settle: (v) => resolve(messageSchemas[type].response.parse(v)), reject, progress }),
      );
      return [{ id, promise }];
    });
    // A message for both workers answers with the interactive one's reply; the analysis worker's failure shows when
    // an analysis question is asked next (it answers that request with the error).
    for (const extra of promises.slice(1)) extra.promise.catch(() => undefined);
    return promises[0];
  };

  return {
    // The answer is the interactive worker's, which always builds the summary (only the analysis worker answers null).
    load: (workspace, baseline, source) =>
      call('load', { workspace, baseline, ...(source ? { source } : {}) }).promise.then((summary) => {
        if (!summary) throw new Error('The engine prepared the workspace but sent no summary of it.');
        return summary;
      }),
    resolve: (identity, now) => call('resolve', { identity, now: now.toISOString() }).promise,
    explain: (request, now, baseline) =>
      call('explain', { request, now: now.toISOString(), ...(baseline ? { baseline } : {}) }).promise,
    audit: (now) => call('audit', { now: now.toISOString() }).promise,
    whoCan: (action, resource, now) => call('whoCan', { action, resource, now: now.toISOString() }).promise,
    classes: (now, opts) => call('classes', { now: now.toISOString(), ...opts }).promise,
    reach: (identityClass, now) => call('reach', { identityClass, now: now.toISOString() }).promise,
    diff: (now) => call('diff', { now: now.toISOString() }).promise,
    matrix(subject, opts, onProgress) {
      const { id, promise } = call(
        'matrix',
        {
          subject,
          withBaseline: opts.withBaseline,
          now: opts.now.toISOString(),
          lane: opts.lane ?? 'main',
          ...(opts.resources ? { resources: opts.resources } : {}),
        },
        onProgress,
      );
      return { id, result: promise, cancel: () => interactive.post({ type: 'cancel', target: id, id: next++ }) };
    },
    prove(question, now, onProgress) {
      const { id, promise } = call('prove', { ...question, now: now.toISOString() }, onProgress);
      return { id, result: promise, cancel: () => analysis.post({ type: 'cancel', target: id, id: next++ }) };
    },
  };
}
