/**
 * The engine's Web Worker: the policy engine runs here, off the UI thread. One job runs at a time; a long matrix
 * yields between chunks so `cancel` (or a newer matrix, which supersedes the older one) is seen promptly.
 */
import { createEngineCore } from './engine-core';
import type { EngineReply, EngineRequest } from './protocol';

const core = createEngineCore();
const cancelled = new Set<number>();
/** The newest matrix job per lane (the main identity, the comparison): a newer one supersedes an older one. */
const latestMatrix = new Map<string, number>();

const post = (reply: EngineReply) => (self as unknown as { postMessage(m: EngineReply): void }).postMessage(reply);
// Yield to the event loop between chunks (so cancel and newer jobs are seen) without setTimeout's 4 ms clamping.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const pause = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

async function handle(req: EngineRequest): Promise<void> {
  try {
    switch (req.type) {
      case 'cancel':
        cancelled.add(req.target);
        return;
      case 'load':
        return post({ id: req.id, type: 'result', value: core.load(req.workspace, req.baseline) });
      case 'resolve':
        return post({ id: req.id, type: 'result', value: core.resolve(req.identity, new Date(req.now)) });
      case 'explain':
        return post({ id: req.id, type: 'result', value: core.explain(req.request, new Date(req.now), req.baseline) });
      case 'audit':
        return post({ id: req.id, type: 'result', value: core.audit(new Date(req.now)) });
      case 'whoCan':
        return post({ id: req.id, type: 'result', value: core.whoCan(req.action, req.resource, new Date(req.now)) });
      case 'classes':
        return post({ id: req.id, type: 'result', value: core.classes(new Date(req.now)) });
      case 'reach':
        return post({ id: req.id, type: 'result', value: core.reach(req.identityClass, new Date(req.now)) });
      case 'diff':
        return post({ id: req.id, type: 'result', value: core.diff(new Date(req.now)) });
      case 'prove': {
        // One identity class at a time, yielding between classes so Cancel is seen.
        const value = await core.prove(
          {
            action: req.action,
            resource: req.resource,
            ...(req.maxWitnesses !== undefined ? { maxWitnesses: req.maxWitnesses } : {}),
          },
          new Date(req.now),
          {
            progress: (done, total) => post({ id: req.id, type: 'progress', done, total }),
            yieldAndCheck: async () => {
              await pause();
              return cancelled.has(req.id);
            },
          },
        );
        cancelled.delete(req.id);
        return post(value ? { id: req.id, type: 'result', value } : { id: req.id, type: 'cancelled' });
      }
      case 'matrix': {
        latestMatrix.set(req.lane, req.id);
        const value = await core.matrix(
          req.subject,
          {
            withBaseline: req.withBaseline,
            now: new Date(req.now),
            ...(req.resources ? { resources: req.resources } : {}),
          },
          {
            progress: (done, total) => post({ id: req.id, type: 'progress', done, total }),
            yieldAndCheck: async () => {
              await pause();
              return cancelled.has(req.id) || latestMatrix.get(req.lane) !== req.id;
            },
          },
        );
        cancelled.delete(req.id);
        return post(value ? { id: req.id, type: 'result', value } : { id: req.id, type: 'cancelled' });
      }
    }
  } catch (e) {
    post({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

self.addEventListener('message', (event: MessageEvent<EngineRequest>) => {
  void handle(event.data);
});
