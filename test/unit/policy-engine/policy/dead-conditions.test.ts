/**
 * The validator flags a condition on a key the statement's action never carries (Service Authorization Reference, as
 * the bundled catalog has it) when the operator is false on a missing key: the statement can never match (Allow) /
 * never applies (Deny) for that action, naming the key and the action.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../policy-engine/catalog';
import { parsePolicy } from '../../../../policy-engine/policy/parse';
import { validatePolicy } from '../../../../policy-engine/policy/validate';

const catalog = loadCatalog();
const dead = (statement: Record<string, unknown>) => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
  return validatePolicy(parsePolicy(text, { policyId: 'p', policyType: 'identity' }), catalog).filter(
    (d) => d.code === 'policy.dead-condition',
  );
};

describe('policy.dead-condition', () => {
  it('s3:prefix on s3:GetObject (Allow): the statement can never match, key and action named, at the condition', () => {
    const d = dead({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { StringLike: { 's3:prefix': 'home/*' } },
    });
    expect(d).toHaveLength(1);
    expect(d[0].severity).toBe('warning');
    expect(d[0].message).toContain('s3:GetObject never carries the key s3:prefix');
    expect(d[0].message).toContain('this statement can never match.');
    expect(d[0].path).toContain('s3:prefix');
    expect(d[0].range).toBeDefined();
  });

  it('a Deny never applies; with a second action that carries the key only the first is named', () => {
    const d = dead({
      Effect: 'Deny',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: '*',
      Condition: { StringEquals: { 's3:prefix': 'x/' } },
    });
    expect(d.map((x) => x.message)).toEqual([expect.stringContaining('this Deny never applies to s3:GetObject.')]);
  });

  it('a wildcard action is dead only when none of the actions it stands for carries the key', () => {
    const get = dead({
      Effect: 'Allow',
      Action: 's3:Get*',
      Resource: '*',
      Condition: { StringLike: { 's3:prefix': 'a' } },
    });
    expect(get[0].message).toMatch(/none of the \d+ actions s3:Get\* stands for carries the key s3:prefix/);
    expect(
      dead({ Effect: 'Allow', Action: 's3:List*', Resource: '*', Condition: { StringLike: { 's3:prefix': 'a' } } }),
    ).toEqual([]);
  });

  it('not flagged: IfExists, negated operators, Null true, ForAllValues, global keys, keys the action carries, NotAction', () => {
    const cases: Record<string, unknown>[] = [
      { StringLikeIfExists: { 's3:prefix': 'a' } },
      { StringNotEquals: { 's3:prefix': 'a' } },
      { Null: { 's3:prefix': 'true' } },
      { 'ForAllValues:StringEquals': { 's3:prefix': 'a' } },
      { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
      { StringEquals: { 's3:ExistingObjectTag/team': 'a' } },
      { StringEquals: { 'cognito-identity.amazonaws.com:sub': 'a' } },
    ];
    for (const Condition of cases)
      expect(
        dead({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition }),
        JSON.stringify(Condition),
      ).toEqual([]);
    expect(
      dead({
        Effect: 'Allow',
        NotAction: 's3:ListBucket',
        Resource: '*',
        Condition: { StringLike: { 's3:prefix': 'a' } },
      }),
    ).toEqual([]);
    // Null "false" (the key must be present) on a key never carried is dead.
    expect(
      dead({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Null: { 's3:prefix': 'false' } } }),
    ).toHaveLength(1);
    // dynamodb:LeadingKeys on an item action is carried; on dynamodb:ListTables it is not.
    const lk = { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['${cognito-identity.amazonaws.com:sub}'] } };
    expect(dead({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: lk })).toEqual([]);
    expect(dead({ Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*', Condition: lk })).toHaveLength(1);
  });
});
