/**
 * The public surface of policy-engine/workspace: read and write workspace files, import AWS exports, CloudFormation,
 * CDK and Terraform into one workspace, and read or edit the policy documents it holds.
 */
export { parseWorkspaceText, serializeWorkspace, WORKSPACE_VERSION } from './schema';
export { importFiles, type ImportFile, type ImportOptions, type ImportReport } from './import';
export { MAX_INPUT_CHARS, formatDiagnostic } from './json-source';
export { defaultDocument } from './merge';
export { decodePolicy, canonicalJson, samePolicy, resourceStrings, bucketNames, tableArns } from './policy-doc';
export { getPolicyDocument, policyDocumentLookup, setPolicyDocument, type EditResult } from './policy-edit';
export { checkResourceArn, IDENTITY_SUB, type ResourceArnCheck } from './resource-arn';
export { fileIncluded, folderFileIncluded, SKIP_DIRS } from './folder-files';
export { policySourceOf, rangeInFile, type PolicySource } from './source-map';
export {
  checkSourceDigests,
  recordSourceDigests,
  recordedFiles,
  type SourceCheck,
  type Sha256Hex,
} from './source-digests';
export { sourceRecordOf } from './import-sources';
export { policyDocuments } from './policy-documents';
