/**
 * The analysis session's steps: load a workspace, edit the draft (undo/redo, crash-recovery save: draft-history.ts),
 * compute the role resolution and the access matrix (matrix-run.ts), explain a cell, and re-run the audit, change diff
 * and who-can after edits (analysis-run.ts). The state lives in the small stores of stores.ts; all engine work goes to
 * the worker (engine-client). createSession wires these steps into the actions the views call.
 */
import type {
  Answer,
  MappingRule,
  PolicyInput,
  Request,
  Workspace,
  WorkspaceSettings,
} from '../../../../../policy-engine/model/index';
import type { LoadSource, PrincipalOrIdentity as Subject, WorkspaceSummary } from '../../../engine/protocol';
import type { MatrixFilter } from '../../matrix/matrix-model';
import type { ClaimRow } from '../../identity/claims';
import { setMappingRules, setPolicyDocument, setSettings, type EditResult } from '../../editor/workspace-edit';
import { withSuppliedContext } from '../../explain/supplied-context';
import { withRequestInputs, type RequestInputs } from '../../explain/request-inputs';
import { defaultForm, subjectOf, type IdentityForm } from './identity-form';
import { createSessionStores, type CellRef, type SessionStores, type View } from './stores';
import { getEngine, messageOf } from './shared';
import { createMatrixRun, type MatrixRun } from './matrix-run';
import { createAnalysisRun } from './analysis-run';
import { createDraftHistory } from './draft-history';

/** The pseudo-policy id of the role-mapping rules table in the policy editor. */
export const RULES_POLICY_ID = '#rules';

export { getEngine };
export { EDIT_DEBOUNCE_MS } from './matrix-run';
export { ANALYSIS_DEBOUNCE_MS } from './analysis-run';
export { DRAFT_SAVE_MS, joinsLastEdit, UNDO_COALESCE_MS } from './draft-history';

/** The session's actions (what the views call). */
export interface SessionActions {
  /**
   * Loads `ws` as the baseline; `source`: the file it was read from, or the files an import read (the app then cites
   * their lines).
   */
  init(ws: Workspace, source?: LoadSource): Promise<void>;
  setView(view: View): void;
  setForm(patch: Partial<IdentityForm>): void;
  setCompareForm(form: IdentityForm | null): void;
  setFilter(patch: Partial<MatrixFilter>): void;
  run(): void;
  cancel(): void;
  selectCell(cell: CellRef | null): Promise<void>;
  setExtraContext(key: string, value: string): void;
  /** Changes the S3 request inputs (operation, objectKmsKeyArn) and re-explains the selected cell at once. */
  setRequestInput(patch: Partial<RequestInputs>): Promise<void>;
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

function policyTexts(summary: WorkspaceSummary): Record<string, string> {
  return Object.fromEntries(summary.policies.map((p) => [p.policyId, p.text]));
}

/** Where the views go: a view, a policy line, a rule of the rules table, a setting. */
function navActions({ nav }: SessionStores) {
  const nextReveal = () => (nav.getState().reveal?.nonce ?? 0) + 1;
  return {
    setView: (view: View) => nav.setState({ view }),
    revealPolicy(policyId: string, line: number, column?: number) {
      const at = column === undefined ? { line } : { line, column };
      nav.setState({ view: 'policies', reveal: { policyId, ...at, nonce: nextReveal() } });
    },
    revealRule(mappingKey: string, ruleIndex: number) {
      nav.setState({
        view: 'policies',
        reveal: { policyId: RULES_POLICY_ID, line: 1, nonce: nextReveal(), mappingKey, ruleIndex },
      });
    },
    openSetting(id: string) {
      nav.setState({ view: 'settings', settingFocus: { id, nonce: (nav.getState().settingFocus?.nonce ?? 0) + 1 } });
    },
  } satisfies Partial<SessionActions>;
}

/** The matrix cell: the filter, the cell picked and its explanation (with the context keys the user supplied). */
function cellActions({ results, cell, identity }: SessionStores, subject: (form: IdentityForm) => Subject) {
  const explain = async (request: Request): Promise<Answer | null> => {
    try {
      return await getEngine().explain(request, new Date());
    } catch (e) {
      results.setState({ engineError: messageOf(e) });
      cell.setState({ explaining: false });
      return null;
    }
  };
  // Each explanation asked is numbered: only the latest one asked is shown (typing asks one per key press).
  let asked = 0;
  const actions = {
    setFilter: (patch: Partial<MatrixFilter>) => cell.setState({ filter: { ...cell.getState().filter, ...patch } }),
    async selectCell(picked: CellRef | null) {
      const seq = ++asked;
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
      const { extraContext, requestInputs } = cell.getState();
      const request = withRequestInputs(withSuppliedContext({ ...who, action, resource }, extraContext), requestInputs);
      cell.setState({ explaining: true });
      const answer = await explain(request);
      if (cell.getState().selected === picked && seq === asked)
        cell.setState({ explanation: answer, explaining: false });
    },
    setExtraContext(key: string, value: string) {
      cell.setState({ extraContext: { ...cell.getState().extraContext, [key]: value } });
    },
    async setRequestInput(patch: Partial<RequestInputs>) {
      cell.setState({ requestInputs: { ...cell.getState().requestInputs, ...patch } });
      await actions.selectCell(cell.getState().selected);
    },
    explain,
  } satisfies Partial<SessionActions>;
  return actions;
}

/** The identity form(s): a change re-runs the matrix (the comparison's is dropped until it is computed again). */
function formActions({ identity, results }: SessionStores, run: MatrixRun) {
  return {
    setForm(patch: Partial<IdentityForm>) {
      identity.setState({ form: { ...identity.getState().form, ...patch } });
      run.schedule(false);
    },
    setCompareForm(form: IdentityForm | null) {
      identity.setState({ compareForm: form });
      results.setState({ compareMatrix: null });
      run.schedule(false);
    },
    run: () => run.schedule(false),
    cancel: () => run.cancel(),
  } satisfies Partial<SessionActions>;
}

/** Edits of the draft (policies, rules, settings, a restored draft), undo and redo; a failed edit is reported. */
function editActions({ drafts, results }: SessionStores, history: ReturnType<typeof createDraftHistory>) {
  /** Applies an edit of the draft that may fail (e.g. a policy text that is not valid JSON). */
  const edit = (change: (draft: Workspace) => EditResult, key: string) => {
    const { draft } = drafts.getState();
    if (!draft) return;
    const r = change(draft);
    if (!r.ok) return results.setState({ engineError: r.error });
    history.apply(r.workspace, key);
  };
  return {
    editPolicy(policyId: string, text: string) {
      edit((d) => setPolicyDocument(d, policyId, text as PolicyInput), `policy:${policyId}`);
    },
    editRules(poolId: string, mappingKey: string, rules: MappingRule[]) {
      edit((d) => setMappingRules(d, poolId, mappingKey, rules), `rules:${poolId}:${mappingKey}:${rules.length}`);
    },
    editSettings(patch: Partial<Record<keyof WorkspaceSettings, unknown>>) {
      const { draft } = drafts.getState();
      if (!draft) return;
      history.apply(setSettings(draft, patch), `settings:${Object.keys(patch).sort().join(',')}`);
    },
    replaceDraft: (ws: Workspace) => history.apply(ws),
    setRecoverableDraft: (text: string | null) => drafts.setState({ recoverableDraft: text }),
    undo: () => history.undo(),
    redo: () => history.redo(),
  } satisfies Partial<SessionActions>;
}

/**
 * Loads `ws` as the baseline: every store starts over, the engine prepares it, then the first view's matrix is
 * computed and the audit follows (on a 2-core machine they would share the cores).
 */
function loadAction(stores: SessionStores, run: MatrixRun, analyses: ReturnType<typeof createAnalysisRun>) {
  const { drafts, results, cell, identity, analysis } = stores;
  let initSeq = 0;
  return async (ws: Workspace, source?: LoadSource) => {
    const seq = run.beginLoad();
    const thisInit = ++initSeq;
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
      if (!run.isCurrent(seq)) return;
      results.setState({ summary });
      analysis.setState({ analysisBusy: true });
      void run.compute(false).finally(analyses.schedule);
    } catch (e) {
      results.setState({ engineError: messageOf(e) });
    }
  };
}

/** Builds a session; `claimsOf` converts claim rows (injected to keep this file free of parsing details). */
export function createSession(
  claimsOf: (rows: ClaimRow[]) => Record<string, unknown>,
  onDraft?: (draft: Workspace) => Promise<unknown>,
): Session {
  const stores = createSessionStores();
  const subject = (form: IdentityForm) => subjectOf(form, claimsOf);
  const analyses = createAnalysisRun(stores);
  const cellSteps = cellActions(stores, subject);
  const run = createMatrixRun(stores, subject, {
    afterReload: analyses.schedule,
    reselect: (sel) => void cellSteps.selectCell(sel),
  });
  const history = createDraftHistory(stores.drafts, () => run.schedule(true), onDraft);
  const actions: SessionActions = {
    init: loadAction(stores, run, analyses),
    ...navActions(stores),
    ...formActions(stores, run),
    ...cellSteps,
    ...editActions(stores, history),
    askWhoCan: analyses.askWhoCan,
  };
  return { ...stores, actions };
}
