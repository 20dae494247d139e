import { describe, expect, it } from 'vitest';
import { checkQuestionAction, checkQuestionResource, ProveInputError } from '../../../../policy-engine/prove/question';
import { loadCatalog } from '../../../../policy-engine/catalog/index';

const catalog = loadCatalog();

function refusal(check: () => unknown): ProveInputError {
  try {
    check();
  } catch (e) {
    if (e instanceof ProveInputError) return e;
    throw e;
  }
  throw new Error('the check accepted the question');
}

// The actions: the Service Authorization Reference lists each service's actions,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
describe('the prover question: its action', () => {
  it('stands for the catalog spelling of a name given in any case, trimmed', () => {
    expect(checkQuestionAction(catalog, '  S3:getobject ')).toEqual(['s3:GetObject']);
  });

  // Wildcards in Action: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  it('expands a * / ? pattern to every action of the service it matches, ignoring case', () => {
    const puts = checkQuestionAction(catalog, 'dynamodb:put*');
    expect(puts).toContain('dynamodb:PutItem');
    expect(puts.every((a) => /^dynamodb:Put/.test(a))).toBe(true);
    expect(checkQuestionAction(catalog, 'sts:AssumeRol?')).toEqual(['sts:AssumeRole']);
  });

  it('refuses with the field, the reason, and the CLI line that carries the flag and the suggestion', () => {
    const e = refusal(() => checkQuestionAction(catalog, 'dynamodb:GetItm'));
    expect(e.field).toBe('action');
    expect(e.reason).toBe('dynamodb:GetItm is not a known dynamodb action');
    expect(e.suggestion).toBe('dynamodb:GetItem');
    expect(e.message).toBe('--action dynamodb:GetItm is not a known dynamodb action; did you mean "dynamodb:GetItem"?');
  });

  it('guesses no service for a pattern outside S3/DynamoDB/STS', () => {
    const e = refusal(() => checkQuestionAction(catalog, 'dynamo:Get*'));
    expect(e.suggestion).toBeUndefined();
    expect(e.message).toBe(
      '--action dynamo:Get*: the prover answers S3, DynamoDB and STS actions only (got the service "dynamo")',
    );
  });
});

// Policy variables in Resource and their escapes:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
describe('the prover question: its resource', () => {
  it('accepts "*", an ARN pattern, whole variables and the ${*} ${?} ${$} escapes', () => {
    for (const r of [
      ' * ',
      'arn:aws:s3:::b/*',
      'arn:aws:dynamodb:*:111122223333:table/${aws:PrincipalTag/t}',
      'arn:aws:s3:::b/${*}${?}${$}/x',
    ])
      expect(() => checkQuestionResource(r), r).not.toThrow();
  });

  it('refuses an ARN without a resource part and a variable that is not closed', () => {
    const noResource = refusal(() => checkQuestionResource('arn:aws:s3:::'));
    expect(noResource.field).toBe('resource');
    expect(noResource.reason).toMatch(/^"arn:aws:s3:::" is not an ARN pattern/);
    const open = refusal(() => checkQuestionResource('arn:aws:s3:::b/${aws:userid/*'));
    expect(open.message).toBe('--resource "arn:aws:s3:::b/${aws:userid/*" has a malformed ${…} variable');
  });
});
