import { describe, expect, it } from 'vitest';
import {
  actionNameFontPx,
  cellLabel,
  columnLabels,
  matrixLayout,
  countCells,
  diffMatrices,
  groupRows,
  noFilter,
  shortResource,
  type ActionMeta,
  type MatrixCell,
} from '../../../../../renderer/src/features/matrix/matrix-model';

const actions: ActionMeta[] = [
  { action: 's3:PutObject', service: 's3', accessLevel: 'Write' },
  { action: 's3:GetObject', service: 's3', accessLevel: 'Read' },
  { action: 's3:ListBucket', service: 's3', accessLevel: 'List' },
  { action: 's3:DeleteObject', service: 's3', accessLevel: 'Write' },
  { action: 'dynamodb:GetItem', service: 'dynamodb', accessLevel: 'Read' },
];
const decisions: MatrixCell[][] = [
  ['implicitDeny', 'notApplicable'],
  ['allowed', 'notApplicable'],
  ['notApplicable', 'allowed'],
  ['explicitDeny', 'notApplicable'],
  ['notApplicable', 'implicitDeny'],
];

describe('groupRows', () => {
  it('groups by service then access level in IAM order, actions sorted, with allowed counts', () => {
    const rows = groupRows(actions, decisions, noFilter);
    expect(rows.map((r) => (r.kind === 'group' ? `# ${r.key} ${r.allowed}/${r.count}` : r.action))).toEqual([
      '# s3/List 1/1',
      's3:ListBucket',
      '# s3/Read 1/1',
      's3:GetObject',
      '# s3/Write 0/2',
      's3:DeleteObject',
      's3:PutObject',
      '# dynamodb/Read 0/1',
      'dynamodb:GetItem',
    ]);
  });

  it('filters: only allowed, only write, search terms, services, only changed', () => {
    const names = (f: Partial<typeof noFilter>, changed?: Set<number>) =>
      groupRows(actions, decisions, { ...noFilter, ...f }, changed)
        .filter((r) => r.kind === 'action')
        .map((r) => r.kind === 'action' && r.action);
    expect(names({ onlyAllowed: true })).toEqual(['s3:ListBucket', 's3:GetObject']);
    expect(names({ onlyWrite: true })).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(names({ search: 'object put' })).toEqual(['s3:PutObject']);
    expect(names({ search: 'read' })).toEqual(['s3:GetObject', 'dynamodb:GetItem']);
    expect(names({ services: ['dynamodb'] })).toEqual(['dynamodb:GetItem']);
    expect(names({ onlyChanged: true }, new Set([3]))).toEqual(['s3:DeleteObject']);
    expect(names({ hideNotApplicable: true }, undefined)).toHaveLength(5);
  });

  it('hides actions that apply to none of the resources when asked', () => {
    const d: MatrixCell[][] = [
      ['notApplicable', 'notApplicable'],
      ['allowed', 'notApplicable'],
    ];
    const acts = actions.slice(0, 2);
    const shown = groupRows(acts, d, { ...noFilter, hideNotApplicable: true }).filter((r) => r.kind === 'action');
    expect(shown.map((r) => r.kind === 'action' && r.action)).toEqual(['s3:GetObject']);
  });
});

describe('diffMatrices', () => {
  it('reports newly allowed, newly denied and other changes, nothing for equal cells', () => {
    const after: MatrixCell[][] = decisions.map((row) => [...row]);
    after[0][0] = 'allowed';
    after[1][0] = 'explicitDeny';
    after[4][1] = 'explicitDeny';
    expect(diffMatrices(decisions, after)).toEqual([
      { actionIndex: 0, resourceIndex: 0, before: 'implicitDeny', after: 'allowed', direction: 'allows' },
      { actionIndex: 1, resourceIndex: 0, before: 'allowed', after: 'explicitDeny', direction: 'denies' },
      { actionIndex: 4, resourceIndex: 1, before: 'implicitDeny', after: 'explicitDeny', direction: 'other' },
    ]);
    expect(diffMatrices(decisions, decisions)).toEqual([]);
  });

  it('compares matrices of different shape as far as they overlap', () => {
    expect(diffMatrices([['allowed', 'allowed']], [['implicitDeny'], ['allowed']])).toHaveLength(1);
  });
});

describe('counts and labels', () => {
  it('counts every decision kind', () => {
    expect(countCells(decisions)).toEqual({
      allowed: 2,
      explicitDeny: 1,
      implicitDeny: 2,
      noCredentials: 0,
      notApplicable: 5,
    });
    expect(countCells(decisions, [1, 2]).allowed).toBe(2);
  });

  it('gives each decision a distinct icon, so colour is never the only cue', () => {
    const cells: MatrixCell[] = ['allowed', 'explicitDeny', 'implicitDeny', 'noCredentials', 'notApplicable'];
    expect(new Set(cells.map((c) => cellLabel(c).icon)).size).toBe(cells.length);
  });

  it('shortens resource ARNs for column headers', () => {
    expect(shortResource('arn:aws:s3:::bucket/private/*')).toBe('bucket/private/*');
    expect(shortResource('arn:aws:dynamodb:us-east-1:123456789012:table/Notes')).toBe('table/Notes');
    expect(shortResource('*')).toBe('*');
  });
});

describe('columnLabels', () => {
  it('shows a resource under another one of the set relative to it', () => {
    expect(
      columnLabels([
        'arn:aws:s3:::b',
        'arn:aws:s3:::b/public/*',
        'arn:aws:dynamodb:us-east-1:1:table/T',
        'arn:aws:dynamodb:us-east-1:1:table/T/index/I',
        'arn:aws:s3:::other/*',
      ]),
    ).toEqual(['b', '…/public/*', 'table/T', '…/index/I', 'other/*']);
  });

  it('takes the longest resource of the set that the column is under, nested several levels deep', () => {
    expect(
      columnLabels([
        'arn:aws:s3:::b/x/y/z',
        'arn:aws:s3:::b',
        'arn:aws:s3:::b/x',
        'arn:aws:s3:::b/xy',
        'arn:aws:s3:::b/x/y',
      ]),
    ).toEqual(['…/z', 'b', '…/x', '…/xy', '…/y']);
  });
});

describe('columnLabels and matrixLayout', () => {
  it('shortens a policy variable with a long prefix in a column label', () => {
    expect(
      columnLabels([
        'arn:aws:s3:::b',
        'arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*',
        'arn:aws:s3:::c/${aws:username}',
      ]),
    ).toEqual(['b', '…/private/${…:sub}/*', 'c/${aws:username}']);
  });

  it('keeps every column at least as wide as its label (within limits) and the action column as wide as the longest action', () => {
    const layout = matrixLayout(
      ['s3:GetObject', 's3:GetMultiRegionAccessPointPolicyStatus'],
      ['demo-app-user-files', '…/public/*'],
      false,
    );
    const widths = [...layout.columns.matchAll(/(\d+)px/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeGreaterThanOrEqual('s3:GetMultiRegionAccessPointPolicyStatus'.length * 7);
    expect(widths[1]).toBeGreaterThanOrEqual('demo-app-user-files'.length * 7);
    expect(widths[2]).toBeGreaterThanOrEqual(88);
    expect(layout.minWidth).toBe(widths[0] + widths[1] + widths[2]);
  });
});

describe('cellLabel', () => {
  it('gives explicit and implicit deny different glyphs and keeps their names', () => {
    expect(cellLabel('explicitDeny')).toEqual({ icon: '✕', label: 'Explicit deny' });
    expect(cellLabel('implicitDeny')).toEqual({ icon: '○', label: 'Implicit deny' });
  });

  it('marks "not applicable" with a word, not a shape that could pass for implicit deny (issue 16)', () => {
    expect(cellLabel('notApplicable')).toEqual({ icon: 'n/a', label: 'Not applicable' });
    expect(cellLabel('notApplicable').icon).toMatch(/^[a-z/]+$/);
  });
});

describe('actionNameFontPx', () => {
  it('keeps the normal size for a name that fits and shrinks a longer one to fit its column', () => {
    expect(actionNameFontPx('s3:GetObject', 300)).toBeUndefined();
    const long = 's3:UpdateBucketMetadataAnnotationTableConfiguration';
    const px = actionNameFontPx(long, 300);
    expect(px).toBeLessThan(11.5);
    expect(long.length * (px ?? 0) * 0.62).toBeLessThanOrEqual(300 - 20);
  });
});
