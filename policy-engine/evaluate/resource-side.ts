/**
 * The resource side of a request: the resource's account and region, the resource-based policy that governs it, and
 * the RCPs of its account.
 */
import type { PolicySet } from './compile';
import type { KmsKeyRecord, PreparedWorkspace } from './prepare';
import { findRole } from './principal-arn';
import { splitArn, type ArnParts } from '../arn';
import type { KmsKeySource } from '../model/request';

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
  /** An AWS-owned resource customers cannot change: what it is (for the answer's reason); null otherwise. */
  owned: OwnedKind | null;
  /** S3 objects of a bucket with SSE-KMS default encryption: the key reads and writes also need. */
  sse: SseKms | null;
}

/** The kinds of AWS-owned resources. */
export type OwnedKind = 'awsManagedPolicy' | 'serviceLinkedRole' | 'reservedRole' | 'awsManagedKey';

/** The SSE-KMS step of an S3 object request. */
export interface SseKms {
  bucketArn: string;
  /** The key as the bucket's encryption names it (null: the AWS managed key aws/s3). */
  keyRef: string | null;
  /** The key, when the workspace holds it. */
  key: KmsKeyRecord | null;
  bucketKey: boolean;
  /** Where the key comes from: the bucket's default, a write's encryption headers, or the request's objectKmsKeyArn. */
  source: KmsKeySource;
  /** The key's resource side, computed on first use. */
  keySide?: ResourceSide;
}

/** What kind of AWS-owned resource an ARN is, if any. */
function ownedKind(
  pw: PreparedWorkspace,
  arn: string,
  service: string,
  resource: string,
  account: string,
): OwnedKind | null {
  if (service === 'iam') {
    if (account === 'aws' && resource.startsWith('policy/')) return 'awsManagedPolicy';
    if (resource.startsWith('role/aws-service-role/')) return 'serviceLinkedRole';
    if (resource.startsWith('role/aws-reserved/')) return 'reservedRole';
    return null;
  }
  if (service === 'kms') {
    if (resource.startsWith('alias/aws/')) return 'awsManagedKey';
    return pw.kmsKeyNames.get(arn)?.awsManaged ? 'awsManagedKey' : null;
  }
  return null;
}

/** The SSE-KMS default encryption that governs an S3 object ARN, if any. */
function sseOf(pw: PreparedWorkspace, parts: ArnParts | null): SseKms | null {
  if (!parts || parts.service !== 's3' || pw.bucketKms.size === 0) return null;
  const slash = parts.resource.indexOf('/');
  if (slash < 0) return null;
  const bucketArn = `arn:${parts.partition}:s3:::${parts.resource.slice(0, slash)}`;
  const enc = pw.bucketKms.get(bucketArn);
  if (!enc) return null;
  const ref = enc.keyRef ?? 'alias/aws/s3';
  return {
    bucketArn,
    keyRef: enc.keyRef,
    key: pw.kmsKeyNames.get(ref) ?? null,
    bucketKey: enc.bucketKey,
    source: 'bucketDefault',
  };
}

/** The resource side of a request: account (req.resourceAccount ?? ARN ?? workspace), region, governing resource policy, RCPs. */
export function resourceSide(pw: PreparedWorkspace, arn: string, resourceAccount?: string): ResourceSide {
  const parts = splitArn(arn);
  const service = parts?.service ?? '';
  const account = resourceAccount ?? (parts?.account || pw.accountId);
  const role = service === 'iam' && parts?.resource.startsWith('role/');
  const key = service === 'kms' ? pw.kmsKeyNames.get(arn) : undefined;
  const kms = service === 'kms' && /^(key|alias)\//.test(parts?.resource ?? '');
  return {
    arn,
    account,
    region: parts?.region || pw.region,
    s3: service === 's3',
    rbp: role ? (findRole(pw, arn)?.trust ?? null) : kms ? (key?.policy ?? null) : governingPolicy(pw, arn, parts),
    rcps: pw.accounts.has(account) ? pw.rcps : [],
    explicitService: role ? 'sts' : kms ? 'kms' : null,
    owned: parts ? ownedKind(pw, arn, service, parts.resource, parts.account) : null,
    sse: sseOf(pw, parts),
  };
}

/**
 * The resource-based policy that governs a resource: the bucket policy for a bucket and its objects, the table policy
 * for a table and its indexes, the stream policy for a stream; otherwise a policy attached to that exact ARN.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
 */
function governingPolicy(pw: PreparedWorkspace, arn: string, parts: ArnParts | null): PolicySet | null {
  if (pw.resourcePolicies.size === 0) return null;
  if (parts && parts.service === 's3' && parts.region === '' && parts.account === '') {
    const slash = parts.resource.indexOf('/');
    const bucket = slash < 0 ? parts.resource : parts.resource.slice(0, slash);
    return pw.resourcePolicies.get(`arn:${parts.partition}:s3:::${bucket}`) ?? null;
  }
  if (parts && parts.service === 'dynamodb') {
    const t = /^table\/([^/]+)(\/(index|stream)\/.*)?$/.exec(parts.resource);
    if (t) {
      if (t[3] === 'stream') return pw.resourcePolicies.get(arn) ?? null;
      return (
        pw.resourcePolicies.get(`arn:${parts.partition}:dynamodb:${parts.region}:${parts.account}:table/${t[1]}`) ??
        null
      );
    }
  }
  return pw.resourcePolicies.get(arn) ?? null;
}

const ROLE_CHANGES = [
  'iam:updateassumerolepolicy',
  'iam:putrolepolicy',
  'iam:deleterolepolicy',
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:deleterole',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
];
/** Per kind of AWS-owned resource, the (lower-cased) actions that would change it, which AWS refuses to customers. */
const CHANGES: Record<OwnedKind, ReadonlySet<string>> = {
  awsManagedPolicy: new Set([
    'iam:createpolicyversion',
    'iam:deletepolicyversion',
    'iam:setdefaultpolicyversion',
    'iam:deletepolicy',
    'iam:tagpolicy',
    'iam:untagpolicy',
  ]),
  serviceLinkedRole: new Set(ROLE_CHANGES),
  reservedRole: new Set([
    ...ROLE_CHANGES,
    'iam:updaterole',
    'iam:updateroledescription',
    'iam:tagrole',
    'iam:untagrole',
  ]),
  awsManagedKey: new Set([
    'kms:putkeypolicy',
    'kms:schedulekeydeletion',
    'kms:cancelkeydeletion',
    'kms:disablekey',
    'kms:enablekey',
    'kms:enablekeyrotation',
    'kms:disablekeyrotation',
    'kms:updatekeydescription',
    'kms:tagresource',
    'kms:untagresource',
    'kms:createalias',
    'kms:deletealias',
    'kms:updatealias',
  ]),
};

/** Whether the (lower-cased) action would change the AWS-owned resource. */
export const changesOwned = (kind: OwnedKind, actionLower: string): boolean => CHANGES[kind].has(actionLower);
