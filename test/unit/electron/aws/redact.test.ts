/**
 * AWS error messages shown to the user never carry credentials (issue 17): a session token or signature quoted in a URL
 * is percent-encoded (`+` → %2B, `/` → %2F, `=` → %3D), which breaks a plain base64 run, so it is redacted too.
 * x-amz-security-token in presigned URLs: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { describe, expect, it } from 'vitest';
import { errorText } from '../../../../electron/aws/fetch';

const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc/def+ghi=' + 'A1b2C3d4+/'.repeat(30);

describe('errorText redacts credentials however they are quoted', () => {
  it('a URL-encoded session token, as a query parameter or a bare run, is gone', () => {
    const encoded = encodeURIComponent(token);
    expect(encoded).toContain('%2B');
    const msg = errorText(
      new Error(
        `Access denied for https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${encoded}&X-Amz-Date=1 (${encoded})`,
      ),
    );
    expect(msg).not.toContain(encoded.slice(0, 40));
    expect(msg).not.toContain('IQoJb3JpZ2lu');
    expect(msg).toContain('X-Amz-Security-Token=(redacted)');
    expect(msg).toMatch(/^Access denied for/);
  });

  it('a plain token and an access key id stay redacted; ordinary words stay', () => {
    const msg = errorText(new Error(`User ASIAABCDEFGHIJKLMNOP with token ${token} is not authorized`));
    expect(msg).not.toContain('IQoJb3JpZ2lu');
    expect(msg).toContain('ASIA…(redacted)');
    expect(msg).toContain('is not authorized');
  });
});
