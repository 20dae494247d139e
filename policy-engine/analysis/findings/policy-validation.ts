/**
 * policy-validation: the validator's problems with the workspace's policies (unknown actions and condition
 * operators, malformed statements, …), as findings. An error means IAM would reject the document or Rolecall skips the
 * statement; a warning means it does not do what it seems to (an unknown action never matches).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { policySourceOf } from '../../workspace/source-map';
import type { Finding, FindingRule } from './types';
import { missingManagedPolicyFindings } from './missing-managed-policy';

/** The rule. */
export const policyValidation: FindingRule = {
  id: 'policy-validation',
  name: 'PolicyValidation',
  title: 'Policy does not validate',
  severity: 'medium',
  description:
    "Reports the policy validator's errors (medium: IAM rejects the document, or the statement cannot be evaluated and is skipped — a Deny in it protects nothing) and warnings (low: e.g. an unknown action or condition operator that never matches, or a condition on a key the action never carries — `s3:prefix` on `s3:GetObject` — so the statement can never match / a Deny never applies). A managed policy that a role, user or group attaches but the workspace does not hold (typically an AWS managed policy named in a template) is one finding per policy at the attachment, naming every entity that uses it; medium when an identity pool hands out such a role, since its access is then understated.",
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html',
  check(ctx) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    // A managed policy the workspace lacks: one finding per policy, at the attachment, saying what it hides.
    const missing = ctx.pw.diagnostics.filter((d) => d.code === 'workspace.missing-managed-policy');
    out.push(...missingManagedPolicyFindings(ctx, missing, this));
    for (const d of ctx.pw.diagnostics) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      if (d.code === 'workspace.missing-managed-policy') continue;
      // trust-amr-single-valued reports this one for Cognito trust policies, with what it breaks.
      if (
        d.code === 'condition.multivalued-key-needs-set-operator' &&
        /cognito-identity\.amazonaws\.com(\.cn)?:amr/i.test(d.path ?? '') &&
        d.policyId?.endsWith('#trust')
      )
        continue;
      const dedupe = `${d.policyId}\u0000${d.code}\u0000${d.path}\u0000${d.message}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const ref = d.policyId ? ctx.refById.get(d.policyId) : undefined;
      const m = /^Statement(?:\[(\d+)\])?/.exec(d.path ?? '');
      const statementIndex = m ? Number(m[1] ?? 0) : undefined;
      const base = ref
        ? statementIndex !== undefined && ref.parsed.statements[statementIndex]
          ? ctx.statementLocation(ref, statementIndex)
          : {
              kind: ref.owner.kind,
              ...(ref.owner.kind === 'resourcePolicy' ? { resourceArn: ref.owner.arn } : { arn: ref.owner.arn }),
              policyType: ref.policyType,
              policyId: ref.policyId,
              workspacePath: ref.documentPath,
            }
        : { kind: 'policy' as const, arn: d.policyId ?? '' };
      const effect =
        d.severity === 'error'
          ? 'IAM rejects such a policy, and Rolecall skips what it cannot evaluate — a Deny there protects nothing.'
          : 'the policy does not do what it seems to.';
      out.push({
        ruleId: this.id,
        severity: d.severity === 'error' ? 'medium' : 'low',
        title: this.title,
        message: `${d.policyId ?? 'A policy'}${d.path ? ` at ${d.path}` : ''}: ${d.message} (${d.code}) — ${effect}`,
        fix: 'Correct the policy element named in the message (see the IAM policy grammar and the service authorization reference for action and condition names).',
        location: {
          ...base,
          ...(d.range ? { start: d.range.start, end: d.range.end } : {}),
          // Diagnostics of a policy parsed from the workspace file are placed in that file (workspace/source-map).
          ...(d.range && ref && d.file && policySourceOf(ref.parsed) ? { file: d.file, startInFile: true } : {}),
        },
      });
    }
    return out;
  },
};
