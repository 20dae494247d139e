/**
 * The app's matrix marks the cells allowed only through a role chain, with the chain, and lists the chains that
 * leave the workspace (engine side: what the matrix view draws as ⇢).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';

const A = '111122223333';
const arn = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const BUCKET = 'arn:aws:s3:::app-files';
const ws = {
  format: 'rolecall-workspace',
  version: 1,
  accountId: A,
  region: 'us-east-1',
  iam: {
    RoleDetailList: [
      {
        RoleName: 'App',
        Arn: arn('App'),
        RolePolicyList: [
          {
            PolicyName: 'p',
            PolicyDocument: doc(
              { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [arn('Writer'), arn('Elsewhere')] },
            ),
          },
        ],
        AssumeRolePolicyDocument: doc(),
      },
      {
        RoleName: 'Writer',
        Arn: arn('Writer'),
        RolePolicyList: [
          {
            PolicyName: 'p',
            PolicyDocument: doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/*` }),
          },
        ],
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}:root` },
          Action: 'sts:AssumeRole',
        }),
      },
    ],
  },
  resources: [`${BUCKET}/*`],
} as Workspace;
const now = new Date('2026-12-07T08:00:00Z');
const go = { progress: () => undefined, yieldAndCheck: async () => false };

describe('engine core: matrix cells through role chains', () => {
  it('s3:PutObject is allowed only through App → Writer; GetObject (direct) is not marked; Elsewhere leaves', async () => {
    const core = createEngineCore();
    const s = core.load(ws, true);
    const m = (await core.matrix({ principal: arn('App') }, { withBaseline: false, now }, go))!;
    const put = s.actions.findIndex((a) => a.action === 's3:PutObject');
    expect(m.decisions[put][0]).toBe('implicitDeny');
    expect(m.viaChain).toEqual([{ action: put, resource: 0, chain: [arn('App'), arn('Writer')] }]);
    expect(m.chainsLeaving).toEqual([[arn('App'), arn('Elsewhere')]]);
    // Writer itself: nothing through a chain.
    const w = (await core.matrix({ principal: arn('Writer') }, { withBaseline: false, now }, go))!;
    expect(w.viaChain).toBeUndefined();
  });
});
