/**
 * The identity picker's "user of the pool" fields (CONTRACT.md §2 `identity.user`): the app client, the username, the
 * pool's groups as checkboxes (Precedence and role beside each), the attributes the chosen client may read or write as
 * fields of the schema's type, and a place for other names. An input error the engine reports (a group the pool does
 * not have, an attribute its schema lacks, a client of another pool) is shown next to its field.
 */
import type { UserPoolEntry, Workspace } from '../../../../policy-engine/model/index';
import { findClient } from '../../../../policy-engine/userpool/index';
import {
  attributeFields,
  clientChoices,
  fieldOfError,
  groupChoices,
  inputTypeOf,
  userInputOf,
  type UserFieldRef,
  type UserForm,
} from './user-form';
import './user-form.css';

/** Props of UserPoolUserFields. */
export interface UserPoolUserFieldsProps {
  workspace: Workspace;
  entry: UserPoolEntry;
  /** The client ids the identity pool lists for this provider. */
  listedClientIds: readonly string[];
  value: UserForm;
  onChange(next: UserForm): void;
  /** The engine's report of a wrong field (from the resolution of this form), if any. */
  inputError?: { path: (string | number)[]; message: string } | null;
  idPrefix: string;
}

/** The short name of a role ARN (`arn:aws:iam::1:role/path/AppAdmin` → `AppAdmin`). */
function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

/** The user's fields. */
export function UserPoolUserFields({
  entry,
  listedClientIds,
  value,
  onChange,
  inputError,
  idPrefix,
}: UserPoolUserFieldsProps) {
  const f = (name: string) => `${idPrefix}-user-${name}`;
  const poolId = entry.UserPool.Id;
  const clients = clientChoices(entry, listedClientIds);
  const client = findClient(entry, value.clientId.trim());
  const poolGroups = groupChoices(entry);
  const groupNames = poolGroups.map((g) => g.name);
  // A checked group the pool no longer has (after an edit of the workspace) stays visible, so it can be unchecked.
  const groups = [
    ...poolGroups.map((g) => ({ ...g, stray: false })),
    ...value.groups
      .filter((g) => !groupNames.includes(g))
      .map((name) => ({ name, precedence: null, roleArn: null, description: null, stray: true })),
  ];
  const fields = attributeFields(entry, client);
  const offered = fields.map((a) => a.name);
  const sent = userInputOf(value, poolId);
  const where: UserFieldRef | null = inputError ? fieldOfError(inputError.path, sent, groupNames, offered) : null;
  const errorFor = (test: (w: UserFieldRef) => boolean, id: string) =>
    where && inputError && test(where) ? (
      <p className="field-error" role="alert" id={id}>
        {inputError.message}
      </p>
    ) : null;
  const set = (patch: Partial<UserForm>) => onChange({ ...value, ...patch });

  const clientError = errorFor((w) => w.field === 'clientId' || w.field === 'userPoolId', f('client-error'));
  const otherGroupError = errorFor(
    (w) => w.field === 'group' && !w.inPool && !value.groups.includes(w.name),
    f('other-groups-error'),
  );
  const otherAttrError = errorFor((w) => w.field === 'attribute' && !w.offered, f('other-attributes-error'));
  const clientInfo = client ? clients.find((c) => c.clientId === client.ClientId) : undefined;

  return (
    <fieldset className="user-fields" aria-label={`User of ${poolId}`}>
      <legend>
        User of <code>{entry.UserPool.Name ? `${entry.UserPool.Name} (${poolId})` : poolId}</code>
      </legend>
      <div className="field">
        <label htmlFor={f('client')}>App client</label>
        <input
          id={f('client')}
          list={f('clients')}
          value={value.clientId}
          onChange={(e) => set({ clientId: e.target.value })}
          spellCheck={false}
          aria-invalid={clientError ? true : undefined}
          aria-describedby={clientError ? f('client-error') : f('client-hint')}
        />
        <datalist id={f('clients')}>
          {clients.map((c) => (
            <option key={c.clientId} value={c.clientId} label={c.label} />
          ))}
        </datalist>
        {clientError ?? (
          <span className="hint" id={f('client-hint')}>
            {client
              ? `${client.ClientName ?? client.ClientId}${clientInfo?.listed ? '' : ' — not listed by the identity pool: Cognito refuses its tokens'}`
              : `One of: ${clients.map((c) => c.label).join(', ') || '(the workspace lists no app clients for this pool)'}`}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={f('username')}>Username</label>
        <input
          id={f('username')}
          value={value.username}
          onChange={(e) => set({ username: e.target.value })}
          spellCheck={false}
          aria-invalid={where?.field === 'username' ? true : undefined}
        />
        {errorFor((w) => w.field === 'username', f('username-error'))}
      </div>

      <fieldset className="user-groups">
        <legend>Groups</legend>
        {poolGroups.length === 0 && <p className="hint">This user pool has no groups.</p>}
        <ul className="user-group-list">
          {groups.map((g) => {
            const id = f(`group-${g.name}`);
            return (
              <li key={g.name}>
                <label className="check" title={g.description ?? undefined}>
                  <input
                    type="checkbox"
                    id={id}
                    checked={value.groups.includes(g.name)}
                    onChange={(e) =>
                      set({
                        groups: e.target.checked ? [...value.groups, g.name] : value.groups.filter((x) => x !== g.name),
                      })
                    }
                  />
                  {g.name}
                </label>
                {g.stray ? (
                  <span className="badge badge-deny">not in this pool</span>
                ) : (
                  <>
                    <span className="badge" aria-label={`${g.name} precedence`}>
                      {g.precedence === null ? 'no precedence' : `precedence ${g.precedence}`}
                    </span>
                    <span
                      className={`badge ${g.roleArn ? 'badge-strong' : ''}`}
                      aria-label={`${g.name} role`}
                      title={g.roleArn ?? 'This group has no IAM role'}
                    >
                      {g.roleArn ? roleName(g.roleArn) : 'no role'}
                    </span>
                  </>
                )}
                {errorFor((w) => w.field === 'group' && w.name === g.name, `${id}-error`)}
              </li>
            );
          })}
        </ul>
        <div className="field">
          <label htmlFor={f('other-groups')}>Other groups (comma-separated)</label>
          <input
            id={f('other-groups')}
            value={value.otherGroups}
            onChange={(e) => set({ otherGroups: e.target.value })}
            spellCheck={false}
            placeholder="e.g. names from a log"
            aria-invalid={otherGroupError ? true : undefined}
          />
          {otherGroupError}
        </div>
      </fieldset>

      <fieldset className="user-attributes">
        <legend>Attributes</legend>
        {!client ? (
          <p className="hint">Pick an app client of this pool to see the attributes it may read and write.</p>
        ) : (
          <p className="hint">
            The attributes app client {client.ClientName ?? client.ClientId} may read (they reach the ID token) or that
            users write themselves through it
            {client.ReadAttributes?.length ? '' : ' (no ReadAttributes: AWS lets it read the standard attributes)'}.
          </p>
        )}
        <table className="user-attribute-table" aria-label="Attributes">
          <tbody>
            {fields.map((a) => {
              const id = f(`attr-${a.name}`);
              const type = inputTypeOf(a.dataType);
              const v = value.attributes[a.name] ?? '';
              const setV = (next: string) => set({ attributes: { ...value.attributes, [a.name]: next } });
              const err = errorFor((w) => w.field === 'attribute' && w.name === a.name, `${id}-error`);
              return (
                <tr key={a.name}>
                  <th scope="row">
                    <label htmlFor={id}>
                      <code>{a.name}</code>
                    </label>
                    <span className="user-attr-meta">
                      <span className="badge" title="The schema's AttributeDataType">
                        {a.dataType}
                      </span>
                      {a.readable ? (
                        <span className="badge" title="In the client's ReadAttributes: the ID token carries it">
                          read
                        </span>
                      ) : (
                        <span className="badge badge-warn" title="Not readable by this client: not in the ID token">
                          not in token
                        </span>
                      )}
                      {a.writable && (
                        <span
                          className="badge badge-warn"
                          title="Mutable and in the client's WriteAttributes: users set it themselves"
                        >
                          user-writable
                        </span>
                      )}
                    </span>
                  </th>
                  <td>
                    {type === 'boolean' ? (
                      <select id={id} value={v} onChange={(e) => setV(e.target.value)}>
                        <option value="">(not given)</option>
                        <option value="true">true</option>
                        <option value="false">false</option>
                      </select>
                    ) : (
                      <input
                        id={id}
                        type={type === 'number' ? 'number' : 'text'}
                        value={v}
                        onChange={(e) => setV(e.target.value)}
                        spellCheck={false}
                        aria-invalid={err ? true : undefined}
                      />
                    )}
                    {err}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="user-attribute-table" aria-label="Other attributes">
          <tbody>
            {value.otherAttributes.map((row, i) => (
              <tr key={i}>
                <th scope="row">
                  <input
                    aria-label={`Other attribute ${i + 1} name`}
                    value={row.name}
                    placeholder="custom:NAME"
                    spellCheck={false}
                    onChange={(e) =>
                      set({
                        otherAttributes: value.otherAttributes.map((r, j) =>
                          j === i ? { ...r, name: e.target.value } : r,
                        ),
                      })
                    }
                  />
                </th>
                <td>
                  <input
                    aria-label={`Other attribute ${i + 1} value`}
                    value={row.value}
                    spellCheck={false}
                    onChange={(e) =>
                      set({
                        otherAttributes: value.otherAttributes.map((r, j) =>
                          j === i ? { ...r, value: e.target.value } : r,
                        ),
                      })
                    }
                  />
                </td>
                <td className="remove-cell">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove attribute ${row.name || i + 1}`}
                    onClick={() => set({ otherAttributes: value.otherAttributes.filter((_, j) => j !== i) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {otherAttrError}
        <button
          type="button"
          className="link-button"
          onClick={() => set({ otherAttributes: [...value.otherAttributes, { name: '', value: '' }] })}
        >
          + Attribute by name
        </button>
      </fieldset>
    </fieldset>
  );
}
