import { describe, expect, it } from 'vitest';
import { visibleRows } from '../../../../renderer/src/components/sidebar-rows';
import type { OutlineItem } from '../../../../renderer/src/workspace/outline';

const item = (id: string, label: string, children?: OutlineItem[]): OutlineItem => ({
  id,
  kind: children ? 'role' : 'inlinePolicy',
  label,
  documentText: '{}',
  documentTitle: label,
  properties: [],
  ...(children ? { children } : {}),
});
const roles = [
  item('r1', 'AppUser', [item('r1/t', 'trust policy'), item('r1/i', 'OwnFiles')]),
  item('r2', 'Admin', [item('r2/t', 'trust policy'), item('r2/i', 'Everything')]),
  item('r3', 'Guest'),
];
const shown = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => `${'  '.repeat(r.depth)}${r.item.label}`);

describe('the explorer rows', () => {
  it('are every item under open parents, in tree order, with their depth', () => {
    expect(shown(visibleRows(roles, new Set(), ''))).toEqual([
      'AppUser',
      '  trust policy',
      '  OwnFiles',
      'Admin',
      '  trust policy',
      '  Everything',
      'Guest',
    ]);
    const rows = visibleRows(roles, new Set(['r1']), '');
    expect(shown(rows)).toEqual(['AppUser', 'Admin', '  trust policy', '  Everything', 'Guest']);
    expect(rows[0]).toMatchObject({ hasChildren: true, open: false });
  });

  it('with a filter: the matches and the parents that lead to them, case-insensitive', () => {
    expect(shown(visibleRows(roles, new Set(), 'everyth'))).toEqual(['Admin', '  Everything']);
    // A parent shown for its child is opened even when the user closed it.
    expect(shown(visibleRows(roles, new Set(['r2']), 'EVERY'))).toEqual(['Admin', '  Everything']);
    // A matching parent shows its children (unless closed).
    expect(shown(visibleRows(roles, new Set(), 'appuser'))).toEqual(['AppUser', '  trust policy', '  OwnFiles']);
    expect(shown(visibleRows(roles, new Set(['r1']), 'appuser'))).toEqual(['AppUser']);
    expect(shown(visibleRows(roles, new Set(), 'trust'))).toEqual([
      'AppUser',
      '  trust policy',
      'Admin',
      '  trust policy',
    ]);
    expect(visibleRows(roles, new Set(), 'nothing like it')).toEqual([]);
    expect(shown(visibleRows(roles, new Set(), '   '))).toHaveLength(7);
  });
});
