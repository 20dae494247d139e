/**
 * diff --prove where both versions allow an action (issue 14, item 3): one search for a request the after-version
 * allows and the before-version refuses, for the same identity — a witness re-checked in both, or a proof that the
 * pair gains nothing. Cases: a second folder made readable (the after-version's first witness, public/…, is allowed
 * before too, so only the search finds the gain); a condition dropped; an unchanged workspace
 * proved to gain nothing; and a property over random edits against brute force.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { checkNoNewAccess } from '../../../../policy-engine/prove/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';

/** Vitest's time limit for a property: its default of 60 s, or about 1 s per run for long FC_RUNS runs (a limit, not a measure). */
const runTimeout = (runs: number) => Math.max(60_000, Number(process.env.FC_RUNS ?? runs) * 1000);
const root = resolve(__dirname, '../../../..');
const now = new Date('2026-11-01T00:00:00Z');
const demoText = readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8');
const B = 'arn:aws:s3:::demo-app-user-files';
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';

/** The demo with the guest policy's statements replaced. */
function guestWith(statements: unknown[]): Workspace {
  const w = JSON.parse(demoText) as Workspace;
  w.userPools = [];
  const guest = w.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppGuest')!;
  guest.RolePolicyList = [
    { PolicyName: 'PublicRead', PolicyDocument: { Version: '2012-10-17', Statement: statements } },
  ];
  return w;
}
const guestOnly = (r: ReturnType<typeof checkNoNewAccess>) => ({
  gained: r.newAccess.filter((n) => n.who.startsWith('guests')),
  same: r.provedNoGain.filter((p) => p.who.startsWith('guests')),
  byWitness: r.comparedByWitness.filter((p) => p.who.startsWith('guests')),
});
const read = (resource: string, extra: object = {}) => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: resource,
  ...extra,
});

describe('checkNoNewAccess where both versions allow the action', () => {
  it("finds the gain of a second readable folder, which the after-version's own witness (public/…) does not show", () => {
    const before = prepareWorkspace(guestWith([read(`${B}/public/*`)]));
    const after = prepareWorkspace(guestWith([read(`${B}/public/*`), read(`${B}/shared/*`)]));
    const r = guestOnly(checkNoNewAccess(before, after, ['s3:GetObject'], { now }));
    expect(r.gained).toHaveLength(1);
    const n = r.gained[0];
    expect(n.found).toBe('search');
    expect(n.witness.request.resource.startsWith(`${B}/shared/`)).toBe(true);
    expect(evaluateRequest(after, n.witness.request, { now }).decision).toBe('allowed');
    expect(evaluateRequest(before, n.witness.request, { now }).decision).not.toBe('allowed');
    expect(r.byWitness).toEqual([]);
  });

  it('finds the gain of a dropped condition: the request without the user agent the condition wanted', () => {
    const cond = { Condition: { StringEquals: { 'aws:UserAgent': 'app/1' } } };
    const before = prepareWorkspace(guestWith([read(`${B}/public/*`), read(`${B}/shared/*`, cond)]));
    const after = prepareWorkspace(guestWith([read(`${B}/public/*`), read(`${B}/shared/*`)]));
    const r = guestOnly(checkNoNewAccess(before, after, ['s3:GetObject'], { now }));
    expect(r.gained).toHaveLength(1);
    const req = r.gained[0].witness.request;
    expect(req.resource.startsWith(`${B}/shared/`)).toBe(true);
    expect(req.context?.['aws:UserAgent']).not.toBe('app/1');
    expect(evaluateRequest(before, req, { now }).decision).not.toBe('allowed');
  });

  it('proves that an edit which allows nothing new (a statement split in two) gains nothing', () => {
    const before = prepareWorkspace(guestWith([read([`${B}/public/*`, `${B}/shared/*`] as unknown as string)]));
    const after = prepareWorkspace(guestWith([read(`${B}/shared/*`), read(`${B}/public/*`)]));
    const all = checkNoNewAccess(before, after, ['s3:GetObject'], { now });
    const r = guestOnly(all);
    expect(r.gained).toEqual([]);
    expect(r.same).toHaveLength(1);
    expect(r.byWitness).toEqual([]);
    expect(all.complete).toBe(true);
  });
});

const PATTERNS = ['*', 'a/*', 'a/x', 'x*', 'a?', 'a*x', '?/*', 'xa'];
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
  resources: fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 }),
  agent: fc.option(
    fc.record({ op: fc.constantFrom('StringEquals', 'StringNotEquals'), v: fc.constantFrom('u1', 'u2') }),
    {
      nil: undefined,
    },
  ),
});
const doc = (sts: { effect: string; resources: string[]; agent?: { op: string; v: string } }[]) =>
  sts.map((s) => ({
    Effect: s.effect,
    Action: 's3:GetObject',
    Resource: s.resources.map((r) => `${B}/${r}`),
    ...(s.agent ? { Condition: { [s.agent.op]: { 'aws:UserAgent': s.agent.v } } } : {}),
  }));

describe('checkNoNewAccess agrees with brute force for guests (FC_RUNS, default 30)', () => {
  it(
    'gains exactly when some guest request of the finite domain is allowed after and refused before',
    () => {
      fc.assert(
        fc.property(
          fc.array(statement, { minLength: 1, maxLength: 3 }),
          fc.array(statement, { minLength: 1, maxLength: 3 }),
          (sb, sa) => {
            const before = prepareWorkspace(guestWith(doc(sb)));
            const after = prepareWorkspace(guestWith(doc(sa)));
            const r = checkNoNewAccess(before, after, ['s3:GetObject'], { now });
            const guests = guestOnly(r);
            const identity = { identityPoolId: POOL, identityId: 'us-east-1:5e1f0000-0000-4000-8000-000000000001' };
            let brute: string | null = null;
            search: for (const key of KEYS)
              for (const ua of AGENTS) {
                const request = {
                  identity,
                  action: 's3:GetObject',
                  resource: `${B}/${key}`,
                  ...(ua ? { context: { 'aws:UserAgent': ua } } : {}),
                };
                if (
                  evaluateRequest(after, request, { now }).decision === 'allowed' &&
                  evaluateRequest(before, request, { now }).decision !== 'allowed'
                ) {
                  brute = JSON.stringify(request);
                  break search;
                }
              }
            expect(guests.byWitness).toEqual([]);
            expect({ gained: guests.gained.length > 0, example: brute }).toEqual({
              gained: brute !== null,
              example: brute,
            });
            for (const n of guests.gained) {
              expect(evaluateRequest(after, n.witness.request, { now }).decision).toBe('allowed');
              expect(evaluateRequest(before, n.witness.request, { now }).decision).not.toBe('allowed');
            }
          },
        ),
        { numRuns: Number(process.env.FC_RUNS ?? 30) },
      );
    },
    runTimeout(30),
  );
});
