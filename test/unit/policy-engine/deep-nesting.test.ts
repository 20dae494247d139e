/**
 * Deep nesting and self-reference (issue 17, item 4): every reader refuses input nested more than MAX_JSON_DEPTH levels
 * with an error naming the file, the line/column and the JSON path — before any recursive walk can exhaust the stack —
 * and reads input right at the bound. CloudFormation values that refer to themselves, `Ref AWS::NoValue` where a value
 * is needed, and reference chains longer than MAX_RESOLVE_DEPTH are template errors with their place, never
 * "internal error". AWS::NoValue:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-novalue
 */
import { describe, expect, it } from 'vitest';
import {
  findTooDeep,
  findTooDeepValue,
  locateJsonPath,
  MAX_JSON_DEPTH,
  parseJsonText,
} from '../../../policy-engine/json-text';
import { parsePolicy } from '../../../policy-engine/policy/parse';
import { checkIdentity, parseRequest } from '../../../policy-engine/request-schema';
import { findCycle } from '../../../policy-engine/workspace/cfn-import';
import { MAX_RESOLVE_DEPTH } from '../../../policy-engine/workspace/cfn-resolve';
import { importFiles } from '../../../policy-engine/workspace/import';
import { parseJsonSource } from '../../../policy-engine/workspace/json-source';
import { parseWorkspaceText, serializeWorkspace } from '../../../policy-engine/workspace/schema';
import { workspaceLocator } from '../../../policy-engine/analysis/reports/workspace-positions';

const arrays = (n: number): string => '['.repeat(n) + '1' + ']'.repeat(n);
const objects = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const opts = { accountId: '123456789012', region: 'us-east-1' };

describe('findTooDeep (the bound, checked in one pass before parsing)', () => {
  it('accepts exactly MAX_JSON_DEPTH levels and finds the bracket that opens one more, with its path', () => {
    expect(findTooDeep(arrays(MAX_JSON_DEPTH))).toBeNull();
    expect(findTooDeep(arrays(MAX_JSON_DEPTH + 1))).toEqual({
      offset: MAX_JSON_DEPTH,
      path: Array(MAX_JSON_DEPTH).fill(0),
    });
    const text = `{"x": [1, {"y\\"z": ${objects(MAX_JSON_DEPTH)}}]}`;
    const deep = findTooDeep(text);
    expect(deep?.path.slice(0, 4)).toEqual(['x', 1, 'y"z', 'a']);
    expect(text[deep!.offset]).toBe('{');
  });

  it('does not count brackets inside strings (escaped quotes included)', () => {
    const s = JSON.stringify({ s: '['.repeat(5000) + '\\"{{{' });
    expect(findTooDeep(s)).toBeNull();
  });

  it('the in-memory check finds the same place, and stops on a cycle instead of looping', () => {
    expect(findTooDeepValue(JSON.parse(arrays(MAX_JSON_DEPTH)))).toBeNull();
    expect(findTooDeepValue({ q: JSON.parse(objects(MAX_JSON_DEPTH)) })?.length).toBe(MAX_JSON_DEPTH);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    cyclic.again = cyclic;
    expect(findTooDeepValue(cyclic)).toHaveLength(MAX_JSON_DEPTH);
  });
});

describe('every JSON reader refuses too-deep input with its place and reads input at the bound', () => {
  for (const [shape, deep] of [
    ['arrays', arrays],
    ['objects', objects],
  ] as const) {
    it(`parseJsonSource and parseWorkspaceText (${shape})`, () => {
      const bad = parseJsonSource(`{\n  "x": ${deep(200_000)}}`, 'w.json');
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.errors[0]).toMatchObject({ code: 'json.too-deep', file: 'w.json' });
      // The outer object is level 1, so the value's 256th bracket (column 8 + 255 steps) opens level 257.
      const step = shape === 'arrays' ? 1 : '{"a":'.length;
      expect(bad.errors[0].range?.start).toEqual({ line: 2, column: 8 + (MAX_JSON_DEPTH - 1) * step });
      expect(bad.errors[0].path).toMatch(/^x(\[0\]|\.a)/);
      expect(parseJsonSource(deep(MAX_JSON_DEPTH), 'ok.json').ok).toBe(true);
      const ws = parseWorkspaceText(`{"x": ${deep(MAX_JSON_DEPTH + 1)}}`, 'w.json');
      expect(ws.ok ? [] : ws.errors.map((e) => e.code)).toEqual(['json.too-deep']);
    });

    it(`parseJsonText, locateJsonPath and the SARIF locator (${shape})`, () => {
      const bad = parseJsonText(deep(50_000));
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(bad.errors[0].code).toBe('json.too-deep');
        expect(bad.errors[0].message).toMatch(/nested too deeply \(more than 256 levels/);
        expect(bad.errors[0].range?.start.line).toBe(1);
      }
      expect(parseJsonText(deep(MAX_JSON_DEPTH)).ok).toBe(true);
      expect(locateJsonPath(deep(50_000), [0])).toBeUndefined();
      expect(workspaceLocator(deep(50_000))([])).toBeUndefined();
    });

    it(`parsePolicy: a too-deep document is a positioned policy error, not a stack overflow (${shape})`, () => {
      for (const where of ['{"Statement": X}', '{"Statement": {"Condition": {"StringEquals": {"k": X}}}}']) {
        const p = parsePolicy(where.replace('X', deep(20_000)), { policyId: 'p', policyType: 'identity' });
        expect(p.diagnostics.map((d) => d.code)).toEqual(['policy.too-deep']);
        expect(p.diagnostics[0].path).toMatch(/^Statement/);
        expect(p.diagnostics[0].range?.start.line).toBe(1);
      }
    });

    it(`importFiles: too deep in a file, a template or an embedded policy string (${shape})`, () => {
      const tpl = `{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": ${deep(5000)}}}}}`;
      const role = JSON.stringify({
        RoleDetailList: [
          {
            RoleName: 'r',
            Arn: 'arn:aws:iam::123456789012:role/r',
            RolePolicyList: [{ PolicyName: 'p', PolicyDocument: `{"Statement": ${deep(5000)}}` }],
          },
        ],
      });
      const { report } = importFiles(
        [
          { name: 't.json', text: tpl },
          { name: 'auth.json', text: role },
        ],
        opts,
      );
      expect(report.errors.map((e) => [e.file, e.code])).toEqual([
        ['t.json', 'json.too-deep'],
        ['auth.json', 'import.bad-policy'],
      ]);
      expect(report.errors[0].path).toMatch(/^Resources\.R\.Properties\.RoleName/);
      expect(report.errors[1].path).toBe('RoleDetailList[0].RolePolicyList[0].PolicyDocument');
      expect(report.errors[1].message).toMatch(/nested too deeply/);
    });

    it(`a template nested right at the bound is read without an internal error (${shape})`, () => {
      // Resources.R.Properties.Tags + the value: 4 levels above it.
      const tpl = `{"Resources": {"R": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b", "Tags": ${deep(MAX_JSON_DEPTH - 4)}}}}}`;
      const { report } = importFiles([{ name: 't.json', text: tpl }], opts);
      expect(report.errors).toEqual([]);
    });
  }

  it('parseRequest and checkIdentity refuse a too-deep value handed over by code, with its path', () => {
    const context = JSON.parse(objects(10_000)) as unknown;
    const r = parseRequest({ principal: 'arn:aws:iam::123456789012:role/R', action: 's3:GetObject', context });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.path.slice(0, 3)).toEqual(['context', 'a', 'a']);
      expect(r.message).toMatch(/nested too deeply/);
    }
    const i = checkIdentity({ claims: context });
    expect(i.ok ? '' : i.message).toMatch(/nested too deeply/);
  });
});

describe('CloudFormation: self-reference, AWS::NoValue as an argument, long chains', () => {
  const join = (s: string) => ({ 'Fn::Join': ['', [s]] });
  const role = (props: Record<string, unknown>) => ({
    Resources: {
      R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] }, ...props } },
    },
  });
  const run = (name: string, tpl: unknown) => importFiles([{ name, text: JSON.stringify(tpl) }], opts).report;

  it.each([
    ['a role Path through its own Arn', role({ RoleName: 'n', Path: { 'Fn::GetAtt': [join('R'), 'Arn'] } }), 'Path'],
    ['a role name through its own Arn', role({ RoleName: { 'Fn::GetAtt': [join('R'), 'Arn'] } }), 'RoleName'],
    [
      'an identity pool name through its own Name',
      {
        Resources: {
          P: {
            Type: 'AWS::Cognito::IdentityPool',
            Properties: {
              AllowUnauthenticatedIdentities: true,
              IdentityPoolName: { 'Fn::GetAtt': [join('P'), 'Name'] },
            },
          },
        },
      },
      'IdentityPoolName',
    ],
    [
      'a mapping cell through itself',
      {
        ...role({ RoleName: { 'Fn::FindInMap': ['M', 'a', 'b'] } }),
        Mappings: { M: { a: { b: { 'Fn::FindInMap': ['M', 'a', 'b'] } } } },
      },
      'RoleName',
    ],
  ])('%s is a circular-dependency error at its place', (_what, tpl, prop) => {
    const report = run('self.json', tpl);
    const errors = report.errors.filter((e) => e.code === 'template.invalid');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/depends on itself \(a circular dependency/);
    expect(errors[0].file).toBe('self.json');
    expect(errors[0].path).toContain(`Properties.${prop}`);
    expect(errors[0].range?.start.line).toBeGreaterThan(0);
    expect(report.errors.some((e) => e.code === 'import.internal')).toBe(false);
  });

  it('!Select [!Ref AWS::NoValue] (and NoValue as any other function argument) is an error naming the place', () => {
    const yaml = [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Statement: []}',
      '      RoleName: !Select [!Ref AWS::NoValue]',
      '      Path: !Join ["", [!Split [",", !Ref AWS::NoValue]]]',
      '      Description: !Sub "${AWS::NoValue}"',
      '      MaxSessionDuration: !If [C, !Ref AWS::NoValue, 3600]',
      'Conditions:',
      '  C: !Equals [a, a]',
    ].join('\n');
    const { report } = importFiles([{ name: 'novalue.yaml', text: yaml }], opts);
    const errors = report.errors.map((e) => [e.code, e.path, e.range?.start.line]);
    expect(errors).toEqual([
      ['template.invalid', 'Resources.R.Properties.RoleName["Fn::Select"][0]', 6],
      ['template.invalid', 'Resources.R.Properties.Path["Fn::Join"][1][0]["Fn::Split"][1]', 7],
      ['template.invalid', 'Resources.R.Properties.Description["Fn::Sub"]', 8],
    ]);
    expect(report.errors[0].message).toMatch(/Fn::Select was given Ref AWS::NoValue as an argument/);
    // Fn::If's branch is where AWS::NoValue belongs: it removes the property, no error.
  });

  it('a chain of 20,000 references stops at MAX_RESOLVE_DEPTH with one error; a 20,000-long cycle is found', () => {
    const chain: Record<string, unknown> = {};
    const n = 20_000;
    for (let i = 0; i < n; i++)
      chain[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: i < n - 1 ? { Ref: `B${i + 1}` } : 'b' } };
    const report = run('chain.json', { Resources: chain });
    expect(report.errors.map((e) => e.code)).toEqual(['template.too-deep']);
    expect(report.errors[0].message).toMatch(`more than ${MAX_RESOLVE_DEPTH} levels deep`);
    expect(report.errors[0].path).toMatch(/^Resources\.B\d+\.Properties\.BucketName/);
    const cycle: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) cycle[`C${i}`] = { Type: 'AWS::S3::Bucket', DependsOn: `C${(i + 1) % n}` };
    expect(findCycle(cycle)).toHaveLength(n);
  });

  it('the workspace built next to such errors still loads', () => {
    const { workspace } = importFiles(
      [{ name: 'self.json', text: JSON.stringify(role({ Path: { 'Fn::GetAtt': [join('R'), 'Arn'] } })) }],
      opts,
    );
    expect(parseWorkspaceText(serializeWorkspace(workspace), 'out.json').ok).toBe(true);
  });
});

describe('a small template cannot expand into a huge workspace (issue 17)', () => {
  it('a large list parameter repeated in every role policy is refused per policy, at its place, and nothing balloons', () => {
    const list = Array.from({ length: 2000 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`).join(',');
    const resources: Record<string, unknown> = {};
    // 100 roles (5.7 MB resolved) stay inside the import's output budget, so each policy is refused on its own; with 300
    // the budget stops the import first (import-budget.test.ts).
    for (let i = 0; i < 100; i++)
      resources[`R${i}`] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: `r${i}`,
          AssumeRolePolicyDocument: { Statement: [] },
          Policies: [
            {
              PolicyName: 'p',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { Ref: 'L' } }] },
            },
          ],
        },
      };
    const text = JSON.stringify({
      Parameters: { L: { Type: 'CommaDelimitedList', Default: list } },
      Resources: resources,
    });
    const { workspace, report } = importFiles([{ name: 'big.json', text }], opts);
    expect(report.errors).toHaveLength(100);
    expect(report.errors[0]).toMatchObject({ code: 'template.policy-too-large', file: 'big.json' });
    expect(report.errors[0].path).toBe('Resources.R0.Properties.Policies[0].PolicyDocument');
    expect(report.errors[0].message).toMatch(/resolves to \d+ characters; AWS accepts at most 32768/);
    // The template is 75 KB; without the bound the workspace would hold 5.7 MB of ARNs (every role the whole list).
    expect(serializeWorkspace(workspace).length).toBeLessThan(text.length * 2);
  });
});
