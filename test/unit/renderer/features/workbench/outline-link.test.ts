import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { policyIdOfOutlineItem } from '../../../../../renderer/src/features/workbench/outline-link';

const ws: Workspace = {
  format: 'rolecall-workspace',
  version: 1,
  iam: {
    RoleDetailList: [
      {
        RoleName: 'R',
        Arn: 'arn:aws:iam::1:role/R',
        PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::1:policy/B' },
      },
    ],
  },
};

describe('policyIdOfOutlineItem', () => {
  it('maps every policy item of the explorer to the engine policy id', () => {
    expect(policyIdOfOutlineItem('role:arn:aws:iam::1:role/R#trust', ws)).toBe('arn:aws:iam::1:role/R#trust');
    expect(policyIdOfOutlineItem('role:arn:aws:iam::1:role/R#inline/Files', ws)).toBe(
      'arn:aws:iam::1:role/R#inline/Files',
    );
    expect(policyIdOfOutlineItem('role:arn:aws:iam::1:role/R#managed/arn:aws:iam::1:policy/M', ws)).toBe(
      'arn:aws:iam::1:policy/M',
    );
    expect(policyIdOfOutlineItem('role:arn:aws:iam::1:role/R#boundary', ws)).toBe('arn:aws:iam::1:policy/B');
    expect(policyIdOfOutlineItem('policy:arn:aws:iam::1:policy/M', ws)).toBe('arn:aws:iam::1:policy/M');
    expect(policyIdOfOutlineItem('resource-policy:arn:aws:s3:::b', ws)).toBe('arn:aws:s3:::b#resource');
  });

  it('gives null for items that are not policies', () => {
    expect(policyIdOfOutlineItem('role:arn:aws:iam::1:role/R', ws)).toBeNull();
    expect(policyIdOfOutlineItem('pool:us-east-1:x', ws)).toBeNull();
    expect(policyIdOfOutlineItem('resource:arn:aws:s3:::b', ws)).toBeNull();
  });
});
