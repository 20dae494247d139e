import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import {
  canAsk,
  checkQuestionInput,
  coverageText,
  verdictOf,
  witnessLines,
} from '../../../../../renderer/src/features/can-anyone/can-anyone-model';
import type { ProveResult } from '../../../../../renderer/src/engine/protocol';
import { main } from '../../../../../cli/rolecall';
import type { Io } from '../../../../../cli/io';

const root = resolve(__dirname, '../../../../..');
const now = new Date('2026-11-01T00:00:00Z');
const DEMO = 'examples/demo.rolecall.json';

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

describe("Can anyone?: the question as typed (the engine's own checks)", () => {
  it('accepts a known action, an action pattern that matches one, STS actions and ARN patterns', () => {
    expect(checkQuestionInput('s3:PutObject', 'arn:aws:s3:::b/*')).toEqual({});
    expect(checkQuestionInput('s3:Put*', '*')).toEqual({});
    expect(checkQuestionInput('sts:AssumeRoleWithWebIdentity', '*')).toEqual({});
    expect(checkQuestionInput('dynamodb:Query', 'arn:aws:dynamodb:eu-west-1:111122223333:table/T')).toEqual({});
  });

  it('names a misspelt action with the closest one, and a misspelt service when an action of that name exists', () => {
    expect(checkQuestionInput('s3:PutObjekt', '*').action).toEqual({
      message: 's3:PutObjekt is not a known s3 action.',
      suggestion: 's3:PutObject',
    });
    expect(checkQuestionInput('dynamo:GetItem', '*').action?.suggestion).toBe('dynamodb:GetItem');
    expect(checkQuestionInput('ec2:RunInstances', '*').action).toEqual({
      message: 'ec2:RunInstances: the prover answers S3, DynamoDB and STS actions only (got the service "ec2").',
    });
    expect(checkQuestionInput('s3:Zap*', '*').action?.message).toBe('s3:Zap* matches no s3 action.');
    expect(checkQuestionInput('GetObject', '*').action?.message).toMatch(/not a service:Action name/);
    expect(checkQuestionInput('sts:AssumeRoleWithWebIdentty', '*').action?.suggestion).toBe(
      'sts:AssumeRoleWithWebIdentity',
    );
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (variables in Resource;
  // ${$}, ${*}, ${?} stand for the literal characters)
  it('accepts a resource with policy variables (and the ${$} escape), as `rolecall prove` does', () => {
    const vars = [
      'arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*',
      'arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team}/*',
      'arn:aws:s3:::b/price${$}list/*',
    ];
    for (const r of vars) expect(checkQuestionInput('s3:GetObject', r), r).toEqual({});
  });

  it('refuses a resource that is not an ARN pattern, or has an unclosed variable; empty fields cannot be asked', () => {
    expect(checkQuestionInput('s3:GetObject', 'bucket/*').resource?.message).toMatch(/is not an ARN pattern/);
    expect(checkQuestionInput('s3:GetObject', 'arn:aws:s3:::b/${aws:username').resource?.message).toMatch(
      /has a malformed \$\{…\} variable/,
    );
    expect(checkQuestionInput('', '').action).toBeUndefined();
    expect(canAsk('s3:GetObject', '', {})).toBe(false);
    expect(canAsk('s3:GetObject', '*', {})).toBe(true);
    expect(canAsk('s3:GetObjekt', '*', checkQuestionInput('s3:GetObjekt', '*'))).toBe(false);
  });

  it('says what `rolecall prove` says for the same question (its one-line refusal, without the flag)', async () => {
    const refusalOf = async (action: string, resource: string) => {
      let err = '';
      const io: Io = { stdout: () => undefined, stderr: (s) => (err += s), cwd: root, now: () => now };
      const code = await main(['prove', '--workspace', DEMO, '--action', action, '--resource', resource], io);
      expect(code).toBe(2);
      return err.trim();
    };
    const asApp = (p: { message: string; suggestion?: string } | undefined) =>
      p && `${p.message.replace(/\.$/, '')}${p.suggestion ? `; did you mean "${p.suggestion}"?` : ''}`;
    const questions: [string, string, 'action' | 'resource'][] = [
      ['s3:GetObject', 'bucket/*', 'resource'],
      ['s3:GetObject', 'arn:aws:s3:::b/${aws:username', 'resource'],
      ['s3:PutObjekt', '*', 'action'],
      ['ec2:RunInstances', '*', 'action'],
      ['s3:Zap*', '*', 'action'],
    ];
    for (const [action, resource, field] of questions) {
      const app = asApp(checkQuestionInput(action, resource)[field]);
      expect(app, `${action} ${resource}`).toBeDefined();
      expect(await refusalOf(action, resource)).toBe(`rolecall prove: --${field} ${app}`);
    }
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
