import { describe, expect, it } from 'vitest';
import { surplusCloser } from '../../../../../renderer/src/features/editor/bracket-overtype';

/** The text with the closer typed at the `|` mark, and its offset. */
const typedAt = (withMark: string) => ({ text: withMark.replace('|', ''), offset: withMark.indexOf('|') });

describe('surplusCloser', () => {
  it('finds the auto-inserted brace that Enter moved to a later line once the user types the brace by hand', () => {
    const { text, offset } = typedAt('{\n  "a": 1\n|}\n}');
    const cut = surplusCloser(text, offset, '}');
    expect(cut).not.toBeNull();
    expect(text.slice(0, cut!.start) + text.slice(cut!.end)).toBe('{\n  "a": 1\n}');
  });

  it('does the same for a bracket, with indentation between', () => {
    const { text, offset } = typedAt('{"S": [\n  1\n  |]\n  ]}');
    const cut = surplusCloser(text, offset, ']');
    expect(text.slice(0, cut!.start) + text.slice(cut!.end)).toBe('{"S": [\n  1\n  ]}');
  });

  it('leaves balanced text, a closer inside a string and a different next closer alone', () => {
    const balanced = typedAt('{"a": {\n|}\n}');
    expect(surplusCloser(balanced.text, balanced.offset, '}')).toBeNull();
    const inString = typedAt('{"a": "|}"\n}');
    expect(surplusCloser(inString.text, inString.offset, '}')).toBeNull();
    const other = typedAt('[{|}\n]');
    expect(surplusCloser(other.text, other.offset, '}')).toBeNull();
  });

  it('ignores anything but } and ], and an offset that does not hold the closer', () => {
    expect(surplusCloser('{)}', 1, ')')).toBeNull();
    expect(surplusCloser('{}}', 0, '}')).toBeNull();
  });
});
