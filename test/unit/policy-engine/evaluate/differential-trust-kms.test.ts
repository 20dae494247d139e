/**
 * Differential test, second part: the engine (evaluateAs, fastDecision, roleChains) against the reference model's
 * explicit-resource-policy procedure (reference-model.ts, written from AWS's pages, not from the engine) on random
 * worlds with callers of the resource's account and of another account:
 * - sts:AssumeRole / sts:TagSession on a role, decided with its trust policy;
 * - kms:* on a key, decided with its key policy;
 * - S3 object reads and writes on an SSE-KMS bucket (the KMS step), multipart upload operations, and reads of an
 *   object encrypted with another key than the bucket's default (objectKmsKeyArn);
 * - role chaining over four roles in two accounts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roleChains } from '../../../../policy-engine/analysis/role-chains';
import { loadCatalog } from '../../../../policy-engine/catalog';
import { evaluateAs, fastDecision } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { PolicyInput, Workspace } from '../../../../policy-engine/model/workspace';
import {
  referenceChains,
  referenceExplicitPolicyDecision,
  referenceS3WithSseKms,
  type RefCaller,
  type RefDecision,
  type RefDocument,
  type RefParty,
  type RefRequest,
  type RefRole,
  type RefStatement,
} from './reference-model';
import { callerWithSessions, conditionOf, values } from './differential-helpers';

const A = '111122223333';
const B = '444455556666';
const roleOf = (acct: string, name = 'R') => `arn:aws:iam::${acct}:role/${name}`;
const sessionOf = (acct: string, name = 'R', s = 'S') => `arn:aws:sts::${acct}:assumed-role/${name}/${s}`;
const userOf = (acct: string) => `arn:aws:iam::${acct}:user/U`;
const target = roleOf(A, 'T');
const keyArn = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const bucket = 'arn:aws:s3:::b';
/** A second key: the one an older object was written with (the request's objectKmsKeyArn). */
const objectKeyArn = `arn:aws:kms:us-east-1:${A}:key/9999abcd-12ab-34cd-56ef-1234567890ab`;
const boundaryArn = (acct: string) => `arn:aws:iam::${acct}:policy/Boundary`;
const now = new Date('2026-12-07T08:00:00Z');
const catalog = loadCatalog();
/** DIFF_RUNS=20000 npx vitest run … for a longer hunt; 1,500 by default. */
const runs = Number(process.env.DIFF_RUNS ?? 1500);

const stringOp = fc.constantFrom(
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIfExists',
  'StringNotLikeIfExists',
);
/** Keys the trust and key policies of real setups test, with values that sometimes match. */
const singleCondition: fc.Arbitrary<[string, string, string | string[]]> = fc.oneof(
  fc.tuple(
    stringOp,
    fc.constant('aws:PrincipalArn'),
    values([roleOf(A), roleOf(B), 'arn:aws:iam::*:role/R', userOf(B)]),
  ),
  fc.tuple(stringOp, fc.constant('aws:PrincipalAccount'), values([A, B])),
  fc.tuple(stringOp, fc.constant('sts:RoleSessionName'), values(['s1', 's*', 'rolecall-chain', 'Cognito*'])),
  fc.tuple(stringOp, fc.constant('kms:ViaService'), values(['s3.us-east-1.amazonaws.com', 's3.*.amazonaws.com'])),
  fc.tuple(stringOp, fc.constant('kms:CallerAccount'), values([A, B])),
  fc.tuple(stringOp, fc.constant('kms:EncryptionContext:aws:s3:arn'), values([bucket, `${bucket}/*`, `${bucket}/x`])),
  fc.tuple(
    fc.constant('Null'),
    fc.constantFrom('kms:ViaService', 'sts:RoleSessionName'),
    fc.constantFrom('true', 'false'),
  ),
);
// The keys differ in more than case, so keeping the first spelling of a key changes nothing here.
const condition = conditionOf(singleCondition);
const actionPattern = fc.constantFrom(
  'sts:AssumeRole',
  'sts:Assume*',
  'STS:*',
  'sts:TagSession',
  '*',
  'kms:Decrypt',
  'kms:Generate*',
  'kms:*',
  'kms:Describe*',
  's3:GetObject',
  's3:PutObject',
  's3:*',
);
const identityResource = fc.constantFrom(
  '*',
  target,
  roleOf(A, '*'),
  'arn:aws:iam::*:role/T',
  roleOf(A, 'Other'),
  keyArn,
  objectKeyArn,
  `arn:aws:kms:*:${A}:key/*`,
  `${bucket}/*`,
  'arn:aws:s3:::*',
);
const principal = fc.constantFrom<RefStatement['Principal']>(
  '*',
  { AWS: '*' },
  { AWS: roleOf(A) },
  { AWS: roleOf(B) },
  { AWS: sessionOf(A) },
  { AWS: sessionOf(B) },
  { AWS: userOf(A) },
  { AWS: userOf(B) },
  { AWS: A },
  { AWS: `arn:aws:iam::${B}:root` },
  { AWS: roleOf(A, 'Other') },
  { AWS: [roleOf(B), `arn:aws:iam::${A}:root`] },
);
const effect = fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny');

const identityStatement: fc.Arbitrary<RefStatement> = fc
  .record({
    effect,
    notAction: fc.constantFrom(false, false, true),
    actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
    notResource: fc.constantFrom(false, false, false, true),
    resources: fc.array(identityResource, { minLength: 1, maxLength: 2 }),
    condition,
  })
  .map((s) => ({
    Effect: s.effect,
    ...(s.notAction ? { NotAction: s.actions } : { Action: s.actions }),
    ...(s.notResource ? { NotResource: s.resources } : { Resource: s.resources }),
    ...(s.condition ? { Condition: s.condition } : {}),
  }));
/** A trust policy statement (no Resource element) or a key policy statement (Resource "*"). */
const resourceStatement = (withResource: boolean): fc.Arbitrary<RefStatement> =>
  fc
    .record({ effect, actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }), principal, condition })
    .map((s) => ({
      Effect: s.effect,
      Principal: s.principal,
      Action: s.actions,
      ...(withResource ? { Resource: '*' } : {}),
      ...(s.condition ? { Condition: s.condition } : {}),
    }));
const stmts = (arb: fc.Arbitrary<RefStatement>, min: number, max: number) =>
  fc.array(arb, { minLength: min, maxLength: max });

interface World {
  callerAccount: string;
  callerKind: 'roleSession' | 'user';
  identity: RefStatement[][];
  boundary: RefStatement[] | null;
  session: RefStatement[][] | null;
  trust: RefStatement[];
  keyPolicy: RefStatement[];
  objectKeyPolicy: RefStatement[];
  bucketKey: boolean;
  bucketPolicy: RefStatement[] | null;
}
const world: fc.Arbitrary<World> = fc.record({
  callerAccount: fc.constantFrom(A, B),
  callerKind: fc.constantFrom<World['callerKind']>('roleSession', 'roleSession', 'user'),
  identity: fc.array(stmts(identityStatement, 1, 3), { minLength: 0, maxLength: 2 }),
  boundary: fc.option(stmts(identityStatement, 1, 2), { nil: null }),
  session: fc.option(fc.array(stmts(identityStatement, 1, 2), { minLength: 1, maxLength: 1 }), { nil: null }),
  trust: stmts(resourceStatement(false), 0, 3),
  keyPolicy: stmts(resourceStatement(true), 0, 3),
  objectKeyPolicy: stmts(resourceStatement(true), 0, 2),
  bucketKey: fc.boolean(),
  bucketPolicy: fc.option(stmts(resourceStatement(false), 1, 2), { nil: null }),
});

/** The requests: trust and key requests from any caller; S3 requests (the SSE-KMS step) from callers of account A. */
const request = (callerAccount: string): fc.Arbitrary<RefRequest> =>
  fc
    .record({
      target: fc.constantFrom<(string | undefined)[]>(
        ['sts:AssumeRole', target],
        ['sts:TagSession', target],
        ['kms:Decrypt', keyArn],
        ['kms:GenerateDataKey', keyArn],
        ['kms:DescribeKey', keyArn],
        ...(callerAccount === A
          ? [
              ['s3:GetObject', `${bucket}/x`],
              ['s3:PutObject', `${bucket}/x`],
              ['s3:GetObject', `${bucket}/y`],
              ['s3:PutObject', `${bucket}/x`, 'CreateMultipartUpload'],
              ['s3:PutObject', `${bucket}/x`, 'UploadPart'],
              ['s3:PutObject', `${bucket}/y`, 'UploadPartCopy'],
              ['s3:PutObject', `${bucket}/x`, 'CompleteMultipartUpload'],
              ['s3:GetObject', `${bucket}/x`, undefined, objectKeyArn],
              ['s3:PutObject', `${bucket}/x`, 'UploadPart', objectKeyArn],
            ]
          : []),
      ),
      session: fc.constantFrom('s1', 'sx', 'rolecall-chain'),
      via: fc.option(fc.constantFrom('s3.us-east-1.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com'), {
        nil: undefined,
      }),
    })
    .map((r) => {
      const [action = '', resource = '', operation, objectKmsKeyArn] = r.target;
      const context: Record<string, string> = {};
      if (action === 'sts:AssumeRole') context['sts:RoleSessionName'] = r.session;
      if (action.startsWith('kms:') && r.via) context['kms:ViaService'] = r.via;
      return {
        action,
        resource,
        context,
        ...(operation ? { operation } : {}),
        ...(objectKmsKeyArn ? { objectKmsKeyArn } : {}),
      };
    });

/** Bucket policy statements carry a Resource for the model's S3 part (the generator leaves it out). */
const withBucketResource = (s: RefStatement[]): RefStatement[] => s.map((st) => ({ ...st, Resource: `${bucket}/*` }));
const doc = (s: RefStatement[]): RefDocument => ({ Version: '2012-10-17', Statement: s });
const input = (s: RefStatement[]): PolicyInput => ({ ...doc(s) });

function callerOf(w: World): RefCaller {
  return w.callerKind === 'user'
    ? { kind: 'user', arn: userOf(w.callerAccount) }
    : { kind: 'roleSession', arn: sessionOf(w.callerAccount), roleArn: roleOf(w.callerAccount) };
}

function party(w: World): RefParty {
  return {
    caller: callerOf(w),
    accountId: w.callerAccount,
    identity: w.identity.map(doc),
    boundary: w.boundary ? doc(w.boundary) : null,
    session: w.session ? w.session.map(doc) : null,
  };
}

/** The reference model's decision for one request. */
function expected(w: World, req: RefRequest): RefDecision {
  const p = party(w);
  if (req.action.startsWith('sts:')) return referenceExplicitPolicyDecision(p, A, doc(w.trust), req);
  if (req.action.startsWith('kms:')) return referenceExplicitPolicyDecision(p, A, doc(w.keyPolicy), req);
  return referenceS3WithSseKms(
    {
      accountId: A,
      caller: p.caller,
      identity: p.identity,
      boundary: p.boundary,
      session: p.session,
      resourcePolicies: w.bucketPolicy
        ? [{ resourceArn: bucket, policy: doc(withBucketResource(w.bucketPolicy)) }]
        : [],
    },
    req.objectKmsKeyArn === objectKeyArn
      ? {
          bucketArn: bucket,
          keyArn: objectKeyArn,
          keyPolicy: doc(w.objectKeyPolicy),
          bucketKey: w.bucketKey,
          region: 'us-east-1',
        }
      : { bucketArn: bucket, keyArn, keyPolicy: doc(w.keyPolicy), bucketKey: w.bucketKey, region: 'us-east-1' },
    req,
  );
}

/** The engine's workspace: caller role R and user U of the caller's account, target role T, key K, bucket b. */
function workspaceOf(w: World): Workspace {
  const inline = w.identity.map((s, i) => ({ PolicyName: `P${i}`, PolicyDocument: input(s) }));
  const pb = w.boundary
    ? {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'Policy',
          PermissionsBoundaryArn: boundaryArn(w.callerAccount),
        },
      }
    : {};
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    region: 'us-east-1',
    iam: {
      RoleDetailList: [
        { RoleName: 'R', Arn: roleOf(w.callerAccount), RolePolicyList: inline, ...pb },
        { RoleName: 'T', Arn: target, RolePolicyList: [], AssumeRolePolicyDocument: input(w.trust) },
      ],
      UserDetailList: [{ UserName: 'U', Arn: userOf(w.callerAccount), UserPolicyList: inline, ...pb }],
      Policies: w.boundary
        ? [
            {
              PolicyName: 'Boundary',
              Arn: boundaryArn(w.callerAccount),
              PolicyVersionList: [{ IsDefaultVersion: true, VersionId: 'v1', Document: input(w.boundary) }],
            },
          ]
        : [],
    },
    kmsKeys: [
      {
        KeyMetadata: {
          KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
          Arn: keyArn,
          AWSAccountId: A,
          KeyManager: 'CUSTOMER',
          KeyState: 'Enabled',
          Enabled: true,
        },
        Policy: input(w.keyPolicy),
      },
      {
        KeyMetadata: {
          KeyId: '9999abcd-12ab-34cd-56ef-1234567890ab',
          Arn: objectKeyArn,
          AWSAccountId: A,
          KeyManager: 'CUSTOMER',
          KeyState: 'Enabled',
          Enabled: true,
        },
        Policy: input(w.objectKeyPolicy),
      },
    ],
    bucketEncryption: [
      {
        bucketArn: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
              BucketKeyEnabled: w.bucketKey,
            },
          ],
        },
      },
    ],
    resourcePolicies: w.bucketPolicy
      ? [{ resourceArn: bucket, policy: input(withBucketResource(w.bucketPolicy)) }]
      : [],
  } as Workspace;
}

function compare(w: World, reqs: RefRequest[]): void {
  const pw = prepareWorkspace(workspaceOf(w), { catalog });
  const caller = callerOf(w);
  const principal = callerWithSessions(pw, caller, w.session, input);
  reqs.forEach((req, i) => {
    const want = expected(w, req);
    const full = evaluateAs(pw, principal, req, { now, explain: i % 2 === 0 });
    const fast = fastDecision(pw, principal, req, { now });
    if (full.error || full.decision !== want || fast !== want)
      throw new Error(
        [
          `reference=${want} evaluateAs=${full.decision}${full.error ? ` (error ${full.error.message})` : ''} fastDecision=${fast}`,
          `  caller: ${JSON.stringify(caller)}`,
          ...w.identity.map((s, j) => `  identity P${j}: ${JSON.stringify(s)}`),
          `  boundary: ${JSON.stringify(w.boundary)}`,
          `  session: ${JSON.stringify(w.callerKind === 'roleSession' ? w.session : '(not a session)')}`,
          `  trust of T: ${JSON.stringify(w.trust)}`,
          `  key policy: ${JSON.stringify(w.keyPolicy)} (bucket key ${w.bucketKey})`,
          `  object key policy: ${JSON.stringify(w.objectKeyPolicy)}`,
          `  bucket policy: ${JSON.stringify(w.bucketPolicy)}`,
          `  request: ${JSON.stringify(req)}`,
        ].join('\n'),
      );
  });
}

const worldWithRequests = world.chain((w) =>
  fc.tuple(fc.constant(w), fc.array(request(w.callerAccount), { minLength: 1, maxLength: 4 })),
);

describe('differential: trust policies, key policies and the SSE-KMS step vs the reference model', () => {
  it(`evaluateAs and fastDecision agree with the reference model (${runs} worlds × 1–4 requests, callers of two accounts)`, () => {
    fc.assert(
      fc.property(worldWithRequests, ([w, reqs]) => compare(w, reqs)),
      { numRuns: runs },
    );
  });

  it('the generator reaches each outcome for trust, key and SSE-KMS requests, same- and cross-account (not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(worldWithRequests, ([w, reqs]) => {
        for (const req of reqs) {
          const kind = req.action.startsWith('sts:') ? 'trust' : req.action.startsWith('kms:') ? 'key' : 'sse';
          const variant = req.objectKmsKeyArn ? 'object key' : req.operation ? 'multipart' : 'plain';
          const d = expected(w, req);
          seen.add(`${kind} ${w.callerAccount === A ? 'same' : 'cross'} ${d}`);
          // An SSE-KMS request S3 allows but KMS refuses: the KMS step is what decides.
          if (kind === 'sse' && d !== 'allowed') {
            const open: RefStatement[] = [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }];
            const s3Only = expected({ ...w, keyPolicy: open, objectKeyPolicy: open }, req);
            if (s3Only === 'allowed') seen.add(`sse refused by KMS ${d}`);
            if (s3Only === 'allowed') seen.add(`sse ${variant} refused by KMS`);
          }
        }
      }),
      { numRuns: 6000, seed: 11 },
    );
    const want = [
      ...['trust', 'key'].flatMap((k) =>
        ['same', 'cross'].flatMap((a) => ['allowed', 'explicitDeny', 'implicitDeny'].map((d) => `${k} ${a} ${d}`)),
      ),
      'sse same allowed',
      'sse same explicitDeny',
      'sse same implicitDeny',
      'sse refused by KMS explicitDeny',
      'sse refused by KMS implicitDeny',
      'sse multipart refused by KMS',
      'sse object key refused by KMS',
    ];
    for (const x of want) expect(seen, x).toContain(x);
  });
});

/** Role chaining: four roles, two accounts; every start; sessions CognitoIdentityCredentials, then rolecall-chain. */
describe('differential: role chaining vs the reference model', () => {
  const arns = [roleOf(A, 'C0'), roleOf(A, 'C1'), roleOf(B, 'C2'), roleOf(A, 'C3')];
  const chainResource = fc.constantFrom('*', roleOf(A, 'C*'), 'arn:aws:iam::*:role/C?', ...arns);
  const chainPrincipal = fc.constantFrom<RefStatement['Principal']>(
    '*',
    { AWS: A },
    { AWS: `arn:aws:iam::${B}:root` },
    ...arns.map((a) => ({ AWS: a })),
    { AWS: sessionOf(A, 'C0', 'CognitoIdentityCredentials') },
  );
  const chainCondition = fc.option(
    fc.constantFrom<Record<string, Record<string, string>>>(
      { StringEquals: { 'sts:RoleSessionName': 'rolecall-chain' } },
      { StringLike: { 'sts:RoleSessionName': 'Cognito*' } },
      { StringEquals: { 'aws:PrincipalAccount': B } },
      { StringNotLike: { 'aws:PrincipalArn': roleOf(A, 'C0') } },
    ),
    { nil: undefined },
  );
  const roleArb = fc.record({
    identity: fc.array(
      fc.record({
        effect,
        resources: fc.array(chainResource, { minLength: 1, maxLength: 2 }),
        condition: chainCondition,
      }),
      { maxLength: 2 },
    ),
    boundary: fc.option(fc.array(chainResource, { minLength: 1, maxLength: 2 }), { nil: null }),
    trust: fc.array(fc.record({ effect, principal: chainPrincipal, condition: chainCondition }), { maxLength: 2 }),
  });

  it('roleChains reaches the same roles, in the same order, as a plain search over the reference decisions', () => {
    fc.assert(
      fc.property(fc.array(roleArb, { minLength: 4, maxLength: 4 }), (rs) => {
        const roles: RefRole[] = rs.map((r, i) => ({
          arn: arns[i],
          identity: r.identity.length
            ? [
                doc(
                  r.identity.map((s) => ({
                    Effect: s.effect,
                    Action: 'sts:AssumeRole',
                    Resource: s.resources,
                    ...(s.condition ? { Condition: s.condition } : {}),
                  })),
                ),
              ]
            : [],
          boundary: r.boundary ? doc([{ Effect: 'Allow', Action: 'sts:*', Resource: r.boundary }]) : null,
          trust: doc(
            r.trust.map((t) => ({
              Effect: t.effect,
              Principal: t.principal,
              Action: 'sts:AssumeRole',
              ...(t.condition ? { Condition: t.condition } : {}),
            })),
          ),
        }));
        const ws = {
          format: 'rolecall-workspace',
          version: 1,
          accountId: A,
          region: 'us-east-1',
          iam: {
            RoleDetailList: roles.map((r, i) => ({
              RoleName: `C${i}`,
              Arn: r.arn,
              RolePolicyList: r.identity.map((d, j) => ({
                PolicyName: `p${j}`,
                PolicyDocument: d as unknown as PolicyInput,
              })),
              AssumeRolePolicyDocument: r.trust as unknown as PolicyInput,
              ...(r.boundary
                ? {
                    PermissionsBoundary: {
                      PermissionsBoundaryType: 'Policy',
                      PermissionsBoundaryArn: `arn:aws:iam::${r.arn.split(':')[4]}:policy/B${i}`,
                    },
                  }
                : {}),
            })),
            Policies: roles.flatMap((r, i) =>
              r.boundary
                ? [
                    {
                      PolicyName: `B${i}`,
                      Arn: `arn:aws:iam::${r.arn.split(':')[4]}:policy/B${i}`,
                      PolicyVersionList: [
                        { IsDefaultVersion: true, VersionId: 'v1', Document: r.boundary as unknown as PolicyInput },
                      ],
                    },
                  ]
                : [],
            ),
          },
        } as Workspace;
        const pw = prepareWorkspace(ws, { catalog });
        for (const start of arns) {
          const got = roleChains(pw, start, { now, sessionName: 'CognitoIdentityCredentials' })
            .reached.filter((x) => !x.leavesWorkspace)
            .map((x) => x.roleArn);
          const want = referenceChains(
            roles,
            start,
            { first: 'CognitoIdentityCredentials', later: 'rolecall-chain' },
            5,
          );
          expect(got, `from ${start}\n${JSON.stringify(rs)}`).toEqual(want);
        }
      }),
      { numRuns: 400 },
    );
  });
});
