/** The user's groups: the pool's groups as checkboxes (Precedence and role beside each), and other names typed. */
import type { GroupChoice } from './user-form';
import type { UserPartProps } from './user-part';

/** The short name of a role ARN (`arn:aws:iam::1:role/path/AppAdmin` → `AppAdmin`). */
function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

/** A group checkbox; `stray` is a checked group the pool no longer has. */
type GroupRow = GroupChoice & { stray: boolean };

/** One group: its checkbox, then its Precedence and role (or that the pool lacks it), and its error if any. */
function GroupItem({ g, value, set, fieldId: f, errorFor }: UserPartProps & { g: GroupRow }) {
  const id = f(`group-${g.name}`);
  return (
    <li>
      <label className="check" title={g.description ?? undefined}>
        <input
          type="checkbox"
          id={id}
          checked={value.groups.includes(g.name)}
          onChange={(e) =>
            set({ groups: e.target.checked ? [...value.groups, g.name] : value.groups.filter((x) => x !== g.name) })
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
}

/** The Groups fieldset. */
export function UserGroupsFields(props: UserPartProps & { poolGroups: GroupChoice[] }) {
  const { poolGroups, value, set, fieldId: f, errorFor } = props;
  const groupNames = poolGroups.map((g) => g.name);
  // A checked group the pool no longer has (after an edit of the workspace) stays visible, so it can be unchecked.
  const groups: GroupRow[] = [
    ...poolGroups.map((g) => ({ ...g, stray: false })),
    ...value.groups
      .filter((g) => !groupNames.includes(g))
      .map((name) => ({ name, precedence: null, roleArn: null, description: null, stray: true })),
  ];
  const otherGroupError = errorFor(
    (w) => w.field === 'group' && !w.inPool && !value.groups.includes(w.name),
    f('other-groups-error'),
  );
  return (
    <fieldset className="user-groups">
      <legend>Groups</legend>
      {poolGroups.length === 0 && <p className="hint">This user pool has no groups.</p>}
      <ul className="user-group-list">
        {groups.map((g) => (
          <GroupItem key={g.name} g={g} value={value} set={set} fieldId={f} errorFor={errorFor} />
        ))}
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
  );
}
