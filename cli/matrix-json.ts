/**
 * `rolecall matrix --format json` for big matrices: the JSON is written in chunks as rows are computed (a 200-role ×
 * 259-action × 50-resource matrix is ~40 MB; building it as one string first costs as much as computing it), and the
 * rows can be computed by two threads: this one from the first subject forwards, a worker_thread (cli/matrix-worker.ts,
 * its own copy of the prepared workspace) from the last backwards, each claiming a subject before computing it, so
 * neither waits for the other and the output stays in subject order. The same JSON as before, laid out with one
 * line per action row.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PreparedWorkspace } from '../policy-engine/evaluate/index';
import {
  CELL_CODES,
  codeOf,
  matrixFor,
  roleShareKeys,
  rowChains,
  type MatrixCell,
  type MatrixSubject,
} from '../policy-engine/analysis/index';
import type { Io } from './io';
import { ChunkedOut } from './chunked-out';

export { CELL_CODES, encodeDecisions } from '../policy-engine/analysis/index';
const CELL_JSON = CELL_CODES.map((c) => JSON.stringify(c));

/** What the worker is given. */
export interface MatrixWorkerData {
  workspaceText: string;
  workspaceFile: string;
  subjects: MatrixSubject[];
  actions: string[];
  resources: string[];
  now: string;
  /** One Int32 per subject: 0 free, 1 claimed by this thread, 2 claimed by the worker. */
  claims: SharedArrayBuffer;
}

/** What the worker sends back once, when it has claimed nothing more. */
export interface MatrixWorkerResult {
  rows: { index: number; roleArn: string | null; codes: Uint8Array }[];
  error?: string;
}

/** The worker's compiled file, next to the compiled CLI; null when running from sources (tests), so no worker. */
function workerFile(): string | null {
  if (process.env.ROLECALL_MATRIX_WORKER === '0') return null;
  for (const rel of ['./matrix-worker.mjs', '../matrix-worker.mjs']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return fileURLToPath(url);
  }
  return null;
}

/** A worker is worth starting (~0.1 s) only for a big matrix. */
const WORKER_MIN_CELLS = 400_000;

/**
 * Whether a second core is idle: more than one core, and the 1-minute load average leaves one free. On a busy machine
 * the worker only competes with this thread (measured: 1.2 s alone, 1.8–2.5 s with a worker at load 3–6 on 2 cores).
 * ROLECALL_MATRIX_WORKER=1 forces it, =0 turns it off.
 */
function secondCoreIdle(): boolean {
  if (process.env.ROLECALL_MATRIX_WORKER === '1') return true;
  const cores = availableParallelism();
  return cores > 1 && loadavg()[0] < cores - 1;
}

/** What writing one matrix needs: the output, the question and the chain rows shared between subjects. */
interface MatrixJob {
  out: ChunkedOut;
  pw: PreparedWorkspace;
  subjects: MatrixSubject[];
  actions: string[];
  resources: string[];
  now: Date;
  classLabels?: ReadonlyMap<number, string>;
  chainRows: Map<string, MatrixCell[][]>;
}

/** Writes subject i's row; `code(a, r)` is the CELL_CODES index of the cell at action a, resource r. */
function writeSubject(job: MatrixJob, i: number, roleArn: string | null, code: (a: number, r: number) => number) {
  const { out, subjects, actions, resources, classLabels } = job;
  const s = subjects[i];
  const who =
    s.principal !== undefined
      ? `"principal": ${JSON.stringify(s.principal)}`
      : `"identity": ${JSON.stringify(s.identity, null, 2).replace(/\n/g, '\n      ')}`;
  out.put(
    `${i === 0 ? '' : ','}\n    {\n      ${who},${classLabels?.has(i) ? `\n      "class": ${JSON.stringify(classLabels.get(i))},` : ''}\n      "roleArn": ${JSON.stringify(roleArn)},\n      "decisions": [`,
  );
  for (let a = 0; a < actions.length; a++) {
    let line = a === 0 ? '\n        [' : ',\n        [';
    for (let r = 0; r < resources.length; r++) line += (r === 0 ? '' : ', ') + CELL_JSON[code(a, r)];
    out.put(line + ']');
  }
  out.put(`${actions.length ? '\n      ' : ''}]`);
  writeChains(job, s, code);
  out.put('\n    }');
}

/** Cells allowed only through a chain of sts:AssumeRole hops, and chains that leave the workspace (issue 11). */
function writeChains(job: MatrixJob, s: MatrixSubject, code: (a: number, r: number) => number): void {
  const { out, pw, actions, resources, now, chainRows } = job;
  const at = (a: number, r: number) => CELL_CODES[code(a, r)];
  const chains = rowChains(pw, s, actions, resources, at, { now, chainRows });
  if (!chains) return;
  const viaChain = chains.cells.map((c) => ({
    action: actions[c.action],
    resource: resources[c.resource],
    chain: c.chain,
  }));
  out.put(`,\n      "viaChain": ${JSON.stringify(viaChain)}`);
  if (chains.leaving.length) out.put(`,\n      "chainsLeavingWorkspace": ${JSON.stringify(chains.leaving)}`);
  if (chains.assumptions.length) out.put(`,\n      "chainAssumptions": ${JSON.stringify(chains.assumptions)}`);
}

/** Starts the worker on a big matrix when a second core is idle; its one result, or null when there is no worker. */
function startWorker(
  job: MatrixJob,
  source: { text: string; file: string },
  claims: Int32Array,
): Promise<MatrixWorkerResult> | null {
  const cells = job.subjects.length * job.actions.length * job.resources.length;
  const file = cells >= WORKER_MIN_CELLS && secondCoreIdle() ? workerFile() : null;
  if (!file) return null;
  const data: MatrixWorkerData = {
    workspaceText: source.text,
    workspaceFile: source.file,
    subjects: job.subjects,
    actions: job.actions,
    resources: job.resources,
    now: job.now.toISOString(),
    claims: claims.buffer as SharedArrayBuffer,
  };
  const w = new Worker(file, { workerData: data });
  return new Promise((resolve) => {
    w.once('message', (m: MatrixWorkerResult) => resolve(m));
    w.once('error', (e) => resolve({ rows: [], error: e.message }));
    w.once('exit', () => resolve({ rows: [], error: 'the matrix worker exited early' }));
  });
}

/**
 * This thread: from the first subject forwards, until it meets a subject the worker has claimed. Roles built alike
 * (same documents, boundary, tags and account, named nowhere: analysis/findings/shared-rows.ts) decide every cell
 * alike, so their decisions are computed once. Returns the first subject it did not write.
 */
function writeForwards(job: MatrixJob, claims: Int32Array): number {
  const { pw, subjects, actions, resources, now } = job;
  const shareKey = roleShareKeys(pw);
  const shared = new Map<string, MatrixCell[][]>();
  let i = 0;
  for (; i < subjects.length; i++) {
    if (Atomics.compareExchange(claims, i, 0, 1) !== 0) break;
    const s = subjects[i];
    const role = s.principal !== undefined && pw.roles.has(s.principal) ? s.principal : null;
    const key = role !== null ? shareKey(role) : null;
    const same = key !== null ? shared.get(key) : undefined;
    if (role !== null && same) {
      writeSubject(job, i, role, (a, r) => codeOf(same[a][r]));
      continue;
    }
    const row = matrixFor(pw, s, actions, resources, { now });
    if (key !== null && row.error === undefined && row.roleArn === role && row.principalArn === role)
      shared.set(key, row.decisions);
    writeSubject(job, i, row.roleArn, (a, r) => codeOf(row.decisions[a][r]));
  }
  return i;
}

/** The worker's rows from subject `from` on; a subject it did not compute is computed here. */
function writeWorkerRows(job: MatrixJob, result: MatrixWorkerResult, from: number): void {
  const { pw, subjects, actions, resources, now } = job;
  const byIndex = new Map(result.rows.map((r) => [r.index, r]));
  for (let i = from; i < subjects.length; i++) {
    const got = byIndex.get(i);
    if (got) {
      const n = resources.length;
      writeSubject(job, i, got.roleArn, (a, r) => got.codes[a * n + r]);
    } else {
      // The worker failed before computing this subject (it never claimed it, or claimed it and then failed):
      // compute it here, so the answer never depends on the worker.
      const row = matrixFor(pw, subjects[i], actions, resources, { now });
      writeSubject(job, i, row.roleArn, (a, r) => codeOf(row.decisions[a][r]));
    }
  }
}

/** Writes `{ actions, resources, principals }` for `subjects`; every subject must already be known to be valid. */
export async function writeMatrixJson(
  io: Io,
  pw: PreparedWorkspace,
  source: { text: string; file: string },
  subjects: MatrixSubject[],
  actions: string[],
  resources: string[],
  now: Date,
  /** The identity class of a subject given with --class (by index), written as "class". */
  classLabels?: ReadonlyMap<number, string>,
): Promise<void> {
  const out = new ChunkedOut(io);
  const job: MatrixJob = { out, pw, subjects, actions, resources, now, classLabels, chainRows: new Map() };
  const list = (xs: string[]) => xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  out.put(`{\n  "actions": [\n${list(actions)}\n  ],\n  "resources": [\n${list(resources)}\n  ],\n  "principals": [`);
  const claims = new Int32Array(new SharedArrayBuffer(4 * subjects.length));
  const worker = startWorker(job, source, claims);
  const next = writeForwards(job, claims);
  if (worker) writeWorkerRows(job, await worker, next);
  out.put(`${subjects.length ? '\n  ' : ''}]\n}\n`);
  out.flush();
}
