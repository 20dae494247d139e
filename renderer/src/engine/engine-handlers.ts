/**
 * One handler per message of the engine table (protocol.ts): the compiler checks that every message has one and that
 * it answers the message's response type. Free of worker plumbing, so it runs in vitest too.
 */
import type { EngineCore, JobControl } from './engine-core';
import type { MessageName, MessageRequest, MessageResponse, MessageSchemas } from './protocol';

/** What a handler gets besides its request: how a long job reports progress and learns it should stop. */
export interface HandlerContext {
  /** The job control of this request in `lane` (a newer job of the same lane supersedes it). */
  job(lane: string): JobControl;
}

/** The handler of one message. */
export type Handler<M extends MessageName> = (
  request: MessageRequest<M>,
  ctx: HandlerContext,
) => MessageResponse<M> | Promise<MessageResponse<M>>;
/** A handler for every message. */
export type Handlers = { [M in MessageName]: Handler<M> };

/**
 * The handlers over one engine core. `summary: false` (the analysis worker): load prepares the workspace and answers
 * null, since the client reads the interactive worker's summary only (engine-client.ts `call`); building it would
 * cost time and, for a 6,000-role workspace, ~17 MB that nobody reads.
 */
export function createHandlers(core: EngineCore, opts: { summary?: false } = {}): Handlers {
  return {
    load: (r) => {
      if (opts.summary !== false) return core.load(r.workspace, r.baseline, r.source);
      core.prepare(r.workspace, r.baseline, r.source);
      return null;
    },
    resolve: (r) => core.resolve(r.identity, new Date(r.now)),
    explain: (r) => core.explain(r.request, new Date(r.now), r.baseline),
    matrix: (r, ctx) =>
      core.matrix(
        r.subject,
        { withBaseline: r.withBaseline, now: new Date(r.now), ...(r.resources ? { resources: r.resources } : {}) },
        ctx.job(r.lane),
      ),
    audit: (r) => core.audit(new Date(r.now)),
    whoCan: (r) => core.whoCan(r.action, r.resource, new Date(r.now)),
    classes: (r) => core.classes(new Date(r.now), r.principals === false ? { principals: false } : {}),
    reach: (r) => core.reach(r.identityClass, new Date(r.now)),
    diff: (r) => core.diff(new Date(r.now)),
    prove: (r, ctx) =>
      core.prove(
        {
          action: r.action,
          resource: r.resource,
          ...(r.maxWitnesses !== undefined ? { maxWitnesses: r.maxWitnesses } : {}),
        },
        new Date(r.now),
        ctx.job('prove'),
      ),
  };
}

/**
 * Validates `raw` against the message's request schema and runs its handler. A request that does not match throws
 * (the worker answers it with an error naming the field).
 */
export function dispatch<M extends MessageName>(
  handlers: Handlers,
  schemas: MessageSchemas,
  name: M,
  raw: unknown,
  ctx: HandlerContext,
): MessageResponse<M> | Promise<MessageResponse<M>> {
  const handler: Handler<M> = handlers[name];
  const request: MessageRequest<M> = schemas[name].request.parse(raw);
  return handler(request, ctx);
}
