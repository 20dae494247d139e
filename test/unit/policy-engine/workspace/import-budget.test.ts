/**
 * The output budget of an import (issue 17, item 5: "a 172 KB template imports as a 188 MB workspace"). Hostile
 * templates of that size, each blowing up in a different way, are refused with one `import.too-large` (or
 * `import.too-complex`) error naming the file, the resource and its place — and nothing is imported. Ordinary
 * repetition (a list parameter used in several roles) still imports.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../../cli/commands/import';
import {
  importBudget,
  MIN_OUTPUT_CHARS,
  MIN_RESOLVE_STEPS,
  OUTPUT_RATIO,
  resolvedSize,
} from '../../../../policy-engine/workspace/cfn-resolve';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { runCaptured } from '../../cli/run-captured';

const KB = 1024;
const SIZE = 172 * KB;
const head = "AWSTemplateFormatVersion: '2010-09-09'\n";
const role = (i: number, extra: string): string =>
  `  R${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n${extra}`;

/** Adds roles until the template is `SIZE` characters. */
function fill(start: string, extra: (i: number) => string): string {
  let s = start;
  for (let i = 0; s.length < SIZE; i++) s += role(i, extra(i));
  return s;
}

const statements = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }));

/** Hostile ~172 KB templates: each resolves to tens of MB (measured before the budget: 17–114 MB). */
const HOSTILE: { name: string; text: () => string; resource: RegExp }[] = [
  {
    name: 'a 100 KB parameter used as the value of every tag',
    text: () =>
      fill(
        `${head}Parameters:\n  Big:\n    Type: String\n    Default: ${'x'.repeat(100 * KB)}\nResources:\n`,
        () => '      Tags: [{Key: a, Value: !Ref Big}, {Key: b, Value: !Ref Big}]\n',
      ),
    resource: /^R\d+ \(AWS::IAM::Role\)$/,
  },
  {
    name: 'a policy document given as a JSON-string parameter, repeated in every role',
    text: () =>
      fill(
        `${head}Parameters:\n  Doc:\n    Type: String\n    Default: '${JSON.stringify({ Version: '2012-10-17', Statement: statements(400) })}'\nResources:\n`,
        () =>
          '      Policies: [{PolicyName: a, PolicyDocument: !Ref Doc}, {PolicyName: b, PolicyDocument: !Ref Doc}]\n',
      ),
    resource: /^R\d+ \(AWS::IAM::Role\)$/,
  },
  {
    name: 'a 300-ARN list parameter as every role’s ManagedPolicyArns',
    text: () =>
      fill(
        `${head}Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: '${Array.from({ length: 300 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`).join(',')}'\nResources:\n`,
        () => '      ManagedPolicyArns: !Ref L\n',
      ),
    resource: /^R\d+ \(AWS::IAM::Role\)$/,
  },
  {
    name: 'Fn::Sub repeating a 4 KB parameter inside each policy’s condition',
    text: () =>
      fill(
        `${head}Parameters:\n  B:\n    Type: String\n    Default: ${'y'.repeat(4000)}\nResources:\n`,
        () =>
          "      Policies: [{PolicyName: a, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:*', Resource: '*', Condition: {StringEquals: {'aws:x': !Sub '${B}${B}${B}${B}${B}${B}${B}'}}}]}}]\n",
      ),
    resource: /^R\d+ \(AWS::IAM::Role\)$/,
  },
  {
    name: 'one AWS::IAM::Policy (25 KB) attached to a thousand roles (a copy in each)',
    text: () => {
      let s = `${head}Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      PolicyDocument: ${JSON.stringify({ Version: '2012-10-17', Statement: statements(250) })}\n      Roles: [ROLES]\n`;
      const names: string[] = [];
      for (let i = 0; s.length < SIZE - 10 * KB; i++) {
        s += `  R${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r${i}\n      AssumeRolePolicyDocument: {Statement: []}\n`;
        names.push(`r${i}`);
      }
      return s.replace('ROLES', names.join(', '));
    },
    resource: /^P \(AWS::IAM::Policy\)$/,
  },
  {
    name: 'each role’s name joined from the previous role’s name twice (doubling: 2^40 characters)',
    text: () => {
      let s = `${head}Resources:\n  R0:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: abcdefgh\n      AssumeRolePolicyDocument: {Statement: []}\n`;
      for (let i = 1; i <= 40; i++)
        s += `  R${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Join ['', [!Ref R${i - 1}, !Ref R${i - 1}]]\n      AssumeRolePolicyDocument: {Statement: []}\n`;
      return s;
    },
    resource: /^R\d+ \(AWS::IAM::Role\)$/,
  },
];

describe('the output budget of an import', () => {
  it('is OUTPUT_RATIO × the input, at least MIN_OUTPUT_CHARS; the work budget at least MIN_RESOLVE_STEPS', () => {
    expect(importBudget(SIZE).charLimit).toBe(MIN_OUTPUT_CHARS);
    expect(importBudget(MIN_OUTPUT_CHARS).charLimit).toBe(OUTPUT_RATIO * MIN_OUTPUT_CHARS);
    expect(importBudget(10).stepLimit).toBe(MIN_RESOLVE_STEPS);
  });

  it.each(HOSTILE)('$name: one import.too-large error naming the file and the resource; nothing imported', (h) => {
    const text = h.text();
    expect(text.length).toBeGreaterThan(3 * KB);
    const { workspace, report } = importFiles([{ name: 'hostile.yaml', text }], {});
    expect(report.errors).toHaveLength(1);
    const e = report.errors[0];
    expect(e).toMatchObject({ code: 'import.too-large', file: 'hostile.yaml', severity: 'error' });
    expect(e.path).toMatch(/^Resources\.(R|P)\d*/);
    expect(e.range?.start.line).toBeGreaterThan(1);
    const named = /resolving (.+?) brings/.exec(e.message)?.[1] ?? '';
    expect(named).toMatch(h.resource);
    expect(e.path.startsWith(`Resources.${named.split(' ')[0]}`)).toBe(true);
    expect(e.message).toContain(`${OUTPUT_RATIO} × the`);
    expect(e.message).toContain('Nothing was imported');
    // Nothing of it is kept, and what is returned loads.
    expect(workspace.iam?.RoleDetailList ?? []).toEqual([]);
    const out = serializeWorkspace(workspace);
    expect(out.length).toBeLessThan(1024);
    expect(parseWorkspaceText(out, 'out.json').ok).toBe(true);
    expect(report.loaded.every((l) => l.items.length === 0)).toBe(true);
    // What the import met on the way describes resources that were not imported: not reported.
    expect([report.unresolved, report.warnings, report.notImported, report.inferred]).toEqual([[], [], [], []]);
  });

  it('references followed inside references (Fn::Select over a doubling chain) end with import.too-complex', () => {
    let s = `${head}Resources:\n  R0:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: abcdefgh\n      AssumeRolePolicyDocument: {Statement: []}\n`;
    for (let i = 1; i <= 40; i++)
      s += `  R${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Select [0, [!Ref R${i - 1}, !Ref R${i - 1}]]\n      AssumeRolePolicyDocument: {Statement: []}\n`;
    const { workspace, report } = importFiles([{ name: 'select.yaml', text: s }], {});
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ code: 'import.too-complex', file: 'select.yaml' });
    expect(report.errors[0].path).toMatch(/^Resources\.R\d+\.Properties\.RoleName/);
    expect(report.errors[0].message).toMatch(/resolving R\d+ \(AWS::IAM::Role\) passes 1,000,000 resolved values/);
    expect(workspace.iam).toBeUndefined();
  });

  it('ordinary repetition still imports: a 300-ARN list parameter in 20 roles, one policy attached to 50 roles', () => {
    const arns = Array.from({ length: 300 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`).join(',');
    let s = `${head}Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: '${arns}'\nResources:\n`;
    for (let i = 0; i < 20; i++) s += role(i, '      ManagedPolicyArns: !Ref L\n');
    const names = Array.from({ length: 50 }, (_, i) => `r${i}`);
    s += `  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      PolicyDocument: ${JSON.stringify({ Statement: statements(100) })}\n      Roles: [${names.join(', ')}]\n`;
    for (const n of names)
      s += `  Named${n}:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: ${n}\n      AssumeRolePolicyDocument: {Statement: []}\n`;
    const { workspace, report } = importFiles([{ name: 'fine.yaml', text: s }], { accountId: '123456789012' });
    expect(report.errors).toEqual([]);
    expect(workspace.iam?.RoleDetailList).toHaveLength(70);
    expect(workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'r49')?.RolePolicyList).toHaveLength(1);
  });

  it('the CLI writes nothing and names the file and resource', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-budget-'));
    writeFileSync(join(dir, 'hostile.yaml'), HOSTILE[0].text());
    const run = await runCaptured(runImport, ['hostile.yaml', '-o', 'ws.json'], { cwd: dir, now: new Date(0) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hostile\.yaml:\d+:\d+: Resources\.R\d+: the import is too large/);
    expect(run.stderr).toMatch(/resolving R\d+ \(AWS::IAM::Role\)/);
    expect(run.stderr).toContain('nothing written');
    expect(existsSync(join(dir, 'ws.json'))).toBe(false);
    expect(readFileSync(join(dir, 'hostile.yaml'), 'utf8').length).toBeGreaterThan(SIZE - KB);
  });
});

describe('resolvedSize (the size of a value as JSON text, counted without building it)', () => {
  it('is at least the JSON length of any value without escapes, and stops early past its limit', () => {
    const safe = fc.stringMatching(/^[a-z0-9:/*-]{0,12}$/);
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        safe,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 5 }),
        fc.dictionary(safe, tie('v'), { maxKeys: 5 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const n = JSON.stringify(v).length;
        expect(resolvedSize(v, Infinity)).toBeGreaterThanOrEqual(n);
        expect(resolvedSize(v, Infinity)).toBeLessThanOrEqual(2 * n + 2);
      }),
      { seed: 17, numRuns: 300 },
    );
    // One long string shared a million times: counted as written, without walking past the limit.
    const shared = 'z'.repeat(1000);
    const many = Array.from({ length: 1_000_000 }, () => shared);
    const size = resolvedSize(many, 10_000);
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThan(1_000_000 + 12_000);
  });
});
