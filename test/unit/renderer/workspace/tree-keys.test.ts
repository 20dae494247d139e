// The explorer tree's keys, per the WAI-ARIA tree view pattern (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/),
// on rows built from the demo workspace's outline.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { buildOutline } from '../../../../renderer/src/workspace/outline';
import { treeKeyAction } from '../../../../renderer/src/workspace/tree-keys';
import { sectionKey, visibleRows } from '../../../../renderer/src/workspace/tree-rows';
import type { TreeRow } from '../../../../renderer/src/workspace/tree-rows';

const demo = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../examples/demo.rolecall.json', import.meta.url)), 'utf8'),
) as Workspace;
const APP_USER = 'role:arn:aws:iam::123456789012:role/AppUser';

describe('the explorer tree keys', () => {
  const outline = buildOutline(demo);
  const rowsWith = (toggled: string[]) => visibleRows(outline, new Set(toggled), '').rows;
  const at = (rows: TreeRow[], key: string, pageRows = 5) => {
    const index = rows.findIndex((r) => r.key === key);
    const current = rows[index]!;
    const parentIndex = current.parentKey === null ? undefined : rows.findIndex((r) => r.key === current.parentKey);
    return { current, index, rowCount: rows.length, pageRows, parentIndex };
  };

  it('moves one row, a page, or to the ends', () => {
    const rows = rowsWith([]);
    const ctx = at(rows, APP_USER, 7);
    expect(treeKeyAction('ArrowDown', ctx)).toEqual({ kind: 'focus', index: ctx.index + 1 });
    expect(treeKeyAction('ArrowUp', ctx)).toEqual({ kind: 'focus', index: ctx.index - 1 });
    expect(treeKeyAction('PageDown', ctx)).toEqual({ kind: 'focus', index: ctx.index + 7 });
    expect(treeKeyAction('PageUp', ctx)).toEqual({ kind: 'focus', index: ctx.index - 7 });
    expect(treeKeyAction('Home', ctx)).toEqual({ kind: 'focus', index: 0 });
    expect(treeKeyAction('End', ctx)).toEqual({ kind: 'focus', index: rows.length - 1 });
  });

  it('→ opens a closed row, then goes to its first child; on a leaf it does nothing', () => {
    const closed = at(rowsWith([APP_USER]), APP_USER);
    expect(closed.current.expanded).toBe(false);
    expect(treeKeyAction('ArrowRight', closed)).toEqual({ kind: 'toggle' });
    const open = at(rowsWith([]), APP_USER);
    expect(treeKeyAction('ArrowRight', open)).toEqual({ kind: 'focus', index: open.index + 1 });
    const rows = rowsWith([]);
    const leaf = at(rows, rows[open.index + 1]!.key);
    expect(leaf.current.expandable).toBe(false);
    expect(treeKeyAction('ArrowRight', leaf)).toEqual({ kind: 'none' });
  });

  it('← closes an open row, else goes to its parent; on a closed heading it does nothing', () => {
    const rows = rowsWith([]);
    const open = at(rows, APP_USER);
    expect(treeKeyAction('ArrowLeft', open)).toEqual({ kind: 'toggle' });
    const child = at(rows, rows[open.index + 1]!.key);
    expect(treeKeyAction('ArrowLeft', child)).toEqual({ kind: 'focus', index: open.index });
    const heading = sectionKey(outline[0]!);
    const closedHeading = at(rowsWith([heading]), heading);
    expect(closedHeading.current.parentKey).toBeNull();
    expect(treeKeyAction('ArrowLeft', closedHeading)).toEqual({ kind: 'none' });
  });

  it('← on a row whose parent is not shown stays on the row', () => {
    const rows = rowsWith([]);
    const child = { ...at(rows, rows[rows.findIndex((r) => r.key === APP_USER) + 1]!.key), parentIndex: undefined };
    expect(child.current.parentKey).toBe(APP_USER);
    expect(treeKeyAction('ArrowLeft', child)).toEqual({ kind: 'focus', index: child.index });
  });

  it('Enter and Space activate; other keys are not the tree’s', () => {
    const ctx = at(rowsWith([]), APP_USER);
    expect(treeKeyAction('Enter', ctx)).toEqual({ kind: 'activate' });
    expect(treeKeyAction(' ', ctx)).toEqual({ kind: 'activate' });
    expect(treeKeyAction('a', ctx)).toBeNull();
    expect(treeKeyAction('Tab', ctx)).toBeNull();
  });
});
