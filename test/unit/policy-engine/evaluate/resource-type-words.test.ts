/**
 * The "wrong kind of resource" error in words. QA found it printed raw catalog templates such as
 * arn:${Partition}:s3:${Region}:${Account}:accesspoint/…
 * Resource types and ARN formats: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 */
import { describe, expect, it } from 'vitest';
import { checkActionResource } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { exampleArn, resourceTypeWords } from '../../../../policy-engine/evaluate/resource-type-words';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const ws = (partition: string, region: string): Workspace => ({
  format: 'rolecall-workspace',
  version: 1,
  partition,
  region,
  accountId: '123456789012',
});

describe('ResourceTypeMismatch says it in words (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)', () => {
  const pw = prepareWorkspace(ws('aws', 'us-east-1'));
  it('s3:GetObject on a bucket: objects with an example, access-point objects, and what the ARN is', () => {
    const e = checkActionResource(pw, 's3:GetObject', 'arn:aws:s3:::bucket');
    expect(e?.code).toBe('ResourceTypeMismatch');
    expect(e?.message).toBe(
      's3:GetObject acts on objects (arn:aws:s3:::BUCKET/KEY) and access-point objects; arn:aws:s3:::bucket is a bucket.',
    );
  });
  it.each([
    ['s3:GetObject', 'arn:aws:s3:::bucket'],
    ['s3:ListBucket', 'arn:aws:s3:::bucket/key'],
    ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026'],
    ['dynamodb:Query', 'arn:aws:s3:::bucket'],
  ])('%s on %s: no catalog template placeholders', (action, resource) => {
    const e = checkActionResource(pw, action, resource);
    expect(e?.code).toBe('ResourceTypeMismatch');
    expect(e?.message).not.toMatch(/\$\{/);
    expect(e?.message.startsWith(`${action} acts on `)).toBe(true);
  });
  it("names the ARN's own type, and its service when it is another one", () => {
    expect(checkActionResource(pw, 's3:ListBucket', 'arn:aws:s3:::bucket/key')?.message).toMatch(
      /; arn:aws:s3:::bucket\/key is an object\.$/,
    );
    expect(checkActionResource(pw, 'dynamodb:Query', 'arn:aws:s3:::b')?.message).toMatch(
      /acts on tables \(arn:aws:dynamodb:us-east-1:123456789012:table\/TABLE\) and indexes; arn:aws:s3:::b is a bucket \(service s3\)\.$/,
    );
    expect(checkActionResource(pw, 's3:PutObject', 'arn:aws:s3:::')?.message).toMatch(/is none of these\.$/);
  });
  it('fills the example with the workspace partition, region and account', () => {
    const cn = prepareWorkspace(ws('aws-cn', 'cn-north-1'));
    expect(checkActionResource(cn, 'dynamodb:GetItem', 'arn:aws-cn:s3:::b')?.message).toContain(
      '(arn:aws-cn:dynamodb:cn-north-1:123456789012:table/TABLE)',
    );
    expect(
      exampleArn('arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', {
        partition: 'aws-us-gov',
        region: 'us-gov-west-1',
        accountId: '1',
      }),
    ).toBe('arn:aws-us-gov:s3:us-gov-west-1:1:accesspoint/ACCESS_POINT/object/KEY');
  });
  it('words for an unlisted type are derived from its name', () => {
    expect(resourceTypeWords('object')).toEqual(['an object', 'objects']);
    expect(resourceTypeWords('widget-thing')).toEqual(['a widget thing', 'widget things']);
  });
});
