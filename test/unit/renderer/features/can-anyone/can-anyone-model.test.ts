import { describe, expect, it } from 'vitest';
import {
  canAsk,
  checkQuestionInput,
  coverageText,
  verdictOf,
  witnessLines,
} from '../../../../../renderer/src/features/can-anyone/can-anyone-model';
import type { ProveResult } from '../../../../../renderer/src/engine/protocol';

const KNOWN = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 'dynamodb:GetItem', 'dynamodb:PutItem'];

function result(over: Partial<ProveResult>): ProveResult {
  return {
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/*',
    possible: false,
    complete: true,
    witnesses: [],
    assumptions: [],
    undecided: [],
    covered: { decided: 3, total: 3 },
    classes: [
      { who: 'guests of pool p', classKey: 'g', roleArn: 'arn:aws:iam::1:role/G', outcome: 'impossible' },
      { who: 'users who match no rule', classKey: 'd', roleArn: 'arn:aws:iam::1:role/U', outcome: 'impossible' },
      { who: 'basic flow asking for X', classKey: 'b', roleArn: null, outcome: 'noCredentials' },
    ],
    ...over,
  };
}

describe('Can anyone?: the question as typed', () => {
  it('accepts a known action, an action pattern that matches one, STS actions (left to the engine) and ARN patterns', () => {
    expect(checkQuestionInput('s3:PutObject', 'arn:aws:s3:::b/*', KNOWN)).toEqual({});
    expect(checkQuestionInput('s3:Put*', '*', KNOWN)).toEqual({});
    expect(checkQuestionInput('sts:AssumeRoleWithWebIdentity', '*', KNOWN)).toEqual({});
    expect(
      checkQuestionInput('s3:GetObject', 'arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*', KNOWN),
    ).toEqual({});
  });

  it('names a misspelt action with the closest one, and a misspelt service when an action of that name exists', () => {
    expect(checkQuestionInput('s3:PutObjekt', '*', KNOWN).action).toEqual({
      message: 's3:PutObjekt is not a known s3 action.',
      suggestion: 's3:PutObject',
    });
    expect(checkQuestionInput('dynamo:GetItem', '*', KNOWN).action?.suggestion).toBe('dynamodb:GetItem');
    expect(checkQuestionInput('ec2:RunInstances', '*', KNOWN).action).toEqual({
      message: 'The prover answers S3, DynamoDB and STS actions only (this is the service "ec2").',
    });
    expect(checkQuestionInput('s3:Zap*', '*', KNOWN).action?.message).toBe('s3:Zap* matches no s3 action.');
    expect(checkQuestionInput('GetObject', '*', KNOWN).action?.message).toMatch(/not a service:Action name/);
  });

  it('refuses a resource that is not an ARN pattern, or has an unclosed variable; empty fields cannot be asked', () => {
    expect(checkQuestionInput('s3:GetObject', 'bucket/*', KNOWN).resource?.message).toMatch(/Not an ARN pattern/);
    expect(checkQuestionInput('s3:GetObject', 'arn:aws:s3:::b/${aws:username', KNOWN).resource?.message).toMatch(
      /not closed/,
    );
    expect(canAsk('s3:GetObject', '', {})).toBe(false);
    expect(canAsk('s3:GetObject', '*', {})).toBe(true);
    expect(canAsk('s3:GetObjekt', '*', checkQuestionInput('s3:GetObjekt', '*', KNOWN))).toBe(false);
  });
});

describe('Can anyone?: the answer in words', () => {
  it('says "no one can" only for a complete proof, and "not decided" otherwise', () => {
    expect(verdictOf(result({})).tone).toBe('proved');
    expect(verdictOf(result({})).headline).toMatch(/^No one can s3:PutObject on arn:aws:s3:::b\/\*: proved/);
    const partial = result({ complete: false, undecided: [{ who: 'x', why: 'not reached before the time limit' }] });
    expect(verdictOf(partial).tone).toBe('undecided');
  });

  it('says beside the verdict that role chains are not followed, only when the answer lists chains (issue 11)', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
    const chained = result({
      assumptions: [{ id: 'proveNoRoleChaining', text: 'arn:aws:iam::1:role/A → arn:aws:iam::1:role/B' }],
    });
    expect(verdictOf(chained).tone).toBe('proved');
    expect(verdictOf(chained).caveat).toMatch(/^Role chaining is not followed: this answer covers each identity/);
    expect(verdictOf(result({})).caveat).toBeUndefined();
  });

  it('counts the classes that are allowed, and says what was covered', () => {
    const r = result({
      possible: true,
      classes: [
        { who: 'a', classKey: 'a', roleArn: null, outcome: 'allowed' },
        { who: 'b', classKey: 'b', roleArn: null, outcome: 'allowed' },
        { who: 'c', classKey: 'c', roleArn: null, outcome: 'notReached' },
      ],
      covered: { decided: 2, total: 3 },
    });
    expect(verdictOf(r).headline).toBe('Yes: 2 identity classes can s3:PutObject on arn:aws:s3:::b/*.');
    expect(coverageText(r)).toBe(
      '3 identity classes asked (2 allowed, 1 not reached); 2 of 3 class × action questions decided.',
    );
    expect(coverageText(result({}))).toBe(
      '3 identity classes asked (2 refused for every request, 1 get no credentials); 3 of 3 class × action questions decided.',
    );
  });

  it('spells a witness out: pool, provider or guest, claims, identity id, then the request', () => {
    const lines = witnessLines({
      identity: {
        identityPoolId: 'us-east-1:pool',
        provider: 'accounts.google.com',
        claims: { sub: 'x' },
        identityId: 'us-east-1:5e1f',
      },
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/x',
      context: { 'aws:SourceIp': '10.0.0.1' },
    });
    expect(lines.map((l) => l.label)).toEqual([
      'Identity pool',
      'Signed in with',
      'Claims',
      'Identity id',
      'Action',
      'Resource',
      'Context',
    ]);
    const guest = witnessLines({ identity: { identityPoolId: 'p' }, action: 'a', resource: 'r' });
    expect(guest.find((l) => l.label === 'Signed in with')?.value).toBe('nothing (a guest)');
    const member = witnessLines({
      identity: {
        identityPoolId: 'p',
        user: { userPoolId: 'us-east-1_X', clientId: 'c1', username: 'm', groups: ['admins'], attributes: {} },
      },
      action: 'a',
      resource: 'r',
    });
    expect(member.slice(0, 3)).toEqual([
      { label: 'Identity pool', value: 'p' },
      { label: 'User pool user', value: 'm of us-east-1_X, app client c1' },
      { label: 'Groups', value: 'admins' },
    ]);
  });
});
