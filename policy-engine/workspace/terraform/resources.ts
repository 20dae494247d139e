/**
 * The resources policies are evaluated on and their resource-side settings: aws_s3_bucket (with provider v3's policy
 * and encryption on the bucket), aws_s3_bucket_policy, aws_s3_bucket_server_side_encryption_configuration,
 * aws_dynamodb_table (and its replicas), aws_dynamodb_resource_policy and aws_kms_key.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket (and the other types' pages).
 */
import type { BucketEncryptionRule } from '../../model/workspace';
import { addBucketEncryption, addKmsKey, customerKeyMetadata } from '../import-kms';
import type { PathSegments } from '../json-source';
import { addResource, addResourcePolicy } from '../merge';
import { isObj } from '../../guards';
import type { Importer, TfImport } from './context';
import { block } from './read';
import type { TfResource } from './read';

/** One rule block of a bucket's server-side encryption configuration. */
function encryptionRule(rule: Record<string, unknown>): BucketEncryptionRule {
  const def = block(rule.apply_server_side_encryption_by_default);
  return {
    ...(def && typeof def.sse_algorithm === 'string'
      ? {
          ApplyServerSideEncryptionByDefault: {
            SSEAlgorithm: def.sse_algorithm,
            ...(typeof def.kms_master_key_id === 'string' && def.kms_master_key_id
              ? { KMSMasterKeyID: def.kms_master_key_id }
              : {}),
          },
        }
      : {}),
    ...(typeof rule.bucket_key_enabled === 'boolean' ? { BucketKeyEnabled: rule.bucket_key_enabled } : {}),
  };
}

/** A bucket's default encryption from its `rule` blocks. */
function addSse(t: TfImport, r: TfResource, bucketArn: string, rules: unknown, path: PathSegments): void {
  const out = (Array.isArray(rules) ? rules : []).filter(isObj).map(encryptionRule);
  if (out.length === 0) {
    t.error(path, `${r.address}: rule must hold apply_server_side_encryption_by_default`);
    return;
  }
  addBucketEncryption(t.acc, { bucketArn, ServerSideEncryptionConfiguration: { Rules: out } }, t.file);
  t.sourceAt(`encryption:${bucketArn}`, path);
}

/** A resource policy of `arn` found at the resource's `policy` attribute. */
function addPolicyOf(t: TfImport, r: TfResource, arn: string, d: Record<string, unknown>): void {
  addResourcePolicy(t.acc, arn, d, t.file);
  t.sourceAt(`policy:${arn}`, [...r.valuesPath, 'policy']);
}

const bucket: Importer = (t, r) => {
  const v = r.valuesPath;
  const arn = t.str(r, ['arn'], 'bucket ARN');
  if (!arn) {
    t.error(v, `${r.address} has no bucket or arn`);
    return;
  }
  addResource(t.acc, arn);
  t.sourceAt(arn, v.slice(0, -1));
  t.items.push(arn);
  // Provider v3 and earlier hold the policy and the encryption on the bucket itself.
  const d = t.policyAttr(r, ['policy'], 'bucket policy');
  if (d) addPolicyOf(t, r, arn, d);
  const sse = block(t.get(r, ['server_side_encryption_configuration']));
  if (sse) addSse(t, r, arn, sse.rule, [...v, 'server_side_encryption_configuration', 0, 'rule']);
};

const bucketPolicy: Importer = (t, r) => {
  const name = t.str(r, ['bucket'], 'bucket name');
  const d = t.policyAttr(r, ['policy'], 'bucket policy');
  if (!name || !d) {
    if (!name) t.error(r.valuesPath, `${r.address} needs bucket`);
    return;
  }
  const arn = `arn:${t.partition}:s3:::${name}`;
  addResourcePolicy(t.acc, arn, d, t.file);
  addResource(t.acc, arn);
  t.sourceAt(`policy:${arn}`, [...r.valuesPath, 'policy']);
  t.items.push(`policy of ${arn}`);
};

const bucketEncryption: Importer = (t, r) => {
  const name = t.str(r, ['bucket'], 'bucket name');
  if (!name) {
    t.error(r.valuesPath, `${r.address} needs bucket`);
    return;
  }
  const arn = `arn:${t.partition}:s3:::${name}`;
  addSse(t, r, arn, t.get(r, ['rule']), [...r.valuesPath, 'rule']);
  t.items.push(`default encryption of ${arn}`);
};

const table: Importer = (t, r) => {
  const v = r.valuesPath;
  const arn = t.str(r, ['arn'], 'table ARN');
  if (!arn) {
    t.error(v, `${r.address} has no name or arn`);
    return;
  }
  addResource(t.acc, arn);
  t.sourceAt(arn, v.slice(0, -1));
  t.items.push(arn);
  const replicas = t.get(r, ['replica']);
  (Array.isArray(replicas) ? replicas : []).forEach((rep) => {
    if (!isObj(rep) || typeof rep.region_name !== 'string') return;
    const rarn =
      typeof rep.arn === 'string' && rep.arn
        ? rep.arn
        : arn.replace(/^(arn:[^:]+:dynamodb:)[^:]+/, `$1${rep.region_name}`);
    addResource(t.acc, rarn);
    t.sourceAt(rarn, v.slice(0, -1));
    t.items.push(rarn);
  });
};

const tablePolicy: Importer = (t, r) => {
  const arn = t.str(r, ['resource_arn'], 'table ARN');
  const d = t.policyAttr(r, ['policy'], 'resource policy');
  if (!arn || !d) {
    if (!arn) t.error(r.valuesPath, `${r.address} needs resource_arn`);
    return;
  }
  addResourcePolicy(t.acc, arn, d, t.file);
  if (/:table\/[^/]+$/.test(arn)) addResource(t.acc, arn);
  t.sourceAt(`policy:${arn}`, [...r.valuesPath, 'policy']);
  t.items.push(`policy of ${arn}`);
};

const kmsKey: Importer = (t, r) => {
  const v = r.valuesPath;
  const keyId = t.str(r, ['key_id'], 'key id') ?? t.str(r, ['id'], 'key id');
  const arn = t.str(r, ['arn'], 'key ARN');
  if (!keyId || !arn) {
    t.error(v, `${r.address} has no key_id or arn`);
    return;
  }
  const d = t.policyAttr(r, ['policy'], 'key policy');
  const enabled = r.values.is_enabled !== false;
  addKmsKey(
    t.acc,
    {
      KeyMetadata: customerKeyMetadata(keyId, arn, enabled),
      ...(d ? { Policy: d } : {}),
    },
    t.file,
  );
  t.sourceAt(arn, v.slice(0, -1));
  if (d) t.sourceAt(`policy:${arn}`, [...v, 'policy']);
  t.items.push(arn);
};

export const RESOURCE_IMPORTERS: Record<string, Importer> = {
  aws_s3_bucket: bucket,
  aws_s3_bucket_policy: bucketPolicy,
  aws_s3_bucket_server_side_encryption_configuration: bucketEncryption,
  aws_dynamodb_table: table,
  aws_dynamodb_resource_policy: tablePolicy,
  aws_kms_key: kmsKey,
};
