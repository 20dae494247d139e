/**
 * The reports CI systems read: `rolecall test --format junit`, `rolecall audit --format junit` (JUnit XML, one test
 * case per test / finding) and `rolecall audit --format html` (one self-contained page). Each is parsed with a strict
 * XML parser (test/unit/cli/xml-parse.ts), so an unescaped character or an unbalanced tag fails the test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAudit } from '../../../cli/commands/audit';
import { runTest } from '../../../cli/commands/test';
import { FINDING_RULES } from '../../../policy-engine/analysis/findings/index';
import { runCaptured } from './run-captured';
import { findAll, parseXml, textOf, type XmlElement } from './xml-parse';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const MIS = 'test/fixtures/audit/misconfigured.rolecall.json';
const CLEAN = 'test/fixtures/audit/clean.rolecall.json';
const tmp = mkdtempSync(join(tmpdir(), 'rolecall-ci-reports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOSTILE = 'a <b>&amp; "quoted" \'single\' ]]> \u0001 test';

const cases = (doc: XmlElement) => findAll(doc, 'testcase');

describe('rolecall test --format junit', () => {
  it('one test case per test in one suite per file; passing tests have no <failure>; counts add up', async () => {
    const files = ['examples/demo-role-mapping.test.json', 'examples/demo-per-user-data.test.json'];
    const json = JSON.parse((await runCaptured(runTest, [...files, '--format', 'json'], { cwd: root, now })).stdout);
    const r = await runCaptured(runTest, [...files, '--format', 'junit'], { cwd: root, now });
    expect(r.code).toBe(0);
    const doc = parseXml(r.stdout);
    expect(doc.name).toBe('testsuites');
    const suites = findAll(doc, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(files);
    for (const [i, s] of suites.entries()) {
      const names = cases(s).map((c) => c.attributes.name);
      expect(names).toEqual(json.files[i].tests.map((t: { name: string }) => t.name));
      expect(s.attributes.tests).toBe(String(names.length));
    }
    expect(doc.attributes.tests).toBe(String(json.passed));
    expect(doc.attributes.failures).toBe('0');
    expect(findAll(doc, 'failure')).toHaveLength(0);
  });

  it('a failing test is a <failure> naming the mismatch; a file that cannot run is an <error>; names are escaped', async () => {
    const file = join(tmp, 'hostile.test.json');
    const ws = resolve(root, 'examples/demo.rolecall.json');
    writeFileSync(
      file,
      JSON.stringify({
        workspace: ws,
        tests: [
          {
            name: HOSTILE,
            request: {
              principal: 'arn:aws:iam::123456789012:role/AppGuest',
              action: 's3:DeleteBucket',
              resource: 'arn:aws:s3:::demo-app-user-files',
            },
            expect: { decision: 'allowed' },
          },
        ],
      }),
    );
    const missing = join(tmp, 'missing.test.json');
    const r = await runCaptured(runTest, [file, missing, '--format', 'junit'], { cwd: root, now });
    expect(r.code).toBe(1);
    const doc = parseXml(r.stdout);
    const [hostile, broken] = findAll(doc, 'testsuite');
    const [c] = cases(hostile);
    // The reader sees the name as written, with the control character shown visibly.
    expect(c.attributes.name).toBe(HOSTILE.replace('\u0001', '\\u0001'));
    const [failure] = findAll(c, 'failure');
    expect(failure.attributes.type).toBe('mismatch');
    expect(textOf(failure)).toContain('decision');
    expect(textOf(failure)).toContain('allowed');
    const [error] = findAll(broken, 'error');
    expect(error.attributes.message).toContain('missing.test.json');
    expect(broken.attributes.errors).toBe('1');
    expect(doc.attributes.failures).toBe('1');
    expect(doc.attributes.errors).toBe('1');
  });
});

describe('rolecall audit --format junit', () => {
  it('one test case per finding, a <failure> for each at or above --fail-on, one passing case per clean rule', async () => {
    const json = JSON.parse(
      (await runCaptured(runAudit, ['--workspace', MIS, '--format', 'json'], { cwd: root, now })).stdout,
    );
    const r = await runCaptured(runAudit, ['--workspace', MIS, '--format', 'junit', '--fail-on', 'high'], {
      cwd: root,
      now,
    });
    expect(r.code).toBe(1);
    const doc = parseXml(r.stdout);
    const all = cases(doc);
    const findingCases = all.filter((c) => /^\d+\. \[/.test(c.attributes.name));
    expect(findingCases).toHaveLength(json.findings.length);
    findingCases.forEach((c, i) => {
      const f = json.findings[i];
      expect(c.attributes.classname).toBe(`rolecall.audit.${f.ruleId}`);
      const failures = findAll(c, 'failure');
      expect(failures).toHaveLength(f.severity === 'high' ? 1 : 0);
      if (failures.length) expect(textOf(failures[0])).toContain(f.fix);
      else expect(textOf(findAll(c, 'system-out')[0])).toContain(f.message);
    });
    expect(doc.attributes.failures).toBe(String(json.summary.high));
    // Every other case is a rule that found nothing: together they name every rule exactly once.
    const found = new Set(json.findings.map((f: { ruleId: string }) => f.ruleId));
    const clean = all.filter((c) => !findingCases.includes(c));
    for (const c of clean) {
      expect(c.attributes.name).toContain(': no findings');
      expect(findAll(c, 'failure')).toHaveLength(0);
      found.add(c.attributes.classname.replace('rolecall.audit.', ''));
    }
    expect([...found].sort()).toEqual(FINDING_RULES.map((r) => r.id).sort());
  });

  it('without --fail-on every finding fails; a clean workspace gives only passing cases', async () => {
    const r = await runCaptured(runAudit, ['--workspace', MIS, '--format', 'junit'], { cwd: root, now });
    const doc = parseXml(r.stdout);
    expect(Number(doc.attributes.failures)).toBeGreaterThan(0);
    const clean = parseXml(
      (await runCaptured(runAudit, ['--workspace', CLEAN, '--format', 'junit'], { cwd: root, now })).stdout,
    );
    expect(clean.attributes.failures).toBe('0');
    expect(Number(clean.attributes.tests)).toBeGreaterThan(0);
  });
});

describe('rolecall audit --format html', () => {
  const html = async (ws: string) => {
    const r = await runCaptured(runAudit, ['--workspace', ws, '--format', 'html'], { cwd: root, now });
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('is one well-formed page with every finding, the matrix, the rules, and nothing loaded from outside', async () => {
    const text = await html(MIS);
    const doc = parseXml(text);
    expect(doc.name).toBe('html');
    // Self-contained: no script, no external reference of any kind; style inline; a CSP that forbids loading.
    expect(findAll(doc, 'script')).toHaveLength(0);
    for (const tag of ['link', 'img', 'iframe', 'object', 'embed']) expect(findAll(doc, tag)).toHaveLength(0);
    expect(text).not.toMatch(/https?:\/\/|\/\/[a-z]/i);
    expect(text).not.toMatch(/\b(src|href)=/i);
    expect(findAll(doc, 'style')).toHaveLength(1);
    const csp = findAll(doc, 'meta').find((m) => m.attributes['http-equiv'] === 'Content-Security-Policy');
    expect(csp?.attributes.content).toContain("default-src 'none'");

    const json = JSON.parse(
      (await runCaptured(runAudit, ['--workspace', MIS, '--format', 'json'], { cwd: root, now })).stdout,
    );
    const articles = findAll(doc, 'article');
    expect(articles).toHaveLength(json.findings.length);
    articles.forEach((a, i) => {
      expect(textOf(a)).toContain(json.findings[i].message);
      expect(textOf(a)).toContain(json.findings[i].fix);
    });
    // The matrix: one section per role of the workspace, and cells that say what they are.
    const ws = JSON.parse(readFileSync(resolve(root, MIS), 'utf8'));
    const sections = findAll(doc, 'section');
    expect(sections.map((s) => textOf(findAll(s, 'h3')[0]))).toEqual(
      ws.iam.RoleDetailList.map((r: { Arn: string }) => r.Arn),
    );
    const allowed = findAll(doc, 'td').filter((td) => (td.attributes.class ?? '').split(' ').includes('allowed'));
    expect(allowed.length).toBeGreaterThan(0);
    for (const td of allowed) expect(textOf(td)).toBe('✓');
    // Explanations: a shown row names the statement that allows it.
    expect(
      findAll(doc, 'td')
        .filter((td) => td.attributes.class === 'why')
        .some((td) => /Allow: /.test(textOf(td))),
    ).toBe(true);
    // Every rule that ran is listed with what it checks.
    expect(textOf(doc)).toContain('trust-missing-aud');
  });

  it('escapes workspace text: a hostile workspace name and resource come out as text, not markup', async () => {
    const ws = JSON.parse(readFileSync(resolve(root, CLEAN), 'utf8'));
    ws.name = '<script>alert(1)</script> & "x"';
    ws.resources = [...(ws.resources ?? []), 'arn:aws:s3:::b/<img src=x onerror=alert(1)>'];
    const file = join(tmp, 'hostile.rolecall.json');
    writeFileSync(file, JSON.stringify(ws, null, 2));
    const text = await html(file);
    const doc = parseXml(text);
    expect(findAll(doc, 'script')).toHaveLength(0);
    expect(findAll(doc, 'img')).toHaveLength(0);
    expect(textOf(findAll(doc, 'h1')[0])).toBe(`Rolecall audit of ${ws.name}`);
    expect(findAll(doc, 'li').map(textOf)).toContain('arn:aws:s3:::b/<img src=x onerror=alert(1)>');
  });
});

describe('the strict XML parser these tests rely on', () => {
  it('rejects what a JUnit reader would reject', () => {
    for (const bad of [
      '<a><b></a>',
      '<a>&</a>',
      '<a>x < y</a>',
      '<a b=c/>',
      '<a b="1" b="2"/>',
      '<a>&nbsp;</a>',
      '<a>\u0001</a>',
      '<a/><b/>',
    ])
      expect(() => parseXml(bad), bad).toThrow();
    expect(textOf(parseXml('<a t="&quot;&#10;">&lt;&amp;&#x41;</a>'))).toBe('<&A');
  });
});
