/**
 * Hostile YAML templates (issue #17, item 2): alias bombs, many aliases (quadratic resolution), long strings expanded
 * by aliases, and deep nesting each end in a clear error naming the file (and the line where there is one), within a
 * bounded time and memory. Time is bounded generously (the machine is shared): before the fix an 88 KB alias template
 * took 9.8 s and 6 MB of nested flow collections over 3 GB.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_ALIAS_CHARS,
  MAX_ALIASES,
  MAX_YAML_DEPTH,
  parseTemplate,
} from '../../../../policy-engine/workspace/cfn-parse';
import { importFiles } from '../../../../policy-engine/workspace/import';

/** Runs `fn`, answering how long it took and how much the heap grew meanwhile (a lower bound of its peak). */
function measure<T>(fn: () => T): { value: T; ms: number; heapMb: number } {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0, heapMb: (process.memoryUsage().heapUsed - heap0) / 1048576 };
}

function errorsOf(text: string, file = 't.yaml') {
  const r = parseTemplate(text, file);
  if (r.ok) throw new Error('expected the template to be refused');
  return r.errors;
}

describe('alias bombs', () => {
  it('a "billion laughs" template is refused as an alias bomb, quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const { value, ms, heapMb } = measure(() => errorsOf(lines.join('\n')));
    expect(value[0]).toMatchObject({
      code: 'yaml.structure',
      file: 't.yaml',
      message: expect.stringMatching(/alias bomb/),
    });
    expect(ms).toBeLessThan(20_000);
    expect(heapMb).toBeLessThan(500);
  });

  it('many aliases resolve in one walk (was: each alias walked the whole document)', () => {
    // 5,000 aliases of a small anchor, each under its own key: within every limit, so it must import.
    const text = ['Base: &b { Effect: Allow }', ...Array.from({ length: 5000 }, (_, i) => `K${i}: *b`)].join('\n');
    const { value, ms } = measure(() => parseTemplate(text, 't.yaml'));
    expect(value.ok).toBe(true);
    expect(ms).toBeLessThan(20_000);
  });

  it(`more than ${MAX_ALIASES} aliases are refused`, () => {
    const text = ['Base: &b x', ...Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `K${i}: *b`)].join('\n');
    expect(errorsOf(text)[0]).toMatchObject({ code: 'yaml.too-many-aliases', file: 't.yaml' });
  });

  it('a long string repeated by aliases cannot blow a small template up into a huge workspace', () => {
    const big = 'x'.repeat(100_000);
    const text = [`S: &s "${big}"`, ...Array.from({ length: 200 }, (_, i) => `K${i}: *s`)].join('\n');
    expect(text.length).toBeLessThan(150_000);
    const errors = errorsOf(text);
    expect(errors[0].message).toMatch(new RegExp(`more than ${MAX_ALIAS_CHARS / 1048576} MB of text`));
  });
});

describe('deep nesting', () => {
  it.each([
    [
      'flow sequences',
      (n: number) => `Resources: ${'['.repeat(n)}${']'.repeat(n)}`,
      `Resources[0][0][0][0][0][0][0]… (${MAX_YAML_DEPTH - 7} more levels)`,
    ],
    [
      'flow maps',
      (n: number) => `Resources: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
      `Resources.a.a.a.a.a.a.a… (${MAX_YAML_DEPTH - 7} more levels)`,
    ],
    [
      'compact block sequences',
      (n: number) => `Resources:\n  ${'- '.repeat(n)}x`,
      `Resources[0][0][0][0][0][0][0]… (${MAX_YAML_DEPTH - 7} more levels)`,
    ],
    [
      'flow collections inside block maps',
      (n: number) => `Resources:\n  R:\n    Type: T\n    Properties: {A: [1, 2, ${'[{k: '.repeat(n)}`,
      `Resources.R.Properties.A[2][0].k[0]… (${MAX_YAML_DEPTH - 5} more levels)`,
    ],
  ])('%s nested 200,000 deep are refused before parsing, naming the line and the JSON path', (_name, make, path) => {
    const text = make(200_000);
    const { value, ms, heapMb } = measure(() => errorsOf(text));
    expect(value[0]).toMatchObject({
      code: 'yaml.too-deep',
      file: 't.yaml',
      path,
      range: { start: { line: expect.any(Number), column: expect.any(Number) } },
    });
    expect(value[0].message).toContain(String(MAX_YAML_DEPTH));
    expect(ms).toBeLessThan(30_000);
    expect(heapMb).toBeLessThan(300);
  });

  it('brackets inside quoted strings and comments do not count', () => {
    const text = `Resources: {}\nDescription: "${'['.repeat(1000)}"\n# ${'{'.repeat(1000)}\nOther: '${'['.repeat(1000)}'\n`;
    expect(parseTemplate(text, 't.yaml').ok).toBe(true);
  });

  it('a nesting just under the limit still parses', () => {
    const n = MAX_YAML_DEPTH - 2;
    expect(parseTemplate(`Resources: ${'['.repeat(n)}${']'.repeat(n)}`, 't.yaml').ok).toBe(true);
  });

  it('through importFiles the same bombs are clear errors of that file, not internal errors', () => {
    const { report } = importFiles([{ name: 'deep.yaml', text: `Resources: ${'['.repeat(50_000)}` }], {});
    expect(report.errors[0]).toMatchObject({ code: 'yaml.too-deep', file: 'deep.yaml' });
  });
});
