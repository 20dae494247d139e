import { getLocation } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import {
  quotedSpan,
  completionKind,
  conditionKeyRank,
  justAfterString,
  policyModelPath,
} from '../../../../../renderer/src/features/editor/iam-language';

/** The completion kind at the `|` in a policy text. */
const kindAt = (textWithCursor: string) => {
  const offset = textWithCursor.indexOf('|');
  const loc = getLocation(textWithCursor.replace('|', ''), offset);
  return completionKind(loc.path, loc.isAtPropertyKey);
};

// Policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
describe('completionKind', () => {
  it('offers actions in Action and NotAction values, single or in a list', () => {
    expect(kindAt('{"Statement":[{"Action":"s3:Ge|"}]}')).toBe('action');
    expect(kindAt('{"Statement":[{"NotAction":["s3:GetObject","|"]}]}')).toBe('action');
    expect(kindAt('{"Statement":{"Action":"|"}}')).toBe('action');
  });

  it('offers operators at the first level of Condition and keys at the second', () => {
    expect(kindAt('{"Statement":[{"Condition":{"|"}}]}')).toBe('operator');
    expect(kindAt('{"Statement":[{"Condition":{"StringEquals":{"|"}}}]}')).toBe('conditionKey');
  });

  it('offers elements, effects and versions where they go, and nothing inside values elsewhere', () => {
    expect(kindAt('{"Statement":[{"|"}]}')).toBe('element');
    expect(kindAt('{"Statement":[{"Effect":"|"}]}')).toBe('effect');
    expect(kindAt('{"Version":"|"}')).toBe('version');
    expect(kindAt('{"Statement":[{"Sid":"|"}]}')).toBeNull();
    expect(kindAt('{"Statement":[{"Condition":{"StringEquals":{"aws:userid":"|"}}}]}')).toBeNull();
  });

  it('ranks the keys Cognito-backed policies use first and names policy models by id', () => {
    expect(conditionKeyRank('aws:SourceIp')).toBeLessThan(conditionKeyRank('cognito-identity.amazonaws.com:sub'));
    expect(conditionKeyRank('s3:prefix')).toBeLessThan(conditionKeyRank('accounts.google.com:sub'));
    expect(policyModelPath('arn:aws:iam::1:role/R#trust')).toBe(
      'rolecall-policy://policy/arn%3Aaws%3Aiam%3A%3A1%3Arole%2FR%23trust.json',
    );
  });
});

describe('justAfterString', () => {
  it("is true right after a string's closing quote, so Enter there starts a new line rather than accepting a suggestion", () => {
    const text = '{"Resource": "*"\n}';
    expect(justAfterString(text, text.indexOf('"*"') + 3)).toBe(true);
  });

  it('is false inside a string, after an opening quote, and elsewhere', () => {
    const text = '{"Action": "s3:Get", "Effect": }';
    expect(justAfterString(text, text.indexOf('s3:Get') + 3)).toBe(false);
    expect(justAfterString(text, text.indexOf('"s3') + 1)).toBe(false);
    expect(justAfterString(text, text.indexOf('": }') + 3)).toBe(false);
    const open = '{"Action": "';
    expect(justAfterString(open, open.length)).toBe(false);
  });
});

describe('the quoted token around the cursor (one scan for completion and hover)', () => {
  const line = '      "Action": "s3:GetObject",';
  it('inside a string: from after its opening quote to its closing quote', () => {
    const col = line.indexOf('Get') + 1;
    const span = quotedSpan(line, col);
    expect(span.quoted).toBe(true);
    expect(line.slice(span.start, span.end)).toBe('s3:GetObject');
  });
  it('a string still being typed: no closing quote, up to the line end', () => {
    const typing = '      "Action": "s3:Ge';
    const span = quotedSpan(typing, typing.length + 1);
    expect(span.quoted).toBe(false);
    expect(typing.slice(span.start, span.end)).toBe('s3:Ge');
  });
  it('no quote before the cursor: start 0, not quoted', () => {
    expect(quotedSpan('  true', 3)).toMatchObject({ start: 0, quoted: false });
  });
});
