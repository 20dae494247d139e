/**
 * The workspace's `userPools` (CONTRACT §1): DescribeUserPool's `UserPool`, DescribeUserPoolClient's `UserPoolClient`,
 * ListGroups' `Groups` and GetUserPoolMfaConfig, exactly as the cognito-idp API returns them.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html
 */
import { describe, expect, it } from 'vitest';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';

function workspace(userPools: unknown): string {
  return JSON.stringify({ format: 'rolecall-workspace', version: 1, userPools }, null, 2);
}

const pool = {
  UserPool: {
    Id: 'us-east-1_AbC123xyz',
    Name: 'app-users',
    Policies: {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 7,
      },
    },
    DeletionProtection: 'INACTIVE',
    LastModifiedDate: '2026-05-02T10:11:12.345000+00:00',
    SchemaAttributes: [
      {
        Name: 'sub',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: false,
        Required: true,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
      },
      {
        Name: 'custom:tenant',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: {},
      },
    ],
    AutoVerifiedAttributes: ['email'],
    MfaConfiguration: 'OFF',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
  },
  Clients: [
    {
      UserPoolId: 'us-east-1_AbC123xyz',
      ClientName: 'web',
      ClientId: '7f1example',
      RefreshTokenValidity: 30,
      TokenValidityUnits: { RefreshToken: 'days' },
      ReadAttributes: ['email'],
      WriteAttributes: ['email'],
    },
  ],
  Groups: [
    {
      GroupName: 'admins',
      UserPoolId: 'us-east-1_AbC123xyz',
      RoleArn: 'arn:aws:iam::123456789012:role/AppAdmin',
      Precedence: 0,
      CreationDate: '2026-05-01T09:00:00+00:00',
    },
  ],
  MfaConfig: { SoftwareTokenMfaConfiguration: { Enabled: false }, MfaConfiguration: 'OFF' },
};

describe('userPools in the workspace', () => {
  it('loads the AWS shapes as given, keeping fields Rolecall does not read, and round-trips', () => {
    const r = parseWorkspaceText(workspace([pool]), 'w.rolecall.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.userPools?.[0]).toEqual(pool);
    expect(r.diagnostics ?? []).toEqual([]);
    const again = parseWorkspaceText(serializeWorkspace(r.value), 'w.rolecall.json');
    expect(again.ok && again.value).toEqual(r.value);
  });

  it('refuses a wrong type or value with the JSON path and line', () => {
    const bad = structuredClone(pool) as unknown as {
      UserPool: { MfaConfiguration: string };
      Groups: { Precedence: unknown }[];
    };
    bad.UserPool.MfaConfiguration = 'MAYBE';
    let r = parseWorkspaceText(workspace([bad]), 'w.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({
        path: 'userPools[0].UserPool.MfaConfiguration',
        message: 'expected "OFF" or "ON" or "OPTIONAL"',
      });
      expect(r.errors[0].range?.start.line).toBeGreaterThan(1);
    }
    bad.UserPool.MfaConfiguration = 'OFF';
    bad.Groups[0].Precedence = '0';
    r = parseWorkspaceText(workspace([bad]), 'w.json');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        path: 'userPools[0].Groups[0].Precedence',
        message: 'expected a number, found string',
      });
  });

  it('needs the pool Id and each client its ClientId', () => {
    const r = parseWorkspaceText(workspace([{ UserPool: { Name: 'x' }, Clients: [{ ClientName: 'c' }] }]), 'w.json');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path)).toEqual(['userPools[0].UserPool.Id', 'userPools[0].Clients[0].ClientId']);
  });
});
