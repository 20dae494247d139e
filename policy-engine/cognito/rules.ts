/**
 * Role-mapping rules: first match wins, in order (SEMANTICS.md §A2.3).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import type { ResolutionStep } from '../model/request';
import type { MappingRule, WorkspaceSettings } from '../model/workspace';
import type { AssumptionSet } from './assumptions';

/** How one rule fared. */
export interface RuleOutcome {
  status: 'matched' | 'notMatched' | 'notEvaluated';
  reason: string;
  /** The claim's value as the token carries it (undefined when absent). */
  claimValue: unknown;
  /** The rule compared an array claim (undocumented semantics). */
  usedArraySemantics: boolean;
  /** The outcome would differ with the other case-sensitivity setting. */
  dependsOnCase: boolean;
}

type MatchType = MappingRule['MatchType'];

/** Compares one string with the rule value under a match type. */
function compareOne(type: MatchType, claim: string, value: string, caseSensitive: boolean): boolean {
  const c = caseSensitive ? claim : claim.toLowerCase();
  const v = caseSensitive ? value : value.toLowerCase();
  switch (type) {
    case 'Equals':
      return c === v;
    case 'NotEqual':
      return c !== v;
    case 'StartsWith':
      return c.startsWith(v);
    case 'Contains':
      return c.includes(v);
    default:
      return false;
  }
}

/** A scalar claim as the string Cognito compares. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Matches a claim value that is an array. anyElement: Equals/StartsWith/Contains hold when some element does
 * (Contains = element membership, as communities use it on cognito:groups, aws/aws-cdk#23449), NotEqual when no
 * element equals the value. joinedString: the comma-joined form is compared as a string.
 */
function compareArray(
  type: MatchType,
  claim: unknown[],
  value: string,
  caseSensitive: boolean,
  mode: 'anyElement' | 'joinedString',
): boolean {
  const items = claim.map(scalarText);
  if (mode === 'joinedString') return compareOne(type, items.join(','), value, caseSensitive);
  if (type === 'NotEqual') return !items.some((s) => compareOne('Equals', s, value, caseSensitive));
  if (type === 'Contains') return items.some((s) => compareOne('Equals', s, value, caseSensitive));
  return items.some((s) => compareOne(type, s, value, caseSensitive));
}

/** Evaluates one rule against the claims. */
export function matchRule(
  rule: MappingRule,
  claims: Record<string, unknown>,
  settings: WorkspaceSettings | undefined,
): RuleOutcome {
  const caseSensitive = settings?.claimMatchCaseSensitive !== false;
  const mode = settings?.multiValuedClaimMatch ?? 'anyElement';
  const present =
    Object.prototype.hasOwnProperty.call(claims, rule.Claim) &&
    claims[rule.Claim] !== undefined &&
    claims[rule.Claim] !== null;
  const claimValue = present ? claims[rule.Claim] : undefined;
  if (!present) {
    // DOC: "If the match type is NotEqual and the claim doesn't exist, the rule is not evaluated."
    if (rule.MatchType === 'NotEqual') {
      return {
        status: 'notEvaluated',
        reason: `claim "${rule.Claim}" is absent, so the NotEqual rule is not evaluated`,
        claimValue,
        usedArraySemantics: false,
        dependsOnCase: false,
      };
    }
    return {
      status: 'notMatched',
      reason: `claim "${rule.Claim}" is absent`,
      claimValue,
      usedArraySemantics: false,
      dependsOnCase: false,
    };
  }
  const isArray = Array.isArray(claimValue);
  const run = (cs: boolean): boolean =>
    isArray
      ? compareArray(rule.MatchType, claimValue as unknown[], rule.Value, cs, mode)
      : compareOne(rule.MatchType, scalarText(claimValue), rule.Value, cs);
  const matched = run(caseSensitive);
  const dependsOnCase = matched !== run(!caseSensitive);
  const shown = JSON.stringify(claimValue);
  const verb =
    { Equals: 'equal', NotEqual: 'differ from', StartsWith: 'start with', Contains: 'contain' }[rule.MatchType] ??
    rule.MatchType;
  const reason = matched
    ? `claim "${rule.Claim}" = ${shown} does ${verb} "${rule.Value}" (${rule.MatchType})`
    : `claim "${rule.Claim}" = ${shown} does not ${verb} "${rule.Value}" (${rule.MatchType})`;
  return { status: matched ? 'matched' : 'notMatched', reason, claimValue, usedArraySemantics: isArray, dependsOnCase };
}

/** The result of running a rule list. */
export interface RulesResult {
  /** Index of the first matching rule, or -1. */
  matchedIndex: number;
  /** Indexes of every rule that matched (for CustomRoleArn, which may override the order). */
  allMatching: number[];
  steps: ResolutionStep[];
}

/** Which rules match under the given settings, without a trace (used to test whether a setting mattered). */
function matching(
  rules: MappingRule[],
  claims: Record<string, unknown>,
  settings: WorkspaceSettings | undefined,
  evaluateAll: boolean,
): { matchedIndex: number; allMatching: number[] } {
  const allMatching: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (validRuleShape(rules[i]) && matchRule(rules[i], claims, settings).status === 'matched') {
      allMatching.push(i);
      if (!evaluateAll) break;
    }
  }
  return { matchedIndex: allMatching[0] ?? -1, allMatching };
}

/**
 * Runs the rules in order; the first match wins and later rules are "notReached". With `evaluateAll` every rule is
 * evaluated (CustomRoleArn may pick any matching rule), but the trace still marks the first match.
 * An undocumented setting (multiValuedClaimMatch, claimMatchCaseSensitive) is recorded as an assumption only when the
 * other value of that setting would change the outcome — the first matching rule (hence the role), or with
 * `customRoleArn` the matching rule that carries it (CONTRACT §3: assumptions list only what the answer depended on).
 */
export function evaluateRules(
  rules: MappingRule[],
  claims: Record<string, unknown>,
  settings: WorkspaceSettings | undefined,
  assumptions: AssumptionSet,
  evaluateAll = false,
  customRoleArn?: string,
): RulesResult {
  const steps: ResolutionStep[] = [];
  let matchedIndex = -1;
  const allMatching: number[] = [];
  rules.forEach((rule, i) => {
    if (matchedIndex >= 0 && !evaluateAll) {
      steps.push({
        kind: 'rule',
        status: 'notReached',
        ruleIndex: i,
        message: `Rule ${i} (${describeRule(rule)}) was not reached: rule ${matchedIndex} matched first.`,
        detail: { rule },
      });
      return;
    }
    const out = validRuleShape(rule) ? matchRule(rule, claims, settings) : null;
    if (!out) {
      steps.push({
        kind: 'rule',
        status: 'notMatched',
        ruleIndex: i,
        message: `Rule ${i} is malformed (needs Claim, MatchType, Value, RoleARN) and cannot match.`,
        detail: { rule },
      });
      return;
    }
    if (out.status === 'matched') allMatching.push(i);
    const first = out.status === 'matched' && matchedIndex < 0;
    if (first) matchedIndex = i;
    const prefix = `Rule ${i} (${describeRule(rule)})`;
    const message =
      out.status === 'matched'
        ? `${prefix} ${first ? 'matched' : 'also matched'}: ${out.reason} → ${rule.RoleARN}.`
        : `${prefix} ${out.status === 'notEvaluated' ? 'was not evaluated' : 'did not match'}: ${out.reason}.`;
    steps.push({
      kind: 'rule',
      status: out.status,
      ruleIndex: i,
      message,
      detail: {
        claim: rule.Claim,
        claimValue: out.claimValue,
        matchType: rule.MatchType,
        value: rule.Value,
        roleArn: rule.RoleARN,
      },
    });
  });
  // What the resolution takes from the rules: the first match, or the matching rule CustomRoleArn names.
  const outcome = (r: { matchedIndex: number; allMatching: number[] }): number =>
    customRoleArn !== undefined
      ? (r.allMatching.find((i) => rules[i].RoleARN === customRoleArn) ?? -1)
      : r.matchedIndex;
  const actual = outcome({ matchedIndex, allMatching });
  const mode = settings?.multiValuedClaimMatch ?? 'anyElement';
  const otherMode = {
    ...settings,
    multiValuedClaimMatch: mode === 'anyElement' ? ('joinedString' as const) : ('anyElement' as const),
  };
  if (outcome(matching(rules, claims, otherMode, evaluateAll)) !== actual) assumptions.add('multiValuedClaimMatch');
  const otherCase = { ...settings, claimMatchCaseSensitive: settings?.claimMatchCaseSensitive === false };
  if (outcome(matching(rules, claims, otherCase, evaluateAll)) !== actual) assumptions.add('claimMatchCaseSensitive');
  return { matchedIndex, allMatching, steps };
}

/** `custom:team Equals "x"`. */
export function describeRule(rule: MappingRule): string {
  return `${String(rule?.Claim)} ${String(rule?.MatchType)} "${String(rule?.Value)}"`;
}

function validRuleShape(rule: MappingRule): boolean {
  return (
    !!rule &&
    typeof rule.Claim === 'string' &&
    typeof rule.Value === 'string' &&
    typeof rule.RoleARN === 'string' &&
    ['Equals', 'Contains', 'StartsWith', 'NotEqual'].includes(rule.MatchType)
  );
}
