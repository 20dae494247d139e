import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { table, wrapCell } from '../../../cli/io';

describe('cli table layout', () => {
  it('wrapCell never returns a line longer than the width, and loses no words', () => {
    const word = fc.stringMatching(/^[a-z:/*]{1,14}$/);
    const sep = fc.constantFrom(' ', ', ', ',');
    const text = fc.array(fc.tuple(word, sep), { minLength: 1, maxLength: 40 }).map((parts) =>
      parts
        .map(([w, s]) => w + s)
        .join('')
        .trim(),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 16, max: 80 }), (s, width) => {
        const lines = wrapCell(s, width);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/[\s,]/g, '')).toBe(s.replace(/[\s,]/g, ''));
      }),
    );
  });

  it('table() keeps every line within maxWidth when asked to', () => {
    const out = table(
      ['who', 'decision', 'why'],
      [
        [
          'guests of pool app',
          'implicitDeny',
          'x'.repeat(10) +
            ' because no identity-based policy allows the s3:PutObject action, and more words follow here',
        ],
      ],
      { maxWidth: 60 },
    );
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(out.replace(/\s+/g, ' ')).toContain('s3:PutObject action, and more');
  });
});
