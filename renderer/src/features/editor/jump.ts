/**
 * A jump into the policy editor: a policy and a position in the user's file. Every view that links to a statement,
 * a problem or a finding builds one with `jumpTo` and opens it with `openJump`, so the line and the column always
 * travel together: the column is what makes a place inside a JSON string (a whole policy on one file line) exact,
 * where the line alone would land on the string's first character.
 */
import type { MatchedStatement, Position, ResolutionStep, StatementTrace } from '../../../../policy-engine/model/index';

/** A place to open: the policy and its file position (no column: the line's first text column). */
export interface PolicyJump {
  policyId: string;
  line: number;
  column?: number;
}

/** Opens a policy in the editor at a file position. */
export type OpenPolicyAt = (policyId: string, line: number, column?: number) => void;

/** The jump to `start` in a policy; its first line when the place is not known. */
export function jumpTo(policyId: string, start: Position | undefined): PolicyJump {
  return start ? { policyId, line: start.line, column: start.column } : { policyId, line: 1 };
}

/** Opens a jump. */
export function openJump(open: OpenPolicyAt, jump: PolicyJump): void {
  open(jump.policyId, jump.line, jump.column);
}

/** What `trustJump` reads of a role resolution (the app's ResolutionView has these fields). */
export interface TrustFacts {
  resolution: { trust?: string; trace?: ResolutionStep[] };
  trustStatements?: StatementTrace[];
  trustMatched?: MatchedStatement[];
}

/**
 * The jump to the trust statement that decided a role's trust: when the trust check failed, the first statement
 * the check names as failing; otherwise the first statement that matched; the policy's first line when neither is
 * known (no trace, or a trust policy with no statement).
 */
export function trustJump(r: TrustFacts, roleArn: string): PolicyJump {
  const policyId = `${roleArn}#trust`;
  const step = (r.resolution.trace ?? []).find((s) => s.kind === 'trust' && s.status === 'failed');
  const failures = step?.detail?.failures;
  const failedIndex = Array.isArray(failures)
    ? (failures[0] as { statementIndex?: unknown })?.statementIndex
    : undefined;
  const failed =
    typeof failedIndex === 'number' ? r.trustStatements?.find((s) => s.statementIndex === failedIndex) : undefined;
  const matched = step ? undefined : r.trustMatched?.[0];
  return jumpTo(policyId, (failed ?? matched)?.start);
}
