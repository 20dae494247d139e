/**
 * The app asks for the ARN of each imported file the importer could not place (import.needs-arn), pre-filled with a
 * suggestion, and imports again with `resourceArn` set (the CLI's FILE=ARN).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html — the output holds only {"Policy": "…"}.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetResourcePolicy.html — likewise for tables.
 */
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../../policy-engine/workspace/import';
import {
  arnRequests,
  importProblems,
  suggestArn,
  withResourceArns,
} from '../../../../../renderer/src/features/load/arn-requests';

const policy = (resources: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/Files' },
        Action: 's3:GetObject',
        Resource: resources,
      },
    ],
  });
const twoBuckets = {
  name: 'get-bucket-policy.json',
  text: JSON.stringify({ Policy: policy(['arn:aws:s3:::team-photos/*', 'arn:aws:s3:::team-archive/*']) }),
};
const tablePolicy = {
  name: 'table-policy.json',
  text: JSON.stringify({
    Policy: policy([
      'arn:aws:dynamodb:eu-west-1:111122223333:table/A',
      'arn:aws:dynamodb:eu-west-1:111122223333:table/B',
    ]),
    RevisionId: '1',
  }),
};

describe('arnRequests', () => {
  it('asks for the bucket of a get-bucket-policy output naming two buckets, suggesting one of them (the first by name)', () => {
    const { report } = importFiles([twoBuckets], {});
    const requests = arnRequests(report, [twoBuckets]);
    expect(requests).toEqual([
      {
        file: 'get-bucket-policy.json',
        message: expect.stringContaining('cannot tell which bucket'),
        suggestion: 'arn:aws:s3:::team-archive',
        placeholder: 'arn:aws:s3:::BUCKET',
      },
    ]);
  });

  it('asks for the table of a get-resource-policy output naming two tables', () => {
    const { report } = importFiles([tablePolicy], {});
    const [request] = arnRequests(report, [tablePolicy]);
    expect(request.file).toBe('table-policy.json');
    expect(request.suggestion).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/A');
    expect(request.placeholder).toBe('arn:aws:dynamodb:REGION:ACCOUNT:table/NAME');
  });

  it('re-running with the ARN imports the policy; a wrong ARN is asked again, pre-filled with what was typed', () => {
    const fixed = withResourceArns([twoBuckets], { 'get-bucket-policy.json': ' arn:aws:s3:::team-photos ' });
    expect(fixed[0].resourceArn).toBe('arn:aws:s3:::team-photos');
    const { report, workspace } = importFiles(fixed, {});
    expect(arnRequests(report, fixed)).toEqual([]);
    expect(workspace.resourcePolicies?.map((p) => p.resourceArn)).toEqual(['arn:aws:s3:::team-photos']);

    const wrong = withResourceArns([twoBuckets], { 'get-bucket-policy.json': 'team photos' });
    const again = arnRequests(importFiles(wrong, {}).report, wrong);
    expect(again).toHaveLength(1);
    expect(again[0].suggestion).toBe('team photos');
    expect(again[0].message).toMatch(/not a bucket ARN/);
  });

  it("files that imported fine are not asked about; a blank answer clears a file's ARN", () => {
    const ok = { name: 'photos-policy.json', text: JSON.stringify({ Policy: policy(['arn:aws:s3:::photos/*']) }) };
    const files = [ok, twoBuckets];
    const { report } = importFiles(files, {});
    expect(arnRequests(report, files).map((r) => r.file)).toEqual(['get-bucket-policy.json']);
    expect(
      withResourceArns([{ ...twoBuckets, resourceArn: 'arn:aws:s3:::x' }], { 'get-bucket-policy.json': '  ' })[0],
    ).toEqual(twoBuckets);
    expect(withResourceArns(files, {})).toEqual(files);
  });

  it('suggests nothing when the policy names no bucket or table of the kind asked for', () => {
    expect(suggestArn(JSON.stringify({ Policy: policy(['*']) }), 'cannot tell which bucket')).toBe('');
    expect(suggestArn('not json', 'cannot tell which table')).toBe('');
    expect(suggestArn(policy(['arn:aws-cn:s3:::cn-bucket/*']), 'name the bucket or table')).toBe(
      'arn:aws-cn:s3:::cn-bucket',
    );
  });

  it("keeps the report's other problems for the problems panel", () => {
    const { report } = importFiles([twoBuckets, { name: 'junk.json', text: '{"Nope": 1}' }], {});
    expect(importProblems(report).map((d) => d.code)).toEqual(
      expect.arrayContaining(['import.needs-arn', 'import.unknown-shape']),
    );
  });
});
