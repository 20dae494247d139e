/**
 * Issue 14's widening edits, made in the app's policy editor, in Chromium through the browser host: a per-user S3
 * statement widened from private/${cognito-identity.amazonaws.com:sub}/* to private/*, and the
 * dynamodb:LeadingKeys condition dropped from the per-user Notes policy. Each is caught by the Changes view (the
 * head says the edits break cross-user isolation; the isolation section names who, the store and a two-id witness),
 * by the Δ badge, by Findings (a high finding), and by "Can anyone?" (a witness reading another identity's data).
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
const BUCKET = 'arn:aws:s3:::demo-app-user-files';
const OTHER = 'us-east-1:0e0e0e0e-0000-4000-8000-00000000b0b0';
const USER_FILES = 'AppUser › UserFiles';

/** The demo's UserFiles policy with its per-user statement widened to every user's folder. */
function widenedUserFiles(): string {
  const role = demo.iam.RoleDetailList.find((r: { RoleName: string }) => r.RoleName === 'AppUser');
  const doc = structuredClone(
    role.RolePolicyList.find((p: { PolicyName: string }) => p.PolicyName === 'UserFiles').PolicyDocument,
  );
  const own = doc.Statement.find((s: { Sid: string }) => s.Sid === 'ReadWriteOwnFolder');
  expect(own.Resource).toBe(`${BUCKET}/private/\${cognito-identity.amazonaws.com:sub}/*`);
  own.Resource = `${BUCKET}/private/*`;
  return JSON.stringify(doc, null, 2);
}

/** The demo's Notes policy without its dynamodb:LeadingKeys condition. */
function notesWithoutLeadingKeys(): string {
  const p = demo.iam.Policies.find((x: { PolicyName: string }) => x.PolicyName === 'DemoAppNotesOwnItems');
  const doc = structuredClone(
    p.PolicyVersionList.find((v: { IsDefaultVersion: boolean }) => v.IsDefaultVersion).Document,
  );
  expect(doc.Statement[0].Condition['ForAllValues:StringEquals']['dynamodb:LeadingKeys']).toBeDefined();
  delete doc.Statement[0].Condition;
  return JSON.stringify(doc, null, 2);
}

/** Opens a policy in the editor and replaces its text. */
async function edit(page: Page, policy: string | RegExp, text: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Policies' }).getByRole('button', { name: policy }).click();
  await replaceEditorText(page, new RegExp(`Edit ${typeof policy === 'string' ? policy : policy.source}`), text);
}

test('private/${sub}/* widened to private/* in the editor: Changes, the Δ badge, Findings and Can anyone? catch it', async ({
  page,
}) => {
  await openView(page, host(), 'Edit policies');
  await edit(page, USER_FILES, widenedUserFiles());

  // The Δ badge says isolation is broken; the Changes view leads with it, by identity class, with a witness.
  await expect(page.getByRole('button', { name: /^Change diff: .*cross-user isolation broken/ })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('tab', { name: /^Changes/ }).click();
  await expect(page.getByRole('status', { name: 'Change summary' })).toContainText(
    /Your edits break cross-user isolation for \d+ identity class/,
  );
  const broken = page
    .getByRole('region', { name: 'Cross-user isolation' })
    .getByRole('list', { name: 'Isolation broken' });
  await expect(broken.getByRole('listitem').first()).toContainText('(role AppUser) can now');
  await expect(broken.getByRole('listitem').first()).toContainText(`${BUCKET}/private/`);
  await expect(broken.getByRole('listitem').first()).toContainText('which belongs to');
  await screenshot(page, 'widening-changes');

  // Findings: the isolation rule fires, high.
  await page.getByRole('tab', { name: /^Findings/ }).click();
  const finding = page.getByRole('listitem', { name: "high: Signed-in users can read or write other users' data" });
  await expect(finding).toBeVisible({ timeout: 30_000 });
  await expect(finding).toContainText('UserFiles');

  // Can anyone? read another identity's private folder: yes, with a witness whose identity id is not the owner's.
  await page.getByRole('tab', { name: 'Can anyone?' }).click();
  await page.getByLabel('Action', { exact: true }).fill('s3:GetObject');
  await page.getByLabel('Resource pattern', { exact: true }).fill(`${BUCKET}/private/${OTHER}/*`);
  await page.getByRole('button', { name: 'Can anyone?' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/^.*Yes: \d+ identity class/);
  const w = page.getByRole('list', { name: 'Witnesses' }).getByRole('listitem').first();
  await expect(w).toContainText(`${BUCKET}/private/${OTHER}/`);
  await expect(w).toContainText('checked: allowed');
  await screenshot(page, 'widening-can-anyone');
});

test('dynamodb:LeadingKeys dropped in the editor: Changes and Findings catch it', async ({ page }) => {
  await openView(page, host(), 'Edit policies');
  await edit(page, /DemoAppNotesOwnItems/, notesWithoutLeadingKeys());
  await expect(page.getByRole('button', { name: /^Change diff: .*cross-user isolation broken/ })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('tab', { name: /^Changes/ }).click();
  await expect(page.getByRole('status', { name: 'Change summary' })).toContainText(
    /Your edits break cross-user isolation for \d+ identity class/,
  );
  const broken = page
    .getByRole('region', { name: 'Cross-user isolation' })
    .getByRole('list', { name: 'Isolation broken' });
  await expect(broken).toContainText('table/Notes (partition key = identity id)');
  await expect(broken).toContainText('dynamodb:LeadingKeys');
  await page.getByRole('tab', { name: /^Findings/ }).click();
  await expect(
    page.getByRole('listitem', { name: "high: Signed-in users can read or write other users' data" }),
  ).toContainText('DemoAppNotesOwnItems', { timeout: 30_000 });
});
