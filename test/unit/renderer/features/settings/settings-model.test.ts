import { describe, expect, it } from 'vitest';
import {
  changedSettings,
  isSetting,
  parsePolicyText,
  SETTING_DEFS,
  settingPatch,
  settingValue,
  tagKeysPatch,
} from '../../../../../renderer/src/features/settings/settings-model';
import { setSettings } from '../../../../../renderer/src/features/editor/workspace-edit';
import type { Workspace } from '../../../../../policy-engine/model/workspace';

const def = (id: string) => SETTING_DEFS.find((d) => d.id === id)!;
const ws: Workspace = { format: 'rolecall-workspace', version: 1, name: 'x' };

describe('settings model (SEMANTICS [AMBIG] switches)', () => {
  // Guest scope-down combination is undocumented: https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
  it('marks the documented defaults and reads the value in force', () => {
    expect(def('guestScopeDown').defaultValue).toBe('inline-or-managed');
    expect(def('multiValuedClaimMatch').defaultValue).toBe('anyElement');
    expect(settingValue(undefined, def('claimMatchCaseSensitive'))).toBe('true');
    expect(settingValue({ claimMatchCaseSensitive: false }, def('claimMatchCaseSensitive'))).toBe('false');
    expect(settingValue({ guestScopeDown: 'off' }, def('guestScopeDown'))).toBe('off');
  });

  it('records only choices: the default removes the key, booleans are booleans', () => {
    expect(settingPatch(def('guestScopeDown'), 'inline-or-managed')).toEqual({ guestScopeDown: undefined });
    expect(settingPatch(def('guestScopeDown'), 'off')).toEqual({ guestScopeDown: 'off' });
    expect(settingPatch(def('guestSubPresent'), 'false')).toEqual({ guestSubPresent: false });
    expect(
      setSettings(setSettings(ws, { guestScopeDown: 'off' }), settingPatch(def('guestScopeDown'), 'inline-or-managed')),
    ).toEqual(ws);
  });

  it('edits the default principal-tag keys, dropping blanks and defaults', () => {
    expect(tagKeysPatch(undefined, 'sub', 'user')).toEqual({ defaultPrincipalTagKeys: { sub: 'user' } });
    expect(tagKeysPatch({ sub: 'user' }, 'sub', 'username')).toEqual({ defaultPrincipalTagKeys: undefined });
    expect(tagKeysPatch({ sub: 'user' }, 'aud', ' ')).toEqual({ defaultPrincipalTagKeys: { sub: 'user' } });
  });

  it('knows which assumption ids are settings, and counts the changed ones', () => {
    expect(isSetting('guestScopeDown')).toBe(true);
    expect(isSetting('classicFlowUnset')).toBe(false);
    expect(changedSettings(undefined)).toBe(0);
    expect(
      changedSettings({
        guestScopeDown: 'inline-or-managed',
        multiValuedClaimMatch: 'joinedString',
        scopeDownPolicies: { inline: {} },
      }),
    ).toBe(2);
  });

  it('applies an edited scope-down policy only once it is a JSON object', () => {
    expect(parsePolicyText('{"Version":"2012-10-17","Statement":[]}')).toEqual({
      ok: true,
      value: { Version: '2012-10-17', Statement: [] },
    });
    expect(parsePolicyText('{"Version":').ok).toBe(false);
    expect(parsePolicyText('[1]').ok).toBe(false);
  });

  it('setSettings ignores prototype keys and leaves the rest of the workspace alone', () => {
    const next = setSettings(ws, JSON.parse('{"__proto__": {"x": 1}, "guestSubPresent": false}'));
    expect(next.settings).toEqual({ guestSubPresent: false });
    expect(Object.prototype.hasOwnProperty.call(next.settings, '__proto__')).toBe(false);
    expect(next.name).toBe('x');
  });
});
