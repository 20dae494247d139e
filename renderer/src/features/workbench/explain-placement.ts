/** Where the Access view puts the explanation of a cell (issue 16: no resource column may be pushed out of sight). */

/** Width of the pane splitter between the matrix and the explanation (px). */
export const SPLITTER = 6;

/**
 * Beside the matrix when the view can show the whole matrix (the action column and every resource column at its
 * minimum width) and the pane together; else below it, as a drawer, so every resource column stays usable.
 */
export function explanationPlacement(viewWidth: number, matrixMinWidth: number, paneWidth: number): 'side' | 'below' {
  return viewWidth >= matrixMinWidth + SPLITTER + paneWidth ? 'side' : 'below';
}
