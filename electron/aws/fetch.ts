/**
 * `rolecall fetch` and the app's "Load from AWS" dialog: reads IAM, Cognito identity pools, bucket policies and
 * DynamoDB resource policies from a live account with read-only calls (see read-only.ts), following every page,
 * retrying throttling with the SDK's backoff, reporting progress and per-item failures. Runs in the main process only;
 * the result holds AWS's configuration, never the credentials.
 */
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { GetAccountAuthorizationDetailsCommand, GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import type { IAMClientConfig } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Diagnostic, Workspace } from '../../policy-engine/model/index';
import {
  importFiles,
  defaultDocument,
  bucketNames,
  resourceStrings,
  tableArns,
} from '../../policy-engine/workspace/index';
import type { ImportFile, ImportReport } from '../../policy-engine/workspace/index';
import { guardReadOnly } from './read-only';

export { listProfiles } from './profiles';

/** Options of a fetch. `credentials` is for tests; the app and CLI use the standard provider chain. */
export interface FetchOptions {
  profile?: string;
  region?: string;
  identityPoolIds?: string[];
  /** A local endpoint (tests against moto). Never set in normal use. */
  endpoint?: string;
  credentials?: IAMClientConfig['credentials'];
  /** SDK attempts per call, throttling included (default 5). */
  maxAttempts?: number;
}

/** Progress of a fetch: `done` of `total` steps (the total grows as pools and resources are discovered). */
export interface FetchProgress {
  done: number;
  total: number;
  message: string;
}

interface Clients {
  iam: IAMClient;
  cognito(region: string): CognitoIdentityClient;
  userPools(region: string): CognitoIdentityProviderClient;
  s3: S3Client;
  dynamodb(region: string): DynamoDBClient;
}

function makeClients(opts: FetchOptions, region: string | undefined): Clients {
  const credentials = opts.credentials ?? fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  const common = {
    ...(region ? { region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    credentials,
    maxAttempts: opts.maxAttempts ?? 5,
    retryMode: 'standard',
  };
  const cache = new Map<string, unknown>();
  const regional = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, guardReadOnly(make()));
    return cache.get(key) as T;
  };
  return {
    iam: guardReadOnly(new IAMClient({ ...common, region: region ?? 'us-east-1' })),
    cognito: (r) => regional(`cognito:${r}`, () => new CognitoIdentityClient({ ...common, region: r })),
    userPools: (r) => regional(`cognito-idp:${r}`, () => new CognitoIdentityProviderClient({ ...common, region: r })),
    s3: guardReadOnly(
      new S3Client({
        ...common,
        region: region ?? 'us-east-1',
        followRegionRedirects: true,
        ...(opts.endpoint ? { forcePathStyle: true } : {}),
      }),
    ),
    dynamodb: (r) => regional(`dynamodb:${r}`, () => new DynamoDBClient({ ...common, region: r })),
  };
}

function errorName(e: unknown): string {
  const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name ?? err?.Code ?? 'Error';
}

/**
 * An AWS error message made safe to show and to hand to the renderer: a SignatureDoesNotMatch message quotes the
 * canonical request, which holds the session token (x-amz-security-token) and the access key id, so that part is cut
 * and anything shaped like a key id or a token is redacted.
 */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const cut = msg.split(
    /The Canonical String for this request|The String-to-Sign should have been|<CanonicalRequest>|<StringToSign>/,
  )[0];
  const clean = cut
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1…(redacted)')
    // A token quoted in a URL (x-amz-security-token=…, X-Amz-Credential=…) is percent-encoded: %2B %2F %3D break
    // the plain run below, so the parameter's value goes whole, and so does any long run of base64 and escapes.
    .replace(/(x-amz-(?:security-token|credential|signature)=)[^&\s"'<>]*/gi, '$1(redacted)')
    .replace(/(?:[A-Za-z0-9+/=]|%[0-9A-Fa-f]{2}){100,}/g, '(redacted)')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean || 'no message';
}

function failure(service: string, item: string, op: string, e: unknown): Diagnostic {
  const name = errorName(e);
  const denied = /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name);
  return {
    severity: 'error',
    code: denied ? 'fetch.access-denied' : 'fetch.failed',
    message: `${op} for ${item} failed: ${name}: ${errorText(e)}`,
    path: item,
    file: `aws:${service}`,
  };
}

/** Drops the SDK's `$metadata` and turns Dates into ISO strings, so the result is plain JSON like the CLI's output. */
function plain(output: object): Record<string, unknown> {
  const { $metadata: _m, ...rest } = output as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** The provider names GetPrincipalTagAttributeMap takes for a pool: user pools (without client id), social, OIDC, SAML. */
function providerNames(pool: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const p of (pool.CognitoIdentityProviders as { ProviderName?: string }[] | undefined) ?? [])
    if (p.ProviderName) names.add(p.ProviderName);
  for (const k of Object.keys((pool.SupportedLoginProviders as object | undefined) ?? {})) names.add(k);
  for (const a of (pool.OpenIdConnectProviderARNs as string[] | undefined) ?? []) names.add(a);
  for (const a of (pool.SamlProviderARNs as string[] | undefined) ?? []) names.add(a);
  return [...names];
}

/** Reads the account into a workspace. Never throws: every failure is in `report.errors`, per item. */
export async function fetchAccount(
  opts: FetchOptions,
  onProgress: (p: FetchProgress) => void,
): Promise<{ workspace: Workspace; report: ImportReport }> {
  const region = opts.region ?? (await configuredRegion(opts.profile));
  const errors: Diagnostic[] = [];
  const files: ImportFile[] = [];
  let done = 0;
  let total = 2;
  const step = (message: string): void => onProgress({ done: ++done, total, message });
  let clients: Clients;
  try {
    clients = makeClients(opts, region);
  } catch (e) {
    errors.push(failure('config', 'credentials', 'Setup', e));
    return finish([], errors, opts, []);
  }

  // How many roles the account has, so progress can say "n of m roles"; without the permission, progress counts pages.
  let roleTotal: number | undefined;
  try {
    const summary = await clients.iam.send(new GetAccountSummaryCommand({}));
    const n = summary.SummaryMap?.Roles;
    if (typeof n === 'number') roleTotal = n;
  } catch {
    // Optional: GetAccountSummary only improves the progress text.
  }

  // IAM: GetAccountAuthorizationDetails gives roles, users, groups and managed policies; follow Marker to the end.
  let marker: string | undefined;
  let page = 0;
  let roles = 0;
  let policies = 0;
  const seenMarkers = new Set<string>();
  try {
    do {
      const out = await clients.iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: marker, MaxItems: 1000 }));
      page++;
      files.push({ name: `aws:iam/GetAccountAuthorizationDetails#${page}`, text: JSON.stringify(plain(out)) });
      marker = out.IsTruncated ? out.Marker : undefined;
      if (out.IsTruncated && !marker)
        errors.push(
          failure(
            'iam',
            'account',
            'GetAccountAuthorizationDetails',
            new Error(`page ${page} says IsTruncated but has no Marker; the rest could not be read`),
          ),
        );
      if (marker && seenMarkers.has(marker)) {
        errors.push(
          failure(
            'iam',
            'account',
            'GetAccountAuthorizationDetails',
            new Error(`the service returned Marker ${JSON.stringify(marker)} twice; stopped paging to avoid a loop`),
          ),
        );
        marker = undefined;
      }
      if (marker) {
        seenMarkers.add(marker);
        total++;
      }
      roles += out.RoleDetailList?.length ?? 0;
      policies += out.Policies?.length ?? 0;
      step(
        `IAM: ${roleTotal !== undefined ? `${roles} of ${roleTotal}` : roles} roles, ${policies} managed policies (page ${page}${marker ? ', more to come' : ''})`,
      );
    } while (marker);
  } catch (e) {
    errors.push(
      failure('iam', page > 0 ? `account (after page ${page})` : 'account', 'GetAccountAuthorizationDetails', e),
    );
    step(`IAM: failed${page > 0 ? ` after page ${page}; the pages read are kept` : ''}`);
  }

  // Cognito identity pools: the ones asked for, else every pool in the region.
  let poolIds = opts.identityPoolIds ?? [];
  if (poolIds.length === 0) {
    if (!region) {
      errors.push({
        severity: 'warning',
        code: 'fetch.no-region',
        message: 'no region given: identity pools are regional, so none were listed (give --region or --identity-pool)',
        path: 'identityPools',
        file: 'aws:cognito-identity',
      });
      step('Cognito: skipped (no region)');
    } else {
      const ids: string[] = [];
      try {
        let next: string | undefined;
        const seen = new Set<string>();
        do {
          const out = await clients
            .cognito(region)
            .send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken: next }));
          for (const p of out.IdentityPools ?? [])
            if (p.IdentityPoolId && !ids.includes(p.IdentityPoolId)) ids.push(p.IdentityPoolId);
          next = out.NextToken || undefined;
          if (next && seen.has(next))
            throw new Error(
              `the service returned NextToken ${JSON.stringify(next)} twice; stopped paging to avoid a loop`,
            );
          if (next) seen.add(next);
        } while (next);
        poolIds = ids;
        step(`Cognito: ${ids.length} identity pools in ${region}`);
      } catch (e) {
        // The pools listed before the failure are still read.
        errors.push(failure('cognito-identity', region, 'ListIdentityPools', e));
        poolIds = ids;
        step(`Cognito: listing failed${ids.length ? ` after ${ids.length} identity pools` : ''}`);
      }
    }
  } else step(`Cognito: ${poolIds.length} identity pools given`);
  total += poolIds.length * 2;
  for (const [index, id] of poolIds.entries()) {
    const which = `identity pool ${index + 1} of ${poolIds.length} (${id})`;
    const poolRegion = id.split(':')[0] || region || 'us-east-1';
    const cognito = clients.cognito(poolRegion);
    let described: Record<string, unknown> | null = null;
    try {
      described = plain(await cognito.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })));
      files.push({ name: `aws:cognito-identity/DescribeIdentityPool/${id}`, text: JSON.stringify(described) });
    } catch (e) {
      errors.push(failure('cognito-identity', id, 'DescribeIdentityPool', e));
    }
    step(`Cognito: ${which}: described`);
    try {
      const roles = plain(await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })));
      files.push({
        name: `aws:cognito-identity/GetIdentityPoolRoles/${id}`,
        text: JSON.stringify({ IdentityPoolId: id, ...roles }),
      });
    } catch (e) {
      errors.push(failure('cognito-identity', id, 'GetIdentityPoolRoles', e));
    }
    step(`Cognito: ${which}: roles`);
    const providers = described ? providerNames(described) : [];
    total += providers.length;
    for (const provider of providers) {
      try {
        const map = plain(
          await cognito.send(
            new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: id, IdentityProviderName: provider }),
          ),
        );
        files.push({
          name: `aws:cognito-identity/GetPrincipalTagAttributeMap/${id}/${provider}`,
          text: JSON.stringify({ IdentityPoolId: id, IdentityProviderName: provider, ...map }),
        });
      } catch (e) {
        // No map set for this provider: nothing to record.
        if (errorName(e) !== 'ResourceNotFoundException')
          errors.push(failure('cognito-identity', `${id} ${provider}`, 'GetPrincipalTagAttributeMap', e));
      }
      step(`Cognito: ${which}: principal tags for ${provider}`);
    }
  }

  // User pools the identity pools accept: DescribeUserPool, every app client, the groups and the MFA configuration.
  const userPoolIds = acceptedUserPools(files);
  total += userPoolIds.length;
  for (const id of userPoolIds) {
    await fetchUserPool(clients.userPools(id.split('_')[0]), id, files, errors);
    step(`Cognito: user pool ${id}`);
  }

  // Resource policies of the buckets and tables the identity policies name.
  const named = namedResources(files);
  total += named.buckets.length + named.tables.length;
  for (const bucket of named.buckets) {
    const arn = `arn:aws:s3:::${bucket}`;
    try {
      const out = await clients.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
      if (out.Policy)
        files.push({
          name: `aws:s3/GetBucketPolicy/${bucket}`,
          text: JSON.stringify({ Policy: out.Policy }),
          resourceArn: arn,
        });
    } catch (e) {
      // NoSuchBucketPolicy: the bucket has no policy. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
      if (errorName(e) !== 'NoSuchBucketPolicy') errors.push(failure('s3', bucket, 'GetBucketPolicy', e));
    }
    step(`S3: ${bucket}`);
  }
  for (const table of named.tables) {
    try {
      const out = await clients
        .dynamodb(table.split(':')[3])
        .send(new GetResourcePolicyCommand({ ResourceArn: table }));
      if (out.Policy)
        files.push({
          name: `aws:dynamodb/GetResourcePolicy/${table}`,
          text: JSON.stringify({ Policy: out.Policy, RevisionId: out.RevisionId }),
          resourceArn: table,
        });
    } catch (e) {
      // PolicyNotFoundException: the table has no resource policy.
      if (errorName(e) !== 'PolicyNotFoundException') errors.push(failure('dynamodb', table, 'GetResourcePolicy', e));
    }
    step(`DynamoDB: ${table}`);
  }
  return finish(files, errors, { ...opts, region }, [
    ...named.buckets.map((b) => `arn:aws:s3:::${b}`),
    ...named.tables,
  ]);
}

/** The user pool ids the fetched identity pools name in CognitoIdentityProviders. */
function acceptedUserPools(files: ImportFile[]): string[] {
  const ids = new Set<string>();
  for (const f of files) {
    if (!f.name.startsWith('aws:cognito-identity/DescribeIdentityPool/')) continue;
    const pool = JSON.parse(f.text) as { CognitoIdentityProviders?: { ProviderName?: string }[] };
    for (const p of pool.CognitoIdentityProviders ?? []) {
      const m = /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([\w-]+_[0-9a-zA-Z]+)$/.exec(p.ProviderName ?? '');
      if (m) ids.add(m[1]);
    }
  }
  return [...ids];
}

/** Reads one user pool (read-only calls, every page); each failure is reported and the rest still read. */
async function fetchUserPool(
  idp: CognitoIdentityProviderClient,
  id: string,
  files: ImportFile[],
  errors: Diagnostic[],
): Promise<void> {
  let arn: string | undefined;
  try {
    const out = plain(await idp.send(new DescribeUserPoolCommand({ UserPoolId: id })));
    arn = (out.UserPool as { Arn?: string } | undefined)?.Arn;
    files.push({ name: `aws:cognito-idp/DescribeUserPool/${id}`, text: JSON.stringify(out) });
  } catch (e) {
    errors.push(failure('cognito-idp', id, 'DescribeUserPool', e));
    return;
  }
  const clientIds: string[] = [];
  try {
    let next: string | undefined;
    const seen = new Set<string>();
    do {
      const out = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: id, MaxResults: 60, NextToken: next }));
      for (const c of out.UserPoolClients ?? []) if (c.ClientId) clientIds.push(c.ClientId);
      next = out.NextToken || undefined;
      if (next && seen.has(next)) throw new Error(`the service returned NextToken ${JSON.stringify(next)} twice`);
      if (next) seen.add(next);
    } while (next);
  } catch (e) {
    errors.push(failure('cognito-idp', id, 'ListUserPoolClients', e));
  }
  for (const clientId of clientIds) {
    try {
      const out = plain(await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId })));
      files.push({ name: `aws:cognito-idp/DescribeUserPoolClient/${id}/${clientId}`, text: JSON.stringify(out) });
    } catch (e) {
      errors.push(failure('cognito-idp', `${id} ${clientId}`, 'DescribeUserPoolClient', e));
    }
  }
  try {
    let next: string | undefined;
    const groups: unknown[] = [];
    const seen = new Set<string>();
    do {
      const out = plain(await idp.send(new ListGroupsCommand({ UserPoolId: id, Limit: 60, NextToken: next })));
      groups.push(...((out.Groups as unknown[] | undefined) ?? []));
      next = (out.NextToken as string | undefined) || undefined;
      if (next && seen.has(next)) throw new Error(`the service returned NextToken ${JSON.stringify(next)} twice`);
      if (next) seen.add(next);
    } while (next);
    // Every group names its pool; the file carries the pool too, for an empty list.
    files.push({
      name: `aws:cognito-idp/ListGroups/${id}`,
      text: JSON.stringify({ Groups: groups }),
      ...(arn ? { resourceArn: arn } : {}),
    });
  } catch (e) {
    errors.push(failure('cognito-idp', id, 'ListGroups', e));
  }
  try {
    const out = plain(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id })));
    if (arn)
      files.push({ name: `aws:cognito-idp/GetUserPoolMfaConfig/${id}`, text: JSON.stringify(out), resourceArn: arn });
  } catch (e) {
    errors.push(failure('cognito-idp', id, 'GetUserPoolMfaConfig', e));
  }
}

/** The region from the environment or the profile's config (AWS_REGION, `region =`), when one is set. */
async function configuredRegion(profile: string | undefined): Promise<string | undefined> {
  try {
    const probe = new CognitoIdentityClient(profile ? { profile } : {});
    const r = await probe.config.region();
    probe.destroy();
    return r || undefined;
  } catch {
    return undefined;
  }
}

/** Buckets and tables named exactly by any identity policy in the fetched IAM pages (default versions only). */
function namedResources(files: ImportFile[]): { buckets: string[]; tables: string[] } {
  const resources: string[] = [];
  for (const f of files) {
    if (!f.name.startsWith('aws:iam/')) continue;
    const page = JSON.parse(f.text) as Workspace['iam'] & object;
    const docs: unknown[] = [];
    for (const r of page.RoleDetailList ?? []) docs.push(...(r.RolePolicyList ?? []).map((p) => p.PolicyDocument));
    for (const u of page.UserDetailList ?? []) docs.push(...(u.UserPolicyList ?? []).map((p) => p.PolicyDocument));
    for (const g of page.GroupDetailList ?? []) docs.push(...(g.GroupPolicyList ?? []).map((p) => p.PolicyDocument));
    for (const p of page.Policies ?? []) if (!p.Arn.includes(':aws:policy/')) docs.push(defaultDocument(p));
    for (const d of docs) resources.push(...resourceStrings(d));
  }
  return { buckets: bucketNames(resources), tables: tableArns(resources) };
}

function finish(
  files: ImportFile[],
  errors: Diagnostic[],
  opts: FetchOptions,
  resources: string[],
): { workspace: Workspace; report: ImportReport } {
  const { workspace, report } = importFiles(files, { region: opts.region });
  delete workspace.sources;
  for (const r of resources) {
    const list = (workspace.resources ??= []);
    for (const a of r.startsWith('arn:aws:s3:::') ? [r, `${r}/*`] : [r]) if (!list.includes(a)) list.push(a);
  }
  report.errors.push(...errors.filter((e) => e.severity === 'error'));
  report.warnings.push(...errors.filter((e) => e.severity !== 'error'));
  if (opts.profile || opts.region)
    workspace.name ??= `Fetched${opts.profile ? ` (${opts.profile})` : ''}${opts.region ? ` ${opts.region}` : ''}`;
  return { workspace, report };
}
