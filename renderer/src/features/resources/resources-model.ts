/**
 * The matrix's resources as the user edits them: add one by ARN (checked like the importer checks the ARNs a policy
 * names, with a corrected ARN when one is evident) and remove one. Pure: a workspace in, a new workspace out, so the
 * edit goes through the session like any other (undo, save, diff). Whether a resource was added by the importer
 * because a policy names it ("from policy", `importNotes.fromPolicy`) travels with it.
 */
import type { Workspace } from '../../../../policy-engine/model/index';
import { checkResourceArn } from '../../../../policy-engine/workspace/index';

/** One row of the resources list. */
export interface ResourceRow {
  arn: string;
  /** The short name shown (bucket, bucket/key pattern, table, table/index/…). */
  name: string;
  /** Bucket, objects, table or index. */
  kind: string;
  /** Added by the importer because a role's policy names it, not because an imported file defines it. */
  fromPolicy: boolean;
}

/** The result of adding: the new workspace, or why not (and a corrected ARN to offer). */
export type AddResult = { ok: true; workspace: Workspace } | { ok: false; error: string; didYouMean?: string };

const KIND_WORDS: Record<string, string> = {
  bucket: 'S3 bucket',
  object: 'S3 objects',
  table: 'DynamoDB table',
  index: 'DynamoDB index',
};

/** The rows of the list, in the workspace's order. */
export function resourceRows(ws: Workspace | null): ResourceRow[] {
  const from = new Set(ws?.importNotes?.fromPolicy ?? []);
  return (ws?.resources ?? []).map((arn) => {
    const c = checkResourceArn(arn);
    return {
      arn,
      name: c.ok ? c.name : arn.replace(/^arn:[\w-]+:(s3|dynamodb):[^:]*:[^:]*:/, ''),
      kind: c.ok ? KIND_WORDS[c.kind] : 'pattern',
      fromPolicy: from.has(arn),
    };
  });
}

/** Adds a resource (trimmed) at the end; refused when it is not a matrix resource or is already listed. */
export function addResource(ws: Workspace, input: string): AddResult {
  const c = checkResourceArn(input, { partition: ws.partition, region: ws.region, accountId: ws.accountId });
  if (!c.ok) {
    const listed = c.didYouMean !== undefined && (ws.resources ?? []).includes(c.didYouMean);
    return listed ? { ok: false, error: `${c.error}; ${c.didYouMean} is already listed` } : c;
  }
  if ((ws.resources ?? []).includes(c.arn)) return { ok: false, error: `${c.arn} is already listed` };
  return { ok: true, workspace: { ...ws, resources: [...(ws.resources ?? []), c.arn] } };
}

/** Removes a resource (and its "from policy" mark); the workspace unchanged when it is not listed. */
export function removeResource(ws: Workspace, arn: string): Workspace {
  if (!(ws.resources ?? []).includes(arn)) return ws;
  const resources = (ws.resources ?? []).filter((r) => r !== arn);
  const next: Workspace = { ...ws, resources };
  const from = ws.importNotes?.fromPolicy;
  if (from?.includes(arn)) {
    const rest = from.filter((r) => r !== arn);
    const { fromPolicy: _old, ...notes } = ws.importNotes ?? {};
    if (rest.length > 0) next.importNotes = { ...notes, fromPolicy: rest };
    else if (Object.keys(notes).length > 0) next.importNotes = notes;
    else delete next.importNotes;
  }
  return next;
}
