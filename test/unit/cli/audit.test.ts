import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runAudit } from '../../../cli/commands/audit';
import { UsageError } from '../../../cli/io';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const MIS = 'test/fixtures/audit/misconfigured.rolecall.json';
const CLEAN = 'test/fixtures/audit/clean.rolecall.json';

const audit = (args: string[]) => runCaptured(runAudit, args, { cwd: root, now });

describe('rolecall audit (CONTRACT.md §4–5)', () => {
  it('--fail-on high exits 1 when a high finding exists, 0 without --fail-on', async () => {
    expect((await audit(['--workspace', MIS, '--fail-on', 'high'])).code).toBe(1);
    expect((await audit(['--workspace', MIS])).code).toBe(0);
  });

  it('--fail-on compares at or above: a low finding fails --fail-on low only', async () => {
    // low-only.rolecall.json is the clean workspace with one misspelt action (a validation warning → low).
    const LOW = 'test/fixtures/audit/low-only.rolecall.json';
    const out = JSON.parse((await audit(['--workspace', LOW, '--format', 'json'])).stdout) as {
      findings: { ruleId: string; severity: string }[];
    };
    expect(out.findings.map((f) => `${f.ruleId}/${f.severity}`)).toEqual(['policy-validation/low']);
    expect((await audit(['--workspace', LOW, '--fail-on', 'low'])).code).toBe(1);
    expect((await audit(['--workspace', LOW, '--fail-on', 'medium'])).code).toBe(0);
    expect((await audit(['--workspace', LOW, '--fail-on', 'high'])).code).toBe(0);
    expect((await audit(['--workspace', MIS, '--rule', 'rule-shadowed', '--fail-on', 'medium'])).code).toBe(1);
    expect((await audit(['--workspace', MIS, '--rule', 'rule-shadowed', '--fail-on', 'high'])).code).toBe(0);
  });

  it('a clean workspace passes even --fail-on low', async () => {
    const r = await audit(['--workspace', CLEAN, '--fail-on', 'low']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No findings.');
  });

  it('--format json prints { findings, summary } and nothing else', async () => {
    const r = await audit(['--workspace', MIS, '--format', 'json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      findings: { ruleId: string; severity: string; location: { kind: string } }[];
      summary: Record<string, number>;
    };
    expect(Object.keys(out)).toEqual(['findings', 'summary']);
    expect(out.summary.high).toBe(out.findings.filter((f) => f.severity === 'high').length);
    expect(out.findings.some((f) => f.ruleId === 'trust-missing-aud' && f.location.kind === 'role')).toBe(true);
  });

  it('--format sarif prints a SARIF 2.1.0 log pointing into the workspace file', async () => {
    const r = await audit(['--workspace', MIS, '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    for (const res of log.runs[0].results) {
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe(MIS);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    }
  });

  it('--format markdown and the default table name the rules and the fix', async () => {
    const md = await audit(['--workspace', MIS, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^# Rolecall audit of/);
    expect(md.stdout).toContain('`trust-missing-aud`');
    const tableOut = await audit(['--workspace', MIS]);
    expect(tableOut.stdout).toContain('trust-missing-aud');
    expect(tableOut.stdout).toContain('Fix:');
  });

  it('bad usage is a UsageError (exit 2 at the top level) naming the problem', async () => {
    await expect(audit(['--workspace', MIS, '--fail-on', 'critical'])).rejects.toThrow(UsageError);
    await expect(audit(['--workspace', MIS, '--format', 'xml'])).rejects.toThrow(/--format must be one of/);
    await expect(audit(['--workspace', MIS, '--rule', 'no-such-rule'])).rejects.toThrow(/unknown rule/);
    await expect(audit([])).rejects.toThrow(/--workspace is required/);
    await expect(audit(['--workspace', 'test/fixtures/audit/missing.rolecall.json'])).rejects.toThrow(
      /missing\.rolecall\.json: cannot read the file/,
    );
  });
});

// QA: the audit table was ~170 columns wide (and each message one long line); it must fit 120 columns, with the
// message and the fix wrapped as indented lines under the table.
describe('rolecall audit table layout', () => {
  it.each(['examples/demo.rolecall.json', 'examples/multi-provider.rolecall.json', MIS])(
    'the table output of %s fits 120 columns',
    async (ws) => {
      const r = await audit(['--workspace', ws]);
      const lines = r.stdout.split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    },
  );
  it('numbers each finding in the table and explains it under the table, message and fix indented', async () => {
    const r = await audit(['--workspace', MIS]);
    const json = JSON.parse((await audit(['--workspace', MIS, '--format', 'json'])).stdout) as {
      findings: { ruleId: string; severity: string; message: string; fix: string }[];
    };
    const first = json.findings[0];
    expect(r.stdout).toMatch(new RegExp(`^1 +${first.severity} +${first.ruleId} +\\S`, 'm'));
    const details = r.stdout.slice(r.stdout.indexOf('\n1. ['));
    const block = details.trimStart().split(/\n\n/)[0];
    expect(
      block
        .split('\n')
        .slice(1)
        .every((l) => l.startsWith('   ')),
    ).toBe(true);
    expect(block.replace(/\s+/g, ' ')).toContain(first.message.replace(/\s+/g, ' '));
    expect(block.replace(/\s+/g, ' ')).toContain(`Fix: ${first.fix}`.replace(/\s+/g, ' '));
  });
});
