import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runProve } from '../../../cli/commands/prove';
import { main } from '../../../cli/rolecall';
import { UsageError, type Io } from '../../../cli/io';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const DEMO = 'examples/demo.rolecall.json';
const run = (args: string[]) => runCaptured(runProve, args, { cwd: root, now });

describe('rolecall prove', () => {
  it('prints CONTRACT §4 JSON: possible, complete, witnesses with request and answer, assumptions', async () => {
    const r = await run([
      '--workspace',
      DEMO,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::demo-app-user-files/public/*',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      possible: boolean;
      complete: boolean;
      witnesses: { request: { identity: unknown; resource: string }; answer: { decision: string } }[];
      assumptions: { id: string }[];
    };
    expect(out.possible).toBe(true);
    expect(out.complete).toBe(true);
    expect(out.witnesses.length).toBeGreaterThan(0);
    for (const w of out.witnesses) expect(w.answer.decision).toBe('allowed');
    expect(out.assumptions.map((a) => a.id)).toContain('identityIdForm');
  });

  it('says PROVED IMPOSSIBLE in the table when no identity can do it', async () => {
    const r = await run(['--workspace', DEMO, '--action', 's3:DeleteBucket', '--resource', '*']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROVED IMPOSSIBLE/);
  });

  it('refuses an action that is not S3/DynamoDB/STS and a malformed pattern with exit 2 and one line', async () => {
    const io: Io = { stdout: () => undefined, stderr: () => undefined, cwd: root, now: () => now };
    await expect(
      runProve(['--workspace', DEMO, '--action', 'ec2:RunInstances', '--resource', '*'], io),
    ).rejects.toThrow(UsageError);
    let err = '';
    const code = await main(
      ['prove', '--workspace', DEMO, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/${oops'],
      { ...io, stderr: (s) => (err += s) },
    );
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/malformed/);
  });

  it('is listed in rolecall --help', async () => {
    let out = '';
    await main(['--help'], { stdout: (s) => (out += s), stderr: () => undefined, cwd: root });
    expect(out).toMatch(/\n {2}prove /);
  });

  // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — the identity id scopes each user's folder.
  it('--isolation proves the demo isolated and names the break once private/${sub}/* is widened to private/*', async () => {
    const ok = await run(['--workspace', DEMO, '--isolation']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('PROVED ISOLATED');
    const bad = await run(['--workspace', 'test/fixtures/cli/demo-private-widened.rolecall.json', '--isolation']);
    expect(bad.stdout).toMatch(/ISOLATION BROKEN: \d+ way/);
    expect(bad.stdout).toContain('witness: identity us-east-1:');
  });
});
