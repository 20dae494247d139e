// ARNs, one definition (policy-engine/arn.ts). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// Each helper replaced hand-written patterns; the properties below check, on ARN-like strings, that the helper with a
// site's options answers what that site's pattern answered. The strings hold no line breaks: requests with one in the
// resource are rejected by the request schema before any of these sites runs, and `.` in the old patterns did not
// match one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arnAccount,
  arnResource,
  arnService,
  assumedRoleOf,
  chainNames,
  iamShortName,
  matchArn,
  principalNameOf,
  shortArn,
  splitArn,
} from '../../../policy-engine/arn';

const piece = fc.constantFrom(
  '',
  'aws',
  'aws-cn',
  'iam',
  'sts',
  's3',
  'kms',
  'dynamodb',
  'us-east-1',
  '111122223333',
  '12',
  'x',
);
const resourcePiece = fc.constantFrom(
  '',
  'root',
  'role/R',
  'role/app/R',
  'assumed-role/R/s',
  'assumed-role/R/',
  'policy/P',
  'b',
  'b/k',
  'table/T',
  'a:b',
  '/',
);
const arnLike = fc.oneof(
  fc.tuple(piece, piece, piece, piece, resourcePiece).map((p) => `arn:${p.join(':')}`),
  fc.tuple(piece, piece, piece).map((p) => `arn:${p.join(':')}`),
  fc.string({ unit: fc.constantFrom('a', ':', '/', '1', 'r') }).map((s) => `arn:${s}`),
  fc.string({ unit: fc.constantFrom('a', ':', '/', '1') }),
);
// The checked function asserts with expect; it returns nothing (fast-check reads a returned false as a failure).
const prop = (f: (arn: string) => void) =>
  fc.assert(
    fc.property(arnLike, (arn) => {
      f(arn);
    }),
    { numRuns: 2000 },
  );

describe('splitArn and matchArn', () => {
  it('splits the six parts, the resource keeping its colons', () => {
    expect(splitArn('arn:aws:logs:us-east-1:111122223333:log-group:/a:log-stream:b')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'log-group:/a:log-stream:b',
    });
    expect(splitArn('arn:aws:s3')).toBeNull();
    expect(splitArn('urn:aws:s3:::b')).toBeNull();
  });

  it('is the full-split pattern of resource-side and prove/solve', () =>
    prop((arn) => {
      const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(arn);
      const p = splitArn(arn);
      expect(p && [p.partition, p.service, p.region, p.account, p.resource]).toEqual(m ? m.slice(1) : null);
    }));

  it('an account of exactly 12 digits (trust policy, prepare, fix advice), and with an empty region', () =>
    prop((arn) => {
      expect(arnAccount(arn)).toBe(/^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1]);
      expect(arnAccount(arn, { region: 'empty' })).toBe(/^arn:[^:]*:[^:]*::(\d{12}):/.exec(arn)?.[1]);
    }));

  it('a root principal (compile) and a principal ARN (principal-arn)', () =>
    prop((arn) => {
      const m = matchArn(arn, { partition: 'nonEmpty', service: 'iam', region: 'empty', account: 'twelveDigits' });
      expect(m?.resource === 'root' ? m.account : null).toBe(/^arn:[^:]+:iam::(\d{12}):root$/.exec(arn)?.[1] ?? null);
      const q = matchArn(arn, {
        partition: 'nonEmpty',
        service: ['iam', 'sts'],
        region: 'empty',
        account: 'twelveDigits',
        resource: 'nonEmpty',
      });
      const r = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
      expect(q && [q.service, q.account, q.resource]).toEqual(r ? [r[2], r[3], r[4]] : null);
    }));

  it('a resource pattern for prove (a resource part of at least one character)', () =>
    prop((arn) =>
      expect(matchArn(arn, { resource: 'nonEmpty' }) !== null).toBe(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:./.test(arn)),
    ));

  it('the service of something that starts like an ARN, even when the rest is missing', () =>
    prop((arn) => expect(arnService(arn)).toBe(/^arn:[^:]*:([^:]*):/.exec(arn)?.[1])));
});

describe('names for display', () => {
  it('the resource part of any ARN (explanation panel, fix advice)', () =>
    prop((arn) => expect(shortArn(arn)).toBe(arn.replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, ''))));

  it('an IAM/STS ARN without its prefix, any digits as the account (Access, Who can, Changes views)', () => {
    prop((arn) => {
      expect(iamShortName(arn)).toBe(arn.replace(/^arn:[^:]*:(iam|sts)::\d+:/, ''));
      expect(iamShortName(arn, ['iam'])).toBe(arn.replace(/^arn:[^:]*:iam::\d+:/, ''));
    });
    expect(iamShortName('arn:aws:iam::12:role/app/Reader')).toBe('role/app/Reader');
    expect(iamShortName('arn:aws:sts::12:assumed-role/R/s', ['iam'])).toBe('arn:aws:sts::12:assumed-role/R/s');
  });

  it('a bucket policy owner (fix advice)', () =>
    prop((arn) => {
      const bucket = arnResource(arn, { service: 's3', region: 'empty', account: 'empty' })?.split('/')[0] || undefined;
      expect(bucket).toBe(/^arn:[^:]*:s3:::([^/]+)(?:\/(.*))?$/.exec(arn)?.[1]);
    }));
});

describe('assumed-role sessions', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
  it('takes a session ARN apart', () => {
    expect(assumedRoleOf('arn:aws:sts::111122223333:assumed-role/Reader/alice@example.com')).toEqual({
      partition: 'aws',
      account: '111122223333',
      roleName: 'Reader',
      sessionName: 'alice@example.com',
    });
    expect(assumedRoleOf('arn:aws:iam::111122223333:role/Reader')).toBeNull();
  });

  it('is the pattern of the fix advice (session may be empty) and of the request context (both given)', () =>
    prop((arn) => {
      const loose = /^arn:[^:]*:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
      const a = assumedRoleOf(arn);
      expect(a && [a.account, a.roleName]).toEqual(loose ? [loose[1], loose[2]] : null);
      const strict = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
      const b = assumedRoleOf(arn, { partition: 'nonEmpty', session: 'nonEmpty' });
      expect(b && [b.partition, b.account, b.roleName, b.sessionName]).toEqual(strict ? strict.slice(1) : null);
    }));
});

describe('principalNameOf: one name for a principal in every table and chain list', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names
  // (names are unique in the account whatever the path, so the path is dropped)
  it('a role by its name, a user as "user NAME", a session with its session name', () => {
    expect(principalNameOf('arn:aws:iam::111122223333:role/ops/team/Writer')).toBe('Writer');
    expect(principalNameOf('arn:aws:iam::111122223333:role/Auth')).toBe('Auth');
    expect(principalNameOf('arn:aws:iam::111122223333:user/team/Dev')).toBe('user Dev');
    expect(principalNameOf('arn:aws-cn:iam::111122223333:user/Dev')).toBe('user Dev');
    expect(principalNameOf('arn:aws:sts::111122223333:assumed-role/Auth/CognitoIdentityCredentials')).toBe(
      'Auth (session CognitoIdentityCredentials)',
    );
  });

  it('anything that is not an IAM role or user stays as it is (never mistaken for a role)', () => {
    for (const arn of [
      'arn:aws:iam::111122223333:root',
      'arn:aws:iam::111122223333:group/Admins',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:s3:::bucket/role/x',
      'arn:aws:iam::111122223333:role/',
      'not an arn',
    ])
      expect(principalNameOf(arn)).toBe(arn);
  });

  it('a chain joins the names with " → "', () => {
    expect(
      chainNames([
        'arn:aws:iam::111122223333:user/team/Dev',
        'arn:aws:iam::111122223333:role/Deployer',
        'arn:aws:iam::111122223333:role/ops/Writer',
      ]),
    ).toBe('user Dev → Deployer → Writer');
  });
});
