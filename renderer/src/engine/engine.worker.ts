/**
 * An engine Web Worker: the policy engine runs here, off the UI thread. The client starts two: `interactive` (load,
 * resolve, explain, matrix) and `analysis` (load, audit, diff, who can, classes, reach), so a long whole-workspace
 * question never delays the matrix the user is looking at. One job runs at a time per worker; a long matrix yields
 * between chunks so `cancel` (or a newer matrix of its lane, which supersedes the older one) is seen promptly.
 */
import { z } from 'zod';
import { createEngineCore } from './engine-core';
import { createHandlers, dispatch } from './engine-handlers';
import { messageSchemas, isMessageName, runsOn, type EngineReply, type WorkerRole } from './protocol';

const role: WorkerRole = self.name === 'analysis' ? 'analysis' : 'interactive';
const handlers = createHandlers(createEngineCore(), role === 'analysis' ? { summary: false } : {});
const cancelled = new Set<number>();
/** The newest job per lane (the main identity, the comparison): a newer one supersedes an older one. */
const latest = new Map<string, number>();

const post = (reply: EngineReply) => self.postMessage(reply);
// Yield to the event loop between chunks (so cancel and newer jobs are seen) without setTimeout's 4 ms clamping.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const pause = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

const envelope = z.union([
  z.object({ id: z.number(), type: z.literal('cancel'), target: z.number() }),
  z.object({ id: z.number(), type: z.string(), request: z.unknown() }),
]);

async function handle(data: unknown): Promise<void> {
  const msg = envelope.safeParse(data);
  if (!msg.success) return;
  const { id } = msg.data;
  if ('target' in msg.data) {
    cancelled.add(msg.data.target);
    return;
  }
  const { type, request } = msg.data;
  try {
    if (!isMessageName(type) || !runsOn(type, role)) throw new Error(`The ${role} engine does not answer "${type}".`);
    const value = await dispatch(handlers, messageSchemas, type, request, {
      job: (lane) => {
        latest.set(lane, id);
        return {
          progress: (done, total) => post({ id, type: 'progress', done, total }),
          yieldAndCheck: async () => {
            await pause();
            return cancelled.has(id) || latest.get(lane) !== id;
          },
        };
      },
    });
    const stopped = cancelled.delete(id);
    // A job that stopped early answers null (matrix): that is a cancellation, not a result.
    post(value === null && stopped ? { id, type: 'cancelled' } : { id, type: 'result', value });
  } catch (e) {
    cancelled.delete(id);
    post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  void handle(event.data);
});
