/**
 * The analysis surface: findings (audit), who can reach what, change diffs, and report formats.
 */
export {
  auditWorkspace,
  FINDING_RULES,
  findingRule,
  hasFindingAtOrAbove,
  summarize,
  type AuditResult,
  type AuditOptions,
  type Finding,
  type FindingLocation,
  type FindingRule,
  type Severity,
} from './findings/index';
export {
  whoCan,
  reachableBy,
  type WhoCanPath,
  type WhoCanResult,
  type WhoCanOptions,
  type Reach,
  type ReachOptions,
} from './who-can';
export {
  diffWorkspaces,
  type WorkspaceDiff,
  type ClassDiff,
  type CellChange,
  type DiffOptions,
  type IsolationChange,
} from './diff';
export { groupByCause, statementWords, policyWords, type ChangeGroup } from './diff-causes';
export { listIdentityClasses, type IdentityClass } from './identity-classes';
export { selectClasses, shortClassName } from './class-select';
export { describeCells, type ActionOnResource } from './describe';
export {
  findingsToSarif,
  findingsToMarkdown,
  findingsToHtml,
  findingsToCsv,
  matrixToCsv,
  matrixCsvLines,
  describeFindingLocation,
  auditToHtml,
  findingsToJunit,
  junitXml,
  escapeXml,
  type AuditHtmlInput,
  type HtmlMatrixRow,
  type JunitCase,
  type JunitSuite,
  type MatrixDocument,
  type SarifLog,
} from './reports/index';
export { refineTemplateLocations, sourceFiles } from './reports/template-positions';
export {
  matrixActions,
  matrixFor,
  rowChains,
  subjectPrincipal,
  type MatrixRow,
  type MatrixSubject,
  type MatrixCell,
  type MatrixOptions,
} from './access-matrix';
export { chainPaths, chainCells, type ChainPath, type ChainCell, type RowChains } from './chain-access';
export { CELL_CODES, ALLOWED_CODE, codeOf, encodeDecisions } from './matrix-codes';
export { roleShareKeys } from './findings/shared-rows';
export { roleChains, allRoleChains, type RoleChains, type ReachedRole, type ChainOptions } from './role-chains';
