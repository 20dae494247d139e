/**
 * Runs the JSON scenario suite in test/scenarios/engine/*.json. Each file is
 * `{ "workspace"?: <shared workspace>, "cases": [ { name, source: "<AWS doc URL>", workspace? | policies?, request, expect } ] }`.
 * `policies` is a shorthand: identity policies (inline on role R), a boundary, resource policies, SCP/RCP levels, all in
 * account 111122223333. `expect` is compared as a subset of the answer (arrays element by element, same length; see
 * scenario-check.ts, whose test proves a wrong `matchedStatements` fails the case).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAs, fastDecision, principalFromArn } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { subset } from '../scenario-check';

interface Shorthand {
  identity?: unknown[];
  boundary?: unknown;
  roleTags?: Record<string, string>;
  resource?: { resourceArn: string; policy: unknown }[];
  scps?: unknown[][];
  rcps?: unknown[][];
}
interface ScenarioRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, string | string[]>;
  sessionPolicies?: unknown[];
  sessionTags?: Record<string, string>;
}
interface Scenario {
  name: string;
  source: string;
  workspace?: Workspace;
  policies?: Shorthand;
  request: ScenarioRequest;
  expect: Record<string, unknown>;
}

const dir = join(process.cwd(), 'test', 'scenarios', 'engine');
const account = '111122223333';

/** Builds the shorthand workspace: role R with inline policies P0…, boundary policy Boundary, resource policies, SCPs/RCPs. */
function fromShorthand(p: Shorthand): Workspace {
  const roleArn = `arn:aws:iam::${account}:role/R`;
  return {
    format: 'rolecall-workspace',
    version: 1,
    region: 'us-east-1',
    accountId: account,
    iam: {
      RoleDetailList: [
        {
          RoleName: 'R',
          RoleId: 'AROAEXAMPLEROLEID0001',
          Arn: roleArn,
          RolePolicyList: (p.identity ?? []).map((doc, i) => ({
            PolicyName: `P${i}`,
            PolicyDocument: doc as Record<string, unknown>,
          })),
          ...(p.boundary
            ? { PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${account}:policy/Boundary` } }
            : {}),
          Tags: Object.entries(p.roleTags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
      Policies: p.boundary
        ? [
            {
              PolicyName: 'Boundary',
              Arn: `arn:aws:iam::${account}:policy/Boundary`,
              DefaultVersionId: 'v1',
              PolicyVersionList: [
                { VersionId: 'v1', IsDefaultVersion: true, Document: p.boundary as Record<string, unknown> },
              ],
            },
          ]
        : [],
    },
    resourcePolicies: (p.resource ?? []).map((r) => ({
      resourceArn: r.resourceArn,
      policy: r.policy as Record<string, unknown>,
    })),
    organization: {
      scps: (p.scps ?? []) as Record<string, unknown>[][],
      rcps: (p.rcps ?? []) as Record<string, unknown>[][],
    },
  };
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('engine scenarios (test/scenarios/engine)', () => {
  it('has scenario files', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { workspace?: Workspace; cases: Scenario[] };
    describe(file, () => {
      // Every case asserts the determining statements (`matchedStatements`, [] for an implicit deny), not only the
      // decision; each expectation was written from the case's policies.
      it('every case asserts the determining statements', () => {
        expect(doc.cases.filter((c) => !Array.isArray(c.expect.matchedStatements)).map((c) => c.name)).toEqual([]);
      });
      for (const sc of doc.cases) {
        it(`${sc.name} — ${sc.source}`, () => {
          expect(sc.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
          const ws = sc.workspace ?? (sc.policies ? fromShorthand(sc.policies) : doc.workspace);
          if (!ws) throw new Error(`${file}: case "${sc.name}" has no workspace`);
          const pw = prepareWorkspace(ws);
          const p = principalFromArn(pw, sc.request.principal);
          if (!p.ok) throw new Error(`${file}: ${p.error.message}`);
          const principal = {
            ...p.principal,
            ...(sc.request.sessionPolicies
              ? {
                  sessionPolicies: sc.request.sessionPolicies.map((d, i) => ({
                    policyId: `session/${i}`,
                    document: d as Record<string, unknown>,
                  })),
                }
              : {}),
            ...(sc.request.sessionTags ? { sessionTags: sc.request.sessionTags } : {}),
          };
          const answer = evaluateAs(pw, principal, sc.request, {
            now: new Date('2026-11-27T12:00:00Z'),
            explain: true,
          });
          // The fast path (decision only, used by the matrix) is the same steps compiled: it must decide the same on
          // every scenario, which covers the steps the differential test's reference model leaves out (SCPs, RCPs,
          // anonymous callers, AWS-owned resources, authentication). A request the full path answers with an error (an
          // action on a resource type it does not act on) is notApplicable there, by design.
          if (!answer.error)
            expect(fastDecision(pw, principal, sc.request, { now: new Date('2026-11-27T12:00:00Z') })).toBe(
              answer.decision,
            );
          const problems = subset({ ...answer, assumptions: answer.assumptions.map((a) => a.id) }, sc.expect, 'answer');
          expect(
            problems,
            JSON.stringify(
              {
                decision: answer.decision,
                message: answer.message,
                matched: answer.matchedStatements,
                traces: answer.statements
                  ?.filter((s) => s.actionMatched)
                  .map((s) => [s.policyId, s.statementIndex, s.reason]),
              },
              null,
              1,
            ),
          ).toEqual([]);
        });
      }
    });
  }
});
