import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import {
  buildOutline,
  defaultSelection,
  defaultVersionDocument,
  describeResource,
  findItem,
  policyText,
} from '../../../../renderer/src/workspace/outline';

const demo = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../examples/demo.rolecall.json', import.meta.url)), 'utf8'),
) as Workspace;

describe('the workspace outline', () => {
  it('lists pools, roles with their policies, managed policies, resource policies and resources', () => {
    const outline = buildOutline(demo);
    expect(outline.map((s) => [s.title, s.items.map((i) => i.label)])).toEqual([
      ['Identity pools', ['demo_app_identities']],
      ['Roles', ['AppGuest', 'AppUser', 'AppAdmin']],
      ['Managed policies', ['DemoAppNotesOwnItems', 'DemoAppAdminWrite', 'DemoAppBoundary', 'AmazonS3ReadOnlyAccess']],
      ['Resource policies', ['demo-app-user-files']],
      [
        'Resources',
        [
          'demo-app-user-files',
          'demo-app-user-files/public/*',
          'demo-app-user-files/private/${cognito-identity.amazonaws.com:sub}/*',
          'table/Notes',
          'table/Notes/index/ByUpdatedAt',
        ],
      ],
    ]);
    const admin = findItem(outline, 'role:arn:aws:iam::123456789012:role/AppAdmin');
    expect(admin?.children?.map((c) => [c.kind, c.label])).toEqual([
      ['trustPolicy', 'Trust policy'],
      ['attachedPolicy', 'AmazonS3ReadOnlyAccess'],
      ['attachedPolicy', 'DemoAppAdminWrite'],
      ['boundary', 'DemoAppBoundary'],
    ]);
  });

  // Only the default version of a managed policy is in effect:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
  it('shows the default version of a managed policy, not the newest or the first', () => {
    const notes = demo.iam!.Policies!.find((p) => p.PolicyName === 'DemoAppNotesOwnItems')!;
    expect(defaultVersionDocument({ ...notes, PolicyVersionList: [...notes.PolicyVersionList!].reverse() })).toBe(
      notes.PolicyVersionList![0].Document,
    );
    const item = findItem(buildOutline(demo), 'policy:arn:aws:iam::123456789012:policy/DemoAppNotesOwnItems');
    expect(item?.documentText).toContain('dynamodb:LeadingKeys');
    expect(item?.documentText).not.toContain('dynamodb:Scan');
  });

  // IAM's APIs return policy documents URL-encoded:
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
  it('decodes URL-encoded and string policy documents for display, and keeps undecodable text as is', () => {
    expect(JSON.parse(policyText('%7B%22Version%22%3A%222012-10-17%22%7D'))).toEqual({ Version: '2012-10-17' });
    expect(JSON.parse(policyText('{"Statement":[]}'))).toEqual({ Statement: [] });
    expect(policyText('not a policy')).toBe('not a policy');
  });

  it('names managed policies missing from the workspace instead of showing nothing', () => {
    const ws: Workspace = {
      format: 'rolecall-workspace',
      version: 1,
      iam: {
        RoleDetailList: [
          {
            RoleName: 'R',
            Arn: 'arn:aws:iam::1:role/R',
            AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/Gone' }],
          },
        ],
      },
    };
    const item = findItem(buildOutline(ws), 'role:arn:aws:iam::1:role/R#managed/arn:aws:iam::aws:policy/Gone');
    expect(item?.documentText).toMatch(/not in this workspace/);
  });

  it('first shows a policy of the pool’s authenticated role, and copes with an empty workspace', () => {
    expect(defaultSelection(buildOutline(demo), demo)).toBe(
      'role:arn:aws:iam::123456789012:role/AppUser#inline/UserFiles',
    );
    const empty: Workspace = { format: 'rolecall-workspace', version: 1 };
    expect(buildOutline(empty).every((s) => s.items.length === 0)).toBe(true);
    expect(defaultSelection(buildOutline(empty), empty)).toBeNull();
  });

  it('says what a resource ARN is', () => {
    expect(describeResource('arn:aws:s3:::b')).toBe('S3 bucket');
    expect(describeResource('arn:aws:s3:::b/k/*')).toBe('S3 objects');
    expect(describeResource('arn:aws:dynamodb:us-east-1:1:table/T')).toBe('DynamoDB table');
    expect(describeResource('arn:aws:dynamodb:us-east-1:1:table/T/index/I')).toBe('DynamoDB index');
    expect(describeResource('arn:aws:dynamodb:us-east-1:1:table/T/stream/2026')).toBe('DynamoDB stream');
  });
});
