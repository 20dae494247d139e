/**
 * JUnit XML, the test-report format CI systems read (GitHub Actions reporters, GitLab, Jenkins, Azure Pipelines):
 * `<testsuites>` of `<testsuite>`s of `<testcase>`s, a failing case holding a `<failure>` (the check failed) or an
 * `<error>` (it could not run). Every text and attribute is escaped, and characters XML 1.0 cannot carry at all
 * (control characters, lone surrogates) are written as a visible `\uXXXX`, so the file always parses.
 */
import type { Finding, Severity } from '../findings/types';
import { describeFindingLocation } from './text-reports';

/** One test case. */
export interface JunitCase {
  name: string;
  classname: string;
  /** Seconds. */
  time?: number;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string; text: string };
  systemOut?: string;
}

/** One suite. */
export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

/** Text XML 1.0 may not contain even escaped: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and (double-quoted) attribute values. */
export function escapeXml(s: string): string {
  return s
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** An attribute value: as escapeXml, and newlines kept as a character reference (attribute values normalise them). */
const attr = (s: string) => escapeXml(s).replace(/\n/g, '&#10;');

/** The suites as one JUnit XML document. */
export function junitXml(name: string, suites: JunitSuite[]): string {
  const count = (cs: JunitCase[]) => ({
    tests: cs.length,
    failures: cs.filter((c) => c.failure).length,
    errors: cs.filter((c) => c.error && !c.failure).length,
  });
  const all = count(suites.flatMap((s) => s.cases));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}">`,
  ];
  for (const s of suites) {
    const n = count(s.cases);
    out.push(
      `  <testsuite name="${attr(s.name)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="0">`,
    );
    for (const c of s.cases) {
      const head = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}"${c.time !== undefined ? ` time="${c.time.toFixed(3)}"` : ''}`;
      const body: string[] = [];
      if (c.failure)
        body.push(
          `      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${escapeXml(c.failure.text)}</failure>`,
        );
      if (c.error && !c.failure)
        body.push(
          `      <error message="${attr(c.error.message)}" type="${attr(c.error.type)}">${escapeXml(c.error.text)}</error>`,
        );
      if (c.systemOut) body.push(`      <system-out>${escapeXml(c.systemOut)}</system-out>`);
      out.push(body.length ? `${head}>\n${body.join('\n')}\n    </testcase>` : `${head}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

const rank: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/**
 * Findings as JUnit XML: one suite, one test case per finding (named by severity, rule and place). A finding at or
 * above `failOn` (every finding when `failOn` is not given) is a `<failure>`; one below it passes, with its text in
 * `<system-out>`, so the report fails exactly when `rolecall audit --fail-on` exits 1. Each rule that ran and found
 * nothing is one passing case, so the report lists what was checked.
 */
export function findingsToJunit(
  findings: Finding[],
  opts: {
    title: string;
    rulesRun: { id: string; title: string }[];
    ruleErrors?: { ruleId: string; message: string }[];
    failOn?: Severity;
  },
): string {
  const cases: JunitCase[] = findings.map((f, i) => {
    const where = describeFindingLocation(f.location);
    const text = `${f.message}\n\nFix: ${f.fix}\n\nWhere: ${where}`;
    const fails = opts.failOn === undefined || rank[f.severity] >= rank[opts.failOn];
    return {
      name: `${i + 1}. [${f.severity}] ${f.title} — ${where}`,
      classname: `rolecall.audit.${f.ruleId}`,
      ...(fails
        ? { failure: { message: `[${f.severity}] ${f.title}`, type: f.severity, text } }
        : { systemOut: `[${f.severity}, below --fail-on ${opts.failOn}] ${text}` }),
    };
  });
  const found = new Set(findings.map((f) => f.ruleId));
  // A rule that could not run checked nothing: an error, never a pass.
  for (const e of opts.ruleErrors ?? []) {
    found.add(e.ruleId);
    cases.push({
      name: `${e.ruleId}: could not run`,
      classname: `rolecall.audit.${e.ruleId}`,
      error: { message: e.message, type: 'ruleError', text: e.message },
    });
  }
  for (const r of opts.rulesRun)
    if (!found.has(r.id))
      cases.push({ name: `${r.id}: no findings (${r.title})`, classname: `rolecall.audit.${r.id}` });
  return junitXml(opts.title, [{ name: opts.title, cases }]);
}
