/**
 * The prover against brute force (issue 14): on small random guest policies over a finite domain (resource patterns
 * built from the letters a and x, Allow and Deny, an optional aws:UserAgent condition), `prove` says possible exactly
 * when some request of the domain is allowed by the engine, and every witness it gives is allowed. The domain covers
 * every case: object keys up to three characters over {a, x, /, z} (z standing for any other character) and user
 * agents none, u1, u2, u3 (u3 for any other value). FC_RUNS raises the number of workspaces (default 300).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { prove } from '../../../../policy-engine/prove/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const root = resolve(__dirname, '../../../..');
const now = new Date('2026-11-01T00:00:00Z');
const demoText = readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8');
const B = 'arn:aws:s3:::demo-app-user-files';
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const PATTERNS = ['*', 'a/*', 'a/x', 'x*', 'a?', 'a*x', '?/*', 'xa', 'a/', 'x/*'];
const AGENTS = [undefined, 'u1', 'u2', 'u3'];
const KEYS = (() => {
  const out = [''];
  let layer = [''];
  for (let n = 0; n < 3; n++) {
    layer = layer.flatMap((p) => ['a', 'x', '/', 'z'].map((c) => p + c));
    out.push(...layer);
  }
  return out;
})();

const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Deny'),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*Object'),
  resources: fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 }),
  agent: fc.option(
    fc.record({ op: fc.constantFrom('StringEquals', 'StringNotEquals'), v: fc.constantFrom('u1', 'u2') }),
    {
      nil: undefined,
    },
  ),
});

function workspaceWith(statements: unknown[]): Workspace {
  const w = JSON.parse(demoText) as Workspace;
  const guest = w.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppGuest')!;
  guest.RolePolicyList = [
    {
      PolicyName: 'Random',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: (
          statements as { effect: string; action: string; resources: string[]; agent?: { op: string; v: string } }[]
        ).map((s) => ({
          Effect: s.effect,
          Action: s.action,
          Resource: s.resources.map((r) => `${B}/${r}`),
          ...(s.agent ? { Condition: { [s.agent.op]: { 'aws:UserAgent': s.agent.v } } } : {}),
        })),
      },
    },
  ];
  return w;
}

describe('prove agrees with brute force on small random workspaces', () => {
  it('possible exactly when some request of the finite domain is allowed; every witness allowed', () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('s3:GetObject', 's3:PutObject'),
        (sts, action) => {
          const pw = prepareWorkspace(workspaceWith(sts));
          const r = prove(pw, { action, resource: `${B}/*`, classFilter: (c) => c.kind === 'guest' }, { now });
          const identity = { identityPoolId: POOL, identityId: 'us-east-1:5e1f0000-0000-4000-8000-000000000001' };
          let brute = false;
          for (const key of KEYS) {
            for (const ua of AGENTS) {
              const d = evaluateRequest(
                pw,
                { identity, action, resource: `${B}/${key}`, ...(ua ? { context: { 'aws:UserAgent': ua } } : {}) },
                { now },
              ).decision;
              if (d === 'allowed') brute = true;
              if (brute) break;
            }
            if (brute) break;
          }
          expect(r.complete).toBe(true);
          expect(r.possible).toBe(brute);
          for (const w of r.witnesses) expect(evaluateRequest(pw, w.request, { now }).decision).toBe('allowed');
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});
