/**
 * KMS keys and bucket default encryption: merging them into the workspace, and the AWS CLI outputs that carry them —
 * `aws kms describe-key` (KeyMetadata), `aws kms get-key-policy` (Policy, PolicyName "default"), `aws kms
 * list-aliases` (Aliases) and `aws s3api get-bucket-encryption` (ServerSideEncryptionConfiguration).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html
 */
import type { BucketEncryptionEntry, KmsAlias, KmsKeyEntry, KmsKeyMetadata, PolicyInput } from '../model/workspace';
import type { ExportContext } from './export-context';
import { diag, rangeAt } from './json-source';
import type { PathSegments } from './json-source';
import type { Acc } from './merge';
import { addResource, addSource } from './merge';
import { canonicalJson, decodePolicy, policyTooDeep, samePolicy } from './policy-doc';
import { awsShapes } from './schema';
import { isObj } from '../guards';

const KEY_ARN = /^arn:([\w-]+):kms:([\w-]+):(\d{12}):key\/([\w-]+)$/;
const ALIAS_ARN = /^arn:([\w-]+):kms:([\w-]+):(\d{12}):(alias\/.+)$/;
const BUCKET_ARN = /^arn:[\w-]+:s3:::([^/]+)$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Whether a string is a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID). */
export const isKmsKeyArn = (s: string | undefined): boolean => s !== undefined && KEY_ARN.test(s);

/**
 * Whether a policy document reads as a KMS key policy: every statement's Action/NotAction names only kms: actions (or
 * "*") and its Resource is "*" — a key policy's Resource is always "*", "this KMS key".
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 */
export function looksLikeKeyPolicy(input: unknown): boolean {
  const doc = decodePolicy(input);
  if (!doc) return false;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  let kms = false;
  for (const st of statements) {
    if (!isObj(st)) return false;
    const actions = st.Action ?? st.NotAction;
    for (const a of Array.isArray(actions) ? actions : [actions]) {
      if (typeof a !== 'string') return false;
      if (/^kms:/i.test(a)) kms = true;
      else if (a !== '*') return false;
    }
    const res = st.Resource ?? st.NotResource;
    if (res !== undefined && res !== '*' && !(Array.isArray(res) && res.every((r) => r === '*'))) return false;
  }
  return kms;
}

function findKey(acc: Acc, id: { keyId?: string; arn?: string }): KmsKeyEntry | undefined {
  return (acc.ws.kmsKeys ?? []).find(
    (k) =>
      (id.arn !== undefined && k.KeyMetadata.Arn === id.arn) ||
      (id.keyId !== undefined && k.KeyMetadata.KeyId === id.keyId),
  );
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

/** The metadata of a customer managed key a template or plan creates (enabled unless it says otherwise). */
export function customerKeyMetadata(keyId: string, arn: string, enabled: boolean): KmsKeyMetadata {
  return {
    KeyId: keyId,
    Arn: arn,
    AWSAccountId: arn.split(':')[4],
    KeyManager: 'CUSTOMER',
    Enabled: enabled,
    KeyState: enabled ? 'Enabled' : 'Disabled',
  };
}

/**
 * Adds or merges a KMS key (keyed by KeyId / Arn): missing fields are filled in, aliases merge by name, and a
 * different key policy or metadata field is a conflict (the first file's is kept).
 */
export function addKmsKey(acc: Acc, entry: KmsKeyEntry, file: string): KmsKeyEntry {
  const list = (acc.ws.kmsKeys ??= []);
  const existing = findKey(acc, { keyId: entry.KeyMetadata.KeyId, arn: entry.KeyMetadata.Arn });
  const ownerKey = `kms:${entry.KeyMetadata.Arn ?? entry.KeyMetadata.KeyId}`;
  if (!existing) {
    list.push(entry);
    acc.owner.set(ownerKey, file);
    return entry;
  }
  const owner =
    acc.owner.get(ownerKey) ?? acc.owner.get(`kms:${existing.KeyMetadata.Arn ?? existing.KeyMetadata.KeyId}`) ?? file;
  const what = `KMS key ${existing.KeyMetadata.Arn ?? existing.KeyMetadata.KeyId}`;
  for (const [k, v] of Object.entries(entry.KeyMetadata)) {
    if (v === undefined) continue;
    const cur = existing.KeyMetadata[k];
    if (cur === undefined) existing.KeyMetadata[k] = v;
    else if (!['CreationDate', 'DeletionDate', 'ValidTo'].includes(k) && canonicalJson(cur) !== canonicalJson(v))
      conflict(acc, what, `KeyMetadata.${k}`, owner, file);
  }
  if (entry.Policy !== undefined) {
    if (existing.Policy === undefined) existing.Policy = entry.Policy;
    else if (!samePolicy(existing.Policy, entry.Policy)) conflict(acc, what, 'Policy', owner, file);
  }
  if (entry.PolicyName !== undefined) existing.PolicyName ??= entry.PolicyName;
  for (const a of entry.Aliases ?? []) {
    const aliases = (existing.Aliases ??= []);
    if (!aliases.some((x) => x.AliasName === a.AliasName)) aliases.push(a);
  }
  return existing;
}

/** Adds a bucket's default encryption (keyed by bucket ARN); a different configuration is a conflict. */
export function addBucketEncryption(acc: Acc, entry: BucketEncryptionEntry, file: string): void {
  const list = (acc.ws.bucketEncryption ??= []);
  const existing = list.find((b) => b.bucketArn === entry.bucketArn);
  const key = `sse:${entry.bucketArn}`;
  if (!existing) {
    list.push(entry);
    acc.owner.set(key, file);
    return;
  }
  if (
    canonicalJson(existing.ServerSideEncryptionConfiguration) !== canonicalJson(entry.ServerSideEncryptionConfiguration)
  ) {
    conflict(
      acc,
      `default encryption of ${entry.bucketArn}`,
      'ServerSideEncryptionConfiguration',
      acc.owner.get(key) ?? file,
      file,
    );
  }
}

function error(ctx: ExportContext, path: PathSegments, code: string, message: string): void {
  ctx.acc.report.errors.push(diag(code, message, { file: ctx.file.name, path, range: rangeAt(ctx.src, path) }));
}

function where(ctx: ExportContext, path: PathSegments) {
  const r = rangeAt(ctx.src, path);
  return { file: ctx.file.name, line: r?.start.line, column: r?.start.column };
}

/** The file name without directories and extension. */
const baseName = (file: string) => (file.split(/[\\/]/).pop() ?? file).replace(/\.(json|txt|out)$/i, '');

/** `aws kms describe-key` output. */
export function importDescribeKey(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const meta = v.KeyMetadata;
  if (!ctx.check(awsShapes.kmsKey, { KeyMetadata: meta }, [])) return;
  const m = meta as KmsKeyMetadata;
  if (m.Arn !== undefined && !KEY_ARN.test(m.Arn))
    return error(
      ctx,
      ['KeyMetadata', 'Arn'],
      'import.bad-arn',
      `"${m.Arn}" is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY_ID)`,
    );
  const key = addKmsKey(ctx.acc, { KeyMetadata: { ...m } }, ctx.file.name);
  addSource(ctx.acc, key.KeyMetadata.Arn ?? key.KeyMetadata.KeyId, where(ctx, ['KeyMetadata']));
  items.push(key.KeyMetadata.Arn ?? key.KeyMetadata.KeyId);
}

/**
 * `aws kms get-key-policy` output. The output does not name its key: it comes from FILE=ARN (a key ARN), else from a
 * key id in the file name matching an imported key (describe-key), else from the only imported key without a policy.
 * Runs after every file is in, so the describe-key output may come later on the command line.
 */
export function importKeyPolicy(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const policy = v.Policy;
  if (decodePolicy(policy) === null)
    return error(
      ctx,
      ['Policy'],
      'import.bad-policy',
      policyTooDeep(policy) ?? 'expected a policy document: a JSON object, a JSON string or a URL-encoded JSON string',
    );
  const given = ctx.file.resourceArn;
  let entry: KmsKeyEntry | undefined;
  if (given) {
    const m = KEY_ARN.exec(given);
    if (!m)
      return error(
        ctx,
        [],
        'import.bad-arn',
        `"${given}" is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY_ID)`,
      );
    entry =
      findKey(ctx.acc, { arn: given, keyId: m[4] }) ??
      addKmsKey(ctx.acc, { KeyMetadata: { KeyId: m[4], Arn: given, AWSAccountId: m[3] } }, ctx.file.name);
  } else {
    const keys = ctx.acc.ws.kmsKeys ?? [];
    const base = baseName(ctx.file.name).toLowerCase();
    const named = keys.filter(
      (k) =>
        base.includes(k.KeyMetadata.KeyId.toLowerCase()) ||
        (k.Aliases ?? []).some((a) => base.includes(a.AliasName.replace(/^alias\//, '').toLowerCase())),
    );
    const without = keys.filter((k) => k.Policy === undefined);
    if (named.length === 1) {
      entry = named[0];
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: key policy of ${entry.KeyMetadata.Arn ?? entry.KeyMetadata.KeyId} (key id or alias found in the file name)`,
      );
    } else if (without.length === 1 && named.length === 0) {
      entry = without[0];
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: key policy of ${entry.KeyMetadata.Arn ?? entry.KeyMetadata.KeyId} (the only imported key without a key policy)`,
      );
    }
  }
  if (!entry)
    return error(
      ctx,
      ['Policy'],
      'import.needs-arn',
      `a get-key-policy output does not say which key it belongs to: name it as ${ctx.file.name}=arn:aws:kms:REGION:ACCOUNT:key/KEY_ID (or import the key's describe-key output too)`,
    );
  addKmsKey(
    ctx.acc,
    {
      KeyMetadata: { KeyId: entry.KeyMetadata.KeyId, ...(entry.KeyMetadata.Arn ? { Arn: entry.KeyMetadata.Arn } : {}) },
      Policy: policy as PolicyInput,
      ...(typeof v.PolicyName === 'string' ? { PolicyName: v.PolicyName } : {}),
    },
    ctx.file.name,
  );
  addSource(ctx.acc, `policy:${entry.KeyMetadata.Arn ?? entry.KeyMetadata.KeyId}`, where(ctx, ['Policy']));
  items.push(`key policy of ${entry.KeyMetadata.Arn ?? entry.KeyMetadata.KeyId}`);
}

/**
 * `aws kms list-aliases` output: each alias with a TargetKeyId joins its key (the key ARN is built from the alias ARN's
 * region and account); an AWS managed alias (alias/aws/…) marks its key KeyManager "AWS". Aliases with no target
 * (AWS managed aliases of keys AWS has not created yet) are skipped.
 */
export function importAliases(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const list = v.Aliases as unknown[];
  list.forEach((raw, i) => {
    if (!ctx.check(awsShapes.kmsAlias, raw, ['Aliases', i])) return;
    const a = raw as KmsAlias;
    if (a.TargetKeyId === undefined) return;
    const m = a.AliasArn !== undefined ? ALIAS_ARN.exec(a.AliasArn) : null;
    const arn = m ? `arn:${m[1]}:kms:${m[2]}:${m[3]}:key/${a.TargetKeyId}` : undefined;
    const alias: KmsAlias = {
      AliasName: a.AliasName,
      ...(a.AliasArn ? { AliasArn: a.AliasArn } : {}),
      TargetKeyId: a.TargetKeyId,
    };
    const meta: KmsKeyMetadata = {
      KeyId: a.TargetKeyId,
      ...(arn ? { Arn: arn, AWSAccountId: m?.[3] } : {}),
      ...(a.AliasName.startsWith('alias/aws/') ? { KeyManager: 'AWS' as const } : {}),
    };
    addKmsKey(ctx.acc, { KeyMetadata: meta, Aliases: [alias] }, ctx.file.name);
    items.push(`${a.AliasName} → ${arn ?? a.TargetKeyId}`);
  });
  if (v.Truncated === true) {
    ctx.acc.report.warnings.push(
      diag('import.truncated', 'this output is one page (Truncated: true); import the other pages too — pages merge', {
        file: ctx.file.name,
        path: ['Truncated'],
        severity: 'warning',
        range: rangeAt(ctx.src, ['Truncated']),
      }),
    );
  }
}

/**
 * `aws s3api get-bucket-encryption` output. The bucket comes from FILE=ARN (or a bucket name), else from a bucket
 * already imported whose name is in the file name, else from the file name itself (minus "-encryption").
 */
export function importBucketEncryption(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const entry = {
    bucketArn: 'arn:aws:s3:::placeholder',
    ServerSideEncryptionConfiguration: v.ServerSideEncryptionConfiguration,
  };
  if (!ctx.check(awsShapes.bucketEncryption, entry, [])) return;
  let arn: string | undefined;
  const given = ctx.file.resourceArn;
  if (given) {
    if (BUCKET_ARN.test(given)) arn = given;
    else if (BUCKET_NAME.test(given)) arn = `arn:${ctx.partition}:s3:::${given}`;
    else return error(ctx, [], 'import.bad-arn', `"${given}" is not a bucket ARN (arn:aws:s3:::BUCKET)`);
  } else {
    const known = [
      ...new Set(
        [...(ctx.acc.ws.resources ?? []), ...(ctx.acc.ws.resourcePolicies ?? []).map((p) => p.resourceArn)]
          .map((r) => BUCKET_ARN.exec(r)?.[1])
          .filter((b): b is string => b !== undefined),
      ),
    ];
    const base = baseName(ctx.file.name);
    const hits = known.filter((b) => base.toLowerCase().includes(b.toLowerCase()));
    const longest = hits.sort((a, b) => b.length - a.length)[0];
    const stripped = base.replace(/[-_.]?(bucket[-_.]?)?encryption$/i, '');
    if (longest) {
      arn = `arn:${ctx.partition}:s3:::${longest}`;
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: default encryption of bucket ${longest} (an imported bucket named in the file name)`,
      );
    } else if (stripped !== base && BUCKET_NAME.test(stripped)) {
      arn = `arn:${ctx.partition}:s3:::${stripped}`;
      ctx.acc.report.inferred.push(`${ctx.file.name}: default encryption of bucket ${stripped} (from the file name)`);
    }
  }
  if (!arn)
    return error(
      ctx,
      ['ServerSideEncryptionConfiguration'],
      'import.needs-arn',
      `a get-bucket-encryption output does not say which bucket it belongs to: name it as ${ctx.file.name}=arn:aws:s3:::BUCKET`,
    );
  addBucketEncryption(
    ctx.acc,
    {
      bucketArn: arn,
      ServerSideEncryptionConfiguration:
        v.ServerSideEncryptionConfiguration as BucketEncryptionEntry['ServerSideEncryptionConfiguration'],
    },
    ctx.file.name,
  );
  addResource(ctx.acc, arn);
  addSource(ctx.acc, `encryption:${arn}`, where(ctx, ['ServerSideEncryptionConfiguration']));
  items.push(`default encryption of ${arn}`);
}

/**
 * CloudFormation's `BucketEncryption` property → get-bucket-encryption's shape: CloudFormation lists the rules
 * directly under ServerSideEncryptionConfiguration and names the default `ServerSideEncryptionByDefault`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-bucketencryption.html
 */
export function bucketEncryptionFromTemplate(
  prop: unknown,
): BucketEncryptionEntry['ServerSideEncryptionConfiguration'] | string {
  if (!isObj(prop) || !Array.isArray(prop.ServerSideEncryptionConfiguration))
    return 'BucketEncryption needs ServerSideEncryptionConfiguration, a list of rules';
  const rules = [];
  for (const r of prop.ServerSideEncryptionConfiguration as unknown[]) {
    if (!isObj(r)) return 'each ServerSideEncryptionConfiguration rule must be an object';
    const d = r.ServerSideEncryptionByDefault;
    if (d !== undefined && (!isObj(d) || typeof d.SSEAlgorithm !== 'string'))
      return 'ServerSideEncryptionByDefault needs an SSEAlgorithm (AES256, aws:kms or aws:kms:dsse)';
    if (d !== undefined && d.KMSMasterKeyID !== undefined && typeof d.KMSMasterKeyID !== 'string')
      return 'KMSMasterKeyID must be a key id, key ARN or alias';
    const bucketKey =
      r.BucketKeyEnabled === 'true' ? true : r.BucketKeyEnabled === 'false' ? false : r.BucketKeyEnabled;
    rules.push({
      ...(isObj(d)
        ? {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: String(d.SSEAlgorithm),
              ...(typeof d.KMSMasterKeyID === 'string' ? { KMSMasterKeyID: d.KMSMasterKeyID } : {}),
            },
          }
        : {}),
      ...(typeof bucketKey === 'boolean' ? { BucketKeyEnabled: bucketKey } : {}),
    });
  }
  return { Rules: rules };
}
