/**
 * The analysis session's steps: load a workspace, edit the draft (undo/redo, crash-recovery save), compute the role
 * resolution and the access matrix, explain a cell, and re-run the audit, change diff and who-can after edits. The
 * state lives in the small stores of stores.ts; all engine work goes to the worker (engine-client).
 */
import type {
  Answer,
  MappingRule,
  PolicyInput,
  Request,
  Workspace,
  WorkspaceSettings,
} from '../../../../../policy-engine/model/index';
import { createEngineClient, type EngineClient, type MatrixJob } from '../../../engine/engine-client';
import type { LoadSource, WorkspaceSummary } from '../../../engine/protocol';
import type { MatrixFilter } from '../../matrix/matrix-model';
import type { ClaimRow } from '../../identity/claims';
import { setMappingRules, setPolicyDocument, setSettings } from '../../editor/workspace-edit';
import { withSuppliedContext } from '../../explain/supplied-context';
import { defaultForm, subjectOf, type IdentityForm } from './identity-form';
import { createSessionStores, type CellRef, type SessionStores, type View } from './stores';

/** The pseudo-policy id of the role-mapping rules table in the policy editor. */
export const RULES_POLICY_ID = '#rules';

let engine: EngineClient | null = null;
/** The one engine worker of the window. */
export function getEngine(): EngineClient {
  engine ??= createEngineClient();
  return engine;
}

/** How long after the last edit the draft is stored for crash recovery (ms). */
export const DRAFT_SAVE_MS = 800;

/** How long typing settles before the matrix re-runs (ms). */
export const EDIT_DEBOUNCE_MS = 25;

/** Edits of the same place closer together than this (ms) are one undo step. */
export const UNDO_COALESCE_MS = 1000;

/** How long typing settles before the audit and the change diff re-run (ms): they cost more than one matrix. */
export const ANALYSIS_DEBOUNCE_MS = 300;

/** Whether an edit of place `key` at time `at` (ms) belongs to the same undo step as the last edit. */
export function joinsLastEdit(last: { key: string; at: number } | null, key: string | undefined, at: number): boolean {
  return key !== undefined && last !== null && last.key === key && at - last.at >= 0 && at - last.at < UNDO_COALESCE_MS;
}

/** The session's actions (what the views call). */
export interface SessionActions {
  /** Loads `ws` as the baseline; `source`: the file it was read from (the app then cites that file's lines). */
  init(ws: Workspace, source?: LoadSource): Promise<void>;
  setView(view: View): void;
  setForm(patch: Partial<IdentityForm>): void;
  setCompareForm(form: IdentityForm | null): void;
  setFilter(patch: Partial<MatrixFilter>): void;
  run(): void;
  cancel(): void;
  selectCell(cell: CellRef | null): Promise<void>;
  setExtraContext(key: string, value: string): void;
  explain(request: Request): Promise<Answer | null>;
  editPolicy(policyId: string, text: string): void;
  editRules(poolId: string, mappingKey: string, rules: MappingRule[]): void;
  undo(): void;
  redo(): void;
  revealPolicy(policyId: string, line: number, column?: number): void;
  setRecoverableDraft(text: string | null): void;
  /** Makes `ws` the draft over the current baseline (restoring a crash-saved draft). */
  replaceDraft(ws: Workspace): void;
  /** Changes `workspace.settings` (an edit like any other: undo, save, diff). Undefined values remove a key. */
  editSettings(patch: Partial<Record<keyof WorkspaceSettings, unknown>>): void;
  /** Opens the rules table at one rule. */
  revealRule(mappingKey: string, ruleIndex: number): void;
  /** Opens the Settings view at one setting. */
  openSetting(id: string): void;
  /** Asks who can perform an action on a resource (re-asked after each edit while shown). */
  askWhoCan(action: string, resource: string): Promise<void>;
}

/** One session: its stores and its actions. */
export type Session = SessionStores & { actions: SessionActions };

/** Calls `fn` once calls have stopped for `ms`, with the last call's arguments. */
function debounced<A extends unknown[]>(ms: number, fn: (...args: A) => void): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (...args) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function policyTexts(summary: WorkspaceSummary): Record<string, string> {
  return Object.fromEntries(summary.policies.map((p) => [p.policyId, p.text]));
}

/** Builds a session; `claimsOf` converts claim rows (injected to keep this file free of parsing details). */
export function createSession(
  claimsOf: (rows: ClaimRow[]) => Record<string, unknown>,
  onDraft?: (draft: Workspace) => Promise<unknown>,
): Session {
  const stores = createSessionStores();
  const { drafts, nav, identity, results, cell, analysis } = stores;
  const subject = (form: IdentityForm) => subjectOf(form, claimsOf);

  // The matrix jobs in flight. Each compute takes a new `loadSeq`; an answer for an older one is dropped.
  let job: MatrixJob | null = null;
  let compareJob: MatrixJob | null = null;
  let loadSeq = 0;
  let initSeq = 0;
  /** When the first edit or form change not yet on screen happened (for `lastUpdateMs`). */
  let pendingSince: number | null = null;

  /** Re-prepares the draft if needed, then resolves and computes the matrix (and the comparison). */
  const compute = async (reload: boolean) => {
    const { draft } = drafts.getState();
    const { form, compareForm } = identity.getState();
    if (!draft) return;
    const seq = ++loadSeq;
    const started = pendingSince ?? performance.now();
    pendingSince = null;
    const client = getEngine();
    try {
      if (reload) {
        const summary = await client.load(draft, false);
        if (seq !== loadSeq) return;
        results.setState({ summary });
        scheduleAnalysis();
      }
      job?.cancel();
      compareJob?.cancel();
      const now = new Date();
      const who = subject(form);
      const resolution = 'identity' in who ? client.resolve(who.identity, now) : Promise.resolve(null);
      // The trace does not wait for a long matrix.
      void resolution.then(
        (res) => seq === loadSeq && results.setState({ resolution: res }),
        () => undefined,
      );
      // A progress report that was on its way when the job was cancelled or superseded must not bring the bar back.
      const thisJob: MatrixJob = client.matrix(who, { withBaseline: drafts.getState().dirty, now }, (done, total) => {
        if (job === thisJob) results.setState({ progress: { done, total } });
      });
      job = thisJob;
      results.setState({ cancelled: false });
      let cj: MatrixJob | null = null;
      if (compareForm) {
        cj = client.matrix(subject(compareForm), { withBaseline: false, now, lane: 'compare' });
        compareJob = cj;
      }
      const [res, matrix, compare] = await Promise.all([
        resolution,
        thisJob.result,
        cj ? cj.result : Promise.resolve(null),
      ]);
      if (seq !== loadSeq || matrix === null) return;
      results.setState({
        resolution: res,
        matrix,
        compareMatrix: compare,
        progress: null,
        lastUpdateMs: performance.now() - started,
        engineError: null,
      });
      const sel = cell.getState().selected;
      if (sel) void actions.selectCell(sel);
    } catch (e) {
      results.setState({ engineError: messageOf(e), progress: null });
    }
  };
  const computeLater = debounced(EDIT_DEBOUNCE_MS, (reload: boolean) => void compute(reload));
  const schedule = (reload: boolean) => {
    pendingSince ??= performance.now();
    computeLater(reload);
  };

  // The audit, change diff and an open who-can question; the newest run wins.
  let analysisSeq = 0;
  /** Audit, change diff and an open who-can question, for the workspace the worker holds now. */
  const analyse = async () => {
    const seq = ++analysisSeq;
    const client = getEngine();
    const now = new Date();
    const { dirty } = drafts.getState();
    const q = analysis.getState().whoCan;
    analysis.setState({ analysisBusy: true });
    try {
      const [audit, diff, who] = await Promise.all([
        client.audit(now),
        dirty ? client.diff(now) : Promise.resolve(null),
        q.result && q.action && q.resource ? client.whoCan(q.action, q.resource, now) : Promise.resolve(null),
      ]);
      if (seq !== analysisSeq) return;
      analysis.setState({
        audit,
        diff,
        analysisBusy: false,
        analysisError: null,
        ...(who ? { whoCan: { ...analysis.getState().whoCan, result: who } } : {}),
      });
    } catch (e) {
      if (seq === analysisSeq) analysis.setState({ analysisBusy: false, analysisError: messageOf(e) });
    }
  };
  const analyseLater = debounced(ANALYSIS_DEBOUNCE_MS, () => void analyse());
  const scheduleAnalysis = () => {
    analysis.setState({ analysisBusy: true });
    analyseLater();
  };

  // Unsaved edits survive a crash: the draft goes to the host's draft store shortly after typing stops.
  const scheduleDraftSave = debounced(DRAFT_SAVE_MS, () => {
    const { draft, dirty } = drafts.getState();
    if (!draft || !dirty || !onDraft) return;
    void onDraft(draft).then(
      (r) => {
        const ok = !(r && typeof r === 'object' && 'ok' in r && r.ok === false);
        if (drafts.getState().draft === draft) drafts.setState({ draftKept: ok });
      },
      () => undefined,
    );
  });

  // Keystrokes in one place within UNDO_COALESCE_MS of each other are one undo step (else typing a policy would
  // take one Undo per character, and the stack's limit would lose the saved state).
  let lastEdit: { key: string; at: number } | null = null;
  /** Makes `next` the draft: one undo step (or part of the last one), then the matrix and the draft save follow. */
  const applyDraft = (next: Workspace, key?: string) => {
    const { draft, undoStack } = drafts.getState();
    const at = performance.now();
    const coalesce = undoStack.length > 0 && joinsLastEdit(lastEdit, key, at);
    lastEdit = key === undefined ? null : { key, at };
    drafts.setState({
      draft: next,
      undoStack: coalesce || !draft ? undoStack : [...undoStack.slice(-99), draft],
      redoStack: [],
      dirty: true,
      draftKept: false,
    });
    schedule(true);
    scheduleDraftSave();
  };

  const nextReveal = () => (nav.getState().reveal?.nonce ?? 0) + 1;

  const actions: SessionActions = {
    async init(ws, source) {
      const seq = ++loadSeq;
      const thisInit = ++initSeq;
      job?.cancel();
      drafts.setState({ draftKept: false, baseline: ws, draft: ws, dirty: false, undoStack: [], redoStack: [] });
      results.setState({ cancelled: false, matrix: null, compareMatrix: null, resolution: null });
      cell.setState({ selected: null, explanation: null });
      identity.setState({ form: defaultForm(ws, identity.getState().form), compareForm: null });
      analysis.setState({
        audit: null,
        diff: null,
        whoCan: { ...analysis.getState().whoCan, result: null, busy: false },
      });
      try {
        const summary = await getEngine().load(ws, true, source);
        if (thisInit !== initSeq) return;
        // The baseline's texts belong to this workspace even when an edit (a restored draft) came in meanwhile;
        // the summary then belongs to that edit, which is already being computed.
        drafts.setState({ baselineTexts: policyTexts(summary) });
        results.setState({ engineError: null });
        if (seq !== loadSeq) return;
        results.setState({ summary });
        // The first view's matrix first, then the audit: on a 2-core machine they would share the cores.
        analysis.setState({ analysisBusy: true });
        void compute(false).finally(scheduleAnalysis);
      } catch (e) {
        results.setState({ engineError: messageOf(e) });
      }
    },

    setView: (view) => nav.setState({ view }),
    setForm(patch) {
      identity.setState({ form: { ...identity.getState().form, ...patch } });
      schedule(false);
    },
    setCompareForm(form) {
      identity.setState({ compareForm: form });
      results.setState({ compareMatrix: null });
      schedule(false);
    },
    setFilter: (patch) => cell.setState({ filter: { ...cell.getState().filter, ...patch } }),
    run: () => schedule(false),
    cancel() {
      job?.cancel();
      compareJob?.cancel();
      job = null;
      compareJob = null;
      results.setState({ progress: null, cancelled: true });
    },

    async selectCell(picked) {
      cell.setState({ selected: picked });
      if (!picked) return cell.setState({ explanation: null });
      const { summary, matrix, resolution } = results.getState();
      if (!summary || !matrix) return;
      const action = summary.actions[picked.actionIndex]?.action;
      let resource = summary.resources[picked.resourceIndex];
      if (!action || resource === undefined) return;
      // A resource pattern with a policy variable stands for this identity's own resource.
      const sub = resolution?.identityId;
      if (sub) resource = resource.split('${cognito-identity.amazonaws.com:sub}').join(sub);
      const who = subject(identity.getState().form);
      const request = withSuppliedContext({ ...who, action, resource }, cell.getState().extraContext);
      cell.setState({ explaining: true });
      const answer = await actions.explain(request);
      if (cell.getState().selected === picked) cell.setState({ explanation: answer, explaining: false });
    },

    setExtraContext(key, value) {
      cell.setState({ extraContext: { ...cell.getState().extraContext, [key]: value } });
    },

    async explain(request) {
      try {
        return await getEngine().explain(request, new Date());
      } catch (e) {
        results.setState({ engineError: messageOf(e) });
        cell.setState({ explaining: false });
        return null;
      }
    },

    editPolicy(policyId, text) {
      const { draft } = drafts.getState();
      if (!draft) return;
      const r = setPolicyDocument(draft, policyId, text as PolicyInput);
      if (!r.ok) return results.setState({ engineError: r.error });
      applyDraft(r.workspace, `policy:${policyId}`);
    },

    editRules(poolId, mappingKey, rules) {
      const { draft } = drafts.getState();
      if (!draft) return;
      const r = setMappingRules(draft, poolId, mappingKey, rules);
      if (!r.ok) return results.setState({ engineError: r.error });
      applyDraft(r.workspace, `rules:${poolId}:${mappingKey}:${rules.length}`);
    },

    undo() {
      lastEdit = null;
      const { undoStack, draft, redoStack, baseline } = drafts.getState();
      const prev = undoStack.at(-1);
      if (!prev || !draft) return;
      drafts.setState({
        draft: prev,
        undoStack: undoStack.slice(0, -1),
        redoStack: [...redoStack, draft],
        dirty: prev !== baseline,
        draftKept: false,
      });
      schedule(true);
      scheduleDraftSave();
    },

    redo() {
      lastEdit = null;
      const { undoStack, draft, redoStack } = drafts.getState();
      const next = redoStack.at(-1);
      if (!next || !draft) return;
      drafts.setState({
        draft: next,
        redoStack: redoStack.slice(0, -1),
        undoStack: [...undoStack, draft],
        dirty: true,
        draftKept: false,
      });
      schedule(true);
      scheduleDraftSave();
    },

    revealPolicy(policyId, line, column) {
      const at = column === undefined ? { line } : { line, column };
      nav.setState({ view: 'policies', reveal: { policyId, ...at, nonce: nextReveal() } });
    },

    setRecoverableDraft: (text) => drafts.setState({ recoverableDraft: text }),
    replaceDraft: (ws) => applyDraft(ws),

    editSettings(patch) {
      const { draft } = drafts.getState();
      if (!draft) return;
      applyDraft(setSettings(draft, patch), `settings:${Object.keys(patch).sort().join(',')}`);
    },

    revealRule(mappingKey, ruleIndex) {
      nav.setState({
        view: 'policies',
        reveal: { policyId: RULES_POLICY_ID, line: 1, nonce: nextReveal(), mappingKey, ruleIndex },
      });
    },

    openSetting(id) {
      nav.setState({ view: 'settings', settingFocus: { id, nonce: (nav.getState().settingFocus?.nonce ?? 0) + 1 } });
    },

    async askWhoCan(action, resource) {
      analysis.setState({ whoCan: { action, resource, result: analysis.getState().whoCan.result, busy: true } });
      try {
        const result = await getEngine().whoCan(action, resource, new Date());
        const q = analysis.getState().whoCan;
        if (q.action === action && q.resource === resource)
          analysis.setState({ whoCan: { action, resource, result, busy: false } });
      } catch (e) {
        analysis.setState({ whoCan: { ...analysis.getState().whoCan, busy: false } });
        results.setState({ engineError: messageOf(e) });
      }
    },
  };

  return { ...stores, actions };
}
