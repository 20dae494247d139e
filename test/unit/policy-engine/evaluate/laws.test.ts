/**
 * Property tests of the decision procedure's laws (cedar-spec's authorization theorems, restated for IAM):
 * explicit deny wins; no allow ⇒ implicit deny; statement order and duplicates don't matter; adding an Allow never
 * turns Allow into Deny; adding a Deny never turns Deny into Allow. Plus: the fast path agrees with the explained one.
 * AWS: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastDecision, evaluateAs, principalFromArn } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { ActionRequest, CallerPrincipal } from '../../../../policy-engine/evaluate/types';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const A = '111122223333';
const roleArn = `arn:aws:iam::${A}:role/R`;
const sessionArn = `arn:aws:sts::${A}:assumed-role/R/S`;
const table = `arn:aws:dynamodb:us-east-1:${A}:table/T`;
const now = new Date('2026-11-27T12:00:00Z');

type Stmt = Record<string, unknown>;
interface World {
  identity: Stmt[][];
  boundary: Stmt[] | null;
  session: Stmt[] | null;
  bucket: Stmt[] | null;
  table: Stmt[] | null;
  scp: Stmt[] | null;
}

const actionPattern = fc.constantFrom(
  's3:GetObject',
  's3:PutObject',
  's3:Get*',
  's3:*',
  '*',
  'dynamodb:GetItem',
  'dynamodb:*',
);
const resourcePattern = fc.constantFrom(
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/x',
  'arn:aws:s3:::c/*',
  table,
  'arn:aws:dynamodb:*:*:table/*',
  'arn:aws:s3:::b/${aws:PrincipalTag/team}/*',
);
const condition = fc.option(
  fc.constantFrom<Record<string, unknown>>(
    { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
    { StringNotEquals: { 'aws:PrincipalTag/team': 'a' } },
    { Bool: { 'aws:SecureTransport': 'true' } },
    { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/R' } },
  ),
  { nil: undefined },
);
const principal = fc.constantFrom<unknown>(
  '*',
  { AWS: roleArn },
  { AWS: sessionArn },
  { AWS: A },
  { AWS: 'arn:aws:iam::444455556666:root' },
);

const statement = (withPrincipal: boolean): fc.Arbitrary<Stmt> =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      notAction: fc.boolean(),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
      notResource: fc.boolean(),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      condition,
      principal,
    })
    .map((s) => ({
      Effect: s.effect,
      [s.notAction && s.effect === 'Deny' ? 'NotAction' : 'Action']: s.actions,
      [s.notResource && s.effect === 'Deny' ? 'NotResource' : 'Resource']: s.resources,
      ...(s.condition ? { Condition: s.condition } : {}),
      ...(withPrincipal ? { Principal: s.principal } : {}),
    }));

const stmts = (withPrincipal: boolean, max = 3) => fc.array(statement(withPrincipal), { minLength: 0, maxLength: max });
const world: fc.Arbitrary<World> = fc.record({
  identity: fc.array(stmts(false), { minLength: 0, maxLength: 2 }),
  boundary: fc.option(stmts(false), { nil: null }),
  session: fc.option(stmts(false, 2), { nil: null }),
  bucket: fc.option(stmts(true), { nil: null }),
  table: fc.option(stmts(true, 2), { nil: null }),
  scp: fc.option(stmts(false, 2), { nil: null }),
});
const request: fc.Arbitrary<ActionRequest> = fc
  .record({
    action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'dynamodb:GetItem'),
    team: fc.constantFrom('a', 'b'),
    secure: fc.constantFrom('true', 'false'),
  })
  .map((r) => ({
    action: r.action,
    resource: r.action.startsWith('s3') ? `arn:aws:s3:::b/${r.team}/x` : table,
    context: { 'aws:PrincipalTag/team': r.team, 'aws:SecureTransport': r.secure },
  }));

const doc = (s: Stmt[]) => ({ Version: '2012-10-17', Statement: s });

function workspaceOf(w: World): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    region: 'us-east-1',
    iam: {
      RoleDetailList: [
        {
          RoleName: 'R',
          RoleId: 'AROAEXAMPLE',
          Arn: roleArn,
          RolePolicyList: w.identity.map((s, i) => ({ PolicyName: `P${i}`, PolicyDocument: doc(s) })),
          ...(w.boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/B` } } : {}),
        },
      ],
      Policies: w.boundary
        ? [
            {
              PolicyName: 'B',
              Arn: `arn:aws:iam::${A}:policy/B`,
              PolicyVersionList: [{ IsDefaultVersion: true, Document: doc(w.boundary) }],
            },
          ]
        : [],
    },
    resourcePolicies: [
      ...(w.bucket ? [{ resourceArn: 'arn:aws:s3:::b', policy: doc(w.bucket) }] : []),
      ...(w.table ? [{ resourceArn: table, policy: doc(w.table) }] : []),
    ],
    organization: w.scp ? { scps: [[doc([{ Effect: 'Allow', Action: '*', Resource: '*' }])], [doc(w.scp)]] } : {},
  };
}

function answer(w: World, req: ActionRequest) {
  const pw = prepareWorkspace(workspaceOf(w));
  const p = principalFromArn(pw, sessionArn);
  if (!p.ok) throw new Error(p.error.message);
  const caller: CallerPrincipal = {
    ...p.principal,
    ...(w.session ? { sessionPolicies: [{ policyId: 'session', document: doc(w.session) }] } : {}),
  };
  return { full: evaluateAs(pw, caller, req, { now, explain: true }), fast: fastDecision(pw, caller, req, { now }) };
}

const decisionOf = (w: World, req: ActionRequest) => answer(w, req).full.decision;
const runs = { numRuns: 300 };

describe('decision laws (property tests)', () => {
  it('the decision-only fast path agrees with the explained evaluation', () => {
    fc.assert(
      fc.property(world, request, (w, req) => {
        const { full, fast } = answer(w, req);
        expect(fast).toBe(full.decision);
      }),
      runs,
    );
  });

  it('explicit deny wins: a matching Deny anywhere ⇔ explicitDeny, and the Denies are the determining statements', () => {
    fc.assert(
      fc.property(world, request, (w, req) => {
        const { full } = answer(w, req);
        const matchedDeny = (full.statements ?? []).some((s) => s.matched && s.effect === 'Deny');
        expect(full.decision === 'explicitDeny').toBe(matchedDeny);
        if (matchedDeny) expect(full.matchedStatements.every((m) => m.effect === 'Deny')).toBe(true);
      }),
      runs,
    );
  });

  it('no matching Allow ⇒ not allowed', () => {
    fc.assert(
      fc.property(world, request, (w, req) => {
        const { full } = answer(w, req);
        if (!(full.statements ?? []).some((s) => s.matched && s.effect === 'Allow'))
          expect(full.decision).not.toBe('allowed');
        if (full.decision === 'allowed') expect(full.matchedStatements.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('statement order and duplicates do not matter', () => {
    fc.assert(
      fc.property(world, request, fc.integer({ min: 0, max: 1000 }), (w, req, seed) => {
        const shuffle = (s: Stmt[] | null) =>
          s
            ? [...s, ...s.slice(0, seed % 2)].sort((x, y) =>
                JSON.stringify(x) + seed < JSON.stringify(y) + seed ? 1 : -1,
              )
            : s;
        const w2: World = {
          identity: w.identity.map((s) => shuffle(s) as Stmt[]).reverse(),
          boundary: shuffle(w.boundary),
          session: shuffle(w.session),
          bucket: shuffle(w.bucket),
          table: shuffle(w.table),
          scp: shuffle(w.scp),
        };
        expect(decisionOf(w2, req)).toBe(decisionOf(w, req));
      }),
      runs,
    );
  });

  it('adding an Allow statement never turns Allow into Deny', () => {
    fc.assert(
      fc.property(
        world,
        request,
        statement(false),
        statement(true),
        fc.constantFrom('identity', 'boundary', 'session', 'bucket', 'scp'),
        (w, req, s, sp, where) => {
          if (decisionOf(w, req) !== 'allowed') return;
          const add = { ...(where === 'bucket' ? sp : s), Effect: 'Allow' };
          const w2: World = { ...w, identity: [...w.identity] };
          if (where === 'identity') w2.identity.push([add]);
          else if (w2[where as 'boundary']) w2[where as 'boundary'] = [...(w2[where as 'boundary'] as Stmt[]), add];
          expect(decisionOf(w2, req)).toBe('allowed');
        },
      ),
      runs,
    );
  });

  it('adding a Deny statement never turns Deny into Allow', () => {
    fc.assert(
      fc.property(
        world,
        request,
        statement(false),
        statement(true),
        fc.constantFrom('identity', 'boundary', 'session', 'bucket', 'scp'),
        (w, req, s, sp, where) => {
          const before = decisionOf(w, req);
          if (before === 'allowed') return;
          const add = { ...(where === 'bucket' ? sp : s), Effect: 'Deny' };
          const w2: World = { ...w, identity: [...w.identity] };
          if (where === 'identity') w2.identity.push([add]);
          else if (w2[where as 'boundary']) w2[where as 'boundary'] = [...(w2[where as 'boundary'] as Stmt[]), add];
          expect(decisionOf(w2, req)).not.toBe('allowed');
          if (before === 'explicitDeny') expect(decisionOf(w2, req)).toBe('explicitDeny');
        },
      ),
      runs,
    );
  });
});
