/**
 * The finding shape (CONTRACT.md §5) and the seam every rule module implements.
 */
import type { Assumption } from '../../model/request';
import type { AuditContext } from './context';
import type { FindingLocation } from './location';

export type { FindingLocation, WorkspacePath } from './location';

/** How bad a finding is. */
export type Severity = 'high' | 'medium' | 'low';

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** One finding (CONTRACT.md §5). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  /** What is wrong and what it allows, in concrete terms. */
  message: string;
  fix: string;
  location: FindingLocation;
  /** Undocumented-behaviour settings the finding depends on (SEMANTICS.md [AMBIG]). */
  assumptions?: Assumption[];
}

/** One rule: a stable id, what it checks, and the check itself. */
export interface FindingRule {
  /** Stable kebab-case id; never renamed (README lists them). */
  id: string;
  /** PascalCase name, for SARIF `tool.driver.rules[].name`. */
  name: string;
  /** Short title shown with each finding. */
  title: string;
  /** The default severity (a finding may be raised or lowered with a stated reason). */
  severity: Severity;
  /** What the rule checks, in one or two sentences (docs/findings-rules.md). */
  description: string;
  /** The AWS documentation page behind the rule. */
  helpUri: string;
  /** Runs the rule. Never throws on bad input: problems the rule cannot judge are skipped. */
  check(ctx: AuditContext): Finding[];
}
