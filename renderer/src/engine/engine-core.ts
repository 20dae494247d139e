/**
 * The engine as the renderer uses it, free of any worker or DOM plumbing (so it runs in vitest too): holds the
 * prepared current workspace and the saved baseline, and answers load / resolve / matrix / explain.
 * The matrix is computed in chunks of actions; between chunks it reports progress and asks whether to stop.
 */
import { prepareWorkspace, type PreparedWorkspace } from '../../../policy-engine/evaluate/index';
import { evaluateRequest, hasOwn } from '../../../policy-engine/index';
import {
  matrixActions,
  matrixFor,
  rowChains,
  auditWorkspace,
  diffWorkspaces,
  listIdentityClasses,
  reachableBy,
  whoCan,
  type Finding,
} from '../../../policy-engine/analysis/index';
import { resolveIdentity } from '../../../policy-engine/cognito/index';
import { proveSteps, ProveInputError } from '../../../policy-engine/prove/index';
import { loadCatalog, lookupAction, type Catalog } from '../../../policy-engine/catalog/index';
import type {
  Answer,
  IdentityInput,
  Request,
  PolicyInput,
  Workspace,
  Diagnostic,
} from '../../../policy-engine/model/index';
import { policyDocumentLookup, setPolicyDocument } from '../features/editor/workspace-edit';
import { policySourceOf, rangeInFile } from '../../../policy-engine/workspace/index';
import type { ParsedPolicy } from '../../../policy-engine/policy/index';
import type { ActionMeta, MatrixCell } from '../features/matrix/matrix-model';
import { suggestFixes } from '../../../policy-engine/advice/index';
import type {
  FileLines,
  LoadSource,
  AuditResult,
  HeldBackEdit,
  IdentityClass,
  MatrixResult,
  PolicyView,
  ProveAnswer,
  Reach,
  ResolutionView,
  PrincipalOrIdentity,
  WhoCanResult,
  WorkspaceDiff,
  WorkspaceSummary,
} from './protocol';

/** Rows per chunk: small enough to stay responsive to cancel, large enough that chunking costs nothing. */
export const MATRIX_CHUNK = 64;

/** Hooks a long computation uses to report and to stop. */
export interface JobControl {
  progress(done: number, total: number): void;
  /** Resolves true when the job should stop (a newer one replaced it, or the user cancelled). */
  yieldAndCheck(): Promise<boolean>;
}

/** The engine holder. */
export interface EngineCore {
  /**
   * Prepares `ws`. A baseline load with `source` (the file it was read from) puts positions in that file; later loads
   * of drafts keep them for every policy not edited since (an edited policy's positions are lines of its own text).
   */
  load(ws: Workspace, baseline: boolean, source?: LoadSource): WorkspaceSummary;
  /** Prepares `ws` as `load` does, without building the summary (for a worker whose summary nobody reads). */
  prepare(ws: Workspace, baseline: boolean, source?: LoadSource): void;
  resolve(identity: IdentityInput, now: Date): ResolutionView;
  matrix(
    subject: PrincipalOrIdentity,
    opts: { withBaseline: boolean; now: Date; resources?: string[] },
    job: JobControl,
  ): Promise<MatrixResult | null>;
  explain(request: Request, now: Date, baseline?: boolean): Answer;
  /** The audit (CONTRACT §5 findings) of the current workspace. */
  audit(now: Date): AuditResult;
  /** Every way to perform `action` on `resource` in the current workspace. */
  whoCan(action: string, resource: string, now: Date): WhoCanResult;
  /**
   * The identity classes of the current workspace (guests, rules, defaults, basic flow, roles, users; `principals:
   * false` leaves out roles and users).
   */
  classes(now: Date, opts?: { principals?: false }): IdentityClass[];
  /** Everything one identity class is allowed in the current workspace. */
  reach(identityClass: IdentityClass, now: Date): Reach;
  /** Every decision that differs between the saved baseline and the current workspace; null when they are the same. */
  diff(now: Date): WorkspaceDiff | null;
  /**
   * "Can anyone?" (the prover) on the current workspace, one identity class at a time: progress and a chance to stop
   * after each class. Null when stopped.
   */
  prove(
    question: { action: string; resource: string; maxWitnesses?: number },
    now: Date,
    job: JobControl,
  ): Promise<ProveAnswer | null>;
}

/** Policies with an error AWS would reject the document for (its first such error), by policy id. */
function rejectedPolicies(diagnostics: Diagnostic[]): Map<string, Diagnostic> {
  const out = new Map<string, Diagnostic>();
  for (const d of diagnostics)
    if (d.severity === 'error' && d.policyId !== undefined && d.code.startsWith('policy.') && !out.has(d.policyId))
      out.set(d.policyId, d);
  return out;
}

function byPolicyId(diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.policyId ?? '';
    const list = out.get(key) ?? [];
    list.push(d);
    out.set(key, list);
  }
  return out;
}

/** Where each line of a policy's text sits in the user's file, when it was parsed from that file. */
function fileLinesOf(p: ParsedPolicy, writtenAsString: boolean): FileLines | undefined {
  const src = policySourceOf(p);
  if (!src) return undefined;
  const textLines = p.text.split('\n');
  const runs: FileLines['runs'] = [];
  // Rolecall's JSON of a template document: each line is where its first token maps to (its indentation maps nowhere).
  const byToken = src.ownLines === true && !writtenAsString;
  textLines.forEach((line, i) => {
    const indent = byToken ? line.length - line.trimStart().length : 0;
    const at = src.toFile({ line: i + 1, column: indent + 1 });
    const last = runs[runs.length - 1];
    if (!last || at.line !== last[1] + (i + 1 - last[0]) || at.column !== last[2])
      runs.push([i + 1, at.line, at.column]);
  });
  const lines: FileLines = {
    file: src.file,
    count: textLines.length,
    runs,
    ...(src.ownLines ? { ownLines: true as const } : {}),
    ...(src.origin ? { origin: src.origin } : {}),
  };
  if (!writtenAsString) return lines;
  const columns = textLines.map((l, i) =>
    Array.from({ length: l.length + 1 }, (_, c) => src.toFile({ line: i + 1, column: c + 1 }).column),
  );
  return { ...lines, columns };
}

/**
 * What the editor and the explanation show of each policy: as typed (`typed`), and, for an edit held back, the last
 * valid version evaluated instead (`pw`); with file lines for the texts read from the user's file.
 */
function policyViews(
  /** Whether the policy's document (as typed, or the version evaluated instead) is written as a JSON string. */
  writtenAsString: (policyId: string, evaluated: boolean) => boolean,
  typed: PreparedWorkspace,
  pw: PreparedWorkspace,
  held: HeldBackEdit[],
): PolicyView[] {
  const typedByPolicy = byPolicyId(typed.diagnostics);
  const evaluatedByPolicy = byPolicyId(pw.diagnostics);
  const heldIds = new Set(held.map((h) => h.policyId));
  return [...typed.policies.values()].map((p): PolicyView => {
    const evaluated = heldIds.has(p.policyId) ? pw.policies.get(p.policyId) : undefined;
    const inFile = fileLinesOf(p, writtenAsString(p.policyId, false));
    const evaluatedInFile = evaluated ? fileLinesOf(evaluated, writtenAsString(p.policyId, true)) : undefined;
    return {
      policyId: p.policyId,
      policyType: p.policyType,
      text: p.text,
      statements: (evaluated ?? p).statements.map((s) => ({
        index: s.index,
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
        effect: s.effect,
        range: rangeInFile(evaluated ?? p, s.range),
      })),
      diagnostics: typedByPolicy.get(p.policyId) ?? [],
      ...(inFile ? { inFile } : {}),
      ...(evaluated
        ? {
            evaluated: {
              text: evaluated.text,
              diagnostics: evaluatedByPolicy.get(p.policyId) ?? [],
              ...(evaluatedInFile ? { inFile: evaluatedInFile } : {}),
            },
          }
        : {}),
    };
  });
}

const clock = (): number => (typeof performance !== 'undefined' ? performance.now() : 0);

/** What the engine holds between calls. */
interface CoreState {
  catalog: Catalog;
  current: PreparedWorkspace | null;
  baseline: PreparedWorkspace | null;
  actions: string[];
  /** The baseline's matrices by subject and resources: the baseline does not change while the user types. */
  baselineRows: Map<string, MatrixCell[][]>;
  /** Each policy's last document that parsed and validated, since the baseline was loaded. */
  lastValid: Map<string, PolicyInput>;
  /** Reached roles' matrix rows for role chaining, for one workspace and resource list. */
  chainRowsOf: { pw: PreparedWorkspace; key: string; rows: Map<string, MatrixCell[][]> } | null;
  /** The audit of the current workspace, for checking suggested fixes against it. */
  auditOf: { pw: PreparedWorkspace; findings: Finding[] } | null;
  /** The file the baseline was read from (positions are given in it), if it was. */
  fileSource: { text: string; file: string; check: boolean } | undefined;
  /** The files an imported baseline was read from, and the workspace as imported (edits since are not mapped). */
  importSource: { texts: Record<string, string>; original: Workspace } | undefined;
}

const need = (pw: PreparedWorkspace | null): PreparedWorkspace => {
  if (!pw) throw new Error('No workspace is loaded.');
  return pw;
};

/** The matrix rows of `actions`, chunk by chunk (progress and a chance to stop after each); null when stopped. */
async function computeRows(
  pw: PreparedWorkspace,
  actions: string[],
  subject: PrincipalOrIdentity,
  resources: string[],
  now: Date,
  job: JobControl,
  offset: number,
  total: number,
) {
  const rows: MatrixCell[][] = [];
  let roleArn: string | null = null;
  let principalArn: string | null = null;
  let error: string | undefined;
  for (let i = 0; i < actions.length; i += MATRIX_CHUNK) {
    const slice = actions.slice(i, i + MATRIX_CHUNK);
    const part = matrixFor(pw, subject, slice, resources, { now });
    roleArn = part.roleArn;
    principalArn = part.principalArn;
    if (part.error) {
      error = part.error;
      for (const _ of slice) rows.push(resources.map(() => 'implicitDeny'));
    } else rows.push(...part.decisions);
    job.progress(offset + i + slice.length, total);
    if (await job.yieldAndCheck()) return null;
  }
  return { rows, roleArn, principalArn, error };
}

/**
 * Prepares a draft in which an edited policy AWS would reject (MalformedPolicyDocument) never takes effect: its last
 * valid version is evaluated instead, and the edit is listed as held back. Records each valid document as the
 * policy's last valid one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
 */
function prepareHoldingBack(
  ws: Workspace,
  prepare: (w: Workspace) => PreparedWorkspace,
  lastValid: Map<string, PolicyInput>,
) {
  const typed = prepare(ws);
  const typedErrors = rejectedPolicies(typed.diagnostics);
  let pw = typed;
  let held: HeldBackEdit[] = [];
  const documentOf = policyDocumentLookup(ws);
  for (const id of typed.policies.keys()) {
    if (typedErrors.has(id)) continue;
    const doc = documentOf(id);
    if (doc !== undefined) lastValid.set(id, doc);
  }
  if (typedErrors.size > 0) {
    let substituted = ws;
    for (const [id, error] of typedErrors) {
      const doc = lastValid.get(id);
      if (doc === undefined) continue;
      const r = setPolicyDocument(substituted, id, doc);
      if (!r.ok) continue;
      substituted = r.workspace;
      held.push({ policyId: id, json: error.code === 'policy.invalid-json', error });
    }
    if (held.length > 0) pw = prepare(substituted);
    // A last valid version that is itself rejected (it should not be) is not claimed as one.
    const still = rejectedPolicies(pw.diagnostics);
    held = held.filter((h) => !still.has(h.policyId));
  }
  return { typed, pw, held, documentOf };
}

/** The matrix's actions with their service and access level (from the catalog). */
function actionMeta(catalog: Catalog, actions: string[]): ActionMeta[] {
  return actions.map((a) => {
    const info = lookupAction(catalog, a);
    return {
      action: a,
      service: a.slice(0, a.indexOf(':')),
      accessLevel: (info?.accessLevel ?? 'Read') as ActionMeta['accessLevel'],
    };
  });
}

/**
 * The workspace as imported, for a baseline load of imported files: a load with the same files again (after Save
 * edits, the saved workspace becomes the baseline but the files are still the import's) keeps the first import's
 * workspace, so an edited policy is not placed on template lines that hold other text.
 */
function importedOriginal(prev: CoreState['importSource'], texts: Record<string, string>, ws: Workspace): Workspace {
  if (!prev) return ws;
  const names = Object.keys(texts);
  const same =
    names.length === Object.keys(prev.texts).length &&
    names.every((n) => hasOwn(prev.texts, n) && prev.texts[n] === texts[n]);
  return same ? prev.original : ws;
}

/** Prepares `ws` (see EngineCore.load) and makes it current; a baseline load also makes it the baseline. */
function prepare(state: CoreState, ws: Workspace, asBaseline: boolean, source?: LoadSource) {
  const t = clock();
  if (asBaseline) {
    state.lastValid = new Map();
    state.fileSource = source && 'text' in source ? { ...source, check: true } : undefined;
    state.importSource =
      source && 'imported' in source
        ? { texts: source.imported, original: importedOriginal(state.importSource, source.imported, ws) }
        : undefined;
  }
  // The baseline was just read from the file; a draft may differ from it, so its documents are compared.
  const fromFile = state.fileSource && (asBaseline ? { ...state.fileSource, check: false } : state.fileSource);
  // Documents are compared with the workspace as imported; on the import itself they are that workspace, so not.
  const imported =
    state.importSource &&
    (state.importSource.original === ws ? { texts: state.importSource.texts } : state.importSource);
  const where = fromFile ? { source: fromFile } : imported ? { imported } : {};
  const prepareWith = (w: Workspace) => prepareWorkspace(w, { catalog: state.catalog, ...where });
  const prepared = prepareHoldingBack(ws, prepareWith, state.lastValid);
  const prepareMs = clock() - t;
  state.current = prepared.pw;
  if (asBaseline || !state.baseline) {
    state.baseline = prepared.pw;
    state.baselineRows = new Map();
  }
  state.actions = matrixActions(prepared.pw, ['s3', 'dynamodb']);
  return { ...prepared, prepareMs };
}

/** Prepares `ws` and summarises it for the views (diagnostics, policies, actions, resources, held-back edits). */
function load(state: CoreState, ws: Workspace, asBaseline: boolean, source?: LoadSource): WorkspaceSummary {
  const { typed, pw, held, documentOf, prepareMs } = prepare(state, ws, asBaseline, source);
  const policies = policyViews(
    (id, evaluated) => typeof (evaluated ? state.lastValid.get(id) : documentOf(id)) === 'string',
    typed,
    pw,
    held,
  );
  return {
    diagnostics: typed.diagnostics,
    policies,
    actions: actionMeta(state.catalog, state.actions),
    resources: [...(ws.resources ?? [])],
    heldBack: held,
    prepareMs,
  };
}

/** The role resolution as the views show it (the session's context keys, tags and session policies spelled out). */
function resolve(state: CoreState, identity: IdentityInput, now: Date): ResolutionView {
  const r = resolveIdentity(need(state.current), identity, { now, explain: true });
  const { principal, ...rest } = r;
  return {
    ...rest,
    principalArn: principal?.arn ?? null,
    sessionContext: { ...(principal?.context ?? {}) },
    sessionTags: { ...(principal?.sessionTags ?? {}) },
    sessionPolicyIds: (principal?.sessionPolicies ?? []).map((p) => p.policyId),
  };
}

/** The baseline's rows for the same subject and resources (computed once per baseline), or null when stopped. */
async function baselineRowsFor(
  state: CoreState,
  subject: PrincipalOrIdentity,
  resources: string[],
  now: Date,
  job: JobControl,
  total: number,
): Promise<MatrixCell[][] | null> {
  const key = JSON.stringify([subject, resources]);
  const cached = state.baselineRows.get(key);
  if (cached) return cached;
  const b = await computeRows(
    state.baseline!,
    state.actions,
    subject,
    resources,
    now,
    job,
    state.actions.length,
    total,
  );
  if (!b) return null;
  state.baselineRows.set(key, b.rows);
  return b.rows;
}

/** The matrix of the current workspace (and the baseline's, to mark what an edit changed), with role chains. */
async function matrix(
  state: CoreState,
  subject: PrincipalOrIdentity,
  opts: { withBaseline: boolean; now: Date; resources?: string[] },
  job: JobControl,
): Promise<MatrixResult | null> {
  const pw = need(state.current);
  const { actions } = state;
  const t = clock();
  const resources = opts.resources ?? [...(pw.workspace.resources ?? [])];
  const withBase = opts.withBaseline && state.baseline !== null && state.baseline !== pw;
  const total = actions.length * (withBase ? 2 : 1);
  const now = opts.now;
  const main = await computeRows(pw, actions, subject, resources, now, job, 0, total);
  if (!main) return null;
  let base: MatrixCell[][] | undefined;
  if (withBase) {
    const b = await baselineRowsFor(state, subject, resources, now, job, total);
    if (!b) return null;
    base = b;
  }
  // Cells allowed only through a role chain (issue 11); the reached roles' rows are memoised per workspace.
  if (state.chainRowsOf?.pw !== pw || state.chainRowsOf.key !== JSON.stringify(resources))
    state.chainRowsOf = { pw, key: JSON.stringify(resources), rows: new Map() };
  const chainRows = state.chainRowsOf.rows;
  const chains = main.error
    ? null
    : rowChains(pw, subject, actions, resources, (a, x) => main.rows[a][x], { now, chainRows });
  return {
    roleArn: main.roleArn,
    principalArn: main.principalArn,
    decisions: main.rows,
    ...(chains?.cells.length ? { viaChain: chains.cells } : {}),
    ...(chains?.leaving.length ? { chainsLeaving: chains.leaving } : {}),
    ...(base ? { baseline: base } : {}),
    ...(main.error ? { error: main.error } : {}),
    ms: clock() - t,
  };
}

/** The answer to one request; a denial comes with fixes checked against the current workspace. */
function explain(state: CoreState, request: Request, now: Date, useBaseline?: boolean): Answer {
  const pw = need(useBaseline ? state.baseline : state.current);
  const answer = evaluateRequest(pw, request, { now, explain: true });
  if (useBaseline || answer.decision === 'allowed' || answer.error) return answer;
  // The audit before the fix is computed once per workspace.
  if (state.auditOf?.pw !== pw) state.auditOf = { pw, findings: auditWorkspace(pw, { now }).findings };
  return { ...answer, advice: suggestFixes(pw, request, answer, { now, audit: state.auditOf.findings }) };
}

/** "Can anyone?" one identity class at a time; a question the prover refuses is returned as an input error. */
async function prove(
  pw: PreparedWorkspace,
  question: { action: string; resource: string; maxWitnesses?: number },
  now: Date,
  job: JobControl,
): Promise<ProveAnswer | null> {
  const t = clock();
  const steps = proveSteps(
    pw,
    { action: question.action, resource: question.resource },
    { now, ...(question.maxWitnesses !== undefined ? { maxWitnesses: question.maxWitnesses } : {}) },
  );
  for (;;) {
    let step: ReturnType<typeof steps.next>;
    try {
      step = steps.next();
    } catch (e) {
      if (!(e instanceof ProveInputError)) throw e;
      return {
        kind: 'inputError',
        field: e.field,
        // The engine words its refusals for the CLI's flags; the app's fields have no "--".
        message: e.message.replace(/^--(action|resource) /, ''),
        ...(e.suggestion ? { suggestion: e.suggestion } : {}),
      };
    }
    if (step.done) return { kind: 'result', result: step.value, ms: clock() - t };
    job.progress(step.value.done, step.value.total);
    if (await job.yieldAndCheck()) return null;
  }
}

/** Creates an engine holder with the shipped catalog. */
export function createEngineCore(catalog: Catalog = loadCatalog()): EngineCore {
  const state: CoreState = {
    catalog,
    current: null,
    baseline: null,
    actions: [],
    baselineRows: new Map(),
    lastValid: new Map(),
    chainRowsOf: null,
    auditOf: null,
    fileSource: undefined,
    importSource: undefined,
  };
  const current = () => need(state.current);
  return {
    load: (ws, asBaseline, source) => load(state, ws, asBaseline, source),
    prepare: (ws, asBaseline, source) => void prepare(state, ws, asBaseline, source),
    resolve: (identity, now) => resolve(state, identity, now),
    matrix: (subject, opts, job) => matrix(state, subject, opts, job),
    explain: (request, now, useBaseline) => explain(state, request, now, useBaseline),
    audit: (now) => auditWorkspace(current(), { now }),
    whoCan: (action, resource, now) => whoCan(current(), action, resource, { now }),
    classes: (now, opts) => listIdentityClasses(current(), { now, userPools: true, ...opts }),
    reach: (identityClass, now) => reachableBy(current(), identityClass, { now }),
    diff(now) {
      const pw = current();
      if (!state.baseline || state.baseline === pw) return null;
      return diffWorkspaces(state.baseline, pw, { now });
    },
    prove: async (question, now, job) => prove(current(), question, now, job),
  };
}
