/**
 * prepareWorkspace parses, validates and compiles each distinct policy text once and re-labels the result for every
 * policy with the same text (thousands of roles from one template). Each copy must still be its own policy: its own id
 * in every diagnostic, statement and skipped statement, the same positions, and explanations that name it.
 * IAM's policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { describe, expect, it } from 'vitest';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const ACC = '123456789012';
const doc = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    // Not valid grammar (no Resource): reported, and skipped in evaluation.
    { Sid: 'Broken', Effect: 'Allow', Action: 's3:PutObject' },
  ],
};
const role = (name: string) => ({
  RoleName: name,
  Arn: `arn:aws:iam::${ACC}:role/${name}`,
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
  RolePolicyList: [{ PolicyName: 'Same', PolicyDocument: structuredClone(doc) }],
});
const ws: Workspace = {
  format: 'rolecall-workspace',
  version: 1,
  accountId: ACC,
  iam: { RoleDetailList: [role('A'), role('B'), role('C')] },
};

describe('policies with the same text', () => {
  const pw = prepareWorkspace(ws);
  const ids = ['A', 'B', 'C'].map((n) => `arn:aws:iam::${ACC}:role/${n}#inline/Same`);

  it('each keep their own id in diagnostics, statements and skipped statements, with the same positions', () => {
    const diagnosticsOf = (id: string) => pw.diagnostics.filter((d) => d.policyId === id);
    const first = diagnosticsOf(ids[0]);
    expect(first.length).toBeGreaterThan(0);
    for (const id of ids) {
      const c = pw.compiled.get(id)!;
      expect(c.policyId).toBe(id);
      expect(c.parsed.policyId).toBe(id);
      expect(pw.policies.get(id)).toBe(c.parsed);
      expect(c.statements.map((s) => s.policyId)).toEqual([id]);
      expect(c.skipped.map((s) => [s.policyId, s.sid])).toEqual([[id, 'Broken']]);
      expect(c.parsed.diagnostics.every((d) => d.policyId === id)).toBe(true);
      const mine = diagnosticsOf(id);
      expect(mine.map(({ policyId: _, ...rest }) => rest)).toEqual(first.map(({ policyId: _, ...rest }) => rest));
    }
    // Nothing reported under one id leaks to another: three policies, three equal sets of diagnostics.
    expect(pw.diagnostics.filter((d) => ids.includes(d.policyId ?? ''))).toHaveLength(first.length * 3);
  });

  it('explain a decision with the statement of the caller’s own policy', () => {
    for (const [i, name] of ['A', 'B', 'C'].entries()) {
      const answer = evaluateRequest(
        pw,
        { principal: `arn:aws:iam::${ACC}:role/${name}`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
        { now: new Date('2026-11-01T00:00:00Z'), explain: true },
      );
      expect(answer.decision).toBe('allowed');
      expect(JSON.stringify(answer)).toContain(ids[i]);
      for (const other of ids.filter((_, j) => j !== i)) expect(JSON.stringify(answer)).not.toContain(other);
    }
  });
});

describe('policies with the same text, read from the user’s file', () => {
  const withCondition: Workspace = structuredClone(ws);
  for (const r of withCondition.iam!.RoleDetailList!)
    (r.RolePolicyList![0].PolicyDocument as { Statement: Record<string, unknown>[] }).Statement[0].Condition = {
      Bool: { 'aws:SecureTransport': 'true' },
    };
  const text = JSON.stringify(withCondition, null, 2);
  const lines = text.split('\n');
  /** 1-based lines of the file where a string occurs, in order. */
  const linesOf = (needle: string) => lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  const pw = prepareWorkspace(withCondition, { source: { text, file: 'w.rolecall.json' } });

  it('cite each policy’s own lines: statements, skipped statements, condition traces, diagnostics', () => {
    const reads = linesOf('"Sid": "Read"');
    const broken = linesOf('"Sid": "Broken"');
    const conditions = linesOf('"aws:SecureTransport"');
    expect(reads).toHaveLength(3);
    ['A', 'B', 'C'].forEach((name, i) => {
      const id = `arn:aws:iam::${ACC}:role/${name}#inline/Same`;
      const c = pw.compiled.get(id)!;
      // The statement's range starts at its `{`, the line above its Sid.
      expect(c.statements[0].start.line).toBe(reads[i] - 1);
      expect(c.statements[0].file).toBe('w.rolecall.json');
      expect(c.skipped[0].start.line).toBe(broken[i] - 1);
      const answer = evaluateRequest(
        pw,
        {
          principal: `arn:aws:iam::${ACC}:role/${name}`,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/k',
          context: { 'aws:SecureTransport': 'true' },
        },
        { now: new Date('2026-11-01T00:00:00Z'), explain: true },
      );
      expect(answer.decision).toBe('allowed');
      const ranges = JSON.stringify(answer).match(/"range":\{"start":\{"line":(\d+)/g) ?? [];
      expect(ranges.map((r) => Number(/(\d+)$/.exec(r)![1]))).toContain(conditions[i]);
      const mine = pw.diagnostics.filter((d) => d.policyId === id && d.range);
      expect(mine.length).toBeGreaterThan(0);
      for (const d of mine) {
        expect(d.file).toBe('w.rolecall.json');
        expect(d.range!.start.line).toBeGreaterThan(broken[i] - 2);
        expect(d.range!.start.line).toBeLessThan(broken[i] + 4);
      }
    });
  });
});
