/**
 * Provenance through the CLI: `rolecall import` records a digest of each imported file and policy
 * (importNotes.fileDigests / policyDigests, workspace/source-digests), so that the commands reading the workspace
 * later can tell whether the template and the workspace's copy of each policy are still the imported ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runImport } from '../../../cli/commands/import';
import type { Io } from '../../../cli/io';
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
