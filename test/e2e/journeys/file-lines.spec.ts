/**
 * Issue #16 item 2 in the app (Chromium through the browser host, at 1440, 1280 and 1024 px): a workspace file opened
 * with the browser's file picker whose statements are deep in the file (test/fixtures/source-lines/deep.rolecall.json,
 * statements at lines 240–280). The explanation and the finding cite the statement's line in that file, and the policy
 * editor numbers the policy's lines as the file does, jumping to that line. After an edit the edited policy is numbered
 * as the draft it now is. The expected lines are found in the fixture's text here. Screenshots: file-lines-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDemo, screenshot, useWebHost } from './journey-helpers';
import { repoRoot } from '../start-web-host';

const host = useWebHost('per-file');
const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'source-lines', 'deep.rolecall.json'), 'utf8');
const lines = text.split('\n');
/** The 1-based line of the `{` opening the statement with this Sid (the line above its Sid, as the fixture is laid out). */
const statementLine = (sid: string) => lines.findIndex((l) => l.includes(`"Sid": "${sid}"`));
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

for (const width of [1440, 1280, 1024]) {
  test(`the explanation, a finding and the editor give the statement's line in the file at ${width} px`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openDemo(page, host());
    await page.getByLabel('Workspace file to open').setInputFiles({
      name: 'deep.rolecall.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await expect(page.getByRole('heading', { level: 1, name: 'Deep statements' })).toBeVisible();
    const read = statementLine('DeepReadPublic');
    expect(read).toBeGreaterThan(200);

    // The explanation of the guest's GetObject: the determining statement at its line in the file.
    await page.getByRole('tab', { name: 'Access', exact: true }).click();
    await expect(page.getByText('Preparing the workspace…')).toHaveCount(0);
    const grid = page.getByRole('grid', { name: 'Access matrix' });
    await page.getByLabel('Search actions').fill('getobject');
    await grid.getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::deep-files\/public\/\*: Allowed$/ }).click();
    const explanation = page.getByRole('region', { name: 'Explanation' });
    await expect(explanation.getByRole('status').first()).toContainText('Allowed by statement "DeepReadPublic"');
    const item = explanation.getByRole('listitem').filter({ hasText: 'DeepReadPublic' }).first();
    await expect(item).toContainText(`lines ${read}–`);
    // The policy shown beside it is numbered as the file: the highlighted statement's first line is the file's.
    const source = explanation.getByLabel(/DeepGuest › DeepPolicy with the deciding statements highlighted/);
    await expect(source.locator('.line-numbers', { hasText: new RegExp(`^${read}$`) })).toBeVisible();
    await screenshot(page, `file-lines-explain-${width}`);

    // "Edit" opens the editor at that line, numbered as the file.
    await item.getByRole('button', { name: 'Edit DeepReadPublic' }).click();
    const editor = page.getByLabel(/^Edit DeepGuest › DeepPolicy \(JSON\)/).first();
    await expect(editor.locator('.line-numbers', { hasText: new RegExp(`^${read}$`) })).toBeVisible();
    await expect(editor.locator('.line-numbers.active-line-number').first()).toHaveText(String(read));
    await expect(page.getByTestId('policy-lines-of')).toHaveText('Line numbers of deep.rolecall.json');
    await screenshot(page, `file-lines-editor-${width}`);

    // The finding on the misspelt action, deep in the same statement: its line in the file.
    const typo = lineOf('"s3:GetObjekt"');
    await page.getByRole('tab', { name: /^Findings/ }).click();
    const finding = page.getByRole('listitem').filter({ hasText: 'GetObjekt' }).first();
    await expect(finding).toContainText(`line ${typo}`);
    await screenshot(page, `file-lines-findings-${width}`);
    await finding.getByRole('button', { name: new RegExp(`at line ${typo}$`) }).click();
    await expect(editor.locator('.line-numbers.active-line-number').first()).toHaveText(String(typo));
  });
}

test('after an edit, the edited policy is numbered as the draft, and the explanation cites the draft', async ({
  page,
}) => {
  await openDemo(page, host());
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'deep.rolecall.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Deep statements' })).toBeVisible();
  await page.getByRole('tab', { name: 'Edit policies' }).click();
  await page
    .getByRole('navigation', { name: 'Policies' })
    .getByRole('button', { name: /DeepPolicy/ })
    .click();
  await expect(page.getByTestId('policy-lines-of')).toHaveText('Line numbers of deep.rolecall.json');
  await page.getByRole('textbox', { name: /Edit DeepGuest › DeepPolicy/ }).focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('policy-lines-of')).toHaveText('Edited: line numbers of this draft');
  const editor = page.getByLabel(/^Edit DeepGuest › DeepPolicy \(JSON\)/).first();
  await expect(editor.locator('.line-numbers', { hasText: /^1$/ })).toBeVisible();
  // The draft's first line is the document's first line in the file, one empty line added above it.
  const docLine = lineOf('"PolicyName": "DeepPolicy"') + 1;
  const inDraft = statementLine('DeepReadPublic') - docLine + 2;
  await page.getByRole('tab', { name: 'Access', exact: true }).click();
  await page.getByLabel('Search actions').fill('getobject');
  await page
    .getByRole('grid', { name: 'Access matrix' })
    .getByRole('button', { name: /^s3:GetObject on arn:aws:s3:::deep-files\/public\/\*: Allowed/ })
    .click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByRole('listitem').filter({ hasText: 'DeepReadPublic' }).first()).toContainText(
    `lines ${inDraft}–`,
  );
});

test("the identity trace's trust step opens the trust statement at its column inside the file's JSON string", async ({
  page,
}) => {
  // DeepGuest's trust policy is one JSON string on one file line; the statement starts well inside it.
  const trustLine = lineOf('"AssumeRolePolicyDocument": "{');
  await openDemo(page, host());
  await page.getByLabel('Workspace file to open').setInputFiles({
    name: 'deep.rolecall.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Deep statements' })).toBeVisible();
  await page.getByRole('tab', { name: /^Identity( |$)/ }).click();
  const trace = page.getByRole('list', { name: 'Resolution steps' });
  await trace.getByRole('button', { name: 'Open trust policy' }).click();
  const editor = page.getByLabel(/^Edit DeepGuest › trust policy \(JSON\)/).first();
  // The editor numbers the string's own text and says which file line it came from.
  await expect(page.getByTestId('policy-lines-of')).toContainText(`From deep.rolecall.json line ${trustLine}`);
  await expect(editor.locator('.line-numbers.active-line-number').first()).toHaveText('1');
  // The cursor is on the statement's own `{`, not the string's first character: a marker typed there lands just
  // before the statement's Sid.
  await page.keyboard.insertText('QQ');
  const shown = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  expect(shown).toMatch(/QQ\{\\?"Sid\\?": \\?"CognitoGuests/);
});
