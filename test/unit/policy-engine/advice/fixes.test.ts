/**
 * The fix advisor: a suggested fix is shown only when it fixes the request, adds no high finding, changes the policy
 * that refused, and keeps per-user data per user; a Scan of a per-user table and another user's data get advice.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html (per-user access with ${cognito-identity.amazonaws.com:sub})
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html (dynamodb:LeadingKeys)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (which policy type refused)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { generalizeResource, suggestFixes, SUB_VARIABLE } from '../../../../policy-engine/advice/fixes';
import type { Request } from '../../../../policy-engine/model/request';
import { NOW, prepareInline } from '../analysis/helpers';

const root = resolve(__dirname, '../../../..');
const demo = prepareWorkspace(JSON.parse(readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8')));
const qa = prepareWorkspace(
  JSON.parse(readFileSync(resolve(root, 'test/fixtures/qa/photo-app.rolecall.json'), 'utf8')),
);
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const ME = 'us-east-1:11111111-1111-4111-8111-111111111111';
const OTHER = 'us-east-1:22222222-2222-4222-8222-222222222222';
const user = {
  identityPoolId: POOL,
  provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
  claims: {
    sub: 'u1',
    aud: '4pq2demo0client0id0000001',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
  },
  identityId: ME,
};
const NOTES = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';

function advise(pw: typeof demo, request: Request) {
  const answer = evaluateRequest(pw, request, { now: NOW, explain: true });
  return { answer, advice: suggestFixes(pw, request, answer, { now: NOW }) };
}

describe('suggestFixes', () => {
  it('answers a Scan of a per-user table with "use Query with your own partition key", never Allow Scan', () => {
    const { answer, advice } = advise(demo, { identity: user, action: 'dynamodb:Scan', resource: NOTES });
    expect(answer.decision).toBe('implicitDeny');
    expect(advice.fixes).toEqual([]);
    expect(advice.advice.join(' ')).toMatch(/use Query with your own partition key/i);
  });

  it("the QA photo app: reading another user's note gets advice, and no fix touches the S3 bucket policy", () => {
    const requests = JSON.parse(
      readFileSync(resolve(root, 'test/fixtures/qa/photo-app.requests.json'), 'utf8'),
    ) as Request[];
    for (const r of requests) {
      const { advice } = advise(qa, r);
      if (/^dynamodb:/.test(r.action))
        expect(advice.fixes.flatMap((f) => f.changes.map((c) => c.policyId)).some((id) => id.includes(':s3:::'))).toBe(
          false,
        );
    }
    const other = advise(
      qa,
      requests.find((r) => r.id === 'google-user-gets-other-note')!,
    );
    expect(other.answer.decision).toBe('implicitDeny');
    expect(other.advice.fixes).toEqual([]);
    expect(other.advice.advice[0]).toMatch(/items of another user .*per-user scoping working/);
  });

  it("another user's object and another user's items get advice that the denial is the per-user scoping working", () => {
    const photo = advise(demo, {
      identity: user,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::demo-app-user-files/private/${OTHER}/photo.jpg`,
    });
    expect(photo.advice.fixes).toEqual([]);
    expect(photo.advice.advice[0]).toMatch(/belongs to another user/);
    const item = advise(demo, {
      identity: user,
      action: 'dynamodb:GetItem',
      resource: NOTES,
      context: { 'dynamodb:LeadingKeys': [OTHER] },
    });
    expect(item.advice.fixes).toEqual([]);
    expect(item.advice.advice[0]).toMatch(/another user/);
  });

  it("a missing action on the user's own folder is fixed in the role's identity policy with the policy variable, checked", () => {
    const { advice } = advise(demo, {
      identity: user,
      action: 's3:GetObjectTagging',
      resource: `arn:aws:s3:::demo-app-user-files/private/${ME}/photo.jpg`,
    });
    expect(advice.fixes).toHaveLength(1);
    const [change] = advice.fixes[0].changes;
    expect(change.policyId).toBe('arn:aws:iam::123456789012:role/AppUser#inline/UserFiles');
    expect(change.policyType).toBe('identity');
    expect(change.statement.Resource).toBe(`arn:aws:s3:::demo-app-user-files/private/${SUB_VARIABLE}/*`);
    expect(JSON.stringify(change.statement)).not.toContain(ME);
    expect(advice.fixes[0].checks).toContain('another user asking for the same data is still refused');
  });

  it('a missing DynamoDB action on own items keeps dynamodb:LeadingKeys on the policy variable', () => {
    const { advice } = advise(demo, {
      identity: user,
      action: 'dynamodb:BatchGetItem',
      resource: NOTES,
      context: { 'dynamodb:LeadingKeys': [ME] },
    });
    expect(advice.fixes).toHaveLength(1);
    const st = advice.fixes[0].changes[0].statement;
    expect(st.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUB_VARIABLE] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    });
    expect(advice.fixes[0].changes[0].policyId).not.toContain(':s3:::');
  });

  it('withholds a fix that the audit rates high (a guest writing) and says why', () => {
    const { advice } = advise(demo, {
      identity: { identityPoolId: POOL },
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::demo-app-user-files/public/cat.jpg',
    });
    expect(advice.fixes).toEqual([]);
    expect(advice.withheld[0].reason).toMatch(/high finding/);
  });

  it('gives advice, not a fix, for an explicit deny, naming the statement and the condition', () => {
    const { answer, advice } = advise(demo, {
      identity: user,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::demo-app-user-files/private/${ME}/a.jpg`,
      context: { 'aws:SecureTransport': 'false' },
    });
    expect(answer.decision).toBe('explicitDeny');
    expect(advice.fixes).toEqual([]);
    expect(advice.advice[0]).toMatch(
      /"HttpsOnly" of the bucket policy of demo-app-user-files denies it because aws:SecureTransport is false/,
    );
  });

  it('extends the bucket policy only for a bucket of another account, naming the role as principal', () => {
    const pw = prepareInline({
      name: 'x',
      region: 'us-east-1',
      accountId: '111111111111',
      iam: {
        RoleDetailList: [
          {
            RoleName: 'Reader',
            Arn: 'arn:aws:iam::111111111111:role/Reader',
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
            RolePolicyList: [
              {
                PolicyName: 'Read',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::theirs/*' }],
                },
              },
            ],
          },
        ],
      },
      resourcePolicies: [
        {
          resourceArn: 'arn:aws:s3:::theirs',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::222222222222:root' },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::theirs/*',
              },
            ],
          },
        },
      ],
    });
    const request = {
      principal: 'arn:aws:iam::111111111111:role/Reader',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::theirs/a.txt',
      resourceAccount: '222222222222',
    };
    const { answer, advice } = advise(pw, request);
    expect(answer.decision).toBe('implicitDeny');
    expect(advice.fixes).toHaveLength(1);
    expect(advice.fixes[0].changes.map((c) => c.policyId)).toEqual(['arn:aws:s3:::theirs#resource']);
    expect(advice.fixes[0].changes[0].statement.Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:role/Reader' });
  });

  it('never writes an identity id into a policy: a role session without the id gets no per-user fix', () => {
    const request = {
      principal: 'arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials',
      action: 's3:GetObjectTagging',
      resource: `arn:aws:s3:::demo-app-user-files/private/${ME}/a.jpg`,
    };
    const { advice } = advise(demo, request);
    for (const f of advice.fixes) expect(JSON.stringify(f.changes)).not.toMatch(/us-east-1:[0-9a-f]{8}-/);
    expect(advice.fixes).toEqual([]);
    expect(advice.withheld[0].reason).toMatch(/identity id/);
  });
});

describe('generalizeResource', () => {
  it("turns the caller's id into the policy variable and their object into their folder", () => {
    expect(generalizeResource(`arn:aws:s3:::b/private/${ME}/x/y.jpg`, ME)).toBe(
      `arn:aws:s3:::b/private/${SUB_VARIABLE}/*`,
    );
    expect(generalizeResource('arn:aws:s3:::b/public/y.jpg', ME)).toBe('arn:aws:s3:::b/public/y.jpg');
    expect(generalizeResource(`arn:aws:s3:::b/private/${ME}/y.jpg`, null)).toBe(`arn:aws:s3:::b/private/${ME}/y.jpg`);
  });
});
