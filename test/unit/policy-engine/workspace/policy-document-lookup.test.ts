/**
 * The indexed lookup the engine uses when it loads a workspace (every policy's document at once) gives exactly what
 * `getPolicyDocument` gives for each id, including ids that are not in the workspace and duplicate ARNs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../policy-engine/catalog';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { getPolicyDocument, policyDocumentLookup } from '../../../../policy-engine/workspace/policy-edit';
import { appWorkspace } from '../../../bench/workspace';

const demo = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../examples/demo.rolecall.json', import.meta.url)), 'utf8'),
) as Workspace;

describe('policyDocumentLookup', () => {
  const catalog = loadCatalog();
  for (const [name, ws] of [
    ['the demo', demo],
    ['a 50-role workspace with an SCP', appWorkspace(50)],
  ] as const) {
    it(`finds the same document as getPolicyDocument for every policy of ${name}`, () => {
      const ids = [...prepareWorkspace(ws, { catalog }).policies.keys()];
      expect(ids.length).toBeGreaterThan(3);
      const lookup = policyDocumentLookup(ws);
      for (const id of ids) {
        expect(lookup(id)).toBeDefined();
        expect(lookup(id)).toBe(getPolicyDocument(ws, id));
      }
    });
  }

  it('answers undefined where getPolicyDocument does, and the first of two roles with one ARN', () => {
    const ws = appWorkspace(2);
    const first = ws.iam!.RoleDetailList![0]!;
    const twin = { ...first, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' };
    ws.iam!.RoleDetailList!.push(twin);
    const lookup = policyDocumentLookup(ws);
    for (const id of [
      `${first.Arn}#trust`,
      `${first.Arn}#inline/NoSuchPolicy`,
      `${first.Arn}#weird`,
      'arn:aws:iam::123456789012:policy/NoSuchPolicy',
      'arn:aws:s3:::nope#resource',
      'scp/0/0',
      'scp/9/9',
    ]) {
      expect(lookup(id)).toBe(getPolicyDocument(ws, id));
    }
    expect(lookup(`${first.Arn}#trust`)).toBe(first.AssumeRolePolicyDocument);
  });
});
