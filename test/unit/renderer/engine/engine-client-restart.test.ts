import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngineClient } from '../../../../renderer/src/engine/engine-client';
import { engineMessages, messageNames } from '../../../../renderer/src/engine/protocol';
import type { Workspace } from '../../../../policy-engine/model/index';

type Sent = { id: number; type: string; request?: unknown };

/**
 * A stand-in for the browser's Worker, by worker name (`interactive`, `analysis`): the first `failing[name]` instances
 * of a name fail to start; a name in `silent` never answers; the others answer every request with "done <type>".
 */
function fakeWorkers(failing: Record<string, number> = {}, silent: string[] = []) {
  const created: FakeWorker[] = [];
  class FakeWorker {
    listeners: Record<string, ((e: unknown) => void)[]> = {};
    received: Sent[] = [];
    terminated = false;
    readonly broken: boolean;
    readonly name: string;
    constructor(_url: URL, options: { name?: string }) {
      this.name = options.name ?? '';
      this.broken = created.filter((w) => w.name === this.name).length < (failing[this.name] ?? 0);
      created.push(this);
    }
    addEventListener(type: string, fn: (e: unknown) => void) {
      (this.listeners[type] ??= []).push(fn);
    }
    postMessage(msg: Sent) {
      this.received.push(msg);
      if (silent.includes(this.name)) return;
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
  const live = (name: string) => created.filter((w) => w.name === name && !w.terminated);
  return { created, live };
}

afterEach(() => vi.unstubAllGlobals());

const workspace: Workspace = { format: 'rolecall-workspace', version: 1 };

describe('engine client', () => {
  it('replaces a worker that fails to start and sends it the pending requests again', async () => {
    const { created, live } = fakeWorkers({ analysis: 1 });
    const client = createEngineClient();
    await expect(client.audit(new Date(0))).resolves.toBe('done audit');
    const analysis = created.filter((w) => w.name === 'analysis');
    expect(analysis).toHaveLength(2);
    expect(analysis[0].terminated).toBe(true);
    expect(live('analysis')[0].received.map((m) => m.type)).toEqual(['audit']);
  });

  it('gives up with a clear message when the worker keeps failing', async () => {
    fakeWorkers({ analysis: 10 });
    const client = createEngineClient();
    await expect(client.audit(new Date(0))).rejects.toThrow(
      'The engine stopped: the analysis engine worker could not start or crashed',
    );
  });

  it('sends load to both workers, the analysis questions to the analysis worker and the rest to the interactive one', async () => {
    const { live } = fakeWorkers();
    const client = createEngineClient();
    const now = new Date(0);
    await client.load(workspace, true);
    await client.resolve({ identityPoolId: 'us-east-1:0' }, now);
    await client.audit(now);
    await client.whoCan('s3:GetObject', 'arn:aws:s3:::b/k', now);
    await client.classes(now);
    await client.diff(now);
    await client.matrix({ principal: 'arn:aws:iam::123456789012:role/R' }, { withBaseline: false, now }).result;
    expect(live('interactive')[0].received.map((m) => m.type)).toEqual(['load', 'resolve', 'matrix']);
    expect(live('analysis')[0].received.map((m) => m.type)).toEqual(['load', 'audit', 'whoCan', 'classes', 'diff']);
    // Every message of the table goes to one worker at least.
    for (const name of messageNames) expect(['interactive', 'analysis', 'both']).toContain(engineMessages[name].worker);
  });

  it('answers a matrix while a long audit is still running in the analysis worker', async () => {
    const { live } = fakeWorkers({}, ['analysis']);
    const client = createEngineClient();
    const now = new Date(0);
    let auditDone = false;
    void client.audit(now).then(() => (auditDone = true));
    const job = client.matrix({ principal: 'arn:aws:iam::123456789012:role/R' }, { withBaseline: false, now });
    await expect(job.result).resolves.toBe('done matrix');
    expect(auditDone).toBe(false);
    expect(live('analysis')[0].received.map((m) => m.type)).toEqual(['audit']);
  });

  it('sends cancel to the worker that runs the matrix', async () => {
    const { live } = fakeWorkers({}, ['interactive']);
    const client = createEngineClient();
    const job = client.matrix({ principal: 'arn:aws:iam::1:role/R' }, { withBaseline: false, now: new Date(0) });
    job.cancel();
    expect(live('interactive')[0].received).toEqual([
      expect.objectContaining({ type: 'matrix', id: job.id }),
      expect.objectContaining({ type: 'cancel', target: job.id }),
    ]);
    expect(live('analysis')[0].received).toEqual([]);
  });
});
