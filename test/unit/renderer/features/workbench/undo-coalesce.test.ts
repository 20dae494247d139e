import { describe, expect, it } from 'vitest';
import { joinsLastEdit, UNDO_COALESCE_MS } from '../../../../../renderer/src/features/workbench/session-store';

describe('undo steps', () => {
  it('joins keystrokes in the same place shortly after each other into one undo step', () => {
    const last = { key: 'policy:a', at: 1000 };
    expect(joinsLastEdit(last, 'policy:a', 1000 + UNDO_COALESCE_MS - 1)).toBe(true);
    expect(joinsLastEdit(last, 'policy:a', 1000 + UNDO_COALESCE_MS)).toBe(false);
    expect(joinsLastEdit(last, 'policy:b', 1001)).toBe(false);
    expect(joinsLastEdit(last, undefined, 1001)).toBe(false);
    expect(joinsLastEdit(null, 'policy:a', 1001)).toBe(false);
    expect(joinsLastEdit(last, 'policy:a', 999)).toBe(false);
  });
});
