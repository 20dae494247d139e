/**
 * The prover's limit that changes what its verdict means, said beside the verdict (not only among the assumptions):
 * it asks as each identity's own role session and does not follow role chaining, so "no one can" holds for those
 * sessions only when a role reached by sts:AssumeRole hops may do more.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import type { Assumption } from '../model/request';

/** The sentence to show with the verdict when the answer did not follow chains that exist, else null. */
export function chainCaveat(r: { possible: boolean; assumptions: Assumption[] }): string | null {
  if (!r.assumptions.some((a) => a.id === 'proveNoRoleChaining')) return null;
  return r.possible
    ? 'Role chaining is not followed: sessions of these roles may assume other roles, which can give more identities this access (see the assumption proveNoRoleChaining; who-can lists the paths through chains).'
    : 'Role chaining is not followed: this answer covers each identity’s own role session only, and some of those sessions may assume other roles that can (see the assumption proveNoRoleChaining; who-can lists the paths through chains).';
}
