/**
 * The session's state, one small store per concern. Each store holds data only; the steps that change several of
 * them at once (load, edit, compute, explain) are in session.ts. Components read one field at a time with a selector
 * (`useResults((s) => s.matrix)`), so a view re-renders only when what it shows changed.
 *
 * Where new state goes: into the store of its concern below (or a new small store beside them, created in
 * `createSessionStores`), with the step that sets it in session.ts.
 */
import { create } from 'zustand';
import type { Answer, Workspace } from '../../../../../policy-engine/model/index';
import type {
  AuditResult,
  MatrixResult,
  ResolutionView,
  WhoCanResult,
  WorkspaceDiff,
  WorkspaceSummary,
} from '../../../engine/protocol';
import { noFilter, type MatrixFilter } from '../../matrix/matrix-model';
import { defaultForm, type IdentityForm } from './identity-form';
import { NO_REQUEST_INPUTS, type RequestInputs } from '../../explain/request-inputs';

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

/** A cell the user picked. */
export interface CellRef {
  actionIndex: number;
  resourceIndex: number;
}

/** Where the policy editor should show a location. */
export interface Reveal {
  policyId: string;
  line: number;
  /** The column on `line` (a file column), when the place is known exactly (a statement inside a JSON string). */
  column?: number;
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

/** The workspace being edited: a draft over the loaded baseline, with its undo history. */
export interface DraftsState {
  baseline: Workspace | null;
  draft: Workspace | null;
  /** Policy texts of the baseline, to diff and revert. */
  baselineTexts: Record<string, string>;
  undoStack: Workspace[];
  redoStack: Workspace[];
  dirty: boolean;
  /** Whether the current unsaved edits are stored for crash recovery. */
  draftKept: boolean;
  /** Set by `init`: a crash-saved draft that differs from the file. */
  recoverableDraft: string | null;
}

/** Which view is shown, and where it should go (a policy line, a rule, a setting). */
export interface NavState {
  view: View;
  reveal: Reveal | null;
  /** The setting the Settings view should focus (from an assumption's link). */
  settingFocus: { id: string; nonce: number } | null;
}

/** Who is asking: the identity form, and the second one of a side-by-side comparison. */
export interface IdentityState {
  form: IdentityForm;
  /** The second identity of a side-by-side comparison. */
  compareForm: IdentityForm | null;
}

/** What the engine worker computed for the draft and the form: summary, role resolution, matrix. */
export interface ResultsState {
  summary: WorkspaceSummary | null;
  resolution: ResolutionView | null;
  matrix: MatrixResult | null;
  compareMatrix: MatrixResult | null;
  progress: { done: number; total: number } | null;
  /** The user cancelled the matrix: the one on screen (if any) is not for the current workspace and identity. */
  cancelled: boolean;
  /** Milliseconds from the last edit (or form change) to the matrix on screen. */
  lastUpdateMs: number | null;
  engineError: string | null;
}

/** The matrix as the user looks at it: the filter, the picked cell and its explanation. */
export interface CellState {
  filter: MatrixFilter;
  selected: CellRef | null;
  explanation: Answer | null;
  explaining: boolean;
  /** Context keys the user supplied for the selected cell. */
  extraContext: Record<string, string>;
  /** The S3 request inputs the user supplied (multipart operation, the object's key): explain/request-inputs.ts. */
  requestInputs: RequestInputs;
}

/** The slower analyses of the draft, recomputed (debounced) after each edit: audit, change diff, who-can. */
export interface AnalysisState {
  /** The audit of the draft. */
  audit: AuditResult | null;
  /** The draft against the saved baseline (null when there are no unsaved edits). */
  diff: WorkspaceDiff | null;
  /** Whether the audit / diff are being recomputed. */
  analysisBusy: boolean;
  analysisError: string | null;
  whoCan: WhoCanState;
}

/** The stores of one session, each a zustand hook (`useX(selector)`, `useX.getState()`, `useX.setState()`). */
export function createSessionStores() {
  return {
    drafts: create<DraftsState>(() => ({
      baseline: null,
      draft: null,
      baselineTexts: {},
      undoStack: [],
      redoStack: [],
      dirty: false,
      draftKept: false,
      recoverableDraft: null,
    })),
    nav: create<NavState>(() => ({ view: 'access', reveal: null, settingFocus: null })),
    identity: create<IdentityState>(() => ({ form: defaultForm(null), compareForm: null })),
    results: create<ResultsState>(() => ({
      summary: null,
      resolution: null,
      matrix: null,
      compareMatrix: null,
      progress: null,
      cancelled: false,
      lastUpdateMs: null,
      engineError: null,
    })),
    cell: create<CellState>(() => ({
      filter: { ...noFilter, hideNotApplicable: true },
      selected: null,
      explanation: null,
      explaining: false,
      extraContext: {},
      requestInputs: NO_REQUEST_INPUTS,
    })),
    analysis: create<AnalysisState>(() => ({
      audit: null,
      diff: null,
      analysisBusy: false,
      analysisError: null,
      whoCan: { action: '', resource: '', result: null, busy: false },
    })),
  };
}

/** The stores of one session. */
export type SessionStores = ReturnType<typeof createSessionStores>;
