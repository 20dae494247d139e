/**
 * The app cites an imported workspace's own files (issue #16 item 2, imports): loaded with the imported files' texts,
 * the engine gives every policy found in them its place there (file, where the document starts, how it is written),
 * the explanation's statements and conditions are lines of the template, and the editor, which shows Rolecall's JSON
 * of a YAML document numbered as shown, converts those template lines back to the statement in its text. A fetch has
 * no file: the editor says so. Expected places are found in the fixture's text here.
 * AWS::IAM::Role: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';
import { setPolicyDocument } from '../../../../renderer/src/features/editor/workspace-edit';
import {
  columnOnText,
  lineNumbersOption,
  linesLabel,
  revealPosition,
  toTextLine,
} from '../../../../renderer/src/features/editor/file-lines';

const root = resolve(__dirname, '../../../..');
const FILE = 'app-stack.yaml';
const text = readFileSync(join(root, 'test/fixtures/import', FILE), 'utf8');
const lines = text.split('\n');
const now = new Date('2026-11-27T12:00:00Z');
const { workspace } = importFiles([{ name: FILE, text }], {});
const AUTH = workspace.iam!.RoleDetailList!.find((r) => r.Arn.includes('stack-auth'))!.Arn;
const OWN = `${AUTH}#inline/own-files`;
const request = {
  principal: AUTH,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::app-user-files-dev/us-east-1:u1/photo.jpg',
  context: { 'cognito-identity.amazonaws.com:sub': 'us-east-1:u1', 'aws:SecureTransport': 'false' },
};

/** 1-based line of the first `needle` at or after line `from`. */
function lineOf(needle: string, from = 1): number {
  const i = lines.findIndex((l, n) => n >= from - 1 && l.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return i + 1;
}

describe('an imported workspace in the app', () => {
  it('numbers each policy found in the imported template, and cites template lines in the explanation', () => {
    const core = createEngineCore();
    const s = core.load(workspace, true, { imported: { [FILE]: text } });
    const own = s.policies.find((p) => p.policyId === OWN)!;
    const policyLine = lineOf('PolicyName: own-files', lineOf('AuthRole:'));
    expect(own.inFile).toMatchObject({
      file: FILE,
      ownLines: true,
      origin: { line: lineOf('PolicyDocument:', policyLine), writtenAs: 'the YAML template' },
    });
    // The editor numbers its own (generated JSON) lines and says where the policy is.
    expect(lineNumbersOption(own.inFile)).toBe('on');
    expect(linesLabel(own.inFile, 'file')).toBe(
      `From ${FILE} line ${own.inFile!.origin!.line} (the YAML template); lines numbered as shown, explanations cite ${FILE}`,
    );
    const a = core.explain(request, now);
    const st = a.statements!.find((x) => x.policyId === OWN)!;
    const statementLine = lineOf('Effect: Allow', policyLine);
    expect(st.file).toBe(FILE);
    expect(st.start.line).toBe(statementLine);
    // The editor's jump to that template line lands on the statement's `{` in its text.
    const textLines = own.text.split('\n');
    const at = toTextLine(own.inFile, st.start.line);
    expect(textLines[at - 1].trim()).toBe('{');
    expect(textLines[at]).toContain('"Effect": "Allow"');
    const reveal = revealPosition(own.inFile, st.start.line, st.start.column);
    expect(reveal.line).toBe(at);
    // The cursor goes on the `{` itself, not into the generated JSON's indentation (the YAML column says nothing of it).
    const column = columnOnText(textLines[at - 1], reveal.column);
    expect(textLines[at - 1].slice(column - 1)).toBe('{');
    // The bucket policy's condition: its key's line in the template.
    const bucket = a.statements!.find((x) => x.policyId.endsWith('#resource'))!;
    const cond = bucket.conditions.find((c) => c.key === 'aws:SecureTransport')!;
    expect(cond.range?.start.line).toBe(lineOf('aws:SecureTransport', lineOf('UserFilesBucketPolicy:')));
  });

  it('an edited policy loses its template lines (the template does not hold the edit); the others keep theirs', () => {
    const core = createEngineCore();
    const s0 = core.load(workspace, true, { imported: { [FILE]: text } });
    const own = s0.policies.find((p) => p.policyId === OWN)!;
    const r = setPolicyDocument(workspace, OWN, own.text.replace('"s3:PutObject"', '"s3:DeleteObject"'));
    if (!r.ok) throw new Error(r.error);
    const s = core.load(r.workspace, false);
    expect(s.policies.find((p) => p.policyId === OWN)!.inFile).toBeUndefined();
    expect(s.policies.find((p) => p.policyId === `${AUTH}#trust`)!.inFile?.file).toBe(FILE);
    const st = core.explain(request, now).statements!.find((x) => x.policyId === OWN)!;
    expect(st.file).not.toBe(FILE);
  });

  it('after Save edits (the saved workspace is the new baseline, the files are still the import), an edited policy has no template lines', () => {
    const core = createEngineCore();
    const s0 = core.load(workspace, true, { imported: { [FILE]: text } });
    const own = s0.policies.find((p) => p.policyId === OWN)!;
    const r = setPolicyDocument(workspace, OWN, own.text.replace('"s3:PutObject"', '"s3:DeleteObject"'));
    if (!r.ok) throw new Error(r.error);
    // The app re-baselines with the same files (a new object: it crossed to the worker again).
    const s = core.load(r.workspace, true, { imported: { [FILE]: text } });
    expect(s.policies.find((p) => p.policyId === OWN)!.inFile).toBeUndefined();
    expect(s.policies.find((p) => p.policyId === `${AUTH}#trust`)!.inFile?.file).toBe(FILE);
    // Files that differ are a new import: its workspace is the one compared with.
    const other = createEngineCore();
    other.load(workspace, true, { imported: { [FILE]: text } });
    const again = other.load(workspace, true, { imported: { [FILE]: `${text}\n` } });
    expect(again.policies.find((p) => p.policyId === OWN)!.inFile?.file).toBe(FILE);
  });

  it('without the imported files (a fetch from AWS) no policy has file lines, and the editor says where it is from', () => {
    const s = createEngineCore().load(workspace, true);
    expect(s.policies.every((p) => p.inFile === undefined)).toBe(true);
    expect(linesLabel(undefined, 'fetched')).toMatch(/^Fetched from AWS .*Rolecall's generated copy/);
    expect(linesLabel(undefined, 'generated')).toMatch(/^Not found in the imported files/);
  });
});

describe('a reveal never lands inside indentation', () => {
  it('moves a column inside the leading blanks to the first text; keeps one on text; a blank line keeps it', () => {
    expect(columnOnText('    {', 1)).toBe(5);
    expect(columnOnText('    "Sid": "A",', 3)).toBe(5);
    expect(columnOnText('  {"Sid": "A"}', 4)).toBe(4);
    expect(columnOnText('{"Version": "2012-10-17"}', 1)).toBe(1);
    expect(columnOnText('   ', 2)).toBe(2);
  });
});
