/**
 * locateValues finds the values at JSON paths in one pass without a parse tree (source-map reads a workspace's policy
 * documents from the user's file with it). It must find exactly what a parse tree finds: the same offset and length
 * for every object, array and string at the paths asked for, on any JSON, however it is laid out.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { locateValues } from '../../../../policy-engine/workspace/source-map';
import { MAX_JSON_DEPTH } from '../../../../policy-engine/json-text';

/** Every path of a value (objects' keys, arrays' indexes), the root included. */
function allPaths(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) allPaths(x, [...path, k], out);
  return out;
}

describe('locateValues', () => {
  it('finds what a parse tree finds, at every path of any JSON value, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 1, 2, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        const paths = [...allPaths(v), ['no-such-key'], [99]];
        const found = locateValues(text, paths)!;
        const tree = parseTree(text)!;
        paths.forEach((p, i) => {
          const node = findNodeAtLocation(tree, p);
          const want =
            node && (node.type === 'object' || node.type === 'array' || node.type === 'string')
              ? { offset: node.offset, length: node.length, kind: node.type }
              : undefined;
          expect(found.get(i)).toEqual(want);
        });
      }),
    );
  });

  it('reads escaped keys and brackets inside strings, and refuses text nested too deeply', () => {
    const text = '{"a\\"b":{"x":"[{\\"}"},"c\\u0064":["s",{"k":"v"}]}';
    const found = locateValues(text, [
      ['a"b', 'x'],
      ['cd', 1],
      ['cd', 0],
    ])!;
    expect(found.get(0)).toEqual({ offset: 13, length: 7, kind: 'string' });
    expect(text.slice(13, 20)).toBe('"[{\\"}"');
    expect(text.slice(found.get(1)!.offset, found.get(1)!.offset + found.get(1)!.length)).toBe('{"k":"v"}');
    expect(found.get(2)).toMatchObject({ kind: 'string', length: 3 });
    expect(locateValues('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1), [[0]])).toBeNull();
    expect(locateValues('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), [[0]])).not.toBeNull();
  });
});
