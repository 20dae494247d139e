/**
 * Naming identity classes on the command line (`rolecall matrix --class`): the user-pool classes in short forms —
 * `signup` (anyone who signs up), `group:NAME` (members of group NAME), `sets:ATTR` (users who set ATTR themselves) —
 * or any class by the key `rolecall who-can --format json` prints. A short form stands for every pool and app client
 * it fits. https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
import type { IdentityClass } from './identity-classes';

/** The short form of a user-pool class (`signup`, `group:admins`, `sets:custom:dept`), or undefined for the others. */
export function shortClassName(c: IdentityClass): string | undefined {
  if (c.key.startsWith('userpool-signup:')) return 'signup';
  if (c.key.startsWith('userpool-group:') && c.condition?.startsWith('in group '))
    return `group:${c.condition.slice(9)}`;
  if (c.key.startsWith('userpool-attribute:') && c.rule) return `sets:${c.rule.Claim}`;
  return undefined;
}

/** The classes a name stands for, or an error listing what the workspace has. */
export function selectClasses(
  classes: readonly IdentityClass[],
  name: string,
): { ok: true; classes: IdentityClass[] } | { ok: false; message: string } {
  const n = name.trim();
  const byShort = classes.filter((c) => shortClassName(c) === n);
  if (byShort.length) return { ok: true, classes: byShort };
  const byKey = classes.filter((c) => c.key === n);
  if (byKey.length) return { ok: true, classes: byKey };
  const shorts = [...new Set(classes.map(shortClassName).filter((s): s is string => s !== undefined))];
  const why =
    n === 'signup'
      ? 'no user pool of the workspace lets anyone sign up (AllowAdminCreateUserOnly is true), or none is held'
      : n.startsWith('group:')
        ? `no user pool of the workspace has the group "${n.slice(6)}"`
        : n.startsWith('sets:')
          ? `no role-mapping rule keys on "${n.slice(5)}" where an app client lets users write it themselves`
          : `"${n}" is neither signup, group:NAME, sets:ATTR nor a class key (rolecall who-can --format json prints them)`;
  return {
    ok: false,
    message: `${why}; ${shorts.length ? `the workspace's user-pool classes: ${shorts.join(', ')}` : 'the workspace has no user-pool classes (no userPools, or none an identity pool lists)'}`,
  };
}
