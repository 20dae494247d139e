/**
 * The ID token Rolecall builds for a user-pool user (CONTRACT §2 `identity.user`), then the role Cognito picks from it.
 * Claims: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 * Groups, cognito:roles, cognito:preferred_role and Precedence: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 * Which attributes an app client reads: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
import { describe, expect, it } from 'vitest';
import { buildIdToken, preferredRole } from '../../../../policy-engine/userpool/index';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { UserPoolUserInput } from '../../../../policy-engine/model/request';
import type { UserPoolGroup } from '../../../../policy-engine/model/workspace';
import { CLIENT_ID, IDENTITY_POOL_ID, POOL_ID, PROVIDER, role, userPoolWorkspace } from './helpers';

const now = new Date('2026-06-01T12:00:00Z');
const epoch = Math.floor(now.getTime() / 1000);
const user = (extra: Partial<UserPoolUserInput> = {}): UserPoolUserInput => ({
  userPoolId: POOL_ID,
  clientId: CLIENT_ID,
  username: 'alice',
  ...extra,
});

function built(u: UserPoolUserInput, ws = userPoolWorkspace()) {
  const r = buildIdToken(ws, u, now);
  if (!r.ok) throw new Error(`expected a token, got ${r.error.message}`);
  return r;
}

describe('the ID token claims (amazon-cognito-user-pools-using-the-id-token.html)', () => {
  it('carries iss, aud, sub, cognito:username, token_use "id", auth_time/iat and exp after IdTokenValidity', () => {
    const t = built(user()).claims;
    expect(t.iss).toBe(`https://${PROVIDER}`);
    expect(t.aud).toBe(CLIENT_ID);
    expect(t['cognito:username']).toBe('alice');
    expect(t.token_use).toBe('id');
    expect(t.auth_time).toBe(epoch);
    expect(t.iat).toBe(epoch);
    // The fixture client: IdTokenValidity 60 with TokenValidityUnits.IdToken "minutes".
    expect(t.exp).toBe(epoch + 3600);
    expect(t.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(built(user()).claims.sub).toBe(t.sub);
    expect(built(user({ username: 'bob' })).claims.sub).not.toBe(t.sub);
    expect(t).not.toHaveProperty('cognito:groups');
  });

  it('an ID token validity in hours (TokenValidityUnits absent: hours) sets exp', () => {
    const ws = userPoolWorkspace();
    const c = ws.userPools![0].Clients![0];
    c.IdTokenValidity = 5;
    delete c.TokenValidityUnits;
    expect(buildIdToken(ws, user(), now)).toMatchObject({ ok: true, claims: { exp: epoch + 5 * 3600 } });
  });

  it('email_verified and phone_number_verified are booleans; absent ones follow AutoVerifiedAttributes', () => {
    const t = built(user({ attributes: { email: 'alice@example.com', phone_number: '+15555550100' } }));
    // The fixture pool verifies email automatically, not phone_number.
    expect(t.claims).toMatchObject({
      email: 'alice@example.com',
      email_verified: true,
      phone_number: '+15555550100',
      phone_number_verified: false,
    });
    expect(built(user({ attributes: { email: 'a@example.com', email_verified: 'false' } })).claims.email_verified).toBe(
      false,
    );
    expect(t.notes.join(' ')).toMatch(/email_verified was not given; the pool verifies email automatically/);
  });
});

describe('attributes the client may read (user-pool-settings-attributes.html)', () => {
  it("the token carries only attributes in the client's ReadAttributes and says which it left out", () => {
    const t = built(user({ attributes: { 'custom:tenant': 't1', name: 'Alice', nickname: 'ally' } }));
    expect(t.claims).toMatchObject({ 'custom:tenant': 't1', name: 'Alice' });
    expect(t.claims).not.toHaveProperty('nickname');
    expect(t.notes.join(' ')).toMatch(/cannot read nickname \(not in its ReadAttributes\)/);
  });

  it('a client without ReadAttributes reads the standard attributes and the verification flags, not custom ones', () => {
    const ws = userPoolWorkspace();
    delete ws.userPools![0].Clients![0].ReadAttributes;
    const t = built(user({ attributes: { 'custom:tenant': 't1', nickname: 'ally', email: 'a@example.com' } }), ws);
    expect(t.claims).toMatchObject({ nickname: 'ally', email: 'a@example.com', email_verified: true });
    expect(t.claims).not.toHaveProperty('custom:tenant');
    expect(t.notes.join(' ')).toMatch(/it has no ReadAttributes: AWS lets it read the standard attributes/);
  });
});

describe('groups, cognito:roles and cognito:preferred_role (cognito-user-pools-user-groups.html)', () => {
  it('lists every group, every group role, and the role of the lowest Precedence as preferred', () => {
    const t = built(user({ groups: ['editors', 'admins', 'beta'] })).claims;
    expect(t['cognito:groups']).toEqual(['editors', 'admins', 'beta']);
    expect(t['cognito:roles']).toEqual([role('NotesEditor'), role('NotesAdmin')]);
    expect(t['cognito:preferred_role']).toBe(role('NotesAdmin'));
  });

  const g = (GroupName: string, Precedence: number | undefined, RoleArn?: string): UserPoolGroup => ({
    GroupName,
    ...(Precedence !== undefined ? { Precedence } : {}),
    ...(RoleArn ? { RoleArn } : {}),
  });

  it('a tie at the best Precedence: the shared role if the roles agree, no claim if they differ', () => {
    expect(preferredRole([g('a', 1, role('X')), g('b', 1, role('X')), g('c', 5, role('Y'))], undefined).role).toBe(
      role('X'),
    );
    const tie = preferredRole([g('a', 1, role('X')), g('b', 1, role('Y')), g('c', 5, role('Z'))], undefined);
    expect(tie.role).toBeUndefined();
    expect(tie.why).toMatch(/tie at Precedence 1 with different roles/);
  });

  it('a group without Precedence loses to any number', () => {
    expect(preferredRole([g('a', undefined, role('X')), g('b', 99, role('Y'))], undefined).role).toBe(role('Y'));
  });

  it('groups without a role: the setting preferredRoleFrom decides, and the answer lists it as an assumption', () => {
    const groups = [g('top', 0), g('next', 3, role('Y'))];
    expect(preferredRole(groups, undefined)).toMatchObject({ role: role('Y'), dependsOnSetting: true });
    expect(preferredRole(groups, { preferredRoleFrom: 'bestGroup' })).toMatchObject({
      role: undefined,
      dependsOnSetting: true,
    });
    expect(preferredRole([g('top', 0, role('X')), g('next', 3)], undefined).dependsOnSetting).toBe(false);

    const ws = userPoolWorkspace();
    ws.userPools![0].Groups!.find((x) => x.GroupName === 'beta')!.Precedence = 0;
    ws.userPools![0].Groups!.find((x) => x.GroupName === 'admins')!.Precedence = 5;
    const answer = evaluateRequest(
      prepareWorkspace(ws),
      {
        identity: { identityPoolId: IDENTITY_POOL_ID, user: user({ groups: ['beta', 'admins'] }) },
        action: 'dynamodb:DeleteItem',
        resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
      },
      { now },
    );
    expect(answer.assumptions.map((a) => a.id)).toContain('preferredRoleFrom');
    expect(answer.roleArn).toBe(role('NotesAdmin'));
    const ws2 = { ...ws, settings: { preferredRoleFrom: 'bestGroup' as const } };
    const answer2 = evaluateRequest(
      prepareWorkspace(ws2),
      {
        identity: { identityPoolId: IDENTITY_POOL_ID, user: user({ groups: ['beta', 'admins'] }) },
        action: 'dynamodb:DeleteItem',
        resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
      },
      { now },
    );
    // No preferred role, one role in cognito:roles: Rolecall's documented single-role assumption picks it.
    expect(answer2.token).not.toHaveProperty('cognito:preferred_role');
    expect(answer2.assumptions.map((a) => a.id)).toEqual(
      expect.arrayContaining(['preferredRoleFrom', 'tokenSingleRoleWithoutPreferred']),
    );
  });
});

describe('the user form resolves the role as Cognito does, and the answer shows the token', () => {
  const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
  const ask = (u: UserPoolUserInput, mapping: 'Token' | 'Rules' | 'none' = 'Token', action = 'dynamodb:PutItem') =>
    evaluateRequest(
      prepareWorkspace(userPoolWorkspace(mapping)),
      { identity: { identityPoolId: IDENTITY_POOL_ID, user: u }, action, resource: table },
      { now },
    );

  it("Token mapping: an editor gets the editors' role and may write", () => {
    const a = ask(user({ groups: ['editors'] }));
    expect(a).toMatchObject({ decision: 'allowed', roleArn: role('NotesEditor'), resolution: { source: 'token' } });
    expect(a.token).toMatchObject({
      'cognito:groups': ['editors'],
      'cognito:preferred_role': role('NotesEditor'),
      aud: CLIENT_ID,
      iss: `https://${PROVIDER}`,
    });
    expect(a.resolution?.trace?.[0].message).toMatch(/Built the ID token of user alice/);
  });

  it('Rules mapping on custom:tenant reads the attribute from the token', () => {
    expect(ask(user({ attributes: { 'custom:tenant': 'staff' } }), 'Rules', 'dynamodb:DeleteItem')).toMatchObject({
      decision: 'allowed',
      roleArn: role('NotesAdmin'),
      resolution: { source: 'rule', ruleIndex: 0 },
    });
    expect(ask(user({ attributes: { 'custom:tenant': 'acme' } }), 'Rules', 'dynamodb:DeleteItem')).toMatchObject({
      decision: 'implicitDeny',
      roleArn: role('NotesUser'),
    });
  });

  it("no group: the default authenticated role through Token mapping's AmbiguousRoleResolution", () => {
    expect(ask(user(), 'Token', 'dynamodb:GetItem')).toMatchObject({ decision: 'allowed', roleArn: role('NotesUser') });
  });
});

describe('bad input names the field', () => {
  const bad = (u: UserPoolUserInput) => {
    const r = buildIdToken(userPoolWorkspace(), u, now);
    if (r.ok) throw new Error('expected an error');
    return r.error;
  };
  it('a group the pool does not have', () => {
    expect(bad(user({ groups: ['editors', 'admin'] }))).toEqual({
      path: ['user', 'groups', 1],
      message: `user pool ${POOL_ID} has no group "admin" (its groups: admins, editors, beta); did you mean "admins"?`,
    });
  });
  it('an attribute the schema lacks, with the custom: hint', () => {
    expect(bad(user({ attributes: { tenant: 't1' } }))).toMatchObject({
      path: ['user', 'attributes', 'tenant'],
      message: expect.stringMatching(/has no attribute "tenant".*did you mean "custom:tenant"\?/),
    });
    expect(bad(user({ attributes: { 'custom:tenent': 't1' } }))).toMatchObject({
      path: ['user', 'attributes', 'custom:tenent'],
      message: expect.stringMatching(/did you mean "custom:tenant"/),
    });
    expect(bad(user({ attributes: { email_verified: 'yes' } }))).toMatchObject({
      path: ['user', 'attributes', 'email_verified'],
      message: 'email_verified must be "true" or "false"',
    });
  });
  it('a client of another pool, an unknown client, an unknown pool', () => {
    const ws = userPoolWorkspace();
    ws.userPools!.push({
      UserPool: { Id: 'us-east-1_Other0001' },
      Clients: [{ ClientId: 'otherclient0000000000001', UserPoolId: 'us-east-1_Other0001' }],
    });
    const r = buildIdToken(ws, user({ clientId: 'otherclient0000000000001' }), now);
    expect(r).toEqual({
      ok: false,
      error: {
        path: ['user', 'clientId'],
        message: `app client otherclient0000000000001 belongs to user pool us-east-1_Other0001, not to ${POOL_ID}`,
      },
    });
    expect(bad(user({ clientId: 'nope' }))).toMatchObject({
      path: ['user', 'clientId'],
      message: expect.stringMatching(/is not an app client of user pool/),
    });
    expect(bad(user({ userPoolId: 'us-east-1_Ex4mpLe9O' }))).toMatchObject({
      path: ['user', 'userPoolId'],
      message: expect.stringMatching(/did you mean "us-east-1_Ex4mpLe9Q"/),
    });
  });
  it('evaluate answers with an error naming identity.user.<field>, not a silent guest', () => {
    const a = evaluateRequest(
      prepareWorkspace(userPoolWorkspace()),
      {
        identity: { identityPoolId: IDENTITY_POOL_ID, user: user({ groups: ['nobody'] }) },
        action: 'dynamodb:GetItem',
        resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
      },
      { now },
    );
    expect(a.error).toMatchObject({ code: 'request.identity', path: ['identity', 'user', 'groups', 0] });
    expect(a.decision).toBe('noCredentials');
  });
});
