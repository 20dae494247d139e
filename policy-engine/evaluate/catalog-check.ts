/**
 * The request's action and resource against the catalog, before any policy: an unknown action, or a resource of a
 * type the action does not act on, is an error of the request, not a decision.
 */
import { didYouMeanAction, lookupAction } from '../catalog';
import type { PreparedWorkspace } from './prepare';
import { describeResourceMismatch } from './resource-type-words';

/** Checks the action and resource against the catalog: an error for an unknown action or a resource of the wrong type. */
export function checkActionResource(
  pw: PreparedWorkspace,
  action: string,
  resource: string,
): { code: string; message: string } | null {
  const info = lookupAction(pw.catalog, action);
  if (!info) {
    const hint = didYouMeanAction(pw.catalog, action);
    return { code: 'UnknownAction', message: `${action} is not a known AWS action${hint || '.'}` };
  }
  if (!info.detailed) return null;
  if (pw.resourceTypes(action, resource).length > 0) return null;
  if (info.resourceTypes.length === 0)
    return {
      code: 'ResourceTypeMismatch',
      message: `${info.fullName} does not act on a specific resource; use the resource "*" (got ${resource}).`,
    };
  return { code: 'ResourceTypeMismatch', message: describeResourceMismatch(pw.catalog, info, resource, pw) };
}
