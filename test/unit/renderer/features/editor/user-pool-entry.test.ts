/**
 * A user pool in the editor: the id a finding opens (`#userpool/POOLID#/PATH`), the lines of the part it is about in
 * the entry's text, and the file/line the part was imported from (CONTRACT.md §5 location kind "userPool").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { auditWorkspace } from '../../../../../policy-engine/analysis/findings/index';
import { prepareWorkspace } from '../../../../../policy-engine/evaluate/prepare';
import { importFiles } from '../../../../../policy-engine/workspace/import';
import {
  parseUserPoolEditorId,
  partOfPath,
  rangeOfPath,
  userPoolEditorId,
  userPoolEditorView,
} from '../../../../../renderer/src/features/editor/user-pool-entry';
import { findingTarget } from '../../../../../renderer/src/features/findings/findings-model';

const demo = JSON.parse(
  readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const now = new Date('2026-12-01T00:00:00Z');

describe('the user-pool editor id', () => {
  it('round-trips the pool and a path with numbers and colons', () => {
    const id = userPoolEditorId('us-east-1_AbC', ['UserPool', 'SchemaAttributes', 3, 'custom:x']);
    expect(id).toBe('#userpool/us-east-1_AbC#/UserPool/SchemaAttributes/3/custom%3Ax');
    expect(parseUserPoolEditorId(id)).toEqual({
      userPoolId: 'us-east-1_AbC',
      path: ['UserPool', 'SchemaAttributes', 3, 'custom:x'],
    });
    expect(parseUserPoolEditorId(userPoolEditorId('us-east-1_AbC'))).toEqual({ userPoolId: 'us-east-1_AbC', path: [] });
    expect(parseUserPoolEditorId('arn:aws:iam::1:role/X#trust')).toBeNull();
  });

  it('finds the lines of a property with its value, and null for a path that is not there', () => {
    const text = JSON.stringify({ a: 1, b: { c: [1, 2], d: 'x' } }, null, 2);
    expect(rangeOfPath(text, ['b', 'c'])).toEqual({ start: { line: 4, column: 1 }, end: { line: 7, column: 1 } });
    expect(rangeOfPath(text, ['b', 'd'])?.start.line).toBe(8);
    expect(rangeOfPath(text, ['b', 'zz'])).toBeNull();
  });
});

describe('a user-pool finding opens its pool at the part', () => {
  it("the demo's MFA finding opens us-east-1_Demo1234 at UserPool.MfaConfiguration", () => {
    const f = auditWorkspace(prepareWorkspace(demo), { now }).findings.find(
      (x) => x.ruleId === 'userpool-mfa-not-required',
    )!;
    const target = findingTarget(f, new Set());
    expect(target).toEqual({
      kind: 'policy',
      policyId: '#userpool/us-east-1_Demo1234#/UserPool/MfaConfiguration',
      line: 1,
    });
    const view = userPoolEditorView(demo, target!.kind === 'policy' ? target!.policyId : '')!;
    const line = view.text.split('\n')[view.range!.start.line - 1];
    expect(line.trim()).toBe('"MfaConfiguration": "OFF",');
  });

  it('an imported pool: the part of the path and the file and line it came from', () => {
    const dir = new URL('../../../../fixtures/import/userpool/', import.meta.url);
    const { workspace } = importFiles(
      [{ name: 'userpool/user-pool-stack.yaml', text: readFileSync(new URL('user-pool-stack.yaml', dir), 'utf8') }],
      {
        accountId: '123456789012',
        region: 'us-east-1',
        physicalIds: { NotesUserPool: 'us-east-1_Ex4mpLe9Q', NotesWebClient: '7example0client0web0000' },
      },
    );
    const entry = workspace.userPools![0];
    expect(partOfPath(entry, ['Clients', 0, 'WriteAttributes'])).toEqual({
      client: '7example0client0web0000',
      field: 'WriteAttributes',
    });
    const view = userPoolEditorView(
      workspace,
      userPoolEditorId('us-east-1_Ex4mpLe9Q', ['Clients', 0, 'WriteAttributes']),
    )!;
    expect(view.source).toMatchObject({ file: 'userpool/user-pool-stack.yaml', line: 57 });
    expect(view.text.split('\n')[view.range!.start.line - 1].trim()).toBe('"WriteAttributes": [');
    expect(userPoolEditorView(workspace, userPoolEditorId('us-east-1_Gone'))).toBeNull();
  });
});
