/**
 * Positions inside the workspace file's text: where a statement, rule or pool of a finding is, for reports that
 * point into the file (SARIF). The text is parsed once.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Position } from '../../model/request';
import type { WorkspacePath } from '../findings/types';
import { findTooDeep, lineMap } from '../../json-text';

/** Finds the 1-based position of the value at a JSON path (the closest existing ancestor when it is missing). */
export type Locator = (path: WorkspacePath) => Position | undefined;

/** Builds a locator over a workspace text; every lookup is a tree walk, no reparse. */
export function workspaceLocator(text: string): Locator {
  // A text too deep to parse safely has no positions (it never loads as a workspace either).
  const root = findTooDeep(text) ? undefined : parseTree(text);
  const { position } = lineMap(text);
  return (path) => {
    if (!root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n));
      if (node) return position(node.offset);
    }
    return undefined;
  };
}
