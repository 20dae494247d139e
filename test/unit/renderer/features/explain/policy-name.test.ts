// The explanation panel's policy names, read from the shared policy-id parser (policy-engine/policy-id.ts): on
// generated ids they are what the panel's own patterns printed before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { policyName } from '../../../../../renderer/src/features/explain/explanation-panel';

const owners = fc.constantFrom(
  'arn:aws:iam::111122223333:role/AppUser',
  'arn:aws:iam::111122223333:role/app/AppUser',
  'arn:aws:iam::111122223333:role/',
  'arn:aws:iam::111122223333:policy/AppFiles',
  'arn:aws:s3:::notes-bucket',
  'arn:aws:kms:us-east-1:111122223333:key/1234',
  'arn:aws:s3',
  'scp/root/0',
  'cognito-scope-down',
  '',
);
const suffixes = fc.constantFrom(
  undefined,
  'inline/UserFiles',
  'inline/',
  'trust',
  'resource',
  'keyPolicy',
  'inline',
  '',
);

function oldPolicyName(policyId: string): string {
  const [owner, part] = policyId.split('#');
  const ownerName =
    owner
      .replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, '')
      .replace(/^(role|user|group|policy)\//, '')
      .replace(/^.*\//, '') || owner;
  if (!part) return ownerName;
  if (part === 'trust') return `${ownerName} › trust policy`;
  if (part === 'resource') return `${owner.replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, '')} › resource policy`;
  return `${ownerName} › ${part.replace(/^inline\//, '')}`;
}

describe('policyName', () => {
  it('names every id as before', () =>
    fc.assert(
      fc.property(fc.tuple(owners, suffixes), ([o, s]) => {
        const id = s === undefined ? o : `${o}#${s}`;
        expect(policyName(id)).toBe(oldPolicyName(id));
      }),
    ));

  it('examples', () => {
    expect(policyName('arn:aws:iam::111122223333:role/AppUser#inline/UserFiles')).toBe('AppUser › UserFiles');
    expect(policyName('arn:aws:s3:::notes-bucket#resource')).toBe('notes-bucket › resource policy');
  });
});
