/**
 * `rolecall matrix --format csv`: the rows as the JSON carries them (decisions and chain marks), one line per cell
 * (matrixCsvLines; columns in docs/formats.md). Streamed: each subject's row is computed when its lines are written,
 * and the lines go out in chunks of about 1 MB (ChunkedOut, as the JSON), so `--all-roles` on a large account never
 * builds one string longer than V8 allows.
 */
import type { PreparedWorkspace } from '../policy-engine/evaluate/index';
import { matrixCsvLines, matrixFor, type MatrixRow, type MatrixSubject } from '../policy-engine/analysis/index';
import { ChunkedOut } from './chunked-out';
import type { Io } from './io';

/** The CSV's view of one row: the subject, its role, the cells and the cell's chain marks. */
function csvPrincipal(r: MatrixRow, actions: string[], resources: string[]) {
  return {
    ...r.subject,
    roleArn: r.roleArn,
    decisions: r.decisions,
    viaChain: (r.chains?.cells ?? []).map((c) => ({
      action: actions[c.action],
      resource: resources[c.resource],
      chain: c.chain,
    })),
    chainsLeavingWorkspace: r.chains?.leaving ?? [],
  };
}

/** Writes the CSV of `subjects`; every principal among them must already be known to be valid (nothing stops half-way). */
export function writeMatrixCsv(
  io: Io,
  pw: PreparedWorkspace,
  subjects: MatrixSubject[],
  actions: string[],
  resources: string[],
  now: Date,
): void {
  // Shared between subjects, as in the table: a role reached by several chains is evaluated once.
  const chainRows = new Map<string, MatrixRow['decisions']>();
  function* principals() {
    for (const subject of subjects)
      yield csvPrincipal(
        matrixFor(pw, subject, actions, resources, { now, chains: true, chainRows }),
        actions,
        resources,
      );
  }
  const out = new ChunkedOut(io);
  for (const line of matrixCsvLines({ actions, resources, principals: principals() })) out.put(line);
  out.flush();
}
