/**
 * Merging imported pieces into one workspace. Several files may describe the same role, policy, pool or resource
 * policy: missing fields are filled in, equal content is fine, and different content is a conflict reported with both
 * files named — the first file's content is kept, never silently overwritten.
 */
import type { Diagnostic } from '../model/diagnostic';
import type {
  AttachedPolicy,
  GroupDetail,
  IdentityPool,
  InlinePolicy,
  ManagedPolicyDetail,
  PolicyInput,
  RoleDetail,
  SourceLocation,
  Tag,
  UserDetail,
  UserPoolEntry,
  Workspace,
} from '../model/workspace';
import type { ImportBudget } from './cfn-resolve';
import { diag } from './json-source';
import { canonicalJson, samePolicy } from './policy-doc';

/** What the importer reports (CONTRACT §4 `import`). */
export interface ImportReport {
  loaded: { file: string; kind: string; items: string[] }[];
  inferred: string[];
  unresolved: Diagnostic[];
  conflicts: Diagnostic[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Items of a file that were left out (with file and place) while the rest of the file was imported. */
  notImported: Diagnostic[];
  /** Resources added to the matrix because a role's policy names them (info, with the policy's file and line). */
  fromPolicy?: Diagnostic[];
}

/** The state of an import in progress. */
export interface Acc {
  ws: Workspace;
  report: ImportReport;
  /** Entity key (e.g. `role:ARN`, `role:ARN#inline:Name`) → the file that first provided it. */
  owner: Map<string, string>;
  /** Placeholder value → what it stands for (becomes `importNotes.placeholders`). */
  placeholders: Map<string, string>;
  /** Trust policies a deploy-time custom resource rewrites, applied once every file is in (role by name or ARN). */
  trustRewrites: { roleName: string; why: string; file: string; document?: Record<string, unknown> }[];
  /** What the templates of this import may still produce and spend (see OUTPUT_RATIO in cfn-resolve.ts). */
  budget?: ImportBudget;
}

/** Starts an import, optionally on top of an existing workspace. */
export function newAcc(base?: Workspace): Acc {
  const ws: Workspace = base
    ? (JSON.parse(JSON.stringify(base)) as Workspace)
    : { format: 'rolecall-workspace', version: 1 };
  const acc: Acc = {
    ws,
    report: { loaded: [], inferred: [], unresolved: [], conflicts: [], errors: [], warnings: [], notImported: [] },
    owner: new Map(),
    placeholders: new Map(),
    trustRewrites: [],
  };
  const baseFile = '(base workspace)';
  for (const r of ws.iam?.RoleDetailList ?? []) acc.owner.set(`role:${r.Arn}`, baseFile);
  for (const p of ws.iam?.Policies ?? []) acc.owner.set(`policy:${p.Arn}`, baseFile);
  for (const p of ws.identityPools ?? []) acc.owner.set(`pool:${p.IdentityPoolId}`, baseFile);
  for (const p of ws.resourcePolicies ?? []) acc.owner.set(`rp:${p.resourceArn}`, baseFile);
  for (const p of ws.userPools ?? []) acc.owner.set(`userpool:${p.UserPool?.Id}`, baseFile);
  return acc;
}

/** Fields compared for conflicts; any other field (dates, usage counts, RoleLastUsed) is metadata: first one wins. */
const POLICY_FIELDS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document']);
const VOLATILE = new Set([
  'RoleLastUsed',
  'CreateDate',
  'UpdateDate',
  'AttachmentCount',
  'PermissionsBoundaryUsageCount',
  'InstanceProfileList',
  'IsAttachable',
  'LastModifiedDate',
  'CreationDate',
  'EstimatedNumberOfUsers',
]);

function same(field: string, a: unknown, b: unknown): boolean {
  if (POLICY_FIELDS.has(field)) return samePolicy(a as PolicyInput, b as PolicyInput);
  return canonicalJson(a) === canonicalJson(b);
}

function conflict(acc: Acc, what: string, field: string, fileA: string, fileB: string): void {
  acc.report.conflicts.push(
    diag('import.conflict', `${what}: ${field} differs between ${fileA} and ${fileB}; kept the one from ${fileA}`, {
      file: fileB,
      severity: 'warning',
      path: field,
    }),
  );
}

/** Merges the fields of `incoming` into `existing` (same entity), reporting differing fields. */
function mergeFields(
  acc: Acc,
  what: string,
  existing: Record<string, unknown>,
  incoming: Record<string, unknown>,
  fileA: string,
  fileB: string,
  lists: Record<string, (e: unknown) => string> = {},
): void {
  for (const [k, v] of Object.entries(incoming)) {
    if (v === undefined) continue;
    const cur = Object.prototype.hasOwnProperty.call(existing, k) ? existing[k] : undefined;
    if (cur === undefined) {
      existing[k] = v;
      continue;
    }
    if (VOLATILE.has(k)) continue;
    const keyOf = lists[k];
    if (keyOf && Array.isArray(cur) && Array.isArray(v)) {
      // Lists of named things (inline policies, attachments, tags) merge item by item.
      for (const item of v) {
        const id = keyOf(item);
        const match = cur.find((c) => keyOf(c) === id);
        if (!match) cur.push(item);
        else if (
          !same(k, match, item) &&
          !(typeof match === 'object' && typeof item === 'object' && samePolicyItem(match, item))
        ) {
          conflict(acc, `${what} ${id}`, k, fileA, fileB);
        }
      }
      continue;
    }
    if (!same(k, cur, v)) conflict(acc, what, k, fileA, fileB);
  }
}

function samePolicyItem(a: unknown, b: unknown): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) {
    if (VOLATILE.has(k)) continue;
    if (!same(k, x[k], y[k])) return false;
  }
  return true;
}

const roleLists = {
  RolePolicyList: (p: unknown) => (p as InlinePolicy).PolicyName,
  AttachedManagedPolicies: (p: unknown) => (p as AttachedPolicy).PolicyArn,
  Tags: (t: unknown) => (t as Tag).Key,
};

function iam(acc: Acc): NonNullable<Workspace['iam']> {
  acc.ws.iam ??= {};
  return acc.ws.iam;
}

/** Each list's entities by key (see existingOrAdd), brought up to date with whatever was pushed to it since. */
const listIndexes = new WeakMap<unknown[], { seen: number; byKey: Map<string, unknown> }>();

/**
 * The entity `list` already holds with the same key (`keyOf`: the ARN, the pool id, …; the first one when several do)
 * and the file it came from (`acc.owner` under `key`); when it holds none, adds `item` as coming from `file` and
 * returns null. Looked up in an index, not by scanning the list: an import of thousands of roles was quadratic.
 */
function existingOrAdd<T>(
  acc: Acc,
  list: T[],
  item: T,
  keyOf: (x: T) => string | undefined,
  key: string,
  file: string,
): { existing: T; owner: string } | null {
  let ix = listIndexes.get(list);
  if (!ix || ix.seen > list.length) {
    ix = { seen: 0, byKey: new Map() };
    listIndexes.set(list, ix);
  }
  for (; ix.seen < list.length; ix.seen++) {
    const k = String(keyOf(list[ix.seen]));
    if (!ix.byKey.has(k)) ix.byKey.set(k, list[ix.seen]);
  }
  const k = String(keyOf(item));
  if (ix.byKey.has(k)) return { existing: ix.byKey.get(k) as T, owner: acc.owner.get(key) ?? file };
  list.push(item);
  ix.byKey.set(k, item);
  ix.seen = list.length;
  acc.owner.set(key, file);
  return null;
}

/** Adds or merges a role (keyed by ARN). */
export function addRole(acc: Acc, role: RoleDetail, file: string): void {
  const hit = existingOrAdd(acc, (iam(acc).RoleDetailList ??= []), role, (r) => r.Arn, `role:${role.Arn}`, file);
  if (hit) mergeFields(acc, `role ${role.Arn}`, hit.existing, role, hit.owner, file, roleLists);
}

/** Adds or merges an IAM user. */
export function addUser(acc: Acc, user: UserDetail, file: string): void {
  const hit = existingOrAdd(acc, (iam(acc).UserDetailList ??= []), user, (u) => u.Arn, `user:${user.Arn}`, file);
  if (!hit) return;
  mergeFields(acc, `user ${user.Arn}`, hit.existing, user, hit.owner, file, {
    UserPolicyList: roleLists.RolePolicyList,
    AttachedManagedPolicies: roleLists.AttachedManagedPolicies,
    Tags: roleLists.Tags,
    GroupList: (g: unknown) => String(g),
  });
}

/** Adds or merges an IAM group. */
export function addGroup(acc: Acc, group: GroupDetail, file: string): void {
  const hit = existingOrAdd(acc, (iam(acc).GroupDetailList ??= []), group, (g) => g.Arn, `group:${group.Arn}`, file);
  if (!hit) return;
  mergeFields(acc, `group ${group.Arn}`, hit.existing, group, hit.owner, file, {
    GroupPolicyList: roleLists.RolePolicyList,
    AttachedManagedPolicies: roleLists.AttachedManagedPolicies,
  });
}

/** The document of a managed policy's default version (only that one counts). */
export function defaultDocument(p: ManagedPolicyDetail): PolicyInput | undefined {
  const versions = p.PolicyVersionList ?? [];
  const v =
    versions.find((x) => x.IsDefaultVersion === true) ??
    versions.find((x) => x.VersionId !== undefined && x.VersionId === p.DefaultVersionId);
  return v?.Document;
}

/** Adds or merges a managed policy (keyed by ARN); versions merge by VersionId, the default version is compared. */
export function addManagedPolicy(acc: Acc, policy: ManagedPolicyDetail, file: string): void {
  const hit = existingOrAdd(acc, (iam(acc).Policies ??= []), policy, (p) => p.Arn, `policy:${policy.Arn}`, file);
  if (!hit) return;
  const { existing, owner } = hit;
  const a = defaultDocument(existing);
  const b = defaultDocument(policy);
  if (
    a !== undefined &&
    b !== undefined &&
    existing.DefaultVersionId === policy.DefaultVersionId &&
    !samePolicy(a, b)
  ) {
    conflict(acc, `managed policy ${policy.Arn}`, 'default version document', owner, file);
  } else if (
    a !== undefined &&
    b !== undefined &&
    policy.DefaultVersionId &&
    existing.DefaultVersionId &&
    existing.DefaultVersionId !== policy.DefaultVersionId
  ) {
    conflict(acc, `managed policy ${policy.Arn}`, 'DefaultVersionId', owner, file);
  }
  const { PolicyVersionList: versions, ...rest } = policy;
  for (const [k, v] of Object.entries(rest)) if (existing[k] === undefined && v !== undefined) existing[k] = v;
  const merged = (existing.PolicyVersionList ??= []);
  for (const v of versions ?? []) {
    if (!merged.some((m) => m.VersionId !== undefined && m.VersionId === v.VersionId)) merged.push(v);
  }
}

/** Adds or merges an identity pool (keyed by id): DescribeIdentityPool, GetIdentityPoolRoles and tag maps combine. */
export function addPool(acc: Acc, pool: IdentityPool, file: string): void {
  const hit = existingOrAdd(
    acc,
    (acc.ws.identityPools ??= []),
    pool,
    (p) => p.IdentityPoolId,
    `pool:${pool.IdentityPoolId}`,
    file,
  );
  if (!hit) return;
  const { existing, owner: fileA } = hit;
  const what = `identity pool ${pool.IdentityPoolId}`;
  const { Roles, RoleMappings, PrincipalTagAttributeMaps, ...rest } = pool;
  mergeFields(acc, what, existing as unknown as Record<string, unknown>, rest as Record<string, unknown>, fileA, file);
  const mergeMap = (
    name: 'Roles' | 'RoleMappings' | 'PrincipalTagAttributeMaps',
    incoming: Record<string, unknown> | undefined,
  ): void => {
    if (!incoming) return;
    const target = ((existing as unknown as Record<string, Record<string, unknown>>)[name] ??= {});
    for (const [k, v] of Object.entries(incoming)) {
      // Provider names are data: `constructor` or `__proto__` must be an own key, never Object.prototype's.
      if (!Object.prototype.hasOwnProperty.call(target, k))
        Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
      else if (canonicalJson(target[k]) !== canonicalJson(v))
        conflict(acc, what, `${name}[${JSON.stringify(k)}]`, fileA, file);
    }
  };
  mergeMap('Roles', Roles);
  mergeMap('RoleMappings', RoleMappings);
  mergeMap('PrincipalTagAttributeMaps', PrincipalTagAttributeMaps);
}

/**
 * Adds or merges a user pool (keyed by its id): DescribeUserPool, DescribeUserPoolClient, ListGroups and
 * GetUserPoolMfaConfig outputs arrive as separate files, in any order. Clients merge by ClientId, groups by GroupName,
 * group members by group; a field that differs between two files is a conflict (the first file's value is kept).
 */
export function addUserPool(acc: Acc, entry: UserPoolEntry, file: string): void {
  const id = entry.UserPool.Id;
  const hit = existingOrAdd(acc, (acc.ws.userPools ??= []), entry, (p) => p.UserPool?.Id, `userpool:${id}`, file);
  if (!hit) return;
  const { existing, owner } = hit;
  const what = `user pool ${id}`;
  mergeFields(acc, what, existing.UserPool, entry.UserPool, owner, file);
  mergeFields(
    acc,
    what,
    existing as Record<string, unknown>,
    { Clients: entry.Clients, Groups: entry.Groups, MfaConfig: entry.MfaConfig },
    owner,
    file,
    {
      Clients: (c: unknown) => String((c as { ClientId?: unknown }).ClientId),
      Groups: (g: unknown) => String((g as { GroupName?: unknown }).GroupName),
    },
  );
  for (const [group, users] of Object.entries(entry.GroupMembers ?? {})) {
    const members = (existing.GroupMembers ??= {});
    if (!Object.prototype.hasOwnProperty.call(members, group))
      Object.defineProperty(members, group, { value: [], enumerable: true, writable: true, configurable: true });
    for (const u of users) if (!members[group].includes(u)) members[group].push(u);
  }
}

/** Adds a bucket policy or DynamoDB resource policy (keyed by resource ARN). */
export function addResourcePolicy(acc: Acc, resourceArn: string, policy: PolicyInput, file: string): void {
  const hit = existingOrAdd(
    acc,
    (acc.ws.resourcePolicies ??= []),
    { resourceArn, policy },
    (p) => p.resourceArn,
    `rp:${resourceArn}`,
    file,
  );
  if (hit && !samePolicy(hit.existing.policy, policy))
    conflict(acc, `resource policy of ${resourceArn}`, 'policy', hit.owner, file);
}

/** Adds resources to the matrix list: a bucket with its objects, a table as is. */
export function addResource(acc: Acc, arn: string): void {
  const list = (acc.ws.resources ??= []);
  const add = (a: string): void => {
    if (!list.includes(a)) list.push(a);
  };
  add(arn);
  if (/^arn:[\w-]+:s3:::[^/]+$/.test(arn)) add(`${arn}/*`);
}

/** Records where an entity came from (first one wins). */
export function addSource(acc: Acc, id: string, loc: SourceLocation): void {
  acc.ws.sources ??= {};
  if (!Object.prototype.hasOwnProperty.call(acc.ws.sources, id)) acc.ws.sources[id] = loc;
}
