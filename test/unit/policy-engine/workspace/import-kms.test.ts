/**
 * KMS keys and bucket default encryption from AWS CLI outputs and CloudFormation templates.
 * Shapes: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-bucketencryption.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';

const dir = join(__dirname, '../../../fixtures/import/kms');
const fixture = (name: string, resourceArn?: string): ImportFile => ({
  name,
  text: readFileSync(join(dir, name), 'utf8'),
  ...(resourceArn ? { resourceArn } : {}),
});
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('KMS and bucket-encryption outputs', () => {
  it.each([
    ['describe-key-uploads.json', 'kms-describe-key'],
    ['key-policy-1234abcd-12ab-34cd-56ef-1234567890ab.json', 'kms-get-key-policy'],
    ['list-aliases.json', 'kms-list-aliases'],
    ['demo-app-user-files-encryption.json', 's3-get-bucket-encryption'],
  ])('%s is %s', (name, kind) => {
    expect(detectKind(name, readFileSync(join(dir, name), 'utf8'))).toBe(kind);
  });

  it('an older get-key-policy output (Policy alone) is a key policy when its statements are kms: actions on "*"', () => {
    const text = JSON.stringify({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
        ],
      }),
    });
    expect(detectKind('p.json', text)).toBe('kms-get-key-policy');
    const bucket = JSON.stringify({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
      }),
    });
    expect(detectKind('p.json', bucket)).toBe('s3-get-bucket-policy');
  });

  it('describe-key + get-key-policy + list-aliases merge into one key; the policy finds its key from the file name', () => {
    const { workspace, report } = importFiles(
      [
        fixture('key-policy-1234abcd-12ab-34cd-56ef-1234567890ab.json'),
        fixture('describe-key-uploads.json'),
        fixture('list-aliases.json'),
      ],
      {},
    );
    expect(report.errors).toEqual([]);
    const keys = workspace.kmsKeys ?? [];
    const uploads = keys.find((k) => k.KeyMetadata.Arn === KEY);
    expect(uploads?.KeyMetadata.KeyManager).toBe('CUSTOMER');
    expect(uploads?.PolicyName).toBe('default');
    expect(decodePolicy(uploads?.Policy)).toMatchObject({
      Statement: [{ Sid: 'Enable IAM User Permissions' }, { Sid: 'Allow use of the key' }],
    });
    expect(uploads?.Aliases?.map((a) => a.AliasName)).toEqual(['alias/uploads']);
    // The AWS managed alias aws/s3 marks its key as AWS managed; aws/dynamodb has no key yet and is skipped.
    const awsS3 = keys.find((k) => k.Aliases?.some((a) => a.AliasName === 'alias/aws/s3'));
    expect(awsS3?.KeyMetadata).toMatchObject({
      KeyId: '0987dcba-09fe-87dc-65ba-ab0987654321',
      KeyManager: 'AWS',
      Arn: 'arn:aws:kms:us-east-1:123456789012:key/0987dcba-09fe-87dc-65ba-ab0987654321',
    });
    expect(keys).toHaveLength(2);
    expect(report.inferred.join('\n')).toMatch(/key policy of .*key id or alias found in the file name/);
    // The workspace file round-trips through the schema.
    const again = parseWorkspaceText(serializeWorkspace(workspace), 'w.json');
    expect(again.ok).toBe(true);
  });

  it('a key policy that names no key is an error that says how to name it; FILE=ARN names it', () => {
    const text = readFileSync(join(dir, 'key-policy-1234abcd-12ab-34cd-56ef-1234567890ab.json'), 'utf8');
    const bad = importFiles([{ name: 'policy.json', text }], {});
    expect(bad.report.errors.map((e) => e.message).join('\n')).toMatch(
      /policy\.json=arn:aws:kms:REGION:ACCOUNT:key\/KEY_ID/,
    );
    const good = importFiles([{ name: 'policy.json', text, resourceArn: KEY }], {});
    expect(good.report.errors).toEqual([]);
    expect(good.workspace.kmsKeys?.[0]).toMatchObject({
      KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY, AWSAccountId: '123456789012' },
      PolicyName: 'default',
    });
  });

  it('a bare {"Policy"} output named with a key ARN is read as that key policy, not a bucket policy', () => {
    const text = JSON.stringify({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:role/AppAuth' },
            Action: 'kms:Decrypt',
            Resource: '*',
          },
        ],
      }),
    });
    const { workspace, report } = importFiles([{ name: 'p.json', text, resourceArn: KEY }], {});
    expect(report.errors).toEqual([]);
    expect(workspace.resourcePolicies ?? []).toEqual([]);
    expect(workspace.kmsKeys?.[0].KeyMetadata.Arn).toBe(KEY);
  });

  it('get-bucket-encryption: the bucket comes from the file name (or FILE=ARN) and joins the resources', () => {
    const { workspace, report } = importFiles([fixture('demo-app-user-files-encryption.json')], {});
    expect(report.errors).toEqual([]);
    expect(workspace.bucketEncryption).toEqual([
      {
        bucketArn: 'arn:aws:s3:::demo-app-user-files',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY },
              BucketKeyEnabled: true,
            },
          ],
        },
      },
    ]);
    expect(workspace.resources).toContain('arn:aws:s3:::demo-app-user-files/*');
    const named = importFiles(
      [{ ...fixture('demo-app-user-files-encryption.json'), name: 'enc.json', resourceArn: 'other-bucket' }],
      {},
    );
    expect(named.workspace.bucketEncryption?.[0].bucketArn).toBe('arn:aws:s3:::other-bucket');
    const unnamed = importFiles([{ ...fixture('demo-app-user-files-encryption.json'), name: 'enc.json' }], {});
    expect(unnamed.report.errors[0]?.message).toMatch(/enc\.json=arn:aws:s3:::BUCKET/);
  });

  it('a wrong type in KeyMetadata is an error at its JSON path with line and column', () => {
    const text = '{\n  "KeyMetadata": {\n    "KeyId": 42\n  }\n}\n';
    const { report } = importFiles([{ name: 'k.json', text }], {});
    expect(report.errors[0]).toMatchObject({
      file: 'k.json',
      path: 'KeyMetadata.KeyId',
      range: { start: { line: 3 } },
    });
  });
});

describe('CloudFormation AWS::KMS::Key, AWS::KMS::Alias and BucketEncryption', () => {
  it('reads the key policy, the alias and each bucket default encryption in the API shape', () => {
    const { workspace, report } = importFiles([fixture('kms-stack.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      physicalIds: { UploadsKey: '5555aaaa-12ab-34cd-56ef-1234567890ab' },
    });
    expect(report.errors).toEqual([]);
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/5555aaaa-12ab-34cd-56ef-1234567890ab';
    expect(workspace.kmsKeys).toEqual([
      {
        KeyMetadata: {
          KeyId: '5555aaaa-12ab-34cd-56ef-1234567890ab',
          Arn: arn,
          AWSAccountId: '123456789012',
          KeyManager: 'CUSTOMER',
          Enabled: true,
          KeyState: 'Enabled',
        },
        Policy: {
          Version: '2012-10-17',
          Id: 'key-default-1',
          Statement: [
            {
              Sid: 'Enable IAM User Permissions',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::123456789012:root' },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
        Aliases: [{ AliasName: 'alias/uploads', TargetKeyId: '5555aaaa-12ab-34cd-56ef-1234567890ab' }],
      },
    ]);
    expect(workspace.bucketEncryption).toEqual([
      {
        bucketArn: 'arn:aws:s3:::app-uploads',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn },
              BucketKeyEnabled: true,
            },
          ],
        },
      },
      {
        bucketArn: 'arn:aws:s3:::app-logs',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      },
    ]);
  });

  it('a key id CloudFormation generates is listed as unresolved, never guessed silently', () => {
    const { workspace, report } = importFiles([fixture('kms-stack.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(report.unresolved.map((u) => u.message).join('\n')).toMatch(/UploadsKey/);
    expect(workspace.kmsKeys?.[0].KeyMetadata.KeyId).toMatch(/GENERATED/);
  });

  it('a BucketEncryption without rules is an error at its path', () => {
    const tpl =
      'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b1b\n      BucketEncryption:\n        ServerSideEncryptionConfiguration: aws:kms\n';
    const { report } = importFiles([{ name: 't.yaml', text: tpl }], {});
    expect(report.errors[0]).toMatchObject({ file: 't.yaml', path: 'Resources.B.Properties.BucketEncryption' });
  });
});
