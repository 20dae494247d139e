/**
 * The posture thresholds a workspace may set (workspace `settings`), with their defaults: how long a refresh token
 * may live for users who reach a privileged role (AWS's default RefreshTokenValidity, 30 days —
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html), and the
 * password policy a pool must meet (AWS's default for a new pool: 8 characters, uppercase, lowercase, numbers and
 * symbols — https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html).
 * Findings say which threshold they used and where it came from.
 */
import type { WorkspaceSettings } from '../model/workspace';

/** AWS's default refresh-token validity, in days. */
export const DEFAULT_REFRESH_TOKEN_MAX_DAYS = 30;

/** AWS's default password policy for a new user pool. */
export const AWS_DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
} as const;

/** The password policy a pool is held to. */
export type PasswordBaseline = {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
};

/** The longest refresh-token life allowed for privileged users, and whether a setting or the default gave it. */
export function refreshTokenThreshold(settings: WorkspaceSettings | undefined): {
  days: number;
  seconds: number;
  text: string;
} {
  const v = settings?.refreshTokenMaxDays;
  const days = typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_REFRESH_TOKEN_MAX_DAYS;
  const fromSetting = days !== DEFAULT_REFRESH_TOKEN_MAX_DAYS || typeof v === 'number';
  return {
    days,
    seconds: Math.round(days * 86400),
    text: fromSetting
      ? `the threshold is ${days} day${days === 1 ? '' : 's'} (settings.refreshTokenMaxDays; AWS's default validity is 30 days)`
      : "the threshold is AWS's default validity of 30 days (settings.refreshTokenMaxDays changes it)",
  };
}

/** The password policy pools are held to: AWS's default, with what settings.passwordBaseline overrides. */
export function passwordBaseline(settings: WorkspaceSettings | undefined): {
  baseline: PasswordBaseline;
  /** The fields settings.passwordBaseline set. */
  fromSetting: Set<keyof PasswordBaseline>;
  text: string;
} {
  const given = settings?.passwordBaseline ?? {};
  const baseline: PasswordBaseline = { ...AWS_DEFAULT_PASSWORD_POLICY };
  const set: string[] = [];
  const fromSetting = new Set<keyof PasswordBaseline>();
  if (typeof given.MinimumLength === 'number' && Number.isFinite(given.MinimumLength) && given.MinimumLength > 0) {
    baseline.MinimumLength = given.MinimumLength;
    fromSetting.add('MinimumLength');
    set.push(`MinimumLength ${given.MinimumLength}`);
  }
  for (const k of ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'] as const)
    if (typeof given[k] === 'boolean') {
      baseline[k] = given[k];
      fromSetting.add(k);
      set.push(`${k} ${given[k]}`);
    }
  return {
    baseline,
    fromSetting,
    text: set.length
      ? `the baseline is AWS's default with settings.passwordBaseline ${set.join(', ')}`
      : "the baseline is AWS's default (8 characters, uppercase, lowercase, numbers, symbols; settings.passwordBaseline changes it)",
  };
}
