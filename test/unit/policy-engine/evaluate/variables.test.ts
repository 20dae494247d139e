import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTemplate, resolveTemplate, resolveTemplateParts } from '../../../../policy-engine/evaluate/variables';
import type { ContextLookup } from '../../../../policy-engine/evaluate/variables';

const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';
const VERSION = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html';

const lookupOf = (o: Record<string, string | string[]>): ContextLookup => {
  const m = new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v] as const));
  return (k) => m.get(k);
};

describe(`parseTemplate (${VARS})`, () => {
  it('splits text, variables and escapes', () => {
    const t = parseTemplate('arn:aws:s3:::b/${aws:username}/${*}${?}${$}x', true);
    expect(t.hasVariables).toBe(true);
    expect(t.parts).toEqual([
      { kind: 'text', text: 'arn:aws:s3:::b/' },
      { kind: 'var', key: 'aws:username', keyLower: 'aws:username' },
      { kind: 'text', text: '/' },
      { kind: 'escape', char: '*' },
      { kind: 'escape', char: '?' },
      { kind: 'escape', char: '$' },
      { kind: 'text', text: 'x' },
    ]);
  });

  // "surround the default value with single quotes (' '), and separate the variable text and the default value with a comma and space (, )"
  it(`reads a default value (${VARS}#policy-vars-default-values)`, () => {
    const t = parseTemplate("team/${aws:PrincipalTag/team, 'company-wide'}", true);
    expect(t.parts[1]).toEqual({
      kind: 'var',
      key: 'aws:PrincipalTag/team',
      keyLower: 'aws:principaltag/team',
      defaultValue: 'company-wide',
    });
    expect(parseTemplate("${aws:userid, ''}", true).parts[0]).toMatchObject({ defaultValue: '' });
  });

  it('keeps malformed or unclosed ${ as literal text', () => {
    for (const s of ['a${', '${}', '${aws:username', "${a, 'b}", '$ {x}']) {
      const t = parseTemplate(s, true);
      expect(t.hasVariables).toBe(false);
      expect(resolveTemplate(t, () => undefined).value).toBe(s);
    }
  });

  // "If you don't include the Version element ... variables like ${aws:username} are treated as literal strings".
  it(`variablesEnabled=false (Version 2008-10-17 or none): everything is literal (${VERSION})`, () => {
    const t = parseTemplate('home/${aws:username}/${*}', false);
    expect(t).toEqual({
      parts: [{ kind: 'text', text: 'home/${aws:username}/${*}' }],
      hasVariables: false,
      source: 'home/${aws:username}/${*}',
    });
  });

  it('escapes alone do not make hasVariables true', () =>
    expect(parseTemplate('a${*}', true).hasVariables).toBe(false));
});

describe(`resolveTemplate (${VARS})`, () => {
  it('substitutes case-insensitively by key ("aws:CurrentTime is equivalent to AWS:currenttime")', () => {
    const t = parseTemplate('home/${AWS:UserName}/', true);
    expect(resolveTemplate(t, lookupOf({ 'aws:username': 'bob' }))).toEqual({ value: 'home/bob/', unresolved: [] });
  });

  it('uses the default only when the key is missing', () => {
    const t = parseTemplate("${aws:PrincipalTag/team, 'company-wide'}", true);
    expect(resolveTemplate(t, lookupOf({})).value).toBe('company-wide');
    expect(resolveTemplate(t, lookupOf({ 'aws:PrincipalTag/team': 'red' })).value).toBe('red');
    expect(resolveTemplate(t, lookupOf({ 'aws:PrincipalTag/team': '' })).value).toBe('');
  });

  it('is null with the unresolved keys when a variable has no value and no default', () => {
    const t = parseTemplate('${aws:username}/${aws:userid}', true);
    expect(resolveTemplate(t, lookupOf({ 'aws:userid': 'AID' }))).toEqual({
      value: null,
      unresolved: ['aws:username'],
    });
  });

  // Multi-valued keys cannot be policy variables (SEMANTICS §B5).
  it('treats a multi-valued key as unresolved, default or not (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)', () => {
    const look = lookupOf({ 'aws:TagKeys': ['a'] });
    expect(resolveTemplate(parseTemplate('${aws:TagKeys}', true), look)).toEqual({
      value: null,
      unresolved: ['aws:TagKeys'],
    });
    expect(resolveTemplate(parseTemplate("${aws:TagKeys, 'x'}", true), look).value).toBeNull();
  });

  it('resolveTemplateParts marks variable values and escapes literal', () => {
    const r = resolveTemplateParts(parseTemplate('a*${aws:username}${*}', true), lookupOf({ 'aws:username': 'b*' }));
    expect(r.parts).toEqual([
      { text: 'a*', literal: false },
      { text: 'b*', literal: true },
      { text: '*', literal: true },
    ]);
  });

  it('text without ${ round-trips unchanged (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('${')),
        fc.boolean(),
        (s, enabled) => {
          expect(resolveTemplate(parseTemplate(s, enabled), () => undefined).value).toBe(s);
        },
      ),
    );
  });
});
