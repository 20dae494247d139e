/**
 * Report formats for findings and matrices.
 */
export { findingsToSarif, sarifRule, SARIF_LEVEL, type SarifLog, type SarifOptions } from './sarif';
export {
  findingsToMarkdown,
  findingsToHtml,
  findingsToCsv,
  matrixToCsv,
  escapeHtml,
  csvField,
  describeFindingLocation,
  type MatrixDocument,
} from './text-reports';
export { workspaceLocator, type Locator } from './workspace-positions';
