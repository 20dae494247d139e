/**
 * The Settings view's user-pool part: which group gives cognito:preferred_role when AWS's wording does not settle it
 * (settings.preferredRoleFrom), and the posture thresholds the user-pool findings use, each with its default —
 * the longest refresh-token life for users who reach a privileged role (settings.refreshTokenMaxDays, AWS's default
 * validity of 30 days) and the password baseline (settings.passwordBaseline, AWS's default policy). Each change is an
 * edit of `workspace.settings`.
 */
import { useEffect, useState } from 'react';
import type { WorkspaceSettings } from '../../../../policy-engine/model/index';
import { AWS_DEFAULT_PASSWORD_POLICY, DEFAULT_REFRESH_TOKEN_MAX_DAYS } from '../../../../policy-engine/userpool/index';

type Patch = Partial<Record<keyof WorkspaceSettings, unknown>>;
type Baseline = NonNullable<WorkspaceSettings['passwordBaseline']>;
const CLASSES = ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'] as const;

/** The settings patch for a new refresh-token threshold text ('' = the default), or an error. */
export function refreshDaysPatch(text: string): { ok: true; patch: Patch } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, patch: { refreshTokenMaxDays: undefined } };
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0 || n > 3650)
    return { ok: false, error: 'a number of days above 0 and at most 3650 (AWS allows refresh tokens up to 10 years)' };
  return { ok: true, patch: { refreshTokenMaxDays: n === DEFAULT_REFRESH_TOKEN_MAX_DAYS ? undefined : n } };
}

/**
 * The days box's text once settings.refreshTokenMaxDays is `days`: the text typed so far when it already stands for
 * `days` (typing "30" sets the default, which removes the key, and must not empty the box before "300"), else `days`.
 */
export function daysTextFor(text: string, days: number | undefined): string {
  const r = refreshDaysPatch(text);
  if (r.ok && r.patch.refreshTokenMaxDays === days) return text;
  return days === undefined ? '' : String(days);
}

/** The settings patch for one field of the password baseline; AWS's default value removes the field. */
export function baselinePatch(
  current: Baseline | undefined,
  field: keyof Baseline,
  value: number | boolean | undefined,
): Patch {
  const next: Baseline = { ...(current ?? {}) };
  if (value === undefined || value === AWS_DEFAULT_PASSWORD_POLICY[field]) delete next[field];
  else (next as Record<string, unknown>)[field] = value;
  return { passwordBaseline: Object.keys(next).length ? next : undefined };
}

/** Props of UserPoolSettings. */
export interface UserPoolSettingsProps {
  settings: WorkspaceSettings | undefined;
  onChange(patch: Patch): void;
}

/** The user-pool settings. */
export function UserPoolSettings({ settings, onChange }: UserPoolSettingsProps) {
  const days = settings?.refreshTokenMaxDays;
  const [daysText, setDaysText] = useState(days === undefined ? '' : String(days));
  const [daysError, setDaysError] = useState<string | null>(null);
  useEffect(() => setDaysText((t) => daysTextFor(t, days)), [days]);
  const baseline = settings?.passwordBaseline;
  const preferred = settings?.preferredRoleFrom ?? 'groupsWithRole';
  return (
    <>
      <fieldset id="setting-preferredRoleFrom" className="setting" tabIndex={-1}>
        <legend>
          User-pool preferred role <code className="muted small">settings.preferredRoleFrom</code>
        </legend>
        <p className="hint">
          Which group gives a user's ID token its cognito:preferred_role when their best group by Precedence has no
          role. AWS says "the group with the lowest precedence value whose role ARN is given".{' '}
          <a
            href="https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html"
            target="_blank"
            rel="noreferrer"
          >
            AWS docs
          </a>
        </p>
        <div className="setting-choices" role="radiogroup" aria-label="User-pool preferred role">
          {(
            [
              ['groupsWithRole', 'the lowest-Precedence group that has a role'],
              ['bestGroup', 'the lowest-Precedence group (no claim when it has no role)'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="radio">
              <input
                type="radio"
                name="setting-preferredRoleFrom"
                checked={preferred === value}
                onChange={() => onChange({ preferredRoleFrom: value === 'groupsWithRole' ? undefined : value })}
              />
              {label}
              {value === 'groupsWithRole' && <span className="badge">default</span>}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset id="setting-refreshTokenMaxDays" className="setting" tabIndex={-1}>
        <legend>
          Longest refresh token for privileged users <code className="muted small">settings.refreshTokenMaxDays</code>
        </legend>
        <p className="hint">
          userpool-long-refresh-token reports an app client whose users reach a privileged role and whose refresh tokens
          live longer than this. Default: {DEFAULT_REFRESH_TOKEN_MAX_DAYS} days, AWS's default RefreshTokenValidity.
        </p>
        <div className="field inline">
          <label htmlFor="setting-refresh-days">Days (empty: {DEFAULT_REFRESH_TOKEN_MAX_DAYS})</label>
          <input
            id="setting-refresh-days"
            inputMode="decimal"
            value={daysText}
            placeholder={String(DEFAULT_REFRESH_TOKEN_MAX_DAYS)}
            aria-invalid={daysError ? true : undefined}
            onChange={(e) => {
              setDaysText(e.target.value);
              const r = refreshDaysPatch(e.target.value);
              if (r.ok) {
                setDaysError(null);
                onChange(r.patch);
              } else setDaysError(r.error);
            }}
          />
        </div>
        {daysError && (
          <p className="field-error" role="alert">
            settings.refreshTokenMaxDays: {daysError} (not applied)
          </p>
        )}
      </fieldset>
      <fieldset id="setting-passwordBaseline" className="setting" tabIndex={-1}>
        <legend>
          Password baseline <code className="muted small">settings.passwordBaseline</code>
        </legend>
        <p className="hint">
          userpool-weak-password-policy reports a user pool whose PasswordPolicy is weaker than this. Default: AWS's
          policy for a new pool ({AWS_DEFAULT_PASSWORD_POLICY.MinimumLength} characters, every character class).
        </p>
        <div className="field inline">
          <label htmlFor="setting-password-length">
            Minimum length <span className="muted">(default {AWS_DEFAULT_PASSWORD_POLICY.MinimumLength})</span>
          </label>
          <select
            id="setting-password-length"
            value={String(baseline?.MinimumLength ?? AWS_DEFAULT_PASSWORD_POLICY.MinimumLength)}
            onChange={(e) => onChange(baselinePatch(baseline, 'MinimumLength', Number(e.target.value)))}
          >
            {Array.from({ length: 99 - 6 + 1 }, (_, i) => i + 6).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="setting-choices">
          {CLASSES.map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={baseline?.[k] ?? AWS_DEFAULT_PASSWORD_POLICY[k]}
                onChange={(e) => onChange(baselinePatch(baseline, k, e.target.checked))}
              />
              {k}
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
