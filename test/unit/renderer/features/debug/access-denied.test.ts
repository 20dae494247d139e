import { describe, expect, it } from 'vitest';
import {
  parseAccessDenied,
  requestPrincipal,
  roleOfSession,
} from '../../../../../renderer/src/features/debug/access-denied';

// Message forms: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
describe('parseAccessDenied', () => {
  it('reads the current S3 form with a quoted resource and "because no identity-based policy allows"', () => {
    const r = parseAccessDenied(
      'User: arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::bucket/key" because no identity-based policy allows the s3:PutObject action',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        principal: 'arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials',
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::bucket/key',
        kind: 'implicitDeny',
        policyType: 'identity',
        policyArn: null,
        code: null,
      },
    });
  });

  it('reads the older form without a reason', () => {
    const r = parseAccessDenied(
      'User: arn:aws:sts::123456789012:assumed-role/AppGuest/CognitoIdentityCredentials is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/private/x.jpg',
    );
    expect(r.ok && r.value).toMatchObject({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/private/x.jpg',
      kind: null,
      policyType: null,
    });
  });

  it("reads DynamoDB's bare resource inside the CLI wrapper and keeps the error code", () => {
    const r = parseAccessDenied(
      'An error occurred (AccessDeniedException) when calling the PutItem operation: User: arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Notes because no identity-based policy allows the dynamodb:PutItem action',
    );
    expect(r.ok && r.value).toMatchObject({
      action: 'dynamodb:PutItem',
      resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
      code: 'AccessDeniedException',
      policyType: 'identity',
      kind: 'implicitDeny',
    });
  });

  it.each([
    ['with an explicit deny in a resource-based policy', 'explicitDeny', 'resource'],
    ['with an explicit deny in a service control policy', 'explicitDeny', 'scp'],
    ['because no permissions boundary allows the s3:GetObject action', 'implicitDeny', 'permissionsBoundary'],
    ['because no session policy allows the s3:GetObject action', 'implicitDeny', 'session'],
    ['with an explicit deny in a resource control policy', 'explicitDeny', 'rcp'],
  ])('names the policy type in "%s"', (reason, kind, policyType) => {
    const r = parseAccessDenied(
      `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" ${reason}`,
    );
    expect(r.ok && r.value).toMatchObject({ kind, policyType });
  });

  it('keeps the policy ARN named after an explicit deny', () => {
    const r = parseAccessDenied(
      'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/DenyAll',
    );
    expect(r.ok && r.value.policyArn).toBe('arn:aws:iam::123456789012:policy/DenyAll');
  });

  it("unwraps S3's XML error body", () => {
    const r = parseAccessDenied(
      '<Error><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: s3:ListBucket on resource: &quot;arn:aws:s3:::b&quot; because no resource-based policy allows the s3:ListBucket action</Message></Error>',
    );
    expect(r.ok && r.value).toMatchObject({ resource: 'arn:aws:s3:::b', code: 'AccessDenied', policyType: 'resource' });
  });

  it('explains what is missing when the message has no details or no sentence', () => {
    const bare = parseAccessDenied(
      'An error occurred (AccessDenied) when calling the GetObject operation: Access Denied',
    );
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.error).toMatch(/does not name the caller/);
    const none = parseAccessDenied('hello');
    expect(!none.ok && none.error).toMatch(/not authorized to perform/);
    expect(parseAccessDenied('  ').ok).toBe(false);
  });

  it('maps anonymous to "*" and a session ARN to its role', () => {
    const r = parseAccessDenied(
      'User: anonymous is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k"',
    );
    expect(r.ok && requestPrincipal(r.value)).toBe('*');
    expect(roleOfSession('arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials')).toEqual({
      partition: 'aws',
      accountId: '123456789012',
      roleName: 'AppUser',
      sessionName: 'CognitoIdentityCredentials',
    });
    expect(roleOfSession('arn:aws:iam::123456789012:user/dev')).toBeNull();
  });
});
