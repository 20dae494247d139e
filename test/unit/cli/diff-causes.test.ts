/**
 * `rolecall diff` grouped by cause (issue #16): a trust policy that no longer accepts the identity pool turns
 * hundreds of cells into noCredentials; that is one group, naming the trust statement that now fails (at its line in
 * the after-file) and the condition with the values compared, with the count — while --format json still lists
 * every changed cell per class and adds the groups.
 * The trust policy's aud condition decides whether Cognito's identities may assume the role:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDiff } from '../../../cli/commands/diff';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const DEMO = 'examples/demo.rolecall.json';
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const OTHER = 'us-east-1:00000000-0000-4000-8000-000000000000';

/** The demo with AppUser's trust policy pointing at another pool (as after recreating the pool). */
function brokenTrust(): { file: string; text: string } {
  const demo = readFileSync(join(root, DEMO), 'utf8');
  const role = demo.indexOf('"RoleName": "AppUser"');
  const aud = demo.indexOf(POOL, demo.indexOf('cognito-identity.amazonaws.com:aud', role));
  const text = demo.slice(0, aud) + OTHER + demo.slice(aud + POOL.length);
  const file = join(mkdtempSync(join(tmpdir(), 'rolecall-diff-')), 'after.rolecall.json');
  writeFileSync(file, text);
  return { file, text };
}

interface Group {
  kind: string;
  direction: string;
  cause: string;
  count: number;
  transitions: { before: string; after: string; count: number }[];
  who: string[];
  statement?: { sid?: string; file?: string; start: { line: number; column: number } };
}

describe('rolecall diff: one group per cause', () => {
  const after = brokenTrust();
  const run = (args: string[]) =>
    runCaptured(runDiff, ['--before', DEMO, '--after', after.file, ...args], { cwd: root, now });

  it('JSON: one credentials group covering every changed cell, naming the trust statement and the condition', async () => {
    const r = await run(['--format', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as {
      changedCells: number;
      groups: Group[];
      classes: { gained: unknown[]; lost: unknown[]; other: unknown[] }[];
    };
    expect(d.changedCells).toBeGreaterThan(300);
    // The per-cell lists stay.
    expect(d.classes.reduce((n, c) => n + c.gained.length + c.lost.length + c.other.length, 0)).toBe(d.changedCells);
    expect(d.groups).toHaveLength(1);
    const [g] = d.groups;
    expect(g).toMatchObject({ kind: 'credentials', direction: 'lost', count: d.changedCells });
    expect(g.transitions.map((t) => `${t.before}→${t.after}`).sort()).toEqual([
      'allowed→noCredentials',
      'implicitDeny→noCredentials',
    ]);
    expect(g.transitions.reduce((n, t) => n + t.count, 0)).toBe(d.changedCells);
    expect(g.who.length).toBeGreaterThanOrEqual(2);
    // The trust statement where the after-file has it (the line above its Sid, after AppUser's name).
    const lines = after.text.split('\n');
    const sidLine = lines.findIndex(
      (l, i) => i > lines.findIndex((x) => x.includes('"RoleName": "AppUser"')) && l.includes('"CognitoSignedInUsers"'),
    );
    expect(g.statement).toMatchObject({
      sid: 'CognitoSignedInUsers',
      file: after.file,
      start: { line: sidLine, column: lines[sidLine - 1].indexOf('{') + 1 },
    });
    expect(g.cause).toContain('trust policy of role AppUser does not accept the identity');
    expect(g.cause).toContain(`StringEquals needs it to equal "${OTHER}"`);
  });

  it('the table prints the group with its count, not one line per cell', async () => {
    const r = await run([]);
    const json = JSON.parse((await run(['--format', 'json'])).stdout) as { changedCells: number };
    expect(r.stdout).toContain('Changes by cause (1):');
    expect(r.stdout).toContain(`${json.changedCells} decisions (allowed → noCredentials ×`);
    expect(r.stdout).not.toMatch(/implicitDeny → noCredentials\n/);
    expect(r.stdout.split('\n').length).toBeLessThan(20);
  });
});
