/**
 * Positions inside the workspace file's text: where a statement, rule or pool of a finding is, for reports that
 * point into the file (SARIF). The text is parsed once.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Position } from '../../model/request';
import type { WorkspacePath } from '../findings/types';

/** Finds the 1-based position of the value at a JSON path (the closest existing ancestor when it is missing). */
export type Locator = (path: WorkspacePath) => Position | undefined;

/** Builds a locator over a workspace text; every lookup is a tree walk, no reparse. */
export function workspaceLocator(text: string): Locator {
  const root = parseTree(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const position = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  return (path) => {
    if (!root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n));
      if (node) return position(node.offset);
    }
    return undefined;
  };
}
