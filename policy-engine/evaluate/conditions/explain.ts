/**
 * One readable sentence per condition, e.g.
 * `cognito-identity.amazonaws.com:amr has ["authenticated","accounts.google.com"]; ForAnyValue:StringLike needs at least
 * one to match "authenticated" → matched`, or `aws:SourceIp is missing from the request context, so IpAddress does not match`.
 * Only used on the explain path: allocation is fine here.
 */
import type { ConditionTrace } from '../../model/request';
import type { ContextLookup } from '../variables';
import type { ConditionSpec, OperatorFamily, ValueMatcher } from './types';
import type { SetOperator } from './set-operators';
import { missingWhy } from './set-operators';

/** Everything explain needs from a compiled condition. */
export interface ExplainInput {
  spec: ConditionSpec;
  base: string;
  setOperator?: SetOperator;
  ifExists: boolean;
  negated: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  family: OperatorFamily<any>;
  matchers: readonly ValueMatcher<unknown>[];
  keyLower: string;
  /** A one-element list is the single value (the key is known to be single-valued). */
  unwrapSingle: boolean;
  test(lookup: ContextLookup): boolean;
}

const VERB: Record<string, string> = {
  StringEquals: 'equal',
  StringNotEquals: 'equal',
  StringEqualsIgnoreCase: 'equal (ignoring case)',
  StringNotEqualsIgnoreCase: 'equal (ignoring case)',
  StringLike: 'match',
  StringNotLike: 'match',
  NumericEquals: 'equal',
  NumericNotEquals: 'equal',
  NumericLessThan: 'be less than',
  NumericLessThanEquals: 'be at most',
  NumericGreaterThan: 'be greater than',
  NumericGreaterThanEquals: 'be at least',
  DateEquals: 'be the same time as',
  DateNotEquals: 'be the same time as',
  DateLessThan: 'be before',
  DateLessThanEquals: 'be at or before',
  DateGreaterThan: 'be after',
  DateGreaterThanEquals: 'be at or after',
  Bool: 'be',
  BinaryEquals: 'equal',
  IpAddress: 'be in',
  NotIpAddress: 'be in',
  ArnEquals: 'match',
  ArnLike: 'match',
  ArnNotEquals: 'match',
  ArnNotLike: 'match',
};

function list(values: readonly string[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
}

/** "match "x"", "match one of [...]", "not match any of [...]". */
function requirement(base: string, negated: boolean, policyValues: readonly string[]): string {
  const verb = VERB[base] ?? 'match';
  if (policyValues.length === 0) return `${negated ? 'not ' : ''}${verb} a value, but the policy lists none`;
  if (policyValues.length === 1) return `${negated ? 'not ' : ''}${verb} ${list(policyValues)}`;
  return negated ? `not ${verb} any of ${list(policyValues)}` : `${verb} one of ${list(policyValues)}`;
}

/** Build the ConditionTrace of one condition for one request context. */
export function explainCondition(c: ExplainInput, lookup: ContextLookup): ConditionTrace {
  const { spec, base, setOperator, ifExists, negated, family } = c;
  const op = spec.operator;
  const raw = lookup(c.keyLower);
  const unresolved: string[] = [];
  const policyValues = c.matchers.map((m) => {
    const r = m.resolve(lookup);
    for (const k of r.unresolved) if (!unresolved.includes(k)) unresolved.push(k);
    return r.value ?? m.source;
  });
  const matched = c.test(lookup);
  const missing = raw === undefined || (typeof raw !== 'string' && raw.length === 0);
  const outcome = matched ? 'matched' : 'not matched';
  const need = requirement(base, negated, policyValues);
  let reason: string;
  if (missing) {
    const what = raw === undefined ? 'is missing from the request context' : 'has no values';
    reason = `${spec.key} ${what}, so ${op} ${matched ? 'matches' : 'does not match'} (${missingWhy(setOperator, ifExists, negated)})`;
  } else {
    const values = typeof raw === 'string' ? [raw] : raw;
    const bad = values.filter((v) => family.parseRequest(v) === undefined);
    const badNote = bad.length ? `; ${bad.map((v) => family.requestError(v)).join(', ')}, so it cannot match` : '';
    if (setOperator) {
      const quant = setOperator === 'ForAnyValue' ? 'at least one' : 'every one';
      reason = `${spec.key} has ${JSON.stringify(values)}; ${op} needs ${quant} to ${need}${badNote} → ${outcome}`;
    } else if (typeof raw === 'string' || (raw.length === 1 && c.unwrapSingle)) {
      reason = `${spec.key} is ${JSON.stringify(values[0])}; ${op} needs it to ${need}${badNote} → ${outcome}`;
    } else {
      reason = `${spec.key} has several values ${JSON.stringify(values)}; ${op} is a single-valued operator, so it does not match (use ForAnyValue: or ForAllValues:)`;
    }
  }
  if (unresolved.length) {
    reason += `; policy variable${unresolved.length > 1 ? 's' : ''} ${unresolved.map((k) => '${' + k + '}').join(', ')} could not be resolved, so ${unresolved.length > 1 ? 'those values match' : 'that value matches'} nothing`;
  }
  const trace: ConditionTrace = { operator: op, key: spec.key, policyValues, matched, missing, reason };
  if (raw !== undefined) trace.requestValues = typeof raw === 'string' ? [raw] : raw.slice();
  if (unresolved.length) trace.unresolvedVariables = unresolved;
  if (spec.range) trace.range = spec.range;
  return trace;
}
