/**
 * `rolecall matrix --format json` is streamed in chunks and, for big matrices, computed by two threads
 * (cli/matrix-json.ts, cli/matrix-worker.ts). The JSON must be exactly the matrix matrixFor() computes, in subject
 * order, whichever thread computed a row — and the same bytes with and without the worker.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runMatrix } from '../../../cli/commands/matrix';
import { matrixActions, matrixFor } from '../../../policy-engine/analysis/index';
import { prepareWorkspace } from '../../../policy-engine/evaluate/index';
import { benchResources, benchWorkspace } from '../../bench/workspace';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-27T12:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'rolecall-matrix-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// 40 roles × 259 actions × 40 resources: above the size at which the CLI starts a worker.
const ws = { ...benchWorkspace(40), resources: benchResources(40) };
const roles = ws.iam!.RoleDetailList!;
const file = join(tmp, 'ws.rolecall.json');
writeFileSync(file, JSON.stringify(ws, null, 2));

describe('rolecall matrix --format json (streamed)', () => {
  it('prints exactly what matrixFor computes, every subject in order', async () => {
    const r = await runCaptured(
      runMatrix,
      ['--workspace', file, '--all-roles', '--principal', roles[3].Arn, '--format', 'json'],
      { cwd: root, now },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const pw = prepareWorkspace(ws);
    const actions = matrixActions(pw, ['s3', 'dynamodb']);
    expect(out.actions).toEqual(actions);
    expect(out.resources).toEqual(ws.resources);
    // --principal subjects first (command-line order), then --all-roles.
    const arns = [roles[3].Arn, ...roles.map((x) => x.Arn)];
    expect(out.principals.map((p: { principal: string }) => p.principal)).toEqual(arns);
    out.principals.forEach((p: { roleArn: string; decisions: string[][] }, i: number) => {
      const m = matrixFor(pw, { principal: arns[i] }, actions, ws.resources, { now });
      expect(p.roleArn).toBe(m.roleArn);
      expect(p.decisions).toEqual(m.decisions);
    });
  });

  it('an unknown principal is a usage error with nothing on stdout (checked before streaming starts)', async () => {
    let stdout = '';
    await expect(
      runMatrix(
        ['--workspace', file, '--all-roles', '--principal', 'arn:aws:iam::123456789012:role/Nope', '--format', 'json'],
        {
          stdout: (s) => (stdout += s),
          stderr: () => {},
          cwd: root,
          now: () => now,
        },
      ),
    ).rejects.toThrow(/role\/Nope/);
    expect(stdout).toBe('');
  });

  it('through the bin, the same bytes with the worker forced on and off', () => {
    const run = (worker: string) =>
      spawnSync(
        process.execPath,
        [
          join(root, 'bin/rolecall.cjs'),
          'matrix',
          '--workspace',
          file,
          '--all-roles',
          '--format',
          'json',
          '--now',
          now.toISOString(),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ROLECALL_MATRIX_WORKER: worker } },
      );
    const on = run('1');
    const off = run('0');
    expect(on.status, on.stderr).toBe(0);
    expect(off.status, off.stderr).toBe(0);
    expect(on.stdout.length).toBeGreaterThan(1_000_000);
    expect(on.stdout).toBe(off.stdout);
  });
});
