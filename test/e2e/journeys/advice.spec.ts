/**
 * Issue #16 in the app (Chromium through the browser host): Debug AccessDenied shows only checked fixes, with the
 * caller's identity id; a Scan of a per-user table gets "use Query with your own partition key", never Allow Scan.
 * Screenshots at 1440, 1280 and 1024 px (test/artifacts/advice-*.png).
 */
import { expect, test } from '@playwright/test';
import { openView, screenshot, useWebHost } from './journey-helpers';

const host = useWebHost('per-file');
const ME = 'us-east-1:11111111-1111-4111-8111-111111111111';
const denial = (action: string, resource: string) =>
  `User: arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy allows the ${action} action`;

for (const width of [1440, 1280, 1024]) {
  test(`debug AccessDenied at ${width} px: a checked, per-user fix; a per-user Scan gets the Query advice`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openView(page, host(), 'Debug AccessDenied');
    const form = page.getByRole('form', { name: 'Debug an AccessDenied error' });
    await form
      .getByLabel('AccessDenied error message')
      .fill(denial('s3:GetObjectTagging', `arn:aws:s3:::demo-app-user-files/private/${ME}/photo.jpg`));
    await form.getByLabel('Identity id of the caller (optional)').fill(ME);
    await form.getByRole('button', { name: 'Explain this denial' }).click();
    const explanation = page.getByRole('region', { name: 'Explanation' });
    const fix = explanation.getByLabel('Suggested fix');
    await expect(fix).toContainText('Suggested fix (checked)');
    await expect(fix).toContainText('${cognito-identity.amazonaws.com:sub}/*');
    await expect(fix).not.toContainText(ME);
    await expect(fix.getByRole('list', { name: 'Checks this fix passed' })).toContainText(
      'the audit finds no new high-severity problem',
    );
    await expect(explanation).not.toContainText(/unresolved/i);
    await fix.scrollIntoViewIfNeeded();
    await screenshot(page, `advice-fix-${width}`);

    await form
      .getByLabel('AccessDenied error message')
      .fill(denial('dynamodb:Scan', 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes').replace(/"/g, ''));
    await form.getByRole('button', { name: 'Explain this denial' }).click();
    const what = explanation.getByLabel('What to do');
    await expect(what).toContainText('Use Query with your own partition key');
    await expect(explanation.getByLabel('Suggested fix')).toHaveCount(0);
    await what.scrollIntoViewIfNeeded();
    await screenshot(page, `advice-scan-${width}`);
  });
}
