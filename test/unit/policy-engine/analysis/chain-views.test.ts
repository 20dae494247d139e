/**
 * Role chaining in the other views: who-can lists the ways through a chain, the matrix marks the cells allowed only
 * through a chain (with the chain), the finding cognito-chain-reaches-role says which pool users reach which role and
 * rates it by what that role may do, and a chain through a role the workspace does not hold "leaves the workspace"
 * (outsider assumption listed), never an error. The CLI shows all of it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html (role chaining; sessions of the chained role)
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html (guests' scope-down: no sts:*)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatrix } from '../../../../cli/commands/matrix';
import { runWhoCan } from '../../../../cli/commands/who-can';
import { auditWorkspace, matrixFor, whoCan } from '../../../../policy-engine/analysis/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { runCaptured } from '../../cli/run-captured';
import { cognitoTrust } from './helpers';

const A = '111122223333';
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const arn = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const trustsAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
const role = (name: string, statements: unknown[], trust: unknown) => ({
  RoleName: name,
  Arn: arn(name),
  RolePolicyList: statements.length ? [{ PolicyName: 'p', PolicyDocument: doc(...statements) }] : [],
  AssumeRolePolicyDocument: trust,
});
const BUCKET = 'arn:aws:s3:::app-files';

/** Auth may assume Writer (and a role outside the workspace); Guest may assume Reader; Writer writes, Reader reads. */
function workspace(opts: { classicFlow?: boolean; guestHop?: boolean } = {}): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    region: 'us-east-1',
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: opts.classicFlow ?? false,
        Roles: { authenticated: arn('Auth'), unauthenticated: arn('Guest') },
      },
    ],
    iam: {
      RoleDetailList: [
        role(
          'Auth',
          [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [arn('Writer'), arn('Elsewhere')] },
          ],
          cognitoTrust(POOL, 'authenticated'),
        ),
        role(
          'Guest',
          opts.guestHop === false ? [] : [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('Reader') }],
          cognitoTrust(POOL, 'unauthenticated'),
        ),
        role('Writer', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/*` }], trustsAccount),
        role('Reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` }], trustsAccount),
      ],
    },
    resources: [BUCKET, `${BUCKET}/*`],
  } as Workspace;
}
const now = new Date('2026-12-07T08:00:00Z');

describe('who-can through role chains', () => {
  const pw = prepareWorkspace(workspace());
  const r = whoCan(pw, 's3:PutObject', `${BUCKET}/a.txt`, { now });
  const signedIn = r.paths.find((p) => p.identityClass.subject.principal === arn('Auth'))!;

  it('lists the chain that reaches the action, with the statement that allows it, on the path of the role Auth', () => {
    expect(signedIn.decision).toBe('implicitDeny');
    const via = signedIn.chains!.find((c) => !c.leavesWorkspace)!;
    expect(via.chain).toEqual([arn('Auth'), arn('Writer')]);
    expect(via.decision).toBe('allowed');
    expect(via.principalArn).toBe(`arn:aws:sts::${A}:assumed-role/Writer/rolecall-chain`);
    expect(via.matchedStatements.some((m) => m.policyId === `${arn('Writer')}#inline/p` && m.effect === 'Allow')).toBe(
      true,
    );
    expect(r.allowedThroughChain).toContain(signedIn);
  });

  it('a chain through a role the workspace does not hold: leaves the workspace, unknown, assumption listed', () => {
    const out = signedIn.chains!.find((c) => c.leavesWorkspace)!;
    expect(out).toMatchObject({
      roleArn: arn('Elsewhere'),
      decision: 'unknown',
      chain: [arn('Auth'), arn('Elsewhere')],
    });
    expect(out.assumptions.map((a) => a.id)).toEqual(['chainLeavesWorkspace']);
  });

  it("a guest of the enhanced flow does not chain (Cognito's scope-down session policy has no sts:*)", () => {
    const guest = whoCan(pw, 's3:GetObject', `${BUCKET}/a.txt`, { now }).paths.find(
      (p) => p.identityClass.kind === 'guest',
    )!;
    expect(guest.chains).toBeUndefined();
  });
});

describe('the matrix marks cells allowed only through a chain', () => {
  it('Auth: s3:PutObject on the objects through Auth → Writer; GetObject (allowed directly) is not marked', () => {
    const pw = prepareWorkspace(workspace());
    const actions = ['s3:GetObject', 's3:PutObject'];
    const row = matrixFor(pw, { principal: arn('Auth') }, actions, [`${BUCKET}/*`], { now, chains: true });
    expect(row.decisions).toEqual([['allowed'], ['implicitDeny']]);
    expect(row.chains!.cells).toEqual([{ action: 1, resource: 0, chain: [arn('Auth'), arn('Writer')] }]);
    expect(row.chains!.leaving).toEqual([[arn('Auth'), arn('Elsewhere')]]);
    // Without the option the row is as before (the matrix's cost does not change for callers that do not ask).
    expect(matrixFor(pw, { principal: arn('Auth') }, actions, [`${BUCKET}/*`], { now }).chains).toBeUndefined();
  });
});

describe('finding cognito-chain-reaches-role', () => {
  const chainFindings = (ws: Workspace) =>
    auditWorkspace(prepareWorkspace(ws), { now }).findings.filter((f) => f.ruleId === 'cognito-chain-reaches-role');

  it('signed-in users reach Writer (writes: high) and a role outside the workspace (medium, with the assumption)', () => {
    const f = chainFindings(workspace());
    const writer = f.find((x) => x.message.includes('Auth → Writer'))!;
    expect(writer.severity).toBe('high');
    expect(writer.message).toContain('any signed-in user');
    expect(writer.location).toEqual({ kind: 'role', arn: arn('Auth') });
    const outside = f.find((x) => x.message.includes(arn('Elsewhere')))!;
    expect(outside.severity).toBe('medium');
    expect(outside.message).toContain('leaves the workspace');
    expect(outside.assumptions?.map((a) => a.id)).toEqual(['chainLeavesWorkspace']);
  });

  it('guests: nothing in the enhanced flow (scope-down), Reader in the basic flow; reads beyond the guest role: medium', () => {
    expect(chainFindings(workspace()).filter((x) => x.message.includes('guest'))).toEqual([]);
    const basic = chainFindings(workspace({ classicFlow: true })).filter((x) => x.message.includes('guest'));
    expect(basic).toHaveLength(1);
    expect(basic[0].message).toContain('any guest (no sign-in) in the basic flow');
    expect(basic[0].message).toContain('Guest → Reader');
    expect(basic[0].severity).toBe('medium');
  });

  it('a reached role that may do nothing more than the pool role: low', () => {
    const ws = workspace();
    // Writer may only read, which Auth already may.
    (ws.iam!.RoleDetailList![2] as { RolePolicyList: unknown[] }).RolePolicyList = [
      { PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` }) },
    ];
    const writer = chainFindings(ws).find((x) => x.message.includes('Auth → Writer'))!;
    expect(writer.severity).toBe('low');
  });

  it('safe twin: no sts:AssumeRole in the pool roles, no finding', () => {
    const ws = workspace({ guestHop: false });
    (ws.iam!.RoleDetailList![0] as { RolePolicyList: unknown[] }).RolePolicyList = [];
    expect(chainFindings(ws)).toEqual([]);
  });
});

describe('CLI: who-can and matrix show the chains', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-chain-views-'));
  writeFileSync(join(dir, 'w.rolecall.json'), JSON.stringify(workspace(), null, 2));
  const opts = { cwd: dir, now };

  it('who-can (table and JSON)', async () => {
    const base = ['--workspace', 'w.rolecall.json', '--action', 's3:PutObject', '--resource', `${BUCKET}/a.txt`];
    const t = await runCaptured(runWhoCan, base, opts);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('through a role chain: Auth → Writer: allowed by');
    expect(t.stdout).toContain('through a role chain: Auth → Elsewhere: leaves the workspace');
    expect(t.stdout).toMatch(/allowed only through a role chain for \d+ more path\(s\)/);
    const j = JSON.parse((await runCaptured(runWhoCan, [...base, '--format', 'json'], opts)).stdout) as {
      allowedThroughChain: string[];
      paths: { key: string; chains?: { chain: string[] }[] }[];
    };
    expect(j.allowedThroughChain.length).toBeGreaterThan(0);
    const p = j.paths.find((x) => x.key === j.allowedThroughChain[0])!;
    expect(p.chains?.[0].chain).toEqual([arn('Auth'), arn('Writer')]);
  });

  it('matrix (table and JSON)', async () => {
    const base = ['--workspace', 'w.rolecall.json', '--principal', arn('Auth'), '--service', 's3'];
    const t = await runCaptured(runMatrix, base, opts);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('⇢ allowed only through a role chain');
    expect(t.stdout).toMatch(/⇢ through the role chain .*Auth → .*Writer: .*s3:PutObject \[2\]/);
    expect(t.stdout).toContain('leaves the workspace');
    const j = JSON.parse((await runCaptured(runMatrix, [...base, '--format', 'json'], opts)).stdout) as {
      principals: {
        viaChain?: { action: string; resource: string; chain: string[] }[];
        chainsLeavingWorkspace?: string[][];
      }[];
    };
    expect(j.principals[0].viaChain).toContainEqual({
      action: 's3:PutObject',
      resource: `${BUCKET}/*`,
      chain: [arn('Auth'), arn('Writer')],
    });
    expect(j.principals[0].chainsLeavingWorkspace).toEqual([[arn('Auth'), arn('Elsewhere')]]);
  });

  it('matrix CSV: the first five columns as before, then viaChain and chainsLeavingWorkspace per cell', async () => {
    const base = ['--workspace', 'w.rolecall.json', '--principal', arn('Auth'), '--service', 's3'];
    const r = await runCaptured(runMatrix, [...base, '--format', 'csv'], opts);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual([
      'subject',
      'roleArn',
      'action',
      'resource',
      'decision',
      'viaChain',
      'chainsLeavingWorkspace',
    ]);
    const cell = (action: string, resource: string) => rows.find((x) => x[2] === action && x[3] === resource)!;
    // Allowed only as Writer: the direct decision stays, the chain says how it is reached (the table's ⇢).
    expect(cell('s3:PutObject', `${BUCKET}/*`)).toEqual([
      arn('Auth'),
      arn('Auth'),
      's3:PutObject',
      `${BUCKET}/*`,
      'implicitDeny',
      `${arn('Auth')} → ${arn('Writer')}`,
      '',
    ]);
    // Allowed directly: no chain; refused everywhere in the workspace: the chain that leaves it is named.
    expect(cell('s3:GetObject', `${BUCKET}/*`).slice(4)).toEqual(['allowed', '', '']);
    expect(cell('s3:DeleteObject', `${BUCKET}/*`).slice(4)).toEqual([
      'implicitDeny',
      '',
      `${arn('Auth')} → ${arn('Elsewhere')}`,
    ]);
    // Not applicable cells carry neither.
    expect(cell('s3:GetObject', BUCKET).slice(4)).toEqual(['notApplicable', '', '']);
    // Same cells, same decisions as the JSON.
    const j = JSON.parse((await runCaptured(runMatrix, [...base, '--format', 'json'], opts)).stdout) as {
      actions: string[];
      resources: string[];
      principals: { decisions: string[][]; viaChain: { action: string; resource: string }[] }[];
    };
    expect(rows).toHaveLength(j.actions.length * j.resources.length);
    expect(rows.filter((x) => x[5] !== '').map((x) => `${x[2]} ${x[3]}`)).toEqual(
      j.principals[0].viaChain.map((c) => `${c.action} ${c.resource}`),
    );
  });
});

/** RFC 4180 fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== ',' && ch !== '\n')) field += ch;
    else {
      row.push(field);
      field = '';
      if (ch === '\n') {
        out.push(row);
        row = [];
      }
    }
  }
  if (field !== '' || row.length) out.push([...row, field]);
  return out;
}
