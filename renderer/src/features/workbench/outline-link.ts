/**
 * Links the explorer (sidebar outline items) to the engine's policy ids, so picking a policy in the sidebar opens
 * it in the editor. Pure.
 */
import type { Workspace } from '../../../../policy-engine/model/index';

/** The engine policy id an outline item stands for, or null (pools, roles, resources). */
export function policyIdOfOutlineItem(itemId: string, ws: Workspace | null): string | null {
  const role = /^role:([^#]+)#(.+)$/.exec(itemId);
  if (role) {
    const [, arn, part] = role;
    if (part === 'trust' || part.startsWith('inline/')) return `${arn}#${part}`;
    if (part.startsWith('managed/')) return part.slice('managed/'.length);
    if (part === 'boundary')
      return ws?.iam?.RoleDetailList?.find((r) => r.Arn === arn)?.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
    return null;
  }
  if (itemId.startsWith('policy:')) return itemId.slice('policy:'.length);
  if (itemId.startsWith('resource-policy:')) return `${itemId.slice('resource-policy:'.length)}#resource`;
  return null;
}
