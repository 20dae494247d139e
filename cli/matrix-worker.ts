/**
 * The second thread of a big `rolecall matrix --format json` (cli/matrix-json.ts): prepares its own copy of the
 * workspace, then computes subjects from the last one backwards, claiming each before computing it, until it meets a
 * subject the main thread has claimed; sends its rows back once, as bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareWorkspace } from '../policy-engine/evaluate/index';
import { parseWorkspaceText } from '../policy-engine/workspace/index';
import { matrixFor } from '../policy-engine/analysis/index';
import { encodeDecisions, type MatrixWorkerData, type MatrixWorkerResult } from './matrix-json';

const data = workerData as MatrixWorkerData;
const result: MatrixWorkerResult = { rows: [] };
try {
  const parsed = parseWorkspaceText(data.workspaceText, data.workspaceFile);
  if (!parsed.ok) throw new Error('the workspace did not parse in the worker');
  const pw = prepareWorkspace(parsed.value);
  const claims = new Int32Array(data.claims);
  const now = new Date(data.now);
  for (let i = data.subjects.length - 1; i >= 0; i--) {
    if (Atomics.compareExchange(claims, i, 0, 2) !== 0) break;
    const row = matrixFor(pw, data.subjects[i], data.actions, data.resources, { now });
    if (row.error) throw new Error(row.error);
    result.rows.push({ index: i, roleArn: row.roleArn, codes: encodeDecisions(row.decisions, data.resources.length) });
  }
} catch (e) {
  // Rows computed so far are kept; the main thread computes the rest.
  result.error = e instanceof Error ? e.message : String(e);
}
parentPort!.postMessage(
  result,
  result.rows.map((r) => r.codes.buffer as ArrayBuffer),
);
