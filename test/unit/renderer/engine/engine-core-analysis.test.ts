import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';
import { setPolicyDocument, setSettings } from '../../../../renderer/src/features/editor/workspace-edit';

const demo = JSON.parse(
  readFileSync(new URL('../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const now = new Date('2026-11-27T12:00:00Z');
const GUEST_POLICY = 'arn:aws:iam::123456789012:role/AppGuest#inline/PublicRead';
const wildcard = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});

function edited(ws: Workspace, policyId: string, text: string): Workspace {
  const r = setPolicyDocument(ws, policyId, text);
  if (!r.ok) throw new Error(r.error);
  return r.workspace;
}

describe('engine core: findings, who can, reach, change diff', () => {
  it('audits the current (edited) workspace, not the baseline', () => {
    const core = createEngineCore();
    core.load(demo, true);
    const before = core.audit(now);
    core.load(edited(demo, GUEST_POLICY, wildcard), false);
    const after = core.audit(now);
    expect(after.summary.high).toBeGreaterThan(before.summary.high);
    expect(after.findings.map((f) => f.ruleId)).toContain('wildcard-action-resource');
    expect(after.findings.find((f) => f.ruleId === 'wildcard-action-resource')?.location.policyId).toBe(GUEST_POLICY);
  });

  it('has no diff while the workspace is the baseline, and one after an edit, grouped by identity class', () => {
    const core = createEngineCore();
    core.load(demo, true);
    expect(core.diff(now)).toBeNull();
    core.load(edited(demo, GUEST_POLICY, wildcard), false);
    const d = core.diff(now)!;
    expect(d.changedCells).toBeGreaterThan(0);
    const guests = d.classes.find((c) => c.kind === 'guest')!;
    expect(guests.gained.some((c) => c.action === 's3:DeleteObject')).toBe(true);
    expect(guests.gained[0].afterStatements?.[0]?.policyId).toBe(GUEST_POLICY);
  });

  // Cognito's guest scope-down session policies (undocumented combination; SEMANTICS §A3):
  // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
  it('re-evaluates with the settings of the draft: role ∩ inline ∩ managed takes S3 reads away from guests', () => {
    const core = createEngineCore();
    core.load(demo, true);
    core.load(setSettings(demo, { guestScopeDown: 'inline-and-managed' }), false);
    const d = core.diff(now)!;
    const guests = d.classes.find((c) => c.kind === 'guest')!;
    expect(guests.lost.map((c) => c.action)).toContain('s3:GetObject');
    expect(guests.gained).toHaveLength(0);
  });

  it('answers who can, every identity class with a decision; and what one class can reach', () => {
    const core = createEngineCore();
    core.load(demo, true);
    const w = core.whoCan('s3:PutObject', 'arn:aws:s3:::demo-app-user-files/public/*', now);
    const kinds = new Set(w.paths.map((p) => p.identityClass.kind));
    // 'token': the members of each group of the demo's user pool (who-can lists the user-pool classes).
    expect(kinds).toEqual(new Set(['guest', 'rule', 'default', 'token', 'role']));
    expect(w.allowed.every((p) => p.decision === 'allowed')).toBe(true);
    const classes = core.classes(now);
    expect(classes.map((c) => c.key)).toEqual(w.paths.map((p) => p.identityClass.key));
    const admin = classes.find((c) => c.key === 'role:arn:aws:iam::123456789012:role/AppAdmin')!;
    const reach = core.reach(admin, now);
    expect(reach.cells.some((c) => c.action === 's3:PutObject')).toBe(
      w.allowed.some((p) => p.identityClass.key === admin.key),
    );
  });
});
