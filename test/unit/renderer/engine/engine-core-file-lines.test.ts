/**
 * The app cites the user's own file (issue #16 item 2): a workspace loaded from a file gives the policy editor the
 * policy's own slice of that file, with where each of its lines sits in the file, and every position the engine
 * reports (explanation, findings) is a line of the file; the editor converts those back to its text. After an edit,
 * the edited policy has no file lines any more (its positions are lines of the draft); the others keep theirs.
 * The expected places are found in the fixture's text here, independently of the engine. The fixture
 * (test/fixtures/source-lines/deep.rolecall.json) is not formatted by Prettier.
 * Statement grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkspaceText } from '../../../../policy-engine/workspace/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../renderer/src/engine/engine-core';
import { setPolicyDocument } from '../../../../renderer/src/features/editor/workspace-edit';
import {
  fileLineOf,
  lineNumbersOption,
  linePositions,
  linesLabel,
  revealPosition,
  toTextLine,
  toTextPosition,
  toTextRange,
} from '../../../../renderer/src/features/editor/file-lines';

const root = resolve(__dirname, '../../../..');
const FILE = 'deep.rolecall.json';
const text = readFileSync(join(root, 'test/fixtures/source-lines', FILE), 'utf8');
const lines = text.split('\n');
const now = new Date('2026-11-27T12:00:00Z');
const ROLE = 'arn:aws:iam::123456789012:role/DeepGuest';
const POLICY = `${ROLE}#inline/DeepPolicy`;
const TRUST = `${ROLE}#trust`;
const insecureGet = {
  principal: ROLE,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::deep-files/public/a.txt',
  context: { 'aws:SecureTransport': 'false' },
};

function load(): Workspace {
  const r = parseWorkspaceText(text, FILE);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

/** 1-based line and column of the first `needle` in the fixture. */
function find(needle: string): { line: number; column: number } {
  const i = lines.findIndex((l) => l.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

describe('the app numbers a policy with its lines in the file', () => {
  it('a loaded file: the editor text is the slice, its lines are the file lines, the explanation cites the file', () => {
    const core = createEngineCore();
    const s = core.load(load(), true, { text, file: FILE });
    const view = s.policies.find((p) => p.policyId === POLICY)!;
    expect(view.inFile?.file).toBe(FILE);
    // Kept small: its first line, then the others (all indented alike in the file).
    expect(view.inFile?.runs).toHaveLength(2);
    // The text's first line is the document's `{` on the "PolicyDocument" line; each text line is that file line.
    const docLine = find('"PolicyName": "DeepPolicy"').line + 1;
    expect(fileLineOf(view.inFile, 1)).toBe(docLine);
    const textLines = view.text.split('\n');
    textLines.forEach((l, i) => {
      const inFile = lines[fileLineOf(view.inFile, i + 1) - 1];
      if (i === 0) expect(inFile.endsWith(` ${l}`)).toBe(true);
      else expect(inFile.trim()).toBe(l.trim());
    });
    const numbers = lineNumbersOption(view.inFile);
    expect(typeof numbers === 'function' ? numbers(2) : numbers).toBe(String(docLine + 1));

    const a = core.explain(insecureGet, now);
    expect(a.decision).toBe('explicitDeny');
    const [m] = a.matchedStatements;
    const sid = find('"Sid": "DenyInsecure"');
    expect(sid.line).toBeGreaterThan(200);
    expect(m.start.line).toBe(sid.line - 1);
    expect(m.file).toBe(FILE);
    // Back in the editor's text: the `{` that opens the statement, the Sid on the next line.
    const at = toTextPosition(view.inFile, m.start);
    expect(textLines[at.line - 1][at.column - 1]).toBe('{');
    expect(textLines[at.line]).toContain('"Sid": "DenyInsecure"');
    expect(toTextLine(view.inFile, m.start.line)).toBe(at.line);
    const r = toTextRange(view.inFile, { start: m.start, end: m.end });
    expect(textLines[r.end.line - 1][r.end.column - 2]).toBe('}');
  });

  it('a finding on the deep statement (an unknown action) is at its file line', () => {
    const core = createEngineCore();
    core.load(load(), true, { text, file: FILE });
    const typo = find('"s3:GetObjekt"');
    const f = core.audit(now).findings.find((x) => x.location.start?.line === typo.line);
    expect(f, 'a finding at the line of s3:GetObjekt').toBeDefined();
    expect(f!.location.startInFile).toBe(true);
  });

  it('a policy written as a JSON string: every text line is the string’s line, columns map into it', () => {
    const core = createEngineCore();
    const s = core.load(load(), true, { text, file: FILE });
    const view = s.policies.find((p) => p.policyId === TRUST)!;
    const literal = find('"AssumeRolePolicyDocument": "{');
    expect(linePositions(view.inFile!).every((l) => l.line === literal.line)).toBe(true);
    const a = core.resolve({ identityPoolId: 'us-east-1:0a0b0c0d-1111-2222-3333-444455556666' }, now);
    expect(a.roleArn).toBe(ROLE);
    // The statement of the trust policy opens at `{"Sid"` inside the string: its column maps back into the value.
    const open = lines[literal.line - 1].indexOf('{\\"Sid\\"') + 1;
    const back = toTextPosition(view.inFile, { line: literal.line, column: open });
    expect(view.text.split('\n')[back.line - 1].slice(back.column - 1, back.column + 5)).toBe('{"Sid"');
  });

  it('a JSON string of several lines: the editor numbers the shown lines and names the file line; jumps stay exact', () => {
    // The trust policy written as a pretty-printed JSON string (its "\\n" escapes make lines), still on one file line.
    const literal = find('"AssumeRolePolicyDocument": "{');
    const raw = lines[literal.line - 1];
    const comma = raw.trimEnd().endsWith(',') ? ',' : '';
    const value = JSON.parse(raw.slice(raw.indexOf('"{')).trimEnd().replace(/,$/, '')) as string;
    const pretty = JSON.stringify(JSON.parse(value), null, 2);
    const text2 = lines
      .map((l, i) => (i === literal.line - 1 ? l.slice(0, l.indexOf('"{')) + JSON.stringify(pretty) + comma : l))
      .join('\n');
    const ws = parseWorkspaceText(text2, FILE);
    if (!ws.ok) throw new Error(ws.errors[0].message);
    const view = createEngineCore()
      .load(ws.value, true, { text: text2, file: FILE })
      .policies.find((p) => p.policyId === TRUST)!;
    expect(view.text).toBe(pretty);
    expect(view.text.split('\n').length).toBeGreaterThan(5);
    expect(linePositions(view.inFile!).every((l) => l.line === literal.line)).toBe(true);
    // Monaco numbers the shown text's own lines (not the one file line on each) and the label says where it is from.
    expect(view.inFile?.ownLines).toBe(true);
    expect(lineNumbersOption(view.inFile)).toBe('on');
    expect(view.inFile?.origin).toEqual({
      line: literal.line,
      column: raw.indexOf('"{') + 1,
      writtenAs: 'a JSON string',
    });
    expect(linesLabel(view.inFile, 'file')).toBe(
      `From ${FILE} line ${literal.line} (a JSON string); lines numbered as shown, explanations cite ${FILE}`,
    );
    // A jump with the file column lands on the Sid's text line (exact through the escapes); a line alone on line 1.
    const sid = text2.split('\n')[literal.line - 1].indexOf('\\"Sid\\"') + 1;
    expect(sid).toBeGreaterThan(0);
    const at = revealPosition(view.inFile, literal.line, sid);
    expect(view.text.split('\n')[at.line - 1].slice(at.column - 1)).toMatch(/^"Sid": "CognitoGuests"/);
    expect(at.line).toBeGreaterThan(3);
    expect(revealPosition(view.inFile, literal.line).line).toBe(1);
  });

  it('after an edit the edited policy has no file lines (positions are lines of the draft); the others keep them', () => {
    const core = createEngineCore();
    const ws = load();
    const s0 = core.load(ws, true, { text, file: FILE });
    const draftText = `\n\n${s0.policies.find((p) => p.policyId === POLICY)!.text}`;
    const r = setPolicyDocument(ws, POLICY, draftText);
    if (!r.ok) throw new Error(r.error);
    const s = core.load(r.workspace, false);
    const edited = s.policies.find((p) => p.policyId === POLICY)!;
    expect(edited.inFile).toBeUndefined();
    expect(s.policies.find((p) => p.policyId === TRUST)!.inFile?.file).toBe(FILE);
    const [m] = core.explain(insecureGet, now).matchedStatements;
    expect(m.file).toBeUndefined();
    expect(draftText.split('\n')[m.start.line]).toContain('"Sid": "DenyInsecure"');
    // Without file lines the conversion is the identity.
    expect(toTextPosition(undefined, m.start)).toEqual(m.start);
    expect(lineNumbersOption(undefined)).toBe('on');
  });

  it('without the file (an import, the copy Rolecall made): no file lines', () => {
    const core = createEngineCore();
    const s = core.load(load(), true);
    expect(s.policies.every((p) => p.inFile === undefined)).toBe(true);
  });
});

describe('file line → text line', () => {
  const inFile = {
    file: 'w.json',
    count: 3,
    runs: [
      [1, 10, 5],
      [2, 11, 9],
      [3, 12, 5],
    ] as [number, number, number][],
  };
  it('maps lines inside the slice, and places before or after it to its first or last line', () => {
    expect(toTextLine(inFile, 11)).toBe(2);
    expect(toTextLine(inFile, 1)).toBe(1);
    expect(toTextLine(inFile, 400)).toBe(3);
    expect(toTextPosition(inFile, { line: 11, column: 12 })).toEqual({ line: 2, column: 4 });
    expect(fileLineOf(inFile, 3)).toBe(12);
    expect(linePositions(inFile)).toEqual([
      { line: 10, column: 5 },
      { line: 11, column: 9 },
      { line: 12, column: 5 },
    ]);
  });
  it('an object document is two runs: its first line, then the others one file line apart', () => {
    const runs = {
      file: 'w.json',
      count: 4,
      runs: [[1, 20, 19] as [number, number, number], [2, 21, 13] as [number, number, number]],
    };
    expect([1, 2, 3, 4].map((n) => fileLineOf(runs, n))).toEqual([20, 21, 22, 23]);
    expect(toTextPosition(runs, { line: 23, column: 15 })).toEqual({ line: 4, column: 3 });
  });
});
