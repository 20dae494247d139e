/**
 * The resources access is granted to, with their resource policies: AWS::S3::Bucket (and its BucketEncryption),
 * AWS::S3::BucketPolicy, AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable (each replica's ResourcePolicy),
 * AWS::KMS::Key and AWS::KMS::Alias.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-globaltable.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-alias.html
 */
import { account, getAtt, ref } from '../cfn-resolve';
import { diag } from '../json-source';
import { addResource, addResourcePolicy } from '../merge';
import { addBucketEncryption, addKmsKey, bucketEncryptionFromTemplate, customerKeyMetadata } from '../import-kms';
import { isObj } from '../../guards';
import { objOf } from './context';
import type { Importer } from './context';

const bucket: Importer = (t, { id, base, pp, props }) => {
  const arn = String(getAtt(t.ctx, id, 'Arn', base));
  addResource(t.acc, arn);
  t.source(arn, id);
  t.items.push(arn);
  if (props.BucketEncryption === undefined) return;
  const sse = bucketEncryptionFromTemplate(props.BucketEncryption);
  if (typeof sse === 'string') t.error([...pp, 'BucketEncryption'], sse);
  else {
    addBucketEncryption(t.acc, { bucketArn: arn, ServerSideEncryptionConfiguration: sse }, t.file);
    t.source(`encryption:${arn}`, id);
  }
};

const kmsKey: Importer = (t, { id, base, pp, props }) => {
  const keyId = String(ref(t.ctx, id, base));
  const arn = String(getAtt(t.ctx, id, 'Arn', base));
  const policy = props.KeyPolicy;
  if (policy !== undefined && !t.policyOk(policy, [...pp, 'KeyPolicy'])) return;
  const enabled = props.Enabled === 'false' || props.Enabled === false ? false : true;
  addKmsKey(
    t.acc,
    {
      KeyMetadata: customerKeyMetadata(keyId, arn, enabled),
      // Without KeyPolicy, CloudFormation gives the key the default key policy (the account root may use the key).
      ...(policy !== undefined ? { Policy: policy as Record<string, unknown> } : {}),
    },
    t.file,
  );
  if (policy === undefined) {
    t.acc.report.warnings.push(
      diag(
        'template.default-key-policy',
        `${id} has no KeyPolicy: AWS gives it the default key policy, which allows the account root (delegates to IAM policies); Rolecall assumes that policy`,
        { file: t.file, path: pp, severity: 'info' },
      ),
    );
  }
  t.source(arn, id);
  if (policy !== undefined) t.source(`policy:${arn}`, id);
  t.items.push(arn);
};

const kmsAlias: Importer = (t, { pp, props }) => {
  if (typeof props.AliasName !== 'string' || typeof props.TargetKeyId !== 'string') {
    t.error(pp, 'AliasName and TargetKeyId are required');
    return;
  }
  const target = props.TargetKeyId;
  const key = (t.acc.ws.kmsKeys ?? []).find((k) => k.KeyMetadata.KeyId === target || k.KeyMetadata.Arn === target);
  if (!key) {
    t.acc.report.warnings.push(
      diag(
        'template.unknown-key',
        `alias ${props.AliasName} targets ${target}, a key not in the workspace; the alias is not applied`,
        { file: t.file, path: [...pp, 'TargetKeyId'], severity: 'warning' },
      ),
    );
    return;
  }
  addKmsKey(
    t.acc,
    {
      KeyMetadata: { KeyId: key.KeyMetadata.KeyId },
      Aliases: [{ AliasName: props.AliasName, TargetKeyId: key.KeyMetadata.KeyId }],
    },
    t.file,
  );
  t.items.push(`${props.AliasName} → ${key.KeyMetadata.Arn ?? key.KeyMetadata.KeyId}`);
};

const bucketPolicy: Importer = (t, { id, pp, props }) => {
  if (typeof props.Bucket !== 'string') {
    t.error([...pp, 'Bucket'], 'Bucket must name the bucket');
    return;
  }
  if (props.PolicyDocument === undefined) {
    t.error([...pp, 'PolicyDocument'], 'PolicyDocument is required');
    return;
  }
  if (!t.policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) return;
  const arn = `arn:${t.partition}:s3:::${props.Bucket}`;
  addResourcePolicy(t.acc, arn, props.PolicyDocument as Record<string, unknown>, t.file);
  addResource(t.acc, arn);
  t.source(arn, id);
  t.source(`policy:${arn}`, id);
  t.items.push(`policy of ${arn}`);
};

const table: Importer = (t, { id, base, pp, props }) => {
  const arn = String(getAtt(t.ctx, id, 'Arn', base));
  addResource(t.acc, arn);
  t.source(arn, id);
  t.items.push(arn);
  const doc = objOf(props.ResourcePolicy).PolicyDocument;
  if (doc !== undefined && t.policyOk(doc, [...pp, 'ResourcePolicy', 'PolicyDocument']))
    addResourcePolicy(t.acc, arn, doc, t.file);
};

/** One table per replica Region, each with the replica's resource policy. */
const globalTable: Importer = (t, { id, base, pp, props }) => {
  const name = String(ref(t.ctx, id, base));
  if (!Array.isArray(props.Replicas)) {
    t.error([...pp, 'Replicas'], 'Replicas must be a list (a global table has at least one replica)');
    return;
  }
  props.Replicas.forEach((rep, i) => {
    if (!isObj(rep) || typeof rep.Region !== 'string')
      return t.error([...pp, 'Replicas', i, 'Region'], 'each replica needs a Region');
    const arn = `arn:${t.partition}:dynamodb:${rep.Region}:${account(t.ctx, base)}:table/${name}`;
    addResource(t.acc, arn);
    t.source(arn, id);
    t.items.push(arn);
    const doc = objOf(rep.ResourcePolicy).PolicyDocument;
    if (doc !== undefined && t.policyOk(doc, [...pp, 'Replicas', i, 'ResourcePolicy', 'PolicyDocument']))
      addResourcePolicy(t.acc, arn, doc, t.file);
  });
};

/** The S3, DynamoDB and KMS types this module reads, each with its importer. */
export const RESOURCE_IMPORTERS: Record<string, Importer> = {
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': bucketPolicy,
  'AWS::DynamoDB::Table': table,
  'AWS::DynamoDB::GlobalTable': globalTable,
  'AWS::KMS::Key': kmsKey,
  'AWS::KMS::Alias': kmsAlias,
};
