/**
 * The problems a QA pass found, each kept fixed: an invalid edited policy is evaluated as its last valid version (and
 * says so), typing JSON by hand gives no stray braces, the matrix keeps readable columns with the explanation pane
 * open, a pasted Cognito guest session is debugged with the guest scope-down, explicit and implicit deny look
 * different, and the earlier-session draft banner stays away while this session has edits.
 * Chromium through the browser host; roles and labels only. A fresh host (and draft store) per test.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  GUEST_POLICY,
  WILDCARD,
  openView as openViewOn,
  replaceFocusedText,
  screenshot,
  useWebHost,
} from './journey-helpers';

const host = useWebHost('per-test');

/** Opens the demo workspace on a view (a fresh host per test). */
const openView = (page: Page, view: string | RegExp) => openViewOn(page, host(), view);

async function asGuest(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Identity', exact: true }).click();
  await page
    .getByRole('form', { name: 'Identity A' })
    .getByLabel('Signed in with')
    .selectOption({ label: 'Guest (unauthenticated)' });
}

async function openGuestPolicy(page: Page) {
  await page.getByRole('tab', { name: 'Edit policies' }).click();
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: new RegExp(GUEST_POLICY) })
    .click();
  const editor = page.getByRole('textbox', { name: new RegExp(`Edit ${GUEST_POLICY}`) });
  await editor.focus();
  return editor;
}

test('an edited policy that is not valid JSON is evaluated as its last valid version, and the app says so', async ({
  page,
}) => {
  await openView(page, 'Identity');
  await asGuest(page);
  await openGuestPolicy(page);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(',,,');

  const banner = page.getByRole('alert', { name: 'Invalid policy edits' });
  await expect(banner).toContainText(
    /AppGuest › PublicRead has a JSON error at line \d+, column \d+ — results use its last valid version/,
  );
  await expect(page.getByRole('list', { name: 'Problems in this policy' })).toContainText('not valid JSON');
  // Nothing changes: AWS would refuse the document, so the saved version still decides.
  const changes = page.getByRole('complementary', { name: 'What your edits change' });
  await expect(changes.getByText('Your edits change no decision for this identity')).toBeVisible();
  await expect(changes.getByText(/newly denied/)).toHaveCount(0);
  await page.getByRole('tab', { name: /^Changes/ }).click();
  await expect(page.getByRole('status', { name: 'Change summary' })).toContainText(
    'Your edits change no decision of any identity class',
  );
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await page.getByLabel('Search actions').fill('getobject');
  await expect(
    page
      .getByRole('grid', { name: 'Access matrix' })
      .getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::demo-app-user-files\/public\/\*: Allowed$/ }),
  ).toBeVisible();
  await screenshot(page, 'invalid-edit');

  // The banner's link opens the place.
  await banner.getByRole('button', { name: /^Go to line \d+ of AppGuest › PublicRead$/ }).click();
  await expect(page.getByRole('tab', { name: 'Edit policies' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: new RegExp(`Edit ${GUEST_POLICY}`) })).toBeFocused();

  // Fixing the text removes the banner.
  await replaceFocusedText(page, WILDCARD);
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'No problems found in this policy' })).toBeVisible();
});

test('after "Go to line", typing stays where the cursor is (the reveal is not re-applied on each re-render)', async ({
  page,
}) => {
  await openView(page, 'Edit policies');
  await openGuestPolicy(page);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(',,,');
  const banner = page.getByRole('alert', { name: 'Invalid policy edits' });
  await banner.getByRole('button', { name: /^Go to line \d+ of AppGuest › PublicRead$/ }).click();
  await expect(page.getByRole('textbox', { name: new RegExp(`Edit ${GUEST_POLICY}`) })).toBeFocused();
  // Each key is an edit, and each edit re-renders the editor's view; the cursor must move on with the typing.
  await page.keyboard.press('End');
  await page.keyboard.type('xyz');
  await expect(page.getByLabel(`Edit ${GUEST_POLICY} (JSON)`, { exact: true }).first()).toContainText('},,,xyz');
});

test('typing a multi-line policy by hand gives valid JSON (auto-closed braces are not doubled)', async ({ page }) => {
  await openView(page, 'Edit policies');
  await openGuestPolicy(page);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(
    '{\n"Version": "2012-10-17",\n"Statement": [\n{\n"Effect": "Allow",\n"Action": ["s3:GetObject"],\n"Resource": "*"\n}\n]\n}',
  );
  await expect(page.getByRole('status').filter({ hasText: 'No problems found in this policy' })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Invalid policy edits' })).toHaveCount(0);
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
]) {
  test(`the matrix keeps readable columns with the explanation open at ${size.width}×${size.height}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openView(page, 'Access');
    const grid = page.getByRole('grid', { name: 'Access matrix' });
    await page.getByLabel('Search actions').fill('getobject');
    await grid
      .getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::demo-app-user-files\/private\/.*: Allowed$/ })
      .click();
    await expect(page.getByRole('region', { name: 'Explanation' })).toBeVisible();

    // Every column keeps at least the width of its label; its full ARN is its name.
    const headers = grid.getByRole('columnheader');
    await expect(headers).toHaveCount(6);
    await expect(
      grid.getByRole('columnheader', { name: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes/index/ByUpdatedAt' }),
    ).toBeAttached();
    for (const header of await headers.all()) {
      const cut = await header.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut).toBe(false);
    }
    // The last column is reached by scrolling the grid sideways, not cut off.
    await screenshot(page, `matrix-with-explanation-${size.width}`, size.width === 1440);
    const last = grid.getByRole('columnheader', { name: /table\/Notes\/index\/ByUpdatedAt$/ });
    await last.scrollIntoViewIfNeeded();
    await expect(last).toBeInViewport({ ratio: 1 });
    await screenshot(page, `matrix-with-explanation-${size.width}-scrolled`);

    // Long action names are not cut (this is the longest one the demo's matrix shows).
    await page.getByLabel('Search actions').fill('UpdateBucketMetadataAnnotationTableConfiguration');
    const action = grid.getByRole('rowheader', {
      name: 's3:UpdateBucketMetadataAnnotationTableConfiguration',
      exact: true,
    });
    await expect(action).toBeVisible();
    expect(await action.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

    // The explanation pane is resizable from the keyboard (and by dragging). Beside the matrix it needs the room
    // of every resource column at its minimum (issue 16): with the explorer hidden there is room at 1440 px; at
    // 1280 px the explanation stays a drawer below the matrix, and the splitter is not offered.
    await page.getByRole('button', { name: 'Hide the explorer' }).click();
    if (size.width < 1440) {
      await expect(page.getByRole('separator', { name: 'Resize the explanation pane' })).toHaveCount(0);
      await expect(page.getByRole('region', { name: 'Explanation' })).toBeVisible();
      await page.getByRole('button', { name: 'Show the explorer' }).click();
      return;
    }
    const splitter = page.getByRole('separator', { name: 'Resize the explanation pane' });
    const before = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(before - 40));
    await page.keyboard.press('ArrowLeft');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(before));
    // It grows no further than the room beside the matrix: the pane never pushes a column out of sight.
    await page.keyboard.press('End');
    const widest = Number(await splitter.getAttribute('aria-valuemax'));
    await expect(splitter).toHaveAttribute('aria-valuenow', String(widest));
    expect(widest).toBeGreaterThanOrEqual(before);
    await page.getByRole('button', { name: 'Show the explorer' }).click();
  });
}

// Cognito's enhanced flow names the role session CognitoIdentityCredentials and, for guests, passes a scope-down
// session policy: https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
test("a pasted AccessDenied of the guest role's Cognito session runs as the pool's guest, with the scope-down", async ({
  page,
}) => {
  await openView(page, 'Debug AccessDenied');
  const form = page.getByRole('form', { name: 'Debug an AccessDenied error' });
  await form
    .getByLabel('AccessDenied error message')
    .fill(
      'User: arn:aws:sts::123456789012:assumed-role/AppGuest/CognitoIdentityCredentials is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::demo-app-user-files/public/cat.jpg" because no identity-based policy allows the s3:PutObject action',
    );
  await form.getByRole('button', { name: 'Explain this denial' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /^Ran as a guest of pool demo_app_identities/ }),
  ).toBeVisible();
  await expect(page.getByRole('note', { name: 'How the caller was read' })).toContainText(
    /unauthenticated role.*scope-down session policy applies/,
  );
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByRole('table', { name: 'What each policy type said' })).toContainText('Session policy');
});

test('explicit and implicit deny look different; the legend says which is which', async ({ page }) => {
  await openView(page, 'Access');
  const counts = page.getByRole('status', { name: 'Cell counts' });
  const explicit = counts.getByTitle('Explicit deny', { exact: true });
  const implicit = counts.getByTitle('Implicit deny', { exact: true });
  await expect(explicit).toHaveText('✕');
  await expect(implicit).toHaveText('○');
  const look = (el: Element) => ({
    color: getComputedStyle(el).color,
    background: getComputedStyle(el).backgroundColor,
  });
  const [e, i] = [await explicit.evaluate(look), await implicit.evaluate(look)];
  expect(e.background).not.toBe(i.background);
  expect(e.color).not.toBe(i.color);
  await expect(counts).toContainText('explicit deny');
  await expect(counts).toContainText('implicit deny');
});

test('the earlier-session draft banner does not show while this session has unsaved edits', async ({ page }) => {
  await openView(page, 'Edit policies');
  await openGuestPolicy(page);
  await replaceFocusedText(page, WILDCARD);
  await expect(page.getByRole('status', { name: 'Crash recovery' })).toHaveText('draft kept');
  await page.reload();
  const banner = page.getByRole('alert').filter({ hasText: 'Unsaved edits from an earlier session' });
  await expect(banner).toBeVisible();
  // A new edit in this session (without restoring) supersedes the old draft: the banner goes.
  await page.getByRole('tab', { name: 'Edit policies' }).click();
  await openGuestPolicy(page);
  await replaceFocusedText(page, WILDCARD.replace('s3:*', 's3:Get*'));
  await expect(page.getByText('unsaved edits', { exact: true })).toBeVisible();
  await expect(banner).toHaveCount(0);
});
