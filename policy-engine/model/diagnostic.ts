import type { Range } from './request';

/** A problem found in user input: a policy, a workspace, a template. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** A stable machine-readable code, e.g. `policy.unknown-action`. */
  code: string;
  message: string;
  /** JSON path inside the document, e.g. `Statement[0].Condition.StringLike`. */
  path: string;
  range?: Range;
  /** The file, when the document came from one. */
  file?: string;
  /** The policy the problem is in, when it is in one (same id as MatchedStatement.policyId). */
  policyId?: string;
}

/** A tagged result for anything that crosses a process boundary. */
export type Result<T> = { ok: true; value: T; diagnostics?: Diagnostic[] } | { ok: false; errors: Diagnostic[] };
