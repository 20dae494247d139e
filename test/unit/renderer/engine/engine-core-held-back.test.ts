import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';
import { getPolicyDocument, setPolicyDocument } from '../../../../renderer/src/features/editor/workspace-edit';

const demo = JSON.parse(
  readFileSync(new URL('../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const now = new Date('2026-11-27T12:00:00Z');
const go = { progress: () => undefined, yieldAndCheck: async () => false };
const guest = { identity: { identityPoolId: demo.identityPools![0].IdentityPoolId } };
const GUEST_POLICY = 'arn:aws:iam::123456789012:role/AppGuest#inline/PublicRead';

const edit = (ws: Workspace, text: string): Workspace => {
  const r = setPolicyDocument(ws, GUEST_POLICY, text);
  if (!r.ok) throw new Error(r.error);
  return r.workspace;
};
const savedText = () => JSON.stringify(getPolicyDocument(demo, GUEST_POLICY), null, 2);

// AWS rejects a policy that is not valid JSON or not a valid policy (MalformedPolicyDocument), so such an edit can
// never take effect: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
describe('engine core: an invalid edit is evaluated as its last valid version', () => {
  it('keeps the saved version while the edited text is not JSON: no decision changes, the JSON error is reported with its place', async () => {
    const core = createEngineCore();
    core.load(demo, true);
    const s = core.load(edit(demo, `${savedText()},,,`), false);
    expect(s.heldBack).toHaveLength(1);
    expect(s.heldBack[0]).toMatchObject({
      policyId: GUEST_POLICY,
      json: true,
      error: {
        code: 'policy.invalid-json',
        range: { start: { line: expect.any(Number), column: expect.any(Number) } },
      },
    });
    const view = s.policies.find((p) => p.policyId === GUEST_POLICY)!;
    expect(view.text.endsWith(',,,')).toBe(true);
    expect(view.diagnostics.some((d) => d.code === 'policy.invalid-json')).toBe(true);
    expect(view.evaluated?.text).not.toContain(',,,');
    const m = await core.matrix(guest, { withBaseline: true, now }, go);
    expect(m!.decisions).toEqual(m!.baseline);
    expect(core.diff(now)?.changedCells ?? 0).toBe(0);
  });

  it('uses the most recent valid edit, not the saved one, and holds back a valid-JSON but invalid policy too', async () => {
    const core = createEngineCore();
    core.load(demo, true);
    const wildcard = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    const first = core.load(edit(demo, wildcard), false);
    expect(first.heldBack).toEqual([]);
    const valid = await core.matrix(guest, { withBaseline: true, now }, go);
    const noEffect = JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: 's3:*', Resource: '*' }] });
    const s = core.load(edit(demo, noEffect), false);
    expect(s.heldBack).toMatchObject([
      { policyId: GUEST_POLICY, json: false, error: { code: 'policy.missing-effect' } },
    ]);
    const m = await core.matrix(guest, { withBaseline: true, now }, go);
    expect(m!.decisions).toEqual(valid!.decisions);
    expect(m!.decisions).not.toEqual(m!.baseline);
  });

  it('does not hold back a policy that was already invalid when loaded (there is no valid version to use)', () => {
    const core = createEngineCore();
    const broken = edit(demo, '{"Version": "2012-10-17", ');
    core.load(broken, true);
    const s = core.load(edit(broken, '{"Version": "2012-10-17", "Statement": '), false);
    expect(s.heldBack).toEqual([]);
    expect(s.diagnostics.some((d) => d.policyId === GUEST_POLICY && d.code === 'policy.invalid-json')).toBe(true);
  });

  it('drops the hold-back once the text is valid again', () => {
    const core = createEngineCore();
    core.load(demo, true);
    expect(core.load(edit(demo, '{'), false).heldBack).toHaveLength(1);
    const s = core.load(edit(demo, savedText()), false);
    expect(s.heldBack).toEqual([]);
    expect(s.policies.find((p) => p.policyId === GUEST_POLICY)?.evaluated).toBeUndefined();
  });
});
