/**
 * The identity picker's "user of the pool" form: what it offers for a user pool and what it sends (identity.user).
 * Which attributes a client reads and writes: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 * (ReadAttributes / WriteAttributes; absent ReadAttributes = the standard attributes and the verification flags).
 * Groups, Precedence and their roles: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 * The ID token it shows: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UserPoolEntry, Workspace } from '../../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../../renderer/src/engine/engine-core';
import { claimsToRows, rowsToClaims } from '../../../../../renderer/src/features/identity/claims';
import { listIdentityClasses } from '../../../../../policy-engine/analysis/identity-classes';
import { prepareWorkspace } from '../../../../../policy-engine/evaluate/prepare';
import {
  attributeFields,
  blankUserForm,
  clientChoices,
  decidingSteps,
  fieldOfError,
  formOfClass,
  groupChoices,
  inputTypeOf,
  userInputOf,
  userPoolOfProvider,
  type UserForm,
} from '../../../../../renderer/src/features/identity/user-form';
import { defaultForm, identityOf } from '../../../../../renderer/src/features/workbench/session-store';
import {
  CLIENT_ID,
  POOL_ID,
  PROVIDER,
  userPoolEntry,
  userPoolWorkspace,
} from '../../../policy-engine/userpool/helpers';

const demo = JSON.parse(
  readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const DEMO_POOL = 'us-east-1_Demo1234';
const DEMO_PROVIDER = `cognito-idp.us-east-1.amazonaws.com/${DEMO_POOL}`;
const DEMO_CLIENT = '4pq2demo0client0id0000001';
const now = new Date('2026-11-27T12:00:00Z');

const form = (patch: Partial<UserForm> = {}): UserForm => ({
  clientId: DEMO_CLIENT,
  username: 'alice',
  groups: [],
  otherGroups: '',
  attributes: {},
  otherAttributes: [],
  ...patch,
});

/** The demo's identity form switched to "a user of the pool", as the picker does. */
function demoIdentity(user: UserForm) {
  const base = defaultForm(demo);
  expect(base.provider).toBe(DEMO_PROVIDER);
  return identityOf({ ...base, claimsMode: 'user', user }, rowsToClaims);
}

function resolveDemo(user: UserForm) {
  const core = createEngineCore();
  core.load(demo, true);
  return core.resolve(demoIdentity(user), now);
}

describe('what the form offers for a user pool', () => {
  it('finds the pool behind a user-pool Logins key, and none for another provider or a pool the workspace lacks', () => {
    expect(userPoolOfProvider(demo, DEMO_PROVIDER)?.UserPool.Id).toBe(DEMO_POOL);
    expect(userPoolOfProvider(demo, 'accounts.google.com')).toBeUndefined();
    expect(userPoolOfProvider(demo, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other999')).toBeUndefined();
    expect(userPoolOfProvider(null, DEMO_PROVIDER)).toBeUndefined();
  });

  it('offers the app clients, those the identity pool lists first and marked', () => {
    const entry: UserPoolEntry = {
      ...userPoolEntry(),
      Clients: [
        { ClientId: 'zzunlisted0client', ClientName: 'backoffice', UserPoolId: POOL_ID },
        ...(userPoolEntry().Clients ?? []),
      ],
    };
    const choices = clientChoices(entry, [CLIENT_ID]);
    expect(choices.map((c) => [c.clientId, c.listed])).toEqual([
      [CLIENT_ID, true],
      ['zzunlisted0client', false],
    ]);
    expect(choices[1].label).toBe('backoffice (zzunlisted0client)');
    expect(blankUserForm(entry, [CLIENT_ID]).clientId).toBe(CLIENT_ID);
  });

  it('offers the groups lowest Precedence first (groups without one last), each with its role or none', () => {
    expect(groupChoices(userPoolEntry())).toEqual([
      expect.objectContaining({ name: 'admins', precedence: 0, roleArn: 'arn:aws:iam::123456789012:role/NotesAdmin' }),
      expect.objectContaining({
        name: 'editors',
        precedence: 10,
        roleArn: 'arn:aws:iam::123456789012:role/NotesEditor',
      }),
      expect.objectContaining({ name: 'beta', precedence: null, roleArn: null }),
    ]);
  });

  it("offers only the attributes the client may read or write, with the schema's type and whether users write them", () => {
    const entry = userPoolEntry();
    const fields = attributeFields(entry, entry.Clients![0]);
    // The fixture client: ReadAttributes custom:plan, custom:tenant, email, email_verified, name, phone_number,
    // phone_number_verified; WriteAttributes custom:tenant, email, name, phone_number. custom:plan is not Mutable.
    expect(fields.map((f) => f.name).sort()).toEqual(
      [
        'custom:plan',
        'custom:tenant',
        'email',
        'email_verified',
        'name',
        'phone_number',
        'phone_number_verified',
      ].sort(),
    );
    const by = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(by['custom:tenant']).toMatchObject({ readable: true, writable: true, dataType: 'String' });
    expect(by['custom:plan']).toMatchObject({ readable: true, writable: false });
    expect(by.email_verified).toMatchObject({ readable: true, writable: false, dataType: 'Boolean' });
    expect(fields.some((f) => f.name === 'sub' || f.name === 'given_name')).toBe(false);
    expect(inputTypeOf(by.email_verified.dataType)).toBe('boolean');
  });

  it('shows an attribute the client writes but cannot read as such (it never reaches the token)', () => {
    const entry = userPoolEntry();
    const client = { ...entry.Clients![0], ReadAttributes: ['email'], WriteAttributes: ['email', 'custom:tenant'] };
    const by = Object.fromEntries(attributeFields(entry, client).map((f) => [f.name, f]));
    expect(Object.keys(by).sort()).toEqual(['custom:tenant', 'email']);
    expect(by['custom:tenant']).toMatchObject({ readable: false, writable: true });
  });

  it('without ReadAttributes offers the standard attributes and flags (AWS default), no custom ones, Number typed', () => {
    const entry = userPoolEntry();
    const client = { ...entry.Clients![0], ReadAttributes: undefined, WriteAttributes: undefined };
    const fields = attributeFields(entry, client);
    const names = fields.map((f) => f.name);
    expect(names).toContain('given_name');
    expect(names).toContain('phone_number_verified');
    expect(names.some((n) => n.startsWith('custom:'))).toBe(false);
    expect(inputTypeOf(fields.find((f) => f.name === 'updated_at')!.dataType)).toBe('number');
    expect(attributeFields(entry, undefined)).toEqual([]);
  });
});

describe('what the form sends', () => {
  it('becomes identity.user: checked and typed groups once each, non-empty fields, named attributes', () => {
    expect(
      userInputOf(
        form({
          username: ' alice ',
          groups: ['beta'],
          otherGroups: 'admins, beta ,',
          attributes: { email: 'a@example.com', name: '' },
          otherAttributes: [
            { name: ' custom:dept ', value: 'ops' },
            { name: '', value: 'ignored' },
          ],
        }),
        DEMO_POOL,
      ),
    ).toEqual({
      userPoolId: DEMO_POOL,
      clientId: DEMO_CLIENT,
      username: 'alice',
      groups: ['beta', 'admins'],
      attributes: { email: 'a@example.com', 'custom:dept': 'ops' },
    });
  });

  it('is sent only in "user" mode with a user-pool provider; the claims rows otherwise', () => {
    const base = defaultForm(demo);
    const asUser = identityOf({ ...base, claimsMode: 'user', user: form() }, rowsToClaims);
    expect(asUser.user?.userPoolId).toBe(DEMO_POOL);
    expect(asUser.claims).toBeUndefined();
    const asClaims = identityOf({ ...base, user: form() }, rowsToClaims);
    expect(asClaims.user).toBeUndefined();
    expect(asClaims.claims).toBeDefined();
  });
});

describe('the demo user through the engine, as the picker shows it', () => {
  it('admins: the built token carries the group and its role; rule 0 gives AppAdmin and says why', () => {
    const r = resolveDemo(form({ groups: ['admins'], attributes: { email: 'alice@example.com' } }));
    expect(r.inputError).toBeUndefined();
    expect(r.token).toMatchObject({
      iss: `https://${DEMO_PROVIDER}`,
      aud: DEMO_CLIENT,
      'cognito:username': 'alice',
      'cognito:groups': ['admins'],
      'cognito:preferred_role': 'arn:aws:iam::123456789012:role/AppAdmin',
      email: 'alice@example.com',
      // AutoVerifiedAttributes [email]: a confirmed user's email is verified.
      email_verified: true,
    });
    expect(r.roleArn).toBe('arn:aws:iam::123456789012:role/AppAdmin');
    const why = decidingSteps(r.resolution.source, r.resolution.trace ?? []);
    expect(why.map((s) => s.message)).toEqual([expect.stringContaining('Rule 0 (cognito:groups Contains "admins")')]);
  });

  it('beta (a group without a role): the default authenticated role, and the reason names it', () => {
    const r = resolveDemo(form({ groups: ['beta'] }));
    expect(r.roleArn).toBe('arn:aws:iam::123456789012:role/AppUser');
    expect(r.token?.['cognito:roles']).toBeUndefined();
    const why = decidingSteps(r.resolution.source, r.resolution.trace ?? []).map((s) => s.message);
    expect(why.join(' ')).toContain('authenticated role');
  });

  it('a Token mapping: the reason is the preferred role from the lowest Precedence group', () => {
    const ws = userPoolWorkspace('Token');
    const core = createEngineCore();
    core.load(ws, true);
    const user = userInputOf(form({ clientId: CLIENT_ID, groups: ['editors', 'admins'] }), POOL_ID);
    const r = core.resolve({ identityPoolId: ws.identityPools![0].IdentityPoolId, provider: PROVIDER, user }, now);
    expect(r.roleArn).toBe('arn:aws:iam::123456789012:role/NotesAdmin');
    const why = decidingSteps(r.resolution.source, r.resolution.trace ?? []).map((s) => s.message);
    expect(why[0]).toContain('the role of admins (Precedence 0');
    expect(
      why.some((m) => m.includes('cognito:preferred_role arn:aws:iam::123456789012:role/NotesAdmin is used')),
    ).toBe(true);
  });
});

describe('bad input lands next to its field', () => {
  const groupNames = () => groupChoices(demo.userPools![0]).map((g) => g.name);
  const offered = () => attributeFields(demo.userPools![0], demo.userPools![0].Clients![0]).map((f) => f.name);

  it('a group the pool does not have, typed among other groups, names that group', () => {
    const user = form({ groups: ['admins'], otherGroups: 'beta, staff' });
    const r = resolveDemo(user);
    expect(r.inputError?.path).toEqual(['user', 'groups', 2]);
    expect(r.inputError?.message).toContain('has no group "staff"');
    expect(r.roleArn).toBeNull();
    expect(fieldOfError(r.inputError!.path, userInputOf(user, DEMO_POOL), groupNames(), offered())).toEqual({
      field: 'group',
      name: 'staff',
      inPool: false,
    });
  });

  it('an attribute the schema lacks names the attribute (and suggests the custom: name)', () => {
    const user = form({ otherAttributes: [{ name: 'dept', value: 'ops' }] });
    const r = resolveDemo(user);
    expect(r.inputError?.path).toEqual(['user', 'attributes', 'dept']);
    expect(r.inputError?.message).toContain('did you mean "custom:dept"?');
    expect(fieldOfError(r.inputError!.path, userInputOf(user, DEMO_POOL), groupNames(), offered())).toEqual({
      field: 'attribute',
      name: 'dept',
      offered: false,
    });
  });

  it('a client of another pool names the client field and the pool it belongs to', () => {
    const other: UserPoolEntry = {
      UserPool: { Id: 'us-east-1_Other999', Name: 'other' },
      Clients: [{ ClientId: 'otherpool0client', UserPoolId: 'us-east-1_Other999' }],
    };
    const ws: Workspace = { ...demo, userPools: [...demo.userPools!, other] };
    const core = createEngineCore();
    core.load(ws, true);
    const user = form({ clientId: 'otherpool0client' });
    const r = core.resolve(demoIdentity(user), now);
    expect(r.inputError?.path).toEqual(['user', 'clientId']);
    expect(r.inputError?.message).toContain('belongs to user pool us-east-1_Other999');
    expect(fieldOfError(r.inputError!.path, userInputOf(user, DEMO_POOL), groupNames(), offered())).toEqual({
      field: 'clientId',
    });
  });

  it('an error elsewhere (not a user field) goes to the form as a whole', () => {
    expect(fieldOfError(['provider'], userInputOf(form(), DEMO_POOL), [], [])).toEqual({ field: 'form' });
    expect(fieldOfError(['user'], userInputOf(form(), DEMO_POOL), [], [])).toEqual({ field: 'form' });
  });
});

describe('an identity class as the form (the Access view\'s "Evaluate as an identity class")', () => {
  const classes = listIdentityClasses(prepareWorkspace(demo), { now, userPools: true });
  const asForm = (label: RegExp) => {
    const c = classes.find((x) => label.test(x.label));
    expect(c, `a class matching ${label}`).toBeDefined();
    return { ...defaultForm(demo), ...formOfClass(c!.subject, c!.provider, claimsToRows) };
  };

  it('members of group admins: a user of the pool in admins, which resolves to AppAdmin', () => {
    const f = asForm(/^members of group admins/);
    expect(f).toMatchObject({ claimsMode: 'user', provider: DEMO_PROVIDER, user: { groups: ['admins'] } });
    const core = createEngineCore();
    core.load(demo, true);
    expect(core.resolve(identityOf(f, rowsToClaims), now).roleArn).toBe('arn:aws:iam::123456789012:role/AppAdmin');
  });

  it('a claims class becomes its claim rows, and the form sends the same claims back', () => {
    const c = classes.find((x) => x.kind === 'rule')!;
    const f = { ...defaultForm(demo), ...formOfClass(c.subject, c.provider, claimsToRows) };
    expect(f.claimsMode).toBe('claims');
    expect(identityOf(f, rowsToClaims).claims).toEqual(c.subject.identity!.claims);
  });

  it('an IAM role class becomes the principal form; a guest class has no provider', () => {
    const role = classes.find((x) => x.kind === 'role')!;
    expect(formOfClass(role.subject, undefined, claimsToRows)).toEqual({
      kind: 'principal',
      principalArn: role.roleArn,
    });
    const guest = classes.find((x) => x.kind === 'guest')!;
    expect(formOfClass(guest.subject, guest.provider, claimsToRows)).toMatchObject({ kind: 'identity', provider: '' });
  });
});
