/**
 * Who-can learns the user-pool classes when the workspace holds the pool (test/scenarios/userpool/base.rolecall.json):
 * "anyone who signs up" (AllowAdminCreateUserOnly false), "members of group X", "users who set custom:Y themselves"
 * (a rule's claim the app client lets users write) — each evaluated from the ID token Cognito would issue.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../../../policy-engine/analysis/who-can';
import { listIdentityClasses } from '../../../../policy-engine/analysis/identity-classes';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const NOW = new Date('2026-12-01T00:00:00Z');
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
const KEY = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Ex4mpLe9Q:5k2j8example0web0client1';
const base = (): Workspace =>
  JSON.parse(readFileSync(join(__dirname, '../../../scenarios/userpool/base.rolecall.json'), 'utf8')) as Workspace;

describe('who-can with a user pool in the workspace', () => {
  it('members of group admins may delete an item (Token mapping → NotesAdmin); members of beta may not', () => {
    const r = whoCan(prepareWorkspace(base()), 'dynamodb:DeleteItem', TABLE, { now: NOW });
    const admins = r.paths.find((p) => p.identityClass.label.startsWith('members of group admins'));
    const beta = r.paths.find((p) => p.identityClass.label.startsWith('members of group beta'));
    expect(admins).toMatchObject({ decision: 'allowed', roleArn: 'arn:aws:iam::123456789012:role/NotesAdmin' });
    expect(beta?.decision).not.toBe('allowed');
  });

  it('"anyone who signs up" appears only when self sign-up is open', () => {
    const closed = whoCan(prepareWorkspace(base()), 'dynamodb:GetItem', TABLE, { now: NOW });
    expect(closed.paths.some((p) => p.identityClass.label.startsWith('anyone who signs up'))).toBe(false);
    const ws = base();
    ws.userPools![0].UserPool.AdminCreateUserConfig = { AllowAdminCreateUserOnly: false };
    const open = whoCan(prepareWorkspace(ws), 'dynamodb:GetItem', TABLE, { now: NOW });
    const anyone = open.paths.find((p) => p.identityClass.label.startsWith('anyone who signs up'));
    expect(anyone).toMatchObject({ decision: 'allowed', roleArn: 'arn:aws:iam::123456789012:role/NotesUser' });
  });

  it('"users who set custom:tenant themselves" when a rule keys on it and the client lets users write it', () => {
    const ws = base();
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
    const label = (w: Workspace) =>
      whoCan(prepareWorkspace(w), 'dynamodb:DeleteItem', TABLE, { now: NOW }).paths.find((p) =>
        p.identityClass.label.includes('who set custom:tenant themselves'),
      );
    expect(label(ws)).toBeUndefined();
    ws.userPools![0].Clients![0].WriteAttributes = ['email', 'custom:tenant'];
    expect(label(ws)).toMatchObject({ decision: 'allowed', roleArn: 'arn:aws:iam::123456789012:role/NotesAdmin' });
  });

  it('the classes are opt-in: audits and diffs list the same classes as before', () => {
    const pw = prepareWorkspace(base());
    const without = listIdentityClasses(pw, { now: NOW });
    expect(without.some((c) => c.key.startsWith('userpool-'))).toBe(false);
    expect(listIdentityClasses(pw, { now: NOW, userPools: true }).some((c) => c.key.startsWith('userpool-group'))).toBe(
      true,
    );
  });
});
