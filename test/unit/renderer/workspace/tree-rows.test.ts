import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { buildOutline } from '../../../../renderer/src/workspace/outline';
import { ancestorKeys, sectionKey, visibleRows } from '../../../../renderer/src/workspace/tree-rows';
import type { TreeRow } from '../../../../renderer/src/workspace/tree-rows';
import { appWorkspace } from '../../../bench/workspace';

const demo = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../examples/demo.rolecall.json', import.meta.url)), 'utf8'),
) as Workspace;

const APP_USER = 'role:arn:aws:iam::123456789012:role/AppUser';
const shape = (rows: TreeRow[]) => rows.map((r) => `${r.level}:${r.section?.title ?? r.item!.label}`);

describe('the explorer tree rows', () => {
  const outline = buildOutline(demo);
  const countAll = (items: { children?: unknown[] }[]): number =>
    items.reduce((n, i) => n + 1 + countAll((i.children ?? []) as { children?: unknown[] }[]), 0);

  it('lists every section and item, all open, with level, position and set size', () => {
    const { rows, matchCount } = visibleRows(outline, new Set(), '');
    expect(matchCount).toBe(0);
    expect(rows).toHaveLength(outline.length + outline.reduce((n, s) => n + countAll(s.items), 0));
    const roles = rows.find((r) => r.key === sectionKey(outline[1]!))!;
    expect([roles.level, roles.posInSet, roles.setSize, roles.expanded]).toEqual([1, 2, outline.length, true]);
    const appUser = rows.find((r) => r.key === APP_USER)!;
    expect([appUser.level, appUser.posInSet, appUser.setSize, appUser.parentKey]).toEqual([2, 2, 3, roles.key]);
    const trust = rows[rows.indexOf(appUser) + 1]!;
    expect([trust.level, trust.parentKey, trust.item?.kind]).toEqual([3, APP_USER, 'trustPolicy']);
  });

  it('hides the children of a collapsed item and the items of a collapsed section', () => {
    const open = visibleRows(outline, new Set(), '').rows;
    const closed = visibleRows(outline, new Set([APP_USER, sectionKey(outline[4]!)]), '').rows;
    const appUser = outline[1]!.items[1]!;
    expect(open.length - closed.length).toBe(appUser.children!.length + outline[4]!.items.length);
    expect(closed.find((r) => r.key === APP_USER)?.expanded).toBe(false);
    expect(closed.some((r) => r.parentKey === APP_USER)).toBe(false);
  });

  it('filters by name, ignoring case, and keeps the ancestors of every match', () => {
    const { rows, matchCount } = visibleRows(outline, new Set(), 'userfiles');
    // AppUser's inline policy "UserFiles" matches; its role and the Roles section stay shown above it.
    expect(shape(rows)).toEqual(['1:Roles', '2:AppUser', '3:UserFiles']);
    expect(matchCount).toBe(1);
    expect(rows.map((r) => r.match)).toEqual([false, false, true]);
    expect(rows[2]!.setSize).toBe(1);
  });

  it('filters by ARN too, and a match is closed until the user opens it', () => {
    const { rows, matchCount } = visibleRows(outline, new Set(), 'ROLE/AppAdmin');
    expect(shape(rows)).toEqual(['1:Roles', '2:AppAdmin']);
    expect(matchCount).toBe(1);
    expect(rows[1]!.expanded).toBe(false);
    const opened = visibleRows(outline, new Set(['role:arn:aws:iam::123456789012:role/AppAdmin']), 'ROLE/AppAdmin');
    const admin = outline[1]!.items[2]!;
    expect(shape(opened.rows).slice(2)).toEqual(admin.children!.map((c) => `3:${c.label}`));
  });

  it('says when nothing matches', () => {
    expect(visibleRows(outline, new Set(), 'no-such-thing')).toEqual({ rows: [], matchCount: 0 });
  });

  it('finds the ancestors of an item, and none for an unknown id', () => {
    const inline = outline[1]!.items[1]!.children!.find((c) => c.kind === 'inlinePolicy')!;
    expect(ancestorKeys(outline, inline.id)).toEqual([sectionKey(outline[1]!), APP_USER]);
    expect(ancestorKeys(outline, 'role:nope')).toBeNull();
  });

  it('keeps the full size of a 6,000-role workspace in aria-setsize, and finds a role deep in it', () => {
    const large = buildOutline(appWorkspace(6000));
    const { rows } = visibleRows(large, new Set(), '');
    const lastRole = rows.filter((r) => r.item?.kind === 'role').at(-1)!;
    expect([lastRole.posInSet, lastRole.setSize]).toEqual([6000, 6000]);
    const found = visibleRows(large, new Set(), 'AppRole5987');
    expect(found.matchCount).toBe(1);
    expect(shape(found.rows)).toEqual(['1:Roles', '2:AppRole5987']);
  });
});
