import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { createEngineCore, MATRIX_CHUNK } from '../../../../renderer/src/engine/engine-core';
import { setPolicyDocument } from '../../../../renderer/src/features/editor/workspace-edit';

const demo = JSON.parse(
  readFileSync(new URL('../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const now = new Date('2026-11-27T12:00:00Z');
const go = { progress: () => undefined, yieldAndCheck: async () => false };
const pool = demo.identityPools![0].IdentityPoolId;

describe('engine core', () => {
  it('loads a workspace: every policy with its exact text and statements, S3 and DynamoDB actions with access levels', () => {
    const core = createEngineCore();
    const s = core.load(demo, true);
    expect(s.policies.length).toBeGreaterThan(3);
    const trust = s.policies.find((p) => p.policyId.endsWith('role/AppGuest#trust'))!;
    expect(trust.policyType).toBe('trust');
    expect(trust.statements[0]).toMatchObject({ index: 0, sid: 'CognitoGuests', effect: 'Allow' });
    expect(new Set(s.actions.map((a) => a.service))).toEqual(new Set(['s3', 'dynamodb']));
    expect(s.actions.find((a) => a.action === 's3:PutObject')?.accessLevel).toBe('Write');
    expect(s.resources).toEqual(demo.resources);
  });

  it('computes a guest matrix in chunks, reporting progress, and stops when asked', async () => {
    const core = createEngineCore();
    const s = core.load(demo, true);
    const progress: number[] = [];
    const m = await core.matrix(
      { identity: { identityPoolId: pool } },
      { withBaseline: true, now },
      { progress: (d) => progress.push(d), yieldAndCheck: async () => false },
    );
    expect(m!.decisions).toHaveLength(s.actions.length);
    expect(m!.roleArn).toBe('arn:aws:iam::123456789012:role/AppGuest');
    expect(m!.baseline).toBeUndefined();
    expect(progress.at(-1)).toBe(s.actions.length);
    expect(progress.length).toBe(Math.ceil(s.actions.length / MATRIX_CHUNK));
    const stopped = await core.matrix(
      { identity: { identityPoolId: pool } },
      { withBaseline: false, now },
      { progress: () => undefined, yieldAndCheck: async () => true },
    );
    expect(stopped).toBeNull();
  });

  it('after an edit, computes the baseline alongside so the UI can show what changed', async () => {
    const core = createEngineCore();
    const s = core.load(demo, true);
    const guest = demo.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppGuest')!;
    const edited = setPolicyDocument(
      demo,
      `${guest.Arn}#inline/${guest.RolePolicyList![0].PolicyName}`,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::demo-app-user-files/public/*' }],
      }),
    );
    expect(edited.ok).toBe(true);
    core.load(edited.ok ? edited.workspace : demo, false);
    const m = await core.matrix({ identity: { identityPoolId: pool } }, { withBaseline: true, now }, go);
    const put = s.actions.findIndex((a) => a.action === 's3:PutObject');
    const publicCol = demo.resources!.indexOf('arn:aws:s3:::demo-app-user-files/public/*');
    expect(m!.baseline![put][publicCol]).not.toBe('allowed');
    // The guest scope-down policy may still cut PutObject for guests; the edit must at least change what the role's own policy says.
    const answer = core.explain(
      {
        identity: { identityPoolId: pool },
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::demo-app-user-files/public/a.txt',
      },
      now,
    );
    expect(answer.statements?.some((st) => st.matched && st.policyId.endsWith('#inline/PublicRead'))).toBe(true);
  });

  it('resolves an identity without handing out the internal principal object', () => {
    const core = createEngineCore();
    core.load(demo, true);
    const r = core.resolve({ identityPoolId: pool }, now);
    expect(r.roleArn).toBe('arn:aws:iam::123456789012:role/AppGuest');
    expect(r.principalArn).toMatch(/assumed-role\/AppGuest\//);
    expect('principal' in r).toBe(false);
    expect(r.resolution.trace?.length).toBeGreaterThan(0);
  });
});

describe('engine core baseline cache', () => {
  it('computes the baseline matrix once per subject while the draft changes', async () => {
    const core = createEngineCore();
    core.load(demo, true);
    const guest = demo.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppGuest')!;
    const id = `${guest.Arn}#inline/${guest.RolePolicyList![0].PolicyName}`;
    const subject = { identity: { identityPoolId: pool } };
    let chunks = 0;
    const count = {
      progress: () => undefined,
      yieldAndCheck: async () => {
        chunks++;
        return false;
      },
    };
    const first = setPolicyDocument(demo, id, '{"Version":"2012-10-17","Statement":[]}');
    core.load(first.ok ? first.workspace : demo, false);
    await core.matrix(subject, { withBaseline: true, now }, count);
    const withBaseline = chunks;
    chunks = 0;
    const second = setPolicyDocument(
      demo,
      id,
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    );
    core.load(second.ok ? second.workspace : demo, false);
    const m = await core.matrix(subject, { withBaseline: true, now }, count);
    expect(chunks).toBe(withBaseline / 2);
    expect(m!.baseline).toBeDefined();
  });
});
