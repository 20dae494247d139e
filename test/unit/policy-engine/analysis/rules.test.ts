import { describe, expect, it } from 'vitest';
import { auditWorkspace } from '../../../../policy-engine/analysis/findings/index';
import { alwaysMatchesFirst, alwaysTrue } from '../../../../policy-engine/analysis/findings/rule-shadowed';
import { holdsWhenAbsent } from '../../../../policy-engine/analysis/findings/leadingkeys-scan-leak';
import { isUserSettableClaim } from '../../../../policy-engine/analysis/findings/rule-on-user-settable-claim';
import type { MappingRule } from '../../../../policy-engine/model/workspace';
import { NOW, cognitoTrust, prepareInline, roleWith } from './helpers';

const ACC = '111122223333';
const POOL = 'eu-west-1:11111111-2222-4333-8444-555555555555';
const role = (n: string) => `arn:aws:iam::${ACC}:role/${n}`;
const rule = (Claim: string, MatchType: MappingRule['MatchType'], Value: string, r = 'R'): MappingRule => ({
  Claim,
  MatchType,
  Value,
  RoleARN: role(r),
});

/** A pool without guests or providers, and roles; audited with the given rules only. */
function audit(
  ruleIds: string[],
  roles: unknown[],
  extra: Record<string, unknown> = {},
  pool: Record<string, unknown> = {},
) {
  const pw = prepareInline({
    region: 'eu-west-1',
    accountId: ACC,
    identityPools: [
      {
        IdentityPoolId: POOL,
        IdentityPoolName: 'p',
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: false,
        ...pool,
      },
    ],
    iam: { RoleDetailList: roles as never[] },
    resources: ['arn:aws:s3:::b/*', `arn:aws:dynamodb:eu-west-1:${ACC}:table/T`],
    ...extra,
  });
  return auditWorkspace(pw, { now: NOW, rules: ruleIds }).findings;
}

describe('rule-shadowed: which earlier rule always matches first', () => {
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html — rules are evaluated in order, first match wins.
  it.each([
    [rule('email', 'Equals', 'a@x.com'), rule('email', 'Equals', 'a@x.com'), true],
    [rule('custom:team', 'StartsWith', 'ops'), rule('custom:team', 'Equals', 'ops-east'), true],
    [rule('custom:team', 'StartsWith', 'ops'), rule('custom:team', 'StartsWith', 'ops-'), true],
    [rule('custom:team', 'StartsWith', 'ops-'), rule('custom:team', 'StartsWith', 'ops'), false],
    [rule('custom:team', 'Contains', 'ops'), rule('custom:team', 'Equals', 'devops'), true],
    [rule('custom:team', 'NotEqual', 'guest'), rule('custom:team', 'Equals', 'ops'), true],
    [rule('custom:team', 'Equals', 'ops'), rule('custom:dept', 'Equals', 'ops'), false],
    // cognito:groups is an array claim: Contains means "has the element" (SEMANTICS §A2.3 [AMBIG]), so substring reasoning does not apply.
    [rule('cognito:groups', 'Contains', 'ops'), rule('cognito:groups', 'Equals', 'devops'), false],
    [rule('cognito:groups', 'Contains', 'admins'), rule('cognito:groups', 'Contains', 'admins'), true],
  ])('%o before %o → %s', (earlier, later, expected) => {
    expect(alwaysMatchesFirst(earlier, later, true)).toBe(expected);
  });

  it('honours case-insensitive matching when the workspace asks for it', () => {
    expect(alwaysMatchesFirst(rule('custom:team', 'Equals', 'OPS'), rule('custom:team', 'Equals', 'ops'), true)).toBe(
      false,
    );
    expect(alwaysMatchesFirst(rule('custom:team', 'Equals', 'OPS'), rule('custom:team', 'Equals', 'ops'), false)).toBe(
      true,
    );
  });
});

describe('rule-shadowed: an earlier rule that every token of the mapping satisfies', () => {
  // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html — an ID
  // token's aud is the app client id and its iss https://cognito-idp.<region>.amazonaws.com/<userPoolId>; the mapping
  // key names that client (https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html).
  const KEY = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123:client1';
  it.each([
    [rule('aud', 'Equals', 'client1'), true],
    [rule('aud', 'StartsWith', 'client'), true],
    [rule('aud', 'NotEqual', 'client2'), true],
    [rule('aud', 'Equals', 'client2'), false],
    [rule('iss', 'Equals', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123'), true],
    [rule('token_use', 'Equals', 'id'), true],
    [rule('email', 'Equals', 'client1'), false],
  ])('%o is always true: %s', (r, expected) => {
    expect(alwaysTrue(r, KEY, true) !== null).toBe(expected);
    expect(alwaysTrue(r, 'accounts.google.com', true)).toBeNull();
  });

  it('reports every later rule, on any claim, as shadowed by it', () => {
    const pw = prepareInline({
      region: 'eu-west-1',
      accountId: ACC,
      identityPools: [
        {
          IdentityPoolId: POOL,
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [{ ProviderName: KEY.split(':')[0], ClientId: 'client1' }],
          RoleMappings: {
            [KEY]: {
              Type: 'Rules',
              AmbiguousRoleResolution: 'Deny',
              RulesConfiguration: {
                Rules: [
                  rule('aud', 'Equals', 'client1', 'User'),
                  rule('cognito:groups', 'Contains', 'admins', 'Admin'),
                ],
              },
            },
          },
        },
      ],
    });
    const found = auditWorkspace(pw, { now: NOW, rules: ['rule-shadowed'] }).findings;
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('medium');
    expect(found[0].message).toMatch(/^Rule 1 .* can never apply: rule 0 \(aud Equals "client1"\) matches every user/);
  });
});

describe('condition helpers', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html — ForAllValues is true for a missing key; ForAnyValue false.
  it.each([
    ['ForAllValues:StringEquals', ['x'], true],
    ['ForAnyValue:StringEquals', ['x'], false],
    ['StringEquals', ['x'], false],
    ['StringEqualsIfExists', ['x'], true],
    ['StringNotEquals', ['x'], true],
    ['Null', ['true'], true],
    ['Null', ['false'], false],
  ])('%s holds when the key is absent: %s', (operator, values, expected) => {
    expect(holdsWhenAbsent({ operator, key: 'dynamodb:LeadingKeys', values, path: '' })).toBe(expected);
  });

  it('knows which claims a user-pool user can set themselves', () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
    for (const c of ['email', 'name', 'preferred_username', 'custom:tier']) expect(isUserSettableClaim(c)).toBe(true);
    for (const c of ['sub', 'cognito:groups', 'aud', 'cognito:username']) expect(isUserSettableClaim(c)).toBe(false);
  });
});

describe('trust rules on small workspaces', () => {
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
  const withCondition = (cond: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: cond,
      },
    ],
  });

  it('ForAnyValue:StringLike on amr is fine; StringLike is single-valued and flagged', () => {
    expect(
      audit(['trust-amr-single-valued'], [roleWith(ACC, 'Good', cognitoTrust(POOL, 'authenticated'), [])]),
    ).toEqual([]);
    const bad = audit(
      ['trust-amr-single-valued'],
      [
        roleWith(
          ACC,
          'Bad',
          withCondition({
            StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL },
            StringLike: { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          }),
          [],
        ),
      ],
    );
    expect(bad.map((f) => f.location.arn)).toEqual([role('Bad')]);
  });

  it('a wildcard aud is flagged unless another aud condition pins the pool', () => {
    const wild = audit(
      ['trust-wildcard-aud', 'trust-missing-aud'],
      [
        roleWith(
          ACC,
          'Wild',
          withCondition({
            StringLike: { 'cognito-identity.amazonaws.com:aud': '*' },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          }),
          [],
        ),
      ],
    );
    expect(wild.map((f) => f.ruleId)).toEqual(['trust-wildcard-aud']);
    const pinned = audit(
      ['trust-wildcard-aud'],
      [
        roleWith(
          ACC,
          'Pinned',
          withCondition({
            StringLike: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:*' },
            StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL },
          }),
          [],
        ),
      ],
    );
    expect(pinned).toEqual([]);
  });

  it('a negated aud condition does not pin the pool: trust-missing-aud', () => {
    const f = audit(
      ['trust-missing-aud'],
      [
        roleWith(
          ACC,
          'Neg',
          withCondition({
            StringNotEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:00000000-0000-4000-8000-000000000000' },
          }),
          [],
        ),
      ],
    );
    expect(f.map((x) => x.ruleId)).toEqual(['trust-missing-aud']);
    expect(f[0].message).toContain('only a negated condition');
  });

  it('classic flow: an unset AllowClassicFlow is flagged and names the assumption; role mappings lower it to low', () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html ; aws/aws-cli#7652 for the unset case
    const unset = audit(['classic-flow-enabled'], [], {}, { AllowClassicFlow: undefined });
    expect(unset).toHaveLength(1);
    expect(unset[0].assumptions?.map((a) => a.id)).toEqual(['classicFlowUnset']);
    const withMappings = audit(
      ['classic-flow-enabled'],
      [],
      {},
      {
        AllowClassicFlow: true,
        CognitoIdentityProviders: [
          { ProviderName: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc', ClientId: 'client1' },
        ],
        RoleMappings: {
          'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc:client1': {
            Type: 'Token',
            AmbiguousRoleResolution: 'Deny',
          },
        },
      },
    );
    expect(withMappings.map((f) => f.severity)).toEqual(['low']);
    expect(audit(['classic-flow-enabled'], [], {}, { AllowClassicFlow: false })).toEqual([]);
  });
});

describe('permission rules on small workspaces', () => {
  const trust = cognitoTrust(POOL, 'authenticated');
  const used = { Roles: { authenticated: role('App') } };

  it('public-resource-policy: Principal "*" or {"AWS": "*"} without a condition; a condition silences it', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
    const policy = (principal: unknown, cond?: unknown) => ({
      resourceArn: 'arn:aws:s3:::b',
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: principal,
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/*',
            ...(cond ? { Condition: cond } : {}),
          },
        ],
      },
    });
    expect(audit(['public-resource-policy'], [], { resourcePolicies: [policy('*')] })).toHaveLength(1);
    expect(audit(['public-resource-policy'], [], { resourcePolicies: [policy({ AWS: '*' })] })).toHaveLength(1);
    expect(
      audit(['public-resource-policy'], [], {
        resourcePolicies: [policy('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })],
      }),
    ).toEqual([]);
  });

  it('forallvalues-without-null: a Null guard silences it', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    const st = (cond: Record<string, unknown>) => ({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: cond,
    });
    expect(
      audit(
        ['forallvalues-without-null'],
        [roleWith(ACC, 'App', trust, [st({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } })])],
        {},
        used,
      ),
    ).toHaveLength(1);
    expect(
      audit(
        ['forallvalues-without-null'],
        [
          roleWith(ACC, 'App', trust, [
            st({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] }, Null: { 'aws:TagKeys': 'false' } }),
          ]),
        ],
        {},
        used,
      ),
    ).toEqual([]);
  });

  it('leadingkeys-scan-leak: Scan under ForAllValues leaks, under ForAnyValue it does not; Query on an index is low (the index own partition key is the leading key)', () => {
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
    const table = `arn:aws:dynamodb:eu-west-1:${ACC}:table/T`;
    const st = (op: string, actions: string[], resource: string) => ({
      Effect: 'Allow',
      Action: actions,
      Resource: resource,
      Condition: { [op]: { 'dynamodb:LeadingKeys': ['${cognito-identity.amazonaws.com:sub}'] } },
    });
    const scan = audit(
      ['leadingkeys-scan-leak'],
      [roleWith(ACC, 'App', trust, [st('ForAllValues:StringEquals', ['dynamodb:Query', 'dynamodb:Scan'], table)])],
      {},
      used,
    );
    expect(scan.map((f) => f.severity)).toEqual(['high']);
    expect(
      audit(
        ['leadingkeys-scan-leak'],
        [roleWith(ACC, 'App', trust, [st('ForAnyValue:StringEquals', ['dynamodb:Scan'], table)])],
        {},
        used,
      ),
    ).toEqual([]);
    const index = audit(
      ['leadingkeys-scan-leak'],
      [roleWith(ACC, 'App', trust, [st('ForAllValues:StringEquals', ['dynamodb:Query'], `${table}*`)])],
      {},
      used,
    );
    expect(index.map((f) => f.severity)).toEqual(['low']);
    expect(
      audit(
        ['leadingkeys-scan-leak'],
        [roleWith(ACC, 'App', trust, [st('ForAllValues:StringEquals', ['dynamodb:Query', 'dynamodb:GetItem'], table)])],
        {},
        used,
      ),
    ).toEqual([]);
  });

  it('per-user-scope-userid: ${aws:username} is medium (never matches); roles Cognito does not use are not checked', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse — aws:username is absent for role sessions.
    const st = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' };
    expect(
      audit(['per-user-scope-userid'], [roleWith(ACC, 'App', trust, [st])], {}, used).map((f) => f.severity),
    ).toEqual(['medium']);
    const lambdaTrust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    expect(audit(['per-user-scope-userid'], [roleWith(ACC, 'Worker', lambdaTrust, [st])])).toEqual([]);
  });

  it('wildcard-action-resource: s3:* on * is high, medium with a condition; a specific resource is fine', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    const st = (resource: string, cond?: unknown) => ({
      Effect: 'Allow',
      Action: 's3:*',
      Resource: resource,
      ...(cond ? { Condition: cond } : {}),
    });
    expect(
      audit(['wildcard-action-resource'], [roleWith(ACC, 'App', trust, [st('*')])]).map((f) => f.severity),
    ).toEqual(['high']);
    expect(
      audit(
        ['wildcard-action-resource'],
        [roleWith(ACC, 'App', trust, [st('*', { Bool: { 'aws:SecureTransport': 'true' } })])],
      ).map((f) => f.severity),
    ).toEqual(['medium']);
    expect(audit(['wildcard-action-resource'], [roleWith(ACC, 'App', trust, [st('arn:aws:s3:::b/*')])])).toEqual([]);
  });
});

describe('robustness', () => {
  it('an empty workspace audits to nothing, without rule errors', () => {
    const r = auditWorkspace(prepareInline({}), { now: NOW });
    expect(r).toEqual({ findings: [], summary: { high: 0, medium: 0, low: 0 } });
  });

  it('half-configured pools (rules missing fields, unknown roles, string policies) never make a rule fail', () => {
    const pw = prepareInline({
      accountId: ACC,
      identityPools: [
        {
          IdentityPoolId: POOL,
          AllowUnauthenticatedIdentities: true,
          CognitoIdentityProviders: [
            { ProviderName: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc', ClientId: 'c1' },
          ],
          Roles: { unauthenticated: role('Nobody') },
          RoleMappings: {
            'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc:c1': {
              Type: 'Rules',
              AmbiguousRoleResolution: 'AuthenticatedRole',
              RulesConfiguration: {
                Rules: [{ Claim: 'email', MatchType: 'Equals', Value: 'x', RoleARN: role('Ghost') }],
              },
            },
          },
        },
      ],
      iam: {
        RoleDetailList: [
          {
            RoleName: 'S',
            Arn: role('S'),
            AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(cognitoTrust(POOL, 'authenticated'))),
          },
        ] as never[],
      },
    });
    const r = auditWorkspace(pw, { now: NOW });
    expect(r.errors).toBeUndefined();
    // The unset AllowClassicFlow and the unknown roles are still reported.
    expect(r.findings.map((f) => f.ruleId)).toContain('classic-flow-enabled');
    expect(r.findings.map((f) => f.ruleId)).toContain('pool-validation');
  });
});

describe('pool-validation: a role the workspace lacks', () => {
  // The workspace, not AWS, lacks the role: Rolecall cannot evaluate it; nothing is said about Cognito's credentials.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
  it('says Rolecall cannot evaluate the role and names whose role it is, at the Roles entry', () => {
    const f = audit(
      ['pool-validation'],
      [roleWith(ACC, 'Guest', cognitoTrust(POOL, 'unauthenticated'), [])],
      {},
      {
        AllowUnauthenticatedIdentities: true,
        Roles: { unauthenticated: role('Guest'), authenticated: role('Missing') },
      },
    );
    expect(f.map((x) => x.message)).toEqual([
      `Identity pool p, Roles.authenticated: The role ${role('Missing')} is not in the workspace, so Rolecall cannot evaluate what it allows; import it (aws iam get-account-authorization-details, or the template that defines it). It is the role of signed-in users who get the default authenticated role. (cognito.role-not-found)`,
    ]);
    expect(f[0].message).not.toMatch(/cannot hand out credentials/);
    expect(f[0].severity).toBe('low');
    expect(f[0].location.workspacePath).toEqual(['identityPools', 0, 'Roles', 'authenticated']);
  });
});
