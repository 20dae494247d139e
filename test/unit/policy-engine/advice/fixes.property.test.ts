/**
 * Property: on a corpus of generated denied requests (guests, users and admins of the demo app and the QA photo app,
 * every S3 and DynamoDB action, own and other users' objects and items, Scans), no fix the advisor suggests
 * introduces a high finding or breaks per-user scoping. Each check is made here independently of the advisor's own:
 * the fix is applied, the audit re-run, and another identity's request for the same data re-evaluated.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareWorkspace, type PreparedWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { auditWorkspace } from '../../../../policy-engine/analysis/index';
import { applyFix, suggestFixes } from '../../../../policy-engine/advice/fixes';
import { checkIsolation } from '../../../../policy-engine/prove/index';
import type { IdentityInput, Request } from '../../../../policy-engine/model/request';
import { NOW } from '../analysis/helpers';

const root = resolve(__dirname, '../../../..');
const load = (f: string) => prepareWorkspace(JSON.parse(readFileSync(resolve(root, f), 'utf8')));

interface World {
  pw: PreparedWorkspace;
  pool: string;
  users: IdentityInput[];
  buckets: string[];
  tables: string[];
  highKeys: Set<string>;
  /** Cross-user isolation breaks the workspace already has (non-operator classes). */
  breaks: Set<string>;
}

const key = (f: {
  ruleId: string;
  message: string;
  location: { policyId?: string; arn?: string; resourceArn?: string; statementIndex?: number };
}) =>
  `${f.ruleId}|${f.location.policyId ?? f.location.arn ?? f.location.resourceArn ?? ''}|${f.location.statementIndex ?? ''}|${f.message}`;
const highs = (pw: PreparedWorkspace) =>
  new Set(
    auditWorkspace(pw, { now: NOW })
      .findings.filter((f) => f.severity === 'high')
      .map(key),
  );

/**
 * Per-user scoping over the whole workspace, not only the request: every (class, per-user store, action) for which
 * some identity can reach another identity's data (prove/isolation, the same check `rolecall diff` reports).
 */
const isolationBreaks = (pw: PreparedWorkspace) =>
  new Set(
    checkIsolation(pw, { now: NOW })
      .breaks.filter((b) => !b.operator)
      .map((b) => `${b.classKey}|${b.store.kind} ${b.store.pattern}|${b.action}`),
  );

function world(file: string, pool: string, users: IdentityInput[], buckets: string[], tables: string[]): World {
  const pw = load(file);
  return { pw, pool, users, buckets, tables, highKeys: highs(pw), breaks: isolationBreaks(pw) };
}

const DEMO_POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const DEMO_UP = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234';
const demoClaims = (sub: string, groups?: string[]) => ({
  sub,
  aud: '4pq2demo0client0id0000001',
  iss: `https://${DEMO_UP}`,
  ...(groups ? { 'cognito:groups': groups } : {}),
});
const QA_POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const googleClaims = (sub: string) => ({
  sub,
  aud: '999-qa.apps.googleusercontent.com',
  iss: 'https://accounts.google.com',
});

const worlds: World[] = [
  world(
    'examples/demo.rolecall.json',
    DEMO_POOL,
    [
      { identityPoolId: DEMO_POOL, provider: null },
      { identityPoolId: DEMO_POOL, provider: DEMO_UP, claims: demoClaims('u1') },
      { identityPoolId: DEMO_POOL, provider: DEMO_UP, claims: demoClaims('a1', ['admins']) },
    ],
    ['arn:aws:s3:::demo-app-user-files'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/Notes'],
  ),
  world(
    'test/fixtures/qa/photo-app.rolecall.json',
    QA_POOL,
    [
      { identityPoolId: QA_POOL, provider: null },
      { identityPoolId: QA_POOL, provider: 'accounts.google.com', claims: googleClaims('g1') },
    ],
    ['arn:aws:s3:::qa-photos', 'arn:aws:s3:::partner-reports'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/QaNotes'],
  ),
];

const S3_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:GetObjectTagging',
  's3:PutObjectAcl',
  's3:ListBucket',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
];
const DDB_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DescribeTable',
  'dynamodb:DeleteTable',
];
const IDS = ['us-east-1:aaaaaaaa-1111-4111-8111-000000000001', 'us-east-1:bbbbbbbb-2222-4222-8222-000000000002'];

const arbRequest = fc
  .record({
    w: fc.nat({ max: worlds.length - 1 }),
    who: fc.nat({ max: 2 }),
    me: fc.constantFrom(...IDS),
    owner: fc.constantFrom('me', 'other', 'none'),
    folder: fc.constantFrom('private', 'public', 'inbox', 'protected'),
    s3: fc.boolean(),
    s3Action: fc.constantFrom(...S3_ACTIONS),
    ddbAction: fc.constantFrom(...DDB_ACTIONS),
    withKeys: fc.boolean(),
    bucket: fc.nat({ max: 1 }),
  })
  .map((g) => {
    const w = worlds[g.w];
    const base = w.users[Math.min(g.who, w.users.length - 1)];
    const other = IDS.find((id) => id !== g.me)!;
    const identity: IdentityInput = { ...base, identityId: g.me };
    const ownerId = g.owner === 'me' ? g.me : g.owner === 'other' ? other : null;
    let request: Request;
    if (g.s3) {
      const bucket = w.buckets[Math.min(g.bucket, w.buckets.length - 1)];
      const key = ownerId ? `${g.folder}/${ownerId}/photo.jpg` : `${g.folder}/photo.jpg`;
      request =
        g.s3Action === 's3:ListBucket'
          ? {
              identity,
              action: g.s3Action,
              resource: bucket,
              context: { 's3:prefix': ownerId ? `${g.folder}/${ownerId}/` : `${g.folder}/` },
            }
          : /Bucket/.test(g.s3Action)
            ? { identity, action: g.s3Action, resource: bucket }
            : { identity, action: g.s3Action, resource: `${bucket}/${key}` };
    } else {
      const table = w.tables[0];
      request = {
        identity,
        action: g.ddbAction,
        resource: table,
        ...(g.withKeys && ownerId && g.ddbAction !== 'dynamodb:Scan'
          ? { context: { 'dynamodb:LeadingKeys': [ownerId] } }
          : {}),
      };
    }
    return { world: g.w, request, other };
  });

describe('fix advisor property', () => {
  it('no suggested fix introduces a high finding or breaks per-user scoping', () => {
    let denied = 0;
    let fixed = 0;
    fc.assert(
      fc.property(arbRequest, ({ world: wi, request, other }) => {
        const w = worlds[wi];
        const answer = evaluateRequest(w.pw, request, { now: NOW, explain: true });
        if (answer.decision === 'allowed') return;
        denied++;
        const advice = suggestFixes(w.pw, request, answer, { now: NOW });
        for (const fix of advice.fixes) {
          fixed++;
          // Per-user scoping: no identity id written into a policy.
          for (const c of fix.changes)
            expect(JSON.stringify(c.statement)).not.toMatch(/[a-z]{2}-[a-z]+-\d:[0-9a-f]{8}-[0-9a-f]{4}-/);
          const applied = applyFix(w.pw, fix.changes);
          if ('error' in applied) throw new Error(applied.error);
          const after = prepareWorkspace(applied.workspace);
          // It fixes the request.
          expect(evaluateRequest(after, request, { now: NOW, explain: false }).decision).toBe('allowed');
          // No new high finding.
          const newHigh = [...highs(after)].filter((k) => !w.highKeys.has(k));
          expect(newHigh).toEqual([]);
          // Per-user scoping kept everywhere: no identity can newly reach another identity's per-user data.
          expect([...isolationBreaks(after)].filter((k) => !w.breaks.has(k))).toEqual([]);
          // Another identity asking for the same data is refused after the fix when it was before.
          const asOther = { ...request, identity: { ...request.identity!, identityId: other } };
          const before = evaluateRequest(w.pw, asOther, { now: NOW, explain: false }).decision;
          const nowDecision = evaluateRequest(after, asOther, { now: NOW, explain: false }).decision;
          const ownData =
            request.resource.includes(request.identity!.identityId!) ||
            JSON.stringify(request.context ?? {}).includes(request.identity!.identityId!);
          if (ownData && before !== 'allowed') expect(nowDecision).not.toBe('allowed');
          // The fix changes the policy type that refused: an identity policy for an identity-based deny, never a
          // resource policy of another service.
          for (const c of fix.changes) {
            expect((answer.policyTypes ?? []).find((p) => p.policyType === c.policyType)?.decision).toBe(
              'implicitDeny',
            );
            if (c.policyType === 'resource') expect(c.policyId.split(':')[2]).toBe(request.action.split(':')[0]);
          }
        }
        // A Scan of a per-user table is never "fixed" by allowing Scan.
        if (request.action === 'dynamodb:Scan')
          expect(
            advice.fixes.some((f) => f.changes.some((c) => JSON.stringify(c.statement).includes('dynamodb:Scan'))),
          ).toBe(false);
      }),
      { numRuns: 120, seed: 1616 },
    );
    // The corpus must exercise both paths, or the property says nothing.
    expect(denied).toBeGreaterThan(40);
    expect(fixed).toBeGreaterThan(5);
  }, 120_000);
});
