import { describe, expect, it } from 'vitest';
import { parsePolicy, policyText } from '../../../../policy-engine/policy/parse';

const meta = { policyId: 'p', policyType: 'identity' as const };

describe('parsePolicy', () => {
  it('gives 1-based line/column ranges for statements and values (end is one past the last character)', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}';
    const p = parsePolicy(text, meta);
    expect(p.diagnostics).toEqual([]);
    expect(p.text).toBe(text);
    const st = p.statements[0];
    expect(st.range).toEqual({ start: { line: 4, column: 5 }, end: { line: 8, column: 6 } });
    expect(st.action?.[0]).toEqual({
      value: 's3:GetObject',
      path: 'Statement[0].Action',
      range: { start: { line: 6, column: 17 }, end: { line: 6, column: 31 } },
    });
    expect(p.version).toBe('2012-10-17');
  });

  // Single values or arrays are accepted wherever AWS accepts them: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
  it('accepts a single statement object and single-string elements as well as arrays', () => {
    const single = parsePolicy(
      { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::b/*' } },
      meta,
    );
    expect(single.statements).toHaveLength(1);
    expect(single.statements[0].path).toBe('Statement');
    expect(single.statements[0].notResource?.map((r) => r.value)).toEqual(['arn:aws:s3:::b/*']);
    const arr = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['a', 'b'] }],
      },
      meta,
    );
    expect(arr.statements[0].action?.map((a) => a.value)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(arr.statements[0].action?.[1].path).toBe('Statement[0].Action[1]');
  });

  it('pretty-prints an object input and positions refer to that text', () => {
    const obj = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    };
    const p = parsePolicy(obj, meta);
    expect(p.text).toBe(JSON.stringify(obj, null, 2));
    expect(p.statements[0].sid).toBe('A');
    expect(p.statements[0].range.start).toEqual({ line: 4, column: 5 });
  });

  // IAM's APIs return policy documents URL-encoded: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
  it('detects and decodes a URL-encoded document', () => {
    const doc =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/a b"}]}';
    const p = parsePolicy(encodeURIComponent(doc), meta);
    expect(p.text).toBe(doc);
    expect(p.diagnostics).toEqual([]);
    expect(p.statements[0].resource?.[0].value).toBe('arn:aws:s3:::b/a b');
    expect(policyText('%7Bbad%')).toBe('%7Bbad%');
  });

  it('reports bad JSON with line and column, never throwing', () => {
    const p = parsePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" ,, } ]\n}', meta);
    const d = p.diagnostics.find((x) => x.code === 'policy.invalid-json');
    expect(d?.severity).toBe('error');
    expect(d?.range?.start.line).toBe(3);
    expect(d?.message).toMatch(/line 3, column \d+/);
    expect(p.statements).toEqual([]);
    expect(parsePolicy('', meta).diagnostics[0].code).toBe('policy.invalid-json');
    expect(parsePolicy('[1]', meta).diagnostics[0].code).toBe('policy.invalid-shape');
  });

  it('treats __proto__ keys as plain data and never pollutes prototypes', () => {
    const text =
      '{"Version":"2012-10-17","__proto__":{"polluted":true},"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"__proto__":{"__proto__":"x"},"StringEquals":{"__proto__":"y"}}}]}';
    const p = parsePolicy(text, meta);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(p.elements).toContain('__proto__');
    const keys = p.statements[0].conditions.map((c) => `${c.operator}/${c.key}`);
    expect(keys).toEqual(['__proto__/__proto__', 'StringEquals/__proto__']);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  // Principal forms: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  it('reads every Principal form and turns a bare account id into the account root ARN', () => {
    const p = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: {
              AWS: ['111122223333', 'arn:aws:iam::111122223333:role/R'],
              Service: 'lambda.amazonaws.com',
              Federated: 'cognito-identity.amazonaws.com',
              CanonicalUser: 'abc',
            },
            Action: 's3:GetObject',
            Resource: '*',
          },
          { Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' },
        ],
      },
      { policyId: 'r', policyType: 'resource' },
    );
    expect(p.diagnostics).toEqual([]);
    expect(p.statements[0].principal?.wildcard).toBe(true);
    expect(p.statements[1].principal?.entries.map((e) => [e.type, e.normalized])).toEqual([
      ['AWS', 'arn:aws:iam::111122223333:root'],
      ['AWS', 'arn:aws:iam::111122223333:role/R'],
      ['Service', 'lambda.amazonaws.com'],
      ['Federated', 'cognito-identity.amazonaws.com'],
      ['CanonicalUser', 'abc'],
    ]);
    expect(p.statements[2].notPrincipal?.wildcard).toBe(true);
  });

  it('reads conditions: one spec per operator/key, scalars as strings, with paths', () => {
    const p = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: '*',
            Condition: {
              StringLike: { 's3:prefix': ['a/*', 'b/*'] },
              Bool: { 'aws:SecureTransport': true },
              NumericLessThan: { 's3:max-keys': 10 },
            },
          },
        ],
      },
      meta,
    );
    expect(p.statements[0].conditions.map((c) => [c.operator, c.key, c.values, c.path])).toEqual([
      ['StringLike', 's3:prefix', ['a/*', 'b/*'], 'Statement[0].Condition.StringLike["s3:prefix"]'],
      ['Bool', 'aws:SecureTransport', ['true'], 'Statement[0].Condition.Bool["aws:SecureTransport"]'],
      ['NumericLessThan', 's3:max-keys', ['10'], 'Statement[0].Condition.NumericLessThan["s3:max-keys"]'],
    ]);
  });

  it('marks statements invalid (and reports) when IAM would reject them', () => {
    const p = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Action: 's3:GetObject', Resource: '*' },
          { Effect: 'allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' },
          { Effect: 'Allow', Action: 's3:GetObject' },
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', Action: [1], Resource: '*' },
        ],
      },
      meta,
    );
    expect(p.statements.map((s) => s.valid)).toEqual([false, false, false, false, false, true, false]);
    const codes = p.diagnostics.map((d) => d.code);
    for (const c of [
      'policy.missing-effect',
      'policy.invalid-effect',
      'policy.action-and-notaction',
      'policy.missing-resource',
      'policy.principal-in-identity',
      'policy.invalid-shape',
    ])
      expect(codes).toContain(c);
    expect(p.diagnostics.every((d) => d.policyId === 'p' && d.path.startsWith('Statement'))).toBe(true);
  });

  it('requires a Principal in resource policies and allows a missing Resource in trust policies', () => {
    const rp = parsePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      { policyId: 'r', policyType: 'resource' },
    );
    expect(rp.diagnostics.map((d) => d.code)).toEqual(['policy.missing-principal']);
    const trust = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      { policyId: 't', policyType: 'trust' },
    );
    expect(trust.diagnostics).toEqual([]);
    expect(trust.statements[0].valid).toBe(true);
  });

  it('records the Version as given (null when absent)', () => {
    expect(parsePolicy({ Statement: [] }, meta).version).toBeNull();
    expect(parsePolicy({ Version: '2008-10-17', Statement: [] }, meta).version).toBe('2008-10-17');
  });
});
