import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runWhoCan } from '../../../cli/commands/who-can';
import { runDiff } from '../../../cli/commands/diff';
import { UsageError, type Io } from '../../../cli/io';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const DEMO = 'examples/demo.rolecall.json';
const NOTES = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
const BEFORE = 'test/fixtures/audit/diff-before.rolecall.json';
const AFTER = 'test/fixtures/audit/diff-after.rolecall.json';

const run = (fn: (a: string[], io: Io) => Promise<number>, args: string[]) => runCaptured(fn, args, { cwd: root, now });

interface PathOut {
  who: string;
  kind: string;
  decision: string;
  roleArn: string | null;
  condition?: string;
  perUser?: { summary: string; owner: string; other: string };
  matchedStatements: { sid?: string; effect: string }[];
}

describe('rolecall who-can', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html — LeadingKeys scopes items to the caller.
  it('lists every path to dynamodb:DeleteItem on Notes: guests denied, the admin rule allowed for any item, users only their own items', async () => {
    const r = await run(runWhoCan, [
      '--workspace',
      DEMO,
      '--action',
      'dynamodb:DeleteItem',
      '--resource',
      NOTES,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { paths: PathOut[]; notes: string[]; context: Record<string, string[]> };
    const by = (kind: string, extra = '') => out.paths.filter((p) => p.kind === kind && p.who.includes(extra));
    expect(by('guest')).toHaveLength(1);
    expect(by('guest')[0].decision).toBe('implicitDeny');
    const admin = by('rule')[0];
    expect(admin.condition).toBe('cognito:groups Contains "admins"');
    expect(admin.decision).toBe('allowed');
    expect(admin.perUser?.summary).toBe('every identity of this class, not only the owner');
    // Both default paths (the user pool's users who match no rule, and Google users) get AppUser: own items only.
    const defaults = by('default');
    expect(defaults.map((p) => p.who)).toEqual([
      expect.stringContaining('who match no rule'),
      expect.stringContaining('accounts.google.com'),
    ]);
    for (const p of defaults) {
      expect(p.roleArn).toBe('arn:aws:iam::123456789012:role/AppUser');
      expect(p.decision).toBe('allowed');
      expect(p.perUser).toMatchObject({ owner: 'allowed', other: 'implicitDeny' });
      expect(p.matchedStatements.map((m) => m.sid)).toContain('OwnItemsOnly');
    }
    expect(out.context['dynamodb:LeadingKeys']).toHaveLength(1);
    expect(out.notes).toEqual(['no basic flow: pool demo_app_identities has AllowClassicFlow false']);
  });

  it('s3:PutObject on a public prefix: only the admin rule; the table names each path and why the others are refused', async () => {
    const r = await run(runWhoCan, [
      '--workspace',
      DEMO,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::demo-app-user-files/public/cat.jpg',
      '--identities-only',
    ]);
    expect(r.code).toBe(0);
    // Table rows: number, decision, role name, who; then each path's why as indented lines under the table.
    const guest = /^(\d+) +implicitDeny +AppGuest +guests of pool demo_app_identities/m.exec(r.stdout);
    const admin = /^(\d+) +allowed +AppAdmin +users of [\s\S]*?whose cognito:groups Contains "admins" \(rule 0\)/m.exec(
      r.stdout,
    );
    expect(guest).not.toBeNull();
    expect(admin).not.toBeNull();
    const detail = (n: string) =>
      r.stdout
        .split(new RegExp(`^${n}\\. `, 'm'))[1]
        .split(/^\d+\. |^$/m)[0]
        .replace(/\s+/g, ' ');
    expect(detail(guest![1])).toMatch(/why: .*no identity-based policy allows the s3:PutObject action/);
    expect(detail(admin![1])).toMatch(/why: Allow: statement "ManageUserFiles" of DemoAppAdminWrite \(line \d+\)/);
    // Words, not internal notation (issue #16): no `identity:Sid@line`.
    expect(r.stdout).not.toMatch(/\b(identity|resource|trust):[#\w]+@\d+/);
    // The demo's user pool adds its groups' members as paths: admins reach AppAdmin too, beta members do not.
    const members = /^(\d+) +allowed +AppAdmin +members of group admins of user pool demo-app-users/m.exec(r.stdout);
    expect(members).not.toBeNull();
    expect(r.stdout).toMatch(/^\d+ +implicitDeny +AppUser +members of group beta/m);
    expect(r.stdout).toContain(`allowed for 2 of 6 path(s): #${admin![1]}, #${members![1]}`);
    expect(r.stdout).not.toContain('as a principal');
  });

  // QA: the table was ~475 columns wide; it must fit 120 columns, long text wrapped under it.
  it.each([
    'examples/demo.rolecall.json',
    'examples/multi-provider.rolecall.json',
    'test/fixtures/audit/misconfigured.rolecall.json',
    'test/fixtures/qa/photo-app.rolecall.json',
  ])('the table output of %s fits 120 columns', async (ws) => {
    for (const resource of [
      'arn:aws:s3:::demo-app-user-files/private/${cognito-identity.amazonaws.com:sub}/a.txt',
      NOTES,
    ]) {
      const action = resource === NOTES ? 'dynamodb:GetItem' : 's3:GetObject';
      const r = await run(runWhoCan, ['--workspace', ws, '--action', action, '--resource', resource]);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.length).toBeGreaterThan(5);
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    }
  });

  it('a per-user S3 pattern is evaluated as its owner and as someone else', async () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — ${cognito-identity.amazonaws.com:sub} is the identity id.
    const r = await run(runWhoCan, [
      '--workspace',
      DEMO,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::demo-app-user-files/private/${cognito-identity.amazonaws.com:sub}/a.txt',
      '--format',
      'json',
      '--identities-only',
    ]);
    const out = JSON.parse(r.stdout) as { paths: PathOut[]; evaluatedResource: string };
    expect(out.evaluatedResource).toMatch(/private\/us-east-1:[0-9a-f-]{36}\/a\.txt$/);
    const google = out.paths.find((p) => p.who.includes('accounts.google.com'))!;
    expect(google.perUser?.summary).toContain('only the owner');
  });

  it('bad usage is a UsageError naming the option', async () => {
    await expect(run(runWhoCan, ['--workspace', DEMO, '--resource', NOTES])).rejects.toThrow(/--action is required/);
    await expect(run(runWhoCan, ['--workspace', DEMO, '--action', 'DeleteItem', '--resource', NOTES])).rejects.toThrow(
      UsageError,
    );
    await expect(
      run(runWhoCan, ['--workspace', DEMO, '--action', 'dynamodb:DeleteItem', '--resource', 'Notes']),
    ).rejects.toThrow(/must be an ARN/);
    await expect(
      run(runWhoCan, [
        '--workspace',
        DEMO,
        '--action',
        'dynamodb:DeleteItem',
        '--resource',
        NOTES,
        '--context',
        '{"__proto__":"x"}',
      ]),
    ).rejects.toThrow(UsageError);
    await expect(
      run(runWhoCan, [
        '--workspace',
        DEMO,
        '--action',
        'dynamodb:DeleteItem',
        '--resource',
        NOTES,
        '--context',
        '{"a":1}',
      ]),
    ).rejects.toThrow(/string or an array of strings/);
  });
});

describe('rolecall diff', () => {
  it('a guest-role change that grants s3:DeleteObject: one line per class, one group for the statement responsible', async () => {
    const r = await run(runDiff, ['--before', BEFORE, '--after', AFTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'This change lets guests of pool demo_app_identities (us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59) delete objects in arn:aws:s3:::demo-app-user-files/public/* (s3:DeleteObject).',
    );
    // Both classes' cells (the guests and AppGuest as a principal) are one cause: the new statement, at its line.
    expect(r.stdout).toMatch(
      /Changes by cause \(1\):\n {2}1\. \+ 2 decisions \(implicitDeny → allowed\): now allowed by statement 1 "GuestCleanup" of role AppGuest's inline policy PublicRead at test\/fixtures\/audit\/diff-after\.rolecall\.json:\d+:\d+/,
    );
    expect(r.stdout).toContain('e.g. s3:DeleteObject on arn:aws:s3:::demo-app-user-files/public/*\n');
    expect(r.stdout).not.toMatch(/\b(identity|resource|trust):[#\w]+@\d+/);
  });

  it('--format json lists the changed cells grouped by class, with before/after statements', async () => {
    const r = await run(runDiff, ['--before', BEFORE, '--after', AFTER, '--format', 'json']);
    const d = JSON.parse(r.stdout) as {
      classes: {
        kind: string;
        gained: { action: string; before: string; after: string; afterStatements: { sid?: string }[] }[];
        lost: unknown[];
      }[];
      changedCells: number;
    };
    expect(d.classes.map((c) => c.kind).sort()).toEqual(['guest', 'role']);
    const guest = d.classes.find((c) => c.kind === 'guest')!;
    expect(guest.gained).toHaveLength(1);
    expect(guest.gained[0]).toMatchObject({ action: 's3:DeleteObject', before: 'implicitDeny', after: 'allowed' });
    expect(guest.gained[0].afterStatements.map((m) => m.sid)).toContain('GuestCleanup');
    expect(guest.lost).toEqual([]);
    expect(d.changedCells).toBe(2);
  });

  it('markdown for a pull request; the reverse change reports the loss; identical workspaces report nothing', async () => {
    const md = await run(runDiff, ['--before', BEFORE, '--after', AFTER, '--format', 'markdown']);
    expect(md.stdout).toContain('# What this change does');
    expect(md.stdout).toContain(
      '1. `+` 2 decisions (implicitDeny → allowed): now allowed by statement 1 "GuestCleanup"',
    );
    expect(md.stdout).toContain('   - e.g. `s3:DeleteObject` on `arn:aws:s3:::demo-app-user-files/public/*`');
    const back = await run(runDiff, ['--before', AFTER, '--after', BEFORE]);
    expect(back.stdout).toContain(
      'This change no longer lets guests of pool demo_app_identities (us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59) delete objects in arn:aws:s3:::demo-app-user-files/public/* (s3:DeleteObject).',
    );
    expect(back.stdout).toMatch(
      /- 2 decisions \(allowed → implicitDeny\): no longer allowed by statement 1 "GuestCleanup" of role AppGuest's inline policy PublicRead at test\/fixtures\/audit\/diff-after\.rolecall\.json/,
    );
    expect((await run(runDiff, ['--before', BEFORE, '--after', BEFORE])).stdout).toBe('No decision changes.\n');
  });

  it('bad usage is a UsageError', async () => {
    await expect(run(runDiff, ['--after', AFTER])).rejects.toThrow(/--before is required/);
    await expect(run(runDiff, ['--before', BEFORE, '--after', AFTER, '--service', 'sqs'])).rejects.toThrow(/--service/);
    await expect(run(runDiff, ['--before', BEFORE, '--after', AFTER, '--format', 'csv'])).rejects.toThrow(
      /--format must be one of/,
    );
  });
});

describe('rolecall who-can: bad input', () => {
  // An action that does not exist, or a resource of the wrong type, is bad input (CONTRACT.md §4: exit 2), as in evaluate.
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  it('refuses an unknown action and a resource the action cannot act on', async () => {
    await expect(
      run(runWhoCan, [
        '--workspace',
        'examples/demo.rolecall.json',
        '--action',
        's3:Bogus',
        '--resource',
        'arn:aws:s3:::demo-app-user-files/x',
      ]),
    ).rejects.toThrow(/s3:Bogus is not a known AWS action/);
    await expect(
      run(runWhoCan, [
        '--workspace',
        'examples/demo.rolecall.json',
        '--action',
        's3:GetObject',
        '--resource',
        'arn:aws:s3:::demo-app-user-files',
      ]),
    ).rejects.toThrow(UsageError);
  });
});
