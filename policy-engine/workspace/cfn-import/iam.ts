/**
 * IAM from a template: AWS::IAM::Role (with its inline Policies and ManagedPolicyArns), AWS::IAM::ManagedPolicy (and
 * its Roles), AWS::IAM::Policy and AWS::IAM::RolePolicy. A policy attached to a role by name is applied once every
 * file is in, because the role may be defined in another file.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
 */
import type { InlinePolicy, RoleDetail } from '../../model/workspace';
import { chargeValue, getAtt, ref } from '../cfn-resolve';
import { diag, formatPath } from '../json-source';
import type { PathSegments } from '../json-source';
import { addManagedPolicy, addRole } from '../merge';
import type { Acc } from '../merge';
import { decodePolicy } from '../policy-doc';
import { isObj } from '../../guards';
import type { CfnImport, CfnResource, Importer } from './context';

/** Finds a role by name (or ARN) in the workspace and applies a change; warns when it is not there. */
function attach(acc: Acc, file: string, path: PathSegments, nameOrArn: string, apply: (r: RoleDetail) => void): void {
  const roles = acc.ws.iam?.RoleDetailList ?? [];
  const found = roles.filter((r) => r.Arn === nameOrArn || r.RoleName === nameOrArn);
  if (found.length === 0) {
    acc.report.warnings.push(
      diag(
        'template.unknown-role',
        `role ${nameOrArn} is not in the workspace (import the file that defines it); the attachment at ${formatPath(path)} is not applied`,
        { file, path, severity: 'warning' },
      ),
    );
    return;
  }
  for (const r of found) apply(r);
}

/** Whether the role's PermissionsBoundary, Path and Tags have the types AWS requires (else reported). */
function roleFieldsOk(t: CfnImport, { props, pp }: CfnResource): boolean {
  if (props.PermissionsBoundary !== undefined && typeof props.PermissionsBoundary !== 'string') {
    t.error([...pp, 'PermissionsBoundary'], 'PermissionsBoundary must be a policy ARN (a string)');
    return false;
  }
  if (props.Path !== undefined && typeof props.Path !== 'string') {
    t.error([...pp, 'Path'], 'Path must be a string such as /app/');
    return false;
  }
  if (props.Tags === undefined) return true;
  const tags = props.Tags;
  const bad = Array.isArray(tags)
    ? tags.findIndex((tg) => !isObj(tg) || typeof tg.Key !== 'string' || typeof tg.Value !== 'string')
    : -1;
  if (!Array.isArray(tags) || bad >= 0) {
    t.error(
      Array.isArray(tags) ? [...pp, 'Tags', bad] : [...pp, 'Tags'],
      'Tags must be a list of { Key, Value } with string values',
    );
    return false;
  }
  return true;
}

/** The role's inline Policies that are well formed (each bad one reported). */
function inlinePolicies(t: CfnImport, pp: PathSegments, policies: unknown[]): InlinePolicy[] {
  const inline: InlinePolicy[] = [];
  policies.forEach((p, i) => {
    if (!isObj(p) || typeof p.PolicyName !== 'string')
      return t.error([...pp, 'Policies', i], 'each policy needs a PolicyName and a PolicyDocument');
    if (p.PolicyDocument === undefined)
      return t.error([...pp, 'Policies', i, 'PolicyDocument'], 'PolicyDocument is required');
    if (t.policyOk(p.PolicyDocument, [...pp, 'Policies', i, 'PolicyDocument']))
      inline.push({
        PolicyName: p.PolicyName,
        PolicyDocument: p.PolicyDocument as InlinePolicy['PolicyDocument'],
      });
  });
  return inline;
}

const role: Importer = (t, r) => {
  const { ctx } = t;
  const { id, base, pp, props } = r;
  const arn = String(getAtt(ctx, id, 'Arn', base));
  const policies = props.Policies ?? [];
  const managed = t.strings(props.ManagedPolicyArns, [...pp, 'ManagedPolicyArns'], 'ManagedPolicyArns');
  if (!Array.isArray(policies)) {
    t.error([...pp, 'Policies'], 'Policies must be a list');
    return;
  }
  if (!managed || !roleFieldsOk(t, r)) return;
  const inline = inlinePolicies(t, pp, policies);
  const detail: RoleDetail = {
    Path: typeof props.Path === 'string' ? props.Path : '/',
    RoleName: String(ref(ctx, id, base)),
    Arn: arn,
    ...(props.AssumeRolePolicyDocument !== undefined &&
    t.policyOk(props.AssumeRolePolicyDocument, [...pp, 'AssumeRolePolicyDocument'])
      ? { AssumeRolePolicyDocument: props.AssumeRolePolicyDocument as RoleDetail['AssumeRolePolicyDocument'] }
      : {}),
    RolePolicyList: inline,
    AttachedManagedPolicies: managed.map((a) => ({
      PolicyArn: String(a),
      PolicyName: String(a).split('/').pop(),
    })),
    ...(typeof props.PermissionsBoundary === 'string'
      ? {
          PermissionsBoundary: {
            PermissionsBoundaryType: 'Policy',
            PermissionsBoundaryArn: props.PermissionsBoundary,
          },
        }
      : {}),
    ...(Array.isArray(props.Tags)
      ? { Tags: props.Tags.filter(isObj).map((tg) => ({ Key: String(tg.Key), Value: String(tg.Value) })) }
      : {}),
  };
  if (props.MaxSessionDuration !== undefined) detail.MaxSessionDuration = props.MaxSessionDuration as number;
  addRole(t.acc, detail, t.file);
  t.source(arn, id);
  t.items.push(arn);
};

const managedPolicy: Importer = (t, { id, base, pp, props }) => {
  const { acc, file } = t;
  const arn = String(ref(t.ctx, id, base));
  if (!t.policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) {
    if (props.PolicyDocument === undefined) t.error(pp, 'PolicyDocument is required');
    return;
  }
  addManagedPolicy(
    acc,
    {
      PolicyName: arn.split('/').pop() ?? id,
      Arn: arn,
      Path: typeof props.Path === 'string' ? props.Path : '/',
      DefaultVersionId: 'v1',
      PolicyVersionList: [
        { Document: props.PolicyDocument as Record<string, unknown>, VersionId: 'v1', IsDefaultVersion: true },
      ],
    },
    file,
  );
  t.source(arn, id);
  t.items.push(arn);
  const policyRoles = t.strings(props.Roles, [...pp, 'Roles'], 'Roles');
  for (const roleName of policyRoles ?? []) {
    t.defer(() =>
      attach(acc, file, [...pp, 'Roles'], roleName, (role) => {
        role.AttachedManagedPolicies ??= [];
        if (!role.AttachedManagedPolicies.some((a) => a.PolicyArn === arn))
          role.AttachedManagedPolicies.push({ PolicyArn: arn, PolicyName: arn.split('/').pop() });
      }),
    );
  }
};

/** Puts an inline policy on a role: a second copy is counted as output; another policy of the same name is kept. */
function addInline(t: CfnImport, pp: PathSegments, inline: InlinePolicy, n: number, role: RoleDetail): void {
  role.RolePolicyList ??= [];
  const same = role.RolePolicyList.find((p) => p.PolicyName === inline.PolicyName);
  // Each role after the first holds another copy of the policy in the workspace: counted as output.
  if (!same && n > 0) chargeValue(t.ctx, [...pp, 'Roles', n], inline);
  if (!same) role.RolePolicyList.push(inline);
  else if (JSON.stringify(decodePolicy(same.PolicyDocument)) !== JSON.stringify(decodePolicy(inline.PolicyDocument))) {
    t.acc.report.conflicts.push(
      diag(
        'import.conflict',
        `role ${role.Arn} already has an inline policy ${inline.PolicyName} with different content; kept the first`,
        { file: t.file, path: [...pp, 'PolicyName'], severity: 'warning' },
      ),
    );
  }
}

/** AWS::IAM::Policy (on a list of Roles) and AWS::IAM::RolePolicy (on one RoleName). */
const rolePolicy: Importer = (t, { id, type, pp, props }) => {
  if (typeof props.PolicyName !== 'string') {
    t.error([...pp, 'PolicyName'], 'PolicyName is required');
    return;
  }
  if (props.PolicyDocument === undefined) {
    t.error([...pp, 'PolicyDocument'], 'PolicyDocument is required');
    return;
  }
  if (!t.policyOk(props.PolicyDocument, [...pp, 'PolicyDocument'])) return;
  const inline: InlinePolicy = {
    PolicyName: props.PolicyName,
    PolicyDocument: props.PolicyDocument as InlinePolicy['PolicyDocument'],
  };
  // AWS::IAM::RolePolicy names one role (RoleName); AWS::IAM::Policy a list (Roles).
  const roles =
    type === 'AWS::IAM::RolePolicy'
      ? t.strings([props.RoleName], [...pp, 'RoleName'], 'RoleName')
      : t.strings(props.Roles, [...pp, 'Roles'], 'Roles');
  if (!roles) return;
  if (roles.length === 0)
    t.acc.report.warnings.push(
      diag(
        'template.policy-not-on-role',
        `${id} (AWS::IAM::Policy) is attached to no role; Rolecall reads roles only`,
        {
          file: t.file,
          path: pp,
          severity: 'info',
        },
      ),
    );
  for (const [n, roleName] of roles.entries()) {
    t.defer(() => attach(t.acc, t.file, [...pp, 'Roles'], roleName, (role) => addInline(t, pp, inline, n, role)));
    t.items.push(`${roleName}#${props.PolicyName}`);
  }
};

/** The IAM types this module reads, each with its importer. */
export const IAM_IMPORTERS: Record<string, Importer> = {
  'AWS::IAM::Role': role,
  'AWS::IAM::ManagedPolicy': managedPolicy,
  'AWS::IAM::Policy': rolePolicy,
  'AWS::IAM::RolePolicy': rolePolicy,
};
