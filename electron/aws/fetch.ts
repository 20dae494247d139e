/**
 * `rolecall fetch` and the app's "Load from AWS" dialog: reads IAM, Cognito identity pools, bucket policies and
 * DynamoDB resource policies from a live account with read-only calls (see read-only.ts), following every page,
 * retrying throttling with the SDK's backoff, reporting progress and per-item failures. Runs in the main process only;
 * the result holds AWS's configuration, never the credentials.
 */
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { GetResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { GetAccountAuthorizationDetailsCommand, GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { Diagnostic, Workspace } from '../../policy-engine/model/index';
import {
  importFiles,
  defaultDocument,
  bucketNames,
  resourceStrings,
  tableArns,
} from '../../policy-engine/workspace/index';
import type { ImportFile, ImportReport } from '../../policy-engine/workspace/index';
import { acceptedUserPools, fetchIdentityPool, fetchUserPool, identityPoolIds } from './fetch-pools';
import { FetchRun, errorName, failure, makeClients, plain } from './fetch-run';
import type { Clients, FetchOptions, FetchProgress } from './fetch-run';

export { listProfiles } from './profiles';
export { errorText } from './fetch-run';
export type { FetchOptions, FetchProgress } from './fetch-run';

/** Reads the account into a workspace. Never throws: every failure is in `report.errors`, per item. */
export async function fetchAccount(
  opts: FetchOptions,
  onProgress: (p: FetchProgress) => void,
): Promise<{ workspace: Workspace; report: ImportReport }> {
  const region = opts.region ?? (await configuredRegion(opts.profile));
  let clients: Clients;
  try {
    clients = makeClients(opts, region);
  } catch (e) {
    return finish([], [failure('config', 'credentials', 'Setup', e)], opts, []);
  }
  const run = new FetchRun(clients, onProgress);
  await fetchIam(run);
  const poolIds = await identityPoolIds(run, opts.identityPoolIds ?? [], region);
  run.expect(poolIds.length * 2);
  for (const [index, id] of poolIds.entries())
    await fetchIdentityPool(run, id, `identity pool ${index + 1} of ${poolIds.length} (${id})`, region);
  const userPoolIds = acceptedUserPools(run.files);
  run.expect(userPoolIds.length);
  for (const id of userPoolIds) {
    await fetchUserPool(run, id);
    run.step(`Cognito: user pool ${id}`);
  }
  const named = namedResources(run.files);
  run.expect(named.buckets.length + named.tables.length);
  for (const bucket of named.buckets) await fetchBucketPolicy(run, bucket);
  for (const table of named.tables) await fetchTablePolicy(run, table);
  return finish(run.files, run.errors, { ...opts, region }, [
    ...named.buckets.map((b) => `arn:aws:s3:::${b}`),
    ...named.tables,
  ]);
}

/** How many roles the account has, so progress can say "n of m roles"; without the permission, progress counts pages. */
async function roleCount(run: FetchRun): Promise<number | undefined> {
  try {
    const n = (await run.clients.iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.Roles;
    return typeof n === 'number' ? n : undefined;
  } catch {
    return undefined; // Optional: GetAccountSummary only improves the progress text.
  }
}

/** IAM: GetAccountAuthorizationDetails gives roles, users, groups and managed policies; follows Marker to the end. */
async function fetchIam(run: FetchRun): Promise<void> {
  const roleTotal = await roleCount(run);
  const seenMarkers = new Set<string>();
  let marker: string | undefined;
  let page = 0;
  let roles = 0;
  let policies = 0;
  const pagingError = (why: string) =>
    run.errors.push(failure('iam', 'account', 'GetAccountAuthorizationDetails', new Error(why)));
  try {
    do {
      const out = await run.clients.iam.send(
        new GetAccountAuthorizationDetailsCommand({ Marker: marker, MaxItems: 1000 }),
      );
      page++;
      run.files.push({ name: `aws:iam/GetAccountAuthorizationDetails#${page}`, text: JSON.stringify(plain(out)) });
      marker = out.IsTruncated ? out.Marker : undefined;
      if (out.IsTruncated && !marker)
        pagingError(`page ${page} says IsTruncated but has no Marker; the rest could not be read`);
      if (marker && seenMarkers.has(marker)) {
        pagingError(`the service returned Marker ${JSON.stringify(marker)} twice; stopped paging to avoid a loop`);
        marker = undefined;
      }
      if (marker) {
        seenMarkers.add(marker);
        run.expect(1);
      }
      roles += out.RoleDetailList?.length ?? 0;
      policies += out.Policies?.length ?? 0;
      run.step(
        `IAM: ${roleTotal !== undefined ? `${roles} of ${roleTotal}` : roles} roles, ${policies} managed policies (page ${page}${marker ? ', more to come' : ''})`,
      );
    } while (marker);
  } catch (e) {
    run.errors.push(
      failure('iam', page > 0 ? `account (after page ${page})` : 'account', 'GetAccountAuthorizationDetails', e),
    );
    run.step(`IAM: failed${page > 0 ? ` after page ${page}; the pages read are kept` : ''}`);
  }
}

/** A bucket's policy, when it has one. */
async function fetchBucketPolicy(run: FetchRun, bucket: string): Promise<void> {
  try {
    const out = await run.clients.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    if (out.Policy)
      run.files.push({
        name: `aws:s3/GetBucketPolicy/${bucket}`,
        text: JSON.stringify({ Policy: out.Policy }),
        resourceArn: `arn:aws:s3:::${bucket}`,
      });
  } catch (e) {
    // NoSuchBucketPolicy: the bucket has no policy. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
    if (errorName(e) !== 'NoSuchBucketPolicy') run.errors.push(failure('s3', bucket, 'GetBucketPolicy', e));
  }
  run.step(`S3: ${bucket}`);
}

/** A table's resource policy, when it has one. */
async function fetchTablePolicy(run: FetchRun, table: string): Promise<void> {
  try {
    const out = await run.clients
      .dynamodb(table.split(':')[3])
      .send(new GetResourcePolicyCommand({ ResourceArn: table }));
    if (out.Policy)
      run.files.push({
        name: `aws:dynamodb/GetResourcePolicy/${table}`,
        text: JSON.stringify({ Policy: out.Policy, RevisionId: out.RevisionId }),
        resourceArn: table,
      });
  } catch (e) {
    // PolicyNotFoundException: the table has no resource policy.
    if (errorName(e) !== 'PolicyNotFoundException') run.errors.push(failure('dynamodb', table, 'GetResourcePolicy', e));
  }
  run.step(`DynamoDB: ${table}`);
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
