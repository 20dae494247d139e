/**
 * `fetchAccount` against a scripted loopback stand-in that speaks each AWS protocol (fake-aws.ts): paging to the end,
 * throttling retried by the SDK with backoff, per-item failures reported while the rest loads, progress "n of m".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fetchAccount } from '../../../../electron/aws/fetch';
import type { FetchProgress } from '../../../../electron/aws/fetch';
import { READ_ONLY_OPERATIONS } from '../../../../electron/aws/read-only';
import { defaultDocument } from '../../../../policy-engine/workspace/merge';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';
import { iamError, iamReply, json, s3Error, startFakeAws } from './fake-aws';
import type { FakeAws, FakeHandler } from './fake-aws';

const account = '123456789012';
const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIAFAKEPAGINGTEST01', secretAccessKey: 'fake-paging-secret-never-in-output' };

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
    },
  ],
};
const files = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::denied-bucket/*' },
    { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:${region}:${account}:table/Notes` },
  ],
};
const v1 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const v2 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::denied-bucket' }],
};
const tablePolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }],
};

// The IAM Query API returns policy documents URL-encoded (RFC 3986): https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleDetail.html
const enc = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc));

/** A RoleDetail as IAM returns it, with the fields real exports carry besides the ones Rolecall reads. */
function role(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().padEnd(17, 'X')}`,
    Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: '2024-01-02T03:04:05Z',
    AssumeRolePolicyDocument: enc(trust),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    RoleLastUsed: { LastUsedDate: '2025-06-01T00:00:00Z', Region: region },
    ...extra,
  };
}

/** Three pages of GetAccountAuthorizationDetails, linked by Marker (IsTruncated until the last). */
const pages: Record<string, unknown>[] = [
  {
    RoleDetailList: [
      role('AppAuth', {
        RolePolicyList: [{ PolicyName: 'files', PolicyDocument: enc(files) }],
        AttachedManagedPolicies: [{ PolicyName: 'AppList', PolicyArn: `arn:aws:iam::${account}:policy/AppList` }],
        PermissionsBoundary: {
          PermissionsBoundaryType: 'Policy',
          PermissionsBoundaryArn: `arn:aws:iam::${account}:policy/Boundary`,
        },
      }),
    ],
    IsTruncated: true,
    Marker: 'page-2',
  },
  { RoleDetailList: [role('AppGuest')], IsTruncated: true, Marker: 'page-3' },
  {
    RoleDetailList: [role('AppAdmin')],
    Policies: [
      {
        PolicyName: 'AppList',
        PolicyId: 'ANPAAPPLIST',
        Arn: `arn:aws:iam::${account}:policy/AppList`,
        Path: '/',
        DefaultVersionId: 'v2',
        AttachmentCount: 1,
        IsAttachable: true,
        PolicyVersionList: [
          { Document: enc(v1), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2024-01-01T00:00:00Z' },
          { Document: enc(v2), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2024-02-01T00:00:00Z' },
        ],
      },
    ],
    IsTruncated: false,
  },
];

const poolIds = ['a', 'b', 'c', 'd', 'e'].map((c) => `${region}:${c.repeat(8)}-1111-2222-3333-444444444444`);

/** The handlers of a healthy account; tests override some. */
function account0(overrides: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    GetAccountSummary: () => iamReply('GetAccountSummary', { SummaryMap: { Roles: 3, Policies: 1, Users: 0 } }),
    GetAccountAuthorizationDetails: (input) =>
      iamReply(
        'GetAccountAuthorizationDetails',
        pages[input.Marker === 'page-2' ? 1 : input.Marker === 'page-3' ? 2 : 0],
      ),
    // Two pools per page, NextToken to the next: https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_ListIdentityPools.html
    ListIdentityPools: (input) => {
      const start = input.NextToken ? Number(String(input.NextToken).slice(1)) : 0;
      const next = start + 2 < poolIds.length ? `t${start + 2}` : undefined;
      return json(200, {
        IdentityPools: poolIds
          .slice(start, start + 2)
          .map((id) => ({ IdentityPoolId: id, IdentityPoolName: `pool-${id.slice(10, 11)}` })),
        ...(next ? { NextToken: next } : {}),
      });
    },
    DescribeIdentityPool: (input) =>
      json(200, {
        IdentityPoolId: input.IdentityPoolId,
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: false,
        IdentityPoolTags: {},
      }),
    GetIdentityPoolRoles: (input) =>
      json(200, {
        IdentityPoolId: input.IdentityPoolId,
        Roles: { authenticated: `arn:aws:iam::${account}:role/AppAuth` },
      }),
    GetBucketPolicy: () => s3Error(403, 'AccessDenied', 'Access Denied'),
    GetResourcePolicy: () => json(200, { Policy: JSON.stringify(tablePolicy), RevisionId: '1700000000000' }),
    ...overrides,
  };
}

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function run(
  handlers: Record<string, FakeHandler>,
  opts: {
    maxAttempts?: number;
    identityPoolIds?: string[];
    credentials?: typeof credentials & { sessionToken?: string };
  } = {},
) {
  fake = await startFakeAws(handlers);
  const progress: FetchProgress[] = [];
  const result = await fetchAccount(
    {
      region,
      endpoint: fake.endpoint,
      credentials: opts.credentials ?? credentials,
      maxAttempts: opts.maxAttempts ?? 3,
      ...(opts.identityPoolIds ? { identityPoolIds: opts.identityPoolIds } : {}),
    },
    (p) => progress.push(p),
  );
  return { ...result, progress, seen: fake.seen };
}

describe('fetchAccount paging, throttling and partial failures (loopback AWS stand-in)', () => {
  // GetAccountAuthorizationDetails pages with IsTruncated/Marker: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
  it('follows the Marker through every page, keeps URL-encoded documents decodable, and only the default version counts', async () => {
    const { workspace, report, seen } = await run(account0());
    const markers = seen.filter((s) => s.op === 'GetAccountAuthorizationDetails').map((s) => s.input.Marker ?? null);
    expect(markers).toEqual([null, 'page-2', 'page-3']);
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['AppAuth', 'AppGuest', 'AppAdmin']);
    const auth = workspace.iam?.RoleDetailList?.[0];
    expect(decodePolicy(auth?.AssumeRolePolicyDocument)).toEqual(trust);
    expect(decodePolicy(auth?.RolePolicyList?.[0].PolicyDocument)).toEqual(files);
    expect(auth?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${account}:policy/Boundary`);
    // Only the default version takes effect: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
    const list = workspace.iam?.Policies?.[0];
    expect(list && decodePolicy(defaultDocument(list))).toEqual(v2);
    expect(report.errors.filter((e) => e.file === 'aws:iam')).toEqual([]);
  });

  it('follows ListIdentityPools NextToken to the end and reads every pool', async () => {
    const { workspace, seen } = await run(account0());
    const tokens = seen.filter((s) => s.op === 'ListIdentityPools').map((s) => s.input.NextToken ?? null);
    expect(tokens).toEqual([null, 't2', 't4']);
    expect(workspace.identityPools?.map((p) => p.IdentityPoolId)).toEqual(poolIds);
  });

  // Throttling errors are retried with backoff by the SDK's standard retry strategy:
  // https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
  it('retries Throttling (IAM) and TooManyRequestsException (Cognito) and then loads everything', async () => {
    const healthy = account0();
    const { workspace, report, seen } = await run(
      account0({
        GetAccountAuthorizationDetails: (input, n) =>
          n === 2 ? iamError(400, 'Throttling', 'Rate exceeded') : healthy.GetAccountAuthorizationDetails(input, n),
        ListIdentityPools: (input, n) =>
          n === 1
            ? json(400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' })
            : healthy.ListIdentityPools(input, n),
      }),
    );
    expect(report.errors.filter((e) => e.file !== 'aws:s3')).toEqual([]);
    expect(workspace.iam?.RoleDetailList).toHaveLength(3);
    expect(workspace.identityPools).toHaveLength(5);
    // The throttled page was asked for again with the same Marker.
    const markers = seen.filter((s) => s.op === 'GetAccountAuthorizationDetails').map((s) => s.input.Marker ?? null);
    expect(markers).toEqual([null, 'page-2', 'page-2', 'page-3']);
  });

  it('throttling that outlasts the retries is reported for that call, and the rest still loads', async () => {
    const { workspace, report } = await run(
      account0({
        DescribeIdentityPool: (input) =>
          input.IdentityPoolId === poolIds[1]
            ? json(400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' })
            : account0().DescribeIdentityPool(input, 1),
      }),
      { maxAttempts: 2 },
    );
    const failed = report.errors.find((e) => e.path === poolIds[1]);
    expect(failed).toMatchObject({ code: 'fetch.failed', file: 'aws:cognito-identity' });
    expect(failed?.message).toMatch(/DescribeIdentityPool.*TooManyRequestsException/);
    expect(workspace.identityPools?.find((p) => p.IdentityPoolId === poolIds[0])?.IdentityPoolName).toBe('app');
    expect(workspace.identityPools?.find((p) => p.IdentityPoolId === poolIds[1])?.Roles?.authenticated).toBe(
      `arn:aws:iam::${account}:role/AppAuth`,
    );
  });

  it('an AccessDenied on one item (a pool, a bucket) is reported per item while the rest loads', async () => {
    const { workspace, report } = await run(
      account0({
        GetIdentityPoolRoles: (input) =>
          input.IdentityPoolId === poolIds[2]
            ? json(400, {
                __type: 'AccessDeniedException',
                message: `User is not authorized to perform: cognito-identity:GetIdentityPoolRoles on resource ${String(input.IdentityPoolId)}`,
              })
            : account0().GetIdentityPoolRoles(input, 1),
      }),
    );
    const denied = report.errors.filter((e) => e.code === 'fetch.access-denied');
    expect(denied.map((e) => e.path).sort()).toEqual(['denied-bucket', poolIds[2]].sort());
    expect(denied.find((e) => e.path === poolIds[2])?.message).toMatch(
      /GetIdentityPoolRoles for .* failed: AccessDeniedException/,
    );
    expect(workspace.identityPools).toHaveLength(5);
    expect(workspace.identityPools?.find((p) => p.IdentityPoolId === poolIds[2])?.Roles).toBeUndefined();
    expect(workspace.iam?.RoleDetailList).toHaveLength(3);
    // The table named by the policy still got its resource policy.
    expect(
      decodePolicy(
        workspace.resourcePolicies?.find((p) => p.resourceArn === `arn:aws:dynamodb:${region}:${account}:table/Notes`)
          ?.policy,
      ),
    ).toEqual(tablePolicy);
  });

  it('AccessDenied on a later IAM page keeps the pages already read and says where it stopped', async () => {
    const healthy = account0();
    const { workspace, report } = await run(
      account0({
        GetAccountAuthorizationDetails: (input, n) =>
          n === 3
            ? iamError(403, 'AccessDenied', 'User is not authorized to perform: iam:GetAccountAuthorizationDetails')
            : healthy.GetAccountAuthorizationDetails(input, n),
      }),
    );
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['AppAuth', 'AppGuest']);
    expect(report.errors.find((e) => e.file === 'aws:iam')).toMatchObject({
      code: 'fetch.access-denied',
      path: 'account (after page 2)',
    });
  });

  it('a Marker that repeats stops paging with an error instead of looping forever', async () => {
    const { workspace, report, seen } = await run(
      account0({
        GetAccountAuthorizationDetails: () =>
          iamReply('GetAccountAuthorizationDetails', {
            RoleDetailList: [role('Loop')],
            IsTruncated: true,
            Marker: 'same',
          }),
      }),
    );
    expect(seen.filter((s) => s.op === 'GetAccountAuthorizationDetails')).toHaveLength(2);
    expect(report.errors.find((e) => e.file === 'aws:iam')?.message).toMatch(/Marker "same" twice/);
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['Loop']);
  });

  it('progress counts every step up to its total and says "n of m roles" and "pool i of n"', async () => {
    const { progress } = await run(account0());
    expect(progress.map((p) => p.done)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);
    const messages = progress.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'IAM: 1 of 3 roles, 0 managed policies (page 1, more to come)',
        'IAM: 3 of 3 roles, 1 managed policies (page 3)',
      ]),
    );
    expect(messages).toContain(`Cognito: identity pool 5 of 5 (${poolIds[4]}): roles`);
  });

  it('sends only allow-listed (read-only) operations and never returns the credentials', async () => {
    const result = await run(account0());
    expect(result.seen.length).toBeGreaterThan(10);
    for (const s of result.seen) expect(READ_ONLY_OPERATIONS).toContain(s.op);
    const text = JSON.stringify({ workspace: result.workspace, report: result.report });
    expect(text).not.toContain(credentials.secretAccessKey);
    expect(text).not.toContain(credentials.accessKeyId);
  });

  // A SignatureDoesNotMatch message quotes the canonical request, session token included: it must not reach the report.
  it('an error message that quotes the signed request has the session token and key id cut out', async () => {
    const sessionToken = `IQoJb3JpZ2luX2VjE${'A'.repeat(300)}==`;
    const creds = { ...credentials, sessionToken };
    const leak = `Signature mismatch for ${credentials.accessKeyId}. The Canonical String for this request should have been 'x-amz-security-token:${sessionToken}'`;
    const { report } = await run(
      account0({ GetAccountAuthorizationDetails: () => iamError(403, 'SignatureDoesNotMatch', leak) }),
      { credentials: creds },
    );
    const text = JSON.stringify(report);
    expect(report.errors.find((e) => e.file === 'aws:iam')?.message).toMatch(
      /SignatureDoesNotMatch: Signature mismatch for AKIA…\(redacted\)\.$/,
    );
    expect(text).not.toContain(sessionToken.slice(0, 40));
    expect(text).not.toContain(credentials.accessKeyId);
  });
});
