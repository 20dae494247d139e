/**
 * Where a finding points: the entity, the policy and statement, the line in the policy text and the JSON path in the
 * workspace file (CONTRACT.md §5). Its own file because the audit context and the policy references build locations
 * and the finding types name them: keeping it apart keeps those three free of an import circle.
 */
import type { PolicyType, Position } from '../../model/request';
import type { SourceLocation } from '../../model/workspace';

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
  /** True when `start`/`end` are a place in `file` (the workspace file the user opened, or the template's statement). */
  startInFile?: boolean;
  /** The entity's provenance record, when the workspace has one. */
  source?: SourceLocation;
  /** The JSON path of the statement, rule or pool inside the workspace file (for reports that point into it). */
  workspacePath?: WorkspacePath;
}
