/**
 * The resources a workspace's access matrix shows (`workspace.resources`, CONTRACT §1): S3 buckets, object keys or
 * key prefixes, and DynamoDB tables and their indexes. One check, used by the importer (which adds the resources the
 * policies name) and by the app's "Add resource" field, so that both accept exactly the same ARNs and say why not.
 *
 * ARN forms:
 * - S3 bucket `arn:aws:s3:::BUCKET`, object `arn:aws:s3:::BUCKET/KEY` (KEY may end in `*`):
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies
 *   (bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html — 3–63 characters,
 *   lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit).
 * - DynamoDB table `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`, index `…:table/NAME/index/INDEX`:
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies
 *   (table names: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 *   — 3–255 characters of a-z, A-Z, 0-9, `_`, `-` and `.`).
 * - `${cognito-identity.amazonaws.com:sub}` in an S3 key stands for the caller's own identity id (a per-user prefix):
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html#fine-grained-access-control
 */

/** The one policy variable a matrix column may hold: the caller's identity id. */
export const IDENTITY_SUB = '${cognito-identity.amazonaws.com:sub}';

/** What a resource ARN is, or why it cannot be a matrix resource (with a corrected ARN when one is evident). */
export type ResourceArnCheck =
  | { ok: true; arn: string; kind: 'bucket' | 'object' | 'table' | 'index'; name: string }
  | { ok: false; error: string; didYouMean?: string };

const BUCKET = /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function fail(error: string, didYouMean?: string): ResourceArnCheck {
  return didYouMean && didYouMean !== '' ? { ok: false, error, didYouMean } : { ok: false, error };
}

/** Policy variables other than the caller's identity id, which a matrix column cannot fill in. */
function otherVariables(text: string): string[] {
  return [...text.matchAll(/\$\{[^}]*\}/g)].map((m) => m[0]).filter((v) => v !== IDENTITY_SUB);
}

/**
 * Checks one ARN as a matrix resource. `context` gives the workspace's region and account, used only to suggest a
 * complete ARN for a bare table name or a table ARN missing them (never to fill them in silently).
 */
export function checkResourceArn(
  input: string,
  context: { partition?: string; region?: string; accountId?: string } = {},
): ResourceArnCheck {
  const arn = input.trim();
  const partition = context.partition ?? 'aws';
  if (arn === '')
    return fail('enter an ARN, e.g. arn:aws:s3:::BUCKET/prefix/* or arn:aws:dynamodb:REGION:ACCOUNT:table/NAME');
  if (/\s/.test(arn)) return fail(`an ARN has no spaces: "${arn}"`, arn.replace(/\s+/g, ''));
  if (arn.startsWith('s3://')) {
    const rest = arn.slice(5);
    return fail(`"${arn}" is an S3 URI, not an ARN`, rest ? `arn:${partition}:s3:::${rest}` : undefined);
  }
  if (!arn.startsWith('arn:')) {
    if (BUCKET.test(arn.split('/')[0]) && !arn.includes(':'))
      return fail(
        `"${arn}" is not an ARN: a bucket is arn:${partition}:s3:::BUCKET, a table arn:${partition}:dynamodb:REGION:ACCOUNT:table/NAME`,
        `arn:${partition}:s3:::${arn}`,
      );
    return fail(`"${arn}" is not an ARN (it must start with arn:)`);
  }
  const parts = arn.split(':');
  if (parts.length < 6) return fail(`"${arn}" is not an ARN: it needs arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`);
  const [, part, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (!/^aws(-[a-z]+)*$/.test(part)) return fail(`unknown partition "${part}" (aws, aws-cn, aws-us-gov)`);
  const vars = otherVariables(arn);
  if (vars.length > 0)
    return fail(
      `${vars.join(', ')} cannot be filled in for a matrix column; only ${IDENTITY_SUB} (the caller's own identity id) can`,
    );
  if (service === 's3') {
    if (region !== '' || account !== '')
      return fail(
        'an S3 bucket or object ARN has no region or account: arn:aws:s3:::BUCKET',
        `arn:${part}:s3:::${resource}`,
      );
    const slash = resource.indexOf('/');
    const bucket = slash < 0 ? resource : resource.slice(0, slash);
    if (bucket === '') return fail('the ARN names no bucket: arn:aws:s3:::BUCKET');
    if (/[*?]/.test(bucket) || bucket.includes('${'))
      return fail(`"${bucket}" is a pattern; a matrix column names one bucket`);
    if (!BUCKET.test(bucket)) {
      const fixed = bucket.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
      return fail(
        `"${bucket}" is not a valid bucket name (3–63 lower-case letters, digits, dots and hyphens)`,
        BUCKET.test(fixed) ? `arn:${part}:s3:::${fixed}${slash < 0 ? '' : resource.slice(slash)}` : undefined,
      );
    }
    if (slash < 0) return { ok: true, arn, kind: 'bucket', name: bucket };
    if (slash === resource.length - 1) return fail('an object ARN needs a key after the bucket', `${arn}*`);
    return { ok: true, arn, kind: 'object', name: resource };
  }
  if (service === 'dynamodb') {
    const m = /^table\/([^/]+)(?:\/(index|stream)\/(.+))?$/.exec(resource);
    const suggestion = (name: string) =>
      context.region && context.accountId
        ? `arn:${part}:dynamodb:${context.region}:${context.accountId}:table/${name}`
        : undefined;
    if (!m) return fail(`"${resource}" is not a DynamoDB table: the ARN ends in table/NAME or table/NAME/index/INDEX`);
    if (m[2] === 'stream')
      return fail('a stream is not a table or index', `arn:${part}:dynamodb:${region}:${account}:table/${m[1]}`);
    if (!REGION.test(region))
      return fail(
        region === '' || region === '*'
          ? 'a DynamoDB ARN names its region (e.g. us-east-1)'
          : `"${region}" is not a region (e.g. us-east-1)`,
        suggestion(m[1]),
      );
    if (!/^\d{12}$/.test(account))
      return fail(
        account === '' || account === '*'
          ? 'a DynamoDB ARN names its account (12 digits)'
          : `"${account}" is not an account id (12 digits)`,
        context.accountId ? `arn:${part}:dynamodb:${region}:${context.accountId}:table/${m[1]}` : undefined,
      );
    if (/[*?]/.test(m[1])) return fail(`"${m[1]}" is a pattern; a matrix column names one table`);
    if (!TABLE.test(m[1])) return fail(`"${m[1]}" is not a valid table name (3–255 of a-z, A-Z, 0-9, _ - .)`);
    return m[3] !== undefined
      ? { ok: true, arn, kind: 'index', name: `${m[1]}/index/${m[3]}` }
      : { ok: true, arn, kind: 'table', name: m[1] };
  }
  // A misspelt service is corrected only when the corrected ARN is then a valid resource (sqs is not a typo of s3).
  const near = (['s3', 'dynamodb'] as const).find((s) => distance(s, service.toLowerCase()) <= (s === 's3' ? 1 : 2));
  const fixed = near ? [parts[0], part, near, ...parts.slice(3)].join(':') : undefined;
  const fixedOk = fixed !== undefined && checkResourceArn(fixed, context).ok;
  return fail(
    `the matrix shows S3 and DynamoDB resources; "${service}" is ${fixedOk ? `not a service Rolecall reads (did you mean ${near}?)` : 'not one of them'}`,
    fixedOk ? fixed : undefined,
  );
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
