/**
 * The finding shape (CONTRACT.md §5) and the seam every rule module implements.
 */
import type { Assumption, PolicyType, Position } from '../../model/request';
import type { SourceLocation } from '../../model/workspace';
import type { AuditContext } from './context';

/** How bad a finding is. */
export type Severity = 'high' | 'medium' | 'low';

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** A JSON path into the workspace file, e.g. `['iam', 'RoleDetailList', 2, 'AssumeRolePolicyDocument', 'Statement', 0]`. */
export type WorkspacePath = (string | number)[];

/** Where a finding is: the entity, the policy and statement, and the line in the policy text (CONTRACT.md §5). */
export interface FindingLocation {
  kind: 'role' | 'user' | 'policy' | 'resourcePolicy' | 'identityPool' | 'userPool';
  /** Roles, users, managed policies (and groups, as kind `policy`). */
  arn?: string;
  /** Resource policies. */
  resourceArn?: string;
  /** Identity pools. */
  identityPoolId?: string;
  /** User pools (kind `userPool`), with the app client or group the finding concerns. */
  userPoolId?: string;
  clientId?: string;
  groupName?: string;
  /** The RoleMappings key (a role mapping or one of its rules). */
  provider?: string;
  ruleIndex?: number;
  policyType?: PolicyType;
  /** The policy's id as answers name it (`ROLEARN#trust`, `ROLEARN#inline/NAME`, a managed policy ARN, …). */
  policyId?: string;
  statementIndex?: number;
  /** Position in the policy document's text (policies) or in the source file (pools, when known). */
  start?: Position;
  end?: Position;
  /** Where the workspace entity came from, when the importer recorded it (`workspace.sources`). */
  file?: string;
  /** The entity's provenance record, when the workspace has one. */
  source?: SourceLocation;
  /** The JSON path of the statement, rule or pool inside the workspace file (for reports that point into it). */
  workspacePath?: WorkspacePath;
}

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
