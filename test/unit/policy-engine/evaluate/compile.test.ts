import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../policy-engine/catalog';
import { actionMatches, compilePolicy, PolicySet } from '../../../../policy-engine/evaluate/compile';
import { parsePolicy } from '../../../../policy-engine/policy/parse';

const catalog = loadCatalog();
const compile = (Statement: unknown[], id = 'p') =>
  compilePolicy(parsePolicy({ Version: '2012-10-17', Statement }, { policyId: id, policyType: 'identity' }), catalog);

describe('compilePolicy / PolicySet', () => {
  it('skips invalid statements and statements whose conditions do not compile', () => {
    const p = compile([
      { Effect: 'Allow', Action: 's3:GetObject' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NoSuchOperator: { 'aws:userid': 'x' } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    ]);
    expect(p.statements.map((s) => s.index)).toEqual([2]);
  });

  // Actions are case-insensitive and NotAction matches everything not listed: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  it('matches actions case-insensitively, with wildcards and NotAction', () => {
    const [exact, wild, not] = compile([
      { Effect: 'Allow', Action: 'S3:GetObject', Resource: '*' },
      { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['s3:*', 'sts:AssumeRole'], Resource: '*' },
    ]).statements;
    expect(actionMatches(exact, 's3:getobject')).toBe(true);
    expect(actionMatches(exact, 's3:getobjectacl')).toBe(false);
    expect(actionMatches(wild, 's3:getobjectacl')).toBe(true);
    expect(actionMatches(not, 's3:putobject')).toBe(false);
    expect(actionMatches(not, 'sts:assumerole')).toBe(false);
    expect(actionMatches(not, 'dynamodb:getitem')).toBe(true);
  });

  it('indexes statements by action: candidates are exactly the statements whose Action element matches, in order', () => {
    const a = compile(
      [
        { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:GETOBJECT'], Resource: '*' },
        { Sid: 'B', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
      ],
      'a',
    );
    const b = compile(
      [
        { Sid: 'C', Effect: 'Deny', NotAction: 'dynamodb:*', Resource: '*' },
        { Sid: 'D', Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
      ],
      'b',
    );
    const set = new PolicySet([a, b]);
    const sids = (action: string) => set.candidates(action).map((s) => s.sid);
    expect(sids('s3:getobject')).toEqual(['A', 'C', 'D']);
    expect(sids('dynamodb:getitem')).toEqual(['B']);
    expect(sids('s3:putobject')).toEqual(['C']);
    expect(set.candidates('s3:getobject')).toBe(set.candidates('s3:getobject'));
    for (const action of ['s3:getobject', 'dynamodb:getitem', 's3:putobject', 'sts:assumerole']) {
      expect(set.candidates(action)).toEqual(set.statements.filter((s) => actionMatches(s, action)));
    }
  });
});
