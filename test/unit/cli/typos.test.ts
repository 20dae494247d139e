/**
 * Typos never pass silently (issue #16): an unknown field of a request, an identity, an identity's user or the
 * workspace's own objects is bad input (exit 2) naming the file, line/column and JSON path with "did you mean";
 * an identity pool id the workspace does not hold lists the pools it does hold; an unknown action gets the closest
 * catalog action in requests, flags and policies; a context value that is not a string says the key's type and how
 * to write it. CONTRACT.md §1, §2, §4.
 * Context values are strings or arrays of strings, as SimulatePrincipalPolicy's ContextEntry takes them:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html
 * Condition key types: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../cli/rolecall';
import { runCaptured } from './run-captured';
import type { Answer } from '../../../policy-engine/model/request';
import { parseWorkspaceText } from '../../../policy-engine/workspace/index';
import { prepareWorkspace } from '../../../policy-engine/evaluate/index';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-27T12:00:00Z');
const DEMO = 'examples/demo.rolecall.json';
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234';
const CLAIMS = { sub: 'u1', aud: '4pq2demo0client0id0000001', iss: `https://${PROVIDER}` };
const FILES = 'arn:aws:s3:::demo-app-user-files/public/a.jpg';
const run = (args: string[], stdin?: string) => runCaptured(main, args, { cwd: root, now, stdin });
const dir = mkdtempSync(join(tmpdir(), 'rolecall-typos-'));

/** Writes requests as the user would (pretty-printed), and evaluates them. */
async function evaluate(requests: unknown[]) {
  const file = join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(requests, null, 2));
  return { file, r: await run(['evaluate', '--workspace', DEMO, '--requests', file, '--format', 'json']) };
}

/** Exit 2, one line on stderr with every fragment, nothing on stdout. */
function expectBadInput(r: { code: number; stdout: string; stderr: string }, ...fragments: string[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  for (const f of fragments) expect(r.stderr).toContain(f);
}

describe('requests: an unknown field is an error with did-you-mean, the file, line/column and JSON path', () => {
  it('"claim" for "claims" is not read as a guest', async () => {
    const { file, r } = await evaluate([
      {
        action: 's3:GetObject',
        resource: FILES,
        identity: { identityPoolId: POOL, provider: PROVIDER, claim: CLAIMS },
      },
    ]);
    // The pretty-printed file has "claim" on line 7 (array, object, action, resource, identity, pool, provider, claim).
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"claim"')) + 1;
    expectBadInput(
      r,
      `${file}:${line}:`,
      '[0].identity.claim',
      'unknown field "claim" in the identity',
      'did you mean "claims"?',
    );
  });

  it('a misspelt request field and a misspelt field of identity.user', async () => {
    const a = await evaluate([
      { principal: 'arn:aws:iam::123456789012:role/AppUser', actions: 's3:GetObject', resource: FILES },
    ]);
    expectBadInput(a.r, '[0].actions', 'did you mean "action"?', 'its fields: id, principal, identity, action');
    const b = await evaluate([
      {
        action: 's3:GetObject',
        resource: FILES,
        identity: {
          identityPoolId: POOL,
          user: { userPoolId: 'us-east-1_Demo1234', clientId: 'x', userName: 'alice' },
        },
      },
    ]);
    expectBadInput(b.r, '[0].identity.user.userName', 'did you mean "username"?');
  });

  it('rolecall resolve --identity: the same check on a standalone identity', async () => {
    const r = await run([
      'resolve',
      '--workspace',
      DEMO,
      '--identity',
      JSON.stringify({ identityPoolId: POOL, provider: PROVIDER, claims: CLAIMS, customRoleARN: 'x' }),
    ]);
    expectBadInput(r, 'customRoleARN', 'did you mean "customRoleArn"?');
  });
});

describe('context values that are not strings say the key type and how to write it', () => {
  it('a boolean for a Bool key', async () => {
    const { r } = await evaluate([
      {
        principal: 'arn:aws:iam::123456789012:role/AppUser',
        action: 's3:GetObject',
        resource: FILES,
        context: { 'aws:SecureTransport': true },
      },
    ]);
    expectBadInput(
      r,
      '[0].context["aws:SecureTransport"]',
      'aws:SecureTransport is a Bool key',
      'found a boolean',
      'write "true" or "false"',
    );
    expect(r.stderr).not.toContain('Invalid input');
  });

  it('a number for a Numeric key, and a number inside an array of an ArrayOfString key', async () => {
    const n = await evaluate([
      {
        principal: 'arn:aws:iam::123456789012:role/AppUser',
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::demo-app-user-files',
        context: { 's3:max-keys': 5 },
      },
    ]);
    expectBadInput(n.r, 's3:max-keys is a Numeric key', 'found a number', 'write "5"');
    const a = await evaluate([
      {
        principal: 'arn:aws:iam::123456789012:role/AppUser',
        action: 'dynamodb:GetItem',
        resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
        context: { 'dynamodb:LeadingKeys': [7] },
      },
    ]);
    expectBadInput(
      a.r,
      'dynamodb:LeadingKeys is an ArrayOfString key',
      'an array holding a number',
      'an array of strings, each "7"',
    );
  });
});

describe('unknown actions get the closest catalog action', () => {
  it('in a request, in --action of who-can and prove', async () => {
    const { r } = await evaluate([
      { principal: 'arn:aws:iam::123456789012:role/AppUser', action: 's3:GetObjekt', resource: FILES },
    ]);
    expectBadInput(r, '[0].action', 's3:GetObjekt is not a known AWS action; did you mean "s3:GetObject"?');
    const w = await run([
      'who-can',
      '--workspace',
      DEMO,
      '--action',
      'dynamodb:Getitems',
      '--resource',
      'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
    ]);
    expectBadInput(w, 'did you mean "dynamodb:GetItem"?');
    const p = await run(['prove', '--workspace', DEMO, '--action', 's3:PutObjekt', '--resource', FILES]);
    expectBadInput(p, 'did you mean "s3:PutObject"?');
  });

  it('in a policy: the validator names the closest action (the app shows the same diagnostic)', () => {
    const ws = JSON.parse(readFileSync(join(root, DEMO), 'utf8')) as {
      iam: { RoleDetailList: { RolePolicyList?: { PolicyDocument: unknown }[] }[] };
    };
    const role = ws.iam.RoleDetailList.find((x) => x.RolePolicyList?.length)!;
    role.RolePolicyList![0].PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }],
    };
    const parsed = parseWorkspaceText(JSON.stringify(ws), 'w.json');
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    const d = prepareWorkspace(parsed.value).diagnostics.find((x) => x.code === 'policy.unknown-action');
    expect(d?.message).toContain('did you mean "s3:GetObject"?');
  });
});

describe('an identity pool id the workspace does not hold lists the ones it does', () => {
  it('with did-you-mean for a near miss', async () => {
    const typo = POOL.replace('4f3c', '4f3d');
    const { r } = await evaluate([{ action: 's3:GetObject', resource: FILES, identity: { identityPoolId: typo } }]);
    expect(r.code).toBe(0);
    const [a] = JSON.parse(r.stdout) as Answer[];
    expect(a.decision).toBe('noCredentials');
    expect(a.resolution?.error?.message).toContain(
      `The workspace holds: ${POOL} (demo_app_identities); did you mean "${POOL}"?`,
    );
  });
});

describe("workspace files: unknown fields of Rolecall's own objects, near misses of AWS fields", () => {
  const demo = readFileSync(join(root, DEMO), 'utf8');
  const write = (text: string) => {
    const file = join(dir, `w${Math.random().toString(36).slice(2)}.rolecall.json`);
    writeFileSync(file, text);
    return file;
  };
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('a top-level typo, a settings typo and a resource-policy typo are errors with the line', async () => {
    for (const [from, to, fragment] of [
      ['"resources":', '"resource":', 'unknown field "resource" in the workspace; did you mean "resources"?'],
      [
        '"guestScopeDown"',
        '"guestScopedown"',
        'unknown field "guestScopedown" in "settings"; did you mean "guestScopeDown"?',
      ],
      ['"resourceArn"', '"resourceARN"', 'did you mean "resourceArn"?'],
    ] as const) {
      const text = demo.replace(from, to);
      expect(text).not.toBe(demo);
      const file = write(text);
      const r = await run(['audit', '--workspace', file]);
      expectBadInput(r, `${file}:${lineOf(text, to)}:`, fragment);
    }
  });

  it('a near miss of an AWS field Rolecall reads ("RoleMapping" for "RoleMappings") is an error; other AWS fields load', async () => {
    const text = demo.replace('"RoleMappings"', '"RoleMapping"');
    const file = write(text);
    expectBadInput(
      await run(['audit', '--workspace', file]),
      `${file}:${lineOf(text, '"RoleMapping"')}:`,
      'did you mean "RoleMappings"?',
    );
    const extra = demo.replace('"IdentityPoolName"', '"CreationDate": "2026-01-01", "IdentityPoolName"');
    expect((await run(['audit', '--workspace', write(extra), '--format', 'json'])).code).not.toBe(2);
  });

  it('other top-level fields load with a warning naming the file, line, key and the closest field (CONTRACT.md §1)', async () => {
    // "regions" beside "region" is the user's own field (warning with did-you-mean); "notes" is close to nothing.
    const text = demo.replace('"region":', '"notes": "mine",\n  "regions": ["eu-west-1"],\n  "region":');
    expect(text).not.toBe(demo);
    const file = write(text);
    const r = await run(['audit', '--workspace', file, '--format', 'json']);
    expect(r.code).not.toBe(2);
    expect(JSON.parse(r.stdout)).toBeTypeOf('object');
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('rolecall: warning: '));
    expect(warnings).toEqual([
      `rolecall: warning: ${file}:${lineOf(text, '"notes"')}:3: notes: unknown field "notes" in the workspace (kept as is; Rolecall does not read it)`,
      `rolecall: warning: ${file}:${lineOf(text, '"regions"')}:3: regions: unknown field "regions" in the workspace; did you mean "region"? (kept as is; Rolecall does not read it)`,
    ]);
    // The same diagnostics are what the app's Problems panel lists (workspace-store keeps parseWorkspaceText's).
    const parsed = parseWorkspaceText(text, file);
    expect(parsed.ok && parsed.diagnostics?.map((d) => [d.severity, d.range?.start.line, d.path])).toEqual([
      ['warning', lineOf(text, '"notes"'), 'notes'],
      ['warning', lineOf(text, '"regions"'), 'regions'],
    ]);
    // Without "region" the same key is a typo: its content would be ignored.
    const typo = text.replace(/\n  "region": "[^"]*",/, '');
    expect(typo).not.toBe(text);
    expectBadInput(await run(['audit', '--workspace', write(typo)]), 'did you mean "region"?');
  });
});
