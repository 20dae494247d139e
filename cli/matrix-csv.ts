/**
 * `rolecall matrix --format csv`: the rows as the JSON carries them (decisions and chain marks), written by
 * matrixToCsv (one line per cell; columns in docs/formats.md).
 */
import { matrixToCsv, type MatrixRow } from '../policy-engine/analysis/index';

/** The CSV text of a matrix's rows, with each cell's chain marks. */
export function matrixCsv(rows: MatrixRow[], actions: string[], resources: string[]): string {
  return matrixToCsv({
    actions,
    resources,
    principals: rows.map((r) => ({
      ...r.subject,
      roleArn: r.roleArn,
      decisions: r.decisions,
      viaChain: (r.chains?.cells ?? []).map((c) => ({
        action: actions[c.action],
        resource: resources[c.resource],
        chain: c.chain,
      })),
      chainsLeavingWorkspace: r.chains?.leaving ?? [],
    })),
  });
}
