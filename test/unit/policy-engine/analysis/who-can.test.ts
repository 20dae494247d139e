import { describe, expect, it } from 'vitest';
import { reachableBy, whoCan } from '../../../../policy-engine/analysis/who-can';
import { listIdentityClasses } from '../../../../policy-engine/analysis/identity-classes';
import { diffWorkspaces } from '../../../../policy-engine/analysis/diff';
import { NOW, cognitoTrust, prepareInline, roleWith } from './helpers';

const ACC = '123456789012';
const POOL = 'us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const UP = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AppPool1';
const CLIENT = 'appclient123';
const role = (n: string) => `arn:aws:iam::${ACC}:role/${n}`;
const SUB = '${cognito-identity.amazonaws.com:sub}';

/** A small app: guests read uploads, users read/write their own folder, admins (cognito:groups) delete anything. */
function app(opts: { guestStatements?: unknown[]; adminGroup?: string } = {}) {
  return prepareInline({
    name: 'app',
    region: 'us-east-1',
    accountId: ACC,
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: false,
        CognitoIdentityProviders: [{ ProviderName: UP, ClientId: CLIENT }],
        Roles: { authenticated: role('AppUser'), unauthenticated: role('AppGuest') },
        RoleMappings: {
          [`${UP}:${CLIENT}`]: {
            Type: 'Rules',
            AmbiguousRoleResolution: 'AuthenticatedRole',
            RulesConfiguration: {
              Rules: [
                {
                  Claim: 'cognito:groups',
                  MatchType: 'Contains',
                  Value: opts.adminGroup ?? 'admins',
                  RoleARN: role('AppAdmin'),
                },
              ],
            },
          },
        },
      },
    ],
    iam: {
      RoleDetailList: [
        roleWith(
          ACC,
          'AppGuest',
          cognitoTrust(POOL, 'unauthenticated'),
          opts.guestStatements ?? [
            { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-uploads/*' },
          ],
        ),
        roleWith(ACC, 'AppUser', cognitoTrust(POOL, 'authenticated'), [
          {
            Sid: 'Own',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: `arn:aws:s3:::app-uploads/${SUB}/*`,
          },
        ]),
        roleWith(ACC, 'AppAdmin', cognitoTrust(POOL, 'authenticated'), [
          {
            Sid: 'All',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: 'arn:aws:s3:::app-uploads/*',
          },
        ]),
      ] as never[],
    },
    resources: ['arn:aws:s3:::app-uploads/*'] as string[],
  });
}

describe('identity classes', () => {
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html — each rule, then the default.
  it('lists guests, each rule with claims that satisfy it, the default, and each role', () => {
    const classes = listIdentityClasses(app(), { now: NOW });
    expect(classes.map((c) => c.kind)).toEqual(['guest', 'rule', 'default', 'role', 'role', 'role']);
    const ruleClass = classes[1];
    expect(ruleClass.condition).toBe('cognito:groups Contains "admins"');
    expect(ruleClass.subject.identity?.claims?.['cognito:groups']).toEqual(['admins']);
    expect(classes[2].subject.identity?.claims?.['cognito:groups']).toBeUndefined();
  });
});

describe('whoCan', () => {
  it('finds every way to delete an upload: only the admin rule (and the admin role itself) gets it', () => {
    const r = whoCan(app(), 's3:DeleteObject', 'arn:aws:s3:::app-uploads/photo.jpg', { now: NOW });
    const byKind = Object.fromEntries(
      r.paths.filter((p) => p.identityClass.kind !== 'role').map((p) => [p.identityClass.kind, p]),
    );
    expect(byKind.guest.decision).toBe('implicitDeny');
    expect(byKind.default.decision).toBe('implicitDeny');
    expect(byKind.default.roleArn).toBe(role('AppUser'));
    expect(byKind.rule.decision).toBe('allowed');
    expect(byKind.rule.roleArn).toBe(role('AppAdmin'));
    expect(byKind.rule.resolution?.source).toBe('rule');
    expect(byKind.rule.matchedStatements.map((m) => m.policyId)).toEqual([`${role('AppAdmin')}#inline/AppAdminPolicy`]);
    expect(r.allowed.map((p) => p.identityClass.key)).toEqual([
      r.paths[1].identityClass.key,
      `role:${role('AppAdmin')}`,
    ]);
  });

  it("uses the owner's identity id found in a per-user resource, so the default users reach their own folder", () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — ${cognito-identity.amazonaws.com:sub} is the identity id.
    const owner = 'us-east-1:12345678-1234-4234-8234-123456789abc';
    const r = whoCan(app(), 's3:PutObject', `arn:aws:s3:::app-uploads/${owner}/notes.txt`, {
      now: NOW,
      principals: false,
    });
    expect(r.paths.find((p) => p.identityClass.kind === 'default')!.decision).toBe('allowed');
    expect(r.paths.find((p) => p.identityClass.kind === 'default')!.identityId).toBe(owner);
    const stranger = whoCan(app(), 's3:PutObject', `arn:aws:s3:::app-uploads/${owner}/notes.txt`, {
      now: NOW,
      principals: false,
      identityId: 'us-east-1:00000000-0000-4000-8000-000000000001',
    });
    expect(stranger.paths.find((p) => p.identityClass.kind === 'default')!.decision).toBe('implicitDeny');
  });
});

describe('reachableBy', () => {
  it('lists the allowed cells of one identity class', () => {
    const pw = app();
    const guest = listIdentityClasses(pw, { now: NOW }).find((c) => c.kind === 'guest')!;
    const reach = reachableBy(pw, guest, { now: NOW, services: ['s3'] });
    expect(reach.roleArn).toBe(role('AppGuest'));
    expect(reach.cells).toEqual([{ action: 's3:GetObject', resource: 'arn:aws:s3:::app-uploads/*' }]);
    const admin = reachableBy(pw, { principal: role('AppAdmin') }, { now: NOW, services: ['s3'] });
    expect(admin.cells.map((c) => c.action).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
  });
});

describe('diffWorkspaces', () => {
  it('says in one line that a change lets guests delete uploads, with the statement responsible', () => {
    const before = app();
    const after = app({
      guestStatements: [
        { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-uploads/*' },
        { Sid: 'Oops', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::app-uploads/*' },
      ],
    });
    const d = diffWorkspaces(before, after, { now: NOW, services: ['s3'] });
    const guest = d.classes.find((c) => c.kind === 'guest')!;
    expect(guest.gained.map((c) => `${c.action} ${c.resource} ${c.before}→${c.after}`)).toEqual([
      's3:DeleteObject arn:aws:s3:::app-uploads/* implicitDeny→allowed',
    ]);
    expect(guest.lost).toEqual([]);
    // The role's new statement allows it; Cognito's guest scope-down session policy lets it through (iam-roles.html).
    const responsible = guest.gained[0].afterStatements ?? [];
    expect(
      responsible.filter((m) => m.policyType === 'identity').map((m) => `${m.policyId}#${m.statementIndex}#${m.sid}`),
    ).toEqual([`${role('AppGuest')}#inline/AppGuestPolicy#1#Oops`]);
    expect(responsible.filter((m) => m.policyType !== 'identity').map((m) => m.policyType)).toEqual(['session']);
    expect(
      guest.gained[0].beforeStatements?.filter((m) => m.effect === 'Allow' && m.policyType === 'identity'),
    ).toEqual([]);
    expect(guest.summary).toBe(
      `This change lets guests of pool app (${POOL}) delete objects in arn:aws:s3:::app-uploads/* (s3:DeleteObject).`,
    );
    expect(d.summary).toContain(guest.summary);
    // The guest role as a principal changed too; nothing else did.
    expect(d.classes.map((c) => c.key).sort()).toEqual([`guest:${POOL}`, `role:${role('AppGuest')}`].sort());
    expect(d.changedCells).toBe(2);
  });

  it('evaluates the same claims in both versions: renaming the admin group moves access between classes', () => {
    const d = diffWorkspaces(app(), app({ adminGroup: 'administrators' }), { now: NOW, services: ['s3'] });
    const oldAdmins = d.classes.find((c) => c.key.endsWith('cognito:groups Contains "admins"'))!;
    const newAdmins = d.classes.find((c) => c.key.endsWith('cognito:groups Contains "administrators"'))!;
    expect(oldAdmins.roleBefore).toBe(role('AppAdmin'));
    expect(oldAdmins.roleAfter).toBe(role('AppUser'));
    expect(oldAdmins.lost.map((c) => c.action).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(newAdmins.gained.map((c) => c.action).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(oldAdmins.summary).toMatch(
      /^This change no longer lets users of .* read, write and delete objects in arn:aws:s3:::app-uploads\/\*/,
    );
  });

  it('reports no change between identical workspaces', () => {
    const d = diffWorkspaces(app(), app(), { now: NOW });
    expect(d.classes).toEqual([]);
    expect(d.changedCells).toBe(0);
  });
});
