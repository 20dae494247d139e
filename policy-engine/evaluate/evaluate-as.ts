/**
 * A full, explained answer for one request as one principal: the decision, the determining statements, every
 * statement's trace, the missing context keys, the per-type summary and AWS's own AccessDenied wording.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { deadForRequest } from '../policy/dead-conditions';
import { isRcpSupported } from '../catalog';
import type {
  Answer,
  KmsKeySource,
  KmsStepAnswer,
  PolicyTypeDecision,
  SkippedStatementAnswer,
  StatementTrace,
} from '../model/request';
import { callerSide, type CallerSide } from './caller-side';
import { checkActionResource } from './catalog-check';
import { GrantKind } from './compile';
import { contextSnapshot } from './context';
import { decide, determines, type DeniedVerdict, type Verdict } from './decide';
import { kmsStep, sseKeyName, sseKmsAction, withRequestSse } from './kms-step';
import { denyMessage, sameAccountOrOrg } from './deny-message';
import { createCollector, matchedStatement, matchPolicies, type Collector } from './match';
import { ALLOW, bitsDecision, createMatches, GRANT_SHIFT, NONE, type Matches } from './matches';
import type { PreparedWorkspace } from './prepare';
import { resourceSide, type ResourceSide, type SseKms } from './resource-side';
import type { ActionRequest, CallerPrincipal, EvalOptions } from './types';

/** Evaluates a request as a principal: decision, determining statements, traces, missing keys, AWS's message. */
export function evaluateAs(
  pw: PreparedWorkspace,
  principal: CallerPrincipal,
  req: ActionRequest,
  opts: EvalOptions,
): Answer {
  const { caller, base, overrides, assumptions } = callerSide(pw, principal, opts, req.context);
  const res = resourceSide(pw, req.resource, req.resourceAccount);
  const answer: Answer = {
    decision: 'implicitDeny',
    principalArn: principal.arn,
    roleArn: principal.roleArn ?? null,
    matchedStatements: [],
    missingContextKeys: [],
    message: null,
    assumptions,
    action: req.action,
    resource: req.resource,
  };
  caller.resourceKeys.resourceAccount = res.account;
  caller.resourceKeys.region = res.region;
  caller.resourceKeys.s3 = res.s3;
  answer.context = contextSnapshot(base, overrides, caller.resourceKeys);
  const error = checkActionResource(pw, req.action, req.resource);
  if (error) {
    answer.error = error;
    answer.message = error.message;
    return answer;
  }
  const actionLower = req.action.toLowerCase();
  const service = actionLower.slice(0, actionLower.indexOf(':'));
  const c = createCollector();
  const m = matchPolicies(createMatches(), caller, actionLower, isRcpSupported(pw.catalog, service), res, c);
  const v = decide(m);
  answer.decision = v.decision;
  answer.missingContextKeys = [...c.missing].filter((k) => caller.lookup(k.toLowerCase()) === undefined).sort();
  answer.policyTypes = policyTypeSummary(m, caller, res);
  const notes = explicitNotes(m, res);
  if (notes.length) answer.notes = [...(answer.notes ?? []), ...notes];
  answer.matchedStatements = c.matched
    .filter((x) => determines(v, x.st.policyType, x.st.effect, x.grant))
    .map((x) => matchedStatement(x.st));
  if (v.decision !== 'allowed')
    answer.message = denyMessage(principal.arn, req.action, req.resource, v, {
      s3: service === 's3',
      sameAccountOrOrg: sameAccountOrOrg(pw, principal, res),
    });
  const dead = deadConditionNotes(pw, actionLower, c.traces);
  if (dead.length) answer.notes = [...(answer.notes ?? []), ...dead];
  if (opts.explain) answer.statements = c.traces;
  answer.skippedStatements = skippedOf(c);
  const encrypted = withRequestSse(pw, res, actionLower, caller.lookup, req);
  if (encrypted.sse && sseKmsAction(actionLower, req.operation))
    kmsAnswer(pw, answer, caller, encrypted, actionLower, v.decision, opts, req.operation);
  return answer;
}

/**
 * Statements whose condition is on a key the requested action never carries (catalog): the condition trace says so
 * and the answer gets a note — such an Allow can never match the action, such a Deny never applies to it.
 */
function deadConditionNotes(pw: PreparedWorkspace, actionLower: string, traces: StatementTrace[]): string[] {
  const notes: string[] = [];
  for (const t of traces) {
    if (!t.actionMatched || !t.resourceMatched || !t.principalMatched) continue;
    for (const ct of t.conditions) {
      const why = deadForRequest(pw.catalog, actionLower, ct, t.effect);
      if (!why) continue;
      ct.reason = `${ct.reason} ${why}`;
      const where = `${t.policyId} statement ${t.statementIndex}${t.sid ? ` (${t.sid})` : ''}, line ${t.start.line}`;
      notes.push(`${where}: ${why}`);
    }
  }
  return notes;
}

/** What each policy type said, for the answer's `policyTypes` (types that do not apply are left out, except identity and resource). */
function policyTypeSummary(m: Matches, s: CallerSide, res: ResourceSide): PolicyTypeDecision[] {
  const out: PolicyTypeDecision[] = [];
  if (s.principal.kind === 'anonymous')
    out.push({
      policyType: 'identity',
      decision: 'notApplicable',
      note: 'Anonymous callers have no identity-based policies.',
    });
  else if (s.identityAllowsAll)
    out.push({
      policyType: 'identity',
      decision: 'allowed',
      note: 'Assumed: the outsider account is not in the workspace.',
    });
  else out.push({ policyType: 'identity', decision: bitsDecision(m.identity) });
  if (m.noAuthorization)
    out.push({
      policyType: 'resource',
      decision: 'notApplicable',
      note: `${s.principal.kind === 'anonymous' ? 'This action' : 'sts:GetCallerIdentity'} needs no permission: no policy can deny it.`,
    });
  else if (m.resource & NONE && m.explicitResource)
    out.push({
      policyType: 'resource',
      decision: 'implicitDeny',
      note:
        res.explicitService === 'sts'
          ? "The workspace does not hold this role's trust policy, and a trust policy must allow explicitly."
          : "The workspace does not hold this key's key policy, and a key policy must allow explicitly.",
    });
  else if (m.resource & NONE)
    out.push({
      policyType: 'resource',
      decision: 'notApplicable',
      note: 'No resource-based policy governs this resource in the workspace.',
    });
  else {
    const grant = m.resource >> GRANT_SHIFT;
    const what =
      res.explicitService === 'sts'
        ? "The role's trust policy "
        : res.explicitService === 'kms'
          ? 'The key policy '
          : '';
    const note = !(m.resource & ALLOW)
      ? what
        ? `${what}must allow explicitly: an identity-based policy alone never suffices.`
        : undefined
      : grant & GrantKind.Direct
        ? `${what}Grants the caller directly.`
        : grant & GrantKind.Role
          ? `${what}Grants the role ARN: still limited by the boundary and session policies.`
          : `${what}Grants the account: the identity policies must allow too.`;
    out.push({ policyType: 'resource', decision: bitsDecision(m.resource), ...(note ? { note } : {}) });
  }
  for (const t of ['permissionsBoundary', 'session', 'scp', 'rcp'] as const)
    if (!(m[t] & NONE)) out.push({ policyType: t, decision: bitsDecision(m[t]) });
  return out;
}

/** Notes for the rules that make a resource-based policy indispensable, or no policy needed at all. */
function explicitNotes(m: Matches, res: ResourceSide): string[] {
  if (m.noAuthorization)
    return [
      'sts:GetCallerIdentity needs no permission: it succeeds even against an explicit Deny (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).',
    ];
  if (!m.explicitResource || m.resource & ALLOW) return [];
  return [
    res.explicitService === 'sts'
      ? "The role's trust policy is this request's resource-based policy and must allow it explicitly; an identity-based policy allowing sts:* alone is not enough (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html)."
      : "The key policy is this request's resource-based policy and must allow it explicitly; IAM policies count only where the key policy allows the account (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html).",
  ];
}

/**
 * Adds the KMS step of an S3 object request on an SSE-KMS bucket: when S3 allows, the KMS decision is the answer's
 * (S3 relays KMS's AccessDenied). https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
function kmsAnswer(
  pw: PreparedWorkspace,
  answer: Answer,
  caller: CallerSide,
  res: ResourceSide,
  actionLower: string,
  s3Decision: Verdict['decision'],
  opts: EvalOptions,
  operation?: string,
): void {
  const sse = res.sse!;
  const action = sseKmsAction(actionLower, operation)!;
  const c = createCollector();
  const step = kmsStep(pw, caller, res, actionLower, c, operation);
  const assumed = s3Decision === 'allowed' ? objectKeyAssumption(actionLower, operation, sse) : null;
  const extra = kmsStepNotes(operation);
  const context = {
    'kms:ViaService': `s3.${res.region}.amazonaws.com`,
    'kms:CallerAccount': caller.principal.accountId,
    'kms:EncryptionContext:aws:s3:arn': sse.bucketKey ? sse.bucketArn : res.arn,
  };
  if (!step) {
    answer.kms = {
      action,
      keyArn: sseKeyName(sse),
      bucketArn: sse.bucketArn,
      ...keyFacts(sse, operation),
      decision: 'notEvaluated',
      matchedStatements: [],
      context,
      note: `${keyOrigin(sse)} the KMS key ${sseKeyName(sse)}, which the workspace does not hold: its key policy is unknown, so the ${action} step S3 makes is not checked.${extra}`,
    };
    answer.assumptions.push({
      id: 'kmsKeyNotInWorkspace',
      text: `Assumed that ${sseKeyName(sse)} lets this principal call ${action} through S3 (the workspace does not hold the key).`,
    });
    if (assumed) answer.assumptions.push(assumed);
    return;
  }
  const kv = step.verdict;
  const known = new Set((answer.skippedStatements ?? []).map((k) => `${k.policyId}\u0000${k.statementIndex}`));
  const skipped = skippedOf(c).filter((k) => !known.has(`${k.policyId}\u0000${k.statementIndex}`));
  if (skipped.length) answer.skippedStatements = [...(answer.skippedStatements ?? []), ...skipped];
  const matched = c.matched
    .filter((x) => determines(kv, x.st.policyType, x.st.effect, x.grant))
    .map((x) => matchedStatement(x.st));
  const message =
    kv.decision === 'allowed' ? undefined : denyMessage(caller.principal.arn, action, step.keyArn, kv as DeniedVerdict);
  answer.kms = {
    action,
    keyArn: step.keyArn,
    bucketArn: sse.bucketArn,
    ...keyFacts(sse, operation),
    decision: kv.decision,
    matchedStatements: matched,
    ...(message ? { message } : {}),
    policyTypes: policyTypeSummary(step.matches, step.caller, step.side),
    ...(opts.explain ? { statements: c.traces } : {}),
    context,
    note:
      s3Decision !== 'allowed'
        ? `S3 already refuses, so S3 never calls ${action} on the key; shown for completeness.`
        : kv.decision === 'allowed'
          ? `S3 allows, and the key policy of ${step.keyArn} allows ${action} through S3.`
          : `S3 allows, but ${action} on ${keyPhrase(sse)} ${step.keyArn} is refused: S3 relays KMS's AccessDenied.`,
  };
  if (extra) answer.kms.note += extra;
  const key = pw.kmsKeys.get(step.keyArn);
  if (key?.policySource === 'default')
    answer.assumptions.push({
      id: 'defaultKeyPolicy',
      text: `The workspace has no key policy for ${step.keyArn}: evaluated with KMS's default key policy (the account may use the key through IAM policies).`,
    });
  if (assumed) answer.assumptions.push(assumed);
  if (s3Decision === 'allowed' && kv.decision !== 'allowed') {
    answer.decision = kv.decision;
    answer.matchedStatements = matched;
    answer.message = message ?? null;
  } else if (s3Decision === 'allowed') answer.matchedStatements = [...answer.matchedStatements, ...matched];
}

/** The KMS step's key in words, by where it comes from: as a sentence's start naming it, and in a sentence's middle. */
const KEY_SOURCE_WORDS: Record<KmsKeySource, { origin: string; phrase: string }> = {
  bucketDefault: { origin: "The bucket's default encryption uses", phrase: "the bucket's KMS key" },
  requestHeaders: {
    origin: "The request's encryption headers name",
    phrase: "the KMS key the request's encryption headers name",
  },
  objectKmsKeyArn: {
    origin: 'The object (objectKmsKeyArn) is encrypted with',
    phrase: "the object's KMS key (objectKmsKeyArn)",
  },
};

/** Where the KMS step's key comes from, as the start of a sentence naming it. */
const keyOrigin = (sse: SseKms): string => KEY_SOURCE_WORDS[sse.source].origin;

/** The key of the KMS step, named in the middle of a sentence. */
const keyPhrase = (sse: SseKms): string => KEY_SOURCE_WORDS[sse.source].phrase;

/** The answer's keySource and operation of a KMS step. */
function keyFacts(sse: SseKms, operation: string | undefined): Pick<KmsStepAnswer, 'keySource' | 'operation'> {
  return { keySource: sse.source, ...(operation ? { operation } : {}) };
}

/**
 * A read of an existing object (or a part of an upload under way) without `objectKmsKeyArn`: the workspace holds no
 * object metadata, so the KMS step assumes the object uses the bucket's default key — an object written with another
 * key (encryption headers, or before the default changed) is decrypted with that key instead.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
function objectKeyAssumption(
  actionLower: string,
  operation: string | undefined,
  sse: SseKms,
): { id: string; text: string } | null {
  if (sse.source !== 'bucketDefault' || sseKmsAction(actionLower, operation) !== 'kms:Decrypt') return null;
  return {
    id: 'objectKeyIsBucketDefault',
    text: `Assumed the ${operation ? 'multipart upload' : 'object'} is encrypted with the bucket's default KMS key ${sseKeyName(sse)} (the workspace holds no object metadata); if it uses another key, give its ARN as "objectKmsKeyArn" (HeadObject's SSEKMSKeyId).`,
  };
}

/** What a multipart operation's KMS step leaves to the other requests of the upload. */
function kmsStepNotes(operation: string | undefined): string {
  if (!operation) return '';
  const both =
    ' A multipart upload with SSE-KMS needs kms:GenerateDataKey (CreateMultipartUpload) and kms:Decrypt (UploadPart, UploadPartCopy, CompleteMultipartUpload) on the key (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions).';
  return operation === 'UploadPartCopy'
    ? `${both} UploadPartCopy also reads the source object (s3:GetObject, and kms:Decrypt on its key when it is SSE-KMS): give its ARN as "copySource" and the answer checks that read too (without it, it is not checked).`
    : both;
}

/** The skipped statements a collector saw, once each, a Deny flagged (its protection does nothing). */
function skippedOf(c: Collector): SkippedStatementAnswer[] {
  const seen = new Set<string>();
  const out: SkippedStatementAnswer[] = [];
  for (const s of c.skipped) {
    const id = `${s.policyId}\u0000${s.statementIndex}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ ...s, ...(s.effect === 'Deny' ? { denyIneffective: true as const } : {}) });
  }
  return out;
}
