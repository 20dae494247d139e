import { describe, expect, it } from 'vitest';
import {
  deriveIdentityId,
  GUEST_SCOPE_DOWN,
  guestSessionPolicies,
  resolveIdentity,
  SCOPE_DOWN_IDS,
} from '../../../../policy-engine/cognito/index';
import { resolveIdentityWith } from '../../../../policy-engine/cognito/resolve-identity';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateAs } from '../../../../policy-engine/evaluate/index';
import type { TrustAnswer } from '../../../../policy-engine/cognito/trust';
import {
  ACCOUNT,
  CLIENT,
  cognitoTrust,
  defaultRoles,
  idClaims,
  NOW,
  pool,
  POOL_ID,
  role,
  roleArn,
  USER_POOL,
  workspace,
} from './helpers';

const IAM_ROLES = 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html';

describe(`the Cognito role session (SEMANTICS §A5; ${IAM_ROLES})`, () => {
  const pw = prepareWorkspace(workspace());
  it('session ARN, session name, aws:userid = ROLEID:CognitoIdentityCredentials, FederatedProvider, sub/aud/amr', () => {
    const r = resolveIdentity(
      pw,
      { identityPoolId: POOL_ID, provider: USER_POOL, claims: idClaims(), identityId: 'us-east-1:abc' },
      { now: NOW },
    );
    const auth = defaultRoles()[0];
    expect(r.principal).toMatchObject({
      kind: 'roleSession',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AppAuth/CognitoIdentityCredentials`,
      accountId: ACCOUNT,
      roleArn: roleArn('AppAuth'),
      sessionName: 'CognitoIdentityCredentials',
      sessionPolicies: [],
    });
    expect(r.principal?.context).toEqual({
      'cognito-identity.amazonaws.com:sub': 'us-east-1:abc',
      'cognito-identity.amazonaws.com:aud': POOL_ID,
      'cognito-identity.amazonaws.com:amr': [
        'authenticated',
        USER_POOL,
        `${USER_POOL}:CognitoSignIn:${idClaims().sub as string}`,
      ],
      'aws:FederatedProvider': 'cognito-identity.amazonaws.com',
      'aws:userid': `${auth.RoleId}:CognitoIdentityCredentials`,
    });
  });

  it('authenticated identities get no scope-down session policy (aws-rum-web#172: "For authenticated identities, this does not apply")', () => {
    const r = resolveIdentity(pw, { identityPoolId: POOL_ID, provider: USER_POOL, claims: idClaims() }, { now: NOW });
    expect(r.principal?.sessionPolicies).toEqual([]);
    expect(r.assumptions.map((a) => a.id)).not.toContain('guestScopeDown');
  });

  it('the session ARN drops the role path (assumed-role ARNs carry the name only)', () => {
    const roles = [
      role(
        'AppAuth',
        cognitoTrust('authenticated'),
        {},
        { Arn: `arn:aws:iam::${ACCOUNT}:role/mobile/AppAuth`, Path: '/mobile/' },
      ),
    ];
    const p = pool({ Roles: { authenticated: `arn:aws:iam::${ACCOUNT}:role/mobile/AppAuth` } });
    const r = resolveIdentity(
      prepareWorkspace(workspace(p, roles)),
      { identityPoolId: POOL_ID, provider: USER_POOL, claims: idClaims() },
      { now: NOW },
    );
    expect(r.principal?.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/AppAuth/CognitoIdentityCredentials`);
  });

  it('[AMBIG] settings.guestSubPresent=false leaves cognito-identity.amazonaws.com:sub out of guest sessions', () => {
    const on = resolveIdentity(pw, { identityPoolId: POOL_ID }, { now: NOW });
    expect(on.principal?.context?.['cognito-identity.amazonaws.com:sub']).toBe(on.identityId);
    const off = resolveIdentity(
      prepareWorkspace(workspace(pool(), defaultRoles(), { settings: { guestSubPresent: false } })),
      { identityPoolId: POOL_ID },
      { now: NOW },
    );
    expect(off.principal?.context && 'cognito-identity.amazonaws.com:sub' in off.principal.context).toBe(false);
  });

  it('[AMBIG] a guest trust policy conditioned on sub lists the guestSubPresent assumption', () => {
    const roles = [
      role('AppAuth', cognitoTrust('authenticated')),
      role(
        'AppGuest',
        cognitoTrust('unauthenticated', {
          extra: { StringLike: { 'cognito-identity.amazonaws.com:sub': 'us-east-1:*' } },
        }),
      ),
    ];
    const r = resolveIdentity(prepareWorkspace(workspace(pool(), roles)), { identityPoolId: POOL_ID }, { now: NOW });
    expect(r.resolution.trust).toBe('allowed');
    expect(r.assumptions.map((a) => a.id).sort()).toEqual(['guestScopeDown', 'guestSubPresent']);
  });
});

describe('identity ids', () => {
  it('a given identity id is echoed', () => {
    const r = resolveIdentity(
      prepareWorkspace(workspace()),
      { identityPoolId: POOL_ID, identityId: 'us-east-1:given' },
      { now: NOW },
    );
    expect(r.identityId).toBe('us-east-1:given');
  });
  it('otherwise a stable REGION:GUID derived from pool, provider and user; different users differ', () => {
    const a = deriveIdentityId(POOL_ID, USER_POOL, { sub: 'u1', exp: 1 });
    expect(a).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveIdentityId(POOL_ID, USER_POOL, { sub: 'u1', exp: 2 })).toBe(a);
    expect(deriveIdentityId(POOL_ID, USER_POOL, { sub: 'u2' })).not.toBe(a);
    expect(deriveIdentityId('eu-west-1:0000', USER_POOL, { sub: 'u1' })).toMatch(/^eu-west-1:/);
  });
  it('the derived id is what the session uses for ${cognito-identity.amazonaws.com:sub}, end to end', () => {
    const prefix = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/*',
        },
      ],
    };
    const roles = [
      role('AppAuth', cognitoTrust('authenticated'), { Own: prefix }),
      role('AppGuest', cognitoTrust('unauthenticated')),
    ];
    const pw = prepareWorkspace(workspace(pool(), roles));
    const r = resolveIdentity(pw, { identityPoolId: POOL_ID, provider: USER_POOL, claims: idClaims() }, { now: NOW });
    expect(r.notes.join(' ')).toContain(r.identityId);
    const own = evaluateAs(
      pw,
      r.principal!,
      { action: 's3:GetObject', resource: `arn:aws:s3:::files/${r.identityId}/a` },
      { now: NOW },
    );
    expect(own.decision).toBe('allowed');
  });
});

describe(`guest scope-down data (${IAM_ROLES}; AmazonCognitoUnAuthedIdentitiesSessionPolicy v3)`, () => {
  const actions = (doc: object) => (doc as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
  it('the inline policy allows S3 and DynamoDB on *; the managed v3 list has neither', () => {
    expect(actions(GUEST_SCOPE_DOWN.inline)).toEqual(expect.arrayContaining(['s3:*', 'dynamodb:*']));
    expect(actions(GUEST_SCOPE_DOWN.managed).some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:'))).toBe(false);
    expect(actions(GUEST_SCOPE_DOWN.managed)).toContain('rum:PutRumEvents');
    expect(GUEST_SCOPE_DOWN.managedPolicyArn).toBe(
      'arn:aws:iam::aws:policy/AmazonCognitoUnAuthedIdentitiesSessionPolicy',
    );
  });
  it('inline-or-managed (default): one session policy whose statements are the union', () => {
    const sd = guestSessionPolicies(undefined);
    expect(sd.policies.map((p) => p.policyId)).toEqual([SCOPE_DOWN_IDS.combined]);
    expect(actions(sd.policies[0].document as object)).toEqual([
      ...actions(GUEST_SCOPE_DOWN.inline),
      ...actions(GUEST_SCOPE_DOWN.managed),
    ]);
  });
  it('inline-and-managed: one policy with the actions both allow (S3 out, Polly in, RUM out)', () => {
    const sd = guestSessionPolicies({ guestScopeDown: 'inline-and-managed' });
    const acts = actions(sd.policies[0].document as object);
    expect(acts).toContain('polly:*');
    expect(acts).toContain('geo:*Geofence');
    expect(acts).not.toContain('s3:*');
    expect(acts).not.toContain('rum:PutRumEvents');
  });
  it('custom policies that are not plain Allow-on-* lists fall back to two policies, with a note', () => {
    const custom = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::x/*' }],
    };
    const sd = guestSessionPolicies({ guestScopeDown: 'inline-and-managed', scopeDownPolicies: { inline: custom } });
    expect(sd.policies.map((p) => p.policyId)).toEqual([SCOPE_DOWN_IDS.inline, SCOPE_DOWN_IDS.managed]);
    expect(sd.notes[0]).toMatch(/could not be built/);
  });
  it('an unknown scopeDownVersion falls back to the shipped one, with a note; "off" passes none', () => {
    expect(guestSessionPolicies({ scopeDownVersion: '1999-01-01' }).notes[0]).toMatch(/not shipped/);
    expect(guestSessionPolicies({ guestScopeDown: 'off' }).policies).toEqual([]);
  });
  it('custom scope-down given as a JSON string is combined too', () => {
    const sd = guestSessionPolicies({
      scopeDownPolicies: {
        managed: JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
        }),
      },
    });
    expect(actions(sd.policies[0].document as object)).toContain('sqs:*');
  });
});

describe('bad input never throws', () => {
  const pw = prepareWorkspace(workspace());
  it.each([
    ['no identity', undefined],
    ['no pool id', { provider: USER_POOL }],
    ['provider not a string', { identityPoolId: POOL_ID, provider: 42 }],
    [
      '__proto__ claims',
      {
        identityPoolId: POOL_ID,
        provider: USER_POOL,
        claims: JSON.parse('{"__proto__":{"x":1},"sub":"s","aud":"' + CLIENT + '"}'),
      },
    ],
  ])('%s', (_name, identity) => {
    const r = resolveIdentity(pw, identity as never, { now: NOW });
    expect(r.resolution).toBeDefined();
    expect(['role', 'denied']).toContain(r.resolution.outcome);
  });
  it('a trust evaluator is only asked about roles the workspace holds', () => {
    const asked: string[] = [];
    const fake = (arn: string): TrustAnswer => {
      asked.push(arn);
      return { decision: 'allowed', matchedStatements: [], statements: [], missingContextKeys: [] };
    };
    const ws = workspace(pool({ Roles: { authenticated: roleArn('Nope') } }));
    const r = resolveIdentityWith(
      ws,
      { identityPoolId: POOL_ID, provider: USER_POOL, claims: idClaims() },
      { now: NOW },
      fake,
    );
    expect(asked).toEqual([]);
    expect(r.resolution.error?.code).toBe('InvalidIdentityPoolConfigurationException');
  });
});

// https://docs.aws.amazon.com/cognito/latest/developerguide/developer-authenticated-identities.html
describe('developer-authenticated identities', () => {
  it("the Logins key cognito-identity.amazonaws.com stands for the pool's developer provider and gets the authenticated role", () => {
    const pw = prepareWorkspace(workspace(pool({ DeveloperProviderName: 'login.myapp' })));
    const r = resolveIdentity(
      pw,
      { identityPoolId: POOL_ID, provider: 'cognito-identity.amazonaws.com', claims: { sub: 'dev-user' } },
      { now: NOW },
    );
    expect(r.roleArn).toBe(roleArn('AppAuth'));
    expect(r.principal?.context?.['cognito-identity.amazonaws.com:amr']).toEqual(['authenticated', 'login.myapp']);
  });
});
