/**
 * The renderer's typed handle on the engine worker: promises for results, a progress callback, and cancel.
 * A matrix request supersedes the previous one (its promise resolves to null), which is what typing wants.
 */
import type { Answer, IdentityInput, Request, Workspace } from '../../../policy-engine/model/index';
import type {
  AuditResult,
  EngineReply,
  EngineRequest,
  IdentityClass,
  MatrixResult,
  Reach,
  ResolutionView,
  PrincipalOrIdentity,
  ProveAnswer,
  WhoCanResult,
  WorkspaceDiff,
  WorkspaceSummary,
} from './protocol';

type Pending = { resolve(v: unknown): void; reject(e: Error): void; progress?: (done: number, total: number) => void };
/** A request without its id (the client numbers them). */
type Outgoing = EngineRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A running matrix job. */
export interface MatrixJob {
  id: number;
  /** Resolves to the matrix, or null when cancelled or superseded. */
  result: Promise<MatrixResult | null>;
  cancel(): void;
}

/** A running "Can anyone?" question. */
export interface ProveJob {
  id: number;
  /** Resolves to the answer, or null when cancelled. */
  result: Promise<ProveAnswer | null>;
  cancel(): void;
}

/** The engine client. */
export interface EngineClient {
  load(workspace: Workspace, baseline: boolean): Promise<WorkspaceSummary>;
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
  classes(now: Date): Promise<IdentityClass[]>;
  reach(identityClass: IdentityClass, now: Date): Promise<Reach>;
  /** Null when the current workspace is the saved baseline. */
  diff(now: Date): Promise<WorkspaceDiff | null>;
  /** Can anyone perform `action` on a resource matching `resource`? Progress is identity classes done of all. */
  prove(
    question: { action: string; resource: string; maxWitnesses?: number },
    now: Date,
    onProgress?: (done: number, total: number) => void,
  ): ProveJob;
}

/** Starts the worker and returns its client. */
export function createEngineClient(): EngineClient {
  const pending = new Map<number, Pending>();
  // What was posted for each pending request, so a worker that fails to start can be replaced and asked again.
  const posted = new Map<number, EngineRequest>();
  let next = 1;
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
    if (reply.type === 'result') p.resolve(reply.value);
    else if (reply.type === 'cancelled') p.resolve(null);
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
    const why = event.message || 'the engine worker could not start or crashed';
    for (const p of pending.values()) p.reject(new Error(`The engine stopped: ${why}`));
    pending.clear();
    posted.clear();
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    return w;
  };
  let worker = start();

  const send = <T>(msg: Outgoing, progress?: Pending['progress']): { id: number; promise: Promise<T> } => {
    const id = next++;
    const promise = new Promise<T>((resolve, reject) =>
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress }),
    );
    const request = { ...msg, id } as EngineRequest;
    posted.set(id, request);
    worker.postMessage(request);
    return { id, promise };
  };
  return {
    load: (workspace, baseline) => send<WorkspaceSummary>({ type: 'load', workspace, baseline }).promise,
    resolve: (identity, now) => send<ResolutionView>({ type: 'resolve', identity, now: now.toISOString() }).promise,
    explain: (request, now, baseline) =>
      send<Answer>({ type: 'explain', request, now: now.toISOString(), ...(baseline ? { baseline } : {}) }).promise,
    audit: (now) => send<AuditResult>({ type: 'audit', now: now.toISOString() }).promise,
    whoCan: (action, resource, now) =>
      send<WhoCanResult>({ type: 'whoCan', action, resource, now: now.toISOString() }).promise,
    classes: (now) => send<IdentityClass[]>({ type: 'classes', now: now.toISOString() }).promise,
    reach: (identityClass, now) => send<Reach>({ type: 'reach', identityClass, now: now.toISOString() }).promise,
    diff: (now) => send<WorkspaceDiff | null>({ type: 'diff', now: now.toISOString() }).promise,
    prove(question, now, onProgress) {
      const { id, promise } = send<ProveAnswer | null>(
        { type: 'prove', ...question, now: now.toISOString() },
        onProgress,
      );
      return {
        id,
        result: promise,
        cancel: () => worker.postMessage({ type: 'cancel', target: id, id: next++ } satisfies EngineRequest),
      };
    },
    matrix(subject, opts, onProgress) {
      const { id, promise } = send<MatrixResult | null>(
        {
          type: 'matrix',
          subject,
          withBaseline: opts.withBaseline,
          now: opts.now.toISOString(),
          lane: opts.lane ?? 'main',
          ...(opts.resources ? { resources: opts.resources } : {}),
        },
        onProgress,
      );
      return {
        id,
        result: promise,
        cancel: () => worker.postMessage({ type: 'cancel', target: id, id: next++ } satisfies EngineRequest),
      };
    },
  };
}
