/**
 * The findings registry and `auditWorkspace` (CONTRACT.md §5). Each rule is a small module with a stable id; the
 * order below is the order rules run (rules that explain a malformed trust policy run before mapping-role-untrusted,
 * which skips roles they already reported).
 */
import type { PreparedWorkspace } from '../../evaluate/prepare';
import { createAuditContext } from './context';
import { SEVERITIES, type Finding, type FindingRule, type Severity } from './types';
import { trustMissingAud } from './trust-missing-aud';
import { trustWildcardAud } from './trust-wildcard-aud';
import { trustAmrSingleValued } from './trust-amr-single-valued';
import { trustAmrMissing } from './trust-amr-missing';
import { trustWrongAction } from './trust-wrong-action';
import { trustWrongPrincipal } from './trust-wrong-principal';
import { classicFlowEnabled } from './classic-flow-enabled';
import { guestCanWrite } from './guest-can-write';
import { guestReadsOtherUsers } from './guest-reads-other-users';
import { userReadsOtherUsers } from './user-reads-other-users';
import { perUserScopeUserid } from './per-user-scope-userid';
import { leadingkeysScanLeak } from './leadingkeys-scan-leak';
import { forallvaluesWithoutNull } from './forallvalues-without-null';
import { ruleOnUserSettableClaim } from './rule-on-user-settable-claim';
import { ruleShadowed } from './rule-shadowed';
import { ambiguousDefaultBroader } from './ambiguous-default-broader';
import { mappingRoleUntrusted } from './mapping-role-untrusted';
import { wildcardActionResource } from './wildcard-action-resource';
import { publicResourcePolicy } from './public-resource-policy';
import { policyValidation } from './policy-validation';
import { poolValidation } from './pool-validation';
import { applyImportNotes } from './import-notes';
import { userpoolSelfSignupOpen } from './userpool-self-signup-open';
import { userpoolRuleOnWritableAttribute } from './userpool-rule-on-writable-attribute';
import { userpoolRuleOnUnverifiedEmail } from './userpool-rule-on-unverified-email';
import { userpoolMfaNotRequired } from './userpool-mfa-not-required';
import { userpoolWeakPasswordPolicy } from './userpool-weak-password-policy';
import { userpoolPhoneRecovery } from './userpool-phone-recovery';
import { userpoolLongRefreshToken } from './userpool-long-refresh-token';
import { userpoolGroupRoleUnused } from './userpool-group-role-unused';
import { userpoolClientNotListed } from './userpool-client-not-listed';
import { cognitoRoleReconfiguresPool, poolGuestsWithoutRole } from './cognito-role-reconfigures-pool';
import { trustAudNotPoolId } from './trust-aud-not-pool-id';
import { cognitoChainReachesRole } from './cognito-chain-reaches-role';

export type { Finding, FindingLocation, FindingRule, Severity, WorkspacePath } from './types';
export { SEVERITIES } from './types';

/** Every rule, in the order they run. Ids are stable; add rules, never rename them. */
export const FINDING_RULES: readonly FindingRule[] = [
  trustMissingAud,
  trustWildcardAud,
  trustAmrSingleValued,
  trustAmrMissing,
  trustWrongAction,
  trustWrongPrincipal,
  classicFlowEnabled,
  guestCanWrite,
  guestReadsOtherUsers,
  userReadsOtherUsers,
  perUserScopeUserid,
  leadingkeysScanLeak,
  forallvaluesWithoutNull,
  ruleOnUserSettableClaim,
  ruleShadowed,
  ambiguousDefaultBroader,
  mappingRoleUntrusted,
  wildcardActionResource,
  publicResourcePolicy,
  policyValidation,
  poolValidation,
  userpoolSelfSignupOpen,
  userpoolRuleOnWritableAttribute,
  userpoolRuleOnUnverifiedEmail,
  userpoolMfaNotRequired,
  userpoolWeakPasswordPolicy,
  userpoolPhoneRecovery,
  userpoolLongRefreshToken,
  userpoolGroupRoleUnused,
  userpoolClientNotListed,
  cognitoRoleReconfiguresPool,
  poolGuestsWithoutRole,
  trustAudNotPoolId,
  cognitoChainReachesRole,
];

/** Looks a rule up by id. */
export function findingRule(id: string): FindingRule | undefined {
  return FINDING_RULES.find((r) => r.id === id);
}

/** The audit's result (CONTRACT.md §5), plus the rules that could not run. */
export interface AuditResult {
  findings: Finding[];
  summary: { high: number; medium: number; low: number };
  /** Rules that failed on this workspace (a bug, never the user's fault); the other rules still ran. */
  errors?: { ruleId: string; message: string }[];
}

/** Options of an audit. */
export interface AuditOptions {
  now: Date;
  /** Run only these rule ids (default: all). */
  rules?: string[];
  /**
   * Give every role its own matrix instead of one per group of roles built alike (findings/shared-rows.ts). The
   * findings are the same either way; the tests compare the two.
   */
  unsharedRows?: boolean;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Runs every rule over a prepared workspace; findings come sorted by severity, then in rule order. Never throws. */
export function auditWorkspace(pw: PreparedWorkspace, opts: AuditOptions): AuditResult {
  const ctx = createAuditContext(pw, opts.now, { unshared: opts.unsharedRows === true });
  const findings: Finding[] = [];
  const errors: { ruleId: string; message: string }[] = [];
  for (const rule of FINDING_RULES) {
    if (opts.rules && !opts.rules.includes(rule.id)) continue;
    try {
      findings.push(...rule.check(ctx));
    } catch (e) {
      errors.push({ ruleId: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  const sorted = applyImportNotes(findings, pw.workspace)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i)
    .map((x) => x.f);
  return { findings: sorted, summary: summarize(sorted), ...(errors.length ? { errors } : {}) };
}

/** Counts findings per severity. */
export function summarize(findings: Finding[]): { high: number; medium: number; low: number } {
  const s = { high: 0, medium: 0, low: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}

/** Whether a finding at or above `threshold` exists (for --fail-on). */
export function hasFindingAtOrAbove(findings: Finding[], threshold: Severity): boolean {
  return findings.some((f) => rank(f.severity) <= rank(threshold));
}
