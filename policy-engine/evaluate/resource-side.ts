/**
 * The resource side of a request: the resource's account and region, the resource-based policy that governs it, and
 * the RCPs of its account.
 */
import type { PolicySet } from './compile';
import type { PreparedWorkspace } from './prepare';
import { findRole } from './principal-arn';

/** The resource side of one request (or one matrix column). */
export interface ResourceSide {
  arn: string;
  account: string;
  region: string;
  s3: boolean;
  /** The governing resource-based policy; null when the workspace holds none. */
  rbp: PolicySet | null;
  /** RCP levels of the resource's account ([] when none apply). */
  rcps: PolicySet[];
  /**
   * The service whose actions the resource-based policy governs and must allow explicitly: "sts" for a role (its trust
   * policy), "kms" for a KMS key (its key policy); null for the other resource-based policies (any action, no such rule).
   */
  explicitService: 'sts' | 'kms' | null;
}

/** The resource side of a request: account (req.resourceAccount ?? ARN ?? workspace), region, governing resource policy, RCPs. */
export function resourceSide(pw: PreparedWorkspace, arn: string, resourceAccount?: string): ResourceSide {
  const parts = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(arn);
  const service = parts?.[2] ?? '';
  const account = resourceAccount ?? (parts?.[4] || pw.accountId);
  const role = service === 'iam' && parts?.[5].startsWith('role/');
  return {
    arn,
    account,
    region: parts?.[3] || pw.region,
    s3: service === 's3',
    rbp: role ? (findRole(pw, arn)?.trust ?? null) : governingPolicy(pw, arn, parts),
    rcps: pw.accounts.has(account) ? pw.rcps : [],
    explicitService: role ? 'sts' : null,
  };
}

/**
 * The resource-based policy that governs a resource: the bucket policy for a bucket and its objects, the table policy
 * for a table and its indexes, the stream policy for a stream; otherwise a policy attached to that exact ARN.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
 */
function governingPolicy(pw: PreparedWorkspace, arn: string, parts: RegExpExecArray | null): PolicySet | null {
  if (pw.resourcePolicies.size === 0) return null;
  if (parts && parts[2] === 's3' && parts[3] === '' && parts[4] === '') {
    const slash = parts[5].indexOf('/');
    const bucket = slash < 0 ? parts[5] : parts[5].slice(0, slash);
    return pw.resourcePolicies.get(`arn:${parts[1]}:s3:::${bucket}`) ?? null;
  }
  if (parts && parts[2] === 'dynamodb') {
    const t = /^table\/([^/]+)(\/(index|stream)\/.*)?$/.exec(parts[5]);
    if (t) {
      if (t[3] === 'stream') return pw.resourcePolicies.get(arn) ?? null;
      return pw.resourcePolicies.get(`arn:${parts[1]}:dynamodb:${parts[3]}:${parts[4]}:table/${t[1]}`) ?? null;
    }
  }
  return pw.resourcePolicies.get(arn) ?? null;
}
