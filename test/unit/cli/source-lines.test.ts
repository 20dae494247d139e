/**
 * Line numbers point into the user's own file (issue #16): statements, conditions, findings and validator messages
 * carry the line and column of the statement in the workspace file the user opened — for a policy written as an
 * object (its own formatting, deep in the file) and one written as a JSON string (a column on the string's line) —
 * never of a re-formatted copy. The fixture (test/fixtures/source-lines/deep.rolecall.json) is not formatted by
 * Prettier; the expected places are found in its text here, independently of the engine.
 * Statement grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../cli/rolecall';
import { runCaptured } from './run-captured';
import type { Answer } from '../../../policy-engine/model/request';

const root = resolve(__dirname, '../../..');
const WS = 'test/fixtures/source-lines/deep.rolecall.json';
const text = readFileSync(join(root, WS), 'utf8');
const lines = text.split('\n');
const now = new Date('2026-11-27T12:00:00Z');
const run = (args: string[], stdin?: string) => runCaptured(main, args, { cwd: root, now, stdin });
const ROLE = 'arn:aws:iam::123456789012:role/DeepGuest';
const OBJECT = 'arn:aws:s3:::deep-files/public/a.txt';

/** 1-based line and column of the first `needle` in the fixture (after line `after`). */
function find(needle: string, after = 0): { line: number; column: number } {
  const i = lines.findIndex((l, n) => n >= after && l.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

/** The `{` that opens the statement whose Sid line is `sid` (the line above it, as the fixture is laid out). */
function statementStart(sid: string): { line: number; column: number } {
  const at = find(`"Sid": "${sid}"`);
  const open = lines[at.line - 2];
  expect(open.trim()).toBe('{');
  return { line: at.line - 1, column: open.indexOf('{') + 1 };
}

describe('answers cite the statement where the user wrote it', () => {
  it('JSON: matchedStatements, statements and conditions are at their lines in the workspace file (deep in it)', async () => {
    const requests = [
      { principal: ROLE, action: 's3:GetObject', resource: OBJECT, context: { 'aws:SecureTransport': 'false' } },
    ];
    const r = await run(
      ['evaluate', '--workspace', WS, '--requests', '-', '--format', 'json'],
      JSON.stringify(requests),
    );
    expect(r.code, r.stderr).toBe(0);
    const [a] = JSON.parse(r.stdout) as Answer[];
    expect(a.decision).toBe('explicitDeny');
    const allow = statementStart('DeepReadPublic');
    const deny = statementStart('DenyInsecure');
    expect(allow.line).toBeGreaterThan(200);
    expect(a.matchedStatements.map((m) => [m.sid, m.start, m.file])).toEqual([['DenyInsecure', deny, WS]]);
    expect(a.statements!.find((s) => s.sid === 'DeepReadPublic')?.start).toEqual(allow);
    const trace = a.statements!.find((s) => s.sid === 'DenyInsecure')!;
    expect(trace.conditions[0].range?.start).toEqual(find('"aws:SecureTransport"', deny.line));
  });

  it('the table prints the same line and column', async () => {
    const r = await run(
      ['evaluate', '--workspace', WS, '--requests', '-'],
      JSON.stringify([{ principal: ROLE, action: 's3:GetObject', resource: OBJECT }]),
    );
    const at = statementStart('DeepReadPublic');
    expect(r.stdout.replace(/\n +/g, ' ')).toContain(`"DeepReadPublic" (line ${at.line}, col ${at.column})`);
  });

  it('a guest of the pool (the role chosen by Cognito): the same lines', async () => {
    const r = await run(
      ['evaluate', '--workspace', WS, '--requests', '-', '--format', 'json'],
      JSON.stringify([
        {
          identity: { identityPoolId: 'us-east-1:0a0b0c0d-1111-2222-3333-444455556666' },
          action: 's3:GetObject',
          resource: OBJECT,
        },
      ]),
    );
    const [a] = JSON.parse(r.stdout) as Answer[];
    expect(a.decision).toBe('allowed');
    expect(a.matchedStatements.find((m) => m.sid === 'DeepReadPublic')?.start).toEqual(
      statementStart('DeepReadPublic'),
    );
  });
});

describe("findings and validator messages cite the user's file", () => {
  it('a statement inside a JSON-string document: the string\'s line, the column of its "{" in the raw text', async () => {
    const r = await run(['audit', '--workspace', WS, '--format', 'json']);
    const { findings } = JSON.parse(r.stdout) as {
      findings: { ruleId: string; location: { file?: string; start?: { line: number; column: number } } }[];
    };
    const wildcard = findings.find((f) => f.ruleId === 'wildcard-action-resource')!;
    const doc = find('"Document": "{');
    const raw = lines[doc.line - 1];
    expect(wildcard.location).toMatchObject({
      file: WS,
      start: { line: doc.line, column: raw.indexOf('[{') + 2 },
    });
    // The validator's unknown action: at the misspelt entry of the object document.
    const unknown = findings.find((f) => f.ruleId === 'policy-validation')!;
    expect(unknown.location).toMatchObject({ file: WS, start: find('"s3:GetObjekt"') });
    // The table names FILE:LINE:COLUMN.
    const table = await run(['audit', '--workspace', WS]);
    const at = find('"s3:GetObjekt"');
    expect(table.stdout.replace(/\n +/g, ' ')).toContain(`${WS}:${at.line}:${at.column}`);
  });

  it('rolecall test with the workspace embedded in the test file: lines of the test file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-lines-'));
    const ws = JSON.parse(text) as unknown;
    const file = join(dir, 'embedded.test.json');
    const body = JSON.stringify(
      {
        tests: [
          {
            name: 'reads public',
            request: { principal: ROLE, action: 's3:GetObject', resource: OBJECT },
            expect: { decision: 'allowed' },
          },
        ],
        workspace: ws,
      },
      null,
      3,
    );
    writeFileSync(file, body);
    const r = await run(['test', file, '--format', 'json']);
    const out = JSON.parse(r.stdout) as { files: { tests: { actual: Answer }[] }[] };
    const m = out.files[0].tests[0].actual.matchedStatements[0];
    const bodyLines = body.split('\n');
    const sidLine = bodyLines.findIndex((l) => l.includes('"Sid": "DeepReadPublic"'));
    expect(m.file).toBe(file);
    expect(m.start).toEqual({ line: sidLine, column: bodyLines[sidLine - 1].indexOf('{') + 1 });
  });
});
