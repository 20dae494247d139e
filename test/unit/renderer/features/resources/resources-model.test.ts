/**
 * The Access view's resources editor (issue 10): add a matrix resource by ARN — checked like the importer checks the
 * ARNs a policy names, with a corrected ARN offered when one is evident — and remove one by name; "from policy"
 * marks travel with the resource. ARN forms: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html.
 */
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/index';
import {
  addResource,
  removeResource,
  resourceRows,
} from '../../../../../renderer/src/features/resources/resources-model';
import { parseWorkspaceText, serializeWorkspace } from '../../../../../policy-engine/workspace/index';

const A = '123456789012';
const SUB = '${cognito-identity.amazonaws.com:sub}';
const ws: Workspace = {
  format: 'rolecall-workspace',
  version: 1,
  region: 'us-east-1',
  accountId: A,
  resources: [
    'arn:aws:s3:::notes-uploads',
    `arn:aws:s3:::notes-uploads/private/${SUB}/*`,
    `arn:aws:dynamodb:us-east-1:${A}:table/Notes`,
  ],
  importNotes: { fromPolicy: [`arn:aws:dynamodb:us-east-1:${A}:table/Notes`] },
};

describe('resourceRows', () => {
  it('names each resource by its bucket, key pattern or table, with its kind and the "from policy" mark', () => {
    expect(resourceRows(ws)).toEqual([
      { arn: 'arn:aws:s3:::notes-uploads', name: 'notes-uploads', kind: 'S3 bucket', fromPolicy: false },
      {
        arn: `arn:aws:s3:::notes-uploads/private/${SUB}/*`,
        name: `notes-uploads/private/${SUB}/*`,
        kind: 'S3 objects',
        fromPolicy: false,
      },
      { arn: `arn:aws:dynamodb:us-east-1:${A}:table/Notes`, name: 'Notes', kind: 'DynamoDB table', fromPolicy: true },
    ]);
    expect(resourceRows(null)).toEqual([]);
  });
});

describe('addResource', () => {
  it('adds a valid ARN at the end (trimmed), leaving the input workspace as it was', () => {
    const r = addResource(ws, `  arn:aws:dynamodb:us-east-1:${A}:table/Notes/index/ByDate `);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.workspace.resources?.at(-1)).toBe(`arn:aws:dynamodb:us-east-1:${A}:table/Notes/index/ByDate`);
    expect(ws.resources).toHaveLength(3);
    // The result is a valid workspace file.
    expect(parseWorkspaceText(serializeWorkspace(r.workspace), 'w.json').ok).toBe(true);
  });

  it('refuses a duplicate', () => {
    expect(addResource(ws, 'arn:aws:s3:::notes-uploads')).toEqual({
      ok: false,
      error: 'arn:aws:s3:::notes-uploads is already listed',
    });
  });

  it('a bare table ARN without region and account: refused, with the workspace region and account offered', () => {
    expect(addResource(ws, 'arn:aws:dynamodb:::table/Audit')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/names its region/),
      didYouMean: `arn:aws:dynamodb:us-east-1:${A}:table/Audit`,
    });
  });

  it('a bucket name typed without arn: is refused with its ARN offered; a listed one is said to be listed', () => {
    expect(addResource(ws, 'reports-bucket')).toMatchObject({ ok: false, didYouMean: 'arn:aws:s3:::reports-bucket' });
    expect(addResource(ws, 'notes-uploads')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/arn:aws:s3:::notes-uploads is already listed$/),
    });
  });

  it('a variable other than the identity id cannot be a column', () => {
    expect(addResource(ws, 'arn:aws:s3:::notes-uploads/${aws:username}/*')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/\$\{aws:username\} cannot be filled in/),
    });
  });
});

describe('removeResource', () => {
  it('removes the resource and its "from policy" mark; importNotes is dropped once empty', () => {
    const next = removeResource(ws, `arn:aws:dynamodb:us-east-1:${A}:table/Notes`);
    expect(next.resources).toEqual(['arn:aws:s3:::notes-uploads', `arn:aws:s3:::notes-uploads/private/${SUB}/*`]);
    expect(next.importNotes).toBeUndefined();
    expect(ws.importNotes?.fromPolicy).toHaveLength(1);
  });

  it('keeps other import notes', () => {
    const withPlaceholders: Workspace = {
      ...ws,
      importNotes: { ...ws.importNotes, placeholders: [{ value: 'UNRESOLVED-X', meaning: 'x' }] },
    };
    expect(removeResource(withPlaceholders, `arn:aws:dynamodb:us-east-1:${A}:table/Notes`).importNotes).toEqual({
      placeholders: [{ value: 'UNRESOLVED-X', meaning: 'x' }],
    });
  });

  it('an ARN not listed changes nothing', () => {
    expect(removeResource(ws, 'arn:aws:s3:::other')).toBe(ws);
  });
});
