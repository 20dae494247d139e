/**
 * Points findings into the CloudFormation / CDK templates a workspace was imported from: an importer records only
 * where each resource starts (`workspace.sources`), so here the statement, rule or property a finding is about is found
 * inside that resource (or in the separate AWS::IAM::Policy / AWS::S3::BucketPolicy / IdentityPoolRoleAttachment
 * resource that holds it) and `location.source` (and, for pools, `location.start`) get its line. The texts are
 * arguments: the caller reads the files.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */
import type { SourceLocation, Workspace } from '../../model/workspace';
import { parseTemplate, type ParsedTemplate } from '../../workspace/cfn-parse';
import { locateClosest, templatePath } from '../../workspace/template-paths';
import { unwrapResourcesKey } from '../../workspace/cfn-fragments';
import type { Finding, FindingLocation } from '../findings/types';
import { hasOwn as own } from '../../guards';

/**
 * Returns the findings with `location.source` pointing at the statement / rule / property inside the template (and
 * `start` for pool locations, whose `start` is a file position). Findings whose file is not among `texts`, is not a
 * template, or does not hold the path keep their resource-level location.
 */
export function refineTemplateLocations(findings: Finding[], texts: Record<string, string>): Finding[] {
  const parsed = new Map<string, ParsedTemplate | null>();
  const templateOf = (file: string): ParsedTemplate | null => {
    if (!parsed.has(file)) {
      const text = own(texts, file) ? texts[file] : undefined;
      const r = text === undefined ? null : parseTemplate(text, file);
      // A Serverless resources file written with its serverless.yml key (`resources:` holding `Resources:`).
      parsed.set(file, r && r.ok ? (unwrapResourcesKey(r.value) ?? r.value) : null);
    }
    return parsed.get(file) ?? null;
  };
  return findings.map((f) => {
    const src = f.location.source;
    if (!src?.logicalId) return f;
    const t = templateOf(src.file);
    if (!t) return f;
    const path = templatePath(t, f.location, src.logicalId);
    if (!path) return f;
    const pos = locateClosest(t, path);
    if (!pos) return f;
    const logicalId = typeof path[1] === 'string' ? path[1] : src.logicalId;
    const source: SourceLocation = { file: src.file, line: pos.line, column: pos.column, logicalId };
    // start then names the same file as `file`: the template's statement (or pool), not the workspace's.
    const { end: _end, start: _start, startInFile: _inFile, ...rest } = f.location;
    const located = f.location.kind === 'identityPool' || f.location.statementIndex !== undefined;
    // A position in the workspace file does not name a place in the template: keep only the template's.
    const location: FindingLocation = {
      ...(located || f.location.startInFile ? rest : f.location),
      source,
      file: src.file,
      ...(located ? { start: pos, ...(f.location.startInFile ? { startInFile: true } : {}) } : {}),
    };
    return { ...f, location };
  });
}

/** The source files a workspace's provenance names (to read before refining). */
export function sourceFiles(ws: Workspace): string[] {
  const sources = ws.sources && typeof ws.sources === 'object' ? ws.sources : {};
  return [
    ...new Set(
      Object.values(sources)
        .filter((s) => s && typeof s.file === 'string' && s.logicalId)
        .map((s) => s.file),
    ),
  ];
}
