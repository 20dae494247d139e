/**
 * The reviewer-facing views, in Chromium through the browser host: findings (audit of the edited workspace, filters,
 * links, exports), who can (every way in, explanations, reach), the change diff (badge, classes, export) and the
 * settings for undocumented AWS behaviour (switching them re-evaluates; answers that rest on them say "unverified").
 * Tests find things by role and label only. Screenshots go to test/artifacts/; the findings one also to docs/screenshots/.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  GUEST_POLICY,
  WILDCARD,
  downloadOf,
  openView as openViewOn,
  replaceEditorText,
  screenshot,
  useWebHost,
} from './journey-helpers';

const host = useWebHost('per-file');

/** Opens the demo workspace on a view. */
const openView = (page: Page, view: string | RegExp) => openViewOn(page, host(), view);

test('review 1: findings — the audit of the edited workspace by severity, filters, links to the statement or rule, exports', async ({
  page,
}) => {
  await openView(page, /^Findings/);
  // The demo's one risky setting: its user pool has MFA OFF while the admins group reaches AppAdmin.
  await expect(page.getByRole('status', { name: 'Findings summary' })).toContainText('1 high');
  await expect(
    page.getByRole('listitem', { name: 'high: MFA is not required, yet users reach a privileged role' }),
  ).toContainText('us-east-1_Demo1234');

  // An edit that lets guests do everything in S3: the audit is recomputed in the worker shortly after typing stops.
  await page.getByRole('tab', { name: 'Edit policies' }).click();
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: new RegExp(GUEST_POLICY) })
    .click();
  await replaceEditorText(page, new RegExp(`Edit ${GUEST_POLICY}`), WILDCARD);
  await expect(page.getByRole('tab', { name: /^Findings/ })).toContainText('4');
  await page.getByRole('tab', { name: /^Findings/ }).click();

  const high = page.getByRole('region', { name: 'high severity findings' });
  await expect(high.getByRole('listitem')).toHaveCount(4);
  await expect(page.getByRole('status', { name: 'Findings summary' })).toContainText('4 high');
  const guestWrite = high.getByRole('listitem', { name: 'high: Guests can write or delete data' });
  await expect(guestWrite).toContainText('Fix:');
  // It rests on the guest scope-down setting, and says so.
  await expect(guestWrite.getByRole('button', { name: 'unverified: guestScopeDown' })).toBeVisible();

  // Filters: by rule, by severity.
  await page.getByLabel('Rule').selectOption('wildcard-action-resource');
  await expect(high.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Rule').selectOption('');
  await page.getByLabel('Only low').check();
  await expect(high.getByRole('listitem')).toHaveCount(0);
  await expect(high.getByRole('heading')).toContainText('0 of 4');
  await page.getByLabel('Only low').uncheck();
  await expect(high.getByRole('listitem')).toHaveCount(4);
  await screenshot(page, 'findings', true);

  // Exports: Markdown, HTML, CSV downloads of the same findings.
  const md = await downloadOf(page, 'Export Markdown');
  expect(md.name).toBe('demo-mobile-backend-findings.md');
  expect(md.text).toContain('# Rolecall audit of Demo mobile backend');
  expect(md.text).toContain('`guest-can-write`');
  const html = await downloadOf(page, 'Export HTML');
  expect(html.text).toMatch(/^<!DOCTYPE html>/);
  expect(html.text).toContain('Guests can write or delete data');
  const csv = await downloadOf(page, 'Export CSV');
  expect(csv.text.split(/\r?\n/).filter(Boolean)).toHaveLength(5);

  // The link opens the policy in the editor at the statement's line.
  await high
    .getByRole('listitem', { name: 'high: Wildcard action on every resource' })
    .getByRole('button', { name: `Open ${GUEST_POLICY} at line 1` })
    .click();
  await expect(page.getByRole('tab', { name: 'Edit policies' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: new RegExp(`Edit ${GUEST_POLICY}`) })).toBeFocused();

  // A rule on an attribute users write themselves, leading to the admin role: the demo holds the user pool, so the
  // finding is exact (name is mutable and in demo-web's WriteAttributes) and points at the app client.
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: /Role mapping rules/ })
    .click();
  await page
    .getByRole('table', { name: /Role mapping rules for/ })
    .getByLabel('Rule 0 claim')
    .fill('name');
  await page.getByRole('tab', { name: /^Findings/ }).click();
  await expect(
    page.getByRole('listitem', { name: 'high: Role mapping rule on an attribute users can write themselves' }),
  ).toContainText('name is mutable and in the WriteAttributes of app client demo-web');

  // Saving (a download in the browser host) makes the edits the baseline: no findings-worthy change is pending.
  await downloadOf(page, 'Save edits');
  await expect(page.getByText('unsaved edits', { exact: true })).toHaveCount(0);
});

test('review 2: who can — every way to an action on a resource, the deciding statement, explanations, reach', async ({
  page,
}) => {
  await openView(page, 'Who can');
  const form = page.getByRole('form', { name: 'Who can' });
  await form.getByLabel('Action').fill('s3:PutObject');
  await form.getByLabel('Resource').fill('arn:aws:s3:::demo-app-user-files/public/*');
  await form.getByRole('button', { name: 'Who can?' }).click();

  const table = page.getByRole('table', { name: 'Every way to get it' });
  const adminRule = table.getByRole('row').filter({ hasText: 'cognito:groups Contains "admins"' });
  await expect(adminRule).toContainText('Allowed');
  await expect(adminRule).toContainText('AppAdmin');
  await expect(adminRule.getByRole('button', { name: /DemoAppAdminWrite/ })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'Guest' }).first()).toContainText('Implicit deny');
  await expect(table.getByRole('row').filter({ hasText: 'matches no rule' })).toContainText('Implicit deny');
  // The admin rule, the members of the user pool's admins group, and AppAdmin as a principal.
  await expect(page.getByRole('status', { name: 'Who-can counts' })).toContainText('3 allowed');

  // A row opens its explanation; an answer resting on an undocumented behaviour (a guest's rests on the Cognito
  // scope-down) says "unverified" and links to its setting.
  await adminRule.getByRole('button', { name: /^Explain: / }).click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByRole('status').first()).toContainText('Allowed by');
  await screenshot(page, 'who-can');
  const guestRow = table.getByRole('row').filter({ hasText: 'Guest' }).first();
  await guestRow.getByRole('button', { name: /^Explain: / }).click();
  await expect(explanation.getByRole('status').first()).toContainText('Implicitly denied');
  await expect(explanation.getByText('unverified').first()).toBeVisible();

  // Everything one identity class can reach, as a compact list.
  const reach = page.getByRole('region', { name: 'Everything this identity class can reach' });
  await reach.getByLabel('Identity class').selectOption('role:arn:aws:iam::123456789012:role/AppAdmin');
  await expect(reach.getByRole('list', { name: 'Reachable resources' })).toContainText('PutObject');

  await guestRow.getByRole('button', { name: /^Explain: / }).click();
  await explanation.getByRole('button', { name: 'Open the setting guestScopeDown' }).click();
  await expect(page.getByRole('tab', { name: /^Settings/ })).toHaveAttribute('aria-selected', 'true');
  await expect(
    page
      .getByRole('radiogroup', { name: 'Guest scope-down' })
      .getByRole('radio', { name: /role ∩ \(inline ∪ managed\)/ }),
  ).toBeFocused();
});

test('review 3: settings and the change diff — switch an assumption, see what changes, export, undo; edit the scope-down', async ({
  page,
}) => {
  // A guest's answers rest on the scope-down setting: the matrix says so and links to it.
  await openView(page, 'Identity');
  await page
    .getByRole('form', { name: 'Identity A' })
    .getByLabel('Signed in with')
    .selectOption({ label: 'Guest (unauthenticated)' });
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  const note = page.getByRole('note', { name: 'Unverified answers' });
  await expect(note).toContainText('guestScopeDown');
  await page.getByLabel('Search actions').fill('getobject');
  const cell = page
    .getByRole('grid', { name: 'Access matrix' })
    .getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::demo-app-user-files\/public\/\*: Allowed$/ });
  await expect(cell).toHaveAttribute('title', /unverified: rests on settings\.guestScopeDown/);
  await note.getByRole('button', { name: 'guestScopeDown' }).click();
  await expect(page.getByRole('tab', { name: /^Settings/ })).toHaveAttribute('aria-selected', 'true');
  const scopeDown = page.getByRole('radiogroup', { name: 'Guest scope-down' });
  await expect(scopeDown.getByRole('radio', { name: /role ∩ \(inline ∪ managed\)/ })).toBeFocused();
  await expect(scopeDown.getByRole('radio', { name: /role ∩ \(inline ∪ managed\)/ })).toBeChecked();
  await expect(scopeDown.getByText('default')).toBeVisible();

  // Switching it is an edit: the matrix re-evaluates and the change diff lists what it does.
  await scopeDown.getByRole('radio', { name: /role ∩ inline ∩ managed/ }).check();
  await expect(page.getByText('unsaved edits', { exact: true })).toBeVisible();
  const badge = page.getByRole('button', { name: /^Change diff: 1 changed decisions$/ });
  await expect(badge).toBeVisible();
  await expect(page.getByRole('tab', { name: /^Changes/ })).toContainText('1');
  await badge.click();
  await expect(page.getByRole('tab', { name: /^Changes/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('list', { name: 'What this change does' })).toContainText(
    /^This change .*guests of pool demo_app_identities.*s3:GetObject/,
  );
  const lost = page.getByRole('list', { name: 'No longer allowed' });
  await expect(lost).toContainText('s3:GetObject');
  await expect(lost.getByRole('button', { name: /PublicRead/ })).toBeVisible();
  await screenshot(page, 'changes');
  const md = await downloadOf(page, 'Export Markdown');
  expect(md.text).toContain('## Summary');
  expect(md.text).toContain('No longer allowed (1)');
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await expect(cell).toHaveCount(0);
  await expect(
    page.getByRole('grid', { name: 'Access matrix' }).getByRole('button', {
      name: /^s3:GetObject on arn:aws:s3:::demo-app-user-files\/public\/\*: Implicit deny \(was Allowed\)$/,
    }),
  ).toBeVisible();

  // Undo restores the default.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('unsaved edits', { exact: true })).toHaveCount(0);
  await page.getByRole('tab', { name: /^Settings/ }).click();
  await expect(scopeDown.getByRole('radio', { name: /role ∩ \(inline ∪ managed\)/ })).toBeChecked();

  // The shipped scope-down policies in Monaco, editable: an inline policy without S3 takes S3 away from guests.
  await replaceEditorText(
    page,
    'Edit the guest scope-down inline policy (JSON)',
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }),
  );
  await expect(page.getByRole('button', { name: /^Change diff: 1 changed decisions$/ })).toBeVisible();
  await expect(page.getByText('This workspace uses its own copy.')).toBeVisible();
  await screenshot(page, 'settings');
  await page.getByRole('button', { name: 'Reset to the shipped policies' }).click();
  await expect(page.getByText('In force: the shipped version', { exact: false })).toBeVisible();
  await page.getByRole('tab', { name: /^Changes/ }).click();
  await expect(page.getByRole('status', { name: 'Change summary' })).toContainText('Your edits change no decision');
  await downloadOf(page, 'Save edits');
  await expect(page.getByRole('status', { name: 'Change summary' })).toContainText('No unsaved edits');
});
