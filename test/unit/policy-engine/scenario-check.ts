/**
 * The comparison both scenario runners use (test/unit/policy-engine/evaluate/scenarios.test.ts for
 * test/scenarios/engine, test/unit/policy-engine/cognito/scenarios.test.ts for test/scenarios/cognito), kept here so
 * that scenario-check.test.ts can prove it fails a case whose expectation is wrong.
 *
 * A scenario's expectation is compared as a subset of the answer: every field it names must equal the answer's, and
 * an array must have the same length and match element by element. So `matchedStatements: []` asserts that no
 * statement decided (an implicit deny), and a list asserts exactly those statements, in the engine's order (the order
 * the CLI and the app show them).
 */
import type { MatchedStatement } from '../../../policy-engine/model/request';

/** Subset comparison: every field of `want` must equal the answer's; arrays compared element-wise with equal length. */
export function subset(actual: unknown, want: unknown, path: string): string[] {
  if (Array.isArray(want)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== want.length)
      return [`${path}: expected ${want.length} elements, got ${actual.length}: ${JSON.stringify(actual)}`];
    return want.flatMap((w, i) => subset(actual[i], w, `${path}[${i}]`));
  }
  if (want !== null && typeof want === 'object') {
    if (actual === null || typeof actual !== 'object')
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(want).flatMap(([k, w]) => subset((actual as Record<string, unknown>)[k], w, `${path}.${k}`));
  }
  return Object.is(actual, want) ? [] : [`${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`];
}

/** What a scenario writes for one determining statement (the fields of MatchedStatement it may name). */
export type StatementExpectation = Partial<
  Pick<MatchedStatement, 'policyType' | 'policyId' | 'statementIndex' | 'sid' | 'effect'>
>;

/** One request's expectation in a Cognito scenario: the decision and the statements that decided it. */
export interface RequestExpectation {
  decision: string;
  /** The determining statements ([] for an implicit deny); required on every request. */
  matchedStatements?: StatementExpectation[];
  /** Older, looser form: the determining statements' policy ids, order ignored. */
  matchedPolicyIds?: string[];
}

/** The answer fields a request expectation is checked against. */
export interface DecidedAnswer {
  decision: string;
  message?: string | null;
  matchedStatements: MatchedStatement[];
}

/**
 * The problems with one request's answer, [] when it meets the expectation. A missing `matchedStatements` is itself a
 * problem: a case that checks only the decision can pass with the wrong statements deciding it.
 */
export function requestProblems(answer: DecidedAnswer, want: RequestExpectation, label: string): string[] {
  const problems: string[] = [];
  if (answer.decision !== want.decision)
    problems.push(`${label}: decision expected ${want.decision}, got ${answer.decision} (${answer.message ?? ''})`);
  if (!Array.isArray(want.matchedStatements))
    problems.push(`${label}: the expectation names no matchedStatements (write [] for an implicit deny)`);
  else problems.push(...subset(answer.matchedStatements, want.matchedStatements, `${label}.matchedStatements`));
  if (want.matchedPolicyIds) {
    const got = answer.matchedStatements.map((m) => m.policyId).sort();
    const exp = [...want.matchedPolicyIds].sort();
    if (JSON.stringify(got) !== JSON.stringify(exp))
      problems.push(`${label}: matchedPolicyIds expected ${JSON.stringify(exp)}, got ${JSON.stringify(got)}`);
  }
  return problems;
}
