import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngineClient } from '../../../../renderer/src/engine/engine-client';

/** A stand-in for the browser's Worker: the first `failing` instances fail to start; later ones answer every request. */
function fakeWorkers(failing: number) {
  const created: FakeWorker[] = [];
  class FakeWorker {
    listeners: Record<string, ((e: unknown) => void)[]> = {};
    received: { id: number; type: string }[] = [];
    terminated = false;
    readonly broken: boolean;
    constructor() {
      this.broken = created.length < failing;
      created.push(this);
    }
    addEventListener(type: string, fn: (e: unknown) => void) {
      (this.listeners[type] ??= []).push(fn);
    }
    postMessage(msg: { id: number; type: string }) {
      this.received.push(msg);
      queueMicrotask(() => {
        if (this.terminated) return;
        if (this.broken) this.listeners.error?.forEach((fn) => fn({ message: undefined }));
        else
          this.listeners.message?.forEach((fn) =>
            fn({ data: { id: msg.id, type: 'result', value: `done ${msg.type}` } }),
          );
      });
    }
    terminate() {
      this.terminated = true;
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
  return created;
}

afterEach(() => vi.unstubAllGlobals());

describe('engine client', () => {
  it('replaces a worker that fails to start and sends it the pending requests again', async () => {
    const workers = fakeWorkers(1);
    const client = createEngineClient();
    await expect(client.audit(new Date(0))).resolves.toBe('done audit');
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].received.map((m) => m.type)).toEqual(['audit']);
  });

  it('gives up with a clear message when the worker keeps failing', async () => {
    fakeWorkers(10);
    const client = createEngineClient();
    await expect(client.audit(new Date(0))).rejects.toThrow(
      'The engine stopped: the engine worker could not start or crashed',
    );
  });
});
