/**
 * Journey 1 — imported files the importer could not place: a bare `get-bucket-policy` / `get-resource-policy` output
 * (or policy document) whose bucket or table it cannot infer gets `import.needs-arn`; an ARN the user typed that does
 * not fit gets `import.bad-arn`. For each such file the app asks for the ARN (the CLI's `FILE=ARN`), pre-filled with a
 * suggestion from the policy's own Resource ARNs, and imports again with `resourceArn` set.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html — the output holds only the policy.
 */
import type { Diagnostic } from '../../../../policy-engine/model/index';
import type { ImportReport } from '../../../../policy-engine/workspace/index';
import { bucketNames, decodePolicy, resourceStrings, tableArns } from '../../../../policy-engine/workspace/index';

/** A file as the app imports it (the import:files request's file). */
export interface ImportInput {
  name: string;
  text: string;
  resourceArn?: string;
}

/** One file that needs an ARN. */
export interface ArnRequest {
  /** The file name (unique within one import). */
  file: string;
  /** The importer's message (why it needs the ARN, or why the given one does not fit). */
  message: string;
  /** What to pre-fill: the ARN given before, else a guess from the policy, else "". */
  suggestion: string;
  /** The ARN's form, for the placeholder ("arn:aws:s3:::BUCKET"). */
  placeholder: string;
}

const CODES = new Set(['import.needs-arn', 'import.bad-arn']);

/** The policy a file holds: `{"Policy": …}` outputs and bare documents alike. */
function policyOf(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value) && 'Policy' in value)
      return decodePolicy((value as { Policy: unknown }).Policy);
    return value;
  } catch {
    return null;
  }
}

/** The ARN form the importer's message asks for (`FILE=arn:…`), for the placeholder. */
function placeholderOf(message: string): string {
  const named = [...message.matchAll(/=(arn:[^\s,)]+)/g)].map((m) => m[1]);
  const forms = named.length > 0 ? named : [...message.matchAll(/\((arn:[^\s,)]+)/g)].map((m) => m[1]);
  return forms.length > 0 ? forms.join(' or ') : 'arn:…';
}

/**
 * A suggested ARN for a file: a bucket or table its policy's Resource ARNs name (the first one; the importer only
 * infers when there is exactly one), of the kind the message asks for. "" when there is none.
 */
export function suggestArn(text: string, message: string): string {
  const resources = resourceStrings(policyOf(text));
  const partition = /^arn:([\w-]+):/.exec(resources.find((r) => r.startsWith('arn:')) ?? '')?.[1] ?? 'aws';
  const buckets = bucketNames(resources);
  const tables = tableArns(resources);
  const wantsBucket = /bucket/i.test(message);
  const wantsTable = /table/i.test(message);
  if (wantsBucket && buckets.length > 0) return `arn:${partition}:s3:::${buckets[0]}`;
  if (wantsTable && tables.length > 0) return tables[0];
  return '';
}

/** The files of an import that need an ARN, from its report's `import.needs-arn` / `import.bad-arn` errors. */
export function arnRequests(report: Pick<ImportReport, 'errors'>, files: ImportInput[]): ArnRequest[] {
  const out: ArnRequest[] = [];
  for (const e of report.errors as Diagnostic[]) {
    if (!CODES.has(e.code) || !e.file || out.some((r) => r.file === e.file)) continue;
    const file = files.find((f) => f.name === e.file);
    if (!file) continue;
    out.push({
      file: file.name,
      message: e.message,
      suggestion: file.resourceArn ?? suggestArn(file.text, e.message),
      placeholder: placeholderOf(e.message),
    });
  }
  return out;
}

/** The files again, with the ARNs the user gave for the files asked about (a blank one clears the file's ARN). */
export function withResourceArns(files: ImportInput[], arns: Record<string, string>): ImportInput[] {
  return files.map((f) => {
    if (!Object.prototype.hasOwnProperty.call(arns, f.name)) return f;
    const arn = arns[f.name].trim();
    const { resourceArn: _old, ...rest } = f;
    return arn ? { ...rest, resourceArn: arn } : rest;
  });
}

/**
 * The report's problems to show after loading (errors other than the ARN requests, conflicts, warnings), and the
 * resources added because a role's policy names them ("from policy", as info).
 */
export function importProblems(
  report: Pick<ImportReport, 'errors' | 'conflicts' | 'warnings' | 'unresolved' | 'fromPolicy'>,
): Diagnostic[] {
  return [
    ...report.errors,
    ...report.conflicts,
    ...report.unresolved,
    ...report.warnings,
    ...(report.fromPolicy ?? []),
  ];
}
