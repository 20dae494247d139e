/**
 * The undocumented AWS behaviours (SEMANTICS.md [AMBIG]) a workspace can choose, as data for the Settings view:
 * each setting's id (the same id answers list in `assumptions`), its choices, the documented default, and a line
 * saying what it changes. Pure.
 */
import type { WorkspaceSettings } from '../../../../policy-engine/model/index';

/** One choice of a setting. */
export interface SettingChoice {
  value: string;
  label: string;
}

/** One switchable setting. */
export interface SettingDef {
  id: 'guestScopeDown' | 'multiValuedClaimMatch' | 'claimMatchCaseSensitive' | 'guestSubPresent';
  label: string;
  /** What it changes, in one line. */
  explanation: string;
  choices: SettingChoice[];
  /** The documented default's value. */
  defaultValue: string;
  /** Where AWS is silent or contradicts itself. */
  docUrl: string;
  /** Stored as a boolean in the workspace file (the choices are "true" and "false"). */
  boolean?: boolean;
}

const IAM_ROLES_DOC = 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html';
const RBAC_DOC = 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html';

/** A yes/no setting, stored as a boolean; its choices are "true" (the default) and "false". */
function booleanSetting(
  id: SettingDef['id'],
  label: string,
  explanation: string,
  whenTrue: string,
  whenFalse: string,
  docUrl: string,
): SettingDef {
  return {
    id,
    label,
    explanation,
    choices: [
      { value: 'true', label: whenTrue },
      { value: 'false', label: whenFalse },
    ],
    defaultValue: 'true',
    docUrl,
    boolean: true,
  };
}

/** The choice settings, in the order the view shows them (defaultPrincipalTagKeys is a pair of texts, shown apart). */
export const SETTING_DEFS: readonly SettingDef[] = [
  {
    id: 'guestScopeDown',
    label: 'Guest scope-down',
    explanation:
      "How Cognito's two session policies for guests (inline and managed) combine; decides which S3/DynamoDB actions a guest keeps.",
    choices: [
      { value: 'inline-or-managed', label: 'role ∩ (inline ∪ managed)' },
      { value: 'inline-and-managed', label: 'role ∩ inline ∩ managed' },
      { value: 'off', label: 'off (no scope-down)' },
    ],
    defaultValue: 'inline-or-managed',
    docUrl: IAM_ROLES_DOC,
  },
  {
    id: 'multiValuedClaimMatch',
    label: 'Array claims in mapping rules',
    explanation:
      'How Equals/Contains/StartsWith/NotEqual treat an array claim such as cognito:groups: any element matches, or the comma-joined string does.',
    choices: [
      { value: 'anyElement', label: 'any element' },
      { value: 'joinedString', label: 'joined string' },
    ],
    defaultValue: 'anyElement',
    docUrl: RBAC_DOC,
  },
  booleanSetting(
    'claimMatchCaseSensitive',
    'Rule matching is case-sensitive',
    'Whether a mapping rule\'s value "Admins" matches the claim "admins".',
    'case-sensitive',
    'case-insensitive',
    RBAC_DOC,
  ),
  booleanSetting(
    'guestSubPresent',
    'Guests carry cognito-identity.amazonaws.com:sub',
    'Whether policies that test the identity id (per-user folders, trust conditions) see it for guest sessions.',
    'present',
    'absent',
    IAM_ROLES_DOC,
  ),
];

/** The ids the Settings view can open (assumption ids that are settings). */
export const SETTING_IDS: ReadonlySet<string> = new Set([
  ...SETTING_DEFS.map((d) => d.id),
  'defaultPrincipalTagKeys',
  'scopeDownPolicies',
  // The user-pool settings (user-pool-settings.tsx).
  'preferredRoleFrom',
  'refreshTokenMaxDays',
  'passwordBaseline',
]);

/** Whether an assumption id names a setting the user can switch. */
export function isSetting(id: string): boolean {
  return SETTING_IDS.has(id);
}

/** The value a setting has in force (its default when unset), as the choice string. */
export function settingValue(settings: WorkspaceSettings | undefined, def: SettingDef): string {
  const v = settings?.[def.id];
  return v === undefined ? def.defaultValue : String(v);
}

/** The settings patch for choosing `value`; choosing the default removes the key, so the file records only choices. */
export function settingPatch(def: SettingDef, value: string): Partial<Record<keyof WorkspaceSettings, unknown>> {
  if (value === def.defaultValue) return { [def.id]: undefined };
  if (def.boolean) return { [def.id]: value === 'true' };
  return { [def.id]: value };
}

/** The documented default tag keys of the default principal-tag mapping (SEMANTICS §A5). */
export const DEFAULT_TAG_KEYS = { sub: 'username', aud: 'client' } as const;

/** The patch for the default principal-tag keys; blank or default values are removed. */
export function tagKeysPatch(
  current: WorkspaceSettings['defaultPrincipalTagKeys'],
  key: 'sub' | 'aud',
  value: string,
): Partial<Record<keyof WorkspaceSettings, unknown>> {
  const next: { sub?: string; aud?: string } = { ...(current ?? {}) };
  const v = value.trim();
  if (!v || v === DEFAULT_TAG_KEYS[key]) delete next[key];
  else next[key] = v;
  return { defaultPrincipalTagKeys: Object.keys(next).length ? next : undefined };
}

/** How many settings differ from the documented defaults. */
export function changedSettings(settings: WorkspaceSettings | undefined): number {
  if (!settings) return 0;
  const choices = SETTING_DEFS.filter(
    (d) => settings[d.id] !== undefined && String(settings[d.id]) !== d.defaultValue,
  ).length;
  return (
    choices +
    (settings.defaultPrincipalTagKeys && Object.keys(settings.defaultPrincipalTagKeys).length ? 1 : 0) +
    (settings.scopeDownPolicies ? 1 : 0) +
    (settings.scopeDownVersion ? 1 : 0)
  );
}

/** Parses an edited scope-down policy: the object, or the JSON error to show (nothing is applied until it parses). */
export function parsePolicyText(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v))
      return { ok: false, error: 'A policy is a JSON object ({ "Version": …, "Statement": [ … ] }).' };
    return { ok: true, value: v as Record<string, unknown> };
  } catch (e) {
    return { ok: false, error: `Not valid JSON yet: ${e instanceof Error ? e.message : String(e)}` };
  }
}
