/**
 * STS's look at the chosen role's trust policy: AssumeRoleWithWebIdentity by the Federated principal
 * cognito-identity.amazonaws.com, with the token's aud/amr/sub, and sts:TagSession when principal tags are passed
 * (SEMANTICS.md §A4, §A5).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import type { MatchedStatement, RequestContext, ResolutionStep, StatementTrace } from '../model/request';
import { COGNITO_FEDERATED_PRINCIPAL } from './session';

/** A trust question, as evaluate/trust-policy.ts `evaluateTrust` takes it. */
export interface TrustRequest {
  principal: { type: 'AWS' | 'Federated' | 'Service'; value: string };
  action: string;
  context: RequestContext;
}

/** evaluate/trust-policy.ts `evaluateTrust`'s answer. */
export interface TrustAnswer {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  matchedStatements: MatchedStatement[];
  statements: StatementTrace[];
  missingContextKeys: string[];
}

/** Evaluates a role's trust policy (bound to a prepared workspace and options by the caller). */
export type TrustEvaluator = (roleArn: string, req: TrustRequest) => TrustAnswer;

/** The context STS sees for a Cognito token. */
export function trustContext(identityPoolId: string, amr: string[], identityId: string | null): RequestContext {
  const ctx: RequestContext = {
    'cognito-identity.amazonaws.com:aud': identityPoolId,
    'cognito-identity.amazonaws.com:amr': [...amr],
    'aws:FederatedProvider': COGNITO_FEDERATED_PRINCIPAL,
  };
  if (identityId) ctx['cognito-identity.amazonaws.com:sub'] = identityId;
  return ctx;
}

/** The outcome of the trust evaluation(s) for one role. */
export interface TrustOutcome {
  allowed: boolean;
  steps: ResolutionStep[];
  statements: StatementTrace[];
  matched: MatchedStatement[];
  missingContextKeys: string[];
}

/**
 * Evaluates sts:AssumeRoleWithWebIdentity, then sts:TagSession when tags are passed (both must be allowed).
 */
export function checkTrust(
  evaluate: TrustEvaluator,
  roleArn: string,
  identityPoolId: string,
  amr: string[],
  identityId: string | null,
  tags: Record<string, string>,
): TrustOutcome {
  const base = trustContext(identityPoolId, amr, identityId);
  const principal = { type: 'Federated' as const, value: COGNITO_FEDERATED_PRINCIPAL };
  const steps: ResolutionStep[] = [];
  const first = evaluate(roleArn, { principal, action: 'sts:AssumeRoleWithWebIdentity', context: base });
  const out: TrustOutcome = {
    allowed: first.decision === 'allowed',
    steps,
    statements: [...first.statements],
    matched: [...first.matchedStatements],
    missingContextKeys: [...first.missingContextKeys],
  };
  steps.push(describe(first, roleArn, 'sts:AssumeRoleWithWebIdentity', base));
  const tagKeys = Object.keys(tags);
  if (tagKeys.length > 0) {
    const ctx: RequestContext = { ...base, 'aws:TagKeys': tagKeys };
    for (const k of tagKeys) ctx[`aws:RequestTag/${k}`] = tags[k];
    const second = evaluate(roleArn, { principal, action: 'sts:TagSession', context: ctx });
    steps.push(describe(second, roleArn, 'sts:TagSession', ctx));
    out.allowed = out.allowed && second.decision === 'allowed';
    out.statements.push(...second.statements);
    out.matched.push(...second.matchedStatements);
    for (const k of second.missingContextKeys) if (!out.missingContextKeys.includes(k)) out.missingContextKeys.push(k);
  }
  return out;
}

/** One trust step: allowed, or why not, naming the failed condition. */
function describe(a: TrustAnswer, roleArn: string, action: string, ctx: RequestContext): ResolutionStep {
  const detail = { action, context: ctx, decision: a.decision };
  if (a.decision === 'allowed') {
    const which = a.matchedStatements
      .filter((m) => m.effect === 'Allow')
      .map((m) => `statement ${m.statementIndex}${m.sid ? ` (${m.sid})` : ''}`);
    return {
      kind: 'trust',
      status: 'ok',
      message: `The trust policy of ${roleArn} allows ${action} for ${COGNITO_FEDERATED_PRINCIPAL}${which.length ? ` (${which.join(', ')})` : ''}.`,
      detail,
    };
  }
  return {
    kind: 'trust',
    status: 'failed',
    message: `The trust policy of ${roleArn} refuses ${action}: ${whyRefused(a, action)}`,
    detail: { ...detail, failures: failures(a) },
  };
}

/** Why the trust policy refused, from the statement traces (condition reasons first). */
export function whyRefused(a: TrustAnswer, action: string): string {
  if (a.decision === 'explicitDeny') {
    const d = a.matchedStatements
      .filter((m) => m.effect === 'Deny')
      .map((m) => `statement ${m.statementIndex}${m.sid ? ` (${m.sid})` : ''}`);
    return `${d.join(', ') || 'a statement'} explicitly denies it.`;
  }
  const f = failures(a);
  if (f.length === 0) {
    return a.statements.length === 0
      ? 'the role has no trust policy statements.'
      : `no statement allows the Federated principal ${COGNITO_FEDERATED_PRINCIPAL} to perform ${action}.`;
  }
  return (
    f
      .map((x) => `statement ${x.statementIndex}${x.sid ? ` (${x.sid})` : ''}: ${x.reason.replace(/\.+$/, '')}`)
      .join('; ') + '.'
  );
}

/** Allow statements that name the principal and action but whose conditions failed, or else why each did not apply. */
function failures(a: TrustAnswer): { statementIndex: number; sid?: string; reason: string }[] {
  const near = a.statements.filter(
    (s) => s.effect === 'Allow' && s.principalMatched && s.actionMatched && !s.conditionsMatched,
  );
  if (near.length > 0) {
    return near.map((s) => {
      const failed = s.conditions.filter((c) => !c.matched);
      const reason =
        failed.length > 0
          ? failed
              .map((c) =>
                c.reason.includes(c.key)
                  ? c.reason.replace(/\.+$/, '')
                  : `${c.operator} ${c.key}: ${c.reason.replace(/\.+$/, '')}`,
              )
              .join('; ')
          : (s.reason ?? 'its conditions do not hold');
      return { statementIndex: s.statementIndex, ...(s.sid ? { sid: s.sid } : {}), reason };
    });
  }
  return a.statements
    .filter((s) => s.effect === 'Allow' && !s.matched)
    .map((s) => ({
      statementIndex: s.statementIndex,
      ...(s.sid ? { sid: s.sid } : {}),
      reason:
        s.reason ??
        (!s.principalMatched
          ? 'the principal does not match'
          : !s.actionMatched
            ? 'the action does not match'
            : 'it does not apply'),
    }));
}
