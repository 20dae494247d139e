/**
 * `importFiles` on AWS CLI outputs: each shape recognised, several files merged, conflicts reported, what a file does
 * not say inferred and reported (or an error that says how to name it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { defaultDocument } from '../../../../policy-engine/workspace/merge';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { auditWorkspace } from '../../../../policy-engine/analysis/findings/index';

const dir = join(__dirname, '../../../fixtures/import');
const fixture = (name: string, resourceArn?: string): ImportFile => ({
  name,
  text: readFileSync(join(dir, name), 'utf8'),
  ...(resourceArn ? { resourceArn } : {}),
});
const A = '123456789012';
const POOL = 'us-east-1:0d3f6a2e-1111-4a3b-9c1d-2e3f4a5b6c7d';

describe('detectKind', () => {
  it.each([
    ['auth-details-page1.json', 'iam-account-authorization-details'],
    ['get-role-AppAdmin.json', 'iam-get-role'],
    ['get-role-policy-AppAdmin-admin-notes.json', 'iam-get-role-policy'],
    ['get-policy-AppReports.json', 'iam-get-policy'],
    ['AppReports-v3.json', 'iam-get-policy-version'],
    ['list-attached-role-policies-AppAdmin.json', 'iam-list-attached-role-policies'],
    ['describe-identity-pool.json', 'cognito-describe-identity-pool'],
    ['get-identity-pool-roles.json', 'cognito-get-identity-pool-roles'],
    ['get-principal-tag-attribute-map.json', 'cognito-get-principal-tag-attribute-map'],
    ['bucket-policy.json', 's3-get-bucket-policy'],
    ['notes-resource-policy.json', 'dynamodb-get-resource-policy'],
    ['app-stack.yaml', 'cloudformation'],
    ['cdk.out/AppStack.template.json', 'cloudformation'],
    ['unknown-shape.json', null],
    ['malformed.json', null],
  ])('%s is %s', (name, kind) => {
    expect(detectKind(name, readFileSync(join(dir, name), 'utf8'))).toBe(kind);
  });

  it('recognises a Rolecall workspace', () => {
    expect(detectKind('w.json', '{"format":"rolecall-workspace","version":1}')).toBe('rolecall-workspace');
  });
});

describe('get-account-authorization-details', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html — paginated with Marker.
  it('merges several pages into one workspace and keeps documents as given (URL-encoded)', () => {
    const { workspace, report } = importFiles(
      [fixture('auth-details-page1.json'), fixture('auth-details-page2.json')],
      {},
    );
    expect(report.errors).toEqual([]);
    const roles = workspace.iam?.RoleDetailList ?? [];
    expect(roles.map((r) => r.RoleName)).toEqual(['AppAuth', 'AppGuest']);
    const auth = roles[0];
    expect(typeof auth.AssumeRolePolicyDocument).toBe('string');
    expect(auth.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(decodePolicy(auth.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [{ Action: 'sts:AssumeRoleWithWebIdentity' }],
    });
    expect(auth.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${A}:policy/AppBoundary`);
    expect(auth.Tags).toEqual([{ Key: 'team', Value: 'mobile' }]);
    expect(workspace.iam?.UserDetailList?.[0].GroupList).toEqual(['Admins']);
    expect(workspace.iam?.GroupDetailList?.[0].GroupName).toBe('Admins');
    expect(workspace.accountId).toBe(A);
    expect(report.inferred.join('\n')).toMatch(/accountId 123456789012/);
    // Both pages are in, so the "import the other pages" warning is dropped; page 1 alone keeps it.
    expect(report.warnings.filter((w) => w.code === 'import.truncated')).toEqual([]);
    const alone = importFiles([fixture('auth-details-page1.json')], {});
    expect(alone.report.warnings.find((w) => w.code === 'import.truncated')).toMatchObject({
      file: 'auth-details-page1.json',
      path: 'IsTruncated',
    });
    expect(workspace.sources?.[auth.Arn]).toMatchObject({ file: 'auth-details-page1.json', line: 3 });
  });

  // Only the default version of a managed policy takes effect:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
  it('keeps every version, and the default one is the one marked IsDefaultVersion', () => {
    const { workspace } = importFiles([fixture('auth-details-page2.json')], {});
    const files = workspace.iam?.Policies?.find((p) => p.PolicyName === 'AppFiles');
    expect(files?.PolicyVersionList?.map((v) => v.VersionId)).toEqual(['v2', 'v1']);
    expect(decodePolicy(files && defaultDocument(files))).toMatchObject({
      Statement: [{ Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] }],
    });
  });

  it('reports the same role with different content as a conflict naming both files and keeps the first', () => {
    const { workspace, report } = importFiles(
      [fixture('auth-details-page1.json'), fixture('auth-details-conflict.json')],
      {},
    );
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0].message).toContain('auth-details-page1.json');
    expect(report.conflicts[0].message).toContain('auth-details-conflict.json');
    expect(report.conflicts[0].message).toContain('AssumeRolePolicyDocument');
    const auth = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'AppAuth');
    expect(JSON.stringify(decodePolicy(auth?.AssumeRolePolicyDocument))).toContain('"authenticated"');
  });

  it('the same role twice with the same content (object vs URL-encoded, different RoleLastUsed) is no conflict', () => {
    const page = JSON.parse(fixture('auth-details-page1.json').text);
    const role = page.RoleDetailList[0];
    const copy = {
      RoleDetailList: [
        { ...role, AssumeRolePolicyDocument: decodePolicy(role.AssumeRolePolicyDocument), RoleLastUsed: {} },
      ],
    };
    const { report } = importFiles(
      [fixture('auth-details-page1.json'), { name: 'copy.json', text: JSON.stringify(copy) }],
      {},
    );
    expect(report.conflicts).toEqual([]);
  });
});

// get-policy-version carries no ARN: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
describe('per-role and per-policy outputs', () => {
  const files = () => [
    fixture('list-attached-role-policies-AppAdmin.json'),
    fixture('get-role-policy-AppAdmin-admin-notes.json'),
    fixture('AppReports-v3.json'),
    fixture('get-role-AppAdmin.json'),
    fixture('get-policy-AppReports.json'),
  ];

  it('put get-role, get-role-policy, list-attached-role-policies, get-policy and get-policy-version together, in any order', () => {
    const { workspace, report } = importFiles(files(), {});
    expect(report.errors).toEqual([]);
    const admin = workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'AppAdmin');
    expect(admin?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(['admin-notes']);
    expect(admin?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'AppReports', PolicyArn: `arn:aws:iam::${A}:policy/AppReports` },
    ]);
    const reports = workspace.iam?.Policies?.find((p) => p.PolicyName === 'AppReports');
    expect(reports?.DefaultVersionId).toBe('v3');
    expect(decodePolicy(reports && defaultDocument(reports))).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::app-reports/*' }],
    });
    expect(report.inferred).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^list-attached-role-policies-AppAdmin\.json: .*role arn:aws:iam::123456789012:role\/AppAdmin/,
        ),
        expect.stringMatching(
          /^AppReports-v3\.json: policy version belongs to arn:aws:iam::123456789012:policy\/AppReports/,
        ),
      ]),
    );
  });

  it('a get-policy-version output alone, with no --account, is an error asking for FILE=ARN', () => {
    const { report } = importFiles([fixture('policy-version-orphan.json')], {});
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: 'policy-version-orphan.json', code: 'import.needs-arn' });
    expect(report.errors[0].message).toContain('policy-version-orphan.json=arn:aws:iam::ACCOUNT:policy/NAME');
  });

  it('FILE=ARN names the policy of a get-policy-version output', () => {
    const arn = `arn:aws:iam::${A}:policy/team/Orphan`;
    const { workspace, report } = importFiles([fixture('policy-version-orphan.json', arn)], {});
    expect(report.errors).toEqual([]);
    expect(workspace.iam?.Policies?.[0]).toMatchObject({
      Arn: arn,
      PolicyName: 'Orphan',
      Path: '/team/',
      DefaultVersionId: 'v1',
    });
  });

  it('a get-role-policy for a role not imported is built from --account and reported as inferred', () => {
    const { workspace, report } = importFiles([fixture('get-role-policy-AppAdmin-admin-notes.json')], { accountId: A });
    expect(workspace.iam?.RoleDetailList?.[0]).toMatchObject({
      RoleName: 'AppAdmin',
      Arn: `arn:aws:iam::${A}:role/AppAdmin`,
    });
    expect(report.inferred.join('\n')).toMatch(/role AppAdmin was not imported; assumed/);
    const none = importFiles([fixture('get-role-policy-AppAdmin-admin-notes.json')], {});
    expect(none.report.errors[0].message).toMatch(/=arn:aws:iam::ACCOUNT:role\/AppAdmin/);
  });
});

describe('Cognito identity pools', () => {
  // DescribeIdentityPool + GetIdentityPoolRoles + GetPrincipalTagAttributeMap merge into one pool (CONTRACT §1).
  it('describe-identity-pool, get-identity-pool-roles and get-principal-tag-attribute-map merge into one pool', () => {
    const { workspace, report } = importFiles(
      [
        fixture('get-identity-pool-roles.json'),
        fixture('describe-identity-pool.json'),
        fixture('get-principal-tag-attribute-map.json'),
      ],
      {},
    );
    expect(report.errors).toEqual([]);
    expect(workspace.identityPools).toHaveLength(1);
    const pool = workspace.identityPools?.[0];
    expect(pool).toMatchObject({
      IdentityPoolId: POOL,
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      Roles: { authenticated: `arn:aws:iam::${A}:role/AppAuth` },
      PrincipalTagAttributeMaps: {
        'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': {
          UseDefaults: false,
          PrincipalTags: { dept: 'custom:dept' },
        },
      },
    });
    expect(
      pool?.RoleMappings?.['cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:7f1example2client3id4']
        .RulesConfiguration?.Rules[0].RoleARN,
    ).toBe(`arn:aws:iam::${A}:role/AppAdmin`);
    expect(workspace.region).toBe('us-east-1');
    expect(workspace.sources?.[POOL]?.file).toBe('describe-identity-pool.json');
  });

  // MatchType is one of Equals, Contains, StartsWith, NotEqual: https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MappingRule.html
  it('a wrong MatchType is refused with the file, path and line', () => {
    const text = fixture('get-identity-pool-roles.json').text.replace('"Contains"', '"Matches"');
    const { report } = importFiles([{ name: 'roles.json', text }], {});
    expect(report.errors[0]).toMatchObject({ file: 'roles.json' });
    expect(report.errors[0].path).toMatch(/RoleMappings\[".*"\]\.RulesConfiguration\.Rules\[0\]\.MatchType/);
    expect(report.errors[0].range?.start.line).toBeGreaterThan(5);
  });

  // Provenance of GetIdentityPoolRoles (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetIdentityPoolRoles.html):
  // recorded as POOLID#roles, like a template's AWS::Cognito::IdentityPoolRoleAttachment, so role-mapping findings point at it.
  it('get-identity-pool-roles records POOLID#roles at its Roles / RoleMappings, and role-mapping findings point there', () => {
    const { workspace, report } = importFiles(
      [fixture('describe-identity-pool.json'), fixture('get-identity-pool-roles.json')],
      {},
    );
    expect(report.errors).toEqual([]);
    const text = fixture('get-identity-pool-roles.json').text;
    const line = text.split('\n').findIndex((l) => l.includes('"Roles"')) + 1;
    expect(workspace.sources?.[`${POOL}#roles`]).toEqual({
      file: 'get-identity-pool-roles.json',
      line,
      column: text.split('\n')[line - 1].indexOf('"Roles"') + 1,
    });
    expect(workspace.sources?.[POOL]?.file).toBe('describe-identity-pool.json');

    // A shadowed rule (the same rule twice: first match wins, role-based-access-control.html) is reported at this file.
    const doc = JSON.parse(text);
    const key = Object.keys(doc.RoleMappings)[0];
    doc.RoleMappings[key].RulesConfiguration.Rules.push({ ...doc.RoleMappings[key].RulesConfiguration.Rules[0] });
    const twice = JSON.stringify(
      { RoleMappings: doc.RoleMappings, IdentityPoolId: doc.IdentityPoolId, Roles: doc.Roles },
      null,
      2,
    );
    const imported = importFiles(
      [fixture('describe-identity-pool.json'), { name: 'roles-twice.json', text: twice }],
      {},
    );
    expect(imported.report.errors).toEqual([]);
    // RoleMappings comes first in this file: the record points at it.
    expect(imported.workspace.sources?.[`${POOL}#roles`]).toEqual({ file: 'roles-twice.json', line: 2, column: 3 });
    const findings = auditWorkspace(prepareWorkspace(imported.workspace), {
      now: new Date('2026-11-01T00:00:00Z'),
      rules: ['rule-shadowed'],
    }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0].location).toMatchObject({
      kind: 'identityPool',
      provider: key,
      ruleIndex: 1,
      file: 'roles-twice.json',
      start: { line: 2, column: 3 },
    });
  });

  it('two pools disagreeing on a role mapping are a conflict', () => {
    const other = JSON.parse(fixture('get-identity-pool-roles.json').text);
    other.Roles.authenticated = `arn:aws:iam::${A}:role/Other`;
    const { report, workspace } = importFiles(
      [fixture('get-identity-pool-roles.json'), { name: 'other.json', text: JSON.stringify(other) }],
      {},
    );
    expect(report.conflicts[0].message).toMatch(
      /Roles\["authenticated"\] differs between get-identity-pool-roles\.json and other\.json/,
    );
    expect(workspace.identityPools?.[0].Roles?.authenticated).toBe(`arn:aws:iam::${A}:role/AppAuth`);
  });
});

describe('resource policies', () => {
  // get-bucket-policy returns only {"Policy": "<json string>"}: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
  it('get-bucket-policy: the bucket is inferred from the policy Resource ARNs and reported', () => {
    const { workspace, report } = importFiles([fixture('bucket-policy.json')], {});
    expect(workspace.resourcePolicies?.[0].resourceArn).toBe('arn:aws:s3:::app-user-files');
    expect(typeof workspace.resourcePolicies?.[0].policy).toBe('string');
    expect(workspace.resources).toEqual(['arn:aws:s3:::app-user-files', 'arn:aws:s3:::app-user-files/*']);
    expect(report.inferred[0]).toMatch(/bucket-policy\.json: bucket app-user-files/);
  });

  it('get-bucket-policy: from the file name when the policy names no bucket', () => {
    const { workspace, report } = importFiles([fixture('app-reports-policy.json')], {});
    expect(workspace.resourcePolicies?.[0].resourceArn).toBe('arn:aws:s3:::app-reports');
    expect(report.inferred[0]).toMatch(/from the file name/);
  });

  it('get-bucket-policy: an error asking for FILE=arn:aws:s3:::bucket when it cannot tell, and =ARN settles it', () => {
    const bad = importFiles([fixture('Policy_Output.json')], {});
    expect(bad.report.errors[0]).toMatchObject({ file: 'Policy_Output.json', code: 'import.needs-arn' });
    expect(bad.report.errors[0].message).toContain('Policy_Output.json=arn:aws:s3:::BUCKET');
    const good = importFiles([fixture('Policy_Output.json', 'arn:aws:s3:::reports-bucket')], {});
    expect(good.report.errors).toEqual([]);
    expect(good.workspace.resourcePolicies?.[0].resourceArn).toBe('arn:aws:s3:::reports-bucket');
  });

  // DynamoDB resource-based policies: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
  it('dynamodb get-resource-policy: the table is inferred from the policy, or named with =ARN', () => {
    const { workspace, report } = importFiles([fixture('notes-resource-policy.json')], {});
    expect(workspace.resourcePolicies?.[0].resourceArn).toBe(`arn:aws:dynamodb:us-east-1:${A}:table/Notes`);
    expect(workspace.resources).toEqual([`arn:aws:dynamodb:us-east-1:${A}:table/Notes`]);
    expect(report.inferred[0]).toMatch(/table arn:aws:dynamodb/);
    const text = JSON.stringify({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
      }),
      RevisionId: '1',
    });
    const bad = importFiles([{ name: 'x.json', text }], {});
    expect(bad.report.errors[0].message).toContain('x.json=arn:aws:dynamodb:REGION:ACCOUNT:table/NAME');
    const wrong = importFiles([{ name: 'x.json', text, resourceArn: 'arn:aws:s3:::nope' }], {});
    expect(wrong.report.errors[0].code).toBe('import.bad-arn');
  });

  it('an unreadable policy string is an error at its path', () => {
    const { report } = importFiles([{ name: 'p.json', text: '{\n  "Policy": "not json"\n}' }], {});
    expect(report.errors[0]).toMatchObject({
      file: 'p.json',
      path: 'Policy',
      range: { start: { line: 2, column: 3 } },
    });
  });
});

describe('bad files', () => {
  it('an unknown shape is a clear error naming the file', () => {
    const { report } = importFiles([fixture('unknown-shape.json')], {});
    expect(report.errors[0]).toMatchObject({ file: 'unknown-shape.json', code: 'import.unknown-shape' });
  });

  it('malformed JSON: file, JSON path and line/column, and the other files still load', () => {
    const { report, workspace } = importFiles([fixture('malformed.json'), fixture('bucket-policy.json')], {});
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      file: 'malformed.json',
      code: 'json.syntax',
      path: 'RoleDetailList[1]',
      range: { start: { line: 4, column: 5 } },
    });
    expect(workspace.resourcePolicies).toHaveLength(1);
  });

  it('a wrong type inside an export: file, JSON path and line/column', () => {
    const { report } = importFiles([fixture('wrong-type.json')], {});
    expect(report.errors[0]).toMatchObject({
      file: 'wrong-type.json',
      path: 'RoleDetailList[0].Arn',
      message: 'expected a string, found number',
      range: { start: { line: 5, column: 7 } },
    });
  });

  it('__proto__ keys are refused, not merged', () => {
    const { report } = importFiles([{ name: 'p.json', text: '{"RoleDetailList":[],"__proto__":{"x":1}}' }], {});
    expect(report.errors[0].code).toBe('json.forbidden-key');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('the result', () => {
  it('everything together makes one valid workspace, on top of a base workspace', () => {
    const base = {
      format: 'rolecall-workspace' as const,
      version: 1 as const,
      name: 'Base',
      settings: { guestScopeDown: 'off' as const },
    };
    const all = [
      'auth-details-page1.json',
      'auth-details-page2.json',
      'get-role-AppAdmin.json',
      'get-role-policy-AppAdmin-admin-notes.json',
      'list-attached-role-policies-AppAdmin.json',
      'get-policy-AppReports.json',
      'AppReports-v3.json',
      'describe-identity-pool.json',
      'get-identity-pool-roles.json',
      'get-principal-tag-attribute-map.json',
      'bucket-policy.json',
      'notes-resource-policy.json',
    ].map((n) => fixture(n));
    const { workspace, report } = importFiles(all, { base });
    expect(report.errors).toEqual([]);
    expect(report.loaded).toHaveLength(12);
    expect(workspace).toMatchObject({ name: 'Base', settings: { guestScopeDown: 'off' } });
    const back = parseWorkspaceText(serializeWorkspace(workspace), 'out.json');
    expect(back.ok).toBe(true);
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['AppAuth', 'AppGuest', 'AppAdmin']);
  });
});
