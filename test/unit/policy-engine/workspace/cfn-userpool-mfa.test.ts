/**
 * A template's MFA settings kept as the pool's MFA configuration: AWS::Cognito::UserPool MfaConfiguration and
 * EnabledMfas (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP) become `MfaConfig` in GetUserPoolMfaConfig's shape, with the
 * template's line, so the MFA finding reads the same from a template as from `aws cognito-idp get-user-pool-mfa-config`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html
 */
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { mfaOf, userPoolSource } from '../../../../policy-engine/userpool';
import { mfaConfigOfTemplate } from '../../../../policy-engine/workspace/cfn-userpool';

const template = (mfaLines: string[]) =>
  [
    'Resources:',
    '  Pool:',
    '    Type: AWS::Cognito::UserPool',
    '    Properties:',
    '      UserPoolName: app-users',
    ...mfaLines.map((l) => `      ${l}`),
    '',
  ].join('\n');
const opts = { accountId: '123456789012', region: 'us-east-1', physicalIds: { Pool: 'us-east-1_Tmpl4te01' } };

describe('MFA from a CloudFormation user pool', () => {
  it('MfaConfiguration OPTIONAL with EnabledMfas [SOFTWARE_TOKEN_MFA] → MfaConfig with TOTP on, SMS off; line kept', () => {
    const { workspace, report } = importFiles(
      [
        {
          name: 'stack.yaml',
          text: template(['MfaConfiguration: OPTIONAL', 'EnabledMfas:', '  - SOFTWARE_TOKEN_MFA']),
        },
      ],
      opts,
    );
    expect(report.errors).toEqual([]);
    const entry = workspace.userPools![0];
    expect(entry.MfaConfig).toEqual({
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    expect(mfaOf(entry)).toBe('OPTIONAL');
    // Line 7 of the template: "EnabledMfas:".
    expect(userPoolSource(workspace, 'us-east-1_Tmpl4te01', { field: 'MfaConfig' })).toMatchObject({
      file: 'stack.yaml',
      line: 7,
    });
  });

  it('SMS_MFA and EMAIL_OTP are kept as their factor configurations', () => {
    expect(mfaConfigOfTemplate('ON', ['SMS_MFA', 'EMAIL_OTP'])).toEqual({
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: false },
      SmsMfaConfiguration: {},
      EmailMfaConfiguration: {},
    });
  });

  it('MfaConfiguration alone is kept (no factor facts invented); nothing set means no MfaConfig', () => {
    expect(mfaConfigOfTemplate('OFF', undefined)).toEqual({ MfaConfiguration: 'OFF' });
    expect(mfaConfigOfTemplate(undefined, undefined)).toBeUndefined();
    // EnabledMfas without MfaConfiguration: AWS's default OFF.
    expect(mfaConfigOfTemplate(undefined, ['SOFTWARE_TOKEN_MFA'])?.MfaConfiguration).toBe('OFF');
  });

  it('a bad EnabledMfas is an error at its path, naming the allowed values', () => {
    const { report } = importFiles(
      [{ name: 'stack.yaml', text: template(['MfaConfiguration: ON', 'EnabledMfas:', '  - TOTP']) }],
      opts,
    );
    expect(report.errors[0]).toMatchObject({ file: 'stack.yaml', path: 'Resources.Pool.Properties.EnabledMfas' });
    expect(report.errors[0].message).toContain('SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP');
  });
});
