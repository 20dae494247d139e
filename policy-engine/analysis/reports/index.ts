/**
 * Report formats for findings and matrices.
 */
export { findingsToSarif, sarifRule, SARIF_LEVEL, type SarifLog, type SarifOptions } from './sarif';
export {
  findingsToMarkdown,
  findingsToHtml,
  findingsToCsv,
  matrixToCsv,
  matrixCsvLines,
  escapeHtml,
  csvField,
  describeFindingLocation,
  type MatrixDocument,
} from './text-reports';
export { junitXml, escapeXml, findingsToJunit, type JunitCase, type JunitSuite } from './junit';
export { auditToHtml, type AuditHtmlInput, type HtmlMatrixRow } from './audit-html';
export { workspaceLocator, type Locator } from './workspace-positions';
