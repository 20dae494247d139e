/**
 * Provenance through the CLI: `rolecall import` records a digest of each imported file and policy
 * (importNotes.fileDigests / policyDigests, workspace/source-digests), and `rolecall evaluate` / `who-can` then cite a
 * policy's statements and conditions at their lines in the imported template or plan while both digests match — and
 * at the workspace file's lines, with a note on stderr saying why, once the template or the workspace's copy changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runEvaluate } from '../../../cli/commands/evaluate';
import { runImport } from '../../../cli/commands/import';
import { runWhoCan } from '../../../cli/commands/who-can';
import type { Io } from '../../../cli/io';
import type { Answer, MatchedStatement } from '../../../policy-engine/model/request';
import type { Workspace } from '../../../policy-engine/model/workspace';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const TEMPLATE = 'test/fixtures/import/provenance/tasks-stack.yaml';
const POOL = 'eu-west-1:11111111-2222-4333-8444-555555555555';
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
let dir = '';

const run = (fn: (a: string[], io: Io) => Promise<number>, args: string[], cwd = root) =>
  runCaptured(fn, args, { cwd, now });
const importArgs = (files: string[], out: string) => [
  ...files,
  '--account',
  '123456789012',
  '--region',
  'eu-west-1',
  '--physical-id',
  `IdentityPool=${POOL}`,
  '-o',
  out,
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-provenance-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rolecall import records digests', () => {
  it('writes the SHA-256 of the template and of each policy taken from it', async () => {
    const out = join(dir, 'digests.json');
    const r = await run(runImport, importArgs([TEMPLATE], out));
    expect(r.code, r.stderr).toBe(0);
    const ws = JSON.parse(readFileSync(out, 'utf8')) as Workspace;
    expect(ws.importNotes?.fileDigests).toEqual({
      [TEMPLATE]: `sha256:${sha(readFileSync(join(root, TEMPLATE), 'utf8'))}`,
    });
    const role = ws.iam?.RoleDetailList?.find((x) => x.RoleName === 'tasks-dev-auth');
    expect(ws.importNotes?.policyDigests).toEqual({
      [`${role?.Arn}#trust`]: `sha256:${sha(JSON.stringify(role?.AssumeRolePolicyDocument))}`,
      [`${role?.Arn}#inline/own-tasks`]: `sha256:${sha(JSON.stringify(role?.RolePolicyList?.[0].PolicyDocument))}`,
    });
  });
});

const IDENTITY_ID = 'eu-west-1:aaaaaaaa-0000-4000-8000-000000000001';
const identity = {
  identityPoolId: POOL,
  provider: 'accounts.google.com',
  claims: { sub: 'google-user-1', aud: '1234567890-tasks.apps.googleusercontent.com' },
  identityId: IDENTITY_ID,
};
const REQUESTS = [
  {
    id: 'own-attachment',
    identity,
    action: 's3:GetObject',
    resource: `arn:aws:s3:::tasks-dev-attachments/${IDENTITY_ID}/notes.txt`,
  },
  {
    id: 'someone-elses-row',
    identity,
    action: 'dynamodb:GetItem',
    resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/tasks-dev',
    context: { 'dynamodb:LeadingKeys': ['eu-west-1:bbbbbbbb-0000-4000-8000-000000000002'] },
  },
];

/** The 1-based line and column of the first `needle` in a text. */
function place(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  expect(line, `${needle} is in the text`).toBeGreaterThanOrEqual(0);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

/** Imports `template` (a path relative to `cwd`) into `out`; the workspace's text. */
async function importInto(cwd: string, template: string, out: string): Promise<string> {
  const r = await run(runImport, importArgs([template], out), cwd);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(resolve(cwd, out), 'utf8');
}

/** `rolecall evaluate --format json` of REQUESTS: the answers and stderr. */
async function evaluate(cwd: string, ws: string): Promise<{ answers: Answer[]; stderr: string; table: string }> {
  const requests = join(dir, 'requests.json');
  writeFileSync(requests, JSON.stringify(REQUESTS));
  const json = await run(runEvaluate, ['--workspace', ws, '--requests', requests, '--format', 'json'], cwd);
  expect(json.code, json.stderr).toBe(0);
  const table = await run(runEvaluate, ['--workspace', ws, '--requests', requests], cwd);
  expect(table.stderr).toBe(json.stderr);
  // The table wraps long lines: compared with single spaces.
  return { answers: JSON.parse(json.stdout) as Answer[], stderr: json.stderr, table: oneLine(table.stdout) };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** The line a statement of the workspace file opens on (its `{`, the line above its Sid). */
const wsStatementLine = (wsText: string, sid: string) => place(wsText, `"Sid": "${sid}"`).line - 1;

const statementOf = (a: Answer, sid: string) => {
  const s = a.statements?.find((x) => x.sid === sid);
  expect(s, `statement ${sid} is explained`).toBeDefined();
  return s!;
};

describe('rolecall evaluate cites the template an unchanged workspace was imported from', () => {
  it("cites each statement and condition at the template's line, naming the template", async () => {
    const text = readFileSync(join(root, TEMPLATE), 'utf8');
    await importInto(root, TEMPLATE, join(dir, 'cited.json'));
    const { answers, stderr, table } = await evaluate(root, join(dir, 'cited.json'));
    expect(stderr).toBe('');
    expect(answers.map((a) => a.decision)).toEqual(['allowed', 'implicitDeny']);
    const allow = statementOf(answers[0], 'OwnAttachments');
    expect(allow).toMatchObject({ matched: true, file: TEMPLATE, start: place(text, 'Sid: OwnAttachments') });
    const rows = statementOf(answers[1], 'OwnRows');
    expect(rows).toMatchObject({ matched: false, file: TEMPLATE, start: place(text, 'Sid: OwnRows') });
    const leading = rows.conditions.find((c) => c.key === 'dynamodb:LeadingKeys');
    expect(leading?.range?.start.line).toBe(place(text, "'dynamodb:LeadingKeys':").line);
    const at = place(text, 'Sid: OwnAttachments');
    expect(table).toContain(`statement 1 "OwnAttachments" (${TEMPLATE}, line ${at.line}, col ${at.column})`);
    expect(table).toContain(`dynamodb:LeadingKeys (${TEMPLATE}, line ${place(text, "'dynamodb:LeadingKeys':").line},`);
  });

  it('finds the template relative to the workspace file when the working directory is elsewhere', async () => {
    const project = join(dir, 'project');
    mkdirSync(project, { recursive: true });
    copyFileSync(join(root, TEMPLATE), join(project, 'tasks-stack.yaml'));
    await importInto(project, 'tasks-stack.yaml', 'ws.json');
    const { answers, stderr } = await evaluate(root, join(project, 'ws.json'));
    expect(stderr).toBe('');
    const text = readFileSync(join(project, 'tasks-stack.yaml'), 'utf8');
    expect(statementOf(answers[0], 'OwnAttachments')).toMatchObject({
      file: 'tasks-stack.yaml',
      start: place(text, 'Sid: OwnAttachments'),
    });
  });

  it("cites the workspace file's lines, with a note, once the template was edited after the import", async () => {
    const project = join(dir, 'edited-template');
    mkdirSync(project, { recursive: true });
    const template = join(project, 'tasks-stack.yaml');
    copyFileSync(join(root, TEMPLATE), template);
    const wsText = await importInto(project, 'tasks-stack.yaml', 'ws.json');
    // The user edits the template (one more statement above OwnAttachments) and does not import again.
    const original = readFileSync(template, 'utf8');
    writeFileSync(
      template,
      original.replace(
        '              - Sid: OwnAttachments',
        '              - Sid: Added\n                Effect: Deny\n                Action: s3:DeleteObject\n                Resource: "*"\n              - Sid: OwnAttachments',
      ),
    );
    const { answers, stderr, table } = await evaluate(project, 'ws.json');
    expect(stderr).toBe("rolecall: note: tasks-stack.yaml changed since import: lines are Rolecall's copy (ws.json)\n");
    expect(statementOf(answers[0], 'OwnAttachments')).toMatchObject({
      file: 'ws.json',
      start: { line: wsStatementLine(wsText, 'OwnAttachments') },
    });
    expect(table).toContain(`"OwnAttachments" (line ${wsStatementLine(wsText, 'OwnAttachments')}, col`);
  });

  it('cites the workspace file for a policy edited there after the import, and names only that policy in the note', async () => {
    const project = join(dir, 'edited-workspace');
    mkdirSync(project, { recursive: true });
    copyFileSync(join(root, TEMPLATE), join(project, 'tasks-stack.yaml'));
    const wsText = await importInto(project, 'tasks-stack.yaml', 'ws.json');
    const ws = JSON.parse(wsText) as Workspace;
    const doc = ws.iam!.RoleDetailList![0].RolePolicyList![0].PolicyDocument as { Statement: { Action: unknown }[] };
    doc.Statement[1].Action = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    const edited = JSON.stringify(ws, null, 2);
    writeFileSync(join(project, 'ws.json'), edited);
    const { answers, stderr } = await evaluate(project, 'ws.json');
    expect(stderr).toBe(
      "rolecall: note: tasks-dev-auth › own-tasks edited in ws.json since import: its lines are Rolecall's copy (ws.json)\n",
    );
    expect(statementOf(answers[0], 'OwnAttachments')).toMatchObject({
      file: 'ws.json',
      start: { line: wsStatementLine(edited, 'OwnAttachments') },
    });
  });

  it('keeps citing the workspace file of an older workspace (no digests), saying why', async () => {
    const wsText = await importInto(root, TEMPLATE, join(dir, 'older.json'));
    const ws = JSON.parse(wsText) as Workspace;
    delete ws.importNotes?.fileDigests;
    delete ws.importNotes?.policyDigests;
    const older = JSON.stringify(ws, null, 2);
    writeFileSync(join(dir, 'older.json'), older);
    const { answers, stderr } = await evaluate(root, join(dir, 'older.json'));
    expect(stderr).toContain(
      `rolecall: note: ${join(dir, 'older.json')} was imported by a Rolecall that recorded no digest of ${TEMPLATE}`,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(statementOf(answers[0], 'OwnAttachments')).toMatchObject({
      file: join(dir, 'older.json'),
      start: { line: wsStatementLine(older, 'OwnAttachments') },
    });
  });
});

describe('rolecall who-can cites the template too', () => {
  it("names the template and the statement's line in each path's why", async () => {
    const text = readFileSync(join(root, TEMPLATE), 'utf8');
    const ws = join(dir, 'who-can.json');
    await importInto(root, TEMPLATE, ws);
    const args = [
      '--workspace',
      ws,
      '--action',
      's3:GetObject',
      '--resource',
      `arn:aws:s3:::tasks-dev-attachments/${IDENTITY_ID}/a.txt`,
    ];
    const json = await run(runWhoCan, [...args, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const paths = (JSON.parse(json.stdout) as { paths: { decision: string; matchedStatements: MatchedStatement[] }[] })
      .paths;
    const allowed = paths.find((p) => p.decision === 'allowed');
    const m = allowed?.matchedStatements.find((s) => s.sid === 'OwnAttachments');
    expect(m).toMatchObject({ file: TEMPLATE, start: { line: place(text, 'Sid: OwnAttachments').line } });
    const table = await run(runWhoCan, args);
    expect(oneLine(table.stdout)).toContain(
      `statement "OwnAttachments" of tasks-dev-auth › own-tasks (${TEMPLATE}, line ${place(text, 'Sid: OwnAttachments').line})`,
    );
  });
});

describe('a Terraform plan import is cited in the plan', () => {
  const PLAN = 'test/fixtures/import/terraform/plan.json';
  it("cites a role policy's statement inside the plan's JSON string, at its line", async () => {
    const text = readFileSync(join(root, PLAN), 'utf8');
    const ws = join(dir, 'plan.json');
    const imp = await run(runImport, [PLAN, '--account', '123456789012', '--region', 'eu-west-1', '-o', ws]);
    expect(imp.code, imp.stderr).toBe(0);
    const requests = join(dir, 'plan-requests.json');
    writeFileSync(
      requests,
      JSON.stringify([
        {
          principal: 'arn:aws:iam::123456789012:role/PlanGuest',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::plan-user-files/public/a.txt',
          context: { 'aws:SecureTransport': 'true' },
        },
      ]),
    );
    const r = await run(runEvaluate, ['--workspace', ws, '--requests', requests, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const [answer] = JSON.parse(r.stdout) as Answer[];
    expect(answer.decision).toBe('allowed');
    expect(statementOf(answer, 'PublicRead')).toMatchObject({
      file: PLAN,
      start: { line: place(text, '\\"Sid\\":\\"PublicRead\\"').line },
    });
  });
});
