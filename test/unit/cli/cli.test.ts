import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../../cli/rolecall';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/cli');
const now = new Date('2026-11-27T12:00:00Z');

const run = (args: string[], stdin?: string) => runCaptured(main, args, { cwd: fixtures, now, stdin });

describe('rolecall CLI (CONTRACT.md §4)', () => {
  it('prints help listing every command, and exits 2 without a command', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['evaluate', 'resolve', 'matrix', 'who-can', 'diff', 'test', 'audit', 'import', 'fetch'])
      expect(help.stdout).toContain(c);
    expect((await run([])).code).toBe(2);
  });

  it('rejects an unknown command with exit 2 and one line on stderr', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('evaluate --format json prints one answer per request, in order, and nothing else', async () => {
    const r = await run([
      'evaluate',
      '--workspace',
      'small.rolecall.json',
      '--requests',
      'requests.json',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const answers = JSON.parse(r.stdout);
    expect(answers.map((a: { id: string }) => a.id)).toEqual([
      'guest-reads-public',
      'guest-writes-public',
      'editor-deletes',
      'role-over-http',
    ]);
    // Guest gets the unauthenticated role; its policy allows GetObject on public/* only.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
    expect(answers[0]).toMatchObject({
      decision: 'allowed',
      roleArn: 'arn:aws:iam::123456789012:role/NotesGuest',
      resolution: { outcome: 'role', trust: 'allowed' },
    });
    expect(answers[1]).toMatchObject({ decision: 'implicitDeny' });
    expect(answers[1].message).toContain('because no identity-based policy allows the s3:PutObject action');
    // First matching rule wins: cognito:groups Contains "editors" → NotesEditor.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
    expect(answers[2]).toMatchObject({
      decision: 'allowed',
      roleArn: 'arn:aws:iam::123456789012:role/NotesEditor',
      resolution: { source: 'rule', ruleIndex: 0 },
    });
    // The bucket policy's explicit Deny on aws:SecureTransport=false wins over the role's Allow.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    expect(answers[3]).toMatchObject({
      decision: 'explicitDeny',
      matchedStatements: [{ policyType: 'resource', sid: 'HttpsOnly', effect: 'Deny' }],
    });
    expect(answers[3].message).toContain('with an explicit deny in a resource-based policy');
  });

  it('evaluate reads requests from standard input with "-"', async () => {
    const req = JSON.stringify([
      {
        principal: 'arn:aws:iam::123456789012:role/NotesGuest',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::notes-files/public/a',
      },
    ]);
    const r = await run(['evaluate', '--workspace', 'small.rolecall.json', '--requests', '-', '--format', 'json'], req);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].decision).toBe('allowed');
  });

  it('evaluate names the file, line and column of a malformed request and exits 2', async () => {
    const r = await run(
      ['evaluate', '--workspace', 'small.rolecall.json', '--requests', '-'],
      '[\n  { "principal": "arn:aws:iam::123456789012:role/NotesGuest",\n    "action": 42, "resource": "*" }\n]',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/-:3:15: \[0\]\.action: /);
    expect(r.stdout).toBe('');
  });

  it('evaluate reports an unknown action as bad input (exit 2) naming the request', async () => {
    const r = await run(
      ['evaluate', '--workspace', 'small.rolecall.json', '--requests', '-', '--format', 'json'],
      JSON.stringify([
        {
          principal: 'arn:aws:iam::123456789012:role/NotesGuest',
          action: 's3:GetObjekt',
          resource: 'arn:aws:s3:::notes-files/a',
        },
      ]),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[0].action');
    expect(r.stderr).toContain('s3:GetObjekt');
  });

  it('evaluate rejects a workspace with a wrong shape, naming the file and the JSON path', async () => {
    const r = await run(['evaluate', '--workspace', '-', '--requests', 'requests.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('resolve shows the rule that matched and the session principal', async () => {
    const identity = JSON.stringify({
      identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
      provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Notes0001',
      claims: { sub: 'u1', aud: 'notesclient0000000000001', 'cognito:groups': ['readers'] },
    });
    const r = await run(['resolve', '--workspace', 'small.rolecall.json', '--identity', identity, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // No rule matches and AmbiguousRoleResolution is AuthenticatedRole → the pool's authenticated role.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
    expect(out.roleArn).toBe('arn:aws:iam::123456789012:role/NotesUser');
    expect(out.resolution).toMatchObject({ outcome: 'role', source: 'default', trust: 'allowed' });
    expect(out.principalArn).toBe('arn:aws:sts::123456789012:assumed-role/NotesUser/CognitoIdentityCredentials');
  });

  it('matrix --format json has one row per action and one cell per resource, per subject', async () => {
    const guest = JSON.stringify({ identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555' });
    const r = await run([
      'matrix',
      '--workspace',
      'small.rolecall.json',
      '--identity',
      guest,
      '--principal',
      'arn:aws:iam::123456789012:role/NotesEditor',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.resources).toHaveLength(3);
    expect(m.actions).toContain('s3:GetObject');
    expect(m.actions).toContain('dynamodb:GetItem');
    expect(m.principals).toHaveLength(2);
    for (const p of m.principals) {
      expect(p.decisions).toHaveLength(m.actions.length);
      for (const row of p.decisions) expect(row).toHaveLength(3);
    }
    const get = m.actions.indexOf('s3:GetObject');
    const list = m.actions.indexOf('s3:ListBucket');
    const query = m.actions.indexOf('dynamodb:Query');
    expect(m.principals[0].decisions[get][1]).toBe('allowed'); // guest reads public/*
    expect(m.principals[0].decisions[get][0]).toBe('notApplicable'); // GetObject has no bucket resource type
    expect(m.principals[0].decisions[list][1]).toBe('notApplicable'); // ListBucket has no object resource type
    expect(m.principals[0].decisions[query][0]).toBe('notApplicable'); // a DynamoDB action on an S3 ARN
    expect(m.principals[1].roleArn).toBe('arn:aws:iam::123456789012:role/NotesEditor');
  });

  it('matrix: an identity without credentials is noCredentials where the action applies, notApplicable elsewhere', async () => {
    const ws = JSON.parse(readFileSync(join(fixtures, 'small.rolecall.json'), 'utf8'));
    ws.identityPools[0].AllowUnauthenticatedIdentities = false;
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-cli-'));
    writeFileSync(join(dir, 'no-guests.rolecall.json'), JSON.stringify(ws));
    const guest = JSON.stringify({ identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555' });
    const r = await run([
      'matrix',
      '--workspace',
      join(dir, 'no-guests.rolecall.json'),
      '--identity',
      guest,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    const get = m.actions.indexOf('s3:GetObject');
    // Guest access off: no credentials (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html).
    expect(m.principals[0].decisions[get][1]).toBe('noCredentials');
    // GetObject has no bucket resource type (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
    expect(m.principals[0].decisions[get][0]).toBe('notApplicable');
  });

  it('matrix --format csv prints one row per cell', async () => {
    const r = await run([
      'matrix',
      '--workspace',
      'small.rolecall.json',
      '--principal',
      'arn:aws:iam::123456789012:role/NotesGuest',
      '--service',
      's3',
      '--format',
      'csv',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // The first five columns as they always were; the chain columns were added after them.
    expect(lines[0]).toBe('subject,roleArn,action,resource,decision,viaChain,chainsLeavingWorkspace');
    expect((lines.length - 1) % 3).toBe(0);
  });

  it('test runs the example test files (examples/demo-*.test.json) and reports them in the documented format', async () => {
    const files = [
      'demo-role-mapping.test.json',
      'demo-per-user-data.test.json',
      'demo-bucket-guardrails.test.json',
    ].map((f) => join(root, 'examples', f));
    const r = await run(['test', '--format', 'json', ...files]);
    const report = JSON.parse(r.stdout);
    const failures = report.files.flatMap((f: { tests: { name: string; pass: boolean; mismatches?: string[] }[] }) =>
      f.tests.filter((t) => !t.pass).map((t) => `${t.name}: ${t.mismatches?.join('; ')}`),
    );
    expect(failures).toEqual([]);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(files);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(20);
    expect(r.code).toBe(0);
  });

  it('test counts a file that cannot run as failed while the others still run (exit 1)', async () => {
    const r = await run(['test', '--format', 'json', 'does-not-exist.test.json', join(fixtures, 'small.test.json')]);
    const report = JSON.parse(r.stdout);
    expect(report.files[0].error).toContain('does-not-exist.test.json');
    expect(report.files[1].tests.length).toBeGreaterThan(0);
    expect(report.failed).toBeGreaterThanOrEqual(1);
    expect(r.code).toBe(1);
  });

  it('test reports a failing expectation with what differed', async () => {
    const r = await run(['test', join(fixtures, 'failing.test.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('decision: expected "allowed", got "implicitDeny"');
    expect(r.stdout).toMatch(/0 passed, 1 failed/);
  });

  it('npx rolecall --help works as a real process (the bin runs the compiled CLI)', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/rolecall.cjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('rolecall evaluate');
  });
});
