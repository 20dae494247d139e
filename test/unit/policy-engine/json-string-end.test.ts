import { describe, expect, it } from 'vitest';
import { jsonStringEnd } from '../../../policy-engine/json-text';

// RFC 8259 §7: a string ends at the first quotation mark not preceded by a reverse solidus escape.
describe('jsonStringEnd (the one JSON string scan of the position finders)', () => {
  it('finds the closing quote of a plain string', () => {
    const text = '{"Effect": "Allow"}';
    expect(jsonStringEnd(text, 1)).toEqual({ end: 8, escaped: false });
    expect(text.slice(2, jsonStringEnd(text, 1).end)).toBe('Effect');
  });

  it('skips an escaped quote and says the string holds an escape', () => {
    const text = '"a\\"b" x';
    const { end, escaped } = jsonStringEnd(text, 0);
    expect(end).toBe(5);
    expect(escaped).toBe(true);
    expect(JSON.parse(text.slice(0, end + 1))).toBe('a"b');
  });

  it('an unclosed string runs to the end of the text', () => {
    expect(jsonStringEnd('"abc', 0).end).toBeGreaterThanOrEqual(4);
    expect(jsonStringEnd('"ab\\', 0)).toEqual({ end: 5, escaped: true });
  });
});
