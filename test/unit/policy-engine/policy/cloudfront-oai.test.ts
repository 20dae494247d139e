/**
 * The legacy CloudFront origin access identity principal is valid in a bucket policy.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 */
import { expect, it } from 'vitest';
import { loadCatalog } from '../../../../policy-engine/catalog';
import { parsePolicy } from '../../../../policy-engine/policy/parse';
import { validatePolicy } from '../../../../policy-engine/policy/validate';

const check = (principal: string) => {
  const p = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      ],
    },
    { policyId: 'b#resource', policyType: 'resource' },
  );
  return [...p.diagnostics, ...validatePolicy(p, loadCatalog())].filter((d) => d.code === 'policy.invalid-principal');
};

it('accepts the CloudFront OAI principal and still rejects a malformed one', () => {
  expect(check('arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2EXAMPLE1')).toEqual([]);
  expect(check('arn:aws:iam::cloudfront:user/Someone Else')).toHaveLength(1);
});
