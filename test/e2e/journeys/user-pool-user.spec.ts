/**
 * Issue #13 in the app (Chromium through the browser host, 1440/1280/1024 px): in the identity picker, a user of the
 * demo's user pool instead of typed claims — the app client, the groups as checkboxes with Precedence and role, the
 * attributes the client may read or write with their type — then the ID token Cognito would issue, the role and why.
 * Bad input (a group the pool lacks, an attribute the schema lacks, a client the pool lacks) shows next to its field.
 * Screenshots: test/artifacts/user-pool-user-*.png.
 */
import { expect, test } from '@playwright/test';
import { openView, screenshot, useWebHost } from './journey-helpers';

const host = useWebHost('per-file');

for (const width of [1440, 1280, 1024]) {
  test(`a user of the pool at ${width} px: groups, attributes, built token, role and why; errors at their field`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openView(page, host(), 'Identity');
    const form = page.getByRole('form', { name: 'Identity A' });
    await form.getByLabel('A user of the pool').check();

    const user = form.getByRole('group', { name: 'User of us-east-1_Demo1234' });
    await expect(user).toBeVisible();
    await expect(user.getByLabel('App client')).toHaveValue('4pq2demo0client0id0000001');
    await expect(user.getByLabel('admins precedence')).toHaveText('precedence 0');
    await expect(user.getByLabel('admins role')).toHaveText('AppAdmin');
    await expect(user.getByLabel('beta role')).toHaveText('no role');
    // demo-web's ReadAttributes: custom:dept, email, email_verified, name — and nothing else (no phone_number).
    const attrs = user.getByRole('table', { name: 'Attributes' });
    for (const name of ['custom:dept', 'email', 'email_verified', 'name'])
      await expect(attrs.getByLabel(name, { exact: true })).toBeVisible();
    await expect(attrs.getByLabel('phone_number', { exact: true })).toHaveCount(0);
    await expect(attrs.getByRole('row').filter({ hasText: 'email_verified' })).toContainText('Boolean');
    await expect(attrs.getByRole('row').filter({ hasText: /^name/ })).toContainText('user-writable');

    await user.getByLabel('Username').fill('alice@example.com');
    await attrs.getByLabel('email', { exact: true }).fill('alice@example.com');
    await user.getByRole('checkbox', { name: 'admins' }).check();

    const resolution = page.getByRole('region', { name: 'Role resolution' });
    await expect(resolution.getByRole('status')).toContainText('arn:aws:iam::123456789012:role/AppAdmin');
    await expect(resolution.getByLabel('Why this role')).toContainText('Rule 0 (cognito:groups Contains "admins")');
    const token = resolution.getByLabel('Built ID token');
    await expect(token).toContainText('"cognito:groups": [');
    await expect(token).toContainText('"cognito:preferred_role": "arn:aws:iam::123456789012:role/AppAdmin"');
    await expect(token).toContainText('"email_verified": true');
    await expect(token).toContainText('"aud": "4pq2demo0client0id0000001"');
    await screenshot(page, `user-pool-user-${width}`, width === 1440);

    // Back to beta only: the default authenticated role, and the token carries no role.
    await user.getByRole('checkbox', { name: 'admins' }).uncheck();
    await user.getByRole('checkbox', { name: 'beta' }).check();
    await expect(resolution.getByRole('status')).toContainText('arn:aws:iam::123456789012:role/AppUser');
    await expect(token).not.toContainText('cognito:roles');

    // A group the pool does not have.
    await user.getByLabel('Other groups (comma-separated)').fill('staff');
    const groupError = user.getByRole('group', { name: 'Groups' }).getByRole('alert');
    await expect(groupError).toContainText('user pool us-east-1_Demo1234 has no group "staff"');
    await expect(resolution.getByRole('status')).toContainText('No credentials');
    await user.getByLabel('Other groups (comma-separated)').fill('');
    await expect(groupError).toHaveCount(0);

    // An attribute the schema lacks.
    await user.getByRole('button', { name: '+ Attribute by name' }).click();
    await user.getByLabel('Other attribute 1 name').fill('dept');
    await user.getByLabel('Other attribute 1 value').fill('ops');
    const attrError = user.getByRole('group', { name: 'Attributes' }).getByRole('alert');
    await expect(attrError).toContainText('has no attribute "dept"');
    await expect(attrError).toContainText('did you mean "custom:dept"?');
    await screenshot(page, `user-pool-user-errors-${width}`);
    await user.getByRole('button', { name: 'Remove attribute dept' }).click();
    await expect(attrError).toHaveCount(0);

    // A client the pool does not have.
    await user.getByLabel('App client').fill('4pq2demo0client0id0000009');
    const clientError = user.getByRole('alert');
    await expect(clientError).toContainText('is not an app client of user pool us-east-1_Demo1234');
    await expect(clientError).toContainText('did you mean "4pq2demo0client0id0000001"?');
    await expect(user.getByLabel('App client')).toHaveAttribute('aria-invalid', 'true');
  });
}

test('the access matrix as a user-pool class: members of group admins get AppAdmin, the form shows that user', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openView(page, host(), 'Access');
  const bar = page.getByRole('list', { name: 'The question this view answers' });
  await page.getByLabel('Evaluate as an identity class').selectOption({
    label: 'members of group admins of user pool demo-app-users (us-east-1_Demo1234) through app client demo-web',
  });
  await expect(bar.getByRole('listitem', { name: 'Which role' })).toContainText('role/AppAdmin');
  await expect(bar).toContainText('User rolecall-member in admins');
  await screenshot(page, 'user-pool-class-matrix-1280');
  await page.getByRole('tab', { name: 'Identity', exact: true }).click();
  const user = page
    .getByRole('form', { name: 'Identity A' })
    .getByRole('group', { name: 'User of us-east-1_Demo1234' });
  await expect(user.getByRole('checkbox', { name: 'admins' })).toBeChecked();
  await expect(user.getByRole('checkbox', { name: 'beta' })).not.toBeChecked();
});

test('the refresh-token threshold is a setting: 7 days makes the demo client a finding that names it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openView(page, host(), 'Findings');
  const refresh = page.getByRole('listitem', {
    name: 'medium: Refresh tokens valid for long, for users who reach a privileged role',
  });
  await expect(page.getByRole('status', { name: 'Findings summary' })).toContainText('1 high');
  await expect(refresh).toHaveCount(0);
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Days (empty: 30)')).toHaveValue('');
  await page.getByLabel('Days (empty: 30)').fill('7');
  await page.getByRole('tab', { name: /^Findings/ }).click();
  await expect(refresh).toContainText('refresh tokens valid for 30 days (the threshold is 7 days');
  await expect(refresh).toContainText('AppAdmin');
  await screenshot(page, 'user-pool-threshold-finding-1280');
});

for (const width of [1440, 1024]) {
  test(`a user-pool finding opens the pool in the editor at the setting (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openView(page, host(), 'Findings');
    const mfa = page.getByRole('listitem', { name: 'high: MFA is not required, yet users reach a privileged role' });
    await mfa.getByRole('button', { name: 'Open user pool us-east-1_Demo1234' }).click();
    await expect(page.getByRole('tab', { name: 'Edit policies' })).toHaveAttribute('aria-selected', 'true');
    await expect(
      page.getByRole('navigation', { name: 'Policies' }).getByRole('button', { name: /User pool demo-app-users/ }),
    ).toHaveAttribute('aria-current', 'true');
    // Far down the entry: visible only because the editor scrolled to the finding's setting.
    const editor = page
      .getByLabel('User pool demo-app-users (us-east-1_Demo1234) (JSON, read-only)', { exact: true })
      .first();
    await expect(editor).toContainText('"MfaConfiguration": "OFF"');
    await screenshot(page, `user-pool-finding-editor-${width}`);
  });
}
