/**
 * The analysis session: the workspace being edited (a draft over the loaded baseline), who is asking (a Cognito
 * identity or an IAM principal), the role resolution, the access matrix and the explanation of the chosen cell.
 * All engine work goes to the worker (engine-client); this store only orchestrates and keeps UI state.
 */
import { create } from 'zustand';
import type {
  Answer,
  IdentityInput,
  Request,
  MappingRule,
  PolicyInput,
  Workspace,
  WorkspaceSettings,
} from '../../../../policy-engine/model/index';
import { configuredProviders } from '../../../../policy-engine/cognito/index';
import { createEngineClient, type EngineClient, type MatrixJob } from '../../engine/engine-client';
import type {
  AuditResult,
  MatrixResult,
  ResolutionView,
  PrincipalOrIdentity,
  WhoCanResult,
  WorkspaceDiff,
  WorkspaceSummary,
} from '../../engine/protocol';
import { noFilter, type MatrixFilter } from '../matrix/matrix-model';
import { isArrayClaim, type ClaimRow } from '../identity/claims';
import { setMappingRules, setPolicyDocument, setSettings } from '../editor/workspace-edit';
import { withSuppliedContext } from '../explain/supplied-context';

/** The main views. */
export type View =
  | 'explorer'
  | 'identity'
  | 'access'
  | 'whoCan'
  | 'canAnyone'
  | 'findings'
  | 'changes'
  | 'policies'
  | 'debug'
  | 'problems'
  | 'settings';

/** The identity form, as the user fills it in. */
export interface IdentityForm {
  kind: 'identity' | 'principal';
  poolId: string;
  /** The Logins key; '' for a guest. */
  provider: string;
  claimsMode: 'claims' | 'token';
  claimRows: ClaimRow[];
  token: string;
  customRoleArn: string;
  /** The identity id (cognito-identity.amazonaws.com:sub) to use, e.g. one from a real log; '' or absent: derived. */
  identityId?: string;
  flow: 'enhanced' | 'basic';
  /** Basic flow only. */
  basicRoleArn: string;
  /** kind = principal: a role, user or session ARN. */
  principalArn: string;
}

/** A cell the user picked. */
export interface CellRef {
  actionIndex: number;
  resourceIndex: number;
}

/** Where the policy editor should show a location. */
export interface Reveal {
  policyId: string;
  line: number;
  /** Bumps so revealing the same place twice still scrolls. */
  nonce: number;
  /** For the role-mapping rules table: the mapping and the rule to focus. */
  mappingKey?: string;
  ruleIndex?: number;
}

/** The who-can question and its answer. */
export interface WhoCanState {
  action: string;
  resource: string;
  result: WhoCanResult | null;
  busy: boolean;
}

/** The session store's state. */
export interface SessionState {
  baseline: Workspace | null;
  draft: Workspace | null;
  summary: WorkspaceSummary | null;
  /** Policy texts of the baseline, to diff and revert. */
  baselineTexts: Record<string, string>;
  undoStack: Workspace[];
  redoStack: Workspace[];
  dirty: boolean;
  view: View;
  form: IdentityForm;
  /** The second identity of a side-by-side comparison. */
  compareForm: IdentityForm | null;
  resolution: ResolutionView | null;
  matrix: MatrixResult | null;
  compareMatrix: MatrixResult | null;
  progress: { done: number; total: number } | null;
  /** The user cancelled the matrix: the one on screen (if any) is not for the current workspace and identity. */
  cancelled: boolean;
  /** Milliseconds from the last edit (or form change) to the matrix on screen. */
  lastUpdateMs: number | null;
  filter: MatrixFilter;
  selected: CellRef | null;
  explanation: Answer | null;
  explaining: boolean;
  /** Context keys the user supplied for the selected cell. */
  extraContext: Record<string, string>;
  reveal: Reveal | null;
  engineError: string | null;
  /** Set by `init`: a crash-saved draft that differs from the file. */
  recoverableDraft: string | null;
  /** The audit of the draft (recomputed, debounced, after each edit). */
  audit: AuditResult | null;
  /** The draft against the saved baseline (null when there are no unsaved edits). */
  diff: WorkspaceDiff | null;
  /** Whether the audit / diff are being recomputed. */
  analysisBusy: boolean;
  analysisError: string | null;
  whoCan: WhoCanState;
  /** The setting the Settings view should focus (from an assumption's link). */
  settingFocus: { id: string; nonce: number } | null;
  /** Whether the current unsaved edits are stored for crash recovery. */
  draftKept: boolean;

  init(ws: Workspace): Promise<void>;
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
  revealPolicy(policyId: string, line: number): void;
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

let engine: EngineClient | null = null;
/** The pseudo-policy id of the role-mapping rules table in the policy editor. */
export const RULES_POLICY_ID = '#rules';

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

/** Whether an edit of place `key` at time `at` (ms) belongs to the same undo step as the last edit. */
export function joinsLastEdit(last: { key: string; at: number } | null, key: string | undefined, at: number): boolean {
  return key !== undefined && last !== null && last.key === key && at - last.at >= 0 && at - last.at < UNDO_COALESCE_MS;
}

/** How long typing settles before the audit and the change diff re-run (ms): they cost more than one matrix. */
export const ANALYSIS_DEBOUNCE_MS = 300;

/** A blank form for a workspace: its first pool, that pool's first provider, example claims. */
export function defaultForm(ws: Workspace | null, previous?: IdentityForm): IdentityForm {
  const pools = ws?.identityPools ?? [];
  const keep = previous && pools.some((p) => p.IdentityPoolId === previous.poolId);
  if (keep) return previous;
  const pool = pools[0];
  const base: IdentityForm = {
    kind: 'identity',
    poolId: pool?.IdentityPoolId ?? '',
    provider: '',
    claimsMode: 'claims',
    claimRows: [],
    token: '',
    customRoleArn: '',
    flow: 'enhanced',
    basicRoleArn: '',
    principalArn: '',
  };
  if (!pool) {
    const role = ws?.iam?.RoleDetailList?.[0]?.Arn ?? '';
    return { ...base, kind: 'principal', principalArn: role };
  }
  const provider = configuredProviders(pool)[0];
  if (!provider) return base;
  return {
    ...base,
    provider: provider.loginsKey,
    claimRows: exampleClaims(provider.kind, provider.loginsKey, provider.clientIds[0]),
  };
}

/** Example claims for a provider, so the form starts from something that resolves. */
export function exampleClaims(kind: string, loginsKey: string, clientId: string | undefined): ClaimRow[] {
  const row = (key: string, value: string): ClaimRow => ({ key, value, array: isArrayClaim(key) });
  const rows = [row('sub', '8f4e2c1a-0000-4000-8000-000000000001')];
  if (clientId) rows.push(row('aud', clientId));
  if (kind === 'userPool')
    rows.push(
      row('iss', `https://${loginsKey}`),
      row('token_use', 'id'),
      row('cognito:groups', ''),
      row('email', 'dev@example.com'),
    );
  else if (kind === 'google') rows.push(row('iss', 'https://accounts.google.com'), row('email', 'dev@example.com'));
  else if (kind === 'oidc') rows.push(row('iss', `https://${loginsKey}`));
  return rows;
}

/** The identity input the form stands for. */
export function identityOf(
  form: IdentityForm,
  rowsToClaims: (rows: ClaimRow[]) => Record<string, unknown>,
): IdentityInput {
  const id: IdentityInput = { identityPoolId: form.poolId, provider: form.provider || null };
  if (form.provider) {
    if (form.claimsMode === 'token' && form.token.trim()) id.token = form.token.trim();
    else id.claims = rowsToClaims(form.claimRows);
  }
  if (form.customRoleArn.trim()) id.customRoleArn = form.customRoleArn.trim();
  if (form.identityId?.trim()) id.identityId = form.identityId.trim();
  if (form.flow === 'basic') {
    id.flow = 'basic';
    if (form.basicRoleArn.trim()) id.roleArn = form.basicRoleArn.trim();
  }
  return id;
}

function policyTexts(summary: WorkspaceSummary): Record<string, string> {
  return Object.fromEntries(summary.policies.map((p) => [p.policyId, p.text]));
}

/** Builds the session store; `claimsOf` converts claim rows (injected to keep this file free of parsing details). */
export function createSessionStore(
  claimsOf: (rows: ClaimRow[]) => Record<string, unknown>,
  onDraft?: (draft: Workspace) => Promise<unknown>,
) {
  let job: MatrixJob | null = null;
  let compareJob: MatrixJob | null = null;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let pendingSince: number | null = null;
  let loadSeq = 0;
  let initSeq = 0;
  let analysisTimer: ReturnType<typeof setTimeout> | null = null;
  let analysisSeq = 0;

  return create<SessionState>((set, get) => {
    const subjectOf = (form: IdentityForm): PrincipalOrIdentity =>
      form.kind === 'principal' ? { principal: form.principalArn.trim() } : { identity: identityOf(form, claimsOf) };

    /** Re-prepares the draft if needed, then resolves and computes the matrix (and the comparison). */
    const compute = async (reload: boolean) => {
      const { draft, form, compareForm } = get();
      if (!draft) return;
      const seq = ++loadSeq;
      const started = pendingSince ?? performance.now();
      pendingSince = null;
      const client = getEngine();
      try {
        if (reload) {
          const summary = await client.load(draft, false);
          if (seq !== loadSeq) return;
          set({ summary });
          scheduleAnalysis();
        }
        job?.cancel();
        compareJob?.cancel();
        const now = new Date();
        const subject = subjectOf(form);
        const resolution =
          subject && 'identity' in subject ? client.resolve(subject.identity, now) : Promise.resolve(null);
        // The trace does not wait for a long matrix.
        void resolution.then(
          (res) => seq === loadSeq && set({ resolution: res }),
          () => undefined,
        );
        // A progress report that was on its way when the job was cancelled or superseded must not bring the bar back.
        const thisJob: MatrixJob = client.matrix(subject, { withBaseline: get().dirty, now }, (done, total) => {
          if (job === thisJob) set({ progress: { done, total } });
        });
        job = thisJob;
        set({ cancelled: false });
        let cj: MatrixJob | null = null;
        if (compareForm) {
          cj = client.matrix(subjectOf(compareForm), { withBaseline: false, now, lane: 'compare' });
          compareJob = cj;
        }
        const [res, matrix, compare] = await Promise.all([
          resolution,
          thisJob.result,
          cj ? cj.result : Promise.resolve(null),
        ]);
        if (seq !== loadSeq || matrix === null) return;
        set({
          resolution: res,
          matrix,
          compareMatrix: compare,
          progress: null,
          lastUpdateMs: performance.now() - started,
          engineError: null,
        });
        const sel = get().selected;
        if (sel) void get().selectCell(sel);
      } catch (e) {
        set({ engineError: e instanceof Error ? e.message : String(e), progress: null });
      }
    };

    /** Audit, change diff and an open who-can question, for the workspace the worker holds now. */
    const analyse = async () => {
      const seq = ++analysisSeq;
      const client = getEngine();
      const now = new Date();
      const { dirty, whoCan: q } = get();
      set({ analysisBusy: true });
      try {
        const [audit, diff, who] = await Promise.all([
          client.audit(now),
          dirty ? client.diff(now) : Promise.resolve(null),
          q.result && q.action && q.resource ? client.whoCan(q.action, q.resource, now) : Promise.resolve(null),
        ]);
        if (seq !== analysisSeq) return;
        set({
          audit,
          diff,
          analysisBusy: false,
          analysisError: null,
          ...(who ? { whoCan: { ...get().whoCan, result: who } } : {}),
        });
      } catch (e) {
        if (seq === analysisSeq)
          set({ analysisBusy: false, analysisError: e instanceof Error ? e.message : String(e) });
      }
    };

    const scheduleAnalysis = () => {
      if (analysisTimer) clearTimeout(analysisTimer);
      set({ analysisBusy: true });
      analysisTimer = setTimeout(() => {
        analysisTimer = null;
        void analyse();
      }, ANALYSIS_DEBOUNCE_MS);
    };

    const schedule = (reload: boolean) => {
      pendingSince ??= performance.now();
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        void compute(reload);
      }, EDIT_DEBOUNCE_MS);
    };

    // Keystrokes in one place within UNDO_COALESCE_MS of each other are one undo step (else typing a policy would
    // take one Undo per character, and the stack's limit would lose the saved state).
    let lastEdit: { key: string; at: number } | null = null;
    const applyDraft = (next: Workspace, key?: string) => {
      const { draft, undoStack } = get();
      const at = performance.now();
      const coalesce = undoStack.length > 0 && joinsLastEdit(lastEdit, key, at);
      lastEdit = key === undefined ? null : { key, at };
      set({
        draft: next,
        undoStack: coalesce || !draft ? undoStack : [...undoStack.slice(-99), draft],
        redoStack: [],
        dirty: true,
        draftKept: false,
      });
      schedule(true);
      scheduleDraftSave();
    };

    // Unsaved edits survive a crash: the draft goes to the host's draft store shortly after typing stops.
    let draftTimer: ReturnType<typeof setTimeout> | null = null;
    const scheduleDraftSave = () => {
      if (draftTimer) clearTimeout(draftTimer);
      draftTimer = setTimeout(() => {
        draftTimer = null;
        const { draft, dirty } = get();
        if (!draft || !dirty || !onDraft) return;
        void onDraft(draft).then(
          (r) => {
            const ok = !(r && typeof r === 'object' && 'ok' in r && r.ok === false);
            if (get().draft === draft) set({ draftKept: ok });
          },
          () => undefined,
        );
      }, DRAFT_SAVE_MS);
    };

    return {
      baseline: null,
      draft: null,
      summary: null,
      baselineTexts: {},
      undoStack: [],
      redoStack: [],
      dirty: false,
      view: 'access',
      form: defaultForm(null),
      compareForm: null,
      resolution: null,
      matrix: null,
      compareMatrix: null,
      progress: null,
      cancelled: false,
      lastUpdateMs: null,
      filter: { ...noFilter, hideNotApplicable: true },
      selected: null,
      explanation: null,
      explaining: false,
      extraContext: {},
      reveal: null,
      engineError: null,
      recoverableDraft: null,
      audit: null,
      diff: null,
      analysisBusy: false,
      analysisError: null,
      whoCan: { action: '', resource: '', result: null, busy: false },
      settingFocus: null,
      draftKept: false,

      async init(ws) {
        const seq = ++loadSeq;
        const thisInit = ++initSeq;
        job?.cancel();
        set({
          draftKept: false,
          cancelled: false,
          baseline: ws,
          draft: ws,
          dirty: false,
          undoStack: [],
          redoStack: [],
          matrix: null,
          compareMatrix: null,
          resolution: null,
          selected: null,
          explanation: null,
          form: defaultForm(ws, get().form),
          compareForm: null,
          audit: null,
          diff: null,
          whoCan: { ...get().whoCan, result: null, busy: false },
        });
        try {
          const summary = await getEngine().load(ws, true);
          if (thisInit !== initSeq) return;
          // The baseline's texts belong to this workspace even when an edit (a restored draft) came in meanwhile;
          // the summary then belongs to that edit, which is already being computed.
          set({ baselineTexts: policyTexts(summary), engineError: null });
          if (seq !== loadSeq) return;
          set({ summary });
          scheduleAnalysis();
          void compute(false);
        } catch (e) {
          set({ engineError: e instanceof Error ? e.message : String(e) });
        }
      },

      setView: (view) => set({ view }),
      setForm(patch) {
        set({ form: { ...get().form, ...patch } });
        schedule(false);
      },
      setCompareForm(form) {
        set({ compareForm: form, compareMatrix: null });
        schedule(false);
      },
      setFilter: (patch) => set({ filter: { ...get().filter, ...patch } }),
      run: () => schedule(false),
      cancel() {
        job?.cancel();
        compareJob?.cancel();
        job = null;
        compareJob = null;
        set({ progress: null, cancelled: true });
      },

      async selectCell(cell) {
        set({ selected: cell });
        if (!cell) return set({ explanation: null });
        const { summary, form, matrix } = get();
        if (!summary || !matrix) return;
        const action = summary.actions[cell.actionIndex]?.action;
        let resource = summary.resources[cell.resourceIndex];
        if (!action || resource === undefined) return;
        // A resource pattern with a policy variable stands for this identity's own resource.
        const sub = get().resolution?.identityId;
        if (sub) resource = resource.split('${cognito-identity.amazonaws.com:sub}').join(sub);
        const subject = subjectOf(form);
        const request = withSuppliedContext({ ...subject, action, resource }, get().extraContext);
        set({ explaining: true });
        const answer = await get().explain(request);
        if (get().selected === cell) set({ explanation: answer, explaining: false });
      },

      setExtraContext(key, value) {
        set({ extraContext: { ...get().extraContext, [key]: value } });
      },

      async explain(request) {
        try {
          return await getEngine().explain(request, new Date());
        } catch (e) {
          set({ engineError: e instanceof Error ? e.message : String(e), explaining: false });
          return null;
        }
      },

      editPolicy(policyId, text) {
        const { draft } = get();
        if (!draft) return;
        const r = setPolicyDocument(draft, policyId, text as PolicyInput);
        if (!r.ok) return set({ engineError: r.error });
        applyDraft(r.workspace, `policy:${policyId}`);
      },

      editRules(poolId, mappingKey, rules) {
        const { draft } = get();
        if (!draft) return;
        const r = setMappingRules(draft, poolId, mappingKey, rules);
        if (!r.ok) return set({ engineError: r.error });
        applyDraft(r.workspace, `rules:${poolId}:${mappingKey}:${rules.length}`);
      },

      undo() {
        lastEdit = null;
        const { undoStack, draft, redoStack, baseline } = get();
        const prev = undoStack.at(-1);
        if (!prev || !draft) return;
        set({
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
        const { undoStack, draft, redoStack } = get();
        const next = redoStack.at(-1);
        if (!next || !draft) return;
        set({
          draft: next,
          redoStack: redoStack.slice(0, -1),
          undoStack: [...undoStack, draft],
          dirty: true,
          draftKept: false,
        });
        schedule(true);
        scheduleDraftSave();
      },

      revealPolicy(policyId, line) {
        set({ view: 'policies', reveal: { policyId, line, nonce: (get().reveal?.nonce ?? 0) + 1 } });
      },

      setRecoverableDraft: (text) => set({ recoverableDraft: text }),
      replaceDraft: (ws) => applyDraft(ws),

      editSettings(patch) {
        const { draft } = get();
        if (!draft) return;
        applyDraft(setSettings(draft, patch), `settings:${Object.keys(patch).sort().join(',')}`);
      },

      revealRule(mappingKey, ruleIndex) {
        set({
          view: 'policies',
          reveal: { policyId: RULES_POLICY_ID, line: 1, nonce: (get().reveal?.nonce ?? 0) + 1, mappingKey, ruleIndex },
        });
      },

      openSetting(id) {
        set({ view: 'settings', settingFocus: { id, nonce: (get().settingFocus?.nonce ?? 0) + 1 } });
      },

      async askWhoCan(action, resource) {
        set({ whoCan: { action, resource, result: get().whoCan.result, busy: true } });
        try {
          const result = await getEngine().whoCan(action, resource, new Date());
          const q = get().whoCan;
          if (q.action === action && q.resource === resource)
            set({ whoCan: { action, resource, result, busy: false } });
        } catch (e) {
          set({ whoCan: { ...get().whoCan, busy: false }, engineError: e instanceof Error ? e.message : String(e) });
        }
      },
    };
  });
}
