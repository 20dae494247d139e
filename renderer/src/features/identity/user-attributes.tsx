/**
 * The user's attributes: those the chosen app client may read (they reach the ID token) or that users write through
 * it, as fields of the schema's type, and attributes given by name.
 */
import type { UserPoolClient } from '../../../../policy-engine/model/index';
import { inputTypeOf, type AttributeField } from './user-form';
import type { UserPartProps } from './user-part';

/** The badges beside an attribute: its data type, whether the token carries it, whether users write it. */
function AttributeBadges({ a }: { a: AttributeField }) {
  return (
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
        <span className="badge badge-warn" title="Mutable and in the client's WriteAttributes: users set it themselves">
          user-writable
        </span>
      )}
    </span>
  );
}

/** One attribute field, of the schema's type (a boolean is a select of true / false / not given). */
function AttributeRow({ a, value, set, fieldId: f, errorFor }: UserPartProps & { a: AttributeField }) {
  const id = f(`attr-${a.name}`);
  const type = inputTypeOf(a.dataType);
  const v = value.attributes[a.name] ?? '';
  const setV = (next: string) => set({ attributes: { ...value.attributes, [a.name]: next } });
  const err = errorFor((w) => w.field === 'attribute' && w.name === a.name, `${id}-error`);
  return (
    <tr>
      <th scope="row">
        <label htmlFor={id}>
          <code>{a.name}</code>
        </label>
        <AttributeBadges a={a} />
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
}

/** Attributes given by name and value (for one the form does not offer), each removable. */
function OtherAttributes({ value, set }: UserPartProps) {
  const rows = value.otherAttributes;
  const setRow = (i: number, patch: Partial<(typeof rows)[number]>) =>
    set({ otherAttributes: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <table className="user-attribute-table" aria-label="Other attributes">
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <th scope="row">
              <input
                aria-label={`Other attribute ${i + 1} name`}
                value={row.name}
                placeholder="custom:NAME"
                spellCheck={false}
                onChange={(e) => setRow(i, { name: e.target.value })}
              />
            </th>
            <td>
              <input
                aria-label={`Other attribute ${i + 1} value`}
                value={row.value}
                spellCheck={false}
                onChange={(e) => setRow(i, { value: e.target.value })}
              />
            </td>
            <td className="remove-cell">
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove attribute ${row.name || i + 1}`}
                onClick={() => set({ otherAttributes: rows.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Attributes fieldset. */
export function UserAttributesFields(
  props: UserPartProps & { client: UserPoolClient | undefined; fields: AttributeField[] },
) {
  const { client, fields, value, set, errorFor, fieldId: f } = props;
  const otherAttrError = errorFor((w) => w.field === 'attribute' && !w.offered, f('other-attributes-error'));
  return (
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
          {fields.map((a) => (
            <AttributeRow key={a.name} a={a} value={value} set={set} fieldId={f} errorFor={errorFor} />
          ))}
        </tbody>
      </table>
      <OtherAttributes {...props} />
      {otherAttrError}
      <button
        type="button"
        className="link-button"
        onClick={() => set({ otherAttributes: [...value.otherAttributes, { name: '', value: '' }] })}
      >
        + Attribute by name
      </button>
    </fieldset>
  );
}
