/**
 * Runs the Cognito scenario suite: every JSON file in test/scenarios/cognito/. Each file holds a workspace and cases;
 * a case names its AWS source, an identity, the expected resolution and, optionally, requests evaluated as the
 * resulting session (end to end through evaluateAs). Every request names its decision and the statements that decided
 * it (`matchedStatements`, [] for an implicit deny; compared by scenario-check.ts, whose test proves a wrong one fails),
 * and a case that checks the trust decision names the trust-policy statements behind it (`trustMatched`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveIdentity } from '../../../../policy-engine/cognito/index';
import { evaluateAs } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { IdentityInput, RequestContext } from '../../../../policy-engine/model/request';
import type { IdentityPool, Workspace } from '../../../../policy-engine/model/workspace';
import { requestProblems, subset, type RequestExpectation, type StatementExpectation } from '../scenario-check';

interface ScenarioCase {
  name: string;
  source: string;
  identity: IdentityInput;
  /** Shallow patch of identityPools[0] for this case. */
  pool?: Record<string, unknown>;
  settings?: Workspace['settings'];
  expect: {
    outcome?: 'role' | 'denied';
    source?: string | null;
    ruleIndex?: number;
    roleArn?: string | null;
    trust?: string;
    /** The trust-policy statements that decided (required with trust "allowed" or "denied"; [] when none did). */
    trustMatched?: StatementExpectation[];
    error?: { code: string; message?: string } | null;
    mappingKey?: string | null;
    /** Exact list of assumption ids (order ignored). */
    assumptions?: string[];
    principalArn?: string | null;
    identityId?: string;
    sessionTags?: Record<string, string>;
    sessionPolicies?: string[];
    context?: RequestContext;
    /** Each listed step must appear in the trace, in this order (kind/status/ruleIndex/message substring). */
    trace?: { kind?: string; status?: string; ruleIndex?: number; includes?: string }[];
    basicFlowRoles?: { roleArn: string; trust: string }[];
    notes?: string[];
  };
  requests?: {
    action: string;
    resource: string;
    context?: RequestContext;
    expect: RequestExpectation;
  }[];
}

interface ScenarioFile {
  description: string;
  now: string;
  workspace: Workspace;
  cases: ScenarioCase[];
}

const dir = resolve(__dirname, '../../../scenarios/cognito');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

it('the scenario directory holds scenario files', () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const file of files) {
  const suite = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ScenarioFile;
  describe(`${file}: ${suite.description}`, () => {
    for (const c of suite.cases) {
      it(`${c.name} (${c.source})`, () => {
        expect(c.source, 'every case cites its source').toMatch(/https:\/\/|\[MODEL\]|SEMANTICS §|CONTRACT §/);
        const ws = structuredClone(suite.workspace);
        if (c.pool) {
          // A null in the patch removes the field (JSON has no undefined).
          const patched: Record<string, unknown> = { ...ws.identityPools![0], ...c.pool };
          for (const [k, v] of Object.entries(c.pool)) if (v === null) delete patched[k];
          ws.identityPools = [patched as unknown as IdentityPool, ...ws.identityPools!.slice(1)];
        }
        if (c.settings) ws.settings = { ...(ws.settings ?? {}), ...c.settings };
        const pw = prepareWorkspace(ws);
        const now = new Date(suite.now);
        const r = resolveIdentity(pw, c.identity, { now, explain: true });
        const e = c.expect;
        const got = {
          outcome: r.resolution.outcome,
          source: r.resolution.source,
          ruleIndex: r.resolution.ruleIndex,
          roleArn: r.roleArn,
          trust: r.resolution.trust,
          error: r.resolution.error,
          mappingKey: r.resolution.mappingKey ?? null,
        };
        for (const k of ['outcome', 'source', 'ruleIndex', 'roleArn', 'trust', 'mappingKey'] as const) {
          if (k in e) expect(got[k], k).toEqual(e[k]);
        }
        if (e.trust === 'allowed' || e.trust === 'denied') {
          expect(e.trustMatched, 'a case that checks the trust decision names its trustMatched').toBeDefined();
          expect(subset(r.trustMatched ?? [], e.trustMatched, 'trustMatched')).toEqual([]);
        }
        if ('error' in e) {
          if (e.error === null) expect(got.error).toBeNull();
          else expect(got.error).toMatchObject(e.error!);
        }
        if (e.assumptions) expect(r.assumptions.map((a) => a.id).sort()).toEqual([...e.assumptions].sort());
        if ('principalArn' in e) expect(r.principal?.arn ?? null).toEqual(e.principalArn);
        if (e.identityId) expect(r.identityId).toBe(e.identityId);
        if (e.sessionTags) expect(r.principal?.sessionTags).toEqual(e.sessionTags);
        if (e.sessionPolicies)
          expect((r.principal?.sessionPolicies ?? []).map((p) => p.policyId)).toEqual(e.sessionPolicies);
        if (e.context) expect(r.principal?.context).toMatchObject(e.context);
        if (e.basicFlowRoles) expect(r.basicFlowRoles).toEqual(e.basicFlowRoles);
        if (e.notes) for (const n of e.notes) expect(r.notes.join('\n')).toContain(n);
        if (e.trace) {
          const trace = r.resolution.trace ?? [];
          let from = 0;
          for (const want of e.trace) {
            const at = trace.findIndex(
              (s, i) =>
                i >= from &&
                (!want.kind || s.kind === want.kind) &&
                (!want.status || s.status === want.status) &&
                (want.ruleIndex === undefined || s.ruleIndex === want.ruleIndex) &&
                (!want.includes || s.message.includes(want.includes)),
            );
            expect(
              at,
              `trace step ${JSON.stringify(want)} in\n${trace.map((s) => `[${s.kind}/${s.status}] ${s.message}`).join('\n')}`,
            ).toBeGreaterThanOrEqual(0);
            from = at + 1;
          }
        }
        for (const q of c.requests ?? []) {
          expect(r.principal, 'requests need credentials').not.toBeNull();
          const a = evaluateAs(
            pw,
            r.principal!,
            { action: q.action, resource: q.resource, ...(q.context ? { context: q.context } : {}) },
            { now, explain: true },
          );
          expect(requestProblems(a, q.expect, `${q.action} ${q.resource}`)).toEqual([]);
        }
      });
    }
  });
}
