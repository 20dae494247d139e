/**
 * Lines of a policy's text ↔ lines of the user's file. The engine gives every position of a policy read from a
 * workspace file in that file (PolicyView.inFile); the editor holds the policy's own text. The editor numbers its lines
 * with the file's lines and converts a file position back to its text whenever it jumps to or marks a place. Without
 * `inFile` (an edited policy, a workspace not read from a file) both are the same lines.
 */
import type { Position, Range } from '../../../../policy-engine/model/index';
import type { FileLines } from '../../engine/protocol';

/** The file position of column 1 of each text line (index = text line − 1). */
export function linePositions(inFile: FileLines): Position[] {
  const out: Position[] = [];
  inFile.runs.forEach(([textLine, fileLine, column], r) => {
    const end = r + 1 < inFile.runs.length ? inFile.runs[r + 1][0] : inFile.count + 1;
    for (let n = textLine; n < end; n++) out.push({ line: fileLine + n - textLine, column });
  });
  return out;
}

/** The file line shown for line `textLine` (1-based) of the text. */
export function fileLineOf(inFile: FileLines | undefined, textLine: number): number {
  if (!inFile) return textLine;
  let run: FileLines['runs'][number] | undefined;
  for (const r of inFile.runs) if (r[0] <= textLine) run = r;
  return run ? run[1] + textLine - run[0] : textLine;
}

/** The text position of a file position (the text line holding it; the nearest one when the file line is outside). */
export function toTextPosition(inFile: FileLines | undefined, p: Position): Position {
  const lines = inFile ? linePositions(inFile) : [];
  if (lines.length === 0) return p;
  let at = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.line > p.line || (l.line === p.line && l.column > p.column)) break;
    // Text lines mapped to one place (a template statement and its first key): the first of them.
    if (at < 0 || l.line !== lines[at].line || l.column !== lines[at].column) at = i;
  }
  if (at < 0) return { line: 1, column: 1 };
  const l = lines[at];
  if (l.line !== p.line) return { line: at + 1, column: 1 };
  const columns = inFile?.columns?.[at];
  if (!columns) return { line: at + 1, column: p.column - l.column + 1 };
  // Through the string's escapes: the last text column at or before the file column.
  let c = 0;
  while (c + 1 < columns.length && columns[c + 1] <= p.column) c++;
  return { line: at + 1, column: c + 1 };
}

/** The first text line on file line `fileLine` (the nearest one when the text has no line there). */
export function toTextLine(inFile: FileLines | undefined, fileLine: number): number {
  const lines = inFile ? linePositions(inFile) : [];
  if (lines.length === 0) return fileLine;
  const i = lines.findIndex((l) => l.line >= fileLine);
  return i < 0 ? lines.length : i + 1;
}

/** The text range of a file range. */
export function toTextRange(inFile: FileLines | undefined, r: Range): Range {
  return { start: toTextPosition(inFile, r.start), end: toTextPosition(inFile, r.end) };
}

/**
 * Monaco's `lineNumbers` option: the file's line numbers, or Monaco's own when the text is not from a file or its lines
 * are not the file's (a JSON string's value, all on one file line; Rolecall's JSON of a template document).
 */
export function lineNumbersOption(inFile: FileLines | undefined): 'on' | ((textLine: number) => string) {
  return inFile && !inFile.ownLines ? (n) => String(fileLineOf(inFile, n)) : 'on';
}

/** The last path segment of a file name (imports name files by their path). */
export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Where a policy shown in an editor came from: how to say it above the editor. */
export type PolicyOrigin = 'file' | 'edited' | 'fetched' | 'generated';

/**
 * What the editor's line numbers are, in words: the file's lines; the file and line a JSON string or template document
 * came from (the text numbered as shown); an edited draft; or Rolecall's generated copy of a fetch or an import.
 */
export function linesLabel(inFile: FileLines | undefined, origin: PolicyOrigin): string {
  if (inFile && !inFile.ownLines) return `Line numbers of ${inFile.file}`;
  if (inFile) {
    const at = inFile.origin ? ` line ${inFile.origin.line}` : '';
    const how = inFile.origin ? ` (${inFile.origin.writtenAs})` : '';
    return `From ${baseName(inFile.file)}${at}${how}; lines numbered as shown, explanations cite ${baseName(inFile.file)}`;
  }
  if (origin === 'edited') return 'Edited: line numbers of this draft';
  if (origin === 'fetched') return "Fetched from AWS (no file holds it): line numbers of Rolecall's generated copy";
  if (origin === 'generated') return "Not found in the imported files: line numbers of Rolecall's generated copy";
  return '';
}

/** The text position to reveal for a file position (a line alone: the first text line on it). */
export function revealPosition(inFile: FileLines | undefined, line: number, column?: number): Position {
  if (column === undefined) return { line: toTextLine(inFile, line), column: 1 };
  return toTextPosition(inFile, { line, column });
}

/**
 * A reveal's column on its text line, never inside the line's indentation: a place always starts at text (a
 * statement's `{`, a key), and Rolecall's JSON of a YAML template document maps each text line to the key's file
 * column, which says nothing of the JSON's indentation. A line of blanks keeps the column.
 */
export function columnOnText(lineText: string, column: number): number {
  const first = lineText.search(/\S/) + 1;
  return first > column ? first : column;
}
