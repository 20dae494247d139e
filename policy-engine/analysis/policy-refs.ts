/**
 * Every policy document of a workspace with its id (as prepareWorkspace names it), its owner, where it sits in the
 * workspace file, and how it is used — so findings can point at a statement and reports into the file.
 */
import type { PolicyType } from '../model/request';
import type { Workspace } from '../model/workspace';
import { policyDocuments } from '../workspace/policy-documents';
import { policySourceOf, rangeInFile } from '../workspace/source-map';
import { sourceRecordOf } from '../workspace/import-sources';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { parsePolicy, type ParsedPolicy } from '../policy/parse';
import type { FindingLocation, WorkspacePath } from './findings/location';

/** One policy document of the workspace. */
export interface PolicyRef {
  policyId: string;
  policyType: PolicyType;
  /** The entity a location names. */
  owner: { kind: FindingLocation['kind']; arn: string };
  /** The inline policy's name, or the managed policy's name. */
  policyName?: string;
  /** Where the document is in the workspace file. */
  documentPath: WorkspacePath;
  /** Whether the document is written as a JSON string (positions then point at the string). */
  isString: boolean;
  parsed: ParsedPolicy;
  /** Roles, users and groups the policy applies to as an identity policy (itself for inline policies). */
  attachedTo: string[];
  /** True when some role or user uses this managed policy as its permissions boundary. */
  usedAsBoundary: boolean;
}

/** Lists every policy of the workspace (trust, inline, managed, resource, SCP, RCP), parsed once. */
export function policyRefs(pw: PreparedWorkspace): PolicyRef[] {
  return policyDocuments(pw.workspace).map(({ input, ...d }) => ({
    ...d,
    parsed: pw.policies.get(d.policyId) ?? parsePolicy(input, { policyId: d.policyId, policyType: d.policyType }),
  }));
}

/** The JSON path of a statement inside the workspace file (the document's path when it is a JSON string). */
export function statementPath(ref: PolicyRef, statementIndex: number): WorkspacePath {
  if (ref.isString) return ref.documentPath;
  const st = ref.parsed.statements[statementIndex];
  if (!st) return ref.documentPath;
  return st.path === 'Statement'
    ? [...ref.documentPath, 'Statement']
    : [...ref.documentPath, 'Statement', statementIndex];
}

/** A finding location for one statement of a policy (CONTRACT.md §5), with the source file when the workspace knows it. */
export function statementLocation(ws: Workspace, ref: PolicyRef, statementIndex: number): FindingLocation {
  const st = ref.parsed.statements[statementIndex];
  const source = sourceRecordOf(ws, ref);
  const who = ref.owner.kind === 'resourcePolicy' ? { resourceArn: ref.owner.arn } : { arn: ref.owner.arn };
  // Parsed from the workspace file's text: the statement's place in that file (source-map), the file the user opened.
  const inFile = policySourceOf(ref.parsed);
  if (inFile && st)
    return {
      kind: ref.owner.kind,
      ...who,
      policyType: ref.policyType,
      policyId: ref.policyId,
      statementIndex,
      ...rangeInFile(ref.parsed, st.range),
      file: inFile.file,
      startInFile: true,
      ...(source ? { source } : {}),
      workspacePath: statementPath(ref, statementIndex),
    };
  return {
    kind: ref.owner.kind,
    ...who,
    policyType: ref.policyType,
    policyId: ref.policyId,
    statementIndex,
    ...(st ? { start: st.range.start, end: st.range.end } : {}),
    ...(source ? { file: source.file, source } : {}),
    workspacePath: statementPath(ref, statementIndex),
  };
}
