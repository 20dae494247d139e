/**
 * Issue 11 in the app (Chromium through the browser host): role chaining made in the policy editor. AppUser's inline
 * policy may sts:AssumeRole AppAdmin, and AppAdmin's trust policy accepts the account: every signed-in user of the
 * default role can then go on to AppAdmin. Who can lists that way through the chain on AppUser's rows; Findings
 * raises cognito-chain-reaches-role (high: AppAdmin writes what AppUser may not).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 * Tests find things by role and label only. Screenshots go to test/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import { openView, replaceEditorText, screenshot, useWebHost } from './journey-helpers';

const host = useWebHost('per-test');
const demo = JSON.parse(readFileSync(join(repoRoot, 'examples', 'demo.rolecall.json'), 'utf8'));
const role = (name: string) => demo.iam.RoleDetailList.find((r: { RoleName: string }) => r.RoleName === name);
const ADMIN = role('AppAdmin').Arn as string;
const ACCOUNT = ADMIN.split(':')[4];

/** AppUser › UserFiles plus a statement that allows sts:AssumeRole on AppAdmin. */
function userFilesWithHop(): string {
  const doc = structuredClone(
    role('AppUser').RolePolicyList.find((p: { PolicyName: string }) => p.PolicyName === 'UserFiles').PolicyDocument,
  );
  doc.Statement.push({ Sid: 'HopToAdmin', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ADMIN });
  return JSON.stringify(doc, null, 2);
}

/** AppAdmin's trust policy plus a statement that accepts the account (delegates to IAM). */
function adminTrustWithAccount(): string {
  const doc = structuredClone(role('AppAdmin').AssumeRolePolicyDocument);
  doc.Statement.push({
    Sid: 'Account',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'sts:AssumeRole',
  });
  return JSON.stringify(doc, null, 2);
}

async function edit(page: Page, policy: string, text: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Policies' }).getByRole('button', { name: policy }).click();
  await replaceEditorText(page, new RegExp(`Edit ${policy}`), text);
}

test('a chain made in the editor: Who can lists it, Findings flags it', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openView(page, host(), 'Edit policies');
  await edit(page, 'AppUser › UserFiles', userFilesWithHop());
  await edit(page, 'AppAdmin › trust policy', adminTrustWithAccount());

  await page.getByRole('tab', { name: 'Who can', exact: true }).click();
  const form = page.getByRole('form', { name: 'Who can' });
  await form.getByLabel('Action').fill('s3:PutObject');
  await form.getByLabel('Resource').fill('arn:aws:s3:::demo-app-user-files/public/notice.txt');
  await form.getByRole('button', { name: /Who can/ }).click();
  const table = page.getByRole('table', { name: 'Every way to get it' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  const chains = table.getByRole('list', { name: 'Through a role chain' });
  await expect(chains.first()).toContainText('⇢ AppUser → AppAdmin: allowed as AppAdmin');
  await screenshot(page, 'role-chains-whocan');

  await page.getByRole('tab', { name: /^Findings/ }).click();
  const finding = page.getByRole('listitem', {
    name: 'high: Cognito identities reach another role through role chaining',
  });
  await expect(finding.first()).toBeVisible({ timeout: 30_000 });
  await expect(finding.first()).toContainText('AppUser → AppAdmin');
  await screenshot(page, 'role-chains-findings');
});
