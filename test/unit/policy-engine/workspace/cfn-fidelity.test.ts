/**
 * Template imports that answer like the live account: the region a template pins, one account, every unresolved use
 * listed, unknowns kept unknown, CloudFormation's lenient YAML, one unsupported item skipped (not the file), exports
 * across templates, Conditions, nested stacks, cycles and unknown types.
 * Intrinsics: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 * Pseudo parameters: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';

const dir = join(__dirname, '../../../fixtures/import');
const read = (name: string): ImportFile => ({ name, text: readFileSync(join(dir, name), 'utf8') });
const json = (name: string, v: unknown): ImportFile => ({ name, text: JSON.stringify(v, null, 2) });
const trust = (aud: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': aud } },
    },
  ],
});

describe('the region a template pins', () => {
  const tpl = {
    Parameters: { UserPoolId: { Type: 'String', Default: 'eu-central-1_Abc123XyZ' } },
    Resources: {
      Pool: {
        Type: 'AWS::Cognito::IdentityPool',
        Properties: {
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [
            {
              ProviderName: { 'Fn::Sub': 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPoolId}' },
              ClientId: 'client1',
            },
          ],
        },
      },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'Notes' } },
    },
  };
  it('is inferred from a user pool id in a parameter default, used in provider names and ARNs, and reported with its place', () => {
    const { workspace, report } = importFiles([json('t.json', tpl)], {
      accountId: '123456789012',
      physicalIds: { Pool: 'eu-central-1:11111111-2222-4333-8444-555555555555' },
    });
    expect(report.errors).toEqual([]);
    expect(workspace.region).toBe('eu-central-1');
    expect(workspace.identityPools?.[0].CognitoIdentityProviders?.[0].ProviderName).toBe(
      'cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Abc123XyZ',
    );
    expect(workspace.resources).toContain('arn:aws:dynamodb:eu-central-1:123456789012:table/Notes');
    expect(report.inferred.join('\n')).toMatch(
      /region eu-central-1: inferred from the user pool id eu-central-1_Abc123XyZ at t\.json:\d+:\d+ \(Parameters\.UserPoolId\.Default\)/,
    );
    expect(report.unresolved.filter((d) => /AWS::Region/.test(d.message))).toEqual([]);
  });
  it('--region overrides the inference', () => {
    const { workspace, report } = importFiles([json('t.json', tpl)], {
      accountId: '123456789012',
      region: 'us-west-2',
    });
    expect(workspace.resources).toContain('arn:aws:dynamodb:us-west-2:123456789012:table/Notes');
    expect(report.inferred.join('\n')).not.toMatch(/region eu-central-1/);
  });
  it('templates naming two regions infer none and say which they name', () => {
    const other = {
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'r',
            AssumeRolePolicyDocument: trust('us-east-1:11111111-2222-4333-8444-555555555555'),
          },
        },
      },
    };
    const { report } = importFiles([json('t.json', tpl), json('u.json', other)], { accountId: '123456789012' });
    expect(report.warnings.find((w) => w.code === 'template.regions')?.message).toMatch(/eu-central-1.*us-east-1/);
    expect(report.unresolved.some((d) => /AWS::Region is not known/.test(d.message))).toBe(true);
  });
});

describe('unresolved values', () => {
  it('every use is listed with its own line, not only the first', () => {
    const text = [
      'Parameters:',
      '  Bucket:',
      '    Type: String',
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: r',
      '      AssumeRolePolicyDocument: {}',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: s3:GetObject',
      '                Resource: !Sub "arn:aws:s3:::${Bucket}/*"',
      '              - Effect: Allow',
      '                Action: s3:ListBucket',
      '                Resource: !Sub "arn:aws:s3:::${Bucket}"',
    ].join('\n');
    const { report } = importFiles([{ name: 't.yaml', text }], { accountId: '123456789012', region: 'us-east-1' });
    const uses = report.unresolved.filter((d) => /parameter Bucket has no default/.test(d.message));
    expect(uses.map((d) => d.range?.start.line)).toEqual([16, 19]);
  });

  it('one placeholder account for every template imported together, adopted as the workspace account', () => {
    const a = {
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r', AssumeRolePolicyDocument: {} } } },
    };
    const b = { Resources: { T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'T' } } } };
    const { workspace, report } = importFiles([json('a.json', a), json('b.json', b)], { region: 'us-east-1' });
    expect(workspace.accountId).toBe('000000000000');
    expect(workspace.resources).toContain('arn:aws:dynamodb:us-east-1:000000000000:table/T');
    expect(report.inferred.filter((i) => /^accountId 000000000000: a placeholder/.test(i))).toHaveLength(1);
  });

  // AllowUnauthenticatedIdentities: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypool.html
  it('an AllowUnauthenticatedIdentities that comes from a parameter without a value stays unknown: guests evaluated as allowed, and reported — never false', () => {
    const { workspace, report } = importFiles([read('stacks/notes-auth.yaml'), read('stacks/notes-data.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(workspace.identityPools?.[0].AllowUnauthenticatedIdentities).toBe(true);
    const flag = report.unresolved.find((d) => d.code === 'template.unresolved-flag');
    expect(flag?.message).toMatch(
      /AllowUnauthenticatedIdentities is "UNRESOLVED-AllowGuests".*guests are evaluated as allowed/,
    );
    expect(flag?.file).toBe('stacks/notes-data.yaml');
    const given = importFiles([read('stacks/notes-auth.yaml'), read('stacks/notes-data.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      parameters: { AllowGuests: 'false' },
    });
    expect(given.workspace.identityPools?.[0].AllowUnauthenticatedIdentities).toBe(false);
  });

  // CDK's unique names take the last group of the stack id's UUID: Fn::Select [4, Fn::Split ['-', Fn::Select [2, Fn::Split ['/', AWS::StackId]]]].
  it('AWS::StackId has a UUID-shaped placeholder, so CDK unique suffixes survive', () => {
    const suffix = {
      'Fn::Select': [4, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }],
    };
    const tpl = {
      Resources: {
        B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['uploads', suffix]] } } },
      },
    };
    const { workspace, report } = importFiles([json('t.json', tpl)], {
      accountId: '123456789012',
      region: 'us-east-1',
      parameters: { 'AWS::StackName': 'App' },
    });
    expect(workspace.resources?.[0]).toMatch(/^arn:aws:s3:::uploads-[0-9a-f]{12}$/);
    expect(report.unresolved.map((d) => d.message)).toEqual([
      expect.stringMatching(/AWS::StackId is only known after deployment/),
    ]);
  });
});

describe('lenient YAML and one unsupported item', () => {
  // CloudFormation and cfn-lint accept a flow sequence closed at its key's indentation.
  it('a closing ]] indented like its key is read (with a warning naming the line)', () => {
    const text = [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: r',
      '      AssumeRolePolicyDocument: {}',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: s3:GetObject',
      "                Resource: !Join ['', ['arn:aws:s3:::', 'files', '/*'",
      '                ]]',
      '              - Effect: Allow',
      "                Action: [s3:PutObject, # it's [a comment",
      '                  s3:DeleteObject]',
      '                Resource: "arn:aws:s3:::files/up/*"',
    ].join('\n');
    const { workspace, report } = importFiles([{ name: 'lenient.yaml', text }], {
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(report.errors).toEqual([]);
    const doc = decodePolicy(workspace.iam?.RoleDetailList?.[0].RolePolicyList?.[0].PolicyDocument) as {
      Statement: { Resource: string; Action: unknown }[];
    };
    expect(doc.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::files/*'],
      [['s3:PutObject', 's3:DeleteObject'], 'arn:aws:s3:::files/up/*'],
    ]);
    expect(report.warnings.find((w) => w.code === 'yaml.lenient-indent')?.range?.start.line).toBe(14);
  });

  it('really malformed YAML is still an error with its line', () => {
    const { report } = importFiles([{ name: 'bad.yaml', text: 'Resources:\n  R: [1, 2\n  S: {\n' }], {});
    expect(report.errors[0]).toMatchObject({ file: 'bad.yaml', code: 'yaml.syntax' });
  });

  // Amplify's auth stack maps roles with a custom resource's output; the role attachment is skipped, the rest imported.
  it('RoleMappings: !GetAtt of a custom resource skips the role attachment with a "not imported" entry; the pool and its roles stay', () => {
    const text = readFileSync(join(dir, 'stacks/custom-mappings.yaml'), 'utf8');
    const { workspace, report } = importFiles([{ name: 'stacks/custom-mappings.yaml', text }], {
      accountId: '123456789012',
      region: 'us-east-1',
      physicalIds: { IdentityPool: 'us-east-1:11111111-2222-4333-8444-555555555555' },
    });
    expect(report.errors).toEqual([]);
    expect(report.notImported.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /^RoleMap \(AWS::Cognito::IdentityPoolRoleAttachment\) is not imported: RoleMappings must be a map.*only known after deployment/,
      ),
    ]);
    expect(report.notImported[0].range?.start.line).toBeGreaterThan(1);
    expect(workspace.identityPools?.[0].IdentityPoolId).toBe('us-east-1:11111111-2222-4333-8444-555555555555');
    expect(
      workspace.iam?.RoleDetailList?.map((r) => r.RoleName)
        .filter((n) => n.startsWith('app-'))
        .sort(),
    ).toEqual(['app-auth', 'app-guest']);
  });
});

describe('several templates together', () => {
  // Exports: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
  it('Fn::ImportValue resolves the export of another template imported together; Conditions and Fn::If follow the parameter defaults', () => {
    const { report } = importFiles([read('stacks/notes-auth.yaml'), read('stacks/notes-data.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      parameters: { AllowGuests: 'true' },
      physicalIds: {
        UserPool: 'us-east-1_NotesPool1',
        WebClient: 'webclient1234567890abcdefg',
        IdentityPool: 'us-east-1:0d3f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      },
    });
    expect(report.errors).toEqual([]);
    // The auth stack's name was not given: its exports are named with the placeholder stack name, the data stack asks
    // for "notes-auth-…": unresolved with the export name.
    expect(report.unresolved.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Fn::ImportValue notes-auth-ProviderName: no template imported together exports it/),
      ]),
    );
    const named = importFiles([read('stacks/notes-auth.yaml'), read('stacks/notes-data.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      parameters: { AllowGuests: 'true', 'AWS::StackName': 'notes-auth' },
      physicalIds: {
        UserPool: 'us-east-1_NotesPool1',
        WebClient: 'webclient1234567890abcdefg',
        IdentityPool: 'us-east-1:0d3f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      },
    });
    expect(named.report.errors).toEqual([]);
    expect(named.report.unresolved).toEqual([]);
    expect(named.workspace.identityPools?.[0].CognitoIdentityProviders).toEqual([
      {
        ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesPool1',
        ClientId: 'webclient1234567890abcdefg',
      },
    ]);
    const auth = named.workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'notes-dev-auth');
    expect(auth?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(['own-notes', 'dev-scan']);
    expect(named.workspace.resources).toContain('arn:aws:dynamodb:us-east-1:123456789012:table/notes-dev');
    const prod = importFiles([read('stacks/notes-auth.yaml'), read('stacks/notes-data.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      parameters: { AllowGuests: 'true', Env: 'prod', 'AWS::StackName': 'notes-auth' },
    });
    expect(
      prod.workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'notes-prod-auth')?.RolePolicyList?.map(
        (p) => p.PolicyName,
      ),
    ).toEqual(['own-notes']);
    expect(prod.workspace.resources).toContain('arn:aws:dynamodb:us-east-1:123456789012:table/notes-prod');
    expect(parseWorkspaceText(serializeWorkspace(named.workspace), 'w.json').ok).toBe(true);
  });

  // AWS::CloudFormation::Stack Parameters: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html
  it('a nested stack with a local TemplateURL gets the parameters its parent passes, and the parent reads its outputs', () => {
    const { workspace, report } = importFiles([read('stacks/root.yaml'), read('stacks/auth/pool.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      physicalIds: { IdentityPool: 'us-east-1:0d3f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' },
    });
    expect(report.errors).toEqual([]);
    expect(report.unresolved).toEqual([]);
    const pool = workspace.identityPools?.[0];
    expect(pool?.Roles).toEqual({
      authenticated: 'arn:aws:iam::123456789012:role/root-auth',
      unauthenticated: 'arn:aws:iam::123456789012:role/root-guest',
    });
    expect(pool?.AllowUnauthenticatedIdentities).toBe(true);
    expect(pool?.IdentityPoolName).toBe('shop_prod');
    // The parent's role trust reads the child's output (Fn::GetAtt AuthStack.Outputs.IdentityPoolId).
    expect(
      JSON.stringify(
        workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'root-reports')?.AssumeRolePolicyDocument,
      ),
    ).toContain('us-east-1:0d3f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(report.warnings.some((w) => w.code === 'template.skipped')).toBe(false);
    // Without the child: the nested stack is "not read", with the file to import.
    const alone = importFiles([read('stacks/root.yaml')], { accountId: '123456789012', region: 'us-east-1' });
    expect(alone.report.warnings.find((w) => w.code === 'template.skipped')?.message).toMatch(
      /AuthStack \(AWS::CloudFormation::Stack\).*import it too \(auth\/pool\.yaml\)/,
    );
  });
});

describe('bad templates', () => {
  it('a circular dependency is an error naming the resources (as CloudFormation refuses it), nothing half-loaded', () => {
    const tpl = {
      Resources: {
        A: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': '${B}-a' }, AssumeRolePolicyDocument: {} } },
        B: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: { 'Fn::Join': ['-', [{ Ref: 'A' }, 'b']] }, AssumeRolePolicyDocument: {} },
        },
      },
    };
    const { workspace, report } = importFiles([json('cycle.json', tpl)], {
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(report.errors).toEqual([
      expect.objectContaining({
        code: 'template.cycle',
        file: 'cycle.json',
        message: expect.stringMatching(/^Circular dependency between resources: \[A, B\]/),
      }),
    ]);
    expect(report.errors[0].range?.start.line).toBe(3);
    expect(workspace.iam).toBeUndefined();
  });

  it('an unknown resource type is listed as not imported with its place and a did-you-mean', () => {
    const tpl = {
      Resources: {
        R: { Type: 'AWS::IAM::Rol', Properties: { RoleName: 'r' } },
        F: { Type: 'AWS::Lambda::Function', Properties: {} },
      },
    };
    const { report } = importFiles([json('typo.json', tpl)], { accountId: '123456789012', region: 'us-east-1' });
    expect(report.notImported).toEqual([
      expect.objectContaining({
        file: 'typo.json',
        path: 'Resources.R.Type',
        message: expect.stringMatching(
          /R is not imported: Rolecall does not read resources of type AWS::IAM::Rol \(did you mean AWS::IAM::Role\?\)/,
        ),
      }),
    ]);
    expect(report.notImported[0].range?.start.line).toBe(4);
  });
});

describe('trust policies a deploy-time custom resource rewrites', () => {
  // Amplify's auth category: UpdateRolesWithIDPFunction (inline code calling UpdateAssumeRolePolicy) rewrites the root
  // stack's AuthRole/UnauthRole trust policies (deployed with Effect Deny) to allow the new identity pool.
  it("Amplify Gen 1: the root stack's Deny trust policies are replaced by what UpdateRolesWithIDPFunction writes, and marked as not from the template", () => {
    const files = [
      'amplify-gen1/amplify/backend/awscloudformation/build/root-cloudformation-stack.json',
      'amplify-gen1/amplify/backend/auth/notesauth/build/notesauth-cloudformation-template.json',
      'amplify-gen1/amplify/backend/auth/notesauth/build/parameters.json',
      'amplify-gen1/amplify/backend/amplify-meta.json',
    ].map(read);
    const { workspace, report } = importFiles(files, {});
    expect(report.errors).toEqual([]);
    // One account: the root stack's, from amplify-meta.json (StackId), with the pushed ids.
    expect(workspace.accountId).toBe('123456789012');
    expect(workspace.region).toBe('us-east-1');
    expect(
      report.unresolved.filter(
        (d) => !/AWS::StackName|generates for (UserPoolClientWeb|UserPoolClient)$/.test(d.message),
      ),
    ).toEqual([]);
    expect(workspace.identityPools?.[0]).toMatchObject({
      IdentityPoolId: 'us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      AllowUnauthenticatedIdentities: true,
      Roles: {
        authenticated: 'arn:aws:iam::123456789012:role/amplify-notes-dev-123456-authRole',
        unauthenticated: 'arn:aws:iam::123456789012:role/amplify-notes-dev-123456-unauthRole',
      },
    });
    expect(
      workspace.identityPools?.[0].CognitoIdentityProviders?.map((p) => `${p.ProviderName}:${p.ClientId}`),
    ).toEqual([
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_NoTeS1234:nativeclient1234567890abcd',
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_NoTeS1234:webclient4567890abcdefghij',
    ]);
    const auth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'amplify-notes-dev-123456-authRole');
    expect(decodePolicy(auth?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [
        {
          Effect: 'Allow',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        },
      ],
    });
    expect(workspace.importNotes?.trustNotFinal?.[auth!.Arn]).toMatch(
      /rewritten at deploy time by UpdateRolesWithIDPFunctionOutputs/,
    );
    expect(report.warnings.filter((w) => w.code === 'template.trust-rewritten')).toHaveLength(2);
  });
});
