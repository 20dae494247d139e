/**
 * The "standard matrix" workspace, built in code: roles with realistic policies (wildcards, NotAction, conditions
 * with variables, a bucket policy, a DynamoDB table policy, a boundary, an SCP level), and the resources the matrix shows.
 */
import type { Workspace, RoleDetail, ManagedPolicyDetail } from '../../policy-engine/model/workspace';

const account = '123456789012';
const region = 'us-east-1';
const sub = '${cognito-identity.amazonaws.com:sub}';

const managed = (name: string, statements: unknown[]): ManagedPolicyDetail => ({
  PolicyName: name,
  Arn: `arn:aws:iam::${account}:policy/${name}`,
  DefaultVersionId: 'v1',
  PolicyVersionList: [
    { VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: statements } },
  ],
});

const table = (name: string) => `arn:aws:dynamodb:${region}:${account}:table/${name}`;

/** The shared managed policies every role draws from. */
function managedPolicies(): ManagedPolicyDetail[] {
  return [
    managed('ReadOnlyWildcards', [
      {
        Sid: 'ReadApp',
        Effect: 'Allow',
        Action: ['s3:Get*', 's3:List*'],
        Resource: ['arn:aws:s3:::app-*', 'arn:aws:s3:::app-*/*'],
      },
      {
        Sid: 'ReadTables',
        Effect: 'Allow',
        Action: ['dynamodb:Get*', 'dynamodb:Query', 'dynamodb:Describe*', 'dynamodb:BatchGet*'],
        Resource: [`arn:aws:dynamodb:*:${account}:table/*`],
      },
    ]),
    managed('OnlyDataServices', [
      { Sid: 'NothingElse', Effect: 'Deny', NotAction: ['s3:*', 'dynamodb:*', 'sts:*'], Resource: '*' },
    ]),
    managed('AppBoundary', [
      { Sid: 'DataOnly', Effect: 'Allow', Action: ['s3:*', 'dynamodb:*'], Resource: '*' },
      {
        Sid: 'NoPolicyEdits',
        Effect: 'Deny',
        Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 'dynamodb:PutResourcePolicy'],
        Resource: '*',
      },
    ]),
    managed('AdminTeamOnly', [
      {
        Sid: 'AdminsManageBuckets',
        Effect: 'Deny',
        Action: ['s3:DeleteBucket*', 's3:PutBucket*', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'admin' } },
      },
    ]),
  ];
}

/** A role with 3–5 policies; `i` varies which ones and the tags. */
function role(i: number): RoleDetail {
  const name = `AppRole${i}`;
  const arn = `arn:aws:iam::${account}:role/${name}`;
  const inline = [
    {
      PolicyName: 'OwnFiles',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OwnPrefix',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: `arn:aws:s3:::app-user-files/private/${sub}/*`,
          },
          {
            Sid: 'ListOwn',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::app-user-files',
            Condition: { StringLike: { 's3:prefix': [`private/${sub}/*`, 'public/*'] } },
          },
        ],
      },
    },
    {
      PolicyName: 'OwnItems',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'LeadingKeys',
            Effect: 'Allow',
            Action: [
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
              'dynamodb:DeleteItem',
              'dynamodb:Query',
            ],
            Resource: [table('Notes'), `${table('Notes')}/index/*`],
            Condition: {
              'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [sub] },
              Bool: { 'aws:SecureTransport': 'true' },
            },
          },
        ],
      },
    },
  ];
  if (i % 3 === 0) {
    inline.push({
      PolicyName: 'Uploads',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Uploads',
            Effect: 'Allow',
            Action: 's3:PutObject*',
            Resource: 'arn:aws:s3:::app-uploads/*',
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          } as never,
        ],
      },
    });
  }
  const attached = [
    { PolicyArn: `arn:aws:iam::${account}:policy/ReadOnlyWildcards` },
    { PolicyArn: `arn:aws:iam::${account}:policy/OnlyDataServices` },
  ];
  if (i % 2 === 0) attached.push({ PolicyArn: `arn:aws:iam::${account}:policy/AdminTeamOnly` });
  return {
    RoleName: name,
    RoleId: `AROAEXAMPLE${String(i).padStart(9, '0')}`,
    Arn: arn,
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
      ],
    },
    RolePolicyList: inline,
    AttachedManagedPolicies: attached,
    ...(i % 2 === 1
      ? { PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${account}:policy/AppBoundary` } }
      : {}),
    Tags: [{ Key: 'team', Value: i === 0 ? 'admin' : 'app' }],
  };
}

/**
 * The resources of the standard matrix (20), as an app's matrix shows them: the app's buckets and the objects under
 * them (own private prefix, another user's prefix, public files, uploads, logs), its tables with their indexes and a
 * stream, and one table of a partner account. Almost every S3 action applies to either the bucket or the object ARNs,
 * and almost every DynamoDB action to the table or index ARNs, so few cells are `notApplicable`. The large variant
 * repeats the pattern with more buckets and tables.
 */
export function benchResources(count: number): string[] {
  const base = [
    'arn:aws:s3:::app-user-files',
    'arn:aws:s3:::app-user-files/*',
    `arn:aws:s3:::app-user-files/private/${sub}/photo.jpg`,
    `arn:aws:s3:::app-user-files/private/${sub}/notes/2026.txt`,
    'arn:aws:s3:::app-user-files/private/us-east-1:someone-else/photo.jpg',
    'arn:aws:s3:::app-user-files/public/banner.png',
    'arn:aws:s3:::app-uploads',
    'arn:aws:s3:::app-uploads/incoming/upload.bin',
    'arn:aws:s3:::app-logs',
    'arn:aws:s3:::app-logs/2026/11/27/log.gz',
    'arn:aws:s3:::other-bucket',
    'arn:aws:s3:::other-bucket/report.csv',
    table('Notes'),
    `${table('Notes')}/index/ByDate`,
    `${table('Notes')}/stream/2026-11-27T00:00:00.000`,
    table('Profiles'),
    `${table('Profiles')}/index/ByEmail`,
    table('Audit'),
    `${table('Audit')}/index/ByTime`,
    'arn:aws:dynamodb:eu-west-1:210987654321:table/Partner',
  ];
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const r = base[i % base.length];
    out.push(
      i < base.length
        ? r
        : r
            .replace('Notes', `Notes${i}`)
            .replace('app-logs', `app-logs-${i}`)
            .replace('other-bucket', `other-bucket-${i}`),
    );
  }
  return out;
}

/** The standard workspace with `roles` roles. */
export function benchWorkspace(roles: number): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    name: 'bench',
    region,
    accountId: account,
    iam: { RoleDetailList: Array.from({ length: roles }, (_, i) => role(i)), Policies: managedPolicies() },
    resourcePolicies: [
      {
        resourceArn: 'arn:aws:s3:::app-user-files',
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'HttpsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::app-user-files', 'arn:aws:s3:::app-user-files/*'],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'PublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::app-user-files/public/*',
            },
            {
              Sid: 'Role1Writes',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:role/AppRole1` },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::app-user-files/public/*',
            },
          ],
        },
      },
      {
        resourceArn: table('Audit'),
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AuditAppend',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: 'dynamodb:PutItem',
              Resource: table('Audit'),
            },
          ],
        },
      },
    ],
    organization: { scps: [[{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }]] },
    resources: benchResources(20),
  };
}

/**
 * The standard workspace with `roles` roles as the app opens it: named, with an identity pool whose signed-in role is
 * AppRole1 and guest role AppRole0, so the app's first view (who → which role → what access) has something to show.
 */
export function appWorkspace(roles: number): Workspace {
  const ws = benchWorkspace(roles);
  return {
    ...ws,
    name: `Large workspace (${roles.toLocaleString('en-US')} roles)`,
    identityPools: [
      {
        IdentityPoolId: `${region}:0e6f1a52-5a8f-4b7e-9d55-6b2a8c0d1e01`,
        IdentityPoolName: 'large_app_identities',
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: false,
        CognitoIdentityProviders: [
          { ProviderName: `cognito-idp.${region}.amazonaws.com/${region}_LargeApp1`, ClientId: 'largeappclient0001' },
        ],
        Roles: {
          authenticated: `arn:aws:iam::${account}:role/AppRole1`,
          unauthenticated: `arn:aws:iam::${account}:role/AppRole0`,
        },
      },
    ],
  };
}
