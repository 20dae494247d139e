/**
 * Handlers for the AWS CLI outputs `rolecall import` recognises (see `classify` in import.ts). Each takes the parsed
 * file and merges what it holds into the workspace; what a file does not say (the policy a bare get-policy-version
 * belongs to, the bucket of a bare get-bucket-policy) comes from `FILE=ARN`, else is inferred and reported, else is an
 * error that says how to name it.
 */
import type {
  AttachedPolicy,
  IdentityPool,
  InlinePolicy,
  ManagedPolicyDetail,
  PolicyInput,
  RoleDetail,
  SourceLocation,
} from '../model/workspace';
import type { ZodType } from 'zod';
import type { ExportContext } from './export-context';
import { diag, formatPath, rangeAt } from './json-source';
import type { PathSegments } from './json-source';
import {
  addGroup,
  addManagedPolicy,
  addPool,
  addResource,
  addResourcePolicy,
  addRole,
  addSource,
  addUser,
  addUserPool,
} from './merge';
import { bucketNames, decodePolicy, policyTooDeep, resourceStrings, samePolicy, tableArns } from './policy-doc';
import { awsShapes, parseWorkspaceText } from './schema';
import {
  addBucketEncryption,
  addKmsKey,
  importAliases,
  importBucketEncryption,
  importDescribeKey,
  importKeyPolicy,
  isKmsKeyArn,
} from './import-kms';
import {
  importDescribeUserPool,
  importDescribeUserPoolClient,
  importListGroups,
  importMfaConfig,
} from './import-userpool';
import { isObj } from '../guards';

/** The file name without directories and extension, for inferring names. */
export function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(json|txt|out)$/i, '');
}

/** The longest candidate the file name contains as a whole word (case-insensitive); null when none or ambiguous. */
export function matchName(file: string, candidates: string[]): string | null {
  const base = baseName(file).toLowerCase();
  const hits = candidates.filter((c) => {
    const i = base.indexOf(c.toLowerCase());
    if (i < 0) return false;
    const before = base[i - 1];
    const after = base[i + c.length];
    return (before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9]/.test(after));
  });
  if (hits.length === 0) return null;
  const longest = Math.max(...hits.map((h) => h.length));
  const best = [...new Set(hits.filter((h) => h.length === longest))];
  return best.length === 1 ? best[0] : null;
}

function where(ctx: ExportContext, path: PathSegments): SourceLocation {
  const r = rangeAt(ctx.src, path);
  return { file: ctx.file.name, line: r?.start.line, column: r?.start.column };
}

/**
 * Where a GetIdentityPoolRoles output's Roles / RoleMappings start (whichever comes first; the document when it has
 * neither): findings on the pool's roles and role mappings read `POOLID#roles` (as for a template's role attachment).
 */
function rolesWhere(ctx: ExportContext, v: Record<string, unknown>): SourceLocation {
  const at = (['Roles', 'RoleMappings'] as const)
    .filter((k) => Object.prototype.hasOwnProperty.call(v, k))
    .map((k) => where(ctx, [k]));
  at.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return at[0] ?? where(ctx, []);
}

function error(ctx: ExportContext, path: PathSegments, code: string, message: string): void {
  ctx.acc.report.errors.push(diag(code, message, { file: ctx.file.name, path, range: rangeAt(ctx.src, path) }));
}

function policyReadable(ctx: ExportContext, doc: unknown, path: PathSegments): doc is PolicyInput {
  if (decodePolicy(doc) !== null) return true;
  error(
    ctx,
    path,
    'import.bad-policy',
    policyTooDeep(doc) ?? 'expected a policy document: a JSON object, a JSON string or a URL-encoded JSON string',
  );
  return false;
}

/**
 * Every policy document an IAM entity carries must be readable: a document that is neither an object nor (URL-encoded)
 * JSON would otherwise load and be silently ignored by the engine. Each bad one is an error at its own path.
 */
function documentsReadable(ctx: ExportContext, entity: Record<string, unknown>, path: PathSegments): boolean {
  let ok = true;
  const one = (doc: unknown, at: PathSegments): void => {
    if (doc !== undefined && !policyReadable(ctx, doc, at)) ok = false;
  };
  one(entity.AssumeRolePolicyDocument, [...path, 'AssumeRolePolicyDocument']);
  for (const list of ['RolePolicyList', 'UserPolicyList', 'GroupPolicyList']) {
    const items = entity[list];
    if (Array.isArray(items))
      items.forEach((p, i) => one(isObj(p) ? p.PolicyDocument : undefined, [...path, list, i, 'PolicyDocument']));
  }
  const versions = entity.PolicyVersionList;
  if (Array.isArray(versions))
    versions.forEach((v, i) => one(isObj(v) ? v.Document : undefined, [...path, 'PolicyVersionList', i, 'Document']));
  return ok;
}

/**
 * Points the conflicts merging just reported (from `before` on) at this file: the entity's JSON path plus the field
 * that differs, with its line/column, so the user can open the second file at the right place.
 */
function placeConflicts(ctx: ExportContext, before: number, base: PathSegments): void {
  for (const d of ctx.acc.report.conflicts.slice(before)) {
    if (d.file !== ctx.file.name || d.range) continue;
    const field = /^[A-Za-z]\w*$/.test(d.path) ? [d.path] : [];
    const path = [...base, ...field];
    d.path = formatPath(path);
    d.range = rangeAt(ctx.src, path);
  }
}

function truncatedWarning(ctx: ExportContext, v: Record<string, unknown>): void {
  if (v.IsTruncated === true) {
    ctx.acc.report.warnings.push(
      diag(
        'import.truncated',
        'this output is one page (IsTruncated: true); import the other pages too — pages merge',
        { file: ctx.file.name, path: ['IsTruncated'], severity: 'warning', range: rangeAt(ctx.src, ['IsTruncated']) },
      ),
    );
  }
}

/** Dispatches one recognised AWS export to its handler. */
export function importAwsExport(ctx: ExportContext, kind: string, items: string[]): void {
  const v = ctx.src.value as Record<string, unknown>;
  switch (kind) {
    case 'rolecall-workspace':
      return importWorkspace(ctx, items);
    case 'iam-account-authorization-details':
      return authorizationDetails(ctx, v, items);
    case 'iam-get-role':
      return roleEntry(ctx, v.Role, ['Role'], items);
    case 'iam-list-roles':
      truncatedWarning(ctx, v);
      return (v.Roles as unknown[]).forEach((r, i) => roleEntry(ctx, r, ['Roles', i], items));
    case 'iam-get-role-policy':
      ctx.deferred.push(() => rolePolicy(ctx, v, items));
      return;
    case 'iam-get-policy': {
      if (!ctx.check(awsShapes.managedPolicy, v.Policy, ['Policy'])) return;
      const p = v.Policy as ManagedPolicyDetail;
      addManagedPolicy(ctx.acc, { ...p }, ctx.file.name);
      addSource(ctx.acc, p.Arn, where(ctx, ['Policy']));
      items.push(p.Arn);
      return;
    }
    case 'iam-get-policy-version':
      ctx.deferred.push(() => policyVersion(ctx, v, items));
      return;
    case 'iam-list-attached-role-policies':
      truncatedWarning(ctx, v);
      ctx.deferred.push(() => attachedRolePolicies(ctx, v, items));
      return;
    case 'cognito-describe-identity-pool':
    case 'cognito-get-identity-pool-roles': {
      const { ResponseMetadata: _meta, ...pool } = v;
      if (!ctx.check(awsShapes.identityPool, pool, [])) return;
      const before = ctx.acc.report.conflicts.length;
      addPool(ctx.acc, pool as unknown as IdentityPool, ctx.file.name);
      placeConflicts(ctx, before, []);
      if (kind === 'cognito-describe-identity-pool') addSource(ctx.acc, String(v.IdentityPoolId), where(ctx, []));
      else addSource(ctx.acc, `${String(v.IdentityPoolId)}#roles`, rolesWhere(ctx, v));
      items.push(
        kind === 'cognito-describe-identity-pool' ? String(v.IdentityPoolId) : `roles of ${String(v.IdentityPoolId)}`,
      );
      return;
    }
    case 'cognito-get-principal-tag-attribute-map': {
      if (typeof v.IdentityProviderName !== 'string')
        return error(ctx, ['IdentityProviderName'], 'import.shape', 'expected a string');
      const map = {
        ...(v.UseDefaults !== undefined ? { UseDefaults: v.UseDefaults } : {}),
        ...(v.PrincipalTags !== undefined ? { PrincipalTags: v.PrincipalTags } : {}),
      };
      const pool = { IdentityPoolId: v.IdentityPoolId, PrincipalTagAttributeMaps: { [v.IdentityProviderName]: map } };
      if (!ctx.check(awsShapes.identityPool, pool, [])) return;
      addPool(ctx.acc, pool as IdentityPool, ctx.file.name);
      items.push(`principal tags of ${String(v.IdentityPoolId)} for ${v.IdentityProviderName}`);
      return;
    }
    case 'cognito-describe-user-pool':
      return importDescribeUserPool(ctx, v, items);
    case 'cognito-describe-user-pool-client':
      return importDescribeUserPoolClient(ctx, v, items);
    case 'cognito-list-groups':
      return importListGroups(ctx, v, items);
    case 'cognito-get-user-pool-mfa-config':
      ctx.deferred.push(() => importMfaConfig(ctx, v, items));
      return;
    case 's3-get-bucket-policy':
      // A bare `{"Policy": …}` named with a key ARN on the command line is a key policy.
      if (isKmsKeyArn(ctx.file.resourceArn)) {
        ctx.deferred.push(() => importKeyPolicy(ctx, v, items));
        return;
      }
      return bucketPolicy(ctx, v, items);
    case 'kms-describe-key':
      return importDescribeKey(ctx, v, items);
    case 'kms-get-key-policy':
      ctx.deferred.push(() => importKeyPolicy(ctx, v, items));
      return;
    case 'kms-list-aliases':
      return importAliases(ctx, v, items);
    case 's3-get-bucket-encryption':
      ctx.deferred.push(() => importBucketEncryption(ctx, v, items));
      return;
    case 'resource-policy-document':
      return bareResourcePolicy(ctx, v, items);
    case 'dynamodb-get-resource-policy':
      return dynamoPolicy(ctx, v, items);
  }
}

function importWorkspace(ctx: ExportContext, items: string[]): void {
  const parsed = parseWorkspaceText(ctx.file.text, ctx.file.name);
  if (!parsed.ok) {
    ctx.acc.report.errors.push(...parsed.errors);
    return;
  }
  const ws = parsed.value;
  const f = ctx.file.name;
  for (const r of ws.iam?.RoleDetailList ?? []) {
    addRole(ctx.acc, r, f);
    items.push(r.Arn);
  }
  for (const u of ws.iam?.UserDetailList ?? []) {
    addUser(ctx.acc, u, f);
    items.push(u.Arn);
  }
  for (const g of ws.iam?.GroupDetailList ?? []) {
    addGroup(ctx.acc, g, f);
    items.push(g.Arn);
  }
  for (const p of ws.iam?.Policies ?? []) {
    addManagedPolicy(ctx.acc, p, f);
    items.push(p.Arn);
  }
  for (const p of ws.identityPools ?? []) {
    addPool(ctx.acc, p, f);
    items.push(p.IdentityPoolId);
  }
  for (const p of ws.resourcePolicies ?? []) {
    addResourcePolicy(ctx.acc, p.resourceArn, p.policy, f);
    items.push(`policy of ${p.resourceArn}`);
  }
  for (const k of ws.kmsKeys ?? []) {
    addKmsKey(ctx.acc, k, f);
    items.push(k.KeyMetadata.Arn ?? k.KeyMetadata.KeyId);
  }
  for (const b of ws.bucketEncryption ?? []) {
    addBucketEncryption(ctx.acc, b, f);
    items.push(`default encryption of ${b.bucketArn}`);
  }
  for (const p of ws.userPools ?? []) {
    addUserPool(ctx.acc, p, f);
    items.push(`user pool ${p.UserPool.Id}`);
  }
  for (const r of ws.resources ?? [])
    if (!(ctx.acc.ws.resources ?? []).includes(r)) (ctx.acc.ws.resources ??= []).push(r);
  for (const [id, loc] of Object.entries(ws.sources ?? {})) addSource(ctx.acc, id, loc);
  const target = ctx.acc.ws;
  target.name ??= ws.name;
  target.partition ??= ws.partition;
  target.region ??= ws.region;
  target.accountId ??= ws.accountId;
  target.settings ??= ws.settings;
  target.organization ??= ws.organization;
}

function authorizationDetails(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  truncatedWarning(ctx, v);
  const f = ctx.file.name;
  const lists: [string, (x: never) => void, ZodType][] = [
    ['RoleDetailList', (r: RoleDetail) => addRole(ctx.acc, r, f), awsShapes.role],
    ['UserDetailList', (u) => addUser(ctx.acc, u, f), awsShapes.user],
    ['GroupDetailList', (g) => addGroup(ctx.acc, g, f), awsShapes.group],
    ['Policies', (p) => addManagedPolicy(ctx.acc, p, f), awsShapes.managedPolicy],
  ];
  for (const [key, add, schema] of lists) {
    const list = v[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      error(ctx, [key], 'import.shape', 'expected an array');
      continue;
    }
    list.forEach((raw, i) => {
      // Some exporters (moto among them) leave out a managed policy's PolicyName; its ARN carries it.
      const entry =
        key === 'Policies' && isObj(raw) && raw.PolicyName === undefined && typeof raw.Arn === 'string'
          ? { ...raw, PolicyName: raw.Arn.split('/').pop() }
          : raw;
      if (!ctx.check(schema, entry, [key, i])) return;
      if (!documentsReadable(ctx, entry as Record<string, unknown>, [key, i])) return;
      const before = ctx.acc.report.conflicts.length;
      add(entry as never);
      placeConflicts(ctx, before, [key, i]);
      const arn = (entry as { Arn: string }).Arn;
      addSource(ctx.acc, arn, where(ctx, [key, i]));
      items.push(arn);
    });
  }
}

function roleEntry(ctx: ExportContext, raw: unknown, path: PathSegments, items: string[]): void {
  if (!ctx.check(awsShapes.role, raw, path)) return;
  if (!documentsReadable(ctx, raw as Record<string, unknown>, path)) return;
  const role = raw as RoleDetail;
  const before = ctx.acc.report.conflicts.length;
  addRole(ctx.acc, { ...role }, ctx.file.name);
  placeConflicts(ctx, before, path);
  addSource(ctx.acc, role.Arn, where(ctx, path));
  items.push(role.Arn);
}

/** The role a per-role output belongs to: `=ARN`, else a role of that name already imported, else built from --account. */
function targetRole(ctx: ExportContext, roleName: string | null, what: string): RoleDetail | null {
  const roles = ctx.acc.ws.iam?.RoleDetailList ?? [];
  if (ctx.file.resourceArn) {
    const arn = ctx.file.resourceArn;
    const found = roles.find((r) => r.Arn === arn);
    if (found) return found;
    const m = /^arn:[\w-]+:iam::\d{12}:role(\/.*\/|\/)([^/]+)$/.exec(arn);
    if (!m) {
      error(ctx, [], 'import.bad-arn', `"${arn}" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
      return null;
    }
    const role: RoleDetail = { Path: m[1], RoleName: m[2], Arn: arn };
    addRole(ctx.acc, role, ctx.file.name);
    return role;
  }
  const byName = roleName ? roles.filter((r) => r.RoleName === roleName) : [];
  if (byName.length === 1) return byName[0];
  if (!roleName) {
    const inferred = matchName(
      ctx.file.name,
      roles.map((r) => r.RoleName),
    );
    const found = inferred ? roles.find((r) => r.RoleName === inferred) : undefined;
    if (found) {
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: ${what} belongs to role ${found.Arn} (role name found in the file name)`,
      );
      return found;
    }
    error(
      ctx,
      [],
      'import.needs-arn',
      `a ${what} output does not say which role it belongs to: name it on the command line as ${ctx.file.name}=arn:aws:iam::ACCOUNT:role/NAME`,
    );
    return null;
  }
  if (byName.length > 1) {
    error(
      ctx,
      ['RoleName'],
      'import.ambiguous-role',
      `several imported roles are named ${roleName}: name the one meant as ${ctx.file.name}=ROLE_ARN`,
    );
    return null;
  }
  if (!ctx.accountId) {
    error(
      ctx,
      ['RoleName'],
      'import.needs-arn',
      `role ${roleName} is not among the imported roles and no --account is given: import its get-role output, or name it as ${ctx.file.name}=arn:aws:iam::ACCOUNT:role/${roleName}`,
    );
    return null;
  }
  const arn = `arn:${ctx.partition}:iam::${ctx.accountId}:role/${roleName}`;
  ctx.acc.report.inferred.push(
    `${ctx.file.name}: role ${roleName} was not imported; assumed ${arn} (path "/", no trust policy — import its get-role output for the rest)`,
  );
  const role: RoleDetail = { Path: '/', RoleName: roleName, Arn: arn };
  addRole(ctx.acc, role, ctx.file.name);
  return role;
}

function rolePolicy(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  if (!ctx.check(awsShapes.inline, v, [])) return;
  if (typeof v.RoleName !== 'string') return error(ctx, ['RoleName'], 'import.shape', 'expected a string');
  if (!policyReadable(ctx, v.PolicyDocument, ['PolicyDocument'])) return;
  const role = targetRole(ctx, v.RoleName, 'get-role-policy');
  if (!role) return;
  const inline: InlinePolicy = { PolicyName: String(v.PolicyName), PolicyDocument: v.PolicyDocument };
  const list = (role.RolePolicyList ??= []);
  const existing = list.find((p) => p.PolicyName === inline.PolicyName);
  if (!existing) list.push(inline);
  else if (!samePolicy(existing.PolicyDocument, inline.PolicyDocument)) {
    ctx.acc.report.conflicts.push(
      diag(
        'import.conflict',
        `role ${role.Arn}: inline policy ${inline.PolicyName} differs from the one imported earlier; kept the earlier one`,
        {
          file: ctx.file.name,
          path: ['PolicyDocument'],
          severity: 'warning',
          range: rangeAt(ctx.src, ['PolicyDocument']),
        },
      ),
    );
  }
  items.push(`${role.Arn}#${inline.PolicyName}`);
}

function attachedRolePolicies(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const list = v.AttachedPolicies as unknown[];
  const ok = list.every((a, i) => ctx.check(awsShapes.attached, a, ['AttachedPolicies', i]));
  if (!ok) return;
  const role = targetRole(ctx, null, 'list-attached-role-policies');
  if (!role) return;
  const attached = (role.AttachedManagedPolicies ??= []);
  for (const a of list as AttachedPolicy[]) {
    if (!attached.some((x) => x.PolicyArn === a.PolicyArn))
      attached.push({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn });
    items.push(`${role.Arn} → ${a.PolicyArn}`);
  }
}

function policyVersion(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  if (!ctx.check(awsShapes.policyVersion, v.PolicyVersion, ['PolicyVersion'])) return;
  const version = v.PolicyVersion as { Document: PolicyInput; VersionId?: string; IsDefaultVersion?: boolean };
  if (!policyReadable(ctx, version.Document, ['PolicyVersion', 'Document'])) return;
  const policies = ctx.acc.ws.iam?.Policies ?? [];
  let policy: ManagedPolicyDetail | undefined;
  if (ctx.file.resourceArn) {
    const arn = ctx.file.resourceArn;
    if (!/^arn:[\w-]+:iam::(\d{12}|aws):policy\//.test(arn))
      return error(
        ctx,
        [],
        'import.bad-arn',
        `"${arn}" is not a managed policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)`,
      );
    policy = policies.find((p) => p.Arn === arn);
    if (!policy) {
      const name = arn.split('/').pop() ?? arn;
      addManagedPolicy(
        ctx.acc,
        { PolicyName: name, Arn: arn, Path: arn.slice(arn.indexOf(':policy') + 7, arn.length - name.length) },
        ctx.file.name,
      );
      policy = ctx.acc.ws.iam?.Policies?.find((p) => p.Arn === arn);
    }
  } else {
    // A get-policy-version output carries no ARN: take it from the file name (a policy imported with get-policy).
    const name = matchName(
      ctx.file.name,
      policies.map((p) => p.PolicyName),
    );
    policy = name ? policies.find((p) => p.PolicyName === name) : undefined;
    if (policy)
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: policy version belongs to ${policy.Arn} (policy name found in the file name)`,
      );
    else if (ctx.accountId && /^[\w+=,.@-]+$/.test(baseName(ctx.file.name))) {
      const pname = baseName(ctx.file.name);
      const arn = `arn:${ctx.partition}:iam::${ctx.accountId}:policy/${pname}`;
      addManagedPolicy(ctx.acc, { PolicyName: pname, Arn: arn, Path: '/' }, ctx.file.name);
      policy = ctx.acc.ws.iam?.Policies?.find((p) => p.Arn === arn);
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: policy version belongs to ${arn} (name from the file name, account from --account, path "/")`,
      );
    } else {
      return error(
        ctx,
        ['PolicyVersion'],
        'import.needs-arn',
        `a get-policy-version output does not say which policy it belongs to: name it as ${ctx.file.name}=arn:aws:iam::ACCOUNT:policy/NAME (or import the policy's get-policy output and put its name in this file's name)`,
      );
    }
  }
  if (!policy) return;
  const versions = (policy.PolicyVersionList ??= []);
  const isDefault =
    version.IsDefaultVersion ?? (version.VersionId !== undefined && version.VersionId === policy.DefaultVersionId);
  const existing = versions.find((x) => x.VersionId !== undefined && x.VersionId === version.VersionId);
  if (existing) {
    if (!samePolicy(existing.Document, version.Document)) {
      ctx.acc.report.conflicts.push(
        diag(
          'import.conflict',
          `${policy.Arn} version ${version.VersionId}: document differs from the one imported earlier; kept the earlier one`,
          { file: ctx.file.name, path: ['PolicyVersion', 'Document'], severity: 'warning' },
        ),
      );
    }
  } else {
    versions.push({ ...version, IsDefaultVersion: isDefault });
  }
  if (isDefault && version.VersionId) policy.DefaultVersionId ??= version.VersionId;
  if (!isDefault) {
    ctx.acc.report.warnings.push(
      diag(
        'import.not-default-version',
        `version ${version.VersionId ?? '?'} of ${policy.Arn} is not its default version; only the default version takes effect`,
        { file: ctx.file.name, path: ['PolicyVersion', 'IsDefaultVersion'], severity: 'warning' },
      ),
    );
  }
  addSource(ctx.acc, policy.Arn, where(ctx, ['PolicyVersion']));
  items.push(`${policy.Arn} ${version.VersionId ?? ''}`.trim());
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function bucketPolicy(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  if (!policyReadable(ctx, v.Policy, ['Policy'])) return;
  let arn: string | undefined;
  const given = ctx.file.resourceArn;
  if (given) {
    const m = /^arn:[\w-]+:s3:::([^/]+)$/.exec(given);
    if (m) arn = given;
    else if (BUCKET_NAME.test(given)) arn = `arn:${ctx.partition}:s3:::${given}`;
    else return error(ctx, [], 'import.bad-arn', `"${given}" is not a bucket ARN (arn:aws:s3:::BUCKET)`);
  } else {
    // The output is `{"Policy": "<json>"}` alone: the bucket comes from the policy's own Resource ARNs, else the file name.
    const names = bucketNames(resourceStrings(v.Policy));
    const fromFile = matchName(ctx.file.name, names);
    const name = names.length === 1 ? names[0] : fromFile;
    if (name) {
      arn = `arn:${ctx.partition}:s3:::${name}`;
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: bucket ${name} (${names.length === 1 ? "the only bucket the policy's Resource ARNs name" : 'named in the file name and in the policy'})`,
      );
    } else {
      const base = baseName(ctx.file.name).replace(/[-_.]?(bucket[-_.]?)?policy$/i, '');
      if (names.length === 0 && BUCKET_NAME.test(base)) {
        arn = `arn:${ctx.partition}:s3:::${base}`;
        ctx.acc.report.inferred.push(
          `${ctx.file.name}: bucket ${base} (from the file name; the policy names no bucket)`,
        );
      }
    }
  }
  if (!arn)
    return error(
      ctx,
      ['Policy'],
      'import.needs-arn',
      `cannot tell which bucket this get-bucket-policy output belongs to: name it as ${ctx.file.name}=arn:aws:s3:::BUCKET`,
    );
  addResourcePolicy(ctx.acc, arn, v.Policy as string, ctx.file.name);
  addResource(ctx.acc, arn);
  addSource(ctx.acc, arn, where(ctx, ['Policy']));
  addSource(ctx.acc, `policy:${arn}`, where(ctx, ['Policy']));
  items.push(`policy of ${arn}`);
}

function dynamoPolicy(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  if (!policyReadable(ctx, v.Policy, ['Policy'])) return;
  let arn: string | undefined = ctx.file.resourceArn;
  if (arn && !/^arn:[\w-]+:dynamodb:[\w-]+:\d{12}:table\/[^/]+(\/stream\/[^/]+)?$/.test(arn)) {
    return error(
      ctx,
      [],
      'import.bad-arn',
      `"${arn}" is not a DynamoDB table or stream ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)`,
    );
  }
  if (!arn) {
    const resources = resourceStrings(v.Policy);
    const streams = [
      ...new Set(resources.filter((r) => /^arn:[\w-]+:dynamodb:[\w-]+:\d{12}:table\/[^/*]+\/stream\/[^/*]+$/.test(r))),
    ];
    const tables = tableArns(resources);
    const fromFile = matchName(
      ctx.file.name,
      tables.map((t) => t.split('/')[1]),
    );
    if (streams.length === 1 && resources.every((r) => r === streams[0])) {
      arn = streams[0];
      ctx.acc.report.inferred.push(`${ctx.file.name}: stream ${arn} (the only resource the policy names)`);
    } else if (tables.length === 1 || fromFile) {
      arn = tables.length === 1 ? tables[0] : tables.find((t) => t.split('/')[1] === fromFile);
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: table ${arn} (${tables.length === 1 ? "the only table the policy's Resource ARNs name" : 'named in the file name and in the policy'})`,
      );
    } else if (tables.length === 0 && ctx.accountId && ctx.region) {
      const name = baseName(ctx.file.name).replace(/[-_.]?(resource[-_.]?)?policy$/i, '');
      if (/^[\w.-]{3,255}$/.test(name)) {
        arn = `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
        ctx.acc.report.inferred.push(
          `${ctx.file.name}: table ${arn} (name from the file name, account and region from the options)`,
        );
      }
    }
  }
  if (!arn)
    return error(
      ctx,
      ['Policy'],
      'import.needs-arn',
      `cannot tell which table this get-resource-policy output belongs to: name it as ${ctx.file.name}=arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`,
    );
  addResourcePolicy(ctx.acc, arn, v.Policy as string, ctx.file.name);
  if (!arn.includes('/stream/')) addResource(ctx.acc, arn);
  addSource(ctx.acc, arn, where(ctx, ['Policy']));
  addSource(ctx.acc, `policy:${arn}`, where(ctx, ['Policy']));
  items.push(`policy of ${arn}`);
}

/**
 * A policy document on its own (`--query Policy --output text`): the bucket or table it belongs to comes from
 * FILE=ARN, else from the one bucket or table its Resource ARNs name; anything else is an error asking for FILE=ARN.
 */
function bareResourcePolicy(ctx: ExportContext, doc: Record<string, unknown>, items: string[]): void {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  // A resource policy names who it applies to; a document without Principal is an identity policy, which only counts
  // attached to a role, user or group: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  if (!statements.some((st) => isObj(st) && ('Principal' in st || 'NotPrincipal' in st))) {
    return error(
      ctx,
      ['Statement'],
      'import.identity-policy',
      'this policy document has no Principal, so it is an identity policy, not a bucket or table policy: import it as part of get-account-authorization-details, get-role-policy or get-policy-version output',
    );
  }
  const resources = resourceStrings(doc);
  const buckets = bucketNames(resources);
  const tables = tableArns(resources);
  let arn = ctx.file.resourceArn;
  if (!arn) {
    if (buckets.length === 1 && tables.length === 0) arn = `arn:${ctx.partition}:s3:::${buckets[0]}`;
    else if (tables.length === 1 && buckets.length === 0) arn = tables[0];
    if (arn)
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: a bare policy document; it belongs to ${arn} (the only ${arn.includes(':s3:') ? 'bucket' : 'table'} its Resource ARNs name)`,
      );
  }
  if (!arn)
    return error(
      ctx,
      [],
      'import.needs-arn',
      `this is a bare policy document: name the bucket or table it belongs to as ${ctx.file.name}=arn:aws:s3:::BUCKET or ${ctx.file.name}=arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`,
    );
  const isBucket = /^arn:[\w-]+:s3:::[^/]+$/.test(arn);
  const isTable = /^arn:[\w-]+:dynamodb:[\w-]+:\d{12}:table\/[^/]+(\/stream\/[^/]+)?$/.test(arn);
  if (!isBucket && !isTable)
    return error(
      ctx,
      [],
      'import.bad-arn',
      `"${arn}" is neither a bucket ARN (arn:aws:s3:::BUCKET) nor a DynamoDB table ARN`,
    );
  addResourcePolicy(ctx.acc, arn, doc, ctx.file.name);
  if (!arn.includes('/stream/')) addResource(ctx.acc, arn);
  addSource(ctx.acc, arn, where(ctx, []));
  addSource(ctx.acc, `policy:${arn}`, where(ctx, []));
  items.push(`policy of ${arn}`);
}

/** Whether a value is a non-array object (exported for the fetch module's reuse). */
export { isObj as isPlainObject };
