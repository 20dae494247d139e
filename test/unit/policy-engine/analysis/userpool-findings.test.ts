/**
 * The user-pool posture findings, from the scenario files in test/scenarios/userpool/: each file patches a safe base
 * workspace (base.rolecall.json) so that its rule fires, and again into a safe twin where it does not. A firing case
 * checks the severity, words of the message and the location in the user pool (CONTRACT.md §5 kind "userPool"), and
 * its stakes: what the finding says is at risk, as a user of the pool would get it — the role Cognito hands out, and a
 * request that role makes, with its decision and the statements that decide it (as the Cognito scenarios do). So a
 * finding that names NotesAdmin is checked against the Allow that gives NotesAdmin its power, not only its words.
 * Then the same rules on an imported pool point at the file and line of the setting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditWorkspace, FINDING_RULES } from '../../../../policy-engine/analysis/findings/index';
import { resolveIdentity } from '../../../../policy-engine/cognito/index';
import { evaluateAs } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { requestProblems, type RequestExpectation } from '../scenario-check';

type Path = (string | number)[];
interface PatchOp {
  op: 'set' | 'delete' | 'push';
  path: Path;
  value?: unknown;
}
interface ScenarioCase {
  name: string;
  patch: PatchOp[];
  expect: {
    fires: boolean;
    severity?: string;
    messageIncludes?: string[];
    location?: Record<string, unknown>;
    /** Rules that must not fire in this case. */
    silent?: string[];
    /** Required on a firing case: what is at stake, as a user of the pool gets it. */
    stakes?: Stake[];
  };
}
/** A user of the first user pool signing in to the first identity pool, the role they get and what it decides. */
interface Stake {
  /** Defaults: the first app client, no groups, no attributes. */
  user: { clientId?: string; groups?: string[]; attributes?: Record<string, string> };
  outcome: 'role' | 'denied';
  roleArn: string | null;
  /** When denied: AWS's message (words of it). */
  error?: string;
  request?: { action: string; resource: string; expect: RequestExpectation };
}
interface ScenarioFile {
  description: string;
  ruleId: string;
  source: string;
  workspace: string;
  cases: ScenarioCase[];
}

const dir = resolve(__dirname, '../../../scenarios/userpool');
const NOW = new Date('2026-12-01T00:00:00Z');

/** The problems with one stake on the patched workspace, [] when the user gets that role and it decides as written. */
function stakeProblems(ws: Workspace, stake: Stake): string[] {
  const pw = prepareWorkspace(ws);
  const pool = ws.userPools![0];
  const r = resolveIdentity(
    pw,
    {
      identityPoolId: ws.identityPools![0].IdentityPoolId,
      user: {
        userPoolId: pool.UserPool.Id,
        clientId: stake.user.clientId ?? pool.Clients![0].ClientId,
        username: 'stake-user',
        groups: stake.user.groups ?? [],
        ...(stake.user.attributes ? { attributes: stake.user.attributes } : {}),
      },
    },
    { now: NOW, explain: true },
  );
  const label = JSON.stringify(stake.user);
  const got = { outcome: r.resolution.outcome, roleArn: r.roleArn };
  if (got.outcome !== stake.outcome || got.roleArn !== stake.roleArn)
    return [
      `${label}: expected ${stake.outcome} ${stake.roleArn}, got ${got.outcome} ${got.roleArn} (${r.resolution.error?.message ?? ''})`,
    ];
  if (stake.error !== undefined && !(r.resolution.error?.message ?? '').includes(stake.error))
    return [`${label}: expected the error "${stake.error}", got ${JSON.stringify(r.resolution.error)}`];
  if (!stake.request) return [];
  if (!r.principal) return [`${label}: no credentials to ask ${stake.request.action} with`];
  const q = stake.request;
  const a = evaluateAs(pw, r.principal, { action: q.action, resource: q.resource }, { now: NOW, explain: true });
  return requestProblems(a, q.expect, `${label} ${q.action} ${q.resource}`);
}

/** Applies set / delete / push at a JSON path (creating objects on the way for set). */
export function applyPatch(ws: unknown, ops: PatchOp[]): void {
  for (const op of ops) {
    let node = ws as Record<string | number, unknown>;
    for (const seg of op.path.slice(0, -1)) {
      if (node[seg] === undefined) node[seg] = {};
      node = node[seg] as Record<string | number, unknown>;
    }
    const last = op.path[op.path.length - 1];
    if (op.op === 'set') node[last] = structuredClone(op.value);
    else if (op.op === 'delete') delete node[last];
    else (node[last] as unknown[]).push(structuredClone(op.value));
  }
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.rolecall.json'))
  .sort();

it('every user-pool rule has a scenario file, and every file names a rule that exists', () => {
  const ids = FINDING_RULES.map((r) => r.id).filter((id) => id.startsWith('userpool-'));
  const covered = files.map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as ScenarioFile).ruleId);
  expect(ids.length).toBe(9);
  expect([...covered].sort()).toEqual([...ids].sort());
});

it('the base workspace is safe: no user-pool rule fires on it', () => {
  const base = JSON.parse(readFileSync(join(dir, 'base.rolecall.json'), 'utf8')) as Workspace;
  const found = auditWorkspace(prepareWorkspace(base), { now: NOW }).findings;
  expect(found.filter((f) => f.ruleId.startsWith('userpool-')).map((f) => f.ruleId)).toEqual([]);
});

for (const file of files) {
  const suite = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ScenarioFile;
  describe(`${file}: ${suite.description}`, () => {
    it('cites its AWS source and has a case that fires and a safe twin', () => {
      expect(suite.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(suite.cases.some((c) => c.expect.fires)).toBe(true);
      expect(suite.cases.some((c) => !c.expect.fires)).toBe(true);
    });
    for (const c of suite.cases) {
      it(c.name, () => {
        const ws = JSON.parse(readFileSync(join(dir, suite.workspace), 'utf8')) as Workspace;
        applyPatch(ws, c.patch);
        const result = auditWorkspace(prepareWorkspace(ws), { now: NOW });
        expect(result.errors ?? []).toEqual([]);
        const mine = result.findings.filter((f) => f.ruleId === suite.ruleId);
        if (!c.expect.fires) expect(mine).toEqual([]);
        else {
          expect(mine.length).toBeGreaterThan(0);
          const f = mine[0];
          expect(f.location.kind).toBe('userPool');
          expect(f.fix.length).toBeGreaterThan(20);
          if (c.expect.severity) expect(f.severity).toBe(c.expect.severity);
          for (const words of c.expect.messageIncludes ?? []) expect(f.message).toContain(words);
          if (c.expect.location) expect(f.location).toMatchObject(c.expect.location);
          expect(c.expect.stakes?.length ?? 0, 'a firing case states its stakes').toBeGreaterThan(0);
          expect(c.expect.stakes!.flatMap((st) => stakeProblems(ws, st))).toEqual([]);
        }
        for (const other of c.expect.silent ?? [])
          expect(result.findings.filter((f) => f.ruleId === other)).toEqual([]);
      });
    }
  });
}

describe('on an imported user pool, findings point at the file and line of the setting', () => {
  const up = (n: string) => ({
    name: `userpool/${n}`,
    text: readFileSync(join(__dirname, '../../../fixtures/import/userpool', n), 'utf8'),
  });
  const base = JSON.parse(readFileSync(join(dir, 'base.rolecall.json'), 'utf8')) as Workspace;
  delete base.userPools;
  const { workspace } = importFiles(
    [
      { name: 'base.rolecall.json', text: JSON.stringify(base) },
      up('describe-user-pool.json'),
      up('describe-user-pool-client.json'),
      up('list-groups.json'),
      up('get-user-pool-mfa-config.json'),
    ],
    {},
  );
  const findings = auditWorkspace(prepareWorkspace(workspace), { now: NOW }).findings;
  const of = (id: string) => findings.find((f) => f.ruleId === id);

  it('weak password policy: describe-user-pool.json line 5 (Policies)', () => {
    expect(of('userpool-weak-password-policy')?.location).toMatchObject({
      kind: 'userPool',
      file: 'userpool/describe-user-pool.json',
      start: { line: 5 },
    });
  });
  it('MFA OPTIONAL from get-user-pool-mfa-config.json', () => {
    expect(of('userpool-mfa-not-required')?.location).toMatchObject({ file: 'userpool/get-user-pool-mfa-config.json' });
  });
  it("refresh tokens for 3650 days: the client's RefreshTokenValidity line", () => {
    expect(of('userpool-long-refresh-token')?.location).toMatchObject({
      file: 'userpool/describe-user-pool-client.json',
      start: { line: 8 },
    });
  });
});
