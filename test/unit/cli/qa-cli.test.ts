/**
 * QA of the `rolecall` command line as its users meet it (CONTRACT.md §4): bad input is exit 2 with one line on
 * stderr naming the file and the place and nothing on stdout; tests that cannot fail do not pass; tables fit a
 * 120-column terminal and explain each decision.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from '../../../cli/rolecall';
import { ellipsize, table, wrapCell } from '../../../cli/io';
import { runCaptured } from './run-captured';
import { shortPolicyId } from '../../../cli/commands/evaluate';
import { checkIdentity, parseRequest } from '../../../policy-engine/request-schema';
import { splitExpectation } from '../../../policy-engine/expect';

const root = resolve(__dirname, '../../..');
const qa = join(root, 'test/fixtures/qa');
const WS = 'photo-app.rolecall.json';
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const USER = 'arn:aws:iam::123456789012:role/QaUser';
const now = new Date('2026-11-27T12:00:00Z');

const run = (args: string[], stdin?: string, cwd = qa) => runCaptured(main, args, { cwd, now, stdin });

/** Exit 2, exactly one line on stderr, nothing on stdout, no stack trace. */
function expectBadInput(r: { code: number; stdout: string; stderr: string }, ...fragments: string[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const f of fragments) expect(r.stderr).toContain(f);
}

/** The explanation of one answer, with wrapped lines joined again. */
function sectionOf(stdout: string, id: string, nextId: string): string {
  return stdout.slice(stdout.indexOf(`\n${id} —`), stdout.indexOf(`\n${nextId} —`)).replace(/\n +/g, ' ');
}

const evaluateStdin = (requests: unknown) =>
  run(['evaluate', '--workspace', WS, '--requests', '-', '--format', 'json'], JSON.stringify(requests, null, 1));

describe('rolecall evaluate: bad requests are exit 2, one line, nothing on stdout', () => {
  it('an unknown action names the request and the "action" field', async () => {
    const r = await evaluateStdin([{ principal: USER, action: 's3:GetObjekt', resource: 'arn:aws:s3:::qa-photos/x' }]);
    expectBadInput(r, '-:', '[0].action', 's3:GetObjekt');
  });

  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html (GetObject acts on objects)
  it('a resource of the wrong type for the action points at the "resource" field, not "action"', async () => {
    const r = await evaluateStdin([
      { principal: USER, action: 's3:GetObject', resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/QaNotes' },
    ]);
    expectBadInput(
      r,
      '[0].resource',
      's3:GetObject acts on objects (arn:aws:s3:::BUCKET/KEY) and access-point objects; arn:aws:dynamodb:us-east-1:123456789012:table/QaNotes is a table (service dynamodb).',
    );
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
  it('a resource that is not an ARN is refused before evaluation', async () => {
    for (const resource of ['notanarn', 'arn:aws:s3']) {
      const r = await evaluateStdin([{ principal: USER, action: 's3:GetObject', resource }]);
      expectBadInput(r, '[0].resource', 'must be an ARN');
    }
  });

  it('an unknown principal points at the "principal" field', async () => {
    const r = await evaluateStdin([
      {
        principal: 'arn:aws:iam::123456789012:role/Nope',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::qa-photos/x',
      },
    ]);
    expectBadInput(r, '[0].principal', 'role/Nope');
  });

  it('several bad requests: the first one, and how many more', async () => {
    const bad = { principal: USER, action: 's3:GetObjekt', resource: 'arn:aws:s3:::qa-photos/x' };
    const r = await evaluateStdin([bad, { ...bad, id: 'second' }]);
    expectBadInput(r, '[0].action', '(and 1 more)');
  });

  it('a "__proto__" key anywhere in a request is refused with its path and line', async () => {
    const text =
      '[{"principal":"' +
      USER +
      '","action":"s3:GetObject","resource":"arn:aws:s3:::qa-photos/x",\n "context":{"__proto__":["a"]}}]';
    const r = await run(['evaluate', '--workspace', WS, '--requests', '-'], text);
    expectBadInput(r, '-:2:', '[0].context.__proto__', 'not allowed');
  });

  it('a token or claims without a provider is refused (it would silently become a guest)', async () => {
    const r = await evaluateStdin([
      {
        identity: { identityPoolId: POOL, token: 'abc' },
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::qa-photos/public/x',
      },
    ]);
    expectBadInput(r, '[0].identity.provider', 'need "provider"');
  });

  it('empty standard input, a directory and a file over the size limit are each one clear line', async () => {
    expectBadInput(await run(['evaluate', '--workspace', WS, '--requests', '-'], ''), 'standard input is empty');
    expectBadInput(await run(['evaluate', '--workspace', WS, '--requests', '.']), 'is a directory');
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-qa-'));
    const big = join(dir, 'big.json');
    writeFileSync(
      big,
      JSON.stringify([
        {
          principal: USER,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::qa-photos/x',
          context: { k: 'a'.repeat(6 * 1024 * 1024) },
        },
      ]),
    );
    expectBadInput(await run(['evaluate', '--workspace', WS, '--requests', big]), 'big.json', 'MB');
    expectBadInput(
      await run(['evaluate', '--workspace', '-', '--requests', '-'], '[]'),
      'cannot both read standard input',
    );
  });
});

describe('rolecall evaluate: the explanation a developer debugging an AccessDenied needs', () => {
  it('the table fits 120 columns and names the failed condition with the values compared', async () => {
    const r = await run(['evaluate', '--workspace', WS, '--requests', 'photo-app.requests.json']);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    const section = sectionOf(r.stdout, 'google-user-gets-other-note', 'google-user-gets-own-note');
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html (AccessDenied wording)
    expect(section).toContain('because no identity-based policy allows the dynamodb:GetItem action');
    // Lines and columns in the workspace file itself (issue #16), not in a re-formatted copy of the policy.
    const wsLines = readFileSync(join(qa, WS), 'utf8').split('\n');
    const sid = wsLines.findIndex((l) => l.includes('"Sid": "OwnItems"'));
    const key = wsLines.findIndex((l, i) => i > sid && l.includes('"dynamodb:LeadingKeys"'));
    expect(section).toContain(
      `QaUser/OwnNotes statement 0 "OwnItems" (line ${sid}, col ${wsLines[sid - 1].indexOf('{') + 1})`,
    );
    expect(section).toContain(
      `✗ ForAllValues:StringEquals dynamodb:LeadingKeys (line ${key + 1}, col ${wsLines[key].indexOf('"') + 1})`,
    );
    expect(section).toContain('us-east-1:bbbbbbbb-0000-0000-0000-000000000002');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  it('a Scan allowed by ForAllValues shows why the missing key still matched', async () => {
    const r = await run(['evaluate', '--workspace', WS, '--requests', 'photo-app.requests.json']);
    const section = sectionOf(r.stdout, 'google-user-scans-notes', 'google-user-gets-other-note');
    expect(section).toContain('✓ Allow applies: identity QaUser/OwnNotes');
    expect(section).toContain('missing from the request context');
    expect(section).toContain('missing context keys: dynamodb:LeadingKeys');
  });

  it('an expired token shows the Cognito error, the failed check and the signature note', async () => {
    const r = await run(['evaluate', '--workspace', WS, '--requests', 'photo-app.requests.json']);
    const section = sectionOf(r.stdout, 'expired-token-reads', 'saml-admin');
    expect(section).toContain('NotAuthorizedException: Invalid login token. Token expired');
    expect(section).toContain('[failed] The token expired at');
    expect(section).toContain("note: The token's signature was not checked (offline).");
  });

  it('an outsider answer lists its assumption once', async () => {
    const r = await evaluateStdin([
      {
        principal: 'arn:aws:iam::444455556666:role/Outsider',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::partner-reports/q3.pdf',
      },
    ]);
    expect(r.code).toBe(0);
    const ids = JSON.parse(r.stdout)[0].assumptions.map((a: { id: string }) => a.id);
    expect(ids).toEqual([...new Set(ids)]);
    expect(ids).toContain('outsiderAllowsAll');
  });

  it('an empty request list says so instead of printing an empty table', async () => {
    const r = await run(['evaluate', '--workspace', WS, '--requests', '-'], '[]');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no requests\n');
  });
});

describe('rolecall test: a test that cannot fail does not pass', () => {
  const file = (tests: unknown[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-qa-'));
    const path = join(dir, 't.test.json');
    writeFileSync(path, JSON.stringify({ workspace: join(qa, WS), tests }, null, 1));
    return path;
  };
  const req = { principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::qa-photos/x' };

  it('a misspelt action fails the test even when it expects implicitDeny', async () => {
    const r = await run([
      'test',
      '--format',
      'json',
      file([{ name: 'typo', request: { ...req, action: 's3:GetObjekt' }, expect: { decision: 'implicitDeny' } }]),
    ]);
    expect(r.code).toBe(1);
    const t = JSON.parse(r.stdout).files[0].tests[0];
    expect(t.pass).toBe(false);
    expect(t.error).toContain('s3:GetObjekt is not a known AWS action');
  });

  it('a missing expect, or one with no answer field, fails; notes and why in expect are not compared', async () => {
    const r = await run([
      'test',
      file([
        { name: 'no expect', request: req },
        { name: 'typo field', request: req, expect: { decison: 'allowed' } },
        {
          name: 'with notes',
          request: req,
          expect: { decision: 'implicitDeny', notes: 'a comment', why: 'IAM default deny' },
        },
      ]),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ no expect\n\s+tests\[0\]\.expect: must be an object/);
    expect(r.stdout).toMatch(/✗ typo field\n\s+tests\[1\]\.expect: names no answer field \(decison\)/);
    expect(r.stdout).toMatch(/✓ with notes\n\s+\(not compared: expect\.notes, expect\.why/);
    expect(r.stdout).toContain('1 passed, 2 failed');
  });

  it('a "__proto__" key in a test file makes that file fail to run, naming the place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-qa-'));
    const path = join(dir, 'p.test.json');
    writeFileSync(
      path,
      `{"workspace":"${join(qa, WS)}","tests":[{"name":"p","request":${JSON.stringify(req)},\n"expect":{"__proto__":{"decision":"allowed"}}}]}`,
    );
    const r = await run(['test', '--format', 'json', path]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].error).toMatch(/p\.test\.json:2:\d+: tests\[0\]\.expect\.__proto__/);
  });

  it('the multi-provider example tests pass', async () => {
    const r = await run(['test', join(root, 'examples/multi-provider.test.json')]);
    expect(r.stdout).toContain('6 passed, 0 failed');
    expect(r.code).toBe(0);
  });
});

describe('rolecall resolve and matrix: what a reviewer asks', () => {
  // Token-based mapping uses cognito:preferred_role; several roles and none preferred is ambiguous → Deny here.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
  it('matrix --resource that is not an ARN is exit 2', async () => {
    expectBadInput(
      await run(['matrix', '--workspace', WS, '--principal', USER, '--resource', 'notarn']),
      '--resource',
      'notarn',
    );
  });

  it('matrix tables fit 120 columns, list the columns one per line, and say why an identity has no credentials', async () => {
    const r = await run([
      'matrix',
      '--workspace',
      WS,
      '--identity',
      JSON.stringify({ identityPoolId: POOL, provider: 'accounts.google.com', token: 'garbage' }),
      '--service',
      's3',
    ]);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    expect(r.stdout).toContain('  [4] arn:aws:s3:::qa-photos/private/${cognito-identity.amazonaws.com:sub}/*\n');
    expect(r.stdout).toContain('NotAuthorizedException: Invalid login token.');
  });

  it('a guest matrix shows the guest scope-down assumption', async () => {
    const r = await run([
      'matrix',
      '--workspace',
      WS,
      '--identity',
      JSON.stringify({ identityPoolId: POOL }),
      '--service',
      's3',
    ]);
    expect(r.stdout).toContain('assumption (guestScopeDown)');
  });

  it('resolve refuses a "__proto__" key in the identity', async () => {
    const r = await run([
      'resolve',
      '--workspace',
      WS,
      '--identity',
      `{"identityPoolId":"${POOL}","__proto__":{"provider":"accounts.google.com"}}`,
    ]);
    expectBadInput(r, '--identity', '__proto__');
  });
});

describe('pieces', () => {
  it('table fits a width by shrinking the named columns and wrapping the last one, losing no text of the last', () => {
    const out = table(
      ['id', 'resource', 'why'],
      [['a', 'arn:aws:s3:::' + 'x'.repeat(80) + '/end', 'word '.repeat(30).trim()]],
      { maxWidth: 60, shrink: [1] },
    );
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(out).toContain('…');
    expect(out).toContain('/end');
    expect(out.match(/word/g)).toHaveLength(30);
  });

  it('table without maxWidth keeps every cell whole (other commands rely on it)', () => {
    const long = 'y'.repeat(200);
    expect(table(['a', 'b'], [[long, long]])).toContain(`${long}  ${long}`);
  });

  it('ellipsize keeps both ends; wrapCell breaks at spaces', () => {
    expect(ellipsize('abcdefghij', 5)).toBe('ab…ij');
    expect(ellipsize('abc', 5)).toBe('abc');
    expect(wrapCell('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
  });

  it('shortPolicyId names inline, managed, trust and resource policies', () => {
    expect(shortPolicyId('arn:aws:iam::123456789012:role/QaUser#inline/OwnNotes')).toBe('QaUser/OwnNotes');
    expect(shortPolicyId('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')).toBe('AmazonS3ReadOnlyAccess');
    expect(shortPolicyId('arn:aws:iam::123456789012:role/QaAdmin#trust')).toBe('QaAdmin trust policy');
    expect(shortPolicyId('arn:aws:s3:::qa-photos#resource')).toBe('qa-photos resource policy');
  });

  it('parseRequest / checkIdentity report the path of a bad field', () => {
    expect(parseRequest({ principal: USER, action: 's3:GetObject', resource: 'bucket/key' })).toMatchObject({
      ok: false,
      path: ['resource'],
    });
    expect(parseRequest({ principal: USER, action: 's3:GetObject', resource: '*' }).ok).toBe(true);
    expect(checkIdentity({ identityPoolId: POOL, claims: { sub: 'x' } })).toMatchObject({
      ok: false,
      path: ['provider'],
    });
    expect(checkIdentity({ identityPoolId: POOL, provider: null }).ok).toBe(true);
  });

  it('splitExpectation compares answer fields and lists the rest', () => {
    expect(splitExpectation({ decision: 'allowed', why: 'x', notes: 'y' })).toEqual({
      compared: { decision: 'allowed' },
      ignored: ['why', 'notes'],
    });
    expect(splitExpectation(undefined)).toBeNull();
  });
});
