/**
 * A matrix row as bytes: one code per cell, [action][resource] row-major. 259 actions × 20 resources is 5 KB instead
 * of 5,180 references in nested arrays, which is what lets an audit keep thousands of role rows (and the CLI's
 * matrix worker send rows to the main thread).
 */
import type { MatrixCell } from './access-matrix';

/** Cell values by code. */
export const CELL_CODES: readonly MatrixCell[] = [
  'allowed',
  'explicitDeny',
  'implicitDeny',
  'noCredentials',
  'notApplicable',
];
/** The code of `allowed`. */
export const ALLOWED_CODE = 0;
const CODE_OF = new Map(CELL_CODES.map((c, i) => [c, i]));

/** Encodes decisions [action][resource] as bytes. */
export function encodeDecisions(decisions: MatrixCell[][], resources: number): Uint8Array {
  const out = new Uint8Array(decisions.length * resources);
  decisions.forEach((row, a) => row.forEach((d, r) => (out[a * resources + r] = codeOf(d))));
  return out;
}

/** The code of one cell value. */
export function codeOf(cell: MatrixCell): number {
  const code = CODE_OF.get(cell);
  if (code === undefined) throw new Error(`not a matrix cell value: ${String(cell)}`);
  return code;
}
