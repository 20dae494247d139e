import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import {
  moveItem,
  normaliseDocuments,
  setMappingRules,
  setPolicyDocument,
} from '../../../../../renderer/src/features/editor/workspace-edit';

const demo = JSON.parse(
  readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const text = '{ "Version": "2012-10-17", "Statement": [] }';

describe('setPolicyDocument', () => {
  it('replaces a role inline policy, a trust policy, a managed policy default version and a resource policy without touching the original', () => {
    const role = demo.iam!.RoleDetailList![1];
    const inline = setPolicyDocument(demo, `${role.Arn}#inline/${role.RolePolicyList![0].PolicyName}`, text);
    expect(inline.ok && inline.workspace.iam!.RoleDetailList![1].RolePolicyList![0].PolicyDocument).toBe(text);
    expect(role.RolePolicyList![0].PolicyDocument).not.toBe(text);

    const trust = setPolicyDocument(demo, `${role.Arn}#trust`, text);
    expect(trust.ok && trust.workspace.iam!.RoleDetailList![1].AssumeRolePolicyDocument).toBe(text);

    const managed = demo.iam!.Policies![0];
    const m = setPolicyDocument(demo, managed.Arn, text);
    expect(m.ok && m.workspace.iam!.Policies![0].PolicyVersionList!.find((v) => v.IsDefaultVersion)?.Document).toBe(
      text,
    );

    const rp = demo.resourcePolicies![0];
    const r = setPolicyDocument(demo, `${rp.resourceArn}#resource`, text);
    expect(r.ok && r.workspace.resourcePolicies![0].policy).toBe(text);
  });

  it('says which policy it could not find', () => {
    const r = setPolicyDocument(demo, 'arn:aws:iam::123456789012:role/Nope#trust', text);
    expect(!r.ok && r.error).toMatch(/No role/);
    expect(setPolicyDocument(demo, 'arn:aws:iam::123456789012:policy/Nope', text).ok).toBe(false);
    expect(setPolicyDocument(demo, 'scp/0/0', text).ok).toBe(false);
  });

  it('edits an SCP by level and index', () => {
    const ws: Workspace = { ...demo, organization: { scps: [[{ Version: '2012-10-17', Statement: [] }]] } };
    const r = setPolicyDocument(ws, 'scp/0/0', text);
    expect(r.ok && r.workspace.organization!.scps![0][0]).toBe(text);
  });
});

describe('mapping rules', () => {
  it('replaces the rules of a mapping and reorders with moveItem', () => {
    const pool = demo.identityPools![0];
    const key = Object.keys(pool.RoleMappings!)[0];
    const rules = [
      ...pool.RoleMappings![key].RulesConfiguration!.Rules,
      { Claim: 'sub', MatchType: 'Equals' as const, Value: 'x', RoleARN: 'arn:aws:iam::123456789012:role/AppUser' },
    ];
    const r = setMappingRules(demo, pool.IdentityPoolId, key, moveItem(rules, 1, 0));
    expect(
      r.ok && r.workspace.identityPools![0].RoleMappings![key].RulesConfiguration!.Rules.map((x) => x.Claim),
    ).toEqual(['sub', 'cognito:groups']);
    expect(setMappingRules(demo, pool.IdentityPoolId, 'nope', []).ok).toBe(false);
    expect(moveItem([1, 2, 3], 0, 5)).toEqual([1, 2, 3]);
  });
});

describe('normaliseDocuments', () => {
  it('turns valid JSON strings back into objects and keeps invalid text as it is', () => {
    const role = demo.iam!.RoleDetailList![1];
    const a = setPolicyDocument(demo, `${role.Arn}#trust`, text);
    const b = a.ok
      ? setPolicyDocument(a.workspace, `${role.Arn}#inline/${role.RolePolicyList![0].PolicyName}`, '{ broken')
      : a;
    const n = normaliseDocuments(b.ok ? b.workspace : demo);
    expect(n.iam!.RoleDetailList![1].AssumeRolePolicyDocument).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(n.iam!.RoleDetailList![1].RolePolicyList![0].PolicyDocument).toBe('{ broken');
  });
});

describe('getPolicyDocument', () => {
  it('reads back exactly what setPolicyDocument wrote, for every kind of policy id', async () => {
    const { getPolicyDocument } = await import('../../../../../renderer/src/features/editor/workspace-edit');
    const role = demo.iam!.RoleDetailList![1];
    const ids = [
      `${role.Arn}#trust`,
      `${role.Arn}#inline/${role.RolePolicyList![0].PolicyName}`,
      demo.iam!.Policies![0].Arn,
      `${demo.resourcePolicies![0].resourceArn}#resource`,
    ];
    for (const id of ids) {
      expect(getPolicyDocument(demo, id)).toBeTypeOf('object');
      const r = setPolicyDocument(demo, id, text);
      expect(r.ok && getPolicyDocument(r.workspace, id)).toBe(text);
    }
    expect(getPolicyDocument(demo, 'arn:aws:iam::1:policy/none')).toBeUndefined();
  });
});
