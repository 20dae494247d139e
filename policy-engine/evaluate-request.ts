/**
 * One request in, one answer out (CONTRACT.md §2–3): a principal request goes straight to the decision procedure;
 * an identity request first goes through Cognito's role resolution and is then evaluated as the role session.
 */
import type { Answer, Request } from './model/request';
import type { EvalOptions } from './evaluate/types';
import type { PreparedWorkspace } from './evaluate/prepare';
import { evaluateAs, principalFromArn } from './evaluate/index';
import { resolveIdentity } from './cognito/index';
import { lookupContext } from './context-lookup';
import { objectKmsKeyArnProblem, s3FieldsProblem } from './request-schema';

/** The time an answer is computed for: `aws:CurrentTime` in the request context if given, else `opts.now`. */
export function evaluationTime(request: Pick<Request, 'context'>, now: Date): Date {
  const given = lookupContext(request.context, 'aws:currenttime');
  if (typeof given === 'string') {
    const t = Date.parse(given);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return now;
}

/** Checks the request's own shape; returns an error answer field when it cannot be evaluated at all. */
function requestShapeError(request: Request): { code: string; message: string } | null {
  const hasPrincipal = typeof request.principal === 'string' && request.principal.length > 0;
  const hasIdentity = request.identity !== undefined && request.identity !== null;
  if (hasPrincipal === hasIdentity) {
    return {
      code: 'request.principal-or-identity',
      message: 'A request needs exactly one of "principal" and "identity".',
    };
  }
  if (typeof request.action !== 'string' || !request.action.includes(':')) {
    return {
      code: 'request.action',
      message: `"action" must be a service:Action name, got ${JSON.stringify(request.action)}.`,
    };
  }
  const s3 = s3FieldsProblem(request);
  if (s3) return { code: `request.${s3.path[0]}`, message: `${s3.message}.` };
  const keyProblem = request.objectKmsKeyArn === undefined ? null : objectKmsKeyArnProblem(request.objectKmsKeyArn);
  if (keyProblem)
    return {
      code: 'request.objectKmsKeyArn',
      message: `"objectKmsKeyArn" ${keyProblem} (got ${JSON.stringify(request.objectKmsKeyArn)}).`,
    };
  if (typeof request.resource !== 'string' || request.resource.length === 0) {
    return { code: 'request.resource', message: '"resource" must be an ARN or "*".' };
  }
  return null;
}

/** Answers one request. Never throws: problems with the request come back in `answer.error`. */
export function evaluateRequest(pw: PreparedWorkspace, request: Request, opts: EvalOptions): Answer {
  const explain = opts.explain ?? true;
  const shapeError = requestShapeError(request);
  const base = { id: request.id, action: request.action, resource: request.resource };
  if (shapeError) {
    return {
      ...base,
      decision: 'implicitDeny',
      principalArn: null,
      roleArn: null,
      matchedStatements: [],
      missingContextKeys: [],
      message: null,
      assumptions: [],
      error: shapeError,
    };
  }
  const now = evaluationTime(request, opts.now);
  const actionRequest = {
    action: request.action,
    resource: request.resource,
    resourceAccount: request.resourceAccount,
    context: request.context,
    ...(request.operation !== undefined ? { operation: request.operation } : {}),
    ...(request.objectKmsKeyArn !== undefined ? { objectKmsKeyArn: request.objectKmsKeyArn } : {}),
  };

  if (request.principal !== undefined) {
    const principal = principalFromArn(pw, request.principal);
    if (!principal.ok) {
      return {
        ...base,
        decision: 'implicitDeny',
        principalArn: request.principal,
        roleArn: null,
        matchedStatements: [],
        missingContextKeys: [],
        message: null,
        assumptions: [],
        error: principal.error,
      };
    }
    const sessionPolicies =
      request.sessionPolicy !== undefined
        ? [
            ...(principal.principal.sessionPolicies ?? []),
            { policyId: 'request#sessionPolicy', document: request.sessionPolicy },
          ]
        : principal.principal.sessionPolicies;
    const answer = evaluateAs(pw, { ...principal.principal, sessionPolicies }, actionRequest, { now, explain });
    return { ...answer, id: request.id, assumptions: mergeAssumptions(principal.assumptions, answer.assumptions) };
  }

  const identity = request.identity!;
  const resolved = resolveIdentity(pw, identity, { now, explain });
  if (resolved.inputError) {
    const path = ['identity', ...resolved.inputError.path];
    return {
      ...base,
      decision: 'noCredentials',
      principalArn: null,
      roleArn: null,
      matchedStatements: [],
      missingContextKeys: [],
      message: null,
      assumptions: [],
      error: { code: 'request.identity', message: resolved.inputError.message, path },
    };
  }
  const token = resolved.token ? { token: resolved.token } : {};
  if (!resolved.principal) {
    return {
      ...base,
      decision: 'noCredentials',
      principalArn: null,
      roleArn: resolved.roleArn,
      identityId: resolved.identityId,
      ...token,
      resolution: resolved.resolution,
      matchedStatements: resolved.trustMatched ?? [],
      missingContextKeys: [],
      message: resolved.resolution.error?.message ?? null,
      assumptions: resolved.assumptions,
      notes: resolved.notes,
    };
  }
  const principal =
    request.sessionPolicy !== undefined
      ? {
          ...resolved.principal,
          sessionPolicies: [
            ...(resolved.principal.sessionPolicies ?? []),
            { policyId: 'request#sessionPolicy', document: request.sessionPolicy },
          ],
        }
      : resolved.principal;
  const answer = evaluateAs(pw, principal, actionRequest, { now, explain });
  return {
    ...answer,
    id: request.id,
    roleArn: resolved.roleArn,
    identityId: resolved.identityId,
    ...token,
    resolution: resolved.resolution,
    assumptions: mergeAssumptions(resolved.assumptions, answer.assumptions),
    notes: [...resolved.notes, ...(answer.notes ?? [])],
  };
}

function mergeAssumptions(a: Answer['assumptions'], b: Answer['assumptions']): Answer['assumptions'] {
  const seen = new Set<string>();
  const out: Answer['assumptions'] = [];
  for (const x of [...a, ...b]) {
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    out.push(x);
  }
  return out;
}
