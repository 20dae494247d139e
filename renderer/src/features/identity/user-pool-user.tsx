/**
 * The identity picker's "user of the pool" fields (CONTRACT.md §2 `identity.user`): the app client, the username, the
 * pool's groups as checkboxes (Precedence and role beside each), the attributes the chosen client may read or write as
 * fields of the schema's type, and a place for other names. An input error the engine reports (a group the pool does
 * not have, an attribute its schema lacks, a client of another pool) is shown next to its field.
 */
import type { UserPoolClient, UserPoolEntry } from '../../../../policy-engine/model/index';
import { findClient } from '../../../../policy-engine/userpool/index';
import {
  attributeFields,
  clientChoices,
  fieldOfError,
  groupChoices,
  userInputOf,
  type ClientChoice,
  type UserFieldRef,
  type UserForm,
} from './user-form';
import type { ErrorFor, UserPartProps } from './user-part';
import { UserGroupsFields } from './user-groups';
import { UserAttributesFields } from './user-attributes';
import './user-form.css';

/** Props of UserPoolUserFields. */
export interface UserPoolUserFieldsProps {
  entry: UserPoolEntry;
  /** The client ids the identity pool lists for this provider. */
  listedClientIds: readonly string[];
  value: UserForm;
  onChange(next: UserForm): void;
  /** The engine's report of a wrong field (from the resolution of this form), if any. */
  inputError?: { path: (string | number)[]; message: string } | null;
  idPrefix: string;
}

/** The app client (the pool's clients as suggestions; one the identity pool does not list is said to be refused). */
function ClientField({
  value,
  set,
  fieldId: f,
  errorFor,
  clients,
  client,
}: UserPartProps & { clients: ClientChoice[]; client: UserPoolClient | undefined }) {
  const clientError = errorFor((w) => w.field === 'clientId' || w.field === 'userPoolId', f('client-error'));
  const clientInfo = client ? clients.find((c) => c.clientId === client.ClientId) : undefined;
  return (
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
  );
}

/** The username. */
function UsernameField({ value, set, fieldId: f, errorFor, where }: UserPartProps & { where: UserFieldRef | null }) {
  return (
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
  );
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
  const poolId = entry.UserPool.Id;
  const client = findClient(entry, value.clientId.trim());
  const poolGroups = groupChoices(entry);
  const fields = attributeFields(entry, client);
  const where: UserFieldRef | null = inputError
    ? fieldOfError(
        inputError.path,
        userInputOf(value, poolId),
        poolGroups.map((g) => g.name),
        fields.map((a) => a.name),
      )
    : null;
  const errorFor: ErrorFor = (test, id) =>
    where && inputError && test(where) ? (
      <p className="field-error" role="alert" id={id}>
        {inputError.message}
      </p>
    ) : null;
  const part: UserPartProps = {
    value,
    set: (patch) => onChange({ ...value, ...patch }),
    fieldId: (name) => `${idPrefix}-user-${name}`,
    errorFor,
  };

  return (
    <fieldset className="user-fields" aria-label={`User of ${poolId}`}>
      <legend>
        User of <code>{entry.UserPool.Name ? `${entry.UserPool.Name} (${poolId})` : poolId}</code>
      </legend>
      <ClientField {...part} clients={clientChoices(entry, listedClientIds)} client={client} />
      <UsernameField {...part} where={where} />
      <UserGroupsFields {...part} poolGroups={poolGroups} />
      <UserAttributesFields {...part} client={client} fields={fields} />
    </fieldset>
  );
}
