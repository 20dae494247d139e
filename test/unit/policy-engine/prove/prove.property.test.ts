/**
 * The prover against brute force (issue 14): on small random workspaces over a finite domain (resource patterns
 * built from the letters a and x, Allow and Deny, an optional aws:UserAgent condition), `prove` says possible exactly
 * when some request of the domain is allowed by the engine, and every witness it gives is allowed. The domain covers
 * every case: object keys up to three characters over {a, x, /, z} (z standing for any other character) and user
 * agents none, u1, u2, u3 (u3 for any other value).
 *
 * The first property varies a guest policy only. The second varies the whole way in: the user pool provider's role
 * mapping (none, Rules on custom:team, or Token), four roles with random policies, a permissions boundary on one, and
 * a bucket policy naming a role or everyone. Its brute force enumerates the identities too: guests, and users with
 * custom:team over {absent, t1, t2, tt, xt, zz} (every combination of the rules' Equals/NotEqual t1/t2, Contains t and
 * StartsWith t), each token role choice (cognito:preferred_role any role, several roles, none) and each CustomRoleArn.
 * FC_RUNS raises the number of workspaces (default 300 and 40).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { prove } from '../../../../policy-engine/prove/index';
import { resolveIdentity } from '../../../../policy-engine/cognito/index';
import type { IdentityInput } from '../../../../policy-engine/model/request';
import type { Workspace } from '../../../../policy-engine/model/workspace';

/** Vitest's time limit for a property: its default of 60 s, or about 1 s per run for long FC_RUNS runs (a limit, not a measure). */
const runTimeout = (runs: number) => Math.max(60_000, Number(process.env.FC_RUNS ?? runs) * 1000);
const root = resolve(__dirname, '../../../..');
const now = new Date('2026-11-01T00:00:00Z');
const demoText = readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8');
const B = 'arn:aws:s3:::demo-app-user-files';
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const PATTERNS = ['*', 'a/*', 'a/x', 'x*', 'a?', 'a*x', '?/*', 'xa', 'a/', 'x/*'];
const AGENTS = [undefined, 'u1', 'u2', 'u3'];
const KEYS = (() => {
  const out = [''];
  let layer = [''];
  for (let n = 0; n < 3; n++) {
    layer = layer.flatMap((p) => ['a', 'x', '/', 'z'].map((c) => p + c));
    out.push(...layer);
  }
  return out;
})();

const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Deny'),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*Object'),
  resources: fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 }),
  agent: fc.option(
    fc.record({ op: fc.constantFrom('StringEquals', 'StringNotEquals'), v: fc.constantFrom('u1', 'u2') }),
    {
      nil: undefined,
    },
  ),
});

function workspaceWith(statements: unknown[]): Workspace {
  const w = JSON.parse(demoText) as Workspace;
  // Only guests are asked: the user pool (whose classes only cost time to list) is left out.
  w.userPools = [];
  const guest = w.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppGuest')!;
  guest.RolePolicyList = [
    {
      PolicyName: 'Random',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: (
          statements as { effect: string; action: string; resources: string[]; agent?: { op: string; v: string } }[]
        ).map((s) => ({
          Effect: s.effect,
          Action: s.action,
          Resource: s.resources.map((r) => `${B}/${r}`),
          ...(s.agent ? { Condition: { [s.agent.op]: { 'aws:UserAgent': s.agent.v } } } : {}),
        })),
      },
    },
  ];
  return w;
}

describe('prove agrees with brute force on small random workspaces', () => {
  it(
    'possible exactly when some request of the finite domain is allowed; every witness allowed',
    () => {
      fc.assert(
        fc.property(
          fc.array(statement, { minLength: 1, maxLength: 4 }),
          fc.constantFrom('s3:GetObject', 's3:PutObject'),
          (sts, action) => {
            const pw = prepareWorkspace(workspaceWith(sts));
            const r = prove(pw, { action, resource: `${B}/*`, classFilter: (c) => c.kind === 'guest' }, { now });
            const identity = { identityPoolId: POOL, identityId: 'us-east-1:5e1f0000-0000-4000-8000-000000000001' };
            let brute = false;
            for (const key of KEYS) {
              for (const ua of AGENTS) {
                const d = evaluateRequest(
                  pw,
                  { identity, action, resource: `${B}/${key}`, ...(ua ? { context: { 'aws:UserAgent': ua } } : {}) },
                  { now },
                ).decision;
                if (d === 'allowed') brute = true;
                if (brute) break;
              }
              if (brute) break;
            }
            expect(r.complete).toBe(true);
            expect(r.possible).toBe(brute);
            for (const w of r.witnesses) expect(evaluateRequest(pw, w.request, { now }).decision).toBe('allowed');
          },
        ),
        { numRuns: Number(process.env.FC_RUNS ?? 300) },
      );
    },
    runTimeout(300),
  );
});

const ACCOUNT = '123456789012';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ROLES = { G: roleArn('AppGuest'), U: roleArn('AppUser'), A: roleArn('TeamA'), B: roleArn('TeamB') };
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234';
const CLIENT = '4pq2demo0client0id0000001';
const TEAMS = [undefined, 't1', 't2', 'tt', 'xt', 'zz'];
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/RandomBoundary`;

type St = { effect: string; action: string; resources: string[]; agent?: { op: string; v: string } };
const doc = (sts: St[], principal?: (i: number) => unknown) => ({
  Version: '2012-10-17',
  Statement: sts.map((s, i) => ({
    Effect: s.effect,
    ...(principal ? { Principal: principal(i) } : {}),
    Action: s.action,
    Resource: s.resources.map((r) => `${B}/${r}`),
    ...(s.agent ? { Condition: { [s.agent.op]: { 'aws:UserAgent': s.agent.v } } } : {}),
  })),
});

const rule = fc.record({
  match: fc.constantFrom(
    { MatchType: 'Equals', Value: 't1' },
    { MatchType: 'Equals', Value: 't2' },
    { MatchType: 'NotEqual', Value: 't1' },
    { MatchType: 'Contains', Value: 't' },
    { MatchType: 'StartsWith', Value: 't' },
  ),
  role: fc.constantFrom('A', 'B', 'U'),
});
const world = fc.record({
  policies: fc.record({
    G: fc.array(statement, { maxLength: 2 }),
    U: fc.array(statement, { maxLength: 2 }),
    A: fc.array(statement, { maxLength: 2 }),
    B: fc.array(statement, { maxLength: 2 }),
  }),
  boundary: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  mapping: fc.oneof(
    fc.constant({ type: 'none' as const }),
    fc.record({
      type: fc.constant('Rules' as const),
      rules: fc.array(rule, { minLength: 1, maxLength: 3 }),
      ambiguous: fc.constantFrom('AuthenticatedRole', 'Deny'),
    }),
    fc.record({ type: fc.constant('Token' as const), ambiguous: fc.constantFrom('AuthenticatedRole', 'Deny') }),
  ),
  bucket: fc.option(
    fc.array(fc.record({ st: statement, principal: fc.constantFrom('*', 'A', 'U') }), { minLength: 1, maxLength: 2 }),
    { nil: undefined },
  ),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

/** The demo reduced to one pool, its user pool's provider (not the user pool) and four roles, then the random parts. */
function workspaceOf(wd: World): Workspace {
  const w = JSON.parse(demoText) as Workspace;
  const pool = w.identityPools![0];
  pool.SupportedLoginProviders = {};
  // No user pool: its users are IdentityInput.user requests, outside the claim domain enumerated below.
  w.userPools = [];
  const roles = w.iam!.RoleDetailList!;
  const guest = roles.find((r) => r.RoleName === 'AppGuest')!;
  const user = roles.find((r) => r.RoleName === 'AppUser')!;
  const team = (name: string) => ({
    ...structuredClone(user),
    RoleName: name,
    Arn: roleArn(name),
    RoleId: `AROA${name}`,
  });
  const list = [guest, user, team('TeamA'), team('TeamB')];
  for (const [r, key] of list.map((r, i) => [r, (['G', 'U', 'A', 'B'] as const)[i]] as const)) {
    r.AttachedManagedPolicies = [];
    delete r.PermissionsBoundary;
    r.RolePolicyList = wd.policies[key].length ? [{ PolicyName: 'Random', PolicyDocument: doc(wd.policies[key]) }] : [];
  }
  w.iam!.RoleDetailList = list;
  w.iam!.Policies = [];
  if (wd.boundary) {
    list[2].PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: BOUNDARY };
    w.iam!.Policies.push({
      PolicyName: 'RandomBoundary',
      PolicyId: 'ANPARANDOMBOUNDARY00',
      Arn: BOUNDARY,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 1,
      IsAttachable: true,
      PolicyVersionList: [{ Document: doc(wd.boundary), VersionId: 'v1', IsDefaultVersion: true }],
    });
  }
  const key = `${PROVIDER}:${CLIENT}`;
  pool.RoleMappings =
    wd.mapping.type === 'none'
      ? {}
      : wd.mapping.type === 'Token'
        ? { [key]: { Type: 'Token', AmbiguousRoleResolution: wd.mapping.ambiguous } }
        : {
            [key]: {
              Type: 'Rules',
              AmbiguousRoleResolution: wd.mapping.ambiguous,
              RulesConfiguration: {
                Rules: wd.mapping.rules.map((r) => ({ Claim: 'custom:team', ...r.match, RoleARN: ROLES[r.role] })),
              },
            },
          };
  const bucket = wd.bucket;
  w.resourcePolicies = bucket
    ? [
        {
          resourceArn: B,
          policy: doc(
            bucket.map((b) => b.st),
            (i) => (bucket[i].principal === '*' ? '*' : { AWS: ROLES[bucket[i].principal as 'A' | 'U'] }),
          ),
        },
      ]
    : [];
  return w;
}

/** Every identity of the finite domain: guests, and users by custom:team × token role choice × CustomRoleArn. */
function identitiesOf(wd: World): IdentityInput[] {
  const identityId = 'us-east-1:5e1f0000-0000-4000-8000-000000000001';
  const out: IdentityInput[] = [{ identityPoolId: POOL, identityId }];
  const base = { sub: 'brute-user', aud: CLIENT, iss: `https://${PROVIDER}` };
  const all = Object.values(ROLES);
  const tokens: Record<string, unknown>[] =
    wd.mapping.type === 'Token'
      ? [
          {},
          ...all.map((r) => ({ 'cognito:roles': [r], 'cognito:preferred_role': r })),
          { 'cognito:roles': [ROLES.A, ROLES.B] },
        ]
      : [{}];
  const customs = wd.mapping.type === 'Rules' ? [undefined, ROLES.A, ROLES.B, ROLES.U] : [undefined];
  for (const team of TEAMS)
    for (const t of tokens)
      for (const customRoleArn of customs)
        out.push({
          identityPoolId: POOL,
          provider: PROVIDER,
          claims: { ...base, ...(team ? { 'custom:team': team } : {}), ...t },
          identityId,
          ...(customRoleArn ? { customRoleArn } : {}),
        });
  return out;
}

describe('prove agrees with brute force over role mappings, boundaries and bucket policies', () => {
  it(
    'possible exactly when some identity and request of the finite domain is allowed; every witness allowed',
    () => {
      fc.assert(
        fc.property(world, fc.constantFrom('s3:GetObject', 's3:PutObject'), (wd, action) => {
          const pw = prepareWorkspace(workspaceOf(wd));
          const r = prove(pw, { action, resource: `${B}/*` }, { now });
          // One identity per distinct role session (the requests below depend on nothing else).
          const sessions = new Map<string, IdentityInput>();
          for (const identity of identitiesOf(wd)) {
            const p = resolveIdentity(pw, identity, { now, explain: false }).principal;
            if (!p) continue;
            const key = JSON.stringify([p.arn, p.context, p.sessionTags, p.sessionPolicies?.map((x) => x.policyId)]);
            if (!sessions.has(key)) sessions.set(key, identity);
          }
          let brute: string | null = null;
          search: for (const identity of sessions.values())
            for (const key of KEYS)
              for (const ua of AGENTS) {
                const request = {
                  identity,
                  action,
                  resource: `${B}/${key}`,
                  ...(ua ? { context: { 'aws:UserAgent': ua } } : {}),
                };
                if (evaluateRequest(pw, request, { now }).decision === 'allowed') {
                  brute = JSON.stringify(request);
                  break search;
                }
              }
          expect(r.complete).toBe(true);
          expect({ possible: r.possible, example: brute }).toEqual({ possible: brute !== null, example: brute });
          for (const w of r.witnesses) expect(evaluateRequest(pw, w.request, { now }).decision).toBe('allowed');
        }),
        { numRuns: Number(process.env.FC_RUNS ?? 40) },
      );
    },
    runTimeout(40),
  );
});
