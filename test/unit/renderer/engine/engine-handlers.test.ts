import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';
import { createHandlers, dispatch } from '../../../../renderer/src/engine/engine-handlers';
import { messageNames, messageSchemas, runsOn } from '../../../../renderer/src/engine/protocol';

const demo = JSON.parse(readFileSync(join(__dirname, '../../../../examples/demo.rolecall.json'), 'utf8'));
const noJob = { job: () => ({ progress: () => undefined, yieldAndCheck: async () => false }) };

describe('engine message table', () => {
  it('has a handler for every message, and each message runs on at least one worker', () => {
    const handlers = createHandlers(createEngineCore());
    expect(Object.keys(handlers).sort()).toEqual([...messageNames].sort());
    for (const name of messageNames) expect(runsOn(name, 'interactive') || runsOn(name, 'analysis')).toBe(true);
    expect(runsOn('load', 'interactive') && runsOn('load', 'analysis')).toBe(true);
    expect(runsOn('audit', 'interactive')).toBe(false);
    expect(runsOn('matrix', 'analysis')).toBe(false);
  });

  it('validates a request against its schema before the handler runs, naming the field', () => {
    const handlers = createHandlers(createEngineCore());
    expect(() => dispatch(handlers, messageSchemas, 'audit', { now: 'yesterday' }, noJob)).toThrow(/now/);
    expect(() => dispatch(handlers, messageSchemas, 'load', { workspace: [], baseline: true }, noJob)).toThrow(
      /workspace/,
    );
    expect(() =>
      dispatch(handlers, messageSchemas, 'whoCan', { action: 's3:GetObject', now: new Date(0).toISOString() }, noJob),
    ).toThrow(/resource/);
  });

  it('runs load then an analysis question through the table, as a worker does', async () => {
    const handlers = createHandlers(createEngineCore());
    const now = new Date('2026-01-01T00:00:00Z').toISOString();
    const summary = await dispatch(handlers, messageSchemas, 'load', { workspace: demo, baseline: true }, noJob);
    expect(summary?.actions.length).toBeGreaterThan(0);
    const audit = await dispatch(handlers, messageSchemas, 'audit', { now }, noJob);
    expect(Array.isArray(audit.findings)).toBe(true);
    const diff = await dispatch(handlers, messageSchemas, 'diff', { now }, noJob);
    expect(diff).toBeNull();
    // The class picker asks without the principal classes (one per IAM role and user).
    const all = await dispatch(handlers, messageSchemas, 'classes', { now }, noJob);
    const cognito = await dispatch(handlers, messageSchemas, 'classes', { now, principals: false }, noJob);
    expect(all.some((c) => c.kind === 'role')).toBe(true);
    expect(cognito.map((c) => c.key)).toEqual(all.filter((c) => c.subject.identity !== undefined).map((c) => c.key));
  });

  it('the analysis worker (summary: false) prepares the workspace on load but builds no summary', async () => {
    const now = new Date('2026-01-01T00:00:00Z').toISOString();
    const analysis = createHandlers(createEngineCore(), { summary: false });
    const interactive = createHandlers(createEngineCore());
    expect(await dispatch(analysis, messageSchemas, 'load', { workspace: demo, baseline: true }, noJob)).toBeNull();
    await dispatch(interactive, messageSchemas, 'load', { workspace: demo, baseline: true }, noJob);
    // The workspace is loaded all the same: the analyses answer as the summarising worker's do.
    const a = await dispatch(analysis, messageSchemas, 'audit', { now }, noJob);
    const b = await dispatch(interactive, messageSchemas, 'audit', { now }, noJob);
    expect(a.findings.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });
});
