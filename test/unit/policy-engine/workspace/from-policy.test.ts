/**
 * Import adds the resources the policies name (issue 10): a DynamoDB table, a bucket or a per-user prefix that only a
 * role's policy names becomes a matrix resource marked "from policy"; an ARN built from a value the import does not
 * know is never added as a guess. And the ARN check that the importer and the app's "Add resource" field share.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { checkResourceArn } from '../../../../policy-engine/workspace/resource-arn';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { buildMatrix } from '../../../../policy-engine/analysis/principal-matrix';
import type { CallerPrincipal } from '../../../../policy-engine/evaluate/types';

const dir = join(__dirname, '../../../fixtures/import');
const read = (name: string): ImportFile => ({ name, text: readFileSync(join(dir, name), 'utf8') });
const A = '123456789012';
const STACK = 'from-policy/identity-stack.yaml';
const SUB = '${cognito-identity.amazonaws.com:sub}';

describe('resources named only in a role policy', () => {
  // The identity stack grants access to a bucket and tables that a separately deployed data stack defines.
  const { workspace, report } = importFiles([read(STACK)], { accountId: A, region: 'us-east-1' });

  it('become workspace resources marked "from policy": the table, its indexes, the bucket and both prefixes', () => {
    const expected = [
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev`,
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev/index/*`,
      `arn:aws:s3:::notes-app-uploads-dev/private/${SUB}/*`,
      'arn:aws:s3:::notes-app-uploads-dev',
      'arn:aws:s3:::notes-app-uploads-dev/public/*',
    ];
    expect(workspace.resources).toEqual(expected);
    expect(workspace.importNotes?.fromPolicy).toEqual(expected);
  });

  it('each is reported with the policy, the role, the file and the line of the role', () => {
    const table = report.fromPolicy?.find((d) => d.message.includes('table/Notes-dev '));
    expect(table).toMatchObject({
      code: 'import.from-policy',
      severity: 'info',
      file: STACK,
      range: { start: { line: 31 } },
    });
    expect(table?.message).toMatch(
      /named by policy notes-data of role notes-auth-dev; no imported file defines this table/,
    );
    const guest = report.fromPolicy?.find((d) => d.message.includes('/public/*'));
    expect(guest).toMatchObject({ range: { start: { line: 88 } } });
  });

  it('an ARN built from a parameter without a default is not added, and is listed with the value it lacks', () => {
    expect(workspace.resources?.some((r) => r.includes('UNRESOLVED'))).toBe(false);
    const left = report.warnings.filter((w) => w.code === 'import.from-policy-unresolved');
    expect(left).toHaveLength(1);
    expect(left[0].message).toMatch(/table\/UNRESOLVED-AuditTableName.*"UNRESOLVED-AuditTableName"; see Unresolved/);
    expect(report.unresolved.some((d) => d.message.startsWith('parameter AuditTableName has no default'))).toBe(true);
  });

  it('given the parameter, that table is added too', () => {
    const given = importFiles([read(STACK)], {
      accountId: A,
      region: 'us-east-1',
      parameters: { AuditTableName: 'audit-log' },
    });
    expect(given.workspace.resources).toContain(`arn:aws:dynamodb:us-east-1:${A}:table/audit-log`);
    expect(given.report.warnings.some((w) => w.code === 'import.from-policy-unresolved')).toBe(false);
  });

  it('wildcards (arn:aws:s3:::*) and NotResource entries are not columns', () => {
    expect(workspace.resources).not.toContain('arn:aws:s3:::*');
    expect(workspace.resources?.some((r) => r.includes('table/Notes-*'))).toBe(false);
  });

  it('the matrix has columns for them: the auth role may write under its own prefix and read its own notes', () => {
    const pw = prepareWorkspace(workspace);
    const roleArn = `arn:aws:iam::${A}:role/notes-auth-dev`;
    const caller: CallerPrincipal = {
      kind: 'roleSession',
      arn: `arn:aws:sts::${A}:assumed-role/notes-auth-dev/CognitoIdentityCredentials`,
      accountId: A,
      roleArn,
      sessionName: 'CognitoIdentityCredentials',
      context: { 'cognito-identity.amazonaws.com:sub': 'us-east-1:0000aaaa-1111-4222-8333-444455556666' },
    };
    const resources = workspace.resources ?? [];
    const m = buildMatrix(pw, caller, ['s3:PutObject', 'dynamodb:Query'], resources, { now: new Date('2026-12-07') });
    const col = (arn: string) => resources.indexOf(arn);
    expect(m[0][col(`arn:aws:s3:::notes-app-uploads-dev/private/${SUB}/*`)]).toBe('allowed');
    expect(m[0][col('arn:aws:s3:::notes-app-uploads-dev/public/*')]).toBe('implicitDeny');
    expect(m[1][col(`arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev`)]).toBe('allowed');
  });

  it('the stack name placeholder is never taken for a name', () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: s3:GetObject',
      '                Resource:',
      '                  - !Sub arn:aws:s3:::${AWS::StackName}-uploads/*',
      '                  - arn:aws:s3:::fixed-name/*',
    ].join('\n');
    const r = importFiles([{ name: 't.yaml', text }], { accountId: A, region: 'us-east-1' });
    expect(r.workspace.resources).toEqual(['arn:aws:s3:::fixed-name/*']);
    expect(r.report.warnings.find((w) => w.code === 'import.from-policy-unresolved')?.message).toMatch(
      /stack-uploads\/\*.*"stack"/,
    );
  });

  it('from AWS CLI exports as from a template: a table no file describes is added', () => {
    const r = importFiles([read('auth-details-page1.json'), read('auth-details-page2.json')], {});
    expect(r.workspace.importNotes?.fromPolicy).toContain(`arn:aws:dynamodb:us-east-1:${A}:table/Notes`);
  });

  it('a resource a file defines is not marked "from policy"', () => {
    const r = importFiles([read('terraform/state.json')], {});
    expect(r.workspace.resources).toContain('arn:aws:s3:::notes-user-files');
    expect(r.workspace.importNotes?.fromPolicy ?? []).not.toContain('arn:aws:s3:::notes-user-files');
    expect(r.workspace.importNotes?.fromPolicy).toContain(`arn:aws:s3:::notes-user-files/private/${SUB}/*`);
  });
});

// ARN forms: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html and
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html (resource types);
// bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html.
describe('checkResourceArn', () => {
  const ctx = { region: 'us-east-1', accountId: A };
  it.each([
    ['arn:aws:s3:::app-files', 'bucket'],
    ['arn:aws:s3:::app-files/public/*', 'object'],
    [`arn:aws:s3:::app-files/private/${SUB}/*`, 'object'],
    [`arn:aws:dynamodb:us-east-1:${A}:table/Notes`, 'table'],
    [`arn:aws:dynamodb:eu-west-1:${A}:table/Notes/index/ByDate`, 'index'],
    ['arn:aws-cn:s3:::cn-files', 'bucket'],
  ])('%s is a %s', (arn, kind) => {
    expect(checkResourceArn(arn, ctx)).toMatchObject({ ok: true, arn, kind });
  });

  it.each([
    ['app-files', /is not an ARN/, 'arn:aws:s3:::app-files'],
    ['s3://app-files/public/', /S3 URI/, 'arn:aws:s3:::app-files/public/'],
    ['arn:aws:s3:us-east-1:123456789012:app-files', /no region or account/, 'arn:aws:s3:::app-files'],
    ['arn:aws:s3:::App_Files', /not a valid bucket name/, 'arn:aws:s3:::app-files'],
    ['arn:aws:s3:::app-files/', /needs a key/, 'arn:aws:s3:::app-files/*'],
    ['arn:aws:dynamodb:::table/Notes', /names its region/, `arn:aws:dynamodb:us-east-1:${A}:table/Notes`],
    ['arn:aws:dynamodb:us-east-1::table/Notes', /names its account/, `arn:aws:dynamodb:us-east-1:${A}:table/Notes`],
    [
      'arn:aws:dynamodbb:us-east-1:123456789012:table/Notes',
      /did you mean dynamodb/,
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes`,
    ],
    ['arn:aws:s4:::app-files', /did you mean s3/, 'arn:aws:s3:::app-files'],
    [
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes/stream/2024`,
      /stream is not a table/,
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes`,
    ],
    ['arn:aws:s3 :::app-files', /no spaces/, 'arn:aws:s3:::app-files'],
  ])('%s is refused (%s) with did-you-mean %s', (arn, why, suggestion) => {
    const r = checkResourceArn(arn, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(why);
    expect(r.didYouMean).toBe(suggestion);
  });

  it.each([
    ['arn:aws:s3:::*', /pattern/],
    [`arn:aws:dynamodb:us-east-1:${A}:table/*`, /pattern/],
    ['arn:aws:s3:::app-files/${aws:username}/*', /\$\{aws:username\} cannot be filled in/],
    ['arn:aws:sqs:us-east-1:123456789012:queue', /S3 and DynamoDB/],
    ['', /enter an ARN/],
  ])('%s is refused without a guess', (arn, why) => {
    const r = checkResourceArn(arn, ctx);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) {
      expect(r.error).toMatch(why);
      expect(r.didYouMean).toBeUndefined();
    }
  });
});
