/**
 * Where a workspace entity's policy document, statement, rule or property sits inside the CloudFormation / CDK
 * template it was imported from. An importer records only where each resource starts (`workspace.sources`); these
 * find the path inside that resource (or in the separate AWS::IAM::Policy / AWS::S3::BucketPolicy /
 * IdentityPoolRoleAttachment resource that holds it). The audit's template positions (analysis/reports/
 * template-positions) and the app's positions of imported policies (workspace/import-sources) both use them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */
import type { PolicyType, Position } from '../model/request';
import type { ParsedTemplate } from './cfn-parse';
import { isObj, valueAt } from '../guards';

/** What a path is looked up for: the fields of a finding location that name a policy, pool or statement. */
export interface TemplateTarget {
  kind: 'role' | 'user' | 'policy' | 'resourcePolicy' | 'identityPool' | 'userPool';
  policyType?: PolicyType;
  policyId?: string;
  statementIndex?: number;
  workspacePath?: (string | number)[];
}

export type Path = (string | number)[];
type Resources = Record<string, { Type?: unknown; Properties?: Record<string, unknown> } | undefined>;

/** The template resources of a parsed template, or {} when it has none. */
function resourcesOf(t: ParsedTemplate): Resources {
  const v = t.value;
  return isObj(v) && isObj(v.Resources) ? (v.Resources as Resources) : {};
}

/** The deepest existing prefix of `path` and its position. */
export function locateClosest(t: ParsedTemplate, path: Path): Position | undefined {
  for (let n = path.length; n >= 2; n--) {
    if (n < path.length && valueAt(t.value, path.slice(0, n)) === undefined) continue;
    const p = t.locate(path.slice(0, n));
    if (p) return p;
  }
  return undefined;
}

/** `Statement[i]` (or `Statement` when it is a single object) under a policy document path. */
function statementPath(t: ParsedTemplate, docPath: Path, statementIndex: number | undefined): Path {
  const st = valueAt(t.value, [...docPath, 'Statement']);
  if (statementIndex === undefined) return docPath;
  return Array.isArray(st) ? [...docPath, 'Statement', statementIndex] : [...docPath, 'Statement'];
}

/** A resource whose PolicyName is `name` and that holds a policy document (AWS::IAM::Policy, RolePolicy, …). */
function policyResourceNamed(res: Resources, name: string): string | undefined {
  return Object.keys(res).find((id) => {
    const r = res[id];
    return (
      isObj(r) &&
      typeof r.Type === 'string' &&
      /^AWS::IAM::(Policy|RolePolicy|UserPolicy|GroupPolicy)$/.test(r.Type) &&
      r.Properties?.PolicyName === name
    );
  });
}

/** The template path (from Resources) of what a location names, or undefined when it cannot be told. */
export function templatePath(t: ParsedTemplate, l: TemplateTarget, logicalId: string): Path | undefined {
  const res = resourcesOf(t);
  if (!isObj(res[logicalId])) return undefined;
  const base: Path = ['Resources', logicalId, 'Properties'];
  if (l.kind === 'identityPool') {
    const rest = (l.workspacePath ?? []).slice(2);
    if (rest.length === 0) return ['Resources', logicalId];
    if (rest[0] === 'RoleMappings' && typeof rest[1] === 'string') {
      // In a template RoleMappings is keyed by any name, with the provider in IdentityProvider.
      const maps = valueAt(t.value, [...base, 'RoleMappings']);
      if (!isObj(maps)) return [...base, ...rest.slice(0, 1)];
      const keys = Object.keys(maps);
      const key =
        keys.find((k) => k === rest[1]) ??
        keys.find((k) => isObj(maps[k]) && maps[k].IdentityProvider === rest[1]) ??
        (keys.length === 1 ? keys[0] : undefined);
      return key === undefined ? [...base, 'RoleMappings'] : [...base, 'RoleMappings', key, ...rest.slice(2)];
    }
    return [...base, ...rest];
  }
  if (l.policyType === 'trust') return statementPath(t, [...base, 'AssumeRolePolicyDocument'], l.statementIndex);
  if (l.kind === 'resourcePolicy' || (l.kind === 'policy' && !l.policyId?.includes('#inline/'))) {
    return valueAt(t.value, [...base, 'PolicyDocument']) !== undefined
      ? statementPath(t, [...base, 'PolicyDocument'], l.statementIndex)
      : undefined;
  }
  if ((l.kind === 'role' || l.kind === 'user') && l.policyId && !l.policyId.includes('#')) {
    // An attached managed policy: the ManagedPolicyArns entry that names it (a literal ARN or a Fn::Join / Fn::Sub of it).
    const name = l.policyId.slice(l.policyId.lastIndexOf('/') + 1);
    const prop = l.policyType === 'permissionsBoundary' ? 'PermissionsBoundary' : 'ManagedPolicyArns';
    const list = valueAt(t.value, [...base, prop]);
    if (!Array.isArray(list)) return [...base, prop];
    const k = list.findIndex((v) => JSON.stringify(v).includes(name));
    return k >= 0 ? [...base, prop, k] : [...base, prop];
  }
  const inline = /#inline\/(.+)$/.exec(l.policyId ?? '')?.[1];
  if (inline !== undefined) {
    const list = valueAt(t.value, [...base, 'Policies']);
    const k = Array.isArray(list) ? list.findIndex((p) => isObj(p) && p.PolicyName === inline) : -1;
    if (k >= 0) return statementPath(t, [...base, 'Policies', k, 'PolicyDocument'], l.statementIndex);
    const other = policyResourceNamed(res, inline);
    if (other !== undefined)
      return statementPath(t, ['Resources', other, 'Properties', 'PolicyDocument'], l.statementIndex);
  }
  return undefined;
}
