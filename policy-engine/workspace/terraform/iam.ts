/**
 * IAM roles, managed policies and what attaches policies to roles: aws_iam_role (with its inline_policy blocks and
 * managed_policy_arns), aws_iam_policy, aws_iam_role_policy, aws_iam_role_policy_attachment and
 * aws_iam_policy_attachment.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role (and the other types' pages).
 */
import type { InlinePolicy, RoleDetail } from '../../model/workspace';
import { diag } from '../json-source';
import { addManagedPolicy, addRole } from '../merge';
import { canonicalJson, decodePolicy } from '../policy-doc';
import { isObj } from '../../guards';
import type { Importer, TfImport } from './context';
import { strList } from './read';
import type { TfResource } from './read';

/** The role's inline_policy blocks (each recorded where it is in the file). */
function inlinePolicies(t: TfImport, r: TfResource, arn: string): InlinePolicy[] {
  const inline: InlinePolicy[] = [];
  const blocks = t.get(r, ['inline_policy']);
  (Array.isArray(blocks) ? blocks : []).forEach((b, i) => {
    if (!isObj(b) || typeof b.name !== 'string' || b.name === '') return;
    const d = t.policyAttr(r, ['inline_policy', i, 'policy'], `inline policy ${b.name}`);
    if (!d) return;
    inline.push({ PolicyName: b.name, PolicyDocument: d });
    t.sourceAt(`${arn}#inline/${b.name}`, [...r.valuesPath, 'inline_policy', i, 'policy']);
  });
  return inline;
}

const role: Importer = (t, r) => {
  const v = r.valuesPath;
  const arn = t.str(r, ['arn'], 'role ARN');
  const name = t.str(r, ['name'], 'role name');
  if (!arn || !name) {
    t.error(v, `${r.address} has no name or arn`);
    return;
  }
  const inline = inlinePolicies(t, r, arn);
  const trust = t.policyAttr(r, ['assume_role_policy'], 'assume_role_policy');
  const boundary = t.str(r, ['permissions_boundary'], 'permissions boundary');
  const tags = t.get(r, ['tags']);
  const detail: RoleDetail = {
    Path: (t.get(r, ['path']) as string) || '/',
    RoleName: name,
    Arn: arn,
    ...(typeof r.values.unique_id === 'string' ? { RoleId: r.values.unique_id } : {}),
    ...(trust ? { AssumeRolePolicyDocument: trust } : {}),
    RolePolicyList: inline,
    AttachedManagedPolicies: strList(t.get(r, ['managed_policy_arns'])).map((a) => ({
      PolicyArn: a,
      PolicyName: a.split('/').pop(),
    })),
    ...(boundary
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary } }
      : {}),
    ...(isObj(tags) && Object.keys(tags).length
      ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) })) }
      : {}),
  };
  if (typeof r.values.max_session_duration === 'number') detail.MaxSessionDuration = r.values.max_session_duration;
  addRole(t.acc, detail, t.file);
  t.sourceAt(arn, v.slice(0, -1));
  if (trust) t.sourceAt(`${arn}#trust`, [...v, 'assume_role_policy']);
  t.items.push(arn);
};

const managedPolicy: Importer = (t, r) => {
  const arn = t.str(r, ['arn'], 'policy ARN');
  const d = t.policyAttr(r, ['policy'], 'policy');
  if (!arn || !d) {
    if (!arn) t.error(r.valuesPath, `${r.address} has no arn`);
    return;
  }
  addManagedPolicy(
    t.acc,
    {
      PolicyName: t.str(r, ['name'], 'policy name') ?? arn.split('/').pop() ?? r.address,
      Arn: arn,
      Path: (t.get(r, ['path']) as string) || '/',
      DefaultVersionId: 'v1',
      PolicyVersionList: [{ Document: d, VersionId: 'v1', IsDefaultVersion: true }],
    },
    t.file,
  );
  t.sourceAt(arn, [...r.valuesPath, 'policy']);
  t.items.push(arn);
};

const rolePolicy: Importer = (t, r) => {
  const v = r.valuesPath;
  const roleName = t.str(r, ['role'], 'role name');
  const name = t.str(r, ['name'], 'policy name');
  const d = t.policyAttr(r, ['policy'], 'policy');
  if (!roleName || !name || !d) {
    if (!roleName || !name) t.error(v, `${r.address} needs role and name`);
    return;
  }
  t.onRole(r, ['role'], roleName, (target) => {
    target.RolePolicyList ??= [];
    const same = target.RolePolicyList.find((x) => x.PolicyName === name);
    if (!same) target.RolePolicyList.push({ PolicyName: name, PolicyDocument: d });
    else if (canonicalJson(decodePolicy(same.PolicyDocument)) !== canonicalJson(d))
      t.acc.report.conflicts.push(
        diag(
          'import.conflict',
          `role ${target.Arn} already has an inline policy ${name} with different content; kept the first`,
          { file: t.file, path: [...v, 'policy'], severity: 'warning' },
        ),
      );
    t.sourceAt(`${target.Arn}#inline/${name}`, [...v, 'policy']);
  });
  t.items.push(`${roleName}#${name}`);
};

/** Adds a managed policy to a role, user or group once. */
function attachManaged(to: { AttachedManagedPolicies?: { PolicyArn?: string; PolicyName?: string }[] }, arn: string) {
  to.AttachedManagedPolicies ??= [];
  if (!to.AttachedManagedPolicies.some((a) => a.PolicyArn === arn))
    to.AttachedManagedPolicies.push({ PolicyArn: arn, PolicyName: arn.split('/').pop() });
}

const rolePolicyAttachment: Importer = (t, r) => {
  const roleName = t.str(r, ['role'], 'role name');
  const arn = t.str(r, ['policy_arn'], 'policy ARN');
  if (!roleName || !arn) {
    t.error(r.valuesPath, `${r.address} needs role and policy_arn`);
    return;
  }
  t.onRole(r, ['role'], roleName, (target) => attachManaged(target, arn));
  t.items.push(`${arn} → ${roleName}`);
};

/** aws_iam_policy_attachment: one policy to roles, users and groups (users and groups only when the workspace has them). */
const policyAttachment: Importer = (t, r) => {
  const arn = t.str(r, ['policy_arn'], 'policy ARN');
  if (!arn) {
    t.error(r.valuesPath, `${r.address} needs policy_arn`);
    return;
  }
  for (const roleName of strList(t.get(r, ['roles']))) {
    t.onRole(r, ['roles'], roleName, (target) => attachManaged(target, arn));
    t.items.push(`${arn} → ${roleName}`);
  }
  for (const name of strList(t.get(r, ['users'])))
    t.later(() => {
      const hit = (t.acc.ws.iam?.UserDetailList ?? []).find((x) => x.UserName === name);
      if (hit) attachManaged(hit, arn);
    });
  for (const name of strList(t.get(r, ['groups'])))
    t.later(() => {
      const hit = (t.acc.ws.iam?.GroupDetailList ?? []).find((x) => x.GroupName === name);
      if (hit) attachManaged(hit, arn);
    });
};

export const IAM_IMPORTERS: Record<string, Importer> = {
  aws_iam_role: role,
  aws_iam_policy: managedPolicy,
  aws_iam_role_policy: rolePolicy,
  aws_iam_role_policy_attachment: rolePolicyAttachment,
  aws_iam_policy_attachment: policyAttachment,
};
