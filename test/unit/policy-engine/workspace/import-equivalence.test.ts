/**
 * One account, four inputs: the AWS CLI exports, a CloudFormation template, a CDK cloud assembly (two stacks, the
 * table ARN passed by a cross-stack export) and a Terraform state (`terraform show -json`). Imported, each answers
 * the same requests the same way — decision, chosen role, how Cognito chose it and AWS's error.
 * Cross-stack references: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
 * Terraform JSON: https://developer.hashicorp.com/terraform/internals/json-format
 * Role resolution: https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import type { Request } from '../../../../policy-engine/model/request';

const dir = join(__dirname, '../../../fixtures/import');
const read = (name: string): ImportFile => ({ name, text: readFileSync(join(dir, name), 'utf8') });
const POOL = 'us-east-1:6f2c1d4e-3b5a-4c7d-9e8f-0a1b2c3d4e5f';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesPool1';
const CLIENT = '3n0tesapp5client6id7abcde';
const ID = 'us-east-1:5a1c0000-0000-4000-8000-000000000001';
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
const now = new Date('2026-12-07T00:00:00Z');
const tls = { 'aws:SecureTransport': 'true' };

// A template does not know its account: `--account` gives it (the assembly's manifest and the state name theirs).
const inputs: Record<string, { files: ImportFile[]; physicalIds?: Record<string, string>; accountId?: string }> = {
  'CLI exports': {
    files: [
      read('equivalence/cli/auth-details.json'),
      read('equivalence/cli/describe-identity-pool.json'),
      read('equivalence/cli/get-identity-pool-roles.json'),
      { ...read('equivalence/cli/bucket-policy.json'), resourceArn: 'arn:aws:s3:::notes-user-files' },
    ],
  },
  'CloudFormation template': {
    files: [read('equivalence/template.json')],
    physicalIds: { IdentityPool: POOL },
    accountId: '123456789012',
  },
  'CDK assembly': {
    files: [
      read('equivalence/cdk.out/manifest.json'),
      read('equivalence/cdk.out/AuthStack.template.json'),
      read('equivalence/cdk.out/DataStack.template.json'),
    ],
    physicalIds: { IdentityPool: POOL },
  },
  'Terraform state': { files: [read('terraform/state.json')] },
};

const user = (groups: string[] = [], extra: Record<string, unknown> = {}) => ({
  identityPoolId: POOL,
  provider: PROVIDER,
  identityId: ID,
  claims: { sub: 'u-1', aud: CLIENT, iss: `https://${PROVIDER}`, 'cognito:groups': groups, ...extra },
});
const requests: Request[] = [
  {
    id: 'guest reads public',
    identity: { identityPoolId: POOL, identityId: ID },
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-user-files/public/a.jpg',
    context: tls,
  },
  {
    id: 'guest writes public',
    identity: { identityPoolId: POOL, identityId: ID },
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::notes-user-files/public/a.jpg',
    context: tls,
  },
  {
    id: 'user writes own prefix',
    identity: user(),
    action: 's3:PutObject',
    resource: `arn:aws:s3:::notes-user-files/private/${ID}/n.txt`,
    context: tls,
  },
  {
    id: 'user reads another prefix',
    identity: user(),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-user-files/private/us-east-1:other/n.txt',
    context: tls,
  },
  {
    id: 'user over plain http',
    identity: user(),
    action: 's3:GetObject',
    resource: `arn:aws:s3:::notes-user-files/private/${ID}/n.txt`,
    context: { 'aws:SecureTransport': 'false' },
  },
  {
    id: 'user reads own notes',
    identity: user(),
    action: 'dynamodb:GetItem',
    resource: TABLE,
    context: { 'dynamodb:LeadingKeys': [ID] },
  },
  {
    id: 'user reads others notes',
    identity: user(),
    action: 'dynamodb:GetItem',
    resource: TABLE,
    context: { 'dynamodb:LeadingKeys': ['us-east-1:other'] },
  },
  { id: 'user deletes a note', identity: user(), action: 'dynamodb:DeleteItem', resource: TABLE },
  { id: 'admin deletes a note', identity: user(['admins']), action: 'dynamodb:DeleteItem', resource: TABLE },
  {
    id: 'admin lists the bucket',
    identity: user(['admins']),
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::notes-user-files',
    context: tls,
  },
  {
    id: 'token of another app client',
    identity: user([], { aud: 'someotherclient' }),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-user-files/public/a.jpg',
    context: tls,
  },
  {
    id: 'role directly',
    principal: 'arn:aws:iam::123456789012:role/NotesGuest',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-user-files/public/a.jpg',
    context: tls,
  },
];
const expected: Record<string, string> = {
  'guest reads public': 'allowed',
  'guest writes public': 'implicitDeny',
  'user writes own prefix': 'allowed',
  'user reads another prefix': 'implicitDeny',
  'user over plain http': 'explicitDeny',
  'user reads own notes': 'allowed',
  'user reads others notes': 'implicitDeny',
  'user deletes a note': 'implicitDeny',
  'admin deletes a note': 'allowed',
  'admin lists the bucket': 'allowed',
  'token of another app client': 'noCredentials',
  'role directly': 'allowed',
};

function answers(name: string) {
  const { files, physicalIds, accountId } = inputs[name];
  const { workspace, report } = importFiles(files, { physicalIds, accountId });
  expect(report.errors, name).toEqual([]);
  const pw = prepareWorkspace(workspace);
  return requests.map((req) => {
    const a = evaluateRequest(pw, req, { now });
    return {
      id: req.id,
      decision: a.decision,
      roleArn: a.roleArn ?? null,
      outcome: a.resolution?.outcome ?? null,
      source: a.resolution?.source ?? null,
      error: a.resolution?.error?.message ?? null,
      message: a.message ?? null,
    };
  });
}

describe('the same account from CLI exports, a template, a CDK assembly and a Terraform state', () => {
  const reference = answers('CLI exports');

  it('the CLI exports give the expected answers (the reference)', () => {
    expect(Object.fromEntries(reference.map((a) => [a.id, a.decision]))).toEqual(expected);
  });

  it.each(['CloudFormation template', 'CDK assembly', 'Terraform state'])(
    '%s answers every request identically',
    (name) => {
      expect(answers(name)).toEqual(reference);
    },
  );
});
