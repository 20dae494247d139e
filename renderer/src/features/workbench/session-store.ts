/**
 * The analysis session's public surface: the workspace being edited (a draft over the loaded baseline), who is asking
 * (a Cognito identity or an IAM principal), the role resolution, the access matrix and the explanation of the chosen
 * cell. The state is split into small stores by concern (session/stores.ts), the steps that change them are in
 * session/session.ts, and the identity form's pure helpers in session/identity-form.ts. The window's one session is
 * in use-session.ts; components read it with selectors, e.g. `useResults((s) => s.matrix)`.
 */
export { defaultForm, exampleClaims, identityOf, type IdentityForm } from './session/identity-form';
export { type AnalysisState, type CellRef, type Reveal, type View, type WhoCanState } from './session/stores';
export {
  ANALYSIS_DEBOUNCE_MS,
  createSession,
  EDIT_DEBOUNCE_MS,
  getEngine,
  joinsLastEdit,
  RULES_POLICY_ID,
  UNDO_COALESCE_MS,
} from './session/session';
