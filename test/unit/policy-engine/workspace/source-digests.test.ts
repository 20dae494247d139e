/**
 * The digests an import records beside `workspace.sources` (importNotes.fileDigests, policyDigests) and the check a
 * reader makes with them: a file is the imported one only when its text has the recorded SHA-256; a policy is the
 * imported one only when its JSON has the recorded SHA-256 (workspace/source-digests).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import {
  checkSourceDigests,
  recordSourceDigests,
  recordedFiles,
} from '../../../../policy-engine/workspace/source-digests';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const root = resolve(__dirname, '../../../..');
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const TEMPLATE = 'test/fixtures/import/provenance/tasks-stack.yaml';
const PLAN = 'test/fixtures/import/terraform/plan.json';
const read = (f: string) => readFileSync(resolve(root, f), 'utf8');
const ROLE = 'arn:aws:iam::123456789012:role/tasks-dev-auth';
const INLINE = `${ROLE}#inline/own-tasks`;

function imported(files: string[], base?: Workspace): Workspace {
  const input = files.map((name) => ({ name, text: read(name) }));
  const { workspace, report } = importFiles(input, { accountId: '123456789012', region: 'eu-west-1', base });
  expect(report.errors).toEqual([]);
  recordSourceDigests(workspace, input, sha);
  return workspace;
}

describe('recordSourceDigests', () => {
  it('records the SHA-256 of each imported file sources names, and of each policy taken from it', () => {
    const ws = imported([TEMPLATE]);
    expect(ws.importNotes?.fileDigests).toEqual({ [TEMPLATE]: `sha256:${sha(read(TEMPLATE))}` });
    const inline = ws.iam?.RoleDetailList?.[0].RolePolicyList?.[0].PolicyDocument;
    expect(ws.importNotes?.policyDigests?.[INLINE]).toBe(`sha256:${sha(JSON.stringify(inline))}`);
    expect(Object.keys(ws.importNotes?.policyDigests ?? {}).sort()).toEqual([INLINE, `${ROLE}#trust`]);
  });

  it('records nothing for a file sources does not name', () => {
    const ws: Workspace = { format: 'rolecall-workspace', version: 1 };
    recordSourceDigests(ws, [{ name: 'notes.txt', text: 'x' }], sha);
    expect(ws.importNotes).toBeUndefined();
  });

  it('keeps the digests a base workspace brought for its own files', () => {
    const base = imported([TEMPLATE]);
    const merged = imported([PLAN], JSON.parse(JSON.stringify(base)) as Workspace);
    expect(recordedFiles(merged)).toEqual(expect.arrayContaining([TEMPLATE, PLAN]));
    expect(merged.importNotes?.fileDigests?.[TEMPLATE]).toBe(base.importNotes?.fileDigests?.[TEMPLATE]);
    expect(merged.importNotes?.fileDigests?.[PLAN]).toBe(`sha256:${sha(read(PLAN))}`);
    expect(merged.importNotes?.policyDigests?.[INLINE]).toBe(base.importNotes?.policyDigests?.[INLINE]);
  });
});

describe('checkSourceDigests', () => {
  const ws = imported([TEMPLATE]);
  const text = read(TEMPLATE);

  it('takes the first text found whose digest matches (another file of that name is skipped)', () => {
    const r = checkSourceDigests(ws, { [TEMPLATE]: ['Resources: {}\n', text] }, sha);
    expect(r.texts).toEqual({ [TEMPLATE]: text });
    expect([r.changed, r.missing, r.undigested]).toEqual([[], [], []]);
  });

  it('reports a file edited since the import as changed, and one not found as missing', () => {
    const edited = text.replace('dynamodb:Query', 'dynamodb:Scan');
    expect(checkSourceDigests(ws, { [TEMPLATE]: [edited] }, sha)).toMatchObject({ texts: {}, changed: [TEMPLATE] });
    expect(checkSourceDigests(ws, {}, sha)).toMatchObject({ texts: {}, changed: [], missing: [TEMPLATE] });
  });

  it('says which files of an older workspace have no digest', () => {
    const older = JSON.parse(JSON.stringify(ws)) as Workspace;
    delete older.importNotes?.fileDigests;
    delete older.importNotes?.policyDigests;
    const r = checkSourceDigests(older, { [TEMPLATE]: [text] }, sha);
    expect(r).toMatchObject({ texts: {}, undigested: [TEMPLATE] });
    expect(r.unchanged(INLINE, ws.iam?.RoleDetailList?.[0].RolePolicyList?.[0].PolicyDocument ?? {})).toBe(false);
  });

  it("tells the workspace's edited copy of a policy from the imported one", () => {
    const r = checkSourceDigests(ws, { [TEMPLATE]: [text] }, sha);
    const doc = ws.iam?.RoleDetailList?.[0].RolePolicyList?.[0].PolicyDocument as { Statement: { Action: string[] }[] };
    expect(r.unchanged(INLINE, doc)).toBe(true);
    const edited = JSON.parse(JSON.stringify(doc)) as typeof doc;
    edited.Statement[0].Action.push('dynamodb:DeleteItem');
    expect(r.unchanged(INLINE, edited)).toBe(false);
    expect(r.unchanged(`${ROLE}#inline/other`, doc)).toBe(false);
  });
});
