/**
 * Fuzzing every parser of user input (issue 17): JSON text, workspace files, policy documents, requests, and imports
 * of JSON and YAML. Whatever the text — random characters, JSON-like fragments, deep nesting around the 256-level
 * bound — each parser answers (a value or clear errors naming the file), never throws, never reports an internal
 * error, and never touches Object.prototype.
 *
 * The normal suite runs a short seeded run. The long run: `ROLECALL_FUZZ_RUNS=10000 npx vitest run
 * test/unit/policy-engine/parsers-fuzz.test.ts` (ROLECALL_FUZZ_SEED picks another seed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonText } from '../../../policy-engine/json-text';
import { parsePolicy } from '../../../policy-engine/policy/parse';
import { parseRequest } from '../../../policy-engine/request-schema';
import { importFiles } from '../../../policy-engine/workspace/import';
import { parseJsonSource } from '../../../policy-engine/workspace/json-source';
import { parseWorkspaceText } from '../../../policy-engine/workspace/schema';

const RUNS = Number(process.env.ROLECALL_FUZZ_RUNS ?? '') || 150;
const SEED = Number(process.env.ROLECALL_FUZZ_SEED ?? '') || 17;
const settings = { numRuns: RUNS, seed: SEED };

/** JSON-ish text: fragments that steer the parsers (keys they look for, brackets, quotes, YAML tags), glued at random. */
const fragment = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    '"Statement"',
    '"Effect":"Allow"',
    '"Action":"s3:*"',
    '"Resource":"arn:aws:s3:::b/*"',
    '"Condition"',
    '"Resources"',
    '"Type":"AWS::IAM::Role"',
    '"Properties"',
    '{"Ref":"R"}',
    '{"Ref":"AWS::NoValue"}',
    '{"Fn::GetAtt":["R","Arn"]}',
    '{"Fn::Select":[0,[]]}',
    '"RoleDetailList"',
    '"__proto__"',
    '"format":"rolecall-workspace"',
    '"version":1',
    '!Ref ',
    '!Select ',
    '&a ',
    '*a',
    '\n  ',
    '- ',
  ),
);
const jsonish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));
/** Nesting around the bound: a shaped prefix, 200–320 levels of brackets, then maybe the closing ones. */
const deep = fc
  .tuple(fc.integer({ min: 200, max: 320 }), fc.constantFrom('[', '{"a":'), fc.boolean(), jsonish)
  .map(([n, open, close, tail]) => {
    const shut = open === '[' ? ']' : '}';
    return `{"Resources":{"R":{"Type":"AWS::S3::Bucket","Properties":{"Tags":${open.repeat(n)}1${close ? shut.repeat(n) : ''}}}}}${tail}`;
  });
const text = fc.oneof(fc.string({ maxLength: 300 }), jsonish, deep);

afterEach(() => {
  // No parser may ever add to Object.prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
});

const noInternal = (codes: string[]) => expect(codes.filter((c) => c.endsWith('.internal'))).toEqual([]);

describe(`parsers on arbitrary text (${RUNS} inputs each, seed ${SEED})`, () => {
  it('parseJsonSource and parseJsonText', () => {
    fc.assert(
      fc.property(text, (t) => {
        const a = parseJsonSource(t, 'f.json');
        if (!a.ok) for (const e of a.errors) expect(e.file).toBe('f.json');
        const b = parseJsonText(t);
        expect(typeof b.ok).toBe('boolean');
      }),
      settings,
    );
  });

  it('parseWorkspaceText', () => {
    fc.assert(
      fc.property(text, (t) => {
        const r = parseWorkspaceText(t, 'w.json');
        if (!r.ok) for (const e of r.errors) expect(e.file).toBe('w.json');
      }),
      settings,
    );
  });

  it('parsePolicy', () => {
    fc.assert(
      fc.property(text, (t) => {
        const p = parsePolicy(t, { policyId: 'p', policyType: 'identity' });
        noInternal(p.diagnostics.map((d) => d.code));
      }),
      settings,
    );
  });

  it('parseRequest (on whatever JSON the text holds)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const v = parseJsonText(t);
        if (v.ok) expect(typeof parseRequest(v.value).ok).toBe('boolean');
      }),
      settings,
    );
  });

  it('importFiles, as JSON and as YAML', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('t.json', 't.yaml'), (t, name) => {
        const { report } = importFiles([{ name, text: t }], { accountId: '123456789012', region: 'us-east-1' });
        noInternal(report.errors.map((e) => e.code));
        for (const e of report.errors) if (e.file !== undefined) expect(e.file).toBe(name);
      }),
      settings,
    );
  });
});
