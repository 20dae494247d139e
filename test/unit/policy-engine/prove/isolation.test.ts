import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { checkIsolation, perUserStores } from '../../../../policy-engine/prove/index';
import { auditWorkspace, diffWorkspaces } from '../../../../policy-engine/analysis/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const root = resolve(__dirname, '../../../..');
const now = new Date('2026-11-01T00:00:00Z');
const demoText = readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8');
const BUCKET = 'arn:aws:s3:::demo-app-user-files';
const NOTES = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
const SUB = '${cognito-identity.amazonaws.com:sub}';

const demo = (): Workspace => JSON.parse(demoText) as Workspace;
/** The per-user S3 statement widened from private/${sub}/* to private/*. */
const s3Widened = (): Workspace => {
  const text = demoText.replace(`"Resource": "${BUCKET}/private/${SUB}/*"`, `"Resource": "${BUCKET}/private/*"`);
  expect(text).not.toBe(demoText);
  return JSON.parse(text) as Workspace;
};
/** The Notes policy without its dynamodb:LeadingKeys condition. */
const leadingKeysDropped = (): Workspace => {
  const w = demo();
  const p = w.iam!.Policies!.find((x) => x.PolicyName === 'DemoAppNotesOwnItems')!;
  const doc = p.PolicyVersionList!.find((v) => v.IsDefaultVersion)!.Document as {
    Statement: { Condition?: unknown }[];
  };
  expect(doc.Statement[0].Condition).toBeDefined();
  delete doc.Statement[0].Condition;
  return w;
};

// https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — ${cognito-identity.amazonaws.com:sub} scopes per-user data.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html — dynamodb:LeadingKeys scopes items to a partition.
describe('cross-user isolation', () => {
  it('finds per-user stores in the policies, in resources and in perUserTables', () => {
    const stores = perUserStores(prepareWorkspace(demo()));
    const s3 = stores.find((s) => s.kind === 's3')!;
    expect(s3.pattern).toBe(`${BUCKET}/private/${SUB}/*`);
    expect(s3.foundIn).toContain('resources');
    expect(s3.foundIn.some((w) => w.startsWith('policy '))).toBe(true);
    const table = stores.find((s) => s.kind === 'dynamodb')!;
    expect(table.container).toBe(NOTES);
    expect(table.foundIn).toEqual(expect.arrayContaining(['perUserTables']));
    // Widened, the S3 store is still known from resources; without LeadingKeys, the table from perUserTables.
    expect(perUserStores(prepareWorkspace(s3Widened())).find((s) => s.kind === 's3')?.foundIn).toEqual(['resources']);
    expect(perUserStores(prepareWorkspace(leadingKeysDropped())).find((s) => s.kind === 'dynamodb')?.foundIn).toEqual([
      'perUserTables',
    ]);
  });

  it('proves the demo as shipped isolated for everyone but the admins rule (an operator role by design)', () => {
    const r = checkIsolation(prepareWorkspace(demo()), { now });
    expect(r.complete).toBe(true);
    expect(r.questions).toBeGreaterThan(10);
    expect(r.breaks.filter((b) => !b.operator)).toEqual([]);
    expect(r.breaks.some((b) => b.operator && b.roleArn?.endsWith('role/AppAdmin'))).toBe(true);
  });

  it('catches private/* with a witness of two identity ids that the engine answers allowed', () => {
    const pw = prepareWorkspace(s3Widened());
    const r = checkIsolation(pw, { now });
    const user = r.breaks.filter((b) => !b.operator);
    expect(new Set(user.map((b) => b.action))).toEqual(new Set(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    for (const b of user) {
      expect(b.callerId).not.toBe(b.ownerId);
      expect(b.witness.request.resource.startsWith(`${BUCKET}/private/${b.ownerId}/`)).toBe(true);
      expect(evaluateRequest(pw, b.witness.request, { now }).decision).toBe('allowed');
    }
  });

  it('catches a dropped dynamodb:LeadingKeys condition, reads and writes', () => {
    const pw = prepareWorkspace(leadingKeysDropped());
    const user = checkIsolation(pw, { now }).breaks.filter((b) => !b.operator);
    expect(new Set(user.map((b) => b.access))).toEqual(new Set(['read', 'write']));
    for (const b of user) {
      expect(b.witness.request.context?.['dynamodb:LeadingKeys']).toEqual([b.ownerId]);
      expect(evaluateRequest(pw, b.witness.request, { now }).decision).toBe('allowed');
    }
  });

  it('drives user-reads-other-users in audit for both widenings, and no finding on the demo as shipped', () => {
    const ids = (w: Workspace) => auditWorkspace(prepareWorkspace(w), { now }).findings.map((f) => f.ruleId);
    expect(ids(demo())).toEqual([]);
    expect(ids(s3Widened())).toContain('user-reads-other-users');
    expect(ids(leadingKeysDropped())).toContain('user-reads-other-users');
  });

  it('reports in the diff, by identity class, a change that breaks isolation — and its undoing as a restore', () => {
    const before = prepareWorkspace(demo());
    const after = prepareWorkspace(leadingKeysDropped());
    const d = diffWorkspaces(before, after, { now });
    expect(d.isolation.broken.map((c) => c.kind).sort()).toEqual(['default', 'default']);
    expect(d.isolation.broken[0].access).toEqual(['read', 'write']);
    expect(d.summary[0]).toMatch(/^This change breaks cross-user isolation: users of /);
    const back = diffWorkspaces(after, before, { now });
    expect(back.isolation.broken).toEqual([]);
    expect(back.isolation.restored.length).toBe(2);
    expect(diffWorkspaces(before, prepareWorkspace(demo()), { now }).isolation.broken).toEqual([]);
  });
});
