/**
 * The KMS step of an S3 object request: reading or writing an object of a bucket whose default encryption is SSE-KMS
 * also needs kms:Decrypt / kms:GenerateDataKey on the key, asked by the same principal through S3 and decided by the
 * key policy (which must allow explicitly) with the IAM policies it delegates to.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
import { isRcpSupported } from '../catalog';
import type { CallerSide } from './caller-side';
import { decide, type Verdict } from './decide';
import { matchPolicies, type Collector } from './match';
import { createMatches, type Matches } from './matches';
import type { PreparedWorkspace } from './prepare';
import { resourceSide, type ResourceSide, type SseKms } from './resource-side';
import type { ContextLookup } from './variables';

import { createsObject } from '../model/request';

/**
 * The KMS action S3 calls for an object request on an SSE-KMS bucket: "To upload an object … you need
 * kms:GenerateDataKey … To download … you need kms:Decrypt". A multipart upload needs both on the key:
 * kms:GenerateDataKey for CreateMultipartUpload, kms:Decrypt for UploadPart and UploadPartCopy (S3 decrypts the
 * upload's data key) and for CompleteMultipartUpload (S3 decrypts and reads the encrypted parts to assemble them).
 * Null for the other actions.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
 */
export function sseKmsAction(actionLower: string, operation?: string): 'kms:Decrypt' | 'kms:GenerateDataKey' | null {
  if (operation !== undefined && actionLower === 's3:putobject')
    return operation === 'CreateMultipartUpload' ? 'kms:GenerateDataKey' : 'kms:Decrypt';
  if (actionLower === 's3:getobject' || actionLower === 's3:getobjectversion') return 'kms:Decrypt';
  if (actionLower === 's3:putobject') return 'kms:GenerateDataKey';
  return null;
}

/** The S3 specifics of a request that choose the KMS step: the multipart operation and the object's own key. */
export interface SseRequest {
  operation?: string;
  objectKmsKeyArn?: string;
}

/**
 * The SSE-KMS of one request. A PutObject whose headers ask for SSE-KMS — s3:x-amz-server-side-encryption
 * `aws:kms` or `aws:kms:dsse`, the key in s3:x-amz-server-side-encryption-aws-kms-key-id (absent: the bucket's default
 * KMS key, else the AWS managed key aws/s3) — is encrypted with that key whatever the bucket's default; one that asks
 * for another algorithm (AES256) is not encrypted with KMS at all. Every other request: the bucket's default.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html
 */
function requestSse(
  pw: PreparedWorkspace,
  side: ResourceSide,
  actionLower: string,
  lookup: ContextLookup,
  req: SseRequest = {},
): SseKms | null {
  if (!side.s3) return side.sse;
  if (req.objectKmsKeyArn !== undefined && !createsObject(actionLower, req.operation))
    return objectSse(pw, side, req.objectKmsKeyArn);
  if (!createsObject(actionLower, req.operation)) return side.sse;
  const alg = lookup('s3:x-amz-server-side-encryption');
  if (alg === undefined) return side.sse;
  if (!(Array.isArray(alg) ? alg : [alg]).some((a) => /^aws:kms(:dsse)?$/.test(a))) return null;
  const given = lookup('s3:x-amz-server-side-encryption-aws-kms-key-id');
  const keyRef = typeof given === 'string' && given !== '' ? given : (side.sse?.keyRef ?? null);
  const bucketArn = side.sse?.bucketArn ?? bucketOf(side.arn);
  if (!bucketArn) return side.sse;
  if (side.sse && keyRef === side.sse.keyRef) return side.sse;
  return {
    bucketArn,
    keyRef,
    key: pw.kmsKeyNames.get(keyRef ?? 'alias/aws/s3') ?? null,
    bucketKey: side.sse?.bucketKey ?? false,
    source: 'requestHeaders',
  };
}

const bucketOf = (objectArn: string): string | null => {
  const m = /^arn:([^:]*):s3:::([^/]+)\//.exec(objectArn);
  return m ? `arn:${m[1]}:s3:::${m[2]}` : null;
};

/**
 * The SSE-KMS of an existing object (or a multipart upload under way) whose key the request names (`objectKmsKeyArn`,
 * HeadObject's SSEKMSKeyId): S3 decrypts with the key the object was written with, not the bucket's current default.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
function objectSse(pw: PreparedWorkspace, side: ResourceSide, keyArn: string): SseKms | null {
  const bucketArn = side.sse?.bucketArn ?? bucketOf(side.arn);
  if (!bucketArn) return side.sse;
  if (side.sse?.key && side.sse.key === pw.kmsKeyNames.get(keyArn)) return { ...side.sse, source: 'objectKmsKeyArn' };
  return {
    bucketArn,
    keyRef: keyArn,
    key: pw.kmsKeyNames.get(keyArn) ?? null,
    bucketKey: side.sse?.bucketKey ?? false,
    source: 'objectKmsKeyArn',
  };
}

/** The object side with the SSE-KMS the request asks for (the same object when nothing changes). */
export function withRequestSse(
  pw: PreparedWorkspace,
  side: ResourceSide,
  actionLower: string,
  lookup: ContextLookup,
  req: SseRequest = {},
): ResourceSide {
  const sse = requestSse(pw, side, actionLower, lookup, req);
  return sse === side.sse ? side : { ...side, sse };
}

/** The key ARN an SSE-KMS step names (the key's ARN when held, else the reference as the bucket writes it). */
export const sseKeyName = (sse: SseKms): string => sse.key?.arn ?? sse.keyRef ?? 'alias/aws/s3';

/**
 * The caller as KMS sees it when S3 calls on its behalf: the same principal and policies, plus kms:ViaService
 * (s3.REGION.amazonaws.com), kms:CallerAccount and the encryption context S3 sends (the bucket ARN with an S3 Bucket
 * Key, else the object ARN).
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context
 */
function viaS3(caller: CallerSide, objectSide: ResourceSide, sse: SseKms): CallerSide {
  const extra = new Map<string, string>([
    ['kms:viaservice', `s3.${objectSide.region}.amazonaws.com`],
    ['kms:calleraccount', caller.principal.accountId],
    ['kms:encryptioncontext:aws:s3:arn', sse.bucketKey ? sse.bucketArn : objectSide.arn],
  ]);
  const inner = caller.lookup;
  const lookup: ContextLookup = (k) => extra.get(k) ?? inner(k);
  return { ...caller, lookup };
}

/** The result of the KMS step: the action on the key, the verdict, and what each policy type said. */
export interface KmsStepResult {
  action: 'kms:Decrypt' | 'kms:GenerateDataKey';
  keyArn: string;
  side: ResourceSide;
  verdict: Verdict;
  matches: Matches;
  caller: CallerSide;
}

/** Runs the KMS step for an object request (null when none applies, or the key is not in the workspace). */
export function kmsStep(
  pw: PreparedWorkspace,
  caller: CallerSide,
  objectSide: ResourceSide,
  actionLower: string,
  c: Collector | null,
  operation?: string,
): KmsStepResult | null {
  const sse = objectSide.sse;
  const action = sse ? sseKmsAction(actionLower, operation) : null;
  if (!sse || !action || !sse.key) return null;
  const side = (sse.keySide ??= resourceSide(pw, sse.key.arn));
  const kmsCaller = viaS3(caller, objectSide, sse);
  const m = matchPolicies(createMatches(), kmsCaller, action.toLowerCase(), isRcpSupported(pw.catalog, 'kms'), side, c);
  return { action, keyArn: sse.key.arn, side, verdict: decide(m), matches: m, caller: kmsCaller };
}

/** The decision of an S3 request after its KMS step (decision-only paths: the fast path, the access matrix). */
export function withKmsStep(
  pw: PreparedWorkspace,
  caller: CallerSide,
  objectSide: ResourceSide,
  actionLower: string,
  decision: Verdict['decision'],
  operation?: string,
): Verdict['decision'] {
  if (decision !== 'allowed' || objectSide.sse === null) return decision;
  return kmsStep(pw, caller, objectSide, actionLower, null, operation)?.verdict.decision ?? decision;
}
