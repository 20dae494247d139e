/**
 * A workspace around the user pool of test/fixtures/import/userpool (real `aws cognito-idp` output shapes): an
 * identity pool that lists the pool's web client, the group roles and a signed-in users' role.
 */
import { readFileSync } from 'node:fs';
import type { IdentityPool, RoleDetail, UserPoolEntry, Workspace } from '../../../../policy-engine/model/workspace';

const dir = new URL('../../../fixtures/import/userpool/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, unknown>;

export const POOL_ID = 'us-east-1_Ex4mpLe9Q';
export const CLIENT_ID = '5k2j8example0web0client1';
export const PROVIDER = `cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
export const IDENTITY_POOL_ID = 'us-east-1:7a1b2c3d-0000-4000-8000-000000000001';
export const ACCOUNT = '123456789012';
export const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The fixture pool as a workspace entry. */
export function userPoolEntry(): UserPoolEntry {
  return {
    UserPool: read('describe-user-pool.json').UserPool as UserPoolEntry['UserPool'],
    Clients: [read('describe-user-pool-client.json').UserPoolClient as NonNullable<UserPoolEntry['Clients']>[number]],
    Groups: read('list-groups.json').Groups as UserPoolEntry['Groups'],
    MfaConfig: read('get-user-pool-mfa-config.json') as UserPoolEntry['MfaConfig'],
  };
}

function trust(amr: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': IDENTITY_POOL_ID },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  };
}

function roleDetail(name: string, actions: string[], resource: string, amr = 'authenticated'): RoleDetail {
  return {
    RoleName: name,
    Arn: role(name),
    RoleId: `AROA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    AssumeRolePolicyDocument: trust(amr),
    RolePolicyList: [
      {
        PolicyName: 'access',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
        },
      },
    ],
  };
}

/** The workspace; `mapping` chooses the identity pool's role mapping for the web client. */
export function userPoolWorkspace(mapping: 'Token' | 'Rules' | 'none' = 'Token'): Workspace {
  const pool: IdentityPool = {
    IdentityPoolId: IDENTITY_POOL_ID,
    IdentityPoolName: 'notes',
    AllowUnauthenticatedIdentities: false,
    AllowClassicFlow: false,
    CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: CLIENT_ID, ServerSideTokenCheck: false }],
    Roles: { authenticated: role('NotesUser') },
  };
  if (mapping === 'Token')
    pool.RoleMappings = {
      [`${PROVIDER}:${CLIENT_ID}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' },
    };
  if (mapping === 'Rules') {
    pool.RoleMappings = {
      [`${PROVIDER}:${CLIENT_ID}`]: {
        Type: 'Rules',
        AmbiguousRoleResolution: 'AuthenticatedRole',
        RulesConfiguration: {
          Rules: [{ Claim: 'custom:tenant', MatchType: 'Equals', Value: 'staff', RoleARN: role('NotesAdmin') }],
        },
      },
    };
  }
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: ACCOUNT,
    region: 'us-east-1',
    identityPools: [pool],
    iam: {
      RoleDetailList: [
        roleDetail('NotesUser', ['dynamodb:GetItem'], `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Notes`),
        roleDetail(
          'NotesEditor',
          ['dynamodb:GetItem', 'dynamodb:PutItem'],
          `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Notes`,
        ),
        roleDetail('NotesAdmin', ['dynamodb:*'], `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Notes`),
      ],
    },
    userPools: [userPoolEntry()],
    resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Notes`],
  };
}
