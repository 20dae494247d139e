/**
 * `rolecall import` on `aws cognito-idp` outputs (test/fixtures/import/userpool, shaped as the CLI prints them):
 * describe-user-pool, describe-user-pool-client, list-groups and get-user-pool-mfa-config merge into one `userPools`
 * entry in any order, with the place of each part recorded for findings.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { userPoolSource, userPoolSourceKey } from '../../../../policy-engine/userpool';

const dir = join(__dirname, '../../../fixtures/import/userpool');
const file = (name: string, resourceArn?: string): ImportFile => ({
  name: `userpool/${name}`,
  text: readFileSync(join(dir, name), 'utf8'),
  ...(resourceArn ? { resourceArn } : {}),
});
const POOL = 'us-east-1_Ex4mpLe9Q';
const ALL = [
  'describe-user-pool.json',
  'describe-user-pool-client.json',
  'list-groups.json',
  'get-user-pool-mfa-config.json',
];

describe('recognising cognito-idp outputs', () => {
  it.each([
    ['describe-user-pool.json', 'cognito-describe-user-pool'],
    ['describe-user-pool-client.json', 'cognito-describe-user-pool-client'],
    ['list-groups.json', 'cognito-list-groups'],
    ['get-user-pool-mfa-config.json', 'cognito-get-user-pool-mfa-config'],
  ])('%s is %s', (name, kind) => {
    expect(detectKind(name, readFileSync(join(dir, name), 'utf8'))).toBe(kind);
  });

  it("IAM's list-groups output (GroupId, Arn) is not read as a user pool's", () => {
    const iam = JSON.stringify({
      Groups: [
        { Path: '/', GroupName: 'Admins', GroupId: 'AGPAEXAMPLE', Arn: 'arn:aws:iam::123456789012:group/Admins' },
      ],
    });
    expect(detectKind('groups.json', iam)).not.toBe('cognito-list-groups');
  });
});

describe('the four outputs make one user pool', () => {
  it('in any order: pool, client, groups and MFA configuration under the pool id', () => {
    for (const order of [ALL, [...ALL].reverse()]) {
      const { workspace, report } = importFiles(
        order.map((n) => file(n)),
        {},
      );
      expect(report.errors).toEqual([]);
      expect(report.conflicts).toEqual([]);
      expect(workspace.userPools).toHaveLength(1);
      const entry = workspace.userPools![0];
      expect(entry.UserPool.Id).toBe(POOL);
      expect(entry.UserPool.Name).toBe('notes-app-users');
      expect(entry.UserPool.Policies?.PasswordPolicy?.MinimumLength).toBe(6);
      expect(entry.Clients?.map((c) => c.ClientId)).toEqual(['5k2j8example0web0client1']);
      expect(entry.Clients?.[0].WriteAttributes).toContain('custom:tenant');
      expect(entry.Groups?.map((g) => g.GroupName)).toEqual(['admins', 'editors', 'beta']);
      expect(entry.MfaConfig?.MfaConfiguration).toBe('OPTIONAL');
      expect(entry.MfaConfig?.SoftwareTokenMfaConfiguration?.Enabled).toBe(true);
    }
  });

  it('the MFA configuration, which names no pool, goes to the only pool imported and says so', () => {
    const { report } = importFiles([file('describe-user-pool.json'), file('get-user-pool-mfa-config.json')], {});
    expect(report.inferred.some((i) => i.includes(`MFA configuration of user pool ${POOL}`))).toBe(true);
  });

  it('with no pool to go to, the MFA configuration is an error that says how to name the pool', () => {
    const { report } = importFiles([file('get-user-pool-mfa-config.json')], {});
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(
      /does not say which user pool.*=arn:aws:cognito-idp:REGION:ACCOUNT:userpool\/POOLID/,
    );
  });

  it('FILE=ARN names the pool of the MFA configuration; a wrong ARN is an error', () => {
    const arn = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`;
    const ok = importFiles([file('get-user-pool-mfa-config.json', arn)], {});
    expect(ok.report.errors).toEqual([]);
    expect(ok.workspace.userPools?.[0].UserPool.Id).toBe(POOL);
    const bad = importFiles([file('get-user-pool-mfa-config.json', 'arn:aws:iam::123456789012:role/X')], {});
    expect(bad.report.errors[0].message).toMatch(/is not a user pool ARN/);
  });

  it('the places of the pool, its fields, its client, its groups and its attributes are recorded (file and line)', () => {
    const { workspace } = importFiles(
      ALL.map((n) => file(n)),
      {},
    );
    const pool = userPoolSource(workspace, POOL);
    expect(pool).toMatchObject({ file: 'userpool/describe-user-pool.json', line: 2 });
    const mfa = userPoolSource(workspace, POOL, { field: 'MfaConfiguration' });
    expect(mfa?.line).toBe(272);
    expect(userPoolSource(workspace, POOL, { field: 'MfaConfig' })?.file).toBe(
      'userpool/get-user-pool-mfa-config.json',
    );
    expect(
      userPoolSource(workspace, POOL, { client: '5k2j8example0web0client1', field: 'WriteAttributes' }),
    ).toMatchObject({ file: 'userpool/describe-user-pool-client.json', line: 25 });
    expect(userPoolSource(workspace, POOL, { group: 'editors' })).toMatchObject({
      file: 'userpool/list-groups.json',
      line: 12,
    });
    expect(workspace.sources?.[userPoolSourceKey(POOL, { attribute: 'custom:tenant' })]?.file).toBe(
      'userpool/describe-user-pool.json',
    );
  });

  it('the imported workspace saves and loads again with its user pool', () => {
    const { workspace } = importFiles(
      ALL.map((n) => file(n)),
      {},
    );
    const again = parseWorkspaceText(serializeWorkspace(workspace), 'again.rolecall.json');
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.value.userPools?.[0].Groups).toHaveLength(3);
    // A workspace file given to import keeps its user pools.
    const round = importFiles([{ name: 'w.rolecall.json', text: serializeWorkspace(workspace) }], {});
    expect(round.workspace.userPools?.[0].Clients).toHaveLength(1);
  });

  it('a group of a bad shape is an error at its JSON path', () => {
    const text = JSON.stringify({ Groups: [{ GroupName: 'x', UserPoolId: POOL, Precedence: 'high' }] }, null, 2);
    const { report } = importFiles([{ name: 'groups.json', text }], {});
    expect(report.errors[0]).toMatchObject({ file: 'groups.json', path: 'Groups[0].Precedence' });
  });

  it('two files that disagree on a setting: a conflict naming both, the first kept', () => {
    const changed = JSON.parse(readFileSync(join(dir, 'describe-user-pool.json'), 'utf8')) as {
      UserPool: Record<string, unknown>;
    };
    changed.UserPool.MfaConfiguration = 'ON';
    const { workspace, report } = importFiles(
      [file('describe-user-pool.json'), { name: 'other.json', text: JSON.stringify(changed) }],
      {},
    );
    expect(workspace.userPools?.[0].UserPool.MfaConfiguration).toBe('OPTIONAL');
    expect(report.conflicts[0].message).toMatch(
      /MfaConfiguration differs between userpool\/describe-user-pool.json and other.json/,
    );
  });
});

describe('CloudFormation user pools (user-pool-stack.yaml)', () => {
  const stack = () =>
    importFiles([file('user-pool-stack.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
      physicalIds: { NotesUserPool: POOL, NotesWebClient: '7example0client0web0000' },
    });

  it('UserPool, UserPoolClient, UserPoolGroup and UserPoolUserToGroupAttachment become one userPools entry', () => {
    const { workspace, report } = stack();
    expect(report.errors).toEqual([]);
    expect(report.notImported).toEqual([]);
    const entry = workspace.userPools![0];
    expect(entry.UserPool).toMatchObject({
      Id: POOL,
      Name: 'notes-prod-users',
      MfaConfiguration: 'OFF',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Policies: { PasswordPolicy: { MinimumLength: 6, RequireNumbers: false } },
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Name: 'verified_phone_number', Priority: 1 },
          { Name: 'verified_email', Priority: 2 },
        ],
      },
    });
    expect(entry.Clients?.[0]).toMatchObject({
      ClientId: '7example0client0web0000',
      UserPoolId: POOL,
      RefreshTokenValidity: 3650,
      WriteAttributes: ['email', 'custom:tenant'],
    });
    expect(entry.Groups?.[0]).toMatchObject({
      GroupName: 'admins',
      Precedence: 0,
      RoleArn: 'arn:aws:iam::123456789012:role/NotesAdmin',
    });
    expect(entry.GroupMembers).toEqual({ admins: ['alice@example.com'] });
    // The identity pool lists the client under the pool's provider name (Fn::GetAtt ProviderName).
    expect(workspace.identityPools?.[0].CognitoIdentityProviders?.[0]).toMatchObject({
      ProviderName: `cognito-idp.us-east-1.amazonaws.com/${POOL}`,
      ClientId: '7example0client0web0000',
    });
  });

  it('a Schema name without a prefix is the custom: attribute Cognito creates; standard names stay (API_CreateUserPool.html)', () => {
    const { workspace } = stack();
    expect(workspace.userPools![0].UserPool.SchemaAttributes?.map((a) => a.Name)).toEqual(['email', 'custom:tenant']);
  });

  it("file and line of the pool's settings, the client's WriteAttributes and the group", () => {
    const { workspace } = stack();
    expect(userPoolSource(workspace, POOL)).toMatchObject({
      file: 'userpool/user-pool-stack.yaml',
      line: 8,
      logicalId: 'NotesUserPool',
    });
    expect(userPoolSource(workspace, POOL, { field: 'MfaConfiguration' })?.line).toBe(16);
    expect(userPoolSource(workspace, POOL, { attribute: 'custom:tenant' })?.line).toBe(38);
    expect(userPoolSource(workspace, POOL, { client: '7example0client0web0000', field: 'WriteAttributes' })?.line).toBe(
      57,
    );
    expect(userPoolSource(workspace, POOL, { group: 'admins' })).toMatchObject({ line: 60, logicalId: 'AdminsGroup' });
  });

  it('without --physical-id the pool id is a placeholder the report lists as unresolved', () => {
    const { workspace, report } = importFiles([file('user-pool-stack.yaml')], {
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(workspace.userPools![0].UserPool.Id).toBe('us-east-1_UNRESOLVEDNotesUserPool');
    expect(report.unresolved.some((u) => u.message.includes('--physical-id NotesUserPool='))).toBe(true);
  });

  it('a group without UserPoolId is an error at its place', () => {
    const text = [
      'Resources:',
      '  G:',
      '    Type: AWS::Cognito::UserPoolGroup',
      '    Properties:',
      '      GroupName: admins',
      '',
    ].join('\n');
    const { report } = importFiles([{ name: 't.yaml', text }], {});
    expect(report.errors[0]).toMatchObject({ file: 't.yaml', path: 'Resources.G.Properties.UserPoolId' });
    expect(report.errors[0].message).toMatch(/UserPoolId is required/);
  });
});
