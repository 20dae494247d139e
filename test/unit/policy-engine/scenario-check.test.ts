/**
 * The scenario runners fail a case whose determining statements differ from the answer's, not only one whose decision
 * differs. Checked on a real answer: the per-user S3 case of test/scenarios/cognito/e2e-patterns.json, where
 * statement 1 ("OwnObjects") of the role's inline policy UserFiles grants s3:GetObject under the user's own prefix
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html: with no Deny, the
 * Allow statements that match decide).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveIdentity } from '../../../policy-engine/cognito/index';
import { evaluateAs } from '../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../policy-engine/evaluate/prepare';
import type { IdentityInput, RequestContext } from '../../../policy-engine/model/request';
import type { Workspace } from '../../../policy-engine/model/workspace';
import { requestProblems, subset, type RequestExpectation, type StatementExpectation } from './scenario-check';

interface Suite {
  now: string;
  workspace: Workspace;
  cases: {
    name: string;
    identity: IdentityInput;
    requests?: { action: string; resource: string; context?: RequestContext; expect: RequestExpectation }[];
  }[];
}

const suite = JSON.parse(
  readFileSync(resolve(__dirname, '../../scenarios/cognito/e2e-patterns.json'), 'utf8'),
) as Suite;
const perUser = suite.cases[0];
const pw = prepareWorkspace(suite.workspace);
const now = new Date(suite.now);
const principal = resolveIdentity(pw, perUser.identity, { now }).principal!;
const [getOwn, putOther] = perUser.requests!;
const ask = (q: typeof getOwn) =>
  evaluateAs(pw, principal, { action: q.action, resource: q.resource }, { now, explain: true });
const allowed = ask(getOwn);
const denied = ask(putOther);
const written = getOwn.expect.matchedStatements!;
const withStatements = (s: StatementExpectation[] | undefined): RequestExpectation => ({
  decision: getOwn.expect.decision,
  ...(s ? { matchedStatements: s } : {}),
});

describe('the Cognito runner (requestProblems)', () => {
  it('passes the case as written in the scenario file', () => {
    expect(allowed.decision).toBe('allowed');
    expect(requestProblems(allowed, getOwn.expect, 'get')).toEqual([]);
    expect(requestProblems(denied, putOther.expect, 'put')).toEqual([]);
  });
  it('fails the right decision reached by another statement of the same policy', () => {
    const wrong = [{ ...written[0], statementIndex: 0, sid: 'ListOwnPrefix' }];
    expect(requestProblems(allowed, withStatements(wrong), 'get')).toEqual([
      'get.matchedStatements[0].statementIndex: expected 0, got 1',
      'get.matchedStatements[0].sid: expected "ListOwnPrefix", got "OwnObjects"',
    ]);
  });
  it('fails another policy, a missing statement and an extra one', () => {
    const otherPolicy = [{ ...written[0], policyId: 'arn:aws:iam::111122223333:role/AppAuth#inline/UserItems' }];
    expect(requestProblems(allowed, withStatements(otherPolicy), 'get')[0]).toMatch(/matchedStatements\[0\]\.policyId/);
    expect(requestProblems(allowed, withStatements([]), 'get')[0]).toMatch(/expected 0 elements, got 1/);
    expect(requestProblems(allowed, withStatements([...written, written[0]]), 'get')[0]).toMatch(
      /expected 2 elements, got 1/,
    );
  });
  it('fails an implicit deny expected to be decided by a statement', () => {
    expect(requestProblems(denied, { decision: 'implicitDeny', matchedStatements: written }, 'put')[0]).toMatch(
      /expected 1 elements, got 0/,
    );
  });
  it('fails a request that checks only the decision', () => {
    expect(requestProblems(allowed, withStatements(undefined), 'get')).toEqual([
      'get: the expectation names no matchedStatements (write [] for an implicit deny)',
    ]);
  });
  it('fails a wrong decision with the answer’s own message', () => {
    const p = requestProblems(denied, { decision: 'allowed', matchedStatements: [] }, 'put');
    expect(p).toHaveLength(1);
    expect(p[0]).toContain('decision expected allowed, got implicitDeny');
  });
});

describe('the engine runner (subset, as test/unit/policy-engine/evaluate/scenarios.test.ts calls it)', () => {
  it('fails a wrong statement index and passes the right one', () => {
    expect(subset(allowed, { decision: 'allowed', matchedStatements: written }, 'answer')).toEqual([]);
    expect(
      subset(allowed, { decision: 'allowed', matchedStatements: [{ ...written[0], statementIndex: 0 }] }, 'answer'),
    ).toEqual(['answer.matchedStatements[0].statementIndex: expected 0, got 1']);
  });
  it('fails a Deny expected where an Allow decided', () => {
    expect(subset(allowed, { matchedStatements: [{ ...written[0], effect: 'Deny' }] }, 'answer')).toEqual([
      'answer.matchedStatements[0].effect: expected "Deny", got "Allow"',
    ]);
  });
});
