/**
 * The six user journeys of the desktop UI, in Chromium through the browser host. Tests find things by role and
 * label only. Screenshots are kept as artifacts (test/artifacts/journey-N.png); journeys 2–4 are also copied to
 * docs/screenshots/ for the README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { repoRoot } from '../start-web-host';
import {
  fixtures,
  openDemo,
  openView as openViewOn,
  replaceEditorText,
  screenshot as keepScreenshot,
  useWebHost,
} from './journey-helpers';

const host = useWebHost('per-file');

/** Saves journey n's screenshot (test/artifacts/journey-n.png); journeys 2–4 also go to docs/screenshots. */
const screenshot = (page: Page, n: number) => keepScreenshot(page, `journey-${n}`, [2, 3, 4].includes(n));

/** Opens the demo workspace on a view. */
const openView = (page: Page, view: string) => openViewOn(page, host(), view);

/** A JWT with the given claims (unsigned: Rolecall never checks signatures offline). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'test-key' })}.${part(claims)}.c2lnbmF0dXJl`;
}

test('journey 1: load — import exports, see problems linked to their lines, drop a workspace, fetch form', async ({
  page,
}) => {
  await openDemo(page, host());

  // Import AWS CLI exports through the file dialog (an <input type=file> in the browser host).
  await page
    .getByLabel('Files to import')
    .setInputFiles([join(fixtures, 'auth-details.json'), join(fixtures, 'describe-identity-pool.json')]);
  const explorer = page.getByRole('navigation', { name: 'Workspace' });
  await expect(explorer.getByRole('treeitem', { name: /FilesRole/ }).first()).toBeVisible();
  await expect(explorer.getByRole('treeitem', { name: /files_app/ }).first()).toBeVisible();

  // The problems found while loading are listed; each opens its policy at the line.
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('list', { name: 'Workspace problems' });
  const problem = problems.getByRole('button', { name: /GetObjekt/ }).first();
  await expect(problem).toBeVisible();
  await problem.click();
  await expect(page.getByRole('tab', { name: 'Edit policies' })).toHaveAttribute('aria-selected', 'true');
  await expect(
    page
      .getByRole('list', { name: 'Problems in this policy' })
      .getByText(/GetObjekt/)
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: /Edit FilesRole › Files/ })).toBeFocused();

  // Drag and drop a workspace file onto the window.
  const text = readFileSync(join(repoRoot, 'examples', 'demo.rolecall.json'), 'utf8');
  const transfer = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'dropped.rolecall.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop to load')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(explorer.getByRole('treeitem', { name: /demo_app_identities/ }).first()).toBeVisible();
  await expect(explorer.getByRole('treeitem', { name: /FilesRole/ })).toHaveCount(0);

  // Fetch from an account: profile + region form; an unreachable endpoint gives a per-item error, not a crash.
  await page.getByRole('button', { name: 'Fetch from AWS…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Fetch from an AWS account' });
  await expect(dialog.getByLabel('Profile')).toBeVisible();
  await dialog.getByLabel('Region', { exact: true }).fill('us-east-1');
  await dialog.getByText('Advanced').click();
  await dialog.getByLabel(/Local endpoint/).fill('http://127.0.0.1:9');
  await screenshot(page, 1);
  await dialog.getByRole('button', { name: 'Fetch', exact: true }).click();
  await expect(dialog.getByRole('list', { name: 'Fetch errors' })).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: /Cancel|Stop/ }).click();
  await expect(dialog).toBeHidden();
});

test('journey 2: pick an identity — claims, groups, guest, pasted token, and the role-resolution trace', async ({
  page,
}) => {
  await openView(page, 'Identity');
  const form = page.getByRole('form', { name: 'Identity A' });
  await expect(form.getByLabel('Identity pool')).toHaveValue(/us-east-1:4f3c2b1a/);
  const trace = page.getByRole('region', { name: 'Role resolution' });

  // A user-pool user without groups: no rule matches, the authenticated role is used.
  await expect(trace.getByRole('status')).toContainText('AppUser');
  await expect(trace.getByRole('list', { name: 'Resolution steps' })).toContainText(/Rule 0\s*not matched/);

  // In the admins group: rule 0 matches, then the trust policy is checked, then the session.
  await form.getByLabel('cognito:groups value').fill('admins');
  await expect(trace.getByRole('status')).toContainText('AppAdmin');
  const steps = trace.getByRole('list', { name: 'Resolution steps' }).getByRole('listitem');
  await expect(steps.filter({ hasText: /Rule 0/ })).toContainText('matched');
  await expect(steps.filter({ hasText: 'Trust policy' })).toContainText('allows sts:AssumeRoleWithWebIdentity');
  await expect(trace.getByRole('table', { name: 'Session context keys' })).toContainText(
    'cognito-identity.amazonaws.com:amr',
  );
  await screenshot(page, 2);

  // A pasted token is decoded and shown; an expired one is refused as Cognito would.
  await form.getByText('Paste a token (JWT)').click();
  const token = jwt({
    sub: 'abc',
    aud: '4pq2demo0client0id0000001',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
    token_use: 'id',
    exp: 1_000_000_000,
    'cognito:groups': ['admins'],
  });
  await form.getByLabel('ID token').fill(token);
  await expect(form.getByLabel('Decoded token claims')).toContainText('"cognito:groups"');
  await expect(form.getByText(/expired/)).toBeVisible();
  await expect(trace.getByRole('status')).toContainText('No credentials');

  // A guest gets the unauthenticated role.
  await form.getByLabel('Signed in with').selectOption({ label: 'Guest (unauthenticated)' });
  await expect(trace.getByRole('status')).toContainText('AppGuest');
});

test('journey 3: see the access — the matrix by service and access level, filters, counts, comparison', async ({
  page,
}) => {
  await openView(page, 'Access');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid.getByRole('rowheader', { name: /Amazon S3 · List/ })).toBeVisible();
  const counts = page.getByRole('status', { name: 'Cell counts' });
  await expect(counts).toContainText(/\d+ allowed/);

  // Every cell carries its decision in its name (icon + colour on screen, never colour alone).
  await page.getByLabel('Search actions').fill('putobject');
  await expect(
    grid.getByRole('button', { name: /^s3:PutObject on arn:aws:s3:::demo-app-user-files\/private\/.*: Allowed$/ }),
  ).toBeVisible();
  await expect(
    grid.getByRole('button', { name: /^s3:PutObject on arn:aws:s3:::demo-app-user-files\/public\/\*: Implicit deny$/ }),
  ).toBeVisible();

  // Filters: only write actions, only allowed.
  await page.getByLabel('Search actions').fill('');
  await page.getByLabel('Only write actions').check();
  await expect(grid.getByRole('rowheader', { name: /Amazon S3 · Read/ })).toHaveCount(0);
  await page.getByLabel('Only allowed').check();
  await expect(counts).toContainText(/of 259 actions/);
  await expect(grid.getByRole('rowheader', { name: 's3:PutObject', exact: true })).toBeVisible();
  await expect(grid.getByRole('rowheader', { name: 's3:PutBucketPolicy', exact: true })).toHaveCount(0);
  await page.getByLabel('Only allowed').uncheck();
  await page.getByLabel('Only write actions').uncheck();

  // Side by side: an admin (A) and a guest (B); each cell shows both decisions.
  await page.getByRole('tab', { name: 'Identity', exact: true }).click();
  await page.getByRole('form', { name: 'Identity A' }).getByLabel('cognito:groups value').fill('admins');
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await expect(page.getByText('role/AppAdmin').filter({ visible: true }).first()).toBeVisible();
  await page.getByLabel('Compare with identity B').check();
  await expect(counts).toContainText(/cells differ between A and B/);
  await page.getByLabel('Search actions').fill('putobject');
  await expect(
    grid.getByRole('button', {
      name: /^s3:PutObject on arn:aws:s3:::demo-app-user-files\/public\/\*: A Allowed, B Implicit deny/,
    }),
  ).toBeVisible();
  await page.getByLabel('Search actions').fill('');
  await page.getByLabel('Only allowed').check();
  await screenshot(page, 3);
});

test('journey 4: understand one decision — statements highlighted, conditions, missing keys, AccessDenied text', async ({
  page,
}) => {
  await openView(page, 'Access');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await page.getByLabel('Search actions').fill('getobject');
  await grid
    .getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::demo-app-user-files\/private\/.*: Allowed$/ })
    .click();

  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByRole('status').first()).toContainText('Allowed by statement "ReadWriteOwnFolder"');
  await expect(explanation.getByText('determining').first()).toBeVisible();
  // The determining statement is opened in the policy's editor, its lines highlighted.
  const source = explanation.getByLabel(/AppUser › UserFiles with the deciding statements highlighted/);
  await expect(source.getByText('ReadWriteOwnFolder')).toBeVisible();
  // A condition is shown with the values compared; the missing key can be supplied and the request re-run.
  const conditions = explanation.getByRole('table', { name: /Conditions of HttpsOnly/ });
  await expect(conditions).toContainText('aws:SecureTransport');
  await expect(conditions).toContainText('missing');
  await explanation.getByLabel('aws:SecureTransport').fill('false');
  await explanation.getByRole('button', { name: 'Re-run with these values' }).click();
  await expect(explanation.getByRole('status').first()).toContainText('Explicitly denied by statement "HttpsOnly"');
  await expect(explanation.getByLabel('AccessDenied message')).toContainText(
    'with an explicit deny in a resource-based policy',
  );
  await expect(explanation.getByRole('button', { name: 'Copy message' })).toBeVisible();
  await screenshot(page, 4);

  // An implicit deny says which allow is missing, in AWS's words.
  await explanation.getByLabel('aws:SecureTransport').fill('');
  await explanation.getByRole('button', { name: 'Re-run with these values' }).click();
  await page.getByLabel('Search actions').fill('deleteobject');
  await grid
    .getByRole('button', { name: /^s3:DeleteObject on arn:aws:s3:::demo-app-user-files\/public\/\*: Implicit deny$/ })
    .click();
  await expect(explanation.getByLabel('AccessDenied message')).toContainText(
    'because no identity-based policy allows the s3:DeleteObject action',
  );
});

test('journey 5: edit and see what changes — live re-evaluation, markers, changes list, undo, rules, drafts', async ({
  page,
}) => {
  await openView(page, 'Edit policies');
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: /AppUser › UserFiles/ })
    .click();
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Everything',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::demo-app-user-files', 'arn:aws:s3:::demo-app-user-files/*'],
      },
      { Sid: 'Typo', Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' },
    ],
  });
  await replaceEditorText(page, /Edit AppUser › UserFiles/, policy);

  // The matrix re-evaluates as you type; the view says how long it took and what the edit newly allows.
  const changes = page.getByRole('complementary', { name: 'What your edits change' });
  await expect(changes.getByRole('region', { name: 'Changes against the saved workspace' })).toContainText(
    /newly allowed/,
  );
  await expect(changes.getByLabel('Re-evaluation time')).toContainText(/re-evaluated \d+ ms after the last change/);
  await expect(page.getByRole('list', { name: 'Problems in this policy' })).toContainText('GetObjekt');
  await expect(page.getByText('unsaved edits', { exact: true })).toBeVisible();
  await screenshot(page, 5);

  // The change list links to the matrix, where the changed cells are marked.
  await changes.getByRole('button', { name: /s3:PutObject on demo-app-user-files\/public\/\*/ }).click();
  await expect(page.getByRole('tab', { name: 'Access', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(
    page.getByRole('grid', { name: 'Access matrix' }).getByRole('button', {
      name: /s3:PutObject on arn:aws:s3:::demo-app-user-files\/public\/\*: Allowed \(was Implicit deny\)/,
    }),
  ).toBeVisible();

  // Unsaved edits survive a crash: reload and restore the draft.
  await expect(page.getByRole('status', { name: 'Crash recovery' })).toHaveText('draft kept');
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'Unsaved edits from an earlier session' })).toBeVisible();
  await page.getByRole('button', { name: 'Restore them' }).click();
  await expect(page.getByText('unsaved edits', { exact: true })).toBeVisible();

  // Undo returns to the saved policy.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('unsaved edits', { exact: true })).toHaveCount(0);

  // Role-mapping rules: a table you can edit and reorder.
  await page.getByRole('tab', { name: 'Edit policies' }).click();
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: /Role mapping rules/ })
    .click();
  const rules = page.getByRole('table', { name: /Role mapping rules for/ });
  await expect(rules.getByLabel('Rule 0 value')).toHaveValue('admins');
  await page.getByRole('button', { name: '+ Add rule' }).click();
  await rules.getByLabel('Rule 1 value').fill('editors');
  await rules.getByRole('button', { name: 'Move rule 1 up' }).click();
  await expect(rules.getByLabel('Rule 0 value')).toHaveValue('editors');
  await expect(rules.getByLabel('Rule 1 value')).toHaveValue('admins');

  // Save: in the browser host the workspace file is downloaded; the edits become the new baseline.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save edits' }).click();
  const saved = readFileSync(await (await download).path(), 'utf8');
  expect(JSON.parse(saved).identityPools[0].RoleMappings).toMatchObject({
    [Object.keys(JSON.parse(saved).identityPools[0].RoleMappings)[0]]: {
      RulesConfiguration: { Rules: [{ Value: 'editors' }, { Value: 'admins' }] },
    },
  });
  await expect(page.getByText('unsaved edits', { exact: true })).toHaveCount(0);

  // Completion from the catalog inside "Action", and IAM-aware markers.
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: /AppGuest › PublicRead/ })
    .click();
  await replaceEditorText(
    page,
    /Edit AppGuest › PublicRead/,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObj',
  );
  await page.keyboard.press('Control+Space');
  await expect(page.getByRole('option', { name: /s3:PutObject\b/ }).first()).toBeVisible();
});

test('journey 6: debug an AccessDenied — paste the error, see which policy type denied and why', async ({ page }) => {
  await openView(page, 'Debug AccessDenied');
  const form = page.getByRole('form', { name: 'Debug an AccessDenied error' });
  await form
    .getByLabel('AccessDenied error message')
    .fill(
      'User: arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::demo-app-user-files/public/cat.jpg" because no identity-based policy allows the s3:PutObject action',
    );
  const parsed = form.getByRole('definition');
  await expect(parsed.filter({ hasText: 's3:PutObject' })).toBeVisible();
  await expect(form.getByText('no identity-based policy allows it')).toBeVisible();
  await form.getByRole('button', { name: 'Explain this denial' }).click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByRole('status').first()).toContainText(
    'Implicitly denied: no identity-based policy allows it',
  );
  await expect(page.getByText('Rolecall reaches the same kind of denial as AWS.')).toBeVisible();
  await expect(explanation.getByRole('table', { name: 'What each policy type said' })).toContainText(
    'Identity-based policy',
  );
  await screenshot(page, 6);

  // DynamoDB's wording, with a bare resource ARN, and the older form without "because".
  await form
    .getByLabel('AccessDenied error message')
    .fill(
      'An error occurred (AccessDeniedException) when calling the DeleteTable operation: User: arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: dynamodb:DeleteTable on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
    );
  await form.getByRole('button', { name: 'Explain this denial' }).click();
  await expect(explanation.getByRole('status').first()).toContainText('dynamodb:DeleteTable');
  await expect(explanation.getByRole('status').first()).toContainText(/denied/);
});
