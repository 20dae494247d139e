import { describe, expect, it } from 'vitest';
import { heldBackMessage } from '../../../../../renderer/src/features/workbench/held-back-banner';
import {
  clampPaneWidth,
  PANE_DEFAULT,
  PANE_MAX,
  PANE_MIN,
} from '../../../../../renderer/src/features/workbench/pane-splitter';

const range = { start: { line: 14, column: 2 }, end: { line: 14, column: 3 } };

describe('heldBackMessage', () => {
  it('names the policy, the place of the JSON error, and that its last valid version is used', () => {
    expect(
      heldBackMessage({
        policyId: 'arn:aws:iam::1:role/AppGuest#inline/PublicRead',
        json: true,
        error: { severity: 'error', code: 'policy.invalid-json', message: 'x', path: '', range },
      }),
    ).toBe('AppGuest › PublicRead has a JSON error at line 14, column 2 — results use its last valid version');
  });

  it('gives the reason when the JSON is valid but the policy is not', () => {
    expect(
      heldBackMessage({
        policyId: 'arn:aws:iam::1:role/R#inline/P',
        json: false,
        error: {
          severity: 'error',
          code: 'policy.missing-effect',
          message: 'The statement has no Effect.',
          path: '',
          range,
        },
      }),
    ).toMatch(/R › P is not a valid policy at line 14, column 2 \(The statement has no Effect\) — results use/);
  });
});

describe('clampPaneWidth', () => {
  it('keeps the explanation pane within its limits', () => {
    expect(clampPaneWidth(10)).toBe(PANE_MIN);
    expect(clampPaneWidth(5000)).toBe(PANE_MAX);
    expect(clampPaneWidth(Number.NaN)).toBe(PANE_DEFAULT);
    expect(clampPaneWidth(512.4)).toBe(512);
  });
});
