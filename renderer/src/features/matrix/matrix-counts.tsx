/** The matrix's status line: how many cells of each decision the filtered rows hold, and what a comparison or a role chain adds. */
import type { MatrixResult } from '../../engine/protocol';
import { cellLabel, type CellCounts, type MatrixCell } from './matrix-model';

/** The cell glyph with its accessible name. */
export function DecisionIcon({ cell }: { cell: MatrixCell }) {
  const { icon, label } = cellLabel(cell);
  return (
    <span className={`decision decision-${cell}`} title={label}>
      <span aria-hidden="true">{icon}</span>
    </span>
  );
}

/** Props of MatrixCounts. */
export interface MatrixCountsProps {
  counts: CellCounts;
  /** Actions shown (after the filters) and in all. */
  shown: number;
  total: number;
  matrix: MatrixResult;
  /** Cells that differ from the comparison's, when comparing. */
  differing: number | null;
  labels: [string, string];
  /** How many cells are allowed only through a role chain. */
  viaChain: number;
}

/** The counts above the grid. */
export function MatrixCounts({ counts, shown, total, matrix, differing, labels, viaChain }: MatrixCountsProps) {
  const leaving = matrix.chainsLeaving ?? [];
  return (
    <div className="matrix-counts" role="status" aria-label="Cell counts">
      <span className="count" title="Allowed: a statement allows it and none denies it">
        <DecisionIcon cell="allowed" /> {counts.allowed} allowed
      </span>
      <span className="count" title="Explicit deny: a statement denies it; no allow can override that">
        <DecisionIcon cell="explicitDeny" /> {counts.explicitDeny} explicit deny
      </span>
      <span className="count" title="Implicit deny: no statement allows it (add an allow to grant it)">
        <DecisionIcon cell="implicitDeny" /> {counts.implicitDeny} implicit deny
      </span>
      {counts.noCredentials > 0 && (
        <span className="count">
          <DecisionIcon cell="noCredentials" /> {counts.noCredentials} no credentials
        </span>
      )}
      <span className="count muted">
        <DecisionIcon cell="notApplicable" /> {counts.notApplicable} not applicable
      </span>
      <span className="count muted">
        {shown} of {total} actions
      </span>
      {differing !== null && (
        <span className="count">
          {differing} cells differ between {labels[0]} and {labels[1]}
        </span>
      )}
      {viaChain > 0 && (
        <span
          className="count"
          title="The session can sts:AssumeRole another role (hop by hop, each allowed by the caller's policies and the target's trust policy) that is allowed these cells"
        >
          <span className="chain-mark" aria-hidden="true">
            ⇢
          </span>{' '}
          {viaChain} allowed only through a role chain
        </span>
      )}
      {leaving.length > 0 && (
        <span
          className="count muted"
          title={leaving
            .map((c) => `${c.join(' → ')}: ${c[c.length - 1]} is not in the workspace; what it may do is unknown`)
            .join('\n')}
        >
          {leaving.length} role chain(s) leave the workspace
        </span>
      )}
    </div>
  );
}
