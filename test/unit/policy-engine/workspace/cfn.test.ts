/**
 * CloudFormation and CDK templates: short intrinsic forms, reference resolution with a chosen account and region,
 * unresolved references listed (never guessed), and provenance.
 * Intrinsics: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../../policy-engine/workspace/cfn-parse';
import { NO_VALUE, resolveValue } from '../../../../policy-engine/workspace/cfn-resolve';
import type { CfnContext } from '../../../../policy-engine/workspace/cfn-resolve';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';

const dir = join(__dirname, '../../../fixtures/import');
const read = (name: string) => ({ name, text: readFileSync(join(dir, name), 'utf8') });
const A = '123456789012';
const opts = {
  accountId: A,
  region: 'us-east-1',
  parameters: { UserPoolId: 'us-east-1_AbCdEf123', 'AWS::StackName': 'app' },
};

describe('YAML short forms', () => {
  it('every short form becomes its long form', () => {
    const yaml = [
      'a: !Ref X',
      'b: !GetAtt R.Arn',
      'c: !GetAtt [R, Arn]',
      'd: !Sub "x-${AWS::Region}"',
      'e: !Sub ["${A}", {A: 1}]',
      'f: !Join ["-", [a, b]]',
      'g: !Select [0, [a]]',
      'h: !Split [",", "a,b"]',
      'i: !If [C, 1, 2]',
      'j: !Equals [a, b]',
      'k: !Not [!Condition C]',
      'l: !And [!Condition C, !Condition D]',
      'm: !Or [!Condition C, !Condition D]',
      'n: !FindInMap [M, a, b]',
      'o: !ImportValue X',
      'p: !Base64 { "Fn::Sub": "x" }',
      'q: !Cidr ["10.0.0.0/16", 4, 8]',
      'r: !GetAZs ""',
      's: !GetAtt R.Attr.Nested',
    ].join('\n');
    const r = parseTemplate(yaml, 't.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.value).toEqual({
      a: { Ref: 'X' },
      b: { 'Fn::GetAtt': ['R', 'Arn'] },
      c: { 'Fn::GetAtt': ['R', 'Arn'] },
      d: { 'Fn::Sub': 'x-${AWS::Region}' },
      e: { 'Fn::Sub': ['${A}', { A: 1 }] },
      f: { 'Fn::Join': ['-', ['a', 'b']] },
      g: { 'Fn::Select': [0, ['a']] },
      h: { 'Fn::Split': [',', 'a,b'] },
      i: { 'Fn::If': ['C', 1, 2] },
      j: { 'Fn::Equals': ['a', 'b'] },
      k: { 'Fn::Not': [{ Condition: 'C' }] },
      l: { 'Fn::And': [{ Condition: 'C' }, { Condition: 'D' }] },
      m: { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] },
      n: { 'Fn::FindInMap': ['M', 'a', 'b'] },
      o: { 'Fn::ImportValue': 'X' },
      p: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
      q: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      r: { 'Fn::GetAZs': '' },
      s: { 'Fn::GetAtt': ['R', 'Attr.Nested'] },
    });
    expect(r.value.locate(['b'])).toEqual({ line: 2, column: 1 });
  });

  it('malformed YAML is an error with line and column', () => {
    const r = parseTemplate('Resources:\n  A: [1, 2\n', 'bad.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: 'bad.yaml', code: 'yaml.syntax' });
    expect(r.errors[0].range?.start.line).toBeGreaterThanOrEqual(2);
  });

  it('an alias bomb is refused, not expanded forever', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const r = parseTemplate(lines.join('\n'), 'bomb.yaml');
    expect(r.ok).toBe(false);
  });
});

describe('resolveValue', () => {
  const ctx = (): CfnContext => ({
    file: 't.yaml',
    resources: {},
    parameters: { Env: { Default: 'dev' }, Nets: { Type: 'CommaDelimitedList', Default: 'a,b' } },
    mappings: { M: { dev: { size: 'small' } } },
    conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } },
    values: {
      accountId: A,
      region: 'eu-west-1',
      partition: 'aws',
      stackName: 's',
      parameters: {},
      physicalIds: { 'shared-vpc': 'vpc-1' },
    },
    locate: () => ({ line: 1, column: 1 }),
    unresolved: [],
    conditionCache: new Map(),
  });
  it.each([
    [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
    [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::x']] }, 'arn:aws:s3:::x'],
    [
      { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${!Literal}' },
      `arn:aws:dynamodb:eu-west-1:${A}:table/\${Literal}`,
    ],
    [{ 'Fn::Sub': ['${a}-${Env}', { a: { Ref: 'AWS::StackName' } }] }, 's-dev'],
    [{ 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'size'] }, 'small'],
    [{ 'Fn::If': ['IsDev', 'yes', 'no'] }, 'yes'],
    [{ 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] }] }, true],
    [{ 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, false] }, false],
    [{ 'Fn::Base64': 'hé' }, 'aMOp'],
    [{ 'Fn::ImportValue': 'shared-vpc' }, 'vpc-1'],
    [{ Ref: 'Nets' }, ['a', 'b']],
    [{ 'Fn::Length': [1, 2, 3] }, 3],
    [{ 'Fn::ToJsonString': { a: { Ref: 'Env' } } }, '{"a":"dev"}'],
    [
      ['x', { Ref: 'AWS::NoValue' }, 'y'],
      ['x', 'y'],
    ],
  ])('%j → %j', (input, expected) => {
    const c = ctx();
    expect(resolveValue(c, input, [])).toEqual(expected);
    expect(c.unresolved).toEqual([]);
  });

  it('AWS::NoValue removes a property', () => {
    expect(resolveValue(ctx(), { a: 1, b: { Ref: 'AWS::NoValue' } }, [])).toEqual({ a: 1 });
    expect(resolveValue(ctx(), { Ref: 'AWS::NoValue' }, [])).toBe(NO_VALUE);
  });

  it('lists what cannot be known offline, with its template path, instead of guessing', () => {
    const c = ctx();
    resolveValue(
      c,
      {
        x: { 'Fn::GetAZs': '' },
        y: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
        z: { 'Fn::ImportValue': 'other' },
        w: { Ref: 'Missing' },
      },
      ['Outputs'],
    );
    expect(c.unresolved.map((d) => d.path)).toEqual([
      'Outputs.x["Fn::GetAZs"]',
      'Outputs.y["Fn::Cidr"]',
      'Outputs.z["Fn::ImportValue"]',
      'Outputs.w.Ref',
    ]);
    expect(c.unresolved.every((d) => d.file === 't.yaml' && d.severity === 'warning')).toBe(true);
  });
});

describe('app-stack.yaml (hand-written, short forms)', () => {
  it('roles: names, paths, trust, inline Sub policies, managed policy ARNs, boundary, tags; provenance points at the template', () => {
    const { workspace, report } = importFiles([read('app-stack.yaml')], {
      ...opts,
      physicalIds: {
        GuestRole: 'app-GuestRole-1A2B3C',
        IdentityPool: 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      },
    });
    expect(report.errors).toEqual([]);
    const auth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'app-auth');
    expect(auth).toMatchObject({
      Arn: `arn:aws:iam::${A}:role/app/app-auth`,
      Path: '/app/',
      Tags: [{ Key: 'env', Value: 'dev' }],
    });
    expect(auth?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${A}:policy/AppBoundary`);
    expect(auth?.AttachedManagedPolicies?.map((a) => a.PolicyArn)).toEqual([
      `arn:aws:iam::${A}:policy/NotesAccess`,
      'arn:aws:iam::aws:policy/AmazonCognitoReadOnly',
    ]);
    expect(decodePolicy(auth?.RolePolicyList?.[0].PolicyDocument)).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::app-user-files-dev/${cognito-identity.amazonaws.com:sub}/*' }],
    });
    expect(decodePolicy(auth?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [
        {
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
          },
        },
      ],
    });
    expect(workspace.sources?.[`arn:aws:iam::${A}:role/app/app-auth`]).toEqual({
      file: 'app-stack.yaml',
      line: 75,
      column: 3,
      logicalId: 'AuthRole',
    });
    // AWS::IAM::Policy with a Condition that holds attaches to the role it names by Ref.
    const guest = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'app-GuestRole-1A2B3C');
    expect(guest?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(['guest-read']);
    expect(decodePolicy(guest?.RolePolicyList?.[0].PolicyDocument)).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::app-user-files-dev/public/*' }],
    });
    // The managed policy, with its table ARN from !GetAtt [NotesTable, Arn].
    const notes = workspace.iam?.Policies?.find((p) => p.PolicyName === 'NotesAccess');
    expect(notes?.PolicyVersionList?.[0]).toMatchObject({
      IsDefaultVersion: true,
      Document: { Statement: [{ Resource: `arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev` }] },
    });
    expect(report.unresolved).toEqual([]);
  });

  it('the identity pool, role attachment (keyed by IdentityProvider) and principal tags', () => {
    const { workspace } = importFiles([read('app-stack.yaml')], {
      ...opts,
      physicalIds: { IdentityPool: 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
    });
    expect(workspace.identityPools).toHaveLength(1);
    const pool = workspace.identityPools?.[0];
    expect(pool).toMatchObject({
      IdentityPoolId: 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      IdentityPoolName: 'app_dev',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [
        {
          ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
          ClientId: '7f1example2client3id4',
          ServerSideTokenCheck: true,
        },
      ],
      SupportedLoginProviders: { 'accounts.google.com': '1234.apps.googleusercontent.com' },
      Roles: { authenticated: `arn:aws:iam::${A}:role/app/app-auth` },
      PrincipalTagAttributeMaps: {
        'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': {
          UseDefaults: false,
          PrincipalTags: { dept: 'custom:dept' },
        },
      },
    });
    // CFN's RoleMappings key is free-form; IdentityProvider names the provider (SEMANTICS §A1.2):
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-identitypoolroleattachment-rolemapping.html
    expect(Object.keys(pool?.RoleMappings ?? {})).toEqual([
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:7f1example2client3id4',
    ]);
    expect(workspace.sources?.['us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee']).toMatchObject({
      logicalId: 'IdentityPool',
      line: 63,
    });
  });

  it('buckets, bucket policy, table resource policy and global-table replicas become resources and resource policies', () => {
    const { workspace } = importFiles([read('app-stack.yaml')], opts);
    expect(workspace.resources).toEqual([
      'arn:aws:s3:::app-user-files-dev',
      'arn:aws:s3:::app-user-files-dev/*',
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev`,
      `arn:aws:dynamodb:us-east-1:${A}:table/GlobalNotes`,
      `arn:aws:dynamodb:eu-west-1:${A}:table/GlobalNotes`,
      // The per-user and public prefixes the roles' policies name come after, marked "from policy".
      'arn:aws:s3:::app-user-files-dev/${cognito-identity.amazonaws.com:sub}/*',
      'arn:aws:s3:::app-user-files-dev/public/*',
    ]);
    expect(workspace.importNotes?.fromPolicy).toEqual([
      'arn:aws:s3:::app-user-files-dev/${cognito-identity.amazonaws.com:sub}/*',
      'arn:aws:s3:::app-user-files-dev/public/*',
    ]);
    expect(workspace.resourcePolicies?.map((p) => p.resourceArn)).toEqual([
      'arn:aws:s3:::app-user-files-dev',
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes-dev`,
      `arn:aws:dynamodb:us-east-1:${A}:table/GlobalNotes`,
    ]);
    expect(decodePolicy(workspace.resourcePolicies?.[0].policy)).toMatchObject({
      Statement: [{ Resource: ['arn:aws:s3:::app-user-files-dev', 'arn:aws:s3:::app-user-files-dev/*'] }],
    });
  });

  it('parameters and conditions: Env=prod switches the bucket, guest access and the prod-only policy', () => {
    const { workspace, report } = importFiles([read('app-stack.yaml')], {
      ...opts,
      parameters: { ...opts.parameters, Env: 'prod' },
    });
    expect(workspace.resources?.[0]).toBe('arn:aws:s3:::app-user-files-prod');
    expect(workspace.identityPools?.[0].AllowUnauthenticatedIdentities).toBe(false);
    const auth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'app-auth');
    expect(auth?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(['own-files', 'prod-only']);
    expect(report.warnings.some((w) => w.code === 'template.condition-false')).toBe(false);
  });

  it('what cannot be resolved is listed with the template path and line, never guessed', () => {
    const { workspace, report } = importFiles([read('app-stack.yaml')], {});
    const messages = report.unresolved.map((d) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AWS::AccountId is not known: give --account ID/),
        expect.stringMatching(/^AWS::Region is not known and the templates do not pin one: give --region REGION/),
        expect.stringMatching(/^parameter UserPoolId has no default: give --parameter UserPoolId=VALUE/),
        expect.stringMatching(/the name AWS generates for GuestRole is not known: give --physical-id GuestRole=VALUE/),
        expect.stringMatching(/the identity pool id AWS generates for IdentityPool is not known/),
        expect.stringMatching(/^AWS::StackName is not known/),
      ]),
    );
    const account = report.unresolved.find((d) => d.message.startsWith('AWS::AccountId'));
    expect(account?.file).toBe('app-stack.yaml');
    expect(account?.range?.start.line).toBeGreaterThan(1);
    // The placeholders are deterministic: the same import twice gives the same workspace.
    expect(serializeWorkspace(importFiles([read('app-stack.yaml')], {}).workspace)).toBe(serializeWorkspace(workspace));
  });
});

describe('CDK synthesized template (cdk.out)', () => {
  const physicalIds = {
    UserFilesBucketE5D1B2C3: 'appstack-userfilesbuckete5d1b2c3-1q2w3e4r5t6y',
    NotesTable7A1B2C3D: 'AppStack-NotesTable7A1B2C3D-ABCDEF',
    UserPool6BA7E5F2: 'us-east-1_CdkPool1',
    UserPoolClient2F5918F7: '3abcdefghijklmnopqrstu1234',
    IdentityPool: 'us-east-1:12345678-1234-1234-1234-123456789abc',
    AuthRoleB2D4F6A8: 'AppStack-AuthRoleB2D4F6A8-XYZ',
    UnauthRole3E4F5A6B: 'AppStack-UnauthRole3E4F5A6B-XYZ',
  };

  it('resolves Fn::Join-heavy references with --physical-id and attaches the DefaultPolicy to its role', () => {
    const { workspace, report } = importFiles([read('cdk.out/AppStack.template.json')], {
      accountId: A,
      region: 'us-east-1',
      physicalIds,
    });
    expect(report.errors).toEqual([]);
    expect(report.unresolved).toEqual([]);
    const auth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'AppStack-AuthRoleB2D4F6A8-XYZ');
    const doc = decodePolicy(
      auth?.RolePolicyList?.find((p) => p.PolicyName === 'AuthRoleDefaultPolicy9C8B7A6D')?.PolicyDocument,
    ) as { Statement: { Resource: unknown }[] };
    expect(doc.Statement.map((s) => s.Resource)).toEqual([
      'arn:aws:s3:::appstack-userfilesbuckete5d1b2c3-1q2w3e4r5t6y/private/${cognito-identity.amazonaws.com:sub}/*',
      [`arn:aws:dynamodb:us-east-1:${A}:table/AppStack-NotesTable7A1B2C3D-ABCDEF`],
      `arn:aws:dynamodb:us-east-1:${A}:table/AppStack-NotesTable7A1B2C3D-ABCDEF/index/*`,
    ]);
    const unauth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'AppStack-UnauthRole3E4F5A6B-XYZ');
    expect(unauth?.AttachedManagedPolicies?.[0].PolicyArn).toBe('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    const pool = workspace.identityPools?.[0];
    expect(pool?.CognitoIdentityProviders).toEqual([
      {
        ClientId: '3abcdefghijklmnopqrstu1234',
        ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_CdkPool1',
        ServerSideTokenCheck: false,
      },
    ]);
    expect(pool?.RoleMappings).toEqual({
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_CdkPool1:3abcdefghijklmnopqrstu1234': {
        AmbiguousRoleResolution: 'AuthenticatedRole',
        IdentityProvider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_CdkPool1:3abcdefghijklmnopqrstu1234',
        Type: 'Token',
      },
    });
    expect(workspace.sources?.[`arn:aws:iam::${A}:role/AppStack-AuthRoleB2D4F6A8-XYZ`]).toMatchObject({
      file: 'cdk.out/AppStack.template.json',
      logicalId: 'AuthRoleB2D4F6A8',
    });
    expect(workspace.resources).toContain('arn:aws:s3:::appstack-userfilesbuckete5d1b2c3-1q2w3e4r5t6y/*');
    expect(parseWorkspaceText(serializeWorkspace(workspace), 'out.json').ok).toBe(true);
  });

  it('without --physical-id, generated names get listed placeholders', () => {
    const { workspace, report } = importFiles([read('cdk.out/AppStack.template.json')], {
      accountId: A,
      region: 'us-east-1',
    });
    expect(report.unresolved.map((d) => d.message).join('\n')).toMatch(/--physical-id AuthRoleB2D4F6A8=VALUE/);
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual([
      'stack-AuthRoleB2D4F6A8-GENERATED',
      'stack-UnauthRole3E4F5A6B-GENERATED',
    ]);
  });
});

describe('bad templates', () => {
  it('a policy that is not an object is an error naming the template path', () => {
    const t = {
      Resources: {
        R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r', AssumeRolePolicyDocument: 5, Policies: 'nope' } },
      },
    };
    const { report } = importFiles([{ name: 't.json', text: JSON.stringify(t, null, 2) }], { accountId: A });
    expect(report.errors.map((e) => e.path)).toEqual(['Resources.R.Properties.Policies']);
    expect(report.errors[0].range?.start.line).toBe(8);
  });

  it('AWS::IAM::RolePolicy adds an inline policy to the one role it names', () => {
    const t = {
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: 'r', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } },
        },
        P: {
          Type: 'AWS::IAM::RolePolicy',
          Properties: {
            RoleName: { Ref: 'R' },
            PolicyName: 'extra',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
            },
          },
        },
      },
    };
    const { workspace } = importFiles([{ name: 't.json', text: JSON.stringify(t) }], { accountId: A });
    expect(workspace.iam?.RoleDetailList?.[0].RolePolicyList?.map((p) => p.PolicyName)).toEqual(['extra']);
  });

  it('a policy attached to a role the workspace does not hold is a warning', () => {
    const t = {
      Resources: {
        P: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'p',
            Roles: ['Elsewhere'],
            PolicyDocument: { Version: '2012-10-17', Statement: [] },
          },
        },
      },
    };
    const { report } = importFiles([{ name: 't.json', text: JSON.stringify(t) }], { accountId: A });
    expect(report.warnings[0]).toMatchObject({ code: 'template.unknown-role', file: 't.json' });
  });

  it('a YAML file that is not a template is an unknown shape', () => {
    const { report } = importFiles([{ name: 'x.yaml', text: 'a: 1\n' }], {});
    expect(report.errors[0].code).toBe('import.unknown-shape');
  });
});
