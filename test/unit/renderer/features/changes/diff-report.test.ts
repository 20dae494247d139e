import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import { createEngineCore } from '../../../../../renderer/src/engine/engine-core';
import { setPolicyDocument } from '../../../../../renderer/src/features/editor/workspace-edit';
import {
  changesBadge,
  diffToMarkdown,
  mdCode,
  mdText,
  responsibleStatements,
} from '../../../../../renderer/src/features/changes/diff-report';

const demo = JSON.parse(
  readFileSync(new URL('../../../../../examples/demo.rolecall.json', import.meta.url), 'utf8'),
) as Workspace;
const now = new Date('2026-11-27T12:00:00Z');
const GUEST_POLICY = 'arn:aws:iam::123456789012:role/AppGuest#inline/PublicRead';

function diffOf(text: string) {
  const core = createEngineCore();
  core.load(demo, true);
  const r = setPolicyDocument(demo, GUEST_POLICY, text);
  if (!r.ok) throw new Error(r.error);
  core.load(r.workspace, false);
  return core.diff(now);
}

describe('change diff as Markdown', () => {
  it('says there is nothing when nothing changed', () => {
    expect(diffToMarkdown(null)).toContain('No decision changes');
    expect(changesBadge(null)).toBe('');
  });

  it('lists the summaries, each class and each changed decision with the statements responsible', () => {
    const diff = diffOf(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Del',
            Effect: 'Allow',
            Action: 's3:DeleteObject',
            Resource: 'arn:aws:s3:::demo-app-user-files/public/*',
          },
        ],
      }),
    );
    expect(diff).not.toBeNull();
    const md = diffToMarkdown(diff, { title: 'Review' });
    expect(md.startsWith('# Review\n')).toBe(true);
    expect(md).toContain('## Summary');
    expect(md).toMatch(/### Newly allowed \(\d+\)/);
    expect(md).toContain(
      '`s3:DeleteObject` on `arn:aws:s3:::demo-app-user-files/public/*`: implicit deny → **allowed**',
    );
    expect(md).toContain('now decided by');
    expect(md).toContain('statement "Del"');
    // Grouped by cause (issue #16): the new statement is one cause, the replaced PublicRead statement another.
    expect(md).toMatch(/## Changes by cause \(\d+\)/);
    expect(md).toMatch(
      /\n1\. \d+ decisions? \(implicit deny → allowed\): now allowed by statement 0 "Del" of role AppGuest's inline policy PublicRead/,
    );
    expect(diff!.groups.reduce((n, g) => n + g.count, 0)).toBe(diff!.changedCells);
    // The reads the old policy allowed are gone.
    expect(md).toMatch(/### No longer allowed \(\d+\)/);
    expect(changesBadge(diff)).toBe(String(diff!.changedCells));
  });

  it('points a lost allow at the statements that allowed it before', () => {
    const stmt = {
      policyType: 'identity' as const,
      policyId: 'p',
      statementIndex: 0,
      effect: 'Allow' as const,
      start: { line: 2, column: 1 },
      end: { line: 3, column: 1 },
    };
    expect(
      responsibleStatements({
        action: 'a',
        resource: 'r',
        before: 'allowed',
        after: 'implicitDeny',
        beforeStatements: [stmt],
        afterStatements: [],
      }),
    ).toEqual({ when: 'before', statements: [stmt] });
    expect(
      responsibleStatements({
        action: 'a',
        resource: 'r',
        before: 'implicitDeny',
        after: 'allowed',
        beforeStatements: [],
        afterStatements: [stmt],
      }),
    ).toEqual({ when: 'after', statements: [stmt] });
  });

  it('escapes Markdown in names and keeps backticks inside code', () => {
    expect(mdText('a*b_[c]<x>')).toBe('a\\*b\\_\\[c\\]\\<x\\>');
    expect(mdCode('arn:`x`')).toBe('`` arn:`x` ``');
    expect(mdCode('plain')).toBe('`plain`');
  });
});

// https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — ${cognito-identity.amazonaws.com:sub} keeps each user in their own folder.
describe('change diff: cross-user isolation', () => {
  it('reports widening the per-user statement to private/* as an isolation break, with a two-id witness', () => {
    const core = createEngineCore();
    core.load(demo, true);
    const USER_FILES = 'arn:aws:iam::123456789012:role/AppUser#inline/UserFiles';
    const role = demo.iam!.RoleDetailList!.find((r) => r.RoleName === 'AppUser')!;
    const doc = JSON.parse(JSON.stringify(role.RolePolicyList![0].PolicyDocument)) as {
      Statement: { Sid?: string; Resource?: unknown }[];
    };
    doc.Statement.find((s) => s.Sid === 'ReadWriteOwnFolder')!.Resource = 'arn:aws:s3:::demo-app-user-files/private/*';
    const r = setPolicyDocument(demo, USER_FILES, JSON.stringify(doc));
    if (!r.ok) throw new Error(r.error);
    core.load(r.workspace, false);
    const diff = core.diff(now)!;
    expect(diff.isolation.broken.length).toBeGreaterThan(0);
    const md = diffToMarkdown(diff);
    expect(md).toContain('## Cross-user isolation broken');
    expect(md).not.toContain('No decision changes');
    const c = diff.isolation.broken[0];
    expect(c.callerId).not.toBe(c.ownerId);
    expect(Number(changesBadge(diff))).toBe(diff.changedCells + diff.isolation.broken.length);
  });
});
