/**
 * AWS's AccessDenied wording for a denied request.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { PolicyType } from '../model/request';
import type { DeniedVerdict } from './decide';
import type { PreparedWorkspace } from './prepare';
import type { OwnedKind, ResourceSide } from './resource-side';
import type { CallerPrincipal } from './types';

const typeText: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  permissionsBoundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  trust: 'trust policy',
};
const article = (t: string) => (/^[aeiou]/.test(t) ? 'an' : 'a');

/** Where a deny happens, for its wording: an S3 resource, and whether caller and resource share an account or organization. */
export interface DenyWhere {
  s3?: boolean;
  /** False when the caller is anonymous, or of another account outside the workspace's organization. */
  sameAccountOrOrg?: boolean;
}

/**
 * AWS's AccessDenied wording (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
 * "User: ARN is not authorized to perform: ACTION on resource: ARN because no … allows the ACTION action" /
 * "… with an explicit deny in a(n) … policy".
 * S3 writes the resource in double quotes ("…on resource: \"arn:aws:s3:::bucket/key\" because…"), and gives this
 * context only for requests from the bucket owner's own account or organization; any other caller (anonymous
 * included) gets the bare "Access Denied".
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html#access-denied-message-examples
 */
export function denyMessage(
  principalArn: string,
  action: string,
  resource: string,
  v: DeniedVerdict,
  where?: DenyWhere,
): string {
  // Authentication fails first for services that take no anonymous requests (DynamoDB) [OBS MissingAuthenticationTokenException].
  if (v.decision === 'implicitDeny' && v.unsigned) return 'Request is missing Authentication Token';
  if (v.decision === 'implicitDeny' && v.owned) return ownedMessage(v.owned, resource);
  if (where?.s3 && where.sameAccountOrOrg === false) return 'Access Denied';
  const shown = where?.s3 ? `"${resource}"` : resource;
  const head = `User: ${principalArn === '*' ? 'anonymous' : principalArn} is not authorized to perform: ${action} on resource: ${shown}`;
  if (v.decision === 'explicitDeny')
    return `${head} with an explicit deny in ${article(typeText[v.by])} ${typeText[v.by]}`;
  return `${head} because no ${typeText[v.missing]} allows the ${action} action`;
}

/** Whether the caller and the resource share an account, or are both in the workspace's organization. */
export function sameAccountOrOrg(pw: PreparedWorkspace, principal: CallerPrincipal, res: ResourceSide): boolean {
  if (principal.kind === 'anonymous' || principal.kind === 'outsider') return false;
  if (principal.accountId === res.account) return true;
  const org = pw.workspace.organization;
  return org !== undefined && org !== null && pw.accounts.has(principal.accountId) && pw.accounts.has(res.account);
}

/**
 * Why AWS refuses a change to a resource it owns. For protected roles AWS answers UnmodifiableEntity "Cannot perform
 * the operation on the protected role 'NAME' - this role is only modifiable by AWS" [OBS]; the other texts are
 * Rolecall's, with the AWS page.
 */
function ownedMessage(kind: OwnedKind, resource: string): string {
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  switch (kind) {
    case 'serviceLinkedRole':
    case 'reservedRole':
      return `UnmodifiableEntity: Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;
    case 'awsManagedPolicy':
      return `${resource} is an AWS managed policy: AWS owns it and no customer can change or delete it (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies)`;
    case 'awsManagedKey':
      return `${resource} is an AWS managed key: AWS owns its key policy and settings and no customer can change them (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key)`;
  }
}
