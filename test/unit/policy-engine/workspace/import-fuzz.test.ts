/**
 * Whatever a file holds, importing it never throws, and when it reports no errors the workspace it builds loads back
 * through the workspace schema (nothing invalid is written, nothing is half-loaded silently).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';

/** ROLECALL_FUZZ_RUNS=10000 makes this a long run (see README, Security); the normal suite keeps the counts below. */
const LONG = Number(process.env.ROLECALL_FUZZ_RUNS ?? '') || 0;

const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/R', 'us-east-1:0d3f', '{"Statement":[]}'),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'RoleName',
        'Arn',
        'PolicyName',
        'PolicyDocument',
        'Document',
        'Type',
        'Rules',
        'Statement',
        'Resource',
        'x',
      ),
      tie('v'),
      { maxKeys: 4 },
    ),
  ),
})).v;
// Objects with the keys that steer detection, filled with arbitrary values.
const shaped = fc
  .record({
    key: fc.constantFrom(
      'RoleDetailList',
      'Policies',
      'Role',
      'Roles',
      'AttachedPolicies',
      'PolicyVersion',
      'Policy',
      'RoleMappings',
      'Resources',
      'PrincipalTags',
    ),
    val: value,
    extra: fc.dictionary(
      fc.constantFrom(
        'IdentityPoolId',
        'IdentityPoolName',
        'RoleName',
        'PolicyName',
        'PolicyDocument',
        'RevisionId',
        'IdentityProviderName',
        'AWSTemplateFormatVersion',
        'IsTruncated',
      ),
      value,
      { maxKeys: 3 },
    ),
  })
  .map(({ key, val, extra }) => ({ ...extra, [key]: val }));

describe('importFiles on arbitrary input', () => {
  it('never throws; no errors means a valid workspace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(shaped, value), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (inputs, withAccount) => {
          const files = inputs.map((v, i) => ({ name: `f${i}.json`, text: JSON.stringify(v) ?? 'null' }));
          const { workspace, report } = importFiles(
            files,
            withAccount ? { accountId: '123456789012', region: 'us-east-1' } : {},
          );
          if (report.errors.length === 0) {
            const back = parseWorkspaceText(serializeWorkspace(workspace), 'out.json');
            expect(back.ok ? [] : back.errors).toEqual([]);
          }
          for (const e of report.errors) {
            // A crash caught by the safety net would show up as import.internal: there must be none.
            expect(e.code).not.toBe('import.internal');
            expect(files.some((f) => f.name === e.file)).toBe(true);
          }
        },
      ),
      { numRuns: LONG || 400 },
    );
  });

  it('never throws on arbitrary text either', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('x.json', 'x.yaml'), (text, name) => {
        const { report } = importFiles([{ name, text }], {});
        expect(report.errors.filter((e) => e.code === 'import.internal')).toEqual([]);
      }),
      { numRuns: LONG || 300 },
    );
  });
});
