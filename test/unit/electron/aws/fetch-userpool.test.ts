/**
 * `rolecall fetch` reads the user pools the identity pools accept, against moto (which serves cognito-idp):
 * DescribeUserPool, ListUserPoolClients + DescribeUserPoolClient, ListGroups and GetUserPoolMfaConfig — read-only
 * calls only, on the allow-list.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html
 */
import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAccount } from '../../../../electron/aws/fetch';
import { READ_ONLY_OPERATIONS } from '../../../../electron/aws/read-only';
import { motoUnavailable, startMoto } from './moto-server';
import type { Moto } from './moto-server';

const unavailable = motoUnavailable();
if (unavailable) console.log(`user-pool fetch tests against moto skipped: ${unavailable}`);
const credentials = { accessKeyId: 'AKIAROLECALLTESTKEY2', secretAccessKey: 'rolecall-test-secret-2' };
const region = 'us-east-1';

describe.skipIf(unavailable !== null)('fetchAccount reads user pools against moto', () => {
  let moto: Moto;
  let userPoolId: string;
  let webClient: string;
  let identityPoolId: string;
  const cfg = () => ({ region, endpoint: moto.endpoint, credentials, maxAttempts: 1 });

  beforeAll(async () => {
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    moto = await startMoto();
    const idp = new CognitoIdentityProviderClient(cfg());
    const pool = await idp.send(
      new CreateUserPoolCommand({
        PoolName: 'notes-users',
        MfaConfiguration: 'OFF',
        Policies: { PasswordPolicy: { MinimumLength: 6, RequireSymbols: false } },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: true }],
      }),
    );
    userPoolId = String(pool.UserPool?.Id);
    const web = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'notes-web',
        WriteAttributes: ['email', 'custom:tenant'],
        RefreshTokenValidity: 3650,
      }),
    );
    webClient = String(web.UserPoolClient?.ClientId);
    await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'notes-admin-cli' }));
    await idp.send(
      new CreateGroupCommand({
        UserPoolId: userPoolId,
        GroupName: 'admins',
        Precedence: 0,
        RoleArn: 'arn:aws:iam::123456789012:role/NotesAdmin',
      }),
    );
    const ci = new CognitoIdentityClient(cfg());
    const ip = await ci.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'notes',
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [
          { ProviderName: `cognito-idp.${region}.amazonaws.com/${userPoolId}`, ClientId: webClient },
        ],
      }),
    );
    identityPoolId = String(ip.IdentityPoolId);
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('the user pool, both app clients, the group and the MFA configuration land in userPools', async () => {
    const { workspace, report } = await fetchAccount(
      { region, endpoint: moto.endpoint, credentials, maxAttempts: 1, identityPoolIds: [identityPoolId] },
      () => {},
    );
    expect(report.errors.filter((e) => e.file === 'aws:cognito-idp')).toEqual([]);
    const entry = workspace.userPools?.find((p) => p.UserPool.Id === userPoolId);
    expect(entry?.UserPool.Policies?.PasswordPolicy?.MinimumLength).toBe(6);
    expect(entry?.Clients?.map((c) => c.ClientName).sort()).toEqual(['notes-admin-cli', 'notes-web']);
    expect(entry?.Clients?.find((c) => c.ClientId === webClient)?.WriteAttributes).toEqual(['email', 'custom:tenant']);
    expect(entry?.Groups?.map((g) => g.GroupName)).toEqual(['admins']);
    expect(entry?.MfaConfig?.MfaConfiguration).toBe('OFF');
  });

  it('the user-pool calls are on the read-only allow-list, and no write call is', () => {
    for (const op of [
      'DescribeUserPool',
      'ListUserPoolClients',
      'DescribeUserPoolClient',
      'ListGroups',
      'GetUserPoolMfaConfig',
    ])
      expect(READ_ONLY_OPERATIONS).toContain(op);
    expect(READ_ONLY_OPERATIONS.some((op) => /^(Create|Update|Delete|Admin|Set|Put)/.test(op))).toBe(false);
  });
});
