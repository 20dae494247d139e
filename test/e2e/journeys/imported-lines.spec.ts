/**
 * Issue #16, "the user's own lines", for an import (Chromium through the browser host, at 1440, 1280 and 1024 px):
 * Import… a CloudFormation YAML template (test/fixtures/source-lines/photo-stack.yaml: a user pool, an identity
 * pool, its AWS::Cognito::IdentityPoolRoleAttachment with the authenticated and unauthenticated roles, and a
 * signed-in role whose inline policy scopes objects and the list prefix with ${cognito-identity.amazonaws.com:sub}).
 * A denied cell's explanation (an explicit Deny) and an allowed one's (an Allow with a condition) cite the template's
 * own lines for the statement and the condition, and the editor's jump lands on that statement. The expected lines
 * are found in the template's text here, independently of the engine.
 * AWS::Cognito::IdentityPoolRoleAttachment (Roles: "authenticated" / "unauthenticated" → role ARN):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypoolroleattachment.html
 * AWS::IAM::Role Policies: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * Screenshots: test-results/imported-lines/explain-{denied,allowed}-WIDTH.png (not docs/screenshots).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openDemo, useWebHost } from './journey-helpers';
import { repoRoot } from '../start-web-host';

const host = useWebHost('per-file');
const FILE = 'photo-stack.yaml';
const path = join(repoRoot, 'test', 'fixtures', 'source-lines', FILE);
const lines = readFileSync(path, 'utf8').split('\n');
const shots = join(repoRoot, 'test-results', 'imported-lines');

/** 1-based line of the first line holding `needle` at or after line `from`. */
function lineOf(needle: string, from = 1): number {
  const i = lines.findIndex((l, n) => n >= from - 1 && l.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/**
 * Clicks a statement's Edit and checks where the cursor is, as a user would find it: text typed there appears right
 * before the `{` that opens the statement with this Sid in the editor's JSON of the template's policy (then undone).
 * Typing makes the policy a draft, so this is the test's last step.
 */
async function expectJumpLandsOn(page: Page, editor: Locator, jump: () => Promise<void>, sid: string): Promise<void> {
  await jump();
  await expect(page.getByTestId('policy-lines-of')).toContainText(
    `From ${FILE} line ${lineOf('PolicyDocument:', lineOf('PolicyName: own-photos'))}`,
  );
  await page.keyboard.insertText('QQ');
  // Monaco reuses its line elements, so their order in the page is not the text's: sort them by `top`.
  const shown = () =>
    editor.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('\n'),
    );
  await expect.poll(shown).toMatch(new RegExp(`QQ\\{\\s*"Sid": "${sid}"`));
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(shown).not.toContain('QQ');
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

for (const width of [1440, 1280, 1024]) {
  test(`an imported CloudFormation template: the explanations cite its lines, the editor jumps there (${width} px)`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openDemo(page, host());
    await page.getByLabel('Files to import').setInputFiles([path]);
    const explorer = page.getByRole('navigation', { name: 'Workspace' });
    await expect(explorer.getByRole('treeitem', { name: /photo-share-signed-in-dev/ }).first()).toBeVisible();

    // What the template leaves to deployment is listed, at its line, never guessed silently.
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect(
      problems
        .getByText(
          new RegExp(`^${FILE.replace('.', '\\.')}:${lineOf('IdentityPool:')}:\\d+ › Resources\\.IdentityPool$`),
        )
        .first(),
    ).toBeVisible();
    await problems.getByRole('button', { name: 'Dismiss' }).click();

    await page.getByRole('tab', { name: 'Access', exact: true }).click();
    await expect(page.getByText('Preparing the workspace…')).toHaveCount(0);
    const grid = page.getByRole('grid', { name: 'Access matrix' });
    const explanation = page.getByRole('region', { name: 'Explanation' });
    const editor = page.getByLabel(/^Edit photo-share-signed-in-dev › own-photos \(JSON\)/).first();

    // Denied: DeleteObject anywhere in the bucket, by the explicit Deny "KeepPhotos" at its line in the template.
    const keep = lineOf('- Sid: KeepPhotos');
    await page.getByLabel('Search actions').fill('deleteobject');
    await grid
      .getByRole('button', { name: /^s3:DeleteObject on arn:aws:s3:::photo-share-dev\/\*: Explicit deny$/ })
      .click();
    await expect(explanation.getByRole('status').first()).toContainText('Explicitly denied by statement "KeepPhotos"');
    const denied = explanation.getByRole('listitem').filter({ hasText: 'KeepPhotos' }).first();
    await expect(denied).toContainText(`${FILE} line ${keep}`);
    await denied.scrollIntoViewIfNeeded();
    await shot(page, `explain-denied-${width}`);

    // Allowed: GetObject on the shared folder, by "ReadShared" and its amr condition, each at its template line.
    const shared = lineOf('- Sid: ReadShared');
    const amr = lineOf('cognito-identity.amazonaws.com:amr', shared);
    await page.getByLabel('Search actions').fill('getobject');
    await grid
      .getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::photo-share-dev\/shared\/\*: Allowed$/ })
      .click();
    await expect(explanation.getByRole('status').first()).toContainText('Allowed by statement "ReadShared"');
    const allowed = explanation.getByRole('listitem').filter({ hasText: 'ReadShared' }).first();
    await expect(allowed).toContainText(`${FILE} line ${shared}`);
    const condition = allowed.getByRole('row').filter({ hasText: 'cognito-identity.amazonaws.com:amr' });
    await expect(condition).toContainText(`line ${amr}`);
    await expect(condition).toContainText('✓ true');
    // The per-user statement beside it names the template line too, and why it does not apply here.
    const own = explanation.getByRole('listitem').filter({ hasText: 'ReadWriteOwnPhotos' }).first();
    await expect(own).toContainText(`${FILE} line ${lineOf('- Sid: ReadWriteOwnPhotos')}`);
    await allowed.scrollIntoViewIfNeeded();
    await shot(page, `explain-allowed-${width}`);
    await expectJumpLandsOn(
      page,
      editor,
      () => allowed.getByRole('button', { name: 'Edit ReadShared' }).click(),
      'ReadShared',
    );
  });
}
