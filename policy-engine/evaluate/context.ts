/**
 * The request context AWS fills in for a principal (SEMANTICS §A5, §B1), plus the user's overrides.
 * Keys are matched case-insensitively: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { ContextValue, RequestContext } from '../model/request';
import type { CallerPrincipal } from './types';
import type { ContextLookup } from './variables';
import type { PrincipalRecord } from './prepare';
import { assumedRoleOf } from '../arn';

/** Context entries keyed by lower-cased key, each remembering how the key is spelled. */
export type ContextMap = Map<string, { key: string; value: ContextValue }>;

/** The per-resource part of the context; mutated per cell by the matrix so the lookup never allocates. */
export interface ResourceKeys {
  resourceAccount: string;
  region: string;
  s3: boolean;
}

const put = (m: ContextMap, key: string, value: ContextValue | undefined) => {
  if (value !== undefined) m.set(key.toLowerCase(), { key, value });
};

/** AWS's time formats: ISO 8601 without milliseconds, and epoch seconds. */
export function timeKeys(now: Date): { currentTime: string; epochTime: string } {
  const t = now.getTime();
  // toISOString() is always YYYY-MM-DDTHH:mm:ss.sssZ for years 0–9999: drop the milliseconds without a regex.
  const full = Number.isFinite(t) ? now.toISOString() : '1970-01-01T00:00:00.000Z';
  const iso = full.length === 24 ? `${full.slice(0, 19)}Z` : full.replace(/\.\d{3}Z$/, 'Z');
  return { currentTime: iso, epochTime: String(Math.floor((Number.isFinite(t) ? t : 0) / 1000)) };
}

/** The principal type AWS reports for an ARN (aws:PrincipalType): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype */
function principalTypeOf(arn: string): string {
  if (/:assumed-role\//.test(arn) || /:role\//.test(arn)) return 'AssumedRole';
  if (/:federated-user\//.test(arn)) return 'FederatedUser';
  if (/:root$/.test(arn)) return 'Account';
  return 'User';
}

/**
 * The keys AWS puts in the context for this principal: aws:PrincipalArn (the role ARN for sessions), aws:PrincipalAccount,
 * aws:userid (ROLEID:SESSION for sessions), aws:PrincipalType, aws:username (IAM users only), aws:PrincipalTag/* (role or
 * user tags, overridden by session tags case-insensitively), aws:CurrentTime, aws:EpochTime, then principal.context.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
export function principalContext(principal: CallerPrincipal, record: PrincipalRecord | null, now: Date): ContextMap {
  const m: ContextMap = new Map();
  const { currentTime, epochTime } = timeKeys(now);
  put(m, 'aws:CurrentTime', currentTime);
  put(m, 'aws:EpochTime', epochTime);
  switch (principal.kind) {
    case 'anonymous':
      put(m, 'aws:PrincipalType', 'Anonymous');
      put(m, 'aws:userid', 'anonymous');
      break;
    case 'role':
    case 'roleSession': {
      const roleArn = principal.roleArn ?? record?.arn ?? principal.arn;
      const roleId = record?.id ?? record?.name ?? roleArn.split('/').pop() ?? '';
      put(m, 'aws:PrincipalArn', roleArn);
      put(m, 'aws:PrincipalAccount', principal.accountId);
      put(m, 'aws:PrincipalType', 'AssumedRole');
      put(
        m,
        'aws:userid',
        principal.kind === 'roleSession' && principal.sessionName !== undefined
          ? `${roleId}:${principal.sessionName}`
          : roleId,
      );
      break;
    }
    case 'user':
      put(m, 'aws:PrincipalArn', principal.arn);
      put(m, 'aws:PrincipalAccount', principal.accountId);
      put(m, 'aws:PrincipalType', 'User');
      put(m, 'aws:userid', record?.id ?? record?.name ?? principal.arn);
      put(m, 'aws:username', record?.name ?? principal.arn.split('/').pop());
      break;
    case 'outsider': {
      const session = assumedRoleOf(principal.arn, { partition: 'nonEmpty', session: 'nonEmpty' });
      put(
        m,
        'aws:PrincipalArn',
        principal.roleArn ??
          (session ? `arn:${session.partition}:iam::${session.account}:role/${session.roleName}` : principal.arn),
      );
      put(m, 'aws:PrincipalAccount', principal.accountId);
      put(m, 'aws:PrincipalType', principalTypeOf(principal.arn));
      break;
    }
  }
  // "This key is present in the request context for all signed API requests that use AWS credentials": false for
  // every IAM principal (only service principals send true); absent for anonymous callers. Data-perimeter policies
  // test it with Bool, where an absent key would silently switch the statement off.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
  if (principal.kind !== 'anonymous') put(m, 'aws:PrincipalIsAWSService', 'false');
  if (record) for (const t of record.tags.values()) put(m, `aws:PrincipalTag/${t.Key}`, t.Value);
  // Session tags override role tags with the same key, whatever its case: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
  for (const [k, v] of Object.entries(principal.sessionTags ?? {})) put(m, `aws:PrincipalTag/${k}`, v);
  for (const [k, v] of Object.entries(principal.context ?? {})) put(m, k, v);
  return m;
}

/** The user's request context as a ContextMap (later keys win when two differ only in case). */
export function overridesMap(ctx: RequestContext | undefined): ContextMap | null {
  if (!ctx) return null;
  const m: ContextMap = new Map();
  for (const [k, v] of Object.entries(ctx)) if (typeof v === 'string' || Array.isArray(v)) put(m, k, v);
  return m.size ? m : null;
}

/**
 * A lookup over overrides → per-resource keys → principal keys. It reads `resourceKeys` at call time, so one lookup serves a
 * whole matrix row without allocating.
 */
export function makeLookup(base: ContextMap, overrides: ContextMap | null, resourceKeys: ResourceKeys): ContextLookup {
  return (keyLower) => {
    if (overrides) {
      const o = overrides.get(keyLower);
      if (o) return o.value;
    }
    if (keyLower === 'aws:resourceaccount') return resourceKeys.resourceAccount || undefined;
    if (keyLower === 'aws:requestedregion') return resourceKeys.region || undefined;
    if (keyLower === 's3:resourceaccount')
      return resourceKeys.s3 && resourceKeys.resourceAccount ? resourceKeys.resourceAccount : undefined;
    return base.get(keyLower)?.value;
  };
}

/** The context actually used for one request, as the answer shows it. */
export function contextSnapshot(
  base: ContextMap,
  overrides: ContextMap | null,
  resourceKeys: ResourceKeys,
): RequestContext {
  const out: RequestContext = Object.create(null) as RequestContext;
  const set = (k: string, v: ContextValue) =>
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const e of base.values()) set(e.key, e.value);
  if (resourceKeys.resourceAccount) set('aws:ResourceAccount', resourceKeys.resourceAccount);
  if (resourceKeys.s3 && resourceKeys.resourceAccount) set('s3:ResourceAccount', resourceKeys.resourceAccount);
  if (resourceKeys.region) set('aws:RequestedRegion', resourceKeys.region);
  if (overrides) {
    for (const e of overrides.values()) {
      for (const k of Object.keys(out)) if (k.toLowerCase() === e.key.toLowerCase()) delete out[k];
      set(e.key, e.value);
    }
  }
  return { ...out };
}
