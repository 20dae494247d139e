/**
 * The Settings view's user-pool thresholds as edits of workspace.settings: an empty or default value removes the key
 * (the file records only choices), a bad number is refused with the reason; and the audit follows the setting.
 * Defaults: AWS's RefreshTokenValidity of 30 days
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html) and AWS's
 * password policy for a new pool (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html).
 */
import { describe, expect, it } from 'vitest';
import {
  baselinePatch,
  daysTextFor,
  refreshDaysPatch,
} from '../../../../../renderer/src/features/settings/user-pool-settings';
import { isSetting } from '../../../../../renderer/src/features/settings/settings-model';

describe('user-pool settings as patches', () => {
  it('refresh-token days: a number is kept, 30 (the default) or empty removes the key, a bad one is refused', () => {
    expect(refreshDaysPatch('7')).toEqual({ ok: true, patch: { refreshTokenMaxDays: 7 } });
    expect(refreshDaysPatch('0.5')).toEqual({ ok: true, patch: { refreshTokenMaxDays: 0.5 } });
    expect(refreshDaysPatch('30')).toEqual({ ok: true, patch: { refreshTokenMaxDays: undefined } });
    expect(refreshDaysPatch(' ')).toEqual({ ok: true, patch: { refreshTokenMaxDays: undefined } });
    for (const bad of ['0', '-3', 'ten', '4000']) {
      const r = refreshDaysPatch(bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.error).toContain('3650');
    }
  });

  it('the days box keeps what is typed: 3, 30 (the default, no key), 300 each stay as typed', () => {
    // Each keystroke sends its patch; the settings then come back with refreshTokenMaxDays and the box resyncs.
    let text = '';
    let days: number | undefined;
    for (const typed of ['3', '30', '300']) {
      text = typed;
      const r = refreshDaysPatch(text);
      if (r.ok) days = r.patch.refreshTokenMaxDays as number | undefined;
      text = daysTextFor(text, days);
      expect(text).toBe(typed);
    }
    expect(days).toBe(300);
    // A change from elsewhere (undo, another window) still shows in the box.
    expect(daysTextFor('300', 7)).toBe('7');
    expect(daysTextFor('300', undefined)).toBe('');
    expect(daysTextFor('030', undefined)).toBe('030');
  });

  it("password baseline: a field different from AWS's default is kept; back to the default removes it", () => {
    expect(baselinePatch(undefined, 'MinimumLength', 12)).toEqual({ passwordBaseline: { MinimumLength: 12 } });
    expect(baselinePatch({ MinimumLength: 12 }, 'RequireSymbols', false)).toEqual({
      passwordBaseline: { MinimumLength: 12, RequireSymbols: false },
    });
    expect(baselinePatch({ MinimumLength: 12 }, 'MinimumLength', 8)).toEqual({ passwordBaseline: undefined });
    expect(baselinePatch({ RequireSymbols: false }, 'RequireSymbols', true)).toEqual({ passwordBaseline: undefined });
  });

  it('the settings an answer or finding names open in the Settings view', () => {
    for (const id of ['preferredRoleFrom', 'refreshTokenMaxDays', 'passwordBaseline']) expect(isSetting(id)).toBe(true);
  });
});
