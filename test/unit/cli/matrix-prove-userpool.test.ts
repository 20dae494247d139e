/**
 * `rolecall matrix --class` and `rolecall prove` learn the user-pool classes who-can has: "anyone who signs up"
 * (self sign-up open: AllowAdminCreateUserOnly false), "members of group X", "users who set custom:Y themselves"
 * (a rule's claim that is mutable and in the app client's WriteAttributes). Each is evaluated as the user of the ID
 * token Cognito would issue.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html (groups → cognito:roles)
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html (WriteAttributes)
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html (self sign-up)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/rolecall';
import { selectClasses, shortClassName } from '../../../policy-engine/analysis/class-select';
import { listIdentityClasses } from '../../../policy-engine/analysis/identity-classes';
import { prepareWorkspace } from '../../../policy-engine/evaluate/prepare';
import { prove, checkIsolation } from '../../../policy-engine/prove/index';
import type { Workspace } from '../../../policy-engine/model/workspace';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-12-01T00:00:00Z');
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
const KEY = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Ex4mpLe9Q:5k2j8example0web0client1';
const base = (): Workspace =>
  JSON.parse(readFileSync(join(root, 'test/scenarios/userpool/base.rolecall.json'), 'utf8')) as Workspace;

/** The base with self sign-up open and a Rules mapping on custom:tenant, which the web client lets users write. */
function risky(): Workspace {
  const ws = base();
  ws.userPools![0].UserPool.AdminCreateUserConfig = { AllowAdminCreateUserOnly: false };
  ws.userPools![0].Clients![0].WriteAttributes = ['email', 'custom:tenant'];
  ws.identityPools![0].RoleMappings = {
    [KEY]: {
      Type: 'Rules',
      AmbiguousRoleResolution: 'AuthenticatedRole',
      RulesConfiguration: {
        Rules: [
          {
            Claim: 'custom:tenant',
            MatchType: 'Equals',
            Value: 'staff',
            RoleARN: 'arn:aws:iam::123456789012:role/NotesAdmin',
          },
        ],
      },
    },
  };
  return ws;
}

function file(ws: Workspace): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-up-'));
  const f = join(dir, 'ws.rolecall.json');
  writeFileSync(f, JSON.stringify(ws, null, 2));
  return f;
}

const run = (args: string[]) => runCaptured(main, args, { cwd: root, now });

describe('naming a user-pool class', () => {
  it('short names: signup, group:NAME, sets:ATTR — only for classes the workspace has', () => {
    const classes = listIdentityClasses(prepareWorkspace(risky()), { now, userPools: true });
    const shorts = classes.map(shortClassName).filter(Boolean);
    expect(shorts.sort()).toEqual(['group:admins', 'group:beta', 'group:editors', 'sets:custom:tenant', 'signup']);
    const admins = selectClasses(classes, 'group:admins');
    expect(admins.ok && admins.classes.map((c) => c.label)).toEqual([
      expect.stringContaining('members of group admins of user pool'),
    ]);
    const closed = listIdentityClasses(prepareWorkspace(base()), { now, userPools: true });
    const signup = selectClasses(closed, 'signup');
    expect(signup.ok).toBe(false);
    expect(!signup.ok && signup.message).toContain('AllowAdminCreateUserOnly is true');
    expect(!signup.ok && signup.message).toContain('group:admins, group:editors, group:beta');
    const key = classes.find((c) => c.key.startsWith('default:'))!.key;
    expect(selectClasses(classes, key)).toMatchObject({ ok: true, classes: [{ key }] });
  });
});

describe('rolecall matrix --class', () => {
  it('members of group admins get NotesAdmin (Token mapping, cognito:preferred_role), beta the default role', async () => {
    const r = await run([
      'matrix',
      '--workspace',
      file(base()),
      '--class',
      'group:admins',
      '--class',
      'group:beta',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.principals.map((p: { roleArn: string }) => p.roleArn)).toEqual([
      'arn:aws:iam::123456789012:role/NotesAdmin',
      'arn:aws:iam::123456789012:role/NotesUser',
    ]);
    expect(m.principals[0].identity.user).toMatchObject({ userPoolId: 'us-east-1_Ex4mpLe9Q', groups: ['admins'] });
    expect(m.principals[0].class).toMatch(/^members of group admins of user pool /);
    expect(m.principals[1].class).toMatch(/^members of group beta of user pool /);
    const del = m.actions.indexOf('dynamodb:DeleteItem');
    expect(m.principals[0].decisions[del][0]).toBe('allowed');
    expect(m.principals[1].decisions[del][0]).not.toBe('allowed');
  });

  it('anyone who signs up and users who set custom:tenant themselves, labelled in the table', async () => {
    const r = await run([
      'matrix',
      '--workspace',
      file(risky()),
      '--class',
      'signup',
      '--class',
      'sets:custom:tenant',
      '--service',
      'dynamodb',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/anyone who signs up to user pool .* → arn:aws:iam::123456789012:role\/NotesUser/);
    expect(r.stdout).toMatch(
      /users of user pool .* who set custom:tenant themselves \(to "staff"\) .* → arn:aws:iam::123456789012:role\/NotesAdmin/,
    );
  });

  it('a class the workspace does not have is exit 2 with one line naming it and listing what there is', async () => {
    const r = await run(['matrix', '--workspace', file(base()), '--class', 'group:staff']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--class group:staff: no user pool of the workspace has the group "staff"');
    expect(r.stderr).toContain('group:admins');
  });
});

describe('rolecall prove with a user pool', () => {
  it('enumerates the user-pool classes; the witness for group members is a user request that re-checks allowed', () => {
    // Token mapping (the base): the admins group's role comes through cognito:preferred_role.
    const token = prove(
      prepareWorkspace(base()),
      { action: 'dynamodb:DeleteItem', resource: TABLE },
      { now, maxWitnesses: 20 },
    );
    const outcome = (r: typeof token, prefix: string) => r.classes.find((c) => c.who.startsWith(prefix))?.outcome;
    expect(outcome(token, 'members of group admins')).toBe('allowed');
    expect(outcome(token, 'members of group beta')).toBe('impossible');
    const w = token.witnesses.find((x) => x.who.startsWith('members of group admins'));
    expect(w?.request.identity?.user).toMatchObject({ groups: ['admins'] });
    expect(w?.answer.decision).toBe('allowed');
    expect(w?.answer.token?.['cognito:groups']).toEqual(['admins']);
    // A Rules mapping on custom:tenant: group roles no longer count; a user who sets custom:tenant to "staff" does.
    const rules = prove(
      prepareWorkspace(risky()),
      { action: 'dynamodb:DeleteItem', resource: TABLE },
      { now, maxWitnesses: 20 },
    );
    expect(outcome(rules, 'members of group admins')).toBe('impossible');
    expect(outcome(rules, 'anyone who signs up')).toBe('impossible');
    expect(rules.classes.find((c) => c.who.includes('who set custom:tenant themselves'))?.outcome).toBe('allowed');
    const self = rules.witnesses.find((x) => x.who.includes('who set custom:tenant themselves'));
    expect(self?.request.identity?.user?.attributes).toEqual({ 'custom:tenant': 'staff' });
    expect(self?.answer.roleArn).toBe('arn:aws:iam::123456789012:role/NotesAdmin');
  });

  it('without userPools the classes are the claims-based ones only (no user-pool class)', () => {
    const ws = risky();
    delete ws.userPools;
    const r = prove(prepareWorkspace(ws), { action: 'dynamodb:DeleteItem', resource: TABLE }, { now });
    expect(r.classes.some((c) => /members of group|signs up|themselves/.test(c.who))).toBe(false);
  });

  it('the CLI prints a user witness as the user, not as a guest', async () => {
    const r = await run([
      'prove',
      '--workspace',
      file(base()),
      '--action',
      'dynamodb:DeleteItem',
      '--resource',
      TABLE,
      '--witnesses',
      '10',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('witness');
    expect(r.stdout).toMatch(
      /user rolecall-member of user pool us-east-1_Ex4mpLe9Q\s+through app client 5k2j8example0web0client1/,
    );
    expect(r.stdout).toContain('user: {"groups":["admins"],"attributes":{}}');
  });

  it('isolation asks the same classes as before (user-pool classes stand for roles the rule classes cover)', () => {
    const pw = prepareWorkspace(risky());
    const r = checkIsolation(pw, { now });
    expect([...r.breaks, ...r.undecided].some((b) => /members of group|signs up|themselves/.test(b.who))).toBe(false);
  });
});
