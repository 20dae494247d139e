/**
 * "Evaluate as an identity class": the classes who-can lists (user-pool ones included: anyone who signs up, members of
 * a group, users who set an attribute themselves) as a picker that fills the identity form, so the access matrix and
 * the role trace show that class.
 */
import { useEffect, useState } from 'react';
import type { IdentityClass } from '../../engine/protocol';
import { claimsToRows } from './claims';
import { formOfClass } from './user-form';
import type { IdentityForm } from '../workbench/session/identity-form';

/** Props of ClassPicker. */
export interface ClassPickerProps {
  /** Changes when the workspace does (the classes are reloaded). */
  reloadKey: unknown;
  /** Asked with `principals: false`: IAM roles and users are not picked here. */
  loadClasses(opts: { principals: false }): Promise<IdentityClass[]>;
  onPick(patch: Partial<IdentityForm>): void;
}

const GROUPS: [string, (c: IdentityClass) => boolean][] = [
  ['User pool', (c) => c.key.startsWith('userpool-')],
  ['Identity pool', (c) => !c.key.startsWith('userpool-') && c.subject.identity !== undefined],
];

/** The picker. */
export function ClassPicker({ reloadKey, loadClasses, onPick }: ClassPickerProps) {
  const [classes, setClasses] = useState<IdentityClass[]>([]);
  useEffect(() => {
    let live = true;
    // IAM roles and users are picked as "IAM role or user" in the identity form; here, the ways in through Cognito
    // (a workspace may have thousands of roles: their classes are not even built).
    void loadClasses({ principals: false }).then(
      (list) => live && setClasses(list.filter((c) => c.shadowedBy === undefined && c.subject.identity !== undefined)),
      () => live && setClasses([]),
    );
    return () => {
      live = false;
    };
  }, [reloadKey, loadClasses]);
  if (classes.length === 0) return null;
  return (
    <select
      className="class-picker"
      aria-label="Evaluate as an identity class"
      value=""
      onChange={(e) => {
        const c = classes.find((x) => x.key === e.target.value);
        if (c) onPick(formOfClass(c.subject, c.provider, claimsToRows));
      }}
    >
      <option value="">Evaluate as an identity class…</option>
      {GROUPS.map(([name, test]) => {
        const members = classes.filter(test);
        return members.length ? (
          <optgroup key={name} label={name}>
            {members.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </optgroup>
        ) : null;
      })}
    </select>
  );
}
