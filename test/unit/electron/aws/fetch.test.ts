/**
 * `fetchAccount` against a real AWS API: moto's server, with a loopback stand-in for the two cognito-identity
 * operations moto lacks. Resources are created with the SDK, fetched with Rolecall and compared.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { CreateTableCommand, DynamoDBClient, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runFetch } from '../../../../cli/commands/fetch';
import { fetchAccount } from '../../../../electron/aws/fetch';
import type { FetchProgress } from '../../../../electron/aws/fetch';
import { guardReadOnly, READ_ONLY_OPERATIONS, ReadOnlyViolation } from '../../../../electron/aws/read-only';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';
import { defaultDocument } from '../../../../policy-engine/workspace/merge';
import { startStandIn } from './identity-pool-roles-stand-in';
import type { StandIn } from './identity-pool-roles-stand-in';
import { motoUnavailable, startMoto } from './moto-server';
import type { Moto } from './moto-server';

const unavailable = motoUnavailable();
if (unavailable) console.log(`fetch tests against moto skipped: ${unavailable}`);

// Distinctive dummy credentials, so the test can prove they appear nowhere in the result.
const credentials = {
  accessKeyId: 'AKIAROLECALLTESTKEY1',
  secretAccessKey: 'rolecall-test-secret-do-not-leak',
  sessionToken: 'rolecall-test-session-token',
};
const region = 'us-east-1';
const account = '123456789012'; // moto's default account

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
    },
  ],
};
const inline = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: 'arn:aws:s3:::rolecall-user-files/${cognito-identity.amazonaws.com:sub}/*',
    },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::rolecall-missing-bucket/*' },
    { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: `arn:aws:dynamodb:${region}:${account}:table/Notes` },
  ],
};
const managedV1 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::rolecall-user-files' }],
};
const managedV2 = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: 'arn:aws:s3:::rolecall-user-files',
    },
  ],
};
const bucketPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TLS',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::rolecall-user-files', 'arn:aws:s3:::rolecall-user-files/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};
const tablePolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'dynamodb:DeleteTable',
      Resource: `arn:aws:dynamodb:${region}:${account}:table/Notes`,
    },
  ],
};

describe.skipIf(unavailable !== null)('fetchAccount against moto', () => {
  let moto: Moto;
  let standIn: StandIn;
  let poolId: string;
  const cfg = () => ({ region, endpoint: standIn.endpoint, credentials, maxAttempts: 1 });

  beforeAll(async () => {
    moto = await startMoto();
    standIn = await startStandIn(moto.port);
    const iam = new IAMClient(cfg());
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'AppAuth',
        AssumeRolePolicyDocument: JSON.stringify(trust),
        Tags: [{ Key: 'team', Value: 'mobile' }],
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'AppGuest', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'AppAuth', PolicyName: 'files', PolicyDocument: JSON.stringify(inline) }),
    );
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'AppList', PolicyDocument: JSON.stringify(managedV1) }),
    );
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: created.Policy?.Arn,
        PolicyDocument: JSON.stringify(managedV2),
        SetAsDefault: true,
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'AppAuth', PolicyArn: created.Policy?.Arn }));
    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'rolecall-user-files' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'rolecall-user-files', Policy: JSON.stringify(bucketPolicy) }));
    const ddb = new DynamoDBClient(cfg());
    const table = await ddb.send(
      new CreateTableCommand({
        TableName: 'Notes',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await ddb.send(
      new PutResourcePolicyCommand({
        ResourceArn: table.TableDescription?.TableArn,
        Policy: JSON.stringify(tablePolicy),
      }),
    );
    const cognito = new CognitoIdentityClient(cfg());
    const pool = await cognito.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: false,
        SupportedLoginProviders: { 'accounts.google.com': '1234.apps.googleusercontent.com' },
      }),
    );
    poolId = String(pool.IdentityPoolId);
    await cognito.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: poolId,
        Roles: {
          authenticated: `arn:aws:iam::${account}:role/AppAuth`,
          unauthenticated: `arn:aws:iam::${account}:role/AppGuest`,
        },
        RoleMappings: { 'accounts.google.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
      }),
    );
  });

  afterAll(async () => {
    await standIn?.close();
    await moto?.stop();
  });

  // Only the default policy version counts: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
  // A bucket without a policy answers NoSuchBucketPolicy (not an error): https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
  it('loads roles, inline and managed policies (default version only counts), pools, bucket and table policies', async () => {
    const progress: FetchProgress[] = [];
    const { workspace, report } = await fetchAccount(cfg(), (p) => progress.push(p));
    const auth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'AppAuth');
    expect(auth?.Arn).toBe(`arn:aws:iam::${account}:role/AppAuth`);
    expect(decodePolicy(auth?.AssumeRolePolicyDocument)).toEqual(trust);
    expect(decodePolicy(auth?.RolePolicyList?.find((p) => p.PolicyName === 'files')?.PolicyDocument)).toEqual(inline);
    expect(auth?.AttachedManagedPolicies?.map((a) => a.PolicyArn)).toContain(`arn:aws:iam::${account}:policy/AppList`);
    expect(auth?.Tags).toEqual([{ Key: 'team', Value: 'mobile' }]);
    const list = workspace.iam?.Policies?.find((p) => p.PolicyName === 'AppList');
    expect(list && decodePolicy(defaultDocument(list))).toEqual(managedV2);
    const pool = workspace.identityPools?.find((p) => p.IdentityPoolId === poolId);
    expect(pool).toMatchObject({
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      SupportedLoginProviders: { 'accounts.google.com': '1234.apps.googleusercontent.com' },
      Roles: {
        authenticated: `arn:aws:iam::${account}:role/AppAuth`,
        unauthenticated: `arn:aws:iam::${account}:role/AppGuest`,
      },
      RoleMappings: { 'accounts.google.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
    });
    expect(
      decodePolicy(
        workspace.resourcePolicies?.find((p) => p.resourceArn === 'arn:aws:s3:::rolecall-user-files')?.policy,
      ),
    ).toEqual(bucketPolicy);
    expect(
      decodePolicy(
        workspace.resourcePolicies?.find((p) => p.resourceArn === `arn:aws:dynamodb:${region}:${account}:table/Notes`)
          ?.policy,
      ),
    ).toEqual(tablePolicy);
    expect(workspace.resources).toEqual(
      expect.arrayContaining([
        'arn:aws:s3:::rolecall-user-files',
        'arn:aws:s3:::rolecall-user-files/*',
        `arn:aws:dynamodb:${region}:${account}:table/Notes`,
      ]),
    );
    expect(workspace.accountId).toBe(account);
    // Progress counts up to its total.
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.done)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);
    // Partial failures are reported per item while the rest loads: a bucket that does not exist, and
    // GetPrincipalTagAttributeMap, which moto does not implement.
    expect(report.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['rolecall-missing-bucket', `${poolId} accounts.google.com`]),
    );
    expect(report.errors.find((e) => e.path === 'rolecall-missing-bucket')?.message).toMatch(
      /GetBucketPolicy.*NoSuchBucket/,
    );
  });

  it('never puts the credentials into the result', async () => {
    const result = await fetchAccount(cfg(), () => undefined);
    const text = JSON.stringify(result);
    for (const secret of Object.values(credentials)) expect(text).not.toContain(secret);
  });

  it('calls only allow-listed operations', async () => {
    standIn.seen.length = 0;
    await fetchAccount(cfg(), () => undefined);
    const ops = standIn.seen.map((s) =>
      s.replace(/^[A-Za-z0-9_]+\./, '').replace(/^GET \/[^/?]+\/?\?policy(=|&|$).*$/, 'GetBucketPolicy'),
    );
    expect(ops.length).toBeGreaterThan(4);
    for (const op of ops) expect(READ_ONLY_OPERATIONS).toContain(op);
  });

  it('only the identity pools asked for, when given', async () => {
    const { workspace } = await fetchAccount({ ...cfg(), identityPoolIds: [poolId] }, () => undefined);
    expect(workspace.identityPools?.map((p) => p.IdentityPoolId)).toEqual([poolId]);
  });

  it('rolecall fetch (runFetch) takes credentials from the standard chain (environment) and writes the workspace', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
    });
    delete process.env.AWS_PROFILE;
    const dir = await mkdtemp(join(tmpdir(), 'rolecall-fetch-'));
    try {
      let stdout = '';
      let stderr = '';
      const code = await runFetch(
        ['--region', region, '--endpoint', standIn.endpoint, '--max-attempts', '1', '-o', 'ws.json'],
        {
          stdout: (t) => {
            stdout += t;
          },
          stderr: (t) => {
            stderr += t;
          },
          cwd: dir,
        },
      );
      expect(code).toBe(0);
      expect(stderr).toMatch(/^\[1\/\d+\] IAM: \d+ of \d+ roles, \d+ managed policies \(page 1/m);
      expect(stdout).toContain('Wrote ws.json');
      const text = await readFile(join(dir, 'ws.json'), 'utf8');
      expect(JSON.parse(text).identityPools[0].IdentityPoolId).toBe(poolId);
      expect(text).not.toContain(credentials.secretAccessKey);
    } finally {
      process.env = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a write command before it is sent (read-only allow-list)', async () => {
    const guarded = guardReadOnly(new IAMClient(cfg()));
    standIn.seen.length = 0;
    await expect(
      guarded.send(new CreateRoleCommand({ RoleName: 'Sneaky', AssumeRolePolicyDocument: JSON.stringify(trust) })),
    ).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(standIn.seen).toEqual([]);
    const roles = await new IAMClient(cfg()).send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName)).not.toContain('Sneaky');
    // An allowed read still goes through the same guard.
    const ok = await guarded.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(ok.RoleDetailList?.length).toBeGreaterThan(0);
  });
});

describe('fetchAccount without an AWS endpoint', () => {
  // IsTruncated/Marker pagination: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
  it('follows GetAccountAuthorizationDetails pages to the end (Marker)', async () => {
    const pages = [
      { RoleDetailList: [{ RoleName: 'A', Arn: `arn:aws:iam::${account}:role/A` }], IsTruncated: true, Marker: 'm1' },
      { RoleDetailList: [{ RoleName: 'B', Arn: `arn:aws:iam::${account}:role/B` }], IsTruncated: true, Marker: 'm2' },
      { RoleDetailList: [{ RoleName: 'C', Arn: `arn:aws:iam::${account}:role/C` }], IsTruncated: false },
    ];
    const markers: (string | undefined)[] = [];
    const spy = vi.spyOn(IAMClient.prototype, 'send').mockImplementation(async (cmd: unknown) => {
      // GetAccountSummary (for "n of m roles") is optional: refused here, paging must still work.
      if ((cmd as object).constructor.name === 'GetAccountSummaryCommand')
        throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
      const marker = (cmd as { input: { Marker?: string } }).input.Marker;
      markers.push(marker);
      return { ...pages[markers.length - 1], $metadata: {} } as never;
    });
    try {
      const { workspace } = await fetchAccount({ credentials, identityPoolIds: [] }, () => undefined);
      expect(markers).toEqual([undefined, 'm1', 'm2']);
      expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['A', 'B', 'C']);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an AccessDenied on one call per item and still loads the rest', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: iam:GetAccountAuthorizationDetails'), {
      name: 'AccessDenied',
    });
    const spy = vi.spyOn(IAMClient.prototype, 'send').mockRejectedValue(denied as never);
    const cog = vi.spyOn(CognitoIdentityClient.prototype, 'send').mockImplementation(async (cmd: unknown) => {
      const name = (cmd as object).constructor.name;
      if (name === 'DescribeIdentityPoolCommand')
        return {
          IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
          IdentityPoolName: 'p',
          AllowUnauthenticatedIdentities: false,
          $metadata: {},
        } as never;
      if (name === 'GetIdentityPoolRolesCommand')
        return {
          IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
          Roles: { authenticated: `arn:aws:iam::${account}:role/A` },
          $metadata: {},
        } as never;
      throw new Error(`unexpected ${name}`);
    });
    try {
      const { workspace, report } = await fetchAccount(
        { credentials, region, identityPoolIds: ['us-east-1:11111111-2222-3333-4444-555555555555'] },
        () => undefined,
      );
      expect(report.errors).toHaveLength(1);
      expect(report.errors[0]).toMatchObject({ code: 'fetch.access-denied', path: 'account' });
      expect(report.errors[0].message).toContain('GetAccountAuthorizationDetails');
      expect(workspace.identityPools?.[0]).toMatchObject({
        IdentityPoolName: 'p',
        Roles: { authenticated: `arn:aws:iam::${account}:role/A` },
      });
    } finally {
      spy.mockRestore();
      cog.mockRestore();
    }
  });
});
