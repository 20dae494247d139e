/**
 * Edits of a workspace by policy id, immutably: the editor replaces one policy's document with the text being typed
 * (kept as a string, so the engine's positions refer to exactly what the editor shows), or a pool's mapping rules.
 * Policy ids as the engine names them: managed policy ARN, `OWNERARN#inline/NAME`, `ROLEARN#trust`,
 * `RESOURCEARN#resource`, `scp/L/I`, `rcp/L/I`.
 */
import type {
  IdentityPool,
  MappingRule,
  PolicyInput,
  Workspace,
  WorkspaceSettings,
} from '../../../../policy-engine/model/index';
import type { EditResult } from '../../../../policy-engine/workspace/index';
import { isObj } from '../../../../policy-engine/index';

export {
  getPolicyDocument,
  policyDocumentLookup,
  setPolicyDocument,
  type EditResult,
} from '../../../../policy-engine/workspace/index';

/** Replaces the rules of one role mapping (`mappingKey` of pool `poolId`). */
export function setMappingRules(ws: Workspace, poolId: string, mappingKey: string, rules: MappingRule[]): EditResult {
  const pools = ws.identityPools ?? [];
  const i = pools.findIndex((p) => p.IdentityPoolId === poolId);
  if (i < 0) return { ok: false, error: `No identity pool ${poolId}.` };
  const pool: IdentityPool = pools[i];
  const mappings = pool.RoleMappings ?? {};
  if (!Object.prototype.hasOwnProperty.call(mappings, mappingKey))
    return { ok: false, error: `Pool ${poolId} has no role mapping for ${mappingKey}.` };
  const mapping = mappings[mappingKey];
  const next = [...pools];
  next[i] = {
    ...pool,
    RoleMappings: {
      ...mappings,
      [mappingKey]: { ...mapping, RulesConfiguration: { Rules: rules.map((r) => ({ ...r })) } },
    },
  };
  return { ok: true, workspace: { ...ws, identityPools: next } };
}

/**
 * Changes `workspace.settings`: each key of `patch` replaces the setting, an undefined value removes it (back to the
 * documented default); an empty settings object is dropped, so a workspace that never chose anything stays as it was.
 */
export function setSettings(ws: Workspace, patch: Partial<Record<keyof WorkspaceSettings, unknown>>): Workspace {
  const next: Record<string, unknown> = { ...(ws.settings ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  const { settings: _old, ...rest } = ws;
  return Object.keys(next).length ? { ...rest, settings: next as WorkspaceSettings } : rest;
}

/** Moves an item of a list from one index to another (for reordering rules); out-of-range moves return a copy. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

/**
 * Before saving: every policy document that is a string holding valid JSON becomes an object again, so the saved
 * file reads as the user's JSON rather than escaped strings. Invalid text stays a string (and is reported on load).
 */
export function normaliseDocuments(ws: Workspace): Workspace {
  return {
    ...ws,
    ...(ws.iam ? { iam: normaliseIam(ws.iam) } : {}),
    ...(ws.resourcePolicies
      ? { resourcePolicies: ws.resourcePolicies.map((r) => ({ ...r, policy: objectDocument(r.policy) })) }
      : {}),
  };
}

/** A string holding a JSON object, as that object; anything else as it is. */
function objectDocument(d: PolicyInput): PolicyInput {
  if (typeof d !== 'string') return d;
  try {
    const v: unknown = JSON.parse(d);
    return isObj(v) ? v : d;
  } catch {
    return d;
  }
}

/** Inline policies with their documents as objects (the list left out when absent). */
function inlineDocuments<T extends { PolicyDocument: PolicyInput }>(list: T[] | undefined): T[] | undefined {
  return list?.map((p) => ({ ...p, PolicyDocument: objectDocument(p.PolicyDocument) }));
}

/** normaliseDocuments for the IAM part: roles (trust and inline), users, groups, managed policy versions. */
function normaliseIam(iam: NonNullable<Workspace['iam']>): NonNullable<Workspace['iam']> {
  const out = { ...iam };
  if (iam.RoleDetailList)
    out.RoleDetailList = iam.RoleDetailList.map((r) => {
      const role = { ...r };
      if (r.AssumeRolePolicyDocument !== undefined)
        role.AssumeRolePolicyDocument = objectDocument(r.AssumeRolePolicyDocument);
      if (r.RolePolicyList) role.RolePolicyList = inlineDocuments(r.RolePolicyList);
      return role;
    });
  if (iam.UserDetailList)
    out.UserDetailList = iam.UserDetailList.map((u) =>
      u.UserPolicyList ? { ...u, UserPolicyList: inlineDocuments(u.UserPolicyList) } : { ...u },
    );
  if (iam.GroupDetailList)
    out.GroupDetailList = iam.GroupDetailList.map((g) =>
      g.GroupPolicyList ? { ...g, GroupPolicyList: inlineDocuments(g.GroupPolicyList) } : { ...g },
    );
  if (iam.Policies)
    out.Policies = iam.Policies.map((p) =>
      p.PolicyVersionList
        ? { ...p, PolicyVersionList: p.PolicyVersionList.map((v) => ({ ...v, Document: objectDocument(v.Document) })) }
        : { ...p },
    );
  return out;
}
