/**
 * One request in, one answer out (CONTRACT.md §2–3): a principal request goes straight to the decision procedure;
 * an identity request first goes through Cognito's role resolution and is then evaluated as the role session.
 */
import type { Answer, CopySourceAnswer, Request } from './model/request';
import type { CallerPrincipal, EvalOptions } from './evaluate/types';
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

/** The parts of an answer that every early answer (bad input, no credentials) leaves empty. */
function earlyAnswer(
  request: Request,
  decision: Answer['decision'],
  who: Pick<Answer, 'principalArn' | 'roleArn' | 'identityId' | 'token' | 'resolution'>,
  rest: Partial<Answer>,
): Answer {
  return {
    id: request.id,
    action: request.action,
    resource: request.resource,
    decision,
    ...who,
    matchedStatements: [],
    missingContextKeys: [],
    message: null,
    assumptions: [],
    ...rest,
  };
}

/** What evaluateAs asks: the request without its caller (principal or identity) and session policy. */
function actionRequestOf(request: Request) {
  return {
    action: request.action,
    resource: request.resource,
    resourceAccount: request.resourceAccount,
    context: request.context,
    ...(request.operation !== undefined ? { operation: request.operation } : {}),
    ...(request.objectKmsKeyArn !== undefined ? { objectKmsKeyArn: request.objectKmsKeyArn } : {}),
  };
}

/** The caller with the request's own sessionPolicy added to the session policies it already carries. */
function withRequestSessionPolicy(principal: CallerPrincipal, request: Request): CallerPrincipal {
  if (request.sessionPolicy === undefined) return principal;
  return {
    ...principal,
    sessionPolicies: [
      ...(principal.sessionPolicies ?? []),
      { policyId: 'request#sessionPolicy', document: request.sessionPolicy },
    ],
  };
}

/**
 * An UploadPartCopy reads its source object too: S3 needs s3:GetObject on the copy source, and kms:Decrypt on the
 * source's key when it is SSE-KMS, asked as the same caller. The source step is decided as a GetObject request of its
 * own (with its own KMS step) and shown in the answer; when the part upload itself is allowed but the source read is
 * not, the source read's decision, AWS's AccessDenied wording for it and its statements are the answer's.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html (Permissions)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html (s3:GetObject on the source)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html (kms:Decrypt to read an SSE-KMS object)
 */
function withCopySource(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  request: Request,
  answer: Answer,
  opts: { now: Date; explain: boolean },
): Answer {
  if (request.copySource === undefined || request.operation !== 'UploadPartCopy') return answer;
  const read = { action: 's3:GetObject', resource: request.copySource, context: request.context };
  const src = evaluateAs(pw, principal, read, opts);
  const decision = src.decision === 'allowed' || src.decision === 'explicitDeny' ? src.decision : 'implicitDeny';
  const copySource: CopySourceAnswer = {
    action: 's3:GetObject',
    resource: request.copySource,
    decision,
    matchedStatements: src.matchedStatements,
    message: src.message,
    ...(src.kms ? { kms: src.kms } : {}),
  };
  const assumptions = mergeAssumptions(answer.assumptions, src.assumptions);
  const missingContextKeys = [...new Set([...answer.missingContextKeys, ...src.missingContextKeys])];
  if (answer.decision !== 'allowed' || decision === 'allowed')
    return { ...answer, copySource, assumptions, missingContextKeys };
  return {
    ...answer,
    decision,
    message: src.message,
    matchedStatements: src.matchedStatements,
    copySource,
    assumptions,
    missingContextKeys,
  };
}

/** A principal request: the principal from its ARN, then the decision procedure as that principal. */
function evaluatePrincipalRequest(
  pw: PreparedWorkspace,
  request: Request & { principal: string },
  opts: { now: Date; explain: boolean },
): Answer {
  const principal = principalFromArn(pw, request.principal);
  if (!principal.ok)
    return earlyAnswer(
      request,
      'implicitDeny',
      { principalArn: request.principal, roleArn: null },
      { error: principal.error },
    );
  const caller = withRequestSessionPolicy(principal.principal, request);
  const answer = withCopySource(pw, caller, request, evaluateAs(pw, caller, actionRequestOf(request), opts), opts);
  return { ...answer, id: request.id, assumptions: mergeAssumptions(principal.assumptions, answer.assumptions) };
}

/** An identity request: Cognito's role resolution, then the decision procedure as the role session it gives. */
function evaluateIdentityRequest(
  pw: PreparedWorkspace,
  request: Request,
  identity: NonNullable<Request['identity']>,
  opts: { now: Date; explain: boolean },
): Answer {
  const resolved = resolveIdentity(pw, identity, opts);
  if (resolved.inputError)
    return earlyAnswer(
      request,
      'noCredentials',
      { principalArn: null, roleArn: null },
      {
        error: {
          code: 'request.identity',
          message: resolved.inputError.message,
          path: ['identity', ...resolved.inputError.path],
        },
      },
    );
  const token = resolved.token ? { token: resolved.token } : {};
  const cognito = {
    roleArn: resolved.roleArn,
    identityId: resolved.identityId,
    ...token,
    resolution: resolved.resolution,
  };
  if (!resolved.principal)
    return earlyAnswer(
      request,
      'noCredentials',
      { principalArn: null, ...cognito },
      {
        matchedStatements: resolved.trustMatched ?? [],
        message: resolved.resolution.error?.message ?? null,
        assumptions: resolved.assumptions,
        notes: resolved.notes,
      },
    );
  const principal = withRequestSessionPolicy(resolved.principal, request);
  const answer = withCopySource(
    pw,
    principal,
    request,
    evaluateAs(pw, principal, actionRequestOf(request), opts),
    opts,
  );
  return {
    ...answer,
    id: request.id,
    ...cognito,
    assumptions: mergeAssumptions(resolved.assumptions, answer.assumptions),
    notes: [...resolved.notes, ...(answer.notes ?? [])],
  };
}

/** Answers one request. Never throws: problems with the request come back in `answer.error`. */
export function evaluateRequest(pw: PreparedWorkspace, request: Request, opts: EvalOptions): Answer {
  const shapeError = requestShapeError(request);
  if (shapeError)
    return earlyAnswer(request, 'implicitDeny', { principalArn: null, roleArn: null }, { error: shapeError });
  const at = { now: evaluationTime(request, opts.now), explain: opts.explain ?? true };
  if (request.principal !== undefined)
    return evaluatePrincipalRequest(pw, { ...request, principal: request.principal }, at);
  return evaluateIdentityRequest(pw, request, request.identity!, at);
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
