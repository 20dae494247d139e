/**
 * The "Can anyone?" view (issue 14), in Chromium through the browser host: a question proved impossible with what the
 * proof covered; a question answered with a witness that opens its explanation (allowed); a misspelt action refused
 * with a did-you-mean; and a long question (the demo grown by 200 roles, in the test) that shows its progress and
 * stops on Cancel. Tests find things by role and label only. Screenshots go to test/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import { openView, screenshot, useWebHost } from './journey-helpers';

const host = useWebHost('per-test');
const BUCKET = 'arn:aws:s3:::demo-app-user-files';

/** The demo with `n` more roles like AppUser, each given by its own rule of the user pool's role mapping. */
function withRoles(n: number): string {
  const ws = JSON.parse(readFileSync(join(repoRoot, 'examples', 'demo.rolecall.json'), 'utf8'));
  ws.name = 'Demo with 200 team roles';
  const roles = ws.iam.RoleDetailList;
  const user = roles.find((r: { RoleName: string }) => r.RoleName === 'AppUser');
  const mapping = Object.values(ws.identityPools[0].RoleMappings)[0] as { RulesConfiguration: { Rules: unknown[] } };
  for (let i = 0; i < n; i++) {
    const arn = `arn:aws:iam::123456789012:role/AppTeam${i}`;
    roles.push({ ...structuredClone(user), RoleName: `AppTeam${i}`, Arn: arn, RoleId: `AROATEAM${i}` });
    mapping.RulesConfiguration.Rules.push({ Claim: 'custom:team', MatchType: 'Equals', Value: `t${i}`, RoleARN: arn });
  }
  return JSON.stringify(ws, null, 2);
}

test('a proof: no one can delete a bucket, with every identity class that was asked', async ({ page }) => {
  await openView(page, host(), 'Can anyone?');
  await page.getByLabel('Action', { exact: true }).fill('s3:DeleteBucket');
  await page.getByLabel('Resource pattern', { exact: true }).fill('*');
  await page.getByRole('button', { name: 'Can anyone?' }).click();
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await expect(verdict).toContainText(
    'No one can s3:DeleteBucket on *: proved over every identity class, any identity id and any request context.',
  );
  await expect(page.getByLabel('Coverage')).toContainText(
    /^\d+ identity classes asked \(\d+ refused for every request/,
  );
  const covered = page.getByRole('table', { name: 'Identity classes asked' });
  // The demo's ways in: its guests, the admins rule, users who match no rule, Google users, and (the demo holds its
  // user pool) the members of its two groups.
  await expect(covered.getByRole('row').filter({ hasText: 'refused for every request' })).toHaveCount(6);
  await expect(covered.getByRole('row').filter({ hasText: 'members of group admins' })).toContainText('AppAdmin');
  await expect(covered.getByRole('row').filter({ hasText: 'guests of pool' })).toContainText('AppGuest');
  await expect(page.getByRole('list', { name: 'Witnesses' })).toHaveCount(0);
  await screenshot(page, 'can-anyone-proof');
});

test('a witness: the admins rule can write public objects; it opens its explanation, allowed', async ({ page }) => {
  await openView(page, host(), 'Can anyone?');
  // A misspelt action is refused as it is typed, with the closest one offered.
  await page.getByLabel('Action', { exact: true }).fill('s3:PutObjekt');
  await expect(page.getByRole('alert').filter({ hasText: 's3:PutObjekt is not a known s3 action.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Can anyone?' })).toBeDisabled();
  await page.getByRole('button', { name: 'Did you mean s3:PutObject?' }).click();
  await expect(page.getByLabel('Action', { exact: true })).toHaveValue('s3:PutObject');
  // A resource that is not an ARN pattern is refused too.
  await page.getByLabel('Resource pattern', { exact: true }).fill('demo-app-user-files/*');
  await expect(page.getByRole('alert').filter({ hasText: 'Not an ARN pattern' })).toBeVisible();
  await page.getByLabel('Resource pattern', { exact: true }).fill(`${BUCKET}/public/*`);
  await page.getByRole('button', { name: 'Can anyone?' }).click();

  // The admins rule (any token whose cognito:groups contains "admins") and the user pool's admins group.
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(
    `Yes: 2 identity classes can s3:PutObject on ${BUCKET}/public/*.`,
  );
  const witnesses = page.getByRole('list', { name: 'Witnesses' });
  await expect(witnesses.getByRole('listitem')).toHaveCount(2);
  await expect(witnesses.getByRole('listitem').nth(1)).toContainText('rolecall-member of us-east-1_Demo1234');
  const w = witnesses.getByRole('listitem').first();
  await expect(w).toContainText('cognito:groups Contains "admins"');
  await expect(w).toContainText('checked: allowed as arn:aws:sts::123456789012:assumed-role/AppAdmin/');
  await expect(w).toContainText(`${BUCKET}/public/`);
  await w.getByRole('button', { name: /^Explain witness 1/ }).click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByRole('status').first()).toContainText('Allowed by');
  await expect(explanation.getByRole('status').first()).toContainText('s3:PutObject');
  await screenshot(page, 'can-anyone-witness');
});

test('a long question shows its progress by identity class and stops on Cancel', async ({ page }) => {
  await openView(page, host(), 'Can anyone?');
  await page
    .getByLabel('Workspace file to open')
    .setInputFiles({ name: 'teams.rolecall.json', mimeType: 'application/json', buffer: Buffer.from(withRoles(200)) });
  await expect(page.getByRole('heading', { level: 1, name: 'Demo with 200 team roles' })).toBeVisible();
  await page.getByRole('tab', { name: 'Can anyone?' }).click();
  // Every S3 action (an action pattern: one question per action) on every resource, for each of 200+ identity classes.
  await page.getByLabel('Action', { exact: true }).fill('s3:*');
  await page.getByLabel('Resource pattern', { exact: true }).fill('*');
  await page.getByRole('button', { name: 'Can anyone?' }).click();
  const progress = page.getByRole('status', { name: 'Prove progress' });
  await expect(progress).toContainText(/Asked [1-9]\d* of \d+ identity classes…/, { timeout: 30_000 });
  const total = Number(/of (\d+) identity classes/.exec((await progress.textContent()) ?? '')?.[1]);
  // The 200 team rules, the demo's own classes (guests, the admins rule, users who match no rule, Google users).
  expect(total).toBeGreaterThanOrEqual(204);
  await expect(progress.getByRole('progressbar', { name: 'Identity classes asked' })).toHaveAttribute(
    'max',
    String(total),
  );
  // The UI answers meanwhile: another view opens and comes back with the question still running.
  await page.getByRole('tab', { name: 'Identity', exact: true }).click();
  await page.getByRole('tab', { name: 'Can anyone?' }).click();
  await expect(progress).toBeVisible();
  await screenshot(page, 'can-anyone-progress');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status', { name: 'Prove cancelled' })).toContainText(
    new RegExp(`Cancelled after \\d+ of ${total} identity classes: no answer`),
  );
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Verdict' })).toHaveCount(0);
  // Asking again after Cancel works: a quick question completes.
  await page.getByLabel('Action', { exact: true }).fill('s3:DeleteBucket');
  await page.getByRole('button', { name: 'Can anyone?' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('No one can s3:DeleteBucket on *', {
    timeout: 30_000,
  });
});
