// Policy ids, one definition (policy-engine/policy-id.ts; CONTRACT.md `policyId`). The CLI's and the fix advice's
// names used to parse ids with their own patterns; the properties check, on generated ids, that they name every id
// as those patterns did.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicyId } from '../../../policy-engine/policy-id';
import { shortPolicyId } from '../../../cli/commands/evaluate';
import { readablePolicyName } from '../../../policy-engine/advice/fixes';

const owners = fc.constantFrom(
  'arn:aws:iam::111122223333:role/AppUser',
  'arn:aws:iam::111122223333:role/app/AppUser',
  'arn:aws:iam::111122223333:role/',
  'arn:aws:iam::111122223333:user/u',
  'arn:aws:iam::111122223333:group/g',
  'arn:aws:iam::111122223333:policy/AppFiles',
  'arn:aws:iam::aws:policy/service-role/X',
  'arn::iam::1:role/R',
  'arn:aws:s3:::notes-bucket',
  'arn:aws:s3:::notes-bucket/k',
  'arn:aws:dynamodb:us-east-1:111122223333:table/Notes',
  'arn:aws:kms:us-east-1:111122223333:key/1234',
  'arn:aws-cn:kms:cn-north-1:1:alias/a',
  'arn:aws:iam::111122223333:oidc-provider/x',
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
  'inline+managed',
  '',
);
const policyIds = fc.tuple(owners, suffixes).map(([o, s]) => (s === undefined ? o : `${o}#${s}`));

describe('parsePolicyId', () => {
  it('takes the engine’s id forms apart', () => {
    expect(parsePolicyId('arn:aws:iam::111122223333:role/AppUser#inline/UserFiles')).toMatchObject({
      owner: 'arn:aws:iam::111122223333:role/AppUser',
      kind: 'inline',
      inlineName: 'UserFiles',
      ownerArn: { service: 'iam', resource: 'role/AppUser' },
    });
    expect(parsePolicyId('arn:aws:s3:::b#resource')).toMatchObject({ kind: 'resource', suffix: 'resource' });
    expect(parsePolicyId('arn:aws:iam::aws:policy/P')).toMatchObject({ kind: 'plain', suffix: undefined });
    expect(parsePolicyId('cognito-scope-down#inline')).toMatchObject({ kind: 'other', ownerArn: null });
  });
});

/** The CLI's naming before the shared parser (kept here as the reference it must agree with). */
function oldShortPolicyId(id: string): string {
  const inline = /^arn:[^:]+:iam::[^:]*:(?:role|user|group)\/(?:.*\/)?([^/#]+)#inline\/(.+)$/.exec(id);
  if (inline) return `${inline[1]}/${inline[2]}`;
  const trust = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/#]+)#trust$/.exec(id);
  if (trust) return `${trust[1]} trust policy`;
  const managed = /^arn:[^:]+:iam::[^:]*:policy\/(?:.*\/)?([^/]+)$/.exec(id);
  if (managed) return managed[1];
  const keyPolicy = /^arn:[^:]+:kms:[^:]*:[^:]*:(.+)#keyPolicy$/.exec(id);
  if (keyPolicy) return `${keyPolicy[1]} key policy`;
  const resource = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:(.+)#resource$/.exec(id);
  if (resource) return `${resource[1]} resource policy`;
  return id;
}

/** The fix advice's naming before the shared parser. */
function oldReadablePolicyName(policyId: string): string {
  const roleNameOf = (arn: string) => arn.replace(/^.*:(role|user)\//, '').replace(/^.*\//, '');
  const [owner, part] = policyId.split('#');
  if (part === 'resource') {
    const b = /^(arn:[^:]*:s3:::[^/]+)(?:\/(.*))?$/.exec(owner);
    if (b) return `the bucket policy of ${b[1].replace(/^arn:[^:]*:s3:::/, '')}`;
    return `the resource policy of ${owner.replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, '')}`;
  }
  const name = roleNameOf(owner);
  if (part === 'trust') return `the trust policy of ${name}`;
  if (part?.startsWith('inline/')) return `${name} › ${part.slice('inline/'.length)}`;
  return name;
}

describe('names of policy ids', () => {
  // One difference on purpose: the old managed-policy pattern also matched `…:policy/P#x` (an id the engine never
  // makes: a managed policy has no inline, trust or resource part) and printed `P#x`; such ids now print as given.
  it('the CLI names every id as before', () =>
    fc.assert(
      fc.property(policyIds, (id) => {
        fc.pre(!(id.includes(':policy/') && id.includes('#')));
        expect(shortPolicyId(id)).toBe(oldShortPolicyId(id));
      }),
    ));

  it('the fix advice names every id as before', () =>
    fc.assert(
      fc.property(policyIds, (id) => {
        expect(readablePolicyName(id)).toBe(oldReadablePolicyName(id));
      }),
    ));

  it('examples', () => {
    expect(shortPolicyId('arn:aws:iam::111122223333:policy/AppFiles#inline')).toBe(
      'arn:aws:iam::111122223333:policy/AppFiles#inline',
    );
    expect(shortPolicyId('arn:aws:iam::111122223333:role/app/AppUser#inline/UserFiles')).toBe('AppUser/UserFiles');
    expect(shortPolicyId('arn:aws:kms:us-east-1:111122223333:key/1234#keyPolicy')).toBe('key/1234 key policy');
    expect(readablePolicyName('arn:aws:s3:::notes-bucket#resource')).toBe('the bucket policy of notes-bucket');
  });
});
