/**
 * Hostile and malformed input to `importFiles`: every case ends in a clear error (file, JSON path, line/column where
 * the input has them) or a clean import — never a crash, never a workspace that then fails to load, never silent loss.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../../policy-engine/model/diagnostic';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { MAX_INPUT_CHARS } from '../../../../policy-engine/workspace/json-source';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';

const A = '123456789012';
const opts = { accountId: A, region: 'us-east-1' };

function imp(files: ImportFile[], o: Parameters<typeof importFiles>[1] = opts) {
  const out = importFiles(files, o);
  // Whatever happened, what was built must load back.
  expect(parseWorkspaceText(serializeWorkspace(out.workspace), 'out.json').ok).toBe(true);
  return out;
}

function where(d: Diagnostic | undefined): string {
  return d ? `${d.file}:${d.range?.start.line}:${d.range?.start.column} ${d.path}` : '(none)';
}

describe('names that are also Object.prototype members', () => {
  it('resources called constructor/toString are ordinary resources; a Ref to an undefined "constructor" is unresolved', () => {
    const tpl = {
      Resources: {
        constructor: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: 'ctor', AssumeRolePolicyDocument: { Statement: [] } },
        },
        toString: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'to-string-bucket' } },
        R: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: { 'Fn::Sub': '${valueOf}-x' }, AssumeRolePolicyDocument: {} },
        },
      },
    };
    const { workspace, report } = imp([{ name: 't.json', text: JSON.stringify(tpl) }]);
    expect(report.errors).toEqual([]);
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['ctor', 'UNRESOLVED-valueOf-x']);
    expect(workspace.resources).toContain('arn:aws:s3:::to-string-bucket');
    expect(report.unresolved.map((d) => d.message)).toContain('Ref to valueOf, which the template does not define');
  });

  it('a --physical-id or --parameter lookup never answers with an inherited function', () => {
    const tpl = {
      Resources: { hasOwnProperty: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } },
    };
    const { workspace } = imp([{ name: 't.json', text: JSON.stringify(tpl) }], {
      ...opts,
      physicalIds: {},
      parameters: {},
    });
    expect(workspace.iam?.RoleDetailList?.[0].RoleName).toBe('stack-hasOwnProperty-GENERATED');
  });

  it('a role mapping keyed "constructor" merges across files like any other key', () => {
    const a = {
      IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
      Roles: {},
      RoleMappings: { constructor: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
    };
    const b = { ...a, RoleMappings: { constructor: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } } };
    const { workspace, report } = imp([
      { name: 'a.json', text: JSON.stringify(a) },
      { name: 'b.json', text: JSON.stringify(b) },
    ]);
    expect(Object.prototype.hasOwnProperty.call(workspace.identityPools?.[0].RoleMappings, 'constructor')).toBe(true);
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0].message).toMatch(/RoleMappings\["constructor"\] differs between a\.json and b\.json/);
  });
});

describe('wrong types in templates: errors at the template path and line, nothing half-added', () => {
  const yaml = (body: string): ImportFile => ({ name: 't.yaml', text: `Resources:\n${body}` });

  it('role attachment: Roles, Type and RulesConfiguration.Rules', () => {
    const { workspace, report } = imp([
      yaml(
        '  A:\n    Type: AWS::Cognito::IdentityPoolRoleAttachment\n    Properties:\n      IdentityPoolId: us-east-1:x\n      Roles: { authenticated: 5 }\n      RoleMappings:\n        k:\n          Type: Bogus\n          RulesConfiguration: { Rules: nope }\n',
      ),
    ]);
    expect(report.errors.map(where)).toEqual([
      't.yaml:6:16 Resources.A.Properties.Roles.authenticated',
      't.yaml:9:11 Resources.A.Properties.RoleMappings.k.Type',
      't.yaml:10:33 Resources.A.Properties.RoleMappings.k.RulesConfiguration.Rules',
    ]);
    expect(report.errors[1].message).toBe('expected "Token" or "Rules"');
    expect(workspace.identityPools ?? []).toEqual([]);
  });

  it('identity pool: a number for a boolean, a list for a map, a number for a provider', () => {
    const { report } = imp([
      yaml(
        '  P:\n    Type: AWS::Cognito::IdentityPool\n    Properties:\n      AllowUnauthenticatedIdentities: 7\n      CognitoIdentityProviders: [ 5 ]\n      SupportedLoginProviders: [a]\n',
      ),
    ]);
    expect(report.errors.map((e) => e.path).sort()).toEqual([
      'Resources.P.Properties.AllowUnauthenticatedIdentities',
      'Resources.P.Properties.CognitoIdentityProviders[0]',
      'Resources.P.Properties.SupportedLoginProviders',
    ]);
    expect(report.errors.every((e) => e.range && e.file === 't.yaml')).toBe(true);
  });

  it('principal tags, role properties, a resource that is not an object and a missing Type', () => {
    const { report } = imp([
      yaml(
        [
          '  T:\n    Type: AWS::Cognito::IdentityPoolPrincipalTag\n    Properties:\n      IdentityPoolId: us-east-1:x\n      IdentityProviderName: p\n      PrincipalTags: { a: [1] }',
          '  R:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns: [ { a: 1 } ]',
          '  S:\n    Type: AWS::IAM::Role\n    Properties:\n      PermissionsBoundary: [ x ]',
          '  U:\n    Type: AWS::IAM::Role\n    Properties:\n      Tags: [ { Key: a } ]',
          '  V: 5',
          '  W:\n    Properties: {}',
          '',
        ].join('\n'),
      ),
    ]);
    expect(report.errors.map((e) => e.path)).toEqual([
      'Resources.V',
      'Resources.W.Type',
      'Resources.R.Properties.ManagedPolicyArns[0]',
      'Resources.S.Properties.PermissionsBoundary',
      'Resources.U.Properties.Tags[0]',
      'Resources.T.Properties.PrincipalTags.a',
    ]);
    expect(report.errors.every((e) => e.range !== undefined)).toBe(true);
  });

  it('an IAM policy with Roles that is not a list of names, and a global table without Replicas', () => {
    const { report } = imp([
      yaml(
        '  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      PolicyDocument: { Statement: [] }\n      Roles: [ 7 ]\n  G:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      TableName: g\n',
      ),
    ]);
    expect(report.errors.every((e) => e.file === 't.yaml' && e.range !== undefined)).toBe(true);
    expect(report.errors.map((e) => e.path).sort()).toEqual([
      'Resources.G.Properties.Replicas',
      'Resources.P.Properties.Roles[0]',
    ]);
  });
});

describe('wrong types and unreadable policies in AWS CLI outputs', () => {
  it('a policy string that is not (URL-encoded) JSON is an error at its path and line, in every place a document sits', () => {
    const text = JSON.stringify(
      {
        RoleDetailList: [
          {
            RoleName: 'x',
            Arn: `arn:aws:iam::${A}:role/x`,
            AssumeRolePolicyDocument: 'not json',
            RolePolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%22Statement' }],
          },
        ],
        Policies: [
          {
            PolicyName: 'm',
            Arn: `arn:aws:iam::${A}:policy/m`,
            DefaultVersionId: 'v1',
            PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: '[1,2]' }],
          },
        ],
      },
      null,
      2,
    );
    const { workspace, report } = imp([{ name: 'auth.json', text }]);
    expect(report.errors.map((e) => e.path)).toEqual([
      'RoleDetailList[0].AssumeRolePolicyDocument',
      'RoleDetailList[0].RolePolicyList[0].PolicyDocument',
      'Policies[0].PolicyVersionList[0].Document',
    ]);
    expect(report.errors.map((e) => e.range?.start.line)).toEqual([6, 10, 24]);
    expect(workspace.iam?.RoleDetailList ?? []).toEqual([]);
  });

  it('a list that is not a list, and a Policy that is a number, are errors at their paths (not "unknown shape")', () => {
    const a = imp([{ name: 'a.json', text: '{"RoleDetailList": {}}' }]);
    expect(where(a.report.errors[0])).toBe('a.json:1:2 RoleDetailList');
    const b = imp([{ name: 'b.json', text: '{"Policy": 5}' }]);
    expect(where(b.report.errors[0])).toBe('b.json:1:2 Policy');
    expect(b.report.errors[0].message).toMatch(/expected a policy document/);
  });

  it('a duplicate key is a warning at its line (JSON.parse would keep the last one silently)', () => {
    const { workspace, report } = imp([
      {
        name: 'd.json',
        text: `{"RoleDetailList": [{"RoleName": "a", "Arn": "arn:aws:iam::${A}:role/a",\n "RoleName": "b"}]}`,
      },
    ]);
    const dup = report.warnings.find((w) => w.code === 'json.duplicate-key');
    expect(where(dup)).toBe('d.json:2:2 RoleDetailList[0].RoleName');
    expect(workspace.iam?.RoleDetailList?.[0].RoleName).toBe('b');
  });
});

describe('garbage, depth, size and YAML tricks', () => {
  it('binary data is refused as binary, whatever the file is called', () => {
    for (const name of ['x.json', 'x.yaml', 'x']) {
      const { report } = imp([{ name, text: 'PK\u0003\u0004\u0000\u0000\u0008\u0000garbage\u00ff\ufffd' }]);
      expect(report.errors.map((e) => e.code)).toEqual(['import.binary']);
    }
  });

  it('a .json file that is not JSON gets a JSON syntax error with line and column, not a YAML message', () => {
    const { report } = imp([{ name: 'x.json', text: 'hello: world\n' }]);
    expect(report.errors[0]).toMatchObject({ code: 'json.syntax', file: 'x.json' });
    expect(report.errors[0].range?.start).toEqual({ line: 1, column: 1 });
  });

  it('deeply nested JSON and YAML are refused with "nested too deeply"', () => {
    const json = imp([{ name: 'd.json', text: '['.repeat(200_000) + ']'.repeat(200_000) }]);
    expect(json.report.errors[0].message).toMatch(/nested too deeply/);
    const yaml = imp([{ name: 'd.yaml', text: 'Resources:\n  A: ' + '['.repeat(20_000) + ']'.repeat(20_000) }]);
    expect(yaml.report.errors[0].message).toMatch(/nested too deeply/);
  });

  it('a file over the size limit is refused before parsing', () => {
    const { report } = imp([{ name: 'huge.json', text: `{"x": "${'a'.repeat(MAX_INPUT_CHARS)}"}` }]);
    expect(report.errors[0].message).toMatch(/Rolecall reads files up to/);
  });

  it('a YAML alias bomb is refused; ordinary aliases and << merge keys (as SAM CLI expands them) work', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    bomb += 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata: *a8\n';
    const refused = imp([{ name: 'bomb.yaml', text: bomb }]);
    expect(refused.report.errors[0].message).toMatch(/aliases expand to more than/);
    const merge =
      'Metadata:\n  common: &common\n    Type: AWS::DynamoDB::Table\n    Properties: { TableName: shared }\nResources:\n  T:\n    <<: *common\n  U:\n    <<: *common\n    Properties: { TableName: own }\n';
    const ok = imp([{ name: 'merge.yaml', text: merge }]);
    expect(ok.report.errors).toEqual([]);
    expect(ok.workspace.resources).toEqual([
      `arn:aws:dynamodb:us-east-1:${A}:table/shared`,
      `arn:aws:dynamodb:us-east-1:${A}:table/own`,
    ]);
  });

  it('__proto__ keys in YAML are refused with their line', () => {
    const { report } = imp([{ name: 'p.yaml', text: 'Resources:\n  __proto__:\n    Type: AWS::S3::Bucket\n' }]);
    expect(where(report.errors[0])).toBe('p.yaml:2:3 Resources.__proto__');
    expect(({} as Record<string, unknown>).Type).toBeUndefined();
  });
});

describe('scale', () => {
  it('a template with 1,000 resources imports completely (roles, buckets, tables, policies attached)', () => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 250; i++) {
      resources[`Role${i}`] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: `r${i}`,
          AssumeRolePolicyDocument: { Statement: [] },
          Policies: [
            {
              PolicyName: 'p',
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': `\${Bucket${i}.Arn}/*` } },
                ],
              },
            },
          ],
        },
      };
      resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `b-${i}` } };
      resources[`Table${i}`] = { Type: 'AWS::DynamoDB::Table', Properties: { TableName: `t${i}` } };
      resources[`Extra${i}`] = {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyName: `x${i}`, Roles: [{ Ref: `Role${i}` }], PolicyDocument: { Statement: [] } },
      };
    }
    const { workspace, report } = imp([{ name: 'big.json', text: JSON.stringify({ Resources: resources }) }]);
    expect(report.errors).toEqual([]);
    expect(report.unresolved).toEqual([]);
    expect(workspace.iam?.RoleDetailList).toHaveLength(250);
    expect(workspace.iam?.RoleDetailList?.[249].RolePolicyList?.map((p) => p.PolicyName)).toEqual(['p', 'x249']);
    expect(JSON.stringify(workspace.iam?.RoleDetailList?.[7].RolePolicyList?.[0])).toContain('arn:aws:s3:::b-7/*');
    expect(workspace.resources).toHaveLength(750);
  });
});

describe('one template is one account', () => {
  // Same-account access needs no resource-policy grant; a template's roles, buckets and tables are in one account, so
  // the placeholder account is the workspace's (reported as such), never silently a second, foreign account.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_evaluation-logic-cross-account.html
  it('roles built with the unresolved-account placeholder make it the workspace account, and the report says so', () => {
    const tpl = {
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r', AssumeRolePolicyDocument: {} } } },
    };
    const { workspace, report } = imp([{ name: 't.json', text: JSON.stringify(tpl) }], {});
    expect(workspace.iam?.RoleDetailList?.[0].Arn).toBe('arn:aws:iam::000000000000:role/r');
    expect(workspace.accountId).toBe('000000000000');
    expect(report.inferred.join('\n')).toMatch(/accountId 000000000000: a placeholder for the account/);
    expect(report.unresolved.map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/AWS::AccountId is not known/)]),
    );
  });
});

describe('a bare policy document (aws s3api get-bucket-policy --query Policy --output text)', () => {
  const doc = (principal: boolean, resource: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', ...(principal ? { Principal: '*' } : {}), Action: '*', Resource: resource }],
    });

  it('belongs to the one bucket or table it names, or to FILE=ARN', () => {
    const a = imp([{ name: 'p.json', text: doc(true, 'arn:aws:s3:::app-reports/*') }]);
    expect(a.workspace.resourcePolicies?.map((p) => p.resourceArn)).toEqual(['arn:aws:s3:::app-reports']);
    expect(a.report.inferred[0]).toMatch(/bare policy document; it belongs to arn:aws:s3:::app-reports/);
    const b = imp([
      { name: 'p.json', text: doc(true, '*'), resourceArn: `arn:aws:dynamodb:us-east-1:${A}:table/Notes` },
    ]);
    expect(b.workspace.resourcePolicies?.map((p) => p.resourceArn)).toEqual([
      `arn:aws:dynamodb:us-east-1:${A}:table/Notes`,
    ]);
    const c = imp([{ name: 'p.json', text: doc(true, '*') }]);
    expect(c.report.errors[0]).toMatchObject({ code: 'import.needs-arn', file: 'p.json' });
  });

  // Resource policies name a Principal; identity policies do not:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  it('without a Principal it is an identity policy and is not filed as a bucket policy', () => {
    const { workspace, report } = imp([{ name: 'p.json', text: doc(false, 'arn:aws:s3:::app-reports/*') }]);
    expect(report.errors[0]).toMatchObject({ code: 'import.identity-policy', path: 'Statement' });
    expect(workspace.resourcePolicies ?? []).toEqual([]);
  });
});
