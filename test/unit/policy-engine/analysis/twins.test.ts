/**
 * Each finding the issue lists, on a minimal workspace that has the defect AND on its corrected twin: the rule must
 * fire on the first (with a message naming the identities, actions and resources concerned) and stay silent on the
 * second. Everything else in the workspace is a correct Cognito setup (role-trust-and-permissions.html), so the twin
 * also checks that the rest of the setup makes no noise.
 */
import { describe, expect, it } from 'vitest';
import { auditWorkspace } from '../../../../policy-engine/analysis/findings/index';
import type { Finding } from '../../../../policy-engine/analysis/findings/types';
import { NOW, cognitoTrust, prepareInline } from './helpers';

const ACC = '111122223333';
const POOL = 'eu-west-1:11111111-2222-4333-8444-555555555555';
const UP = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc';
const KEY = `${UP}:client1`;
const arn = (n: string) => `arn:aws:iam::${ACC}:role/${n}`;
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACC}:table/Notes`;
const SUB = '${cognito-identity.amazonaws.com:sub}';

type Doc = { Version: string; Statement: Record<string, unknown>[] };
interface Spec {
  roles: Record<string, { trust: unknown; statements: Record<string, unknown>[] }>;
  pool: Record<string, unknown>;
  resourcePolicies?: unknown[];
}

const allow = (Action: unknown, Resource: unknown, Condition?: unknown) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/** A correct setup: guests read public/*, users own their folder and their items (without Scan), admins by group. */
function base(): Spec {
  return {
    roles: {
      Guest: {
        trust: cognitoTrust(POOL, 'unauthenticated'),
        statements: [allow('s3:GetObject', 'arn:aws:s3:::files/public/*')],
      },
      User: {
        trust: cognitoTrust(POOL, 'authenticated'),
        statements: [
          allow(['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::files/private/${SUB}/*`),
          allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], TABLE, {
            'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUB] },
            Null: { 'dynamodb:LeadingKeys': 'false' },
          }),
        ],
      },
      Admin: {
        trust: cognitoTrust(POOL, 'authenticated'),
        statements: [allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], 'arn:aws:s3:::files/*')],
      },
    },
    pool: {
      IdentityPoolId: POOL,
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [{ ProviderName: UP, ClientId: 'client1' }],
      Roles: { authenticated: arn('User'), unauthenticated: arn('Guest') },
      RoleMappings: {
        [KEY]: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'AuthenticatedRole',
          RulesConfiguration: {
            Rules: [{ Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admins', RoleARN: arn('Admin') }],
          },
        },
      },
    },
  };
}

/** Adds a Premium role for users whose custom:tier is "premium" (rule 0, before the admins rule). */
function premium(s: Spec, statement: Record<string, unknown>): void {
  s.roles.Premium = { trust: cognitoTrust(POOL, 'authenticated'), statements: [statement] };
  (s.pool.RoleMappings as Record<string, { RulesConfiguration: { Rules: Record<string, unknown>[] } }>)[
    KEY
  ].RulesConfiguration.Rules.unshift({
    Claim: 'custom:tier',
    MatchType: 'Equals',
    Value: 'premium',
    RoleARN: arn('Premium'),
  });
}

function run(spec: Spec, ruleId: string): Finding[] {
  const pw = prepareInline({
    region: 'eu-west-1',
    accountId: ACC,
    identityPools: [spec.pool as never],
    iam: {
      RoleDetailList: Object.entries(spec.roles).map(([name, r]) => ({
        RoleName: name,
        RoleId: `AROA${name.toUpperCase().padEnd(16, 'X').slice(0, 16)}`,
        Arn: arn(name),
        AssumeRolePolicyDocument: r.trust,
        RolePolicyList: [
          { PolicyName: `${name}Policy`, PolicyDocument: { Version: '2012-10-17', Statement: r.statements } },
        ],
        AttachedManagedPolicies: [],
      })) as never[],
    },
    resourcePolicies: (spec.resourcePolicies ?? []) as never[],
    resources: ['arn:aws:s3:::files', 'arn:aws:s3:::files/*', TABLE],
  });
  const r = auditWorkspace(pw, { now: NOW, rules: [ruleId] });
  expect(r.errors ?? []).toEqual([]);
  return r.findings;
}

/** A trust policy with its one statement changed. */
function trustWith(amr: 'authenticated' | 'unauthenticated', change: (st: Record<string, unknown>) => void): Doc {
  const t = cognitoTrust(POOL, amr) as Doc;
  change(t.Statement[0]);
  return t;
}

interface Twin {
  rule: string;
  doc: string;
  bad: (s: Spec) => void;
  good: (s: Spec) => void;
  /** Words the message must contain (identities, actions, resources). */
  says: (string | RegExp)[];
}

const twins: Twin[] = [
  {
    rule: 'trust-missing-aud',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    bad: (s) => {
      s.roles.Admin.trust = trustWith('authenticated', (st) => {
        st.Condition = { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } };
      });
    },
    good: () => {},
    says: ['Admin', 'any identity pool', 'delete objects in arn:aws:s3:::files/*'],
  },
  {
    rule: 'trust-wildcard-aud',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    bad: (s) => {
      s.roles.Admin.trust = trustWith('authenticated', (st) => {
        st.Condition = {
          StringLike: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:*' },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
        };
      });
    },
    good: () => {},
    says: ['Admin', 'StringLike "eu-west-1:*"', 's3:DeleteObject'],
  },
  {
    rule: 'trust-amr-single-valued',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
    bad: (s) => {
      s.roles.User.trust = trustWith('authenticated', (st) => {
        st.Condition = {
          StringEquals: {
            'cognito-identity.amazonaws.com:aud': POOL,
            'cognito-identity.amazonaws.com:amr': 'authenticated',
          },
        };
      });
    },
    good: () => {},
    says: ['User', 'StringEquals', 'ForAnyValue:StringEquals'],
  },
  {
    rule: 'trust-amr-missing',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    bad: (s) => {
      s.roles.Admin.trust = trustWith('authenticated', (st) => {
        st.Condition = { StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL } };
      });
    },
    good: () => {},
    says: ['Admin', 'guest'],
  },
  {
    rule: 'trust-wrong-action',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    bad: (s) => {
      s.roles.User.trust = trustWith('authenticated', (st) => {
        st.Action = 'sts:AssumeRole';
      });
    },
    good: () => {},
    says: ['User', 'sts:AssumeRole', 'Invalid identity pool configuration'],
  },
  {
    rule: 'trust-wrong-principal',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    bad: (s) => {
      s.roles.User.trust = trustWith('authenticated', (st) => {
        st.Principal = { Service: 'cognito-identity.amazonaws.com' };
      });
    },
    good: () => {},
    says: ['User', 'Service: cognito-identity.amazonaws.com', 'Federated'],
  },
  {
    // The basic flow lets a guest ask STS for any role that trusts unauthenticated identities of the pool.
    rule: 'classic-flow-enabled',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html',
    bad: (s) => {
      s.pool.AllowClassicFlow = true;
      delete s.pool.RoleMappings;
      s.roles.Reports = {
        trust: cognitoTrust(POOL, 'unauthenticated'),
        statements: [allow('s3:DeleteObject', 'arn:aws:s3:::files/*')],
      };
    },
    good: (s) => {
      delete s.pool.RoleMappings;
      s.roles.Reports = {
        trust: cognitoTrust(POOL, 'unauthenticated'),
        statements: [allow('s3:DeleteObject', 'arn:aws:s3:::files/*')],
      };
    },
    says: ['guest can assume', 'Reports', 'which the pool never gives guests'],
  },
  {
    rule: 'guest-can-write',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html',
    bad: (s) => {
      s.roles.Guest.statements.push(
        allow(['s3:PutObject', 's3:DeleteObject'], 'arn:aws:s3:::files/public/*'),
        allow('dynamodb:DeleteItem', TABLE),
      );
    },
    good: () => {},
    says: ['guest of identity pool app', 'delete', 's3:DeleteObject', 'dynamodb:DeleteItem', 'statement 1 of'],
  },
  {
    // A grant narrower than the listed resources (files/guest/<own id>/* when files/* is listed) is probed too.
    rule: 'guest-can-write',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html',
    bad: (s) => {
      s.roles.Guest.statements.push(allow('s3:PutObject', `arn:aws:s3:::files/guest/${SUB}/*`));
    },
    good: () => {},
    says: ['can write objects in arn:aws:s3:::files/guest/${cognito-identity.amazonaws.com:sub}/* (s3:PutObject)'],
  },
  {
    rule: 'guest-reads-other-users',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
    bad: (s) => {
      s.roles.Guest.statements = [allow('s3:GetObject', 'arn:aws:s3:::files/*')];
    },
    good: () => {},
    says: ['guest of identity pool app', 'another identity', 'arn:aws:s3:::files/private/'],
  },
  {
    // A rule role with item access to the whole per-user table (no dynamodb:LeadingKeys): every premium user reads
    // and overwrites everyone's notes. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
    rule: 'user-reads-other-users',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
    bad: (s) => premium(s, allow(['dynamodb:GetItem', 'dynamodb:PutItem'], TABLE)),
    good: (s) =>
      premium(
        s,
        allow(['dynamodb:GetItem', 'dynamodb:PutItem'], TABLE, {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUB] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        }),
      ),
    says: [
      'custom:tier Equals "premium"',
      'role Premium',
      'another identity (eu-west-1:',
      `read and write items in ${TABLE} (dynamodb:GetItem, dynamodb:PutItem)`,
      'statement 0 of arn:aws:iam::111122223333:role/Premium#inline/PremiumPolicy',
    ],
  },
  {
    // The default role reads bucket/private/* instead of bucket/private/${sub}/*.
    rule: 'user-reads-other-users',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
    bad: (s) => {
      s.roles.User.statements.push(allow('s3:GetObject', 'arn:aws:s3:::files/private/*'));
    },
    good: (s) => {
      s.roles.User.statements.push(allow('s3:GetObject', `arn:aws:s3:::files/private/${SUB}/*`));
    },
    says: [
      `users of ${KEY} who match no rule`,
      'role User',
      /read objects in arn:aws:s3:::files\/private\/eu-west-1:[0-9a-f-]+\/rolecall-probe \(s3:GetObject\)/,
      'statement 2 of',
    ],
  },
  {
    // ListBucket on the whole bucket lists every user's folder; scoped with s3:prefix it does not.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
    rule: 'user-reads-other-users',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
    bad: (s) => {
      s.roles.User.statements.push(allow('s3:ListBucket', 'arn:aws:s3:::files'));
    },
    good: (s) => {
      s.roles.User.statements.push(
        allow('s3:ListBucket', 'arn:aws:s3:::files', { StringLike: { 's3:prefix': [`private/${SUB}/*`] } }),
      );
    },
    says: ['s3:ListBucket', 'with s3:prefix "private/eu-west-1:'],
  },
  {
    // A group role meant to be per user (it scopes its files with ${sub}) that also scans the table is reported; the
    // base's Admin role (cognito:groups, no per-user scoping: an administrators' role) is not.
    rule: 'user-reads-other-users',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html',
    bad: (s) => {
      s.roles.Admin.statements = [
        allow(['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::files/private/${SUB}/*`),
        allow('dynamodb:Scan', TABLE),
      ];
    },
    good: () => {},
    says: ['cognito:groups Contains "admins"', 'role Admin', `read items in ${TABLE} (dynamodb:Scan)`],
  },
  {
    // A table partitioned by another variable (a principal tag) is per-user data too; ForAllValues without Null lets Scan in.
    rule: 'user-reads-other-users',
    doc: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html',
    bad: (s) => {
      s.roles.User.statements[1] = allow(['dynamodb:GetItem', 'dynamodb:Scan'], TABLE, {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenant}'] },
      });
    },
    good: (s) => {
      s.roles.User.statements[1] = allow(['dynamodb:GetItem', 'dynamodb:Scan'], TABLE, {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenant}'] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
    },
    says: ['dynamodb:Scan', TABLE, 'role User'],
  },
  {
    rule: 'per-user-scope-userid',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
    bad: (s) => {
      s.roles.User.statements[0] = allow(
        ['s3:GetObject', 's3:PutObject'],
        'arn:aws:s3:::files/private/${aws:userid}/*',
      );
    },
    good: () => {},
    says: ['${aws:userid}', 'User', 'CognitoIdentityCredentials'],
  },
  {
    rule: 'leadingkeys-scan-leak',
    doc: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html',
    bad: (s) => {
      s.roles.User.statements[1] = allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], TABLE, {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUB] },
      });
    },
    good: () => {},
    says: ['dynamodb:Scan', 'User', TABLE],
  },
  {
    // Query on an index: the leading key is the index's partition key, not the table's.
    rule: 'leadingkeys-scan-leak',
    doc: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html',
    bad: (s) => {
      s.roles.User.statements[1] = allow('dynamodb:Query', [TABLE, `${TABLE}/index/*`], {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUB] },
      });
    },
    good: () => {},
    says: ['dynamodb:Query', 'index', 'User'],
  },
  {
    rule: 'forallvalues-without-null',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
    bad: (s) => {
      s.roles.User.statements.push(
        allow('s3:PutObjectTagging', `arn:aws:s3:::files/private/${SUB}/*`, {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['kind'] },
        }),
      );
    },
    good: (s) => {
      s.roles.User.statements.push(
        allow('s3:PutObjectTagging', `arn:aws:s3:::files/private/${SUB}/*`, {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['kind'] },
          Null: { 'aws:TagKeys': 'false' },
        }),
      );
    },
    says: ['aws:TagKeys', 'no aws:TagKeys'],
  },
  {
    rule: 'rule-on-user-settable-claim',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
    bad: (s) => {
      (s.pool.RoleMappings as Record<string, { RulesConfiguration: { Rules: Record<string, unknown>[] } }>)[
        KEY
      ].RulesConfiguration.Rules[0] = {
        Claim: 'custom:role',
        MatchType: 'StartsWith',
        Value: 'admin',
        RoleARN: arn('Admin'),
      };
    },
    good: () => {},
    says: ['custom:role', 'StartsWith', 'Admin', 's3:DeleteObject'],
  },
  {
    rule: 'rule-shadowed',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
    bad: (s) => {
      (s.pool.RoleMappings as Record<string, { RulesConfiguration: { Rules: Record<string, unknown>[] } }>)[
        KEY
      ].RulesConfiguration.Rules = [
        { Claim: 'custom:team', MatchType: 'StartsWith', Value: 'ops', RoleARN: arn('User') },
        { Claim: 'custom:team', MatchType: 'Equals', Value: 'ops-admins', RoleARN: arn('Admin') },
      ];
    },
    good: (s) => {
      (s.pool.RoleMappings as Record<string, { RulesConfiguration: { Rules: Record<string, unknown>[] } }>)[
        KEY
      ].RulesConfiguration.Rules = [
        { Claim: 'custom:team', MatchType: 'Equals', Value: 'ops-admins', RoleARN: arn('Admin') },
        { Claim: 'custom:team', MatchType: 'StartsWith', Value: 'ops', RoleARN: arn('User') },
      ];
    },
    says: ['Rule 1', 'rule 0', 'ops-admins'],
  },
  {
    rule: 'ambiguous-default-broader',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
    bad: (s) => {
      s.roles.Reader = {
        trust: cognitoTrust(POOL, 'authenticated'),
        statements: [allow('s3:GetObject', 'arn:aws:s3:::files/public/*')],
      };
      s.roles.User.statements.push(allow('s3:DeleteObject', 'arn:aws:s3:::files/*'));
      (s.pool.RoleMappings as Record<string, { RulesConfiguration: { Rules: Record<string, unknown>[] } }>)[
        KEY
      ].RulesConfiguration.Rules = [
        { Claim: 'custom:tier', MatchType: 'Equals', Value: 'basic', RoleARN: arn('Reader') },
      ];
    },
    good: (s) => {
      s.roles.Reader = {
        trust: cognitoTrust(POOL, 'authenticated'),
        statements: [allow('s3:GetObject', 'arn:aws:s3:::files/public/*')],
      };
      s.roles.User.statements.push(allow('s3:DeleteObject', 'arn:aws:s3:::files/*'));
      const m = (
        s.pool.RoleMappings as Record<
          string,
          { AmbiguousRoleResolution: string; RulesConfiguration: { Rules: Record<string, unknown>[] } }
        >
      )[KEY];
      m.RulesConfiguration.Rules = [
        { Claim: 'custom:tier', MatchType: 'Equals', Value: 'basic', RoleARN: arn('Reader') },
      ];
      m.AmbiguousRoleResolution = 'Deny';
    },
    says: ['User', 'Reader', 'custom:tier', 's3:DeleteObject'],
  },
  {
    rule: 'mapping-role-untrusted',
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    bad: (s) => {
      s.roles.Admin.trust = cognitoTrust('eu-west-1:99999999-2222-4333-8444-555555555555', 'authenticated');
    },
    good: () => {},
    says: ['Admin', 'rule 0', POOL, 'cognito-identity.amazonaws.com:aud'],
  },
  {
    rule: 'wildcard-action-resource',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    bad: (s) => {
      s.roles.Admin.statements = [allow('s3:*', '*')];
    },
    good: (s) => {
      s.roles.Admin.statements = [allow('s3:*', ['arn:aws:s3:::files', 'arn:aws:s3:::files/*'])];
    },
    says: ['Admin', 's3:*', 'every s3 action'],
  },
  {
    rule: 'public-resource-policy',
    doc: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    bad: (s) => {
      s.resourcePolicies = [
        {
          resourceArn: 'arn:aws:s3:::files',
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::files/public/*' },
            ],
          },
        },
      ];
    },
    good: (s) => {
      s.resourcePolicies = [
        {
          resourceArn: 'arn:aws:s3:::files',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: arn('Guest') },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::files/public/*',
              },
            ],
          },
        },
      ];
    },
    says: ['without credentials', 's3:GetObject', 'arn:aws:s3:::files/public/*'],
  },
  {
    rule: 'policy-validation',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html',
    bad: (s) => {
      s.roles.Guest.statements[0] = allow('s3:GetObjekt', 'arn:aws:s3:::files/public/*');
    },
    good: () => {},
    says: ['s3:GetObjekt'],
  },
  {
    rule: 'policy-validation',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
    bad: (s) => {
      s.roles.Guest.statements[0] = allow('s3:GetObject', 'arn:aws:s3:::files/public/*', {
        StringEqualz: { 'aws:SourceIp': 'x' },
      });
    },
    good: () => {},
    says: ['StringEqualz'],
  },
];

describe('each finding fires on its defect and not on the corrected twin', () => {
  it('the correct base setup has no finding at all (no noise)', () => {
    const pwFindings = [
      'trust-missing-aud',
      'classic-flow-enabled',
      'guest-can-write',
      'guest-reads-other-users',
      'user-reads-other-users',
      'leadingkeys-scan-leak',
      'ambiguous-default-broader',
      'mapping-role-untrusted',
      'policy-validation',
      'pool-validation',
      'rule-on-user-settable-claim',
      'forallvalues-without-null',
      'wildcard-action-resource',
      'trust-amr-missing',
    ].flatMap((id) => run(base(), id));
    expect(pwFindings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it.each(twins.map((t, i) => [`${t.rule} #${i} (${t.doc})`, t] as const))('%s', (_name, t) => {
    const bad = base();
    t.bad(bad);
    const found = run(bad, t.rule);
    expect(found.length, `${t.rule} should fire`).toBeGreaterThan(0);
    const text = found.map((f) => `${f.message}\n${f.fix}`).join('\n');
    for (const w of t.says) {
      if (typeof w === 'string') expect(text).toContain(w);
      else expect(text).toMatch(w);
    }
    for (const f of found) {
      expect(f.fix.length).toBeGreaterThan(10);
      expect(f.location.kind).toBeTruthy();
    }
    const good = base();
    t.good(good);
    expect(run(good, t.rule).map((f) => f.message)).toEqual([]);
  });
});
