/**
 * The posture thresholds (workspace settings) with their defaults, and the workspace file's check of them.
 * AWS's RefreshTokenValidity default (30 days): https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
 * AWS's default password policy: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html
 */
import { describe, expect, it } from 'vitest';
import { passwordBaseline, refreshTokenThreshold } from '../../../../policy-engine/userpool/index';
import { parseWorkspaceText } from '../../../../policy-engine/workspace/schema';

describe('posture thresholds', () => {
  it('refresh tokens: 30 days by default, the setting otherwise, and the text says which', () => {
    expect(refreshTokenThreshold(undefined)).toMatchObject({ days: 30, seconds: 30 * 86400 });
    expect(refreshTokenThreshold(undefined).text).toContain("AWS's default validity of 30 days");
    const seven = refreshTokenThreshold({ refreshTokenMaxDays: 7 });
    expect(seven).toMatchObject({ days: 7, seconds: 7 * 86400 });
    expect(seven.text).toContain('7 days (settings.refreshTokenMaxDays');
  });

  it("password baseline: AWS's default, each field of the setting overriding it", () => {
    expect(passwordBaseline({}).baseline).toEqual({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    const b = passwordBaseline({ passwordBaseline: { MinimumLength: 14, RequireSymbols: false } });
    expect(b.baseline).toMatchObject({ MinimumLength: 14, RequireSymbols: false, RequireNumbers: true });
    expect([...b.fromSetting].sort()).toEqual(['MinimumLength', 'RequireSymbols']);
    expect(b.text).toContain('settings.passwordBaseline MinimumLength 14, RequireSymbols false');
  });

  it('a bad threshold in the workspace file is an error naming its JSON path', () => {
    const text = JSON.stringify({ format: 'rolecall-workspace', version: 1, settings: { refreshTokenMaxDays: -1 } });
    const r = parseWorkspaceText(text, 'ws.rolecall.json');
    expect(r.ok).toBe(false);
    // The CLI prints it as "ws.rolecall.json:1:56: settings.refreshTokenMaxDays: Too small: …".
    expect(JSON.stringify(r)).toContain('settings.refreshTokenMaxDays');
  });
});
