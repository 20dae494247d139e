/**
 * Resource types in words, for the "wrong kind of resource" error: "s3:GetObject acts on objects
 * (arn:aws:s3:::BUCKET/KEY) and access-point objects; arn:aws:s3:::bucket is a bucket." — the catalog's type names
 * said as people say them, with an example ARN filled in with the workspace's partition, region and account.
 * Source of the types and ARN formats: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
import { arnFormatRegex, type ActionInfo, type Catalog } from '../catalog';
import { arnService } from '../arn';

/** Singular and plural words for the catalog's resource type names (others are derived from the name). */
const WORDS: Record<string, [string, string]> = {
  object: ['an object', 'objects'],
  accesspointobject: ['an access-point object', 'access-point objects'],
  bucket: ['a bucket', 'buckets'],
  accesspoint: ['an access point', 'access points'],
  multiregionaccesspoint: ['a multi-region access point', 'multi-region access points'],
  multiregionaccesspointrequestarn: ['a multi-region access point request', 'multi-region access point requests'],
  objectlambdaaccesspoint: ['an Object Lambda access point', 'Object Lambda access points'],
  job: ['a batch operations job', 'batch operations jobs'],
  storagelensconfiguration: ['a Storage Lens configuration', 'Storage Lens configurations'],
  storagelensgroup: ['a Storage Lens group', 'Storage Lens groups'],
  accessgrant: ['an access grant', 'access grants'],
  accessgrantsinstance: ['an access grants instance', 'access grants instances'],
  accessgrantslocation: ['an access grants location', 'access grants locations'],
  table: ['a table', 'tables'],
  index: ['an index', 'indexes'],
  stream: ['a stream', 'streams'],
  'global-table': ['a global table', 'global tables'],
  backup: ['a backup', 'backups'],
  export: ['an export', 'exports'],
  import: ['an import', 'imports'],
  role: ['a role', 'roles'],
  user: ['a user', 'users'],
};

/** The words for a resource type: [with an article, plural]. */
export function resourceTypeWords(name: string): [string, string] {
  const known = Object.prototype.hasOwnProperty.call(WORDS, name) ? WORDS[name] : undefined;
  if (known) return known;
  const spaced = name.replace(/[-_]/g, ' ');
  return [`${/^[aeiou]/i.test(spaced) ? 'an' : 'a'} ${spaced}`, `${spaced}s`];
}

/** Placeholders of ARN formats as an example shows them. */
const PLACEHOLDERS: Record<string, string> = {
  BucketName: 'BUCKET',
  ObjectName: 'KEY',
  TableName: 'TABLE',
  IndexName: 'INDEX',
  StreamLabel: 'STREAM_LABEL',
  AccessPointName: 'ACCESS_POINT',
};

/** Where an example ARN is set: the workspace's partition, region and account. */
export interface ExampleScope {
  partition: string;
  region: string;
  accountId: string;
}

/** An ARN format of the catalog filled in: `arn:${Partition}:s3:::${BucketName}/${ObjectName}` → `arn:aws:s3:::BUCKET/KEY`. */
export function exampleArn(format: string, scope: ExampleScope): string {
  return format.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    if (name === 'Partition') return scope.partition || 'aws';
    if (name === 'Region') return scope.region || 'REGION';
    if (name === 'Account') return scope.accountId || 'ACCOUNT';
    if (Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name)) return PLACEHOLDERS[name];
    return name
      .replace(/Name$/, '')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toUpperCase();
  });
}

/** The resource types of the ARN's service that the ARN fits (any service the catalog details). */
function resourceTypesOfArn(c: Catalog, arn: string): string[] {
  const service = arnService(arn);
  if (!service || !Object.prototype.hasOwnProperty.call(c.services, service)) return [];
  const svc = c.services[service];
  return Object.values(svc.resourceTypes)
    .filter((t) => t.arns.some((f) => arnFormatRegex(f).test(arn)))
    .map((t) => t.name);
}

/**
 * "s3:GetObject acts on objects (arn:aws:s3:::BUCKET/KEY) and access-point objects; arn:aws:s3:::b is a bucket."
 * The simplest type (shortest ARN format) comes first and carries the example.
 */
export function describeResourceMismatch(c: Catalog, info: ActionInfo, resource: string, scope: ExampleScope): string {
  const svc = c.services[info.service];
  const types = info.resourceTypes
    .map((t, i) => ({ name: t.name, i, format: svc?.resourceTypes[t.name]?.arns[0] }))
    .sort((a, b) => (a.format?.length ?? Infinity) - (b.format?.length ?? Infinity) || a.i - b.i);
  const parts = types.map((t, i) =>
    i === 0 && t.format
      ? `${resourceTypeWords(t.name)[1]} (${exampleArn(t.format, scope)})`
      : resourceTypeWords(t.name)[1],
  );
  const list = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const is = resourceTypesOfArn(c, resource);
  const service = arnService(resource);
  const what =
    is.length > 0
      ? `${resource} is ${is.map((n) => resourceTypeWords(n)[0]).join(' or ')}${service && service !== info.service ? ` (service ${service})` : ''}.`
      : `${resource} is none of these.`;
  return `${info.fullName} acts on ${list}; ${what}`;
}
