/**
 * Prepares a workspace once: parses, validates and compiles every policy, and indexes principals, resource policies,
 * SCPs and RCPs, so each evaluation only looks things up.
 */
import { policySources, rangeInFile, setPolicySource, type PolicySource } from '../workspace/source-map';
import { importedPolicySources } from '../workspace/import-sources';
import { loadCatalog, resourceTypeMatcher, type ActionInfo, type Catalog } from '../catalog';
import type { Diagnostic } from '../model/diagnostic';
import type { PolicyType, Range } from '../model/request';
import type {
  AttachedPolicy,
  InlinePolicy,
  ManagedPolicyDetail,
  PolicyInput,
  Tag,
  Workspace,
} from '../model/workspace';
import { parsePolicy, policyText, type ParsedPolicy } from '../policy/parse';
import { validatePolicy } from '../policy/validate';
import { compilePolicy, PolicySet, type CompiledPolicy } from './compile';
import { arnAccount, matchArn } from '../arn';
import type { CompiledCondition } from './conditions';

/** A role or IAM user of the workspace, with its policies compiled. */
export interface PrincipalRecord {
  kind: 'role' | 'user';
  arn: string;
  name: string;
  accountId: string;
  /** RoleId / UserId when the export has it. */
  id?: string;
  /** Tags keyed by lower-cased key. */
  tags: Map<string, Tag>;
  identity: PolicySet;
  boundary: PolicySet | null;
  boundaryArn?: string;
  /** Roles only: the trust policy. */
  trust?: PolicySet;
}

/** A KMS key of the workspace, with its key policy compiled. */
export interface KmsKeyRecord {
  arn: string;
  keyId: string;
  accountId: string;
  region: string;
  /** An AWS managed key (KeyManager AWS, or an alias/aws/… alias): customers cannot change it. */
  awsManaged: boolean;
  aliases: string[];
  policy: PolicySet;
  /** Where the key policy came from: the workspace, KMS's default key policy, or the policy AWS gives its managed keys. */
  policySource: 'workspace' | 'default' | 'awsManaged';
}

/** A bucket whose default encryption is SSE-KMS: the key reference as written, and whether an S3 Bucket Key is used. */
export interface BucketKms {
  keyRef: string | null;
  bucketKey: boolean;
}

/** Everything the decision procedure needs, computed once per workspace. */
export interface PreparedWorkspace {
  workspace: Workspace;
  catalog: Catalog;
  diagnostics: Diagnostic[];
  policies: Map<string, ParsedPolicy>;
  compiled: Map<string, CompiledPolicy>;
  roles: Map<string, PrincipalRecord>;
  users: Map<string, PrincipalRecord>;
  /** `ACCOUNT/rolename-lower` → role, for session ARNs (which carry no path). */
  rolesByName: Map<string, PrincipalRecord>;
  /** Resource ARN → its resource-based policy. */
  resourcePolicies: Map<string, PolicySet>;
  /** KMS keys by key ARN, and by every name a request or a bucket may use (key id, key ARN, alias name, alias ARN). */
  kmsKeys: Map<string, KmsKeyRecord>;
  kmsKeyNames: Map<string, KmsKeyRecord>;
  /** Bucket ARN → its SSE-KMS default encryption (buckets with another default are absent). */
  bucketKms: Map<string, BucketKms>;
  /** SCP levels (each level must allow), RCP levels likewise. */
  scps: PolicySet[];
  rcps: PolicySet[];
  /** Accounts the workspace holds (its accountId and those of its principals). */
  accounts: Set<string>;
  partition: string;
  region: string;
  accountId: string;
  /** Resource-type check with compiled ARN formats. */
  resourceTypes: (action: string, resourceArn: string) => string[];
  /** Session policies compiled on first use, keyed by id. */
  sessionCache: Map<string, { input: PolicyInput; policy: CompiledPolicy; diagnostics: Diagnostic[] }>;
  /** Memo caches for the decision fast path (decide()); plain data derived from this workspace only. */
  memo: {
    /** Action name as given → catalog entry (or null when unknown). */
    actions: Map<string, ActionInfo | null>;
    /** `resourceAccount\u0000arn` → its resource side (bounded). */
    sides: Map<string, unknown>;
    /** Principal object → its subject for one evaluation time and context object. */
    subjects: WeakMap<object, { nowMs: number; context: unknown; value: unknown }>;
  };
}

/** The array a field holds, or [] when it holds anything else (workspaces come from users). */
const list = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);

const accountOf = (arn: string) => arnAccount(arn) ?? '';

/** The default version's document of a managed policy (IAM evaluates only the default version). */
function defaultDocument(p: ManagedPolicyDetail): PolicyInput | undefined {
  const versions = list(p.PolicyVersionList);
  const v =
    versions.find((x) => x.IsDefaultVersion === true) ??
    versions.find((x) => p.DefaultVersionId !== undefined && x.VersionId === p.DefaultVersionId) ??
    (versions.length === 1 ? versions[0] : undefined);
  return v?.Document;
}

/** A policy parsed, validated and compiled once, for every policy of the workspace with the same text. */
interface PolicyTemplate {
  compiled: CompiledPolicy;
  /** The validator's diagnostics (the parser's are in compiled.parsed.diagnostics). */
  diagnostics: Diagnostic[];
}

/**
 * The template's policy as the policy `policyId`: the same statements and matchers, its own id everywhere, and, when
 * it was read from the user's file, its positions mapped into that file (statements, skipped statements, condition
 * traces, diagnostics).
 */
function instantiate(t: PolicyTemplate, policyId: string, src: PolicySource | undefined): PolicyTemplate {
  const c = t.compiled;
  const relabelled = (d: Diagnostic): Diagnostic => ({ ...d, policyId });
  const parsed: ParsedPolicy = { ...c.parsed, policyId, diagnostics: c.parsed.diagnostics.map(relabelled) };
  if (!src)
    return {
      compiled: {
        policyId,
        policyType: c.policyType,
        parsed,
        statements: c.statements.map((st) => ({ ...st, policyId })),
        skipped: c.skipped.map((st) => ({ ...st, policyId })),
      },
      diagnostics: t.diagnostics.map(relabelled),
    };
  setPolicySource(parsed, src);
  const inFile = (r: Range): Range => rangeInFile(parsed, r);
  const condition = (cond: CompiledCondition): CompiledCondition => ({
    ...cond,
    explain: (lookup) => {
      const trace = cond.explain(lookup);
      return trace.range ? { ...trace, range: inFile(trace.range) } : trace;
    },
  });
  return {
    compiled: {
      policyId,
      policyType: c.policyType,
      parsed,
      statements: c.statements.map((st) => ({
        ...st,
        policyId,
        ...inFile({ start: st.start, end: st.end }),
        file: src.file,
        conditions: st.conditions.map(condition),
      })),
      skipped: c.skipped.map((st) => ({ ...st, policyId, ...inFile({ start: st.start, end: st.end }) })),
    },
    diagnostics: t.diagnostics.map((d) =>
      d.range ? { ...d, policyId, range: inFile(d.range), file: src.file } : relabelled(d),
    ),
  };
}

/** Parses, validates and compiles every policy of the workspace; indexes statements by action. */
export function prepareWorkspace(
  ws: Workspace,
  opts?: {
    catalog?: Catalog;
    /** The file the workspace was read from; `check`: it may have been edited since (see policySources). */
    source?: { text: string; file: string; path?: (string | number)[]; check?: boolean };
    /**
     * An imported workspace: the imported files' texts (by the name `workspace.sources` gives them), so positions are
     * in those files (workspace/import-sources); `original`: the workspace as imported, or a test of whether a document
     * is its imported version (an edited document is not mapped). With `source` too, a document found in an imported
     * file cites that file and every other one the workspace file.
     */
    imported?: {
      texts: Record<string, string>;
      original?: Workspace | ((policyId: string, input: PolicyInput) => boolean);
    };
  },
): PreparedWorkspace {
  const catalog = opts?.catalog ?? loadCatalog();
  const diagnostics: Diagnostic[] = [];
  const policies = new Map<string, ParsedPolicy>();
  const compiled = new Map<string, CompiledPolicy>();
  const sources = ws.sources && typeof ws.sources === 'object' ? ws.sources : undefined;
  const templates = new Map<string, PolicyTemplate>();
  // With the file's text, each document is parsed as the user wrote it and its positions map into that file.
  const inWorkspace = opts?.source
    ? policySources(ws, opts.source.text, opts.source.file, opts.source.path, opts.source.check)
    : undefined;
  const inImported = opts?.imported
    ? importedPolicySources(ws, opts.imported.texts, opts.imported.original)
    : undefined;
  const fileSources =
    inWorkspace && inImported ? new Map([...inWorkspace, ...inImported]) : (inImported ?? inWorkspace);
  const add = (input: PolicyInput, policyId: string, policyType: PolicyType): CompiledPolicy => {
    const existing = compiled.get(policyId);
    if (existing) return existing;
    const owner = policyId.split('#')[0];
    const key = sources && Object.prototype.hasOwnProperty.call(sources, policyId) ? policyId : owner;
    const src = fileSources?.get(policyId);
    const file =
      src?.file ?? (sources && Object.prototype.hasOwnProperty.call(sources, key) ? sources[key]?.file : undefined);
    // Workspaces repeat documents (thousands of roles from one template): each distinct text of a type and file is
    // parsed, validated and compiled once, with positions in the document's own text, and each policy gets a copy
    // with its own id and its positions mapped into the user's file (source-map).
    const text = src?.text ?? policyText(input);
    const templateKey = `${policyType}\u0000${file ?? ''}\u0000${text}`;
    let template = templates.get(templateKey);
    if (!template) {
      const parsed = parsePolicy(input, { policyId, policyType, ...(file ? { file } : {}), text });
      template = { compiled: compilePolicy(parsed, catalog), diagnostics: validatePolicy(parsed, catalog) };
      templates.set(templateKey, template);
    }
    const copy = instantiate(template, policyId, src);
    policies.set(policyId, copy.compiled.parsed);
    diagnostics.push(...copy.diagnostics);
    compiled.set(policyId, copy.compiled);
    return copy.compiled;
  };
  const iam = ws.iam && typeof ws.iam === 'object' ? ws.iam : {};
  const managed = new Map<string, ManagedPolicyDetail>();
  for (const p of list(iam.Policies)) if (p && typeof p.Arn === 'string') managed.set(p.Arn, p);
  const managedPolicy = (arn: string, owner: string, type: PolicyType): CompiledPolicy | null => {
    const m = managed.get(arn);
    const doc = m ? defaultDocument(m) : undefined;
    if (doc === undefined) {
      diagnostics.push({
        severity: 'warning',
        code: 'workspace.missing-managed-policy',
        message: `${owner} uses the managed policy ${arn}, but the workspace has no default version of it; it is left out of evaluation.`,
        path: 'iam.Policies',
        policyId: arn,
      });
      return null;
    }
    return add(doc, arn, type);
  };
  const inline = (policies: InlinePolicy[] | undefined, ownerArn: string): CompiledPolicy[] =>
    list(policies)
      .filter((p) => p && typeof p.PolicyName === 'string')
      .map((p) => add(p.PolicyDocument, `${ownerArn}#inline/${p.PolicyName}`, 'identity'));
  const attached = (policies: AttachedPolicy[] | undefined, ownerArn: string): CompiledPolicy[] =>
    list(policies)
      .flatMap((a) => (a && typeof a.PolicyArn === 'string' ? [managedPolicy(a.PolicyArn, ownerArn, 'identity')] : []))
      .filter((x): x is CompiledPolicy => x !== null);
  const tagMap = (tags: Tag[] | undefined) =>
    new Map(
      list(tags)
        .filter((t) => t && typeof t.Key === 'string')
        .map((t) => [t.Key.toLowerCase(), t] as const),
    );
  const boundaryOf = (b: { PermissionsBoundaryArn: string } | undefined, ownerArn: string) => {
    if (!b || typeof b.PermissionsBoundaryArn !== 'string') return { boundary: null };
    const c = managedPolicy(b.PermissionsBoundaryArn, ownerArn, 'permissionsBoundary');
    // A boundary the workspace lacks still limits the principal: nothing is allowed through it.
    return { boundary: new PolicySet(c ? [c] : []), boundaryArn: b.PermissionsBoundaryArn };
  };

  const accounts = new Set<string>();
  if (ws.accountId) accounts.add(ws.accountId);
  const roles = new Map<string, PrincipalRecord>();
  const rolesByName = new Map<string, PrincipalRecord>();
  for (const r of list(iam.RoleDetailList)) {
    if (!r || typeof r.Arn !== 'string') continue;
    const accountId = accountOf(r.Arn);
    if (accountId) accounts.add(accountId);
    const rec: PrincipalRecord = {
      kind: 'role',
      arn: r.Arn,
      name: String(r.RoleName),
      accountId,
      ...(r.RoleId ? { id: r.RoleId } : {}),
      tags: tagMap(r.Tags),
      identity: new PolicySet([...inline(r.RolePolicyList, r.Arn), ...attached(r.AttachedManagedPolicies, r.Arn)]),
      ...boundaryOf(r.PermissionsBoundary, r.Arn),
      trust: new PolicySet(
        r.AssumeRolePolicyDocument !== undefined ? [add(r.AssumeRolePolicyDocument, `${r.Arn}#trust`, 'trust')] : [],
      ),
    };
    roles.set(r.Arn, rec);
    rolesByName.set(`${accountId}/${String(r.RoleName).toLowerCase()}`, rec);
  }
  const groups = new Map<string, CompiledPolicy[]>();
  for (const g of list(iam.GroupDetailList)) {
    if (!g || typeof g.Arn !== 'string') continue;
    const gp = [...inline(g.GroupPolicyList, g.Arn), ...attached(g.AttachedManagedPolicies, g.Arn)];
    groups.set(String(g.GroupName), gp);
    groups.set(g.Arn, gp);
  }
  const users = new Map<string, PrincipalRecord>();
  for (const u of list(iam.UserDetailList)) {
    if (!u || typeof u.Arn !== 'string') continue;
    const accountId = accountOf(u.Arn);
    if (accountId) accounts.add(accountId);
    const groupPolicies = list(u.GroupList).flatMap((g) => groups.get(g) ?? []);
    users.set(u.Arn, {
      kind: 'user',
      arn: u.Arn,
      name: String(u.UserName),
      accountId,
      ...(u.UserId ? { id: u.UserId } : {}),
      tags: tagMap(u.Tags),
      identity: new PolicySet([
        ...inline(u.UserPolicyList, u.Arn),
        ...attached(u.AttachedManagedPolicies, u.Arn),
        ...groupPolicies,
      ]),
      ...boundaryOf(u.PermissionsBoundary, u.Arn),
    });
  }
  const resourcePolicies = new Map<string, PolicySet>();
  list(ws.resourcePolicies).forEach((rp) => {
    if (!rp || typeof rp.resourceArn !== 'string') return;
    const c = add(rp.policy, `${rp.resourceArn}#resource`, 'resource');
    const prev = resourcePolicies.get(rp.resourceArn);
    resourcePolicies.set(rp.resourceArn, new PolicySet([...(prev?.policies ?? []), c]));
  });
  const kmsKeys = new Map<string, KmsKeyRecord>();
  const kmsKeyNames = new Map<string, KmsKeyRecord>();
  const partition = ws.partition ?? 'aws';
  for (const k of list(ws.kmsKeys)) {
    const md = k?.KeyMetadata;
    if (!md || typeof md.KeyId !== 'string') continue;
    const region = ws.region ?? 'us-east-1';
    const accountId = md.AWSAccountId ?? (md.Arn ? accountOf(md.Arn) : '') ?? ws.accountId ?? '';
    const arn = md.Arn ?? `arn:${partition}:kms:${region}:${accountId || ws.accountId || ''}:key/${md.KeyId}`;
    const aliases = list(k.Aliases)
      .map((a) => a?.AliasName)
      .filter((a): a is string => typeof a === 'string');
    const awsManaged = md.KeyManager === 'AWS' || aliases.some((a) => a.startsWith('alias/aws/'));
    const keyAccount = accountOf(arn) || accountId;
    const keyRegion = matchArn(arn, { service: 'kms' })?.region || region;
    const doc: PolicyInput =
      k.Policy !== undefined
        ? k.Policy
        : awsManaged
          ? awsManagedKeyPolicy(
              partition,
              keyAccount,
              keyRegion,
              aliases.find((a) => a.startsWith('alias/aws/')),
            )
          : defaultKeyPolicy(partition, keyAccount);
    const rec: KmsKeyRecord = {
      arn,
      keyId: md.KeyId,
      accountId: keyAccount,
      region: keyRegion,
      awsManaged,
      aliases,
      policy: new PolicySet([add(doc, `${arn}#keyPolicy`, 'resource')]),
      policySource: k.Policy !== undefined ? 'workspace' : awsManaged ? 'awsManaged' : 'default',
    };
    kmsKeys.set(arn, rec);
    kmsKeyNames.set(arn, rec);
    kmsKeyNames.set(md.KeyId, rec);
    for (const a of list(k.Aliases)) {
      if (typeof a?.AliasName !== 'string') continue;
      kmsKeyNames.set(a.AliasName, rec);
      kmsKeyNames.set(a.AliasArn ?? `arn:${partition}:kms:${keyRegion}:${keyAccount}:${a.AliasName}`, rec);
    }
  }
  const bucketKms = new Map<string, BucketKms>();
  for (const e of list(ws.bucketEncryption)) {
    if (!e || typeof e.bucketArn !== 'string') continue;
    const rule = list(e.ServerSideEncryptionConfiguration?.Rules).find(
      (r) => r?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm !== undefined,
    );
    const d = rule?.ApplyServerSideEncryptionByDefault;
    if (!d || !/^aws:kms/.test(d.SSEAlgorithm)) continue;
    bucketKms.set(e.bucketArn, { keyRef: d.KMSMasterKeyID ?? null, bucketKey: rule?.BucketKeyEnabled === true });
    // No key named: S3 uses the account's AWS managed key aws/s3, whose policy AWS writes (added when not exported).
    const ref = d.KMSMasterKeyID ?? 'alias/aws/s3';
    if (ref === 'alias/aws/s3' && !kmsKeyNames.has(ref) && ws.accountId) {
      const region = ws.region ?? 'us-east-1';
      const arn = `arn:${partition}:kms:${region}:${ws.accountId}:alias/aws/s3`;
      const rec: KmsKeyRecord = {
        arn,
        keyId: 'alias/aws/s3',
        accountId: ws.accountId,
        region,
        awsManaged: true,
        aliases: ['alias/aws/s3'],
        policy: new PolicySet([
          add(awsManagedKeyPolicy(partition, ws.accountId, region, 'alias/aws/s3'), `${arn}#keyPolicy`, 'resource'),
        ]),
        policySource: 'awsManaged',
      };
      kmsKeys.set(arn, rec);
      kmsKeyNames.set('alias/aws/s3', rec);
      kmsKeyNames.set(arn, rec);
    }
  }
  const levels = (levels_: PolicyInput[][] | undefined, kind: 'scp' | 'rcp') =>
    list(levels_).map(
      (level, l) =>
        new PolicySet((Array.isArray(level) ? level : []).map((doc, i) => add(doc, `${kind}/${l}/${i}`, kind))),
    );
  return {
    workspace: ws,
    catalog,
    diagnostics,
    policies,
    compiled,
    roles,
    users,
    rolesByName,
    resourcePolicies,
    kmsKeys,
    kmsKeyNames,
    bucketKms,
    scps: levels(ws.organization?.scps, 'scp'),
    rcps: levels(ws.organization?.rcps, 'rcp'),
    accounts,
    partition: ws.partition ?? 'aws',
    region: ws.region ?? 'us-east-1',
    accountId: ws.accountId ?? '',
    resourceTypes: resourceTypeMatcher(catalog),
    sessionCache: new Map(),
    memo: { actions: new Map(), sides: new Map(), subjects: new WeakMap() },
  };
}

/** Compiles (once per id and document) a session policy given in a CallerPrincipal. */
export function sessionPolicy(pw: PreparedWorkspace, policyId: string, input: PolicyInput): CompiledPolicy {
  const hit = pw.sessionCache.get(policyId);
  if (hit && hit.input === input) return hit.policy;
  const parsed = parsePolicy(input, { policyId, policyType: 'session' });
  const policy = compilePolicy(parsed, pw.catalog);
  pw.sessionCache.set(policyId, { input, policy, diagnostics: validatePolicy(parsed, pw.catalog) });
  return policy;
}

/**
 * The default key policy KMS gives a key created without one: the account may use the key through IAM policies.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function defaultKeyPolicy(partition: string, account: string): PolicyInput {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/**
 * The key policy AWS gives an AWS managed key (aws/SERVICE): any principal of the account may use it through that
 * service, and the account may read its metadata. Customers cannot change it.
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
export function awsManagedKeyPolicy(partition: string, account: string, region: string, alias?: string): PolicyInput {
  const service = alias?.slice('alias/aws/'.length) || 's3';
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `${service}.${region}.amazonaws.com` },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  };
}
