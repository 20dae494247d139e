/**
 * `rolecall matrix --format csv` is streamed (each subject's row computed when written, the lines out in chunks of about
 * 1 MB, as the JSON), so --all-roles on a large account never builds one string past V8's limit. The CSV itself did
 * not change: each output below is byte-identical to the one recorded on main before streaming
 * (test/fixtures/cli/golden/, checked by hand: e.g. the user Dev's s3:PutObject row is implicitDeny with the chain
 * Dev → Deployer → ops/Writer, Auth's s3:DeleteObject row names the chain to Elsewhere that leaves the workspace).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatrix } from '../../../cli/commands/matrix';
import type { Io } from '../../../cli/io';
import { runCaptured } from './run-captured';

const cwd = join(__dirname, '../../fixtures/cli');
const golden = (file: string) => readFileSync(join(cwd, 'golden', file), 'utf8');
const now = new Date('2026-12-07T08:00:00Z');
const DEMO = ['--workspace', '../../../examples/demo.rolecall.json'];
const DEMO_POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
/** Resources of the large CSV: enough for over 2 MB. */
const N = 20;

describe('matrix CSV: the same bytes as before streaming', () => {
  it.each([
    [
      'demo-matrix.csv',
      [
        ...DEMO,
        '--all-roles',
        '--service',
        'dynamodb',
        '--resource',
        'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
      ],
    ],
    [
      'demo-matrix-identities.csv',
      [
        ...DEMO,
        '--class',
        'group:admins',
        '--identity',
        JSON.stringify({ identityPoolId: DEMO_POOL }),
        '--service',
        's3',
        '--resource',
        'arn:aws:s3:::demo-app-user-files/private/${cognito-identity.amazonaws.com:sub}/*',
      ],
    ],
    [
      'matrix.csv',
      [
        '--workspace',
        'chains.rolecall.json',
        '--principal',
        'arn:aws:iam::111122223333:user/team/Dev',
        '--principal',
        role('Auth'),
        '--principal',
        role('Deployer'),
        '--identity',
        JSON.stringify({ identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555' }),
        '--service',
        's3',
      ],
    ],
  ])('%s', async (file, args) => {
    const r = await runCaptured(runMatrix, [...args, '--format', 'csv'], { cwd, now });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(golden(file));
  });
});

describe('matrix CSV is written in chunks', () => {
  it('a CSV over 1 MB comes out in several writes of about 1 MB each, every line whole', async () => {
    const writes: string[] = [];
    const io: Io = { stdout: (s) => writes.push(s), stderr: () => {}, cwd, now: () => now };
    const resources = Array.from({ length: N }, (_, i) => ['--resource', `arn:aws:s3:::demo-app-user-files/p${i}/*`]);
    const code = await runMatrix([...DEMO, '--all-roles', ...resources.flat(), '--format', 'csv'], io);
    expect(code).toBe(0);
    const csv = writes.join('');
    expect(csv.length).toBeGreaterThan(2 << 20);
    expect(writes.length).toBeGreaterThan(2);
    const longest = Math.max(...csv.split('\n').map((l) => l.length + 1));
    for (const w of writes) {
      expect(w.length).toBeLessThanOrEqual((1 << 20) + longest);
      expect(w.endsWith('\n')).toBe(true);
    }
    // One header, then one line per role × action × resource.
    const roles = (JSON.parse(readFileSync(join(cwd, DEMO[1]), 'utf8')) as { iam: { RoleDetailList: unknown[] } }).iam
      .RoleDetailList.length;
    const header = csv.slice(0, csv.indexOf('\n'));
    expect(header).toBe('subject,roleArn,action,resource,decision,viaChain,chainsLeavingWorkspace');
    expect(
      new Set(
        csv
          .split('\n')
          .slice(1, -1)
          .map((l) => l.split(',')[2]),
      ).size *
        roles *
        N,
    ).toBe(csv.split('\n').length - 2);
  });

  it('an unknown principal is refused before anything is written (the CSV never stops half-way)', async () => {
    const writes: string[] = [];
    const io: Io = { stdout: (s) => writes.push(s), stderr: () => {}, cwd, now: () => now };
    const args = [...DEMO, '--all-roles', '--principal', 'arn:aws:iam::123456789012:role/Nobody', '--format', 'csv'];
    await expect(runMatrix(args, io)).rejects.toThrow(/arn:aws:iam::123456789012:role\/Nobody/);
    expect(writes).toEqual([]);
  });
});
