/**
 * Import benchmark (part of `npm run bench`): a 1,000-resource CloudFormation template and a 1,000-resource Terraform
 * state (`terraform show -json`), each imported as `rolecall import` would. Target: each under 1 s. A benchmark, not a
 * test: nothing asserts on time.
 */
import { importFiles } from '../../policy-engine/workspace/import';

const ACCOUNT = '123456789012';
const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
    },
  ],
};
const policy = (i: number) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bench-bucket-${i}/*` },
    { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T${i}` },
  ],
});

/** 1,000 resources: 250 each of roles (with an inline policy), managed policies, buckets and tables. */
export function benchTemplate(n = 1000): string {
  const Resources: Record<string, unknown> = {};
  for (let i = 0; i < n / 4; i++) {
    Resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: `BenchRole${i}`,
        AssumeRolePolicyDocument: trust,
        Policies: [{ PolicyName: 'p', PolicyDocument: policy(i) }],
        ManagedPolicyArns: [{ Ref: `Policy${i}` }],
      },
    };
    Resources[`Policy${i}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { ManagedPolicyName: `BenchPolicy${i}`, PolicyDocument: policy(i) },
    };
    Resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `bench-bucket-${i}` } };
    Resources[`Table${i}`] = {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: `T${i}`,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources }, null, 2);
}

/** 1,000 resources in a state, the same mix, half of them in a child module. */
export function benchState(n = 1000): string {
  const res = (address: string, type: string, values: Record<string, unknown>) => ({
    address,
    mode: 'managed',
    type,
    name: address.split('.').pop(),
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values,
    sensitive_values: {},
  });
  const root: unknown[] = [];
  const child: unknown[] = [];
  for (let i = 0; i < n / 4; i++) {
    const list = i % 2 ? child : root;
    const m = i % 2 ? 'module.app.' : '';
    const role = `BenchRole${i}`;
    list.push(
      res(`${m}aws_iam_role.r${i}`, 'aws_iam_role', {
        arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        name: role,
        path: '/',
        assume_role_policy: JSON.stringify(trust),
        inline_policy: [{ name: 'p', policy: JSON.stringify(policy(i)) }],
        managed_policy_arns: [`arn:aws:iam::${ACCOUNT}:policy/BenchPolicy${i}`],
      }),
      res(`${m}aws_iam_policy.p${i}`, 'aws_iam_policy', {
        arn: `arn:aws:iam::${ACCOUNT}:policy/BenchPolicy${i}`,
        name: `BenchPolicy${i}`,
        path: '/',
        policy: JSON.stringify(policy(i)),
      }),
      res(`${m}aws_s3_bucket.b${i}`, 'aws_s3_bucket', {
        arn: `arn:aws:s3:::bench-bucket-${i}`,
        bucket: `bench-bucket-${i}`,
        id: `bench-bucket-${i}`,
      }),
      res(`${m}aws_dynamodb_table.t${i}`, 'aws_dynamodb_table', {
        arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T${i}`,
        name: `T${i}`,
        id: `T${i}`,
      }),
    );
  }
  return JSON.stringify(
    {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: { root_module: { resources: root, child_modules: [{ address: 'module.app', resources: child }] } },
    },
    null,
    2,
  );
}

/** Imports each input a few times and prints the best and median times. */
export function runImportBench(): void {
  const cases: [string, string, string, Record<string, string>][] = [
    [
      '1,000-resource CloudFormation template',
      'bench.template.json',
      benchTemplate(),
      { accountId: ACCOUNT, region: 'us-east-1' },
    ],
    ['1,000-resource Terraform state        ', 'bench.state.json', benchState(), {}],
  ];
  for (const [label, name, text, opts] of cases) {
    const times: number[] = [];
    let roles = 0;
    let errors = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const { workspace, report } = importFiles([{ name, text }], opts);
      times.push(performance.now() - t);
      roles = workspace.iam?.RoleDetailList?.length ?? 0;
      errors = report.errors.length;
    }
    const first = times[0];
    times.sort((a, b) => a - b);
    process.stdout.write(
      `import ${label}: first ${first.toFixed(1)} ms, best ${times[0].toFixed(1)} ms, median ${times[2].toFixed(1)} ms (${(text.length / 1024).toFixed(0)} KiB, ${roles} roles, ${errors} errors; target < 1000 ms)\n`,
    );
  }
}
