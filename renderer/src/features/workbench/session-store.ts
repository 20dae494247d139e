/**
 * The analysis session's public surface: the workspace being edited (a draft over the loaded baseline), who is asking
 * (a Cognito identity or an IAM principal), the role resolution, the access matrix and the explanation of the chosen
 * cell. The state is split into small stores by concern (session/stores.ts), the steps that change them are in
 * session/session.ts, and the identity form's pure helpers in session/identity-form.ts. The window's one session is
 * in use-session.ts; components read it with selectors, e.g. `useResults((s) => s.matrix)`.
 */
export { defaultForm, exampleClaims, identityOf, subjectOf, type IdentityForm } from './session/identity-form';
export {
  createSessionStores,
  type AnalysisState,
  type CellRef,
  type CellState,
  type DraftsState,
  type IdentityState,
  type NavState,
  type ResultsState,
  type Reveal,
  type SessionStores,
  type View,
  type WhoCanState,
} from './session/stores';
export {
  ANALYSIS_DEBOUNCE_MS,
  createSession,
  DRAFT_SAVE_MS,
  EDIT_DEBOUNCE_MS,
  getEngine,
  joinsLastEdit,
  RULES_POLICY_ID,
  UNDO_COALESCE_MS,
  type Session,
  type SessionActions,
} from './session/session';
