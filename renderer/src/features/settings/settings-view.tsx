/**
 * The Settings view: the choices where AWS's behaviour is undocumented (SEMANTICS.md [AMBIG]), each with a line on
 * what it changes and the documented default marked, and Cognito's guest scope-down policies (the shipped versions,
 * editable in Monaco). Every change is an edit of `workspace.settings`: undo, save and the change diff see it, and
 * the matrix, findings and answers re-evaluate.
 */
import { useEffect, useRef, useState } from 'react';
import type { WorkspaceSettings } from '../../../../policy-engine/model/index';
import { SCOPE_DOWN_IDS, SCOPE_DOWN_VERSIONS } from '../../../../policy-engine/cognito/index';
import { PolicyViewer } from '../editor/policy-viewer';
import { UserPoolSettings } from './user-pool-settings';
import {
  DEFAULT_TAG_KEYS,
  parsePolicyText,
  SETTING_DEFS,
  settingPatch,
  settingValue,
  tagKeysPatch,
} from './settings-model';

type Patch = Partial<Record<keyof WorkspaceSettings, unknown>>;

/** Props of SettingsView. */
export interface SettingsViewProps {
  settings: WorkspaceSettings | undefined;
  onChange(patch: Patch): void;
  /** The setting to bring into view (from an "unverified" link). */
  focus: { id: string; nonce: number } | null;
  theme: 'light' | 'dark';
}

/** The Settings view. */
export function SettingsView({ settings, onChange, focus, theme }: SettingsViewProps) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus) return;
    const el = root.current?.querySelector<HTMLElement>(`#setting-${focus.id}`);
    el?.scrollIntoView({ block: 'center' });
    (el?.querySelector<HTMLElement>('input:checked, input, select') ?? el)?.focus();
  }, [focus]);

  return (
    <div className="settings-view" ref={root}>
      <h2>Assumptions: where AWS does not document the behaviour</h2>
      <p className="hint">
        Answers that depend on one of these list it as <span className="badge badge-warn">unverified</span>. The
        defaults are Rolecall's best reading of the documentation; verify against a real account before relying on an
        answer that depends on them. Changing a setting is an edit (undo, save, change diff).
      </p>
      {SETTING_DEFS.map((def) => {
        const value = settingValue(settings, def);
        return (
          <fieldset key={def.id} id={`setting-${def.id}`} className="setting" tabIndex={-1}>
            <legend>
              {def.label} <code className="muted small">settings.{def.id}</code>
            </legend>
            <p className="hint">
              {def.explanation}{' '}
              <a href={def.docUrl} target="_blank" rel="noreferrer">
                AWS docs
              </a>
            </p>
            <div className="setting-choices" role="radiogroup" aria-label={def.label}>
              {def.choices.map((c) => (
                <label key={c.value} className="radio">
                  <input
                    type="radio"
                    name={`setting-${def.id}`}
                    value={c.value}
                    checked={value === c.value}
                    onChange={() => onChange(settingPatch(def, c.value))}
                  />
                  {c.label}
                  {c.value === def.defaultValue && <span className="badge">default</span>}
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
      <fieldset id="setting-defaultPrincipalTagKeys" className="setting" tabIndex={-1}>
        <legend>
          Default principal-tag keys <code className="muted small">settings.defaultPrincipalTagKeys</code>
        </legend>
        <p className="hint">
          With UseDefaults, Cognito tags the session with the user and the app client; AWS names them only "username and
          clientID". The keys decide what <code>aws:PrincipalTag/…</code> conditions see.
        </p>
        {(['sub', 'aud'] as const).map((k) => (
          <div key={k} className="field inline">
            <label htmlFor={`tagkey-${k}`}>
              Tag key for the {k === 'sub' ? 'user (from sub)' : 'app client (from aud)'}{' '}
              <span className="muted">(default {DEFAULT_TAG_KEYS[k]})</span>
            </label>
            <input
              id={`tagkey-${k}`}
              value={settings?.defaultPrincipalTagKeys?.[k] ?? DEFAULT_TAG_KEYS[k]}
              onChange={(e) => onChange(tagKeysPatch(settings?.defaultPrincipalTagKeys, k, e.target.value))}
              spellCheck={false}
            />
          </div>
        ))}
      </fieldset>
      <ScopeDownEditor settings={settings} onChange={onChange} theme={theme} />
      <h2>User pools</h2>
      <UserPoolSettings settings={settings} onChange={onChange} />
    </div>
  );
}

/** The guest scope-down pair: the shipped version in force, or the workspace's own edited copies. */
function ScopeDownEditor({ settings, onChange, theme }: Omit<SettingsViewProps, 'focus'>) {
  const version = SCOPE_DOWN_VERSIONS.find((v) => v.version === settings?.scopeDownVersion) ?? SCOPE_DOWN_VERSIONS[0];
  const custom = settings?.scopeDownPolicies;
  return (
    <fieldset id="setting-scopeDownPolicies" className="setting" tabIndex={-1}>
      <legend>
        Guest scope-down policies <code className="muted small">settings.scopeDownPolicies</code>
      </legend>
      <p className="hint">
        The session policies Cognito adds to guest credentials in the enhanced flow. Shipped as versioned data; edit
        them here to match what your account does.{' '}
        {custom ? (
          <strong>This workspace uses its own copy.</strong>
        ) : (
          <>In force: the shipped version {version.version}.</>
        )}
      </p>
      <div className="field inline">
        <label htmlFor="scope-down-version">Shipped version</label>
        <select
          id="scope-down-version"
          value={version.version}
          onChange={(e) =>
            onChange({
              scopeDownVersion: e.target.value === SCOPE_DOWN_VERSIONS[0].version ? undefined : e.target.value,
            })
          }
        >
          {SCOPE_DOWN_VERSIONS.map((v, i) => (
            <option key={v.version} value={v.version}>
              {v.version}
              {i === 0 ? ' (default)' : ''}
            </option>
          ))}
        </select>
        <button type="button" disabled={!custom} onClick={() => onChange({ scopeDownPolicies: undefined })}>
          Reset to the shipped policies
        </button>
      </div>
      <div className="scope-down-pair">
        {(['inline', 'managed'] as const).map((part) => (
          <ScopeDownPart
            key={part}
            part={part}
            document={(custom?.[part] ?? version[part]) as object}
            source={custom?.[part] ? 'edited in this workspace' : version.sources[part]}
            theme={theme}
            onApply={(doc) => onChange({ scopeDownPolicies: { ...(custom ?? {}), [part]: doc } })}
          />
        ))}
      </div>
    </fieldset>
  );
}

function ScopeDownPart({
  part,
  document,
  source,
  theme,
  onApply,
}: {
  part: 'inline' | 'managed';
  document: object;
  source: string;
  theme: 'light' | 'dark';
  onApply(doc: object): void;
}) {
  const pretty = (d: object) => (typeof d === 'string' ? d : JSON.stringify(d, null, 2));
  const [text, setText] = useState(() => pretty(document));
  const [error, setError] = useState<string | null>(null);
  // An outside change (undo, reset, another version) replaces the text unless it already says the same.
  useEffect(() => {
    const mine = parsePolicyText(text);
    if (!mine.ok || JSON.stringify(mine.value) !== JSON.stringify(document)) {
      setText(pretty(document));
      setError(null);
    }
  }, [document]);
  const label = `Edit the guest scope-down ${part} policy (JSON)`;
  return (
    <div className="scope-down-part">
      <h3>
        {part === 'inline' ? 'Inline session policy' : 'Managed session policy'}{' '}
        <span className="muted small">— {source}</span>
      </h3>
      <PolicyViewer
        policyId={part === 'inline' ? SCOPE_DOWN_IDS.inline : SCOPE_DOWN_IDS.managed}
        variant="settings"
        text={text}
        diagnostics={[]}
        readOnly={false}
        theme={theme}
        label={label}
        onChange={(t) => {
          setText(t);
          const r = parsePolicyText(t);
          if (r.ok) {
            setError(null);
            onApply(r.value);
          } else setError(r.error);
        }}
      />
      {error && (
        <p className="field-error" role="alert">
          {error} (not applied yet)
        </p>
      )}
    </div>
  );
}
