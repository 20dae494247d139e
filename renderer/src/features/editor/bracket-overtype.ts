/**
 * Monaco closes `{` and `[` as you type them (kept: it helps), and types over the closer when you type it right before
 * it. But once Enter has moved the auto-inserted closer to a later line, typing the closer by hand adds a second one
 * (`{ … }` then a stray `}`), which makes the policy invalid JSON. This finds that case so the editor can drop the
 * auto-inserted closer: the typed closer is then one too many for the document, and the next non-blank text after it
 * is the same closer. Pure (no Monaco), so it is unit-tested.
 */
import { createScanner } from 'jsonc-parser';

/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read). */
const SyntaxKind = {
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  EOF: 17,
} as const;

const PAIRS: Record<string, { open: number; close: number }> = {
  '}': { open: SyntaxKind.OpenBraceToken, close: SyntaxKind.CloseBraceToken },
  ']': { open: SyntaxKind.OpenBracketToken, close: SyntaxKind.CloseBracketToken },
};

/**
 * After the user typed `closer` at `offset` of `text` (the text already contains it): the range [start, end) to delete
 * — the blank text and the now surplus auto-inserted closer after it — or null when the typed closer is not a surplus.
 */
export function surplusCloser(text: string, offset: number, closer: string): { start: number; end: number } | null {
  const pair = PAIRS[closer];
  if (!pair || text[offset] !== closer) return null;
  const after = /^[ \t\r\n]*/.exec(text.slice(offset + 1))?.[0] ?? '';
  const next = offset + 1 + after.length;
  if (text[next] !== closer) return null;
  const scanner = createScanner(text, false);
  let opens = 0;
  let closes = 0;
  let typedIsToken = false;
  for (let kind: number = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === pair.open) opens++;
    else if (kind === pair.close) {
      closes++;
      if (scanner.getTokenOffset() === offset) typedIsToken = true;
    }
  }
  // Inside a string the closer is text, not a bracket; a balanced document has nothing surplus.
  if (!typedIsToken || closes <= opens) return null;
  return { start: offset + 1, end: next + 1 };
}
