/**
 * Edits of a workspace's policies by policy id, immutably: replace one policy's document (kept as a string while the
 * editor types, so the engine's positions refer to exactly what the editor shows), or read it back. Policy ids as
 * the engine names them: managed policy ARN, `OWNERARN#inline/NAME`, `ROLEARN#trust`, `RESOURCEARN#resource`,
 * `scp/L/I`, `rcp/L/I`. Pure; used by the app's editor and by the fix advisor, which tries a fix on a copy.
 */
import type { ManagedPolicyDetail, PolicyInput, RoleDetail, Workspace } from '../model/workspace';

/** The result of an edit: the new workspace, or why the policy could not be found. */
export type EditResult = { ok: true; workspace: Workspace } | { ok: false; error: string };

const clone = <T>(v: T): T => (Array.isArray(v) ? ([...v] as T) : ({ ...(v as object) } as T));

/** Replaces the document of the policy `policyId` with `document` (a string while editing). */
export function setPolicyDocument(ws: Workspace, policyId: string, document: PolicyInput): EditResult {
  const hash = policyId.indexOf('#');
  if (hash > 0) {
    const owner = policyId.slice(0, hash);
    const part = policyId.slice(hash + 1);
    if (part === 'resource') {
      const list = ws.resourcePolicies ?? [];
      const i = list.findIndex((r) => r.resourceArn === owner);
      if (i < 0) return { ok: false, error: `No resource policy for ${owner}.` };
      const next = [...list];
      next[i] = { ...list[i], policy: document };
      return { ok: true, workspace: { ...ws, resourcePolicies: next } };
    }
    return editPrincipal(ws, owner, part, document);
  }
  const scp = /^(scp|rcp)\/(\d+)\/(\d+)$/.exec(policyId);
  if (scp) {
    const kind = scp[1] as 'scp' | 'rcp';
    const key = `${kind}s` as 'scps' | 'rcps';
    const levels = ws.organization?.[key] ?? [];
    const l = Number(scp[2]);
    const i = Number(scp[3]);
    if (!levels[l] || levels[l][i] === undefined) return { ok: false, error: `No ${kind.toUpperCase()} ${l}/${i}.` };
    const nextLevels = levels.map((lv) => [...lv]);
    nextLevels[l][i] = document;
    return { ok: true, workspace: { ...ws, organization: { ...ws.organization, [key]: nextLevels } } };
  }
  const policies = ws.iam?.Policies ?? [];
  const pi = policies.findIndex((p) => p.Arn === policyId);
  if (pi < 0) return { ok: false, error: `No managed policy ${policyId} in the workspace.` };
  const next = [...policies];
  next[pi] = withDefaultDocument(policies[pi], document);
  return { ok: true, workspace: { ...ws, iam: { ...ws.iam, Policies: next } } };
}

/** IAM evaluates only the default version, so that is the one an edit replaces (or creates). */
function withDefaultDocument(p: ManagedPolicyDetail, document: PolicyInput): ManagedPolicyDetail {
  const versions = p.PolicyVersionList ?? [];
  let i = versions.findIndex((v) => v.IsDefaultVersion === true);
  if (i < 0) i = versions.findIndex((v) => p.DefaultVersionId !== undefined && v.VersionId === p.DefaultVersionId);
  if (i < 0 && versions.length === 1) i = 0;
  if (i < 0)
    return {
      ...p,
      PolicyVersionList: [
        ...versions,
        { Document: document, VersionId: p.DefaultVersionId ?? 'v1', IsDefaultVersion: true },
      ],
    };
  const next = [...versions];
  next[i] = { ...versions[i], Document: document };
  return { ...p, PolicyVersionList: next };
}

function editPrincipal(ws: Workspace, owner: string, part: string, document: PolicyInput): EditResult {
  const iam = ws.iam ?? {};
  const inline = /^inline\/(.+)$/.exec(part)?.[1];
  const roles = iam.RoleDetailList ?? [];
  const ri = roles.findIndex((r) => r.Arn === owner);
  if (ri >= 0) {
    const role: RoleDetail = clone(roles[ri]);
    if (part === 'trust') role.AssumeRolePolicyDocument = document;
    else if (inline !== undefined) {
      const list = role.RolePolicyList ?? [];
      const pi = list.findIndex((p) => p.PolicyName === inline);
      if (pi < 0) return { ok: false, error: `${owner} has no inline policy ${inline}.` };
      role.RolePolicyList = list.map((p, i) => (i === pi ? { ...p, PolicyDocument: document } : p));
    } else return { ok: false, error: `Unknown policy ${owner}#${part}.` };
    const next = [...roles];
    next[ri] = role;
    return { ok: true, workspace: { ...ws, iam: { ...iam, RoleDetailList: next } } };
  }
  if (inline === undefined) return { ok: false, error: `No role ${owner} in the workspace.` };
  const users = iam.UserDetailList ?? [];
  const ui = users.findIndex((u) => u.Arn === owner);
  if (ui >= 0) {
    const list = users[ui].UserPolicyList ?? [];
    if (!list.some((p) => p.PolicyName === inline))
      return { ok: false, error: `${owner} has no inline policy ${inline}.` };
    const next = [...users];
    next[ui] = {
      ...users[ui],
      UserPolicyList: list.map((p) => (p.PolicyName === inline ? { ...p, PolicyDocument: document } : p)),
    };
    return { ok: true, workspace: { ...ws, iam: { ...iam, UserDetailList: next } } };
  }
  const groups = iam.GroupDetailList ?? [];
  const gi = groups.findIndex((g) => g.Arn === owner);
  if (gi >= 0) {
    const list = groups[gi].GroupPolicyList ?? [];
    if (!list.some((p) => p.PolicyName === inline))
      return { ok: false, error: `${owner} has no inline policy ${inline}.` };
    const next = [...groups];
    next[gi] = {
      ...groups[gi],
      GroupPolicyList: list.map((p) => (p.PolicyName === inline ? { ...p, PolicyDocument: document } : p)),
    };
    return { ok: true, workspace: { ...ws, iam: { ...iam, GroupDetailList: next } } };
  }
  return { ok: false, error: `No role, user or group ${owner} in the workspace.` };
}

/** The document of a policy as the draft holds it (a string while being edited), or undefined when not found. */
export function getPolicyDocument(ws: Workspace, policyId: string): PolicyInput | undefined {
  return documentOf(ws, policyId, {
    resource: (arn) => ws.resourcePolicies?.find((r) => r.resourceArn === arn),
    role: (arn) => ws.iam?.RoleDetailList?.find((r) => r.Arn === arn),
    user: (arn) => ws.iam?.UserDetailList?.find((u) => u.Arn === arn),
    group: (arn) => ws.iam?.GroupDetailList?.find((g) => g.Arn === arn),
    managed: (arn) => ws.iam?.Policies?.find((x) => x.Arn === arn),
  });
}

/**
 * `getPolicyDocument` for many ids of one workspace: the roles, users, groups, managed and resource policies are
 * indexed once by ARN (the first of equal ARNs wins, as with `find`), so looking up every policy of a 6,000-role
 * workspace is linear instead of quadratic. The workspace must not change while the lookup is used.
 */
export function policyDocumentLookup(ws: Workspace): (policyId: string) => PolicyInput | undefined {
  const index = <T>(items: T[] | undefined, key: (item: T) => string): Map<string, T> => {
    const map = new Map<string, T>();
    for (const item of items ?? []) if (!map.has(key(item))) map.set(key(item), item);
    return map;
  };
  const iam = ws.iam ?? {};
  const resources = index(ws.resourcePolicies, (r) => r.resourceArn);
  const roles = index(iam.RoleDetailList, (r) => r.Arn);
  const users = index(iam.UserDetailList, (u) => u.Arn);
  const groups = index(iam.GroupDetailList, (g) => g.Arn);
  const managed = index(iam.Policies, (p) => p.Arn);
  const finders: Finders = {
    resource: (arn) => resources.get(arn),
    role: (arn) => roles.get(arn),
    user: (arn) => users.get(arn),
    group: (arn) => groups.get(arn),
    managed: (arn) => managed.get(arn),
  };
  return (policyId) => documentOf(ws, policyId, finders);
}

type IamLists = NonNullable<Workspace['iam']>;
interface Finders {
  resource(arn: string): NonNullable<Workspace['resourcePolicies']>[number] | undefined;
  role(arn: string): NonNullable<IamLists['RoleDetailList']>[number] | undefined;
  user(arn: string): NonNullable<IamLists['UserDetailList']>[number] | undefined;
  group(arn: string): NonNullable<IamLists['GroupDetailList']>[number] | undefined;
  managed(arn: string): NonNullable<IamLists['Policies']>[number] | undefined;
}

function documentOf(ws: Workspace, policyId: string, find: Finders): PolicyInput | undefined {
  const hash = policyId.indexOf('#');
  if (hash > 0) {
    const owner = policyId.slice(0, hash);
    const part = policyId.slice(hash + 1);
    if (part === 'resource') return find.resource(owner)?.policy;
    const role = find.role(owner);
    if (part === 'trust') return role?.AssumeRolePolicyDocument;
    const name = /^inline\/(.+)$/.exec(part)?.[1];
    if (name === undefined) return undefined;
    const list = role?.RolePolicyList ?? find.user(owner)?.UserPolicyList ?? find.group(owner)?.GroupPolicyList;
    return list?.find((p) => p.PolicyName === name)?.PolicyDocument;
  }
  const scp = /^(scp|rcp)\/(\d+)\/(\d+)$/.exec(policyId);
  if (scp) return ws.organization?.[scp[1] === 'scp' ? 'scps' : 'rcps']?.[Number(scp[2])]?.[Number(scp[3])];
  const p = find.managed(policyId);
  const versions = p?.PolicyVersionList ?? [];
  return (
    versions.find((v) => v.IsDefaultVersion === true) ??
    versions.find((v) => v.VersionId === p?.DefaultVersionId) ??
    (versions.length === 1 ? versions[0] : undefined)
  )?.Document;
}
