/**
 * Differential test: the engine (evaluateAs and the fastDecision fast path) against the small reference model in
 * reference-model.ts, on random same-account workspaces and requests inside the model's documented subset.
 * AWS: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../policy-engine/catalog';
import { fastDecision, evaluateAs } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { PolicyInput, Workspace } from '../../../../policy-engine/model/workspace';
import {
  referenceDecision,
  type RefCaller,
  type RefDocument,
  type RefRequest,
  type RefStatement,
  type RefWorld,
} from './reference-model';
import { callerWithSessions, conditionOf, values } from './differential-helpers';

const A = '111122223333';
const roleArn = `arn:aws:iam::${A}:role/R`;
const sessionArn = `arn:aws:sts::${A}:assumed-role/R/S`;
const userArn = `arn:aws:iam::${A}:user/U`;
const bucket = 'arn:aws:s3:::b';
const tableT = `arn:aws:dynamodb:us-east-1:${A}:table/T`;
const tableU = `arn:aws:dynamodb:us-east-1:${A}:table/U`;
const boundaryArn = `arn:aws:iam::${A}:policy/Boundary`;
const now = new Date('2026-11-27T12:00:00Z');
const catalog = loadCatalog();
/** DIFF_RUNS=50000 npx vitest run … for a longer hunt; 2,000 by default. */
const runs = Number(process.env.DIFF_RUNS ?? 2000);

/** The world as generated: statements per policy, and who calls. */
interface World {
  callerKind: RefCaller['kind'];
  identity: RefStatement[][];
  boundary: RefStatement[] | null;
  session: RefStatement[][] | null;
  bucketPolicy: RefStatement[] | null;
  tablePolicy: RefStatement[] | null;
}

// Small alphabets, so that actions, resources and condition values actually match.
const actionPattern = fc.constantFrom(
  's3:GetObject',
  's3:get*',
  'S3:*Object',
  's3:?utObject',
  's3:List*',
  's3:*',
  '*',
  'dynamodb:GetItem',
  'dynamodb:*Item',
  'DynamoDB:q*',
  'dynamodb:*',
  'iam:*',
);
const resourcePattern = fc.constantFrom(
  '*',
  bucket,
  `${bucket}/*`,
  `${bucket}*`,
  `${bucket}/a?`,
  'arn:aws:s3:::*/x',
  'arn:aws:s3:::B/*',
  'arn:aws:s3:::c/*',
  tableT,
  'arn:aws:dynamodb:*:*:table/T',
  `arn:aws:dynamodb:us-east-1:${A}:table/*`,
  tableU,
  `arn:aws:dynamodb:us-east-1:${A}:table/?`,
);
const teamKey = fc.constantFrom('aws:PrincipalTag/team', 'AWS:principaltag/TEAM');
const vpceKey = fc.constantFrom('aws:SourceVpce', 'aws:sourcevpce');
const stringOp = fc.constantFrom(
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIfExists',
  'StringNotEqualsIfExists',
  'StringLikeIfExists',
  'StringNotLikeIfExists',
);

/** One operator on one key, within the model's subset. */
const singleCondition: fc.Arbitrary<[string, string, string | string[]]> = fc.oneof(
  fc.tuple(stringOp, teamKey, values(['a', 'b', 'A', 'a*', '?', '*b'])),
  fc.tuple(stringOp, vpceKey, values(['vpce-1', 'vpce-*'])),
  fc.tuple(
    stringOp,
    fc.constant('aws:PrincipalArn'),
    values([roleArn, userArn, `arn:aws:iam::${A}:role/*`, 'arn:aws:iam::*:user/U']),
  ),
  fc.tuple(
    fc.constantFrom('Bool', 'BoolIfExists'),
    fc.constant('aws:SecureTransport'),
    fc.constantFrom('true', 'false'),
  ),
  fc.tuple(
    fc.constant('Null'),
    fc.constantFrom('aws:PrincipalTag/team', 'aws:SourceVpce', 'aws:SecureTransport'),
    fc.constantFrom('true', 'false'),
  ),
  fc.tuple(
    fc.constantFrom('ForAnyValue:StringEquals', 'ForAllValues:StringEquals'),
    fc.constantFrom('aws:TagKeys', 'aws:tagkeys'),
    values(['a', 'b', 'c']),
  ),
);
const condition = conditionOf(singleCondition);
const principal = fc.constantFrom<RefStatement['Principal']>(
  '*',
  { AWS: '*' },
  { AWS: roleArn },
  { AWS: sessionArn },
  { AWS: userArn },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:iam::${A}:role/Other` },
  { AWS: [sessionArn, roleArn] },
);

const statement = (withPrincipal: boolean): fc.Arbitrary<RefStatement> =>
  fc
    .record({
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
      notAction: fc.boolean(),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
      notResource: fc.constantFrom(false, false, true),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      condition,
      principal,
      bare: fc.boolean(),
    })
    .map((s) => {
      // A one-element list may equally be written as a bare string.
      const one = (xs: string[]) => (s.bare && xs.length === 1 ? xs[0] : xs);
      return {
        Effect: s.effect,
        ...(s.notAction ? { NotAction: one(s.actions) } : { Action: one(s.actions) }),
        ...(s.notResource ? { NotResource: one(s.resources) } : { Resource: one(s.resources) }),
        ...(s.condition ? { Condition: s.condition } : {}),
        ...(withPrincipal ? { Principal: s.principal } : {}),
      };
    });
const stmts = (withPrincipal: boolean, max = 3) => fc.array(statement(withPrincipal), { minLength: 1, maxLength: max });

const world: fc.Arbitrary<World> = fc.record({
  callerKind: fc.constantFrom<RefCaller['kind']>('role', 'roleSession', 'roleSession', 'user'),
  identity: fc.array(stmts(false), { minLength: 0, maxLength: 2 }),
  boundary: fc.option(stmts(false), { nil: null }),
  session: fc.option(fc.array(stmts(false, 2), { minLength: 1, maxLength: 2 }), { nil: null }),
  bucketPolicy: fc.option(stmts(true), { nil: null }),
  tablePolicy: fc.option(stmts(true, 2), { nil: null }),
});

const request: fc.Arbitrary<RefRequest> = fc
  .record({
    target: fc.constantFrom(
      ['s3:GetObject', `${bucket}/x`],
      ['s3:GetObject', `${bucket}/ab`],
      ['s3:PutObject', `${bucket}/x`],
      ['s3:GetObject', 'arn:aws:s3:::c/x'],
      ['s3:ListBucket', bucket],
      ['s3:ListBucket', 'arn:aws:s3:::c'],
      ['dynamodb:GetItem', tableT],
      ['dynamodb:Query', tableT],
      ['dynamodb:PutItem', tableU],
    ),
    upper: fc.boolean(),
    team: fc.option(fc.constantFrom('a', 'b', 'A', 'ab'), { nil: undefined }),
    vpce: fc.option(fc.constantFrom('vpce-1', 'vpce-2'), { nil: undefined }),
    secure: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
    tagKeys: fc.option(fc.subarray(['a', 'b', 'c']), { nil: undefined }),
  })
  .map((r) => {
    const context: Record<string, string | string[]> = {};
    if (r.team !== undefined) context['aws:PrincipalTag/team'] = r.team;
    if (r.vpce !== undefined) context['aws:SourceVpce'] = r.vpce;
    if (r.secure !== undefined) context['aws:SecureTransport'] = r.secure;
    if (r.tagKeys !== undefined) context['aws:TagKeys'] = r.tagKeys;
    // Action names are case-insensitive: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    return { action: r.upper ? r.target[0].toUpperCase() : r.target[0], resource: r.target[1], context };
  });

/** A document; a single statement is written as an object rather than a one-element array (both are valid). */
const doc = (s: RefStatement[]): RefDocument => ({ Version: '2012-10-17', Statement: s.length === 1 ? s[0] : s });
/** The same document as the engine's input type. */
const input = (s: RefStatement[]): PolicyInput => ({ ...doc(s) });

function callerOf(w: World): RefCaller {
  if (w.callerKind === 'user') return { kind: 'user', arn: userArn };
  return w.callerKind === 'role'
    ? { kind: 'role', arn: roleArn, roleArn }
    : { kind: 'roleSession', arn: sessionArn, roleArn };
}

/** The reference model's view of the world. */
function refWorld(w: World): RefWorld {
  return {
    accountId: A,
    caller: callerOf(w),
    identity: w.identity.map(doc),
    boundary: w.boundary ? doc(w.boundary) : null,
    session: w.session ? w.session.map(doc) : null,
    resourcePolicies: [
      ...(w.bucketPolicy ? [{ resourceArn: bucket, policy: doc(w.bucketPolicy) }] : []),
      ...(w.tablePolicy ? [{ resourceArn: tableT, policy: doc(w.tablePolicy) }] : []),
    ],
  };
}

/** The engine's view: role R and user U share the identity policies and the boundary (only one of them calls). */
function workspaceOf(w: World): Workspace {
  const inline = w.identity.map((s, i) => ({ PolicyName: `P${i}`, PolicyDocument: input(s) }));
  const pb = w.boundary
    ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } }
    : {};
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    region: 'us-east-1',
    iam: {
      RoleDetailList: [{ RoleName: 'R', RoleId: 'AROAEXAMPLE', Arn: roleArn, RolePolicyList: inline, ...pb }],
      UserDetailList: [{ UserName: 'U', UserId: 'AIDAEXAMPLE', Arn: userArn, UserPolicyList: inline, ...pb }],
      Policies: w.boundary
        ? [
            {
              PolicyName: 'Boundary',
              Arn: boundaryArn,
              PolicyVersionList: [{ IsDefaultVersion: true, VersionId: 'v1', Document: input(w.boundary) }],
            },
          ]
        : [],
    },
    resourcePolicies: [
      ...(w.bucketPolicy ? [{ resourceArn: bucket, policy: input(w.bucketPolicy) }] : []),
      ...(w.tablePolicy ? [{ resourceArn: tableT, policy: input(w.tablePolicy) }] : []),
    ],
  };
}

function engineDecisions(w: World, reqs: RefRequest[]) {
  const pw = prepareWorkspace(workspaceOf(w), { catalog });
  const principal = callerWithSessions(pw, callerOf(w), w.session, input);
  return reqs.map((req, i) => ({
    full: evaluateAs(pw, principal, req, { now, explain: i % 2 === 0 }),
    fast: fastDecision(pw, principal, req, { now }),
  }));
}

/** A readable counterexample: the caller, every policy and the request, with the three decisions. */
function describeCase(w: World, req: RefRequest, expected: string, full: string, fast: string): string {
  const show = (label: string, x: unknown) => `  ${label}: ${JSON.stringify(x)}`;
  return [
    `reference=${expected} evaluateAs=${full} fastDecision=${fast}`,
    show('caller', callerOf(w)),
    ...w.identity.map((s, i) => show(`identity P${i}`, s)),
    show('boundary', w.boundary),
    show('session', w.callerKind === 'roleSession' ? w.session : '(not a session)'),
    show(`bucket policy (${bucket})`, w.bucketPolicy),
    show(`table policy (${tableT})`, w.tablePolicy),
    show('request', req),
  ].join('\n');
}

/** Runs both sides on one world and its requests; throws a readable counterexample on the first disagreement. */
function compare(w: World, reqs: RefRequest[]): void {
  const ref = refWorld(w);
  const got = engineDecisions(w, reqs);
  reqs.forEach((req, i) => {
    const expected = referenceDecision(ref, req);
    const { full, fast } = got[i];
    if (full.error)
      throw new Error(
        `engine rejected the request: ${full.error.message}\n${describeCase(w, req, expected, full.decision, String(fast))}`,
      );
    if (full.decision !== expected || fast !== expected)
      throw new Error(describeCase(w, req, expected, full.decision, String(fast)));
  });
}

describe('differential: engine vs reference model (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html)', () => {
  it(`evaluateAs and fastDecision agree with the reference model on random same-account worlds (${runs} worlds × 1–4 requests)`, () => {
    fc.assert(
      fc.property(world, fc.array(request, { minLength: 1, maxLength: 4 }), (w, reqs) => compare(w, reqs)),
      { numRuns: runs },
    );
  });

  it('the generator reaches every decision, including allows granted by a resource policy alone (so the comparison is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(world, request, (w, req) => {
        const d = referenceDecision(refWorld(w), req);
        seen.add(d);
        if (d === 'allowed' && w.identity.length === 0)
          seen.add(`allowed by the resource policy alone (${w.callerKind})`);
      }),
      { numRuns: 1000, seed: 42 },
    );
    expect([...seen].sort()).toEqual([
      'allowed',
      'allowed by the resource policy alone (role)',
      'allowed by the resource policy alone (roleSession)',
      'allowed by the resource policy alone (user)',
      'explicitDeny',
      'implicitDeny',
    ]);
  });
});
