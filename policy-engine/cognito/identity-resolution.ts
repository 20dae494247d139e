/**
 * The full resolution of one Cognito identity, as resolve-identity.ts returns it and userpool/resolve-user.ts builds
 * it for a user-pool user. Its own file so that the user-pool side need not import resolve-identity.ts, which
 * imports it.
 */
import type { Assumption, MatchedStatement, Resolution, StatementTrace } from '../model/request';
import type { CallerPrincipal } from '../evaluate/types';

/** The full resolution of one identity (see index.ts). */
export interface IdentityResolution {
  resolution: Resolution;
  roleArn: string | null;
  identityId: string;
  principal: CallerPrincipal | null;
  assumptions: Assumption[];
  notes: string[];
  claims: Record<string, unknown>;
  trustStatements?: StatementTrace[];
  trustMatched?: MatchedStatement[];
  basicFlowRoles?: { roleArn: string; trust: 'allowed' | 'denied' }[];
  /** `identity.user` only: the ID token claims built for the user (CONTRACT.md §3 `token`). */
  token?: Record<string, unknown>;
  /** `identity.user` only: the field of the input that is wrong (bad input, not a Cognito refusal). */
  inputError?: { path: (string | number)[]; message: string };
}
