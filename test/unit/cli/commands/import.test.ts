/**
 * `rolecall import` (CONTRACT §4): in-process through runImport, and end to end through `node bin/rolecall.cjs`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFetch } from '../../../../cli/commands/fetch';
import { runImport, splitFileArg } from '../../../../cli/commands/import';
import { parseWorkspaceText } from '../../../../policy-engine/workspace/schema';

const root = resolve(__dirname, '../../../..');
const fixtures = join(root, 'test/fixtures/import');
let out: string;

function io(cwd = fixtures) {
  const o = { stdout: '', stderr: '' };
  return {
    o,
    io: {
      stdout: (s: string) => {
        o.stdout += s;
      },
      stderr: (s: string) => {
        o.stderr += s;
      },
      cwd,
    },
  };
}

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'rolecall-import-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('runImport', () => {
  it('writes a valid workspace from several exports and prints what it loaded and inferred', async () => {
    const { o, io: x } = io();
    const target = join(out, 'ws.rolecall.json');
    const code = await runImport(
      [
        'auth-details-page1.json',
        'auth-details-page2.json',
        'describe-identity-pool.json',
        'get-identity-pool-roles.json',
        'Policy_Output.json=arn:aws:s3:::reports',
        'bucket-policy.json',
        '-o',
        target,
      ],
      x,
    );
    expect(o.stderr).toBe('');
    expect(code).toBe(0);
    const ws = parseWorkspaceText(await readFile(target, 'utf8'), target);
    expect(ws.ok).toBe(true);
    if (!ws.ok) return;
    expect(ws.value.resourcePolicies?.map((p) => p.resourceArn)).toEqual([
      'arn:aws:s3:::reports',
      'arn:aws:s3:::app-user-files',
    ]);
    expect(o.stdout).toContain(`Wrote ${target}`);
    expect(o.stdout).toMatch(/Inferred \(\d+\):\n.*bucket-policy\.json: bucket app-user-files/);
  });

  it('templates with --account, --region, --parameter and --physical-id; --format json prints only JSON', async () => {
    const { o, io: x } = io();
    const code = await runImport(
      [
        'app-stack.yaml',
        '-o',
        join(out, 'w.json'),
        '--account',
        '123456789012',
        '--region',
        'us-east-1',
        '--parameter',
        'UserPoolId=us-east-1_AbC',
        '--parameter',
        'AWS::StackName=app',
        '--physical-id',
        'GuestRole=app-guest',
        '--physical-id',
        'IdentityPool=us-east-1:aaaaaaaa-0000-0000-0000-000000000000',
        '--format',
        'json',
      ],
      x,
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(o.stdout) as {
      output: string;
      report: { unresolved: unknown[]; loaded: { kind: string }[] };
    };
    expect(parsed.report.unresolved).toEqual([]);
    expect(parsed.report.loaded[0].kind).toBe('cloudformation');
    const ws = JSON.parse(await readFile(join(out, 'w.json'), 'utf8'));
    expect(ws.iam.RoleDetailList.map((r: { Arn: string }) => r.Arn)).toEqual([
      'arn:aws:iam::123456789012:role/app/app-auth',
      'arn:aws:iam::123456789012:role/app-guest',
    ]);
  });

  it('-o - prints the workspace on stdout and the report on stderr', async () => {
    const { o, io: x } = io();
    expect(await runImport(['bucket-policy.json', '-o', '-'], x)).toBe(0);
    expect(JSON.parse(o.stdout).resourcePolicies[0].resourceArn).toBe('arn:aws:s3:::app-user-files');
    expect(o.stderr).toContain('Inferred');
  });

  it('bad input: one line per error naming the file and the place, exit 2, nothing written', async () => {
    const { o, io: x } = io();
    const target = join(out, 'w.json');
    expect(await runImport(['malformed.json', 'Policy_Output.json', '-o', target], x)).toBe(2);
    const lines = o.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('rolecall import: nothing written: 2 errors (fix or leave out the files named above)');
    expect(lines[0]).toMatch(/^malformed\.json:4:5: RoleDetailList\[1\]: malformed JSON: a comma was expected$/);
    expect(lines[1]).toMatch(
      /^Policy_Output\.json:2:5: Policy: cannot tell which bucket .*Policy_Output\.json=arn:aws:s3:::BUCKET$/,
    );
    expect(await readdir(out)).toEqual([]);
  });

  it('usage errors exit 2 with one line', async () => {
    for (const argv of [
      [],
      ['bucket-policy.json'],
      ['bucket-policy.json', '-o', 'x', '--bogus'],
      ['bucket-policy.json', '-o', 'x', '--account', '12'],
      ['bucket-policy.json', '-o', 'x', '--parameter', 'novalue'],
      ['missing.json', '-o', 'x'],
    ]) {
      const { o, io: x } = io();
      expect(await runImport(argv, x)).toBe(2);
      expect(o.stderr.trim().split('\n')).toHaveLength(1);
      expect(o.stdout).toBe('');
    }
  });

  it('--help', async () => {
    const { o, io: x } = io();
    expect(await runImport(['--help'], x)).toBe(0);
    expect(o.stdout).toMatch(/^Usage: rolecall import FILE\[=ARN\]/);
  });

  it('FILE=ARN splits only at an ARN', () => {
    expect(splitFileArg('a=b.json')).toEqual({ file: 'a=b.json' });
    expect(splitFileArg('p.json=arn:aws:s3:::b')).toEqual({ file: 'p.json', resourceArn: 'arn:aws:s3:::b' });
  });
});

describe('runImport output, as a user reads it', () => {
  it('starts with a one-line summary of what was imported and what needs attention', async () => {
    const { o, io: x } = io();
    const code = await runImport(
      [
        'auth-details-page1.json',
        'auth-details-page2.json',
        'describe-identity-pool.json',
        'get-identity-pool-roles.json',
        'bucket-policy.json',
        'notes-resource-policy.json',
        'auth-details-conflict.json',
        '-o',
        join(out, 'w.json'),
      ],
      x,
    );
    expect(code).toBe(0);
    const lines = o.stdout.split('\n');
    expect(lines[0]).toBe(`Wrote ${join(out, 'w.json')}`);
    expect(lines[1]).toBe(
      '2 roles, 2 managed policies, 1 user, 1 group, 1 identity pool, 1 bucket, 1 table, 2 resource policies from 7 files; 4 inferred, 0 unresolved, 1 conflict, 0 warnings, 0 errors',
    );
    // A conflict names the second file, the JSON path and the line/column to look at, and says which one was kept.
    expect(o.stdout).toMatch(
      /Conflicts \(the first file was kept\) \(1\):\n {2}auth-details-conflict\.json:\d+:\d+: RoleDetailList\[0\]\.AssumeRolePolicyDocument: role arn:aws:iam::123456789012:role\/AppAuth: .*kept the one from auth-details-page1\.json/,
    );
  });

  it('--format json prints { output, summary, report } and nothing else on stdout', async () => {
    const { o, io: x } = io();
    expect(
      await runImport(
        [
          'cdk.out/PoolStack.template.json',
          '--region',
          'eu-west-1',
          '--account',
          '111122223333',
          '--format',
          'json',
          '-o',
          join(out, 'w.json'),
        ],
        x,
      ),
    ).toBe(0);
    const parsed = JSON.parse(o.stdout) as {
      output: string;
      summary: Record<string, number>;
      report: { unresolved: unknown[] };
    };
    expect(parsed.output).toBe(join(out, 'w.json'));
    expect(parsed.summary).toMatchObject({
      files: 1,
      roles: 3,
      identityPools: 1,
      buckets: 1,
      unresolved: parsed.report.unresolved.length,
      errors: 0,
    });
    expect(parsed.summary.unresolved).toBeGreaterThan(0);
    expect(o.stderr).toBe('');
  });

  it('-o replaces an existing workspace atomically, and a failed import leaves it untouched', async () => {
    const target = join(out, 'w.json');
    const first = io();
    expect(await runImport(['bucket-policy.json', '-o', target], first.io)).toBe(0);
    const before = await readFile(target, 'utf8');
    const failed = io();
    expect(await runImport(['notes-resource-policy.json', 'malformed.json', '-o', target], failed.io)).toBe(2);
    expect(await readFile(target, 'utf8')).toBe(before);
    const second = io();
    expect(await runImport(['notes-resource-policy.json', '-o', target], second.io)).toBe(0);
    expect(JSON.parse(await readFile(target, 'utf8')).resourcePolicies[0].resourceArn).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
    );
    expect(await readdir(out)).toEqual(['w.json']);
  });

  it('--help explains FILE=ARN, the options, the output and the exit status, with examples', async () => {
    const { o, io: x } = io();
    expect(await runImport(['-h'], x)).toBe(0);
    for (const part of [
      'FILE=ARN',
      '--physical-id LOGICAL=VALUE',
      '--parameter KEY=VALUE',
      '--format table|json',
      'Examples:',
      'aws iam get-account-authorization-details',
      'Exit status:',
    ])
      expect(o.stdout).toContain(part);
  });
});

describe('runFetch usage', () => {
  it('--help, a missing -o and a non-loopback endpoint', async () => {
    const h = io();
    expect(await runFetch(['--help'], h.io)).toBe(0);
    expect(h.o.stdout).toMatch(/read-only/i);
    const noOut = io();
    expect(await runFetch([], noOut.io)).toBe(2);
    expect(noOut.o.stderr).toMatch(/-o WORKSPACE is required/);
    const remote = io();
    expect(await runFetch(['-o', 'x', '--endpoint', 'https://iam.amazonaws.com'], remote.io)).toBe(2);
    expect(remote.o.stderr).toMatch(/loopback/);
  });
});

describe('node bin/rolecall.cjs import (end to end)', () => {
  it('imports fixtures into a workspace file and exits 0', () => {
    const target = join(out, 'e2e.rolecall.json');
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'bin/rolecall.cjs'),
        'import',
        'get-role-AppAdmin.json',
        'get-role-policy-AppAdmin-admin-notes.json',
        'cdk.out/AppStack.template.json',
        '--account',
        '123456789012',
        '--region',
        'us-east-1',
        '-o',
        target,
      ],
      { cwd: fixtures, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Wrote ${target}`);
    expect(r.stdout).toMatch(/Unresolved \(\d+\):\n {2}cdk\.out\/AppStack\.template\.json:\d+:\d+: /);
  });

  it('a malformed file exits 2 with the file and place on stderr', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'bin/rolecall.cjs'), 'import', 'wrong-type.json', '-o', join(out, 'x.json')],
      { cwd: fixtures, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('wrong-type.json:5:7: RoleDetailList[0].Arn: expected a string, found number');
  });
});

describe('rolecall import of a folder and of Terraform JSON', () => {
  it('a CDK cloud assembly folder: every stack of manifest.json, the cross-stack export resolved', async () => {
    const { o, io: x } = io(join(fixtures, 'equivalence'));
    const pool = 'us-east-1:6f2c1d4e-3b5a-4c7d-9e8f-0a1b2c3d4e5f';
    expect(await runImport(['cdk.out', '--physical-id', `IdentityPool=${pool}`, '-o', join(out, 'w.json')], x)).toBe(0);
    expect(o.stdout).toMatch(/cdk\.out\/manifest\.json\s+cdk-manifest/);
    const ws = parseWorkspaceText(await readFile(join(out, 'w.json'), 'utf8'), 'w.json');
    expect(ws.ok && ws.value.accountId).toBe('123456789012');
    const auth = ws.ok ? ws.value.iam?.RoleDetailList?.find((r) => r.RoleName === 'NotesAuth') : undefined;
    expect(JSON.stringify(auth?.RolePolicyList)).toContain('arn:aws:dynamodb:us-east-1:123456789012:table/Notes');
  });

  it("Serverless resources files without serverless.yml: read as one template, each other's Ref / Fn::GetAtt resolved", async () => {
    // https://www.serverless.com/framework/docs/guides/resources (the parts of resources are one stack)
    const { o, io: x } = io(join(fixtures, 'serverless/fragments'));
    const target = join(out, 'w.json');
    const args = ['resources/cognito.yml', 'resources/iam.yml', '--account', '123456789012', '-o', target];
    expect(await runImport(args, x), o.stderr).toBe(0);
    expect(o.stdout).toMatch(/resources\/cognito\.yml, resources\/iam\.yml: read as one template/);
    expect(o.stdout).not.toMatch(/which the template does not define/);
    expect(o.stdout).toMatch(/resources\/iam\.yml\s+cloudformation\s+3 items/);
    const ws = parseWorkspaceText(await readFile(target, 'utf8'), target);
    expect(ws.ok && ws.value.identityPools?.[0].Roles?.authenticated).toBe('arn:aws:iam::123456789012:role/notes-auth');
    const src = ws.ok ? ws.value.sources?.['arn:aws:iam::123456789012:role/notes-auth'] : undefined;
    expect(src?.file).toBe('resources/iam.yml');
  });

  it('--help names the Serverless resources files and shows how to import them', async () => {
    const { o, io: x } = io();
    expect(await runImport(['--help'], x)).toBe(0);
    expect(o.stdout).toContain('Serverless resources files without their serverless.yml');
    expect(o.stdout).toContain('rolecall import resources/cognito.yml resources/iam.yml');
  });

  it('a Terraform plan: written, with the values known after apply listed as unresolved (file:line)', async () => {
    const { o, io: x } = io();
    expect(await runImport(['terraform/plan.json', '-o', join(out, 'w.json')], x)).toBe(0);
    expect(o.stdout).toMatch(/terraform\/plan\.json\s+terraform-plan/);
    expect(o.stdout).toMatch(/Unresolved \(\d+\):\n\s+terraform\/plan\.json:\d+:\d+: resource_changes\[/);
  });

  it('resources only a role policy names are added "from policy" and listed with the file and line', async () => {
    const { o, io: x } = io();
    const target = join(out, 'w.json');
    expect(
      await runImport(
        ['from-policy/identity-stack.yaml', '--account', '123456789012', '--region', 'us-east-1', '-o', target],
        x,
      ),
    ).toBe(0);
    expect(o.stdout).toMatch(
      /Added from policy \(named by a role policy; no imported file defines them\) \(5\):\n\s+from-policy\/identity-stack\.yaml:31:3: added arn:aws:dynamodb:us-east-1:123456789012:table\/Notes-dev to the resources \(from policy\)/,
    );
    expect(o.stdout).toMatch(/1 bucket, 1 table,/);
    expect(o.stdout).toMatch(
      /not added to the resources: arn:aws:dynamodb:us-east-1:123456789012:table\/UNRESOLVED-AuditTableName/,
    );
    const ws = parseWorkspaceText(await readFile(target, 'utf8'), target);
    expect(ws.ok && ws.value.importNotes?.fromPolicy).toHaveLength(5);
  });

  it('a serverless.yml: read as one stack, its unresolvable variables listed at file:line with what to run', async () => {
    const { o, io: x } = io();
    const target = join(out, 'w.json');
    expect(
      await runImport(
        ['serverless/serverless.yml', '--parameter', 'stage=prod', '--account', '123456789012', '-o', target],
        x,
      ),
    ).toBe(0);
    expect(o.stdout).toMatch(/serverless\/serverless\.yml\s+serverless\s/);
    expect(o.stdout).toMatch(
      /serverless\/serverless\.yml:31:\d+: custom\.auditTable: \$\{ssm:\/notes\/\$\{sls:stage\}\/audit-table\}: read from SSM Parameter Store .*run `serverless package`/,
    );
    const ws = parseWorkspaceText(await readFile(target, 'utf8'), target);
    expect(ws.ok && ws.value.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual([
      'notes-api-prod-auth',
      'notes-api-prod-eu-west-1-lambdaRole',
    ]);
  });

  it('a plan of another format version: exit 2, nothing written, the file and line named', async () => {
    const { o, io: x } = io();
    expect(await runImport(['terraform/plan-v2.json', '-o', join(out, 'w.json')], x)).toBe(2);
    expect(o.stderr).toMatch(/^terraform\/plan-v2\.json:2:3: format_version: .*format version 1\.x/m);
    expect(existsSync(join(out, 'w.json'))).toBe(false);
  });
});
