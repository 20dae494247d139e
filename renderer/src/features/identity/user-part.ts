/** What the parts of a user-pool user's fields (user-pool-user.tsx, user-groups.tsx, user-attributes.tsx) share. */
import type { ReactNode } from 'react';
import type { UserFieldRef, UserForm } from './user-form';

/** The engine's input error, shown (with the element id given) at the field `test` picks, else nothing. */
export type ErrorFor = (test: (w: UserFieldRef) => boolean, id: string) => ReactNode;

/** What each part of the user's fields is given. */
export interface UserPartProps {
  value: UserForm;
  set(patch: Partial<UserForm>): void;
  /** The element id of a field. */
  fieldId(name: string): string;
  errorFor: ErrorFor;
}
