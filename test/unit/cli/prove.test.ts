import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runProve } from '../../../cli/commands/prove';
import { main } from '../../../cli/rolecall';
import { UsageError, type Io } from '../../../cli/io';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const DEMO = 'examples/demo.rolecall.json';
const OTHER_TABLE = 'arn:aws:dynamodb:eu-west-1:999999999999:table/Elsewhere';
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

  it('--timeout: a question too large for the time limit answers complete: false with what was covered', async () => {
    // Every DynamoDB action (one question each, about 50) on a table of another account, which no one can reach: far
    // more than 1 ms of work, so the limit stops it with classes not reached — and nothing found is not a proof.
    const args = ['--workspace', DEMO, '--action', 'dynamodb:*', '--resource', OTHER_TABLE, '--timeout', '0.001'];
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NOT DECIDED: no request found/);
    expect(r.stdout).toContain('notReached');
    const out = JSON.parse((await run([...args, '--format', 'json'])).stdout) as {
      possible: boolean;
      complete: boolean;
      covered: { decided: number; total: number };
      undecided: { who: string; why: string }[];
    };
    expect(out).toMatchObject({ possible: false, complete: false });
    expect(out.covered.total).toBeGreaterThan(out.covered.decided);
    expect(out.undecided.some((u) => u.why === 'not reached before the time limit')).toBe(true);
    // Without the limit the same question is proved.
    const whole = JSON.parse((await run(args.slice(0, -2).concat(['--format', 'json']))).stdout) as typeof out;
    expect(whole).toMatchObject({ possible: false, complete: true });
    expect(whole.covered.decided).toBe(whole.covered.total);
  });

  it('names the closest action for a misspelt one (exit 2, one line)', async () => {
    let err = '';
    const io: Io = { stdout: () => undefined, stderr: (s) => (err += s), cwd: root, now: () => now };
    const code = await main(['prove', '--workspace', DEMO, '--action', 's3:PutObjekt', '--resource', '*'], io);
    expect(code).toBe(2);
    expect(err.trim()).toBe(
      'rolecall prove: --action s3:PutObjekt is not a known s3 action; did you mean "s3:PutObject"?',
    );
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
