import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../policy-engine/catalog';
import type { PolicyType } from '../../../../policy-engine/model/request';
import { parsePolicy } from '../../../../policy-engine/policy/parse';
import { validatePolicy } from '../../../../policy-engine/policy/validate';

const catalog = loadCatalog();
const validate = (doc: unknown, policyType: PolicyType = 'identity') =>
  validatePolicy(parsePolicy(doc as Record<string, unknown>, { policyId: 'p', policyType, file: 'w.json' }), catalog);
const codes = (doc: unknown, policyType?: PolicyType) =>
  validate(doc, policyType).map((d) => `${d.severity}:${d.code}`);
const stmt = (s: Record<string, unknown>, version = '2012-10-17') => ({ Version: version, Statement: [s] });

// Reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator-reference.html
describe('validatePolicy', () => {
  it('a clean policy has no diagnostics', () => {
    expect(
      validate(
        stmt({
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:List*'],
          Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
        }),
      ),
    ).toEqual([]);
  });

  it('policy.unknown-action / unknown-service / invalid-action / action-matches-nothing', () => {
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }))).toEqual([
      'warning:policy.unknown-action',
    ]);
    expect(codes(stmt({ Effect: 'Allow', Action: 'nosuchsvc:Get', Resource: '*' }))).toEqual([
      'warning:policy.unknown-service',
    ]);
    expect(codes(stmt({ Effect: 'Allow', Action: 'GetObject', Resource: '*' }))).toEqual([
      'error:policy.invalid-action',
    ]);
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:Zap*', Resource: '*' }))).toEqual([
      'warning:policy.action-matches-nothing',
    ]);
    // Other services are known by name only, case-insensitively.
    expect(codes(stmt({ Effect: 'Allow', Action: 'EC2:runinstances', Resource: '*' }))).toEqual([]);
  });

  it('each diagnostic names the file, the policy, the JSON path and line/column', () => {
    const [d] = validate(stmt({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }));
    expect(d).toMatchObject({
      file: 'w.json',
      policyId: 'p',
      path: 'Statement[0].Action',
      range: { start: { line: 6, column: 17 } },
    });
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  it('policy.invalid-arn', () => {
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'my-bucket/*' }))).toEqual([
      'error:policy.invalid-arn',
    ]);
  });

  // Variables only in the resource part of an ARN, and not in Action or Principal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  it('policy.variable-not-allowed', () => {
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:${aws:username}', Resource: '*' }))).toEqual([
      'error:policy.variable-not-allowed',
    ]);
    expect(
      codes(
        stmt({
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: 'arn:aws:dynamodb:${aws:RequestedRegion}:123456789012:table/T',
        }),
      ),
    ).toContain('warning:policy.variable-not-allowed');
    expect(
      codes(
        stmt({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:user/${aws:username}' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        }),
        'resource',
      ),
    ).toEqual(['error:policy.variable-not-allowed']);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
  it('policy.missing-version, policy.variable-literal and policy.invalid-version', () => {
    expect(
      codes({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] }),
    ).toEqual(['warning:policy.missing-version', 'warning:policy.variable-literal']);
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, '2013-01-01'))).toEqual([
      'error:policy.invalid-version',
    ]);
  });

  it('policy.missing-effect and the other element errors come through from parsing', () => {
    expect(codes(stmt({ Action: 's3:GetObject', Resource: '*' }))).toEqual(['error:policy.missing-effect']);
  });

  // NotPrincipal is not allowed in identity-based policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  it('policy.notprincipal-in-identity and policy.notprincipal-allow', () => {
    expect(
      codes(stmt({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 's3:*', Resource: '*' })),
    ).toEqual(['error:policy.notprincipal-in-identity']);
    expect(
      codes(
        stmt({
          Effect: 'Allow',
          NotPrincipal: { AWS: '123456789012' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        }),
        'resource',
      ),
    ).toEqual(['warning:policy.notprincipal-allow']);
  });

  it('policy.invalid-principal: wildcards inside an ARN, malformed values', () => {
    expect(
      codes(
        stmt({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:role/*' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        }),
        'resource',
      ),
    ).toEqual(['error:policy.invalid-principal']);
    expect(
      codes(
        stmt({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
        'resource',
      ),
    ).toEqual(['error:policy.invalid-principal']);
  });

  it('policy.duplicate-sid and policy.invalid-sid', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'A', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
      ],
    };
    expect(codes(doc)).toEqual(['warning:policy.duplicate-sid']);
    expect(codes(stmt({ Sid: 'has space', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))).toEqual([
      'warning:policy.invalid-sid',
    ]);
  });

  it('policy.resource-mismatch: an object action on a bucket ARN can never match', () => {
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket' }))).toEqual([
      'warning:policy.resource-mismatch',
    ]);
    expect(codes(stmt({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::bucket' }))).toEqual([
      'warning:policy.resource-mismatch',
    ]);
  });

  it('passes condition problems through from the condition compiler, and warns on unknown aws: keys', () => {
    expect(
      codes(
        stmt({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEqualz: { 'aws:username': 'x' } },
        }),
      ).some((c) => c.startsWith('error:')),
    ).toBe(true);
    expect(
      codes(
        stmt({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { 'aws:UserNameTypo': 'x' } },
        }),
      ),
    ).toEqual(['warning:policy.unknown-condition-key']);
  });

  it('returns only the parse error for invalid JSON', () => {
    expect([
      ...new Set(
        validatePolicy(parsePolicy('{ nope', { policyId: 'p', policyType: 'identity' }), catalog).map((d) => d.code),
      ),
    ]).toEqual(['policy.invalid-json']);
  });
});
