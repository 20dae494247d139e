/**
 * Every view's jump into the editor carries the file column as well as the line (issue #16, "the user's own lines"):
 * Who can's deciding statement, What changed's causes and responsible statements, Problems, Held back, the findings
 * and the explanation's statement list all build their place with `jumpTo`, so a statement that starts inside a JSON
 * string (a whole policy on one file line) opens at its own character, not at the line's first one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, MatchedStatement } from '../../../../../policy-engine/model/index';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { parseWorkspaceText } from '../../../../../policy-engine/workspace/index';
import { createEngineCore } from '../../../../../renderer/src/engine/engine-core';
import { causeJump, responsibleJumps } from '../../../../../renderer/src/features/changes/diff-report';
import { jumpTo, openJump, trustJump } from '../../../../../renderer/src/features/editor/jump';
import { setPolicyDocument } from '../../../../../renderer/src/features/editor/workspace-edit';
import { problemJump } from '../../../../../renderer/src/features/load/problems-list';
import { decidingStatement } from '../../../../../renderer/src/features/who-can/who-can-model';
import { heldBackJump } from '../../../../../renderer/src/features/workbench/held-back-banner';

const demo = JSON.parse(
  readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const GUEST_POLICY = 'arn:aws:iam::123456789012:role/AppGuest#inline/PublicRead';
const stmt: MatchedStatement = {
  policyType: 'identity',
  policyId: 'arn:aws:iam::1:role/R#inline/P',
  statementIndex: 0,
  effect: 'Allow',
  start: { line: 12, column: 48 },
  end: { line: 12, column: 130 },
};

describe('a jump is a policy, a line and a column', () => {
  it('jumpTo keeps both; a place not known opens the first line without a column', () => {
    expect(jumpTo('p', { line: 3, column: 17 })).toEqual({ policyId: 'p', line: 3, column: 17 });
    expect(jumpTo('p', undefined)).toEqual({ policyId: 'p', line: 1 });
  });

  it('openJump passes the column on to the editor', () => {
    const calls: unknown[][] = [];
    openJump((...a) => calls.push(a), { policyId: 'p', line: 3, column: 17 });
    openJump((...a) => calls.push(a), { policyId: 'q', line: 1 });
    expect(calls).toEqual([
      ['p', 3, 17],
      ['q', 1, undefined],
    ]);
  });
});

describe("each view's jump carries the column", () => {
  it("Who can: the deciding statement's place", () => {
    const d = decidingStatement({ decision: 'allowed', matchedStatements: [stmt] }, (id) => id);
    expect(d?.jump).toEqual({ policyId: stmt.policyId, line: 12, column: 48 });
  });

  it("Problems: the diagnostic's start; a problem in no policy has no jump", () => {
    const d: Diagnostic = {
      severity: 'error',
      code: 'x',
      message: 'm',
      policyId: 'p',
      range: { start: { line: 5, column: 9 }, end: { line: 5, column: 12 } },
    } as Diagnostic;
    expect(problemJump(d)).toEqual({ policyId: 'p', line: 5, column: 9 });
    expect(problemJump({ ...d, policyId: undefined })).toBeNull();
  });

  it("Held back: the edit's error position", () => {
    const error = { severity: 'error', code: 'json', message: 'm', range: { start: { line: 3, column: 5 } } };
    expect(heldBackJump({ policyId: 'p', json: true, error: error as Diagnostic })).toEqual({
      policyId: 'p',
      line: 3,
      column: 5,
    });
  });

  it("What changed: each cause and each changed decision's statement opens at that statement's line and column", () => {
    const core = createEngineCore();
    core.load(demo, true);
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Del', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::demo-app-user-files/*' },
      ],
    });
    const r = setPolicyDocument(demo, GUEST_POLICY, doc);
    if (!r.ok) throw new Error(r.error);
    core.load(r.workspace, false);
    const diff = core.diff(new Date('2026-11-27T12:00:00Z'));
    const withStatement = (diff?.groups ?? []).filter((g) => g.statement);
    expect(withStatement.length).toBeGreaterThan(0);
    for (const g of withStatement)
      expect(causeJump(g)).toEqual({
        policyId: g.statement!.policyId,
        line: g.statement!.start.line,
        column: g.statement!.start.column,
      });
    const gained = diff!.classes.flatMap((c) => c.gained);
    expect(gained.length).toBeGreaterThan(0);
    for (const c of gained) {
      const j = responsibleJumps(c);
      expect(j.when).toBe('after');
      expect(j.statements.map((s) => s.jump)).toEqual(
        (c.afterStatements ?? []).map((m) => ({ policyId: m.policyId, line: m.start.line, column: m.start.column })),
      );
    }
    // The new statement's place is on the edited document's text: its one line, at the statement's own column.
    const del = gained.flatMap((c) => c.afterStatements ?? []).find((m) => m.sid === 'Del');
    expect(del?.start.column).toBeGreaterThan(1);
  });
});

describe("the identity trace's trust step opens the deciding trust statement", () => {
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html: Cognito assumes the
  // role only when its trust policy allows sts:AssumeRoleWithWebIdentity for the pool (aud) and the amr.
  const GUEST = 'arn:aws:iam::123456789012:role/AppGuest';
  const pool = demo.identityPools![0].IdentityPoolId;
  const now = new Date('2026-11-27T12:00:00Z');
  const demoText = readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8');
  const sidLine = demoText.split('\n').findIndex((l) => l.includes('"Sid": "CognitoGuests"')) + 1;

  it('trust allowed: the matched statement, at its line and column in the workspace file', () => {
    const core = createEngineCore();
    const parsed = parseWorkspaceText(demoText, 'demo.rolecall.json');
    if (!parsed.ok) throw new Error('demo does not parse');
    core.load(parsed.value, true, { text: demoText, file: 'demo.rolecall.json' });
    const r = core.resolve({ identityPoolId: pool }, now);
    expect(r.roleArn).toBe(GUEST);
    const j = trustJump(r, GUEST);
    expect(j.policyId).toBe(`${GUEST}#trust`);
    // The statement's object opens on the line before its Sid.
    expect(j.line).toBe(sidLine - 1);
    expect(j.column).toBeGreaterThan(1);
  });

  it('trust failed: the statement the check names as failing, not the first line', () => {
    const broken = structuredClone(demo);
    const role = broken.iam!.RoleDetailList!.find((x) => x.Arn === GUEST)!;
    const doc = role.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] };
    doc.Statement.unshift({
      Sid: 'OtherPool',
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:00000000-0000-0000-0000-000000000000' },
      },
    });
    (doc.Statement[1].Condition as Record<string, Record<string, string>>).StringEquals[
      'cognito-identity.amazonaws.com:aud'
    ] = 'us-east-1:11111111-1111-1111-1111-111111111111';
    const core = createEngineCore();
    core.load(broken, true);
    const r = core.resolve({ identityPoolId: pool }, now);
    expect(r.resolution.trust).toBe('denied');
    const step = r.resolution.trace!.find((s) => s.kind === 'trust')!;
    const failures = step.detail!.failures as { statementIndex: number }[];
    const named = r.trustStatements!.find((s) => s.statementIndex === failures[0].statementIndex)!;
    expect(trustJump(r, GUEST)).toEqual({
      policyId: `${GUEST}#trust`,
      line: named.start.line,
      column: named.start.column,
    });
    expect(named.start.line).toBeGreaterThan(1);
  });

  it('no trace and no matched statement: the first line', () => {
    expect(trustJump({ resolution: {} }, GUEST)).toEqual({ policyId: `${GUEST}#trust`, line: 1 });
  });
});
