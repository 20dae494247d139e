/**
 * policyWords says a policy id the way people do, from the one parser of policy ids (policy-id.ts): the forms are the
 * engine's (CONTRACT.md `policyId`). IAM role, user and group ARNs keep their path before the name
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
import { describe, expect, it } from 'vitest';
import { policyWords } from '../../../../policy-engine/analysis/diff-causes';

describe('policyWords', () => {
  it('a role trust policy and an inline policy, the path left out', () => {
    expect(policyWords('arn:aws:iam::111122223333:role/AppUser#trust')).toBe("role AppUser's trust policy");
    expect(policyWords('arn:aws:iam::111122223333:role/app/team/AppUser#inline/Files')).toBe(
      "role AppUser's inline policy Files",
    );
  });
  it("a user's and a group's inline policies", () => {
    expect(policyWords('arn:aws:iam::111122223333:user/alice#inline/P')).toBe("user alice's inline policy P");
    expect(policyWords('arn:aws-cn:iam::111122223333:group/ops/Admins#inline/Q')).toBe(
      "group Admins's inline policy Q",
    );
  });
  it('a managed policy by its name, a resource policy by its resource', () => {
    expect(policyWords('arn:aws:iam::aws:policy/service-role/ReadOnly')).toBe('the managed policy ReadOnly');
    expect(policyWords('arn:aws:s3:::photos#resource')).toBe('the resource policy of arn:aws:s3:::photos');
  });
  it('ids that are no IAM principal policy stay as they are', () => {
    for (const id of [
      'scp/0/1',
      'cognito-scope-down#inline+managed',
      'arn:aws:iam::111122223333:role/AppUser#inline/',
      'arn:aws:iam::111122223333:role/AppUser',
      'arn:aws:iam:us-east-1:111122223333:role/AppUser#trust',
      'arn:aws:kms:us-east-1:111122223333:key/k1#keyPolicy',
    ])
      expect(policyWords(id)).toBe(id);
  });
});
