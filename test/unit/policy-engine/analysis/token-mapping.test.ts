/**
 * "Choose role from token" (RoleMappings Type Token) in who-can and the diff. QA found who-can listed user-pool users
 * only as "token carries no cognito:roles → noCredentials", missing every role a user-pool group can hand out.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html ("Choose role from token":
 * cognito:preferred_role, else the roles in cognito:roles, AmbiguousRoleResolution when several and none preferred)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../../../policy-engine/analysis/who-can';
import { listIdentityClasses } from '../../../../policy-engine/analysis/identity-classes';
import { diffWorkspaces } from '../../../../policy-engine/analysis/diff';
import { NOW, cognitoTrust, prepareInline, roleWith } from './helpers';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { parseWorkspaceText } from '../../../../policy-engine/workspace/schema';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const RBAC = 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html';
const ACC = '123456789012';
const POOL = 'us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER_POOL = 'us-east-1:99999999-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const UP = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AppPool1';
const CLIENT = 'appclient123';
const role = (n: string) => `arn:aws:iam::${ACC}:role/${n}`;

/** A pool whose user-pool client maps roles from the token; Editor is reachable only through a group. */
function app(opts: { editorStatements?: unknown[]; ambiguity?: 'Deny' | 'AuthenticatedRole' } = {}) {
  return prepareInline({
    name: 'token-app',
    region: 'us-east-1',
    accountId: ACC,
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: false,
        CognitoIdentityProviders: [{ ProviderName: UP, ClientId: CLIENT }],
        Roles: { authenticated: role('AppUser') },
        RoleMappings: { [`${UP}:${CLIENT}`]: { Type: 'Token', AmbiguousRoleResolution: opts.ambiguity ?? 'Deny' } },
      },
    ],
    iam: {
      RoleDetailList: [
        roleWith(ACC, 'AppUser', cognitoTrust(POOL, 'authenticated'), [
          { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-photos/*' },
        ]),
        roleWith(
          ACC,
          'Editor',
          cognitoTrust(POOL, 'authenticated'),
          opts.editorStatements ?? [
            {
              Sid: 'Edit',
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: 'arn:aws:s3:::app-photos/*',
            },
          ],
        ),
        // Not reachable: trusts guests only, or another pool.
        roleWith(ACC, 'Guesty', cognitoTrust(POOL, 'unauthenticated'), [
          { Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' },
        ]),
        roleWith(ACC, 'Elsewhere', cognitoTrust(OTHER_POOL, 'authenticated'), [
          { Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' },
        ]),
      ] as never[],
    },
    resources: ['arn:aws:s3:::app-photos/*'],
  });
}

describe(`Token mapping in who-can (${RBAC})`, () => {
  it("lists one path per role whose trust accepts this pool's users, by cognito:preferred_role, with its decision", () => {
    const r = whoCan(app(), 's3:PutObject', 'arn:aws:s3:::app-photos/a.jpg', { now: NOW, principals: false });
    const token = r.paths.filter((p) => p.identityClass.kind === 'token');
    const byRole = token.filter((p) => p.identityClass.key.startsWith('token-role:'));
    expect(byRole.map((p) => p.roleArn)).toEqual([role('AppUser'), role('Editor')]);
    expect(byRole.map((p) => p.decision)).toEqual(['implicitDeny', 'allowed']);
    const editor = byRole[1];
    expect(editor.identityClass.label).toBe(
      `users of ${UP}:${CLIENT} whose token's cognito:preferred_role is ${role('Editor')} (a user-pool group with that role)`,
    );
    expect(editor.resolution).toMatchObject({ outcome: 'role', source: 'token', trust: 'allowed' });
    expect(editor.assumptions).toEqual([]);
    expect(r.allowed.map((p) => p.roleArn)).toEqual([role('Editor')]);
  });

  it('the ambiguous path (several roles, no preferred one) follows AmbiguousRoleResolution', () => {
    const deny = whoCan(app(), 's3:GetObject', 'arn:aws:s3:::app-photos/a.jpg', {
      now: NOW,
      principals: false,
    }).paths.find((p) => p.identityClass.key.startsWith('token-ambiguous:'));
    expect(deny?.decision).toBe('noCredentials');
    expect(deny?.resolution?.error).toEqual({
      code: 'NotAuthorizedException',
      message: `The ambiguous role mapping rules for: ${UP} denied this request.`,
    });
    const fallback = whoCan(app({ ambiguity: 'AuthenticatedRole' }), 's3:GetObject', 'arn:aws:s3:::app-photos/a.jpg', {
      now: NOW,
      principals: false,
    }).paths.find((p) => p.identityClass.key.startsWith('token-ambiguous:'));
    expect(fallback).toMatchObject({ decision: 'allowed', roleArn: role('AppUser') });
  });

  it('the QA photo app: user-pool groups reach QaEditor and QaAdmin (s3:DeleteObject on a private photo)', () => {
    const file = resolve(__dirname, '../../../fixtures/qa/photo-app.rolecall.json');
    const parsed = parseWorkspaceText(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error('fixture does not load');
    const r = whoCan(
      prepareWorkspace(parsed.value as Workspace),
      's3:DeleteObject',
      'arn:aws:s3:::qa-photos/private/x/y',
      { now: NOW, principals: false },
    );
    const viaGroup = r.allowed.filter((p) => p.identityClass.kind === 'token').map((p) => p.roleArn);
    expect(viaGroup).toEqual(['arn:aws:iam::123456789012:role/QaEditor', 'arn:aws:iam::123456789012:role/QaAdmin']);
    // The guest-only role is not a token path.
    expect(r.paths.filter((p) => p.identityClass.kind === 'token').map((p) => p.roleArn)).not.toContain(
      'arn:aws:iam::123456789012:role/QaGuest',
    );
  });
});

describe(`Token mapping in the diff (${RBAC})`, () => {
  it('listIdentityClasses includes the token-mapped roles, so a diff sees a change to a role only a group hands out', () => {
    const keys = listIdentityClasses(app(), { now: NOW, principals: false }).map((c) => c.key);
    expect(keys).toContain(`token-role:${POOL}:${UP}:${CLIENT}:${role('Editor')}`);
    expect(keys).not.toContain(`token-role:${POOL}:${UP}:${CLIENT}:${role('Guesty')}`);
    expect(keys).not.toContain(`token-role:${POOL}:${UP}:${CLIENT}:${role('Elsewhere')}`);
    const after = app({
      editorStatements: [
        {
          Sid: 'Edit',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: 'arn:aws:s3:::app-photos/*',
        },
      ],
    });
    const d = diffWorkspaces(app(), after, { now: NOW, services: ['s3'] });
    const change = d.classes.find((c) => c.key === `token-role:${POOL}:${UP}:${CLIENT}:${role('Editor')}`);
    expect(change?.gained.map((g) => g.action)).toEqual(['s3:DeleteObject']);
  });
});
