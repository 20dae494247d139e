/**
 * The window's one analysis session (see session-store.ts).
 */
import { rowsToClaims } from '../identity/claims';
import { createSessionStore } from './session-store';

/** The session store hook. */
export const useSession = createSessionStore(rowsToClaims);
