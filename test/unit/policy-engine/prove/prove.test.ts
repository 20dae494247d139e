import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { prove, proveSteps, ProveInputError } from '../../../../policy-engine/prove/index';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const root = resolve(__dirname, '../../../..');
const now = new Date('2026-11-01T00:00:00Z');
const demo = (): Workspace =>
  JSON.parse(readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8')) as Workspace;
const BUCKET = 'arn:aws:s3:::demo-app-user-files';
const NOTES = 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes';
const OTHER = 'us-east-1:00000000-0000-4000-8000-0000000000aa';

/** The demo with the per-user S3 statement widened from private/${sub}/* to private/*. */
function widened(): Workspace {
  const text = readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8').replace(
    `"Resource": "${BUCKET}/private/\${cognito-identity.amazonaws.com:sub}/*"`,
    `"Resource": "${BUCKET}/private/*"`,
  );
  return JSON.parse(text) as Workspace;
}

describe('prove on the demo workspace', () => {
  it('proves that no guest, with any identity id or context, can write anywhere in the bucket', () => {
    const pw = prepareWorkspace(demo());
    const r = prove(
      pw,
      { action: 's3:PutObject', resource: `${BUCKET}/*`, classFilter: (c) => c.kind === 'guest' },
      { now },
    );
    expect(r.possible).toBe(false);
    expect(r.complete).toBe(true);
    expect(r.witnesses).toEqual([]);
  });

  it('finds the admin rule as a way to write public objects, with a witness the engine answers allowed', () => {
    const pw = prepareWorkspace(demo());
    const r = prove(pw, { action: 's3:PutObject', resource: `${BUCKET}/public/*` }, { now });
    expect(r.possible).toBe(true);
    // The rule on cognito:groups "admins", and (the demo holds its user pool) the members of group admins.
    expect(r.classes.filter((c) => c.outcome === 'allowed').map((c) => [c.roleArn, c.who.split(' (')[0]])).toEqual([
      ['arn:aws:iam::123456789012:role/AppAdmin', expect.stringMatching(/whose cognito:groups Contains "admins"$/)],
      ['arn:aws:iam::123456789012:role/AppAdmin', 'members of group admins of user pool demo-app-users'],
    ]);
    for (const w of r.witnesses) {
      expect(w.request.resource.startsWith(`${BUCKET}/public/`)).toBe(true);
      expect(evaluateRequest(pw, w.request, { now }).decision).toBe('allowed');
    }
  });

  // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — ${cognito-identity.amazonaws.com:sub} scopes a folder to its owner.
  it("proves that a user of the default role cannot read another identity's private folder, and finds it once the statement is widened", () => {
    const question = {
      action: 's3:GetObject',
      resource: `${BUCKET}/private/${OTHER}/*`,
      excludeIdentityIds: [OTHER],
      classFilter: (c: { kind: string }) => c.kind === 'default',
    };
    const before = prove(prepareWorkspace(demo()), question, { now });
    expect(before.possible).toBe(false);
    expect(before.complete).toBe(true);
    const pw = prepareWorkspace(widened());
    const after = prove(pw, question, { now });
    expect(after.possible).toBe(true);
    const w = after.witnesses[0];
    expect(w.request.identity?.identityId).not.toBe(OTHER);
    expect(evaluateRequest(pw, w.request, { now }).decision).toBe('allowed');
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html — an item request carries its partition key.
  it('gives DynamoDB item witnesses a dynamodb:LeadingKeys context, as every item request has', () => {
    const pw = prepareWorkspace(demo());
    const r = prove(
      pw,
      { action: 'dynamodb:GetItem', resource: NOTES, classFilter: (c) => c.kind === 'default' },
      { now },
    );
    expect(r.possible).toBe(true);
    for (const w of r.witnesses) expect(w.request.context?.['dynamodb:LeadingKeys']).toBeDefined();
  });

  it('refuses an action outside S3/DynamoDB/STS and a resource that is not an ARN pattern', () => {
    const pw = prepareWorkspace(demo());
    expect(() => prove(pw, { action: 'ec2:RunInstances', resource: '*' }, { now })).toThrow(ProveInputError);
    expect(() => prove(pw, { action: 's3:GetObject', resource: 'bucket/*' }, { now })).toThrow(/not an ARN pattern/);
    expect(() => prove(pw, { action: 's3:NoSuchAction', resource: '*' }, { now })).toThrow(/not a known s3 action/);
  });

  it('names the closest action for a misspelt one, and the service only when it has an action of that name', () => {
    const pw = prepareWorkspace(demo());
    expect(() => prove(pw, { action: 's3:GetObjct', resource: '*' }, { now })).toThrow(
      /not a known s3 action; did you mean "s3:GetObject"\?/,
    );
    expect(() => prove(pw, { action: 'dynamo:GetItem', resource: '*' }, { now })).toThrow(
      /S3, DynamoDB and STS actions only \(got the service "dynamo"\); did you mean "dynamodb:GetItem"\?/,
    );
    // sqs is one letter from sts, but STS has no SendMessage: no guess.
    expect(() => prove(pw, { action: 'sqs:SendMessage', resource: '*' }, { now })).toThrow(
      /\(got the service "sqs"\)$/,
    );
  });

  it('answers the same one identity class at a time (proveSteps), yielding after each class', () => {
    const pw = prepareWorkspace(demo());
    const q = { action: 's3:PutObject', resource: `${BUCKET}/public/*` };
    const steps = proveSteps(pw, q, { now });
    const seen: number[] = [];
    let s = steps.next();
    for (; !s.done; s = steps.next()) seen.push(s.value.done);
    const whole = prove(pw, q, { now });
    expect(seen[0]).toBe(0);
    expect(seen).toEqual([...seen.keys()]);
    expect(seen.length).toBe(whole.classes.length);
    expect(JSON.stringify(s.value)).toBe(JSON.stringify(whole));
  });

  it('throws a refused question from the first step of proveSteps', () => {
    const pw = prepareWorkspace(demo());
    expect(() => proveSteps(pw, { action: 'ec2:RunInstances', resource: '*' }, { now }).next()).toThrow(
      ProveInputError,
    );
  });

  it('stops when told to and says the question was not covered', () => {
    const pw = prepareWorkspace(demo());
    const r = prove(pw, { action: 's3:*', resource: '*' }, { now, shouldStop: () => true });
    expect(r.complete).toBe(false);
    expect(r.covered.decided).toBeLessThan(r.covered.total);
    expect(r.undecided.length).toBeGreaterThan(0);
  });
});

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html — a Scan carries no partition key.
describe('prove: the shape of a Scan', () => {
  it('never gives a Scan a dynamodb:LeadingKeys context: a statement that requires one cannot allow a Scan', () => {
    const w = demo();
    const p = w.iam!.Policies!.find((x) => x.PolicyName === 'DemoAppNotesOwnItems')!;
    const doc = p.PolicyVersionList!.find((v) => v.IsDefaultVersion)!.Document as {
      Statement: { Action: string[]; Condition: Record<string, unknown> }[];
    };
    doc.Statement[0].Action.push('dynamodb:Scan');
    const scan = {
      action: 'dynamodb:Scan',
      resource: NOTES,
      classFilter: (c: { kind: string }) => c.kind === 'default',
    };
    // ForAllValues over an absent key is true: the Scan is allowed, with no LeadingKeys in the witness.
    const open = prove(prepareWorkspace(w), scan, { now });
    expect(open.possible).toBe(true);
    for (const wi of open.witnesses) expect(wi.request.context?.['dynamodb:LeadingKeys']).toBeUndefined();
    // With "Null": false the statement needs partition keys, which a Scan never has: proved impossible.
    doc.Statement[0].Condition.Null = { 'dynamodb:LeadingKeys': 'false' };
    const closed = prove(prepareWorkspace(w), scan, { now });
    expect(closed.possible).toBe(false);
    expect(closed.complete).toBe(true);
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
// aws:ResourceAccount is the account that owns the resource: a statement conditioned on it holds in one account's
// tables and not in another's, so the prover settles it per zone (account), never carries one zone's answer to another.
describe('prove with tables in two accounts', () => {
  it("finds an own-account table a statement on aws:ResourceAccount allows, after searching another account's table", () => {
    const ws = demo();
    const user = ws.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppUser')!;
    const doc = user.RolePolicyList![0].PolicyDocument as { Statement: unknown[] };
    doc.Statement.push({
      Sid: 'OwnAccountOnly',
      Effect: 'Allow',
      Action: 'dynamodb:DescribeTable',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } },
    });
    const shared = 'arn:aws:dynamodb:us-east-1:999988887777:table/Shared';
    ws.resourcePolicies!.push({
      resourceArn: shared,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: 'dynamodb:DescribeTable',
            Resource: shared,
          },
        ],
      },
    });
    const pw = prepareWorkspace(ws);
    const other = 'arn:aws:dynamodb:us-east-1:123456789012:table/Other';
    const r = prove(pw, { action: 'dynamodb:DescribeTable', resource: other }, { now });
    expect(r.possible).toBe(true);
    expect(r.witnesses.length).toBeGreaterThan(0);
    for (const w of r.witnesses) {
      expect(w.request.resource).toBe(other);
      expect(evaluateRequest(pw, w.request, { now }).decision).toBe('allowed');
    }
  });
});
