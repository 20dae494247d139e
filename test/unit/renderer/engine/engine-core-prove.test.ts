import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';

const demo = JSON.parse(
  readFileSync(new URL('../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const now = new Date('2026-11-27T12:00:00Z');
const BUCKET = 'arn:aws:s3:::demo-app-user-files';

describe('engine core: prove ("Can anyone?"), one identity class at a time', () => {
  it('answers with witnesses the engine answers allowed, reporting progress after each class', async () => {
    const core = createEngineCore();
    core.load(demo, true);
    const progress: [number, number][] = [];
    let yields = 0;
    const a = await core.prove({ action: 's3:PutObject', resource: `${BUCKET}/public/*` }, now, {
      progress: (d, t) => progress.push([d, t]),
      yieldAndCheck: async () => {
        yields++;
        return false;
      },
    });
    if (a?.kind !== 'result') throw new Error(`expected a result, got ${JSON.stringify(a)}`);
    const classes = a.result.classes.length;
    expect(progress.map(([d]) => d)).toEqual([...Array(classes).keys()]);
    expect(progress.every(([, t]) => t === classes)).toBe(true);
    expect(yields).toBe(classes);
    expect(a.result.possible).toBe(true);
    for (const w of a.result.witnesses) expect(core.explain(w.request, now).decision).toBe('allowed');
  });

  it('stops between classes when the job says so (Cancel), and answers null', async () => {
    const core = createEngineCore();
    core.load(demo, true);
    let yields = 0;
    const a = await core.prove({ action: 's3:GetObject', resource: `${BUCKET}/*` }, now, {
      progress: () => undefined,
      yieldAndCheck: async () => ++yields === 2,
    });
    expect(a).toBeNull();
    expect(yields).toBe(2);
  });

  it('gives a refused question back as an answer: the field at fault, the message without CLI flags, a guess', async () => {
    const core = createEngineCore();
    core.load(demo, true);
    const go = { progress: () => undefined, yieldAndCheck: async () => false };
    const action = await core.prove({ action: 's3:PutObjekt', resource: '*' }, now, go);
    expect(action).toEqual({
      kind: 'inputError',
      field: 'action',
      message: 's3:PutObjekt is not a known s3 action; did you mean "s3:PutObject"?',
      suggestion: 's3:PutObject',
    });
    const resource = await core.prove({ action: 's3:GetObject', resource: 'demo-app-user-files/*' }, now, go);
    expect(resource).toMatchObject({ kind: 'inputError', field: 'resource' });
    expect(resource?.kind === 'inputError' && resource.message).toMatch(/^"demo-app-user-files\/\*" is not an ARN/);
  });
});
