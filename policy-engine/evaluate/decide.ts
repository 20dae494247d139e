/**
 * The decision procedure: AWS's documented policy evaluation logic, one step per paragraph of the documentation.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * Like Cedar's authorizer, this file only combines. The evaluator (match.ts) reports per policy type whether some
 * statement allows, some denies, or no policy of that type applies, and whom a resource policy's Allow names
 * (matches.ts). Statements that cannot be evaluated were skipped when compiled (compile.ts): the decision is as if
 * they were absent, so a skipped Deny protects nothing. `decide` runs STEPS in AWS's order; the first step that
 * returns a verdict decides. It allocates nothing: the access matrix and the explained answers run these same steps.
 *
 * How to add a step (a trust policy for sts:AssumeRole*, a KMS key policy, an action no policy can deny …):
 * 1. A new policy type: add it to PolicyType (model/request.ts) and to DENY_ORDER (matches.ts), so that it gets a field
 *    in Matches and its Deny is seen by step 1; fill the field in matchPolicies (match.ts).
 * 2. Write the step as a `Step`: `(m) => verdict`, or `null` to go on to the next step; put its AWS link above it.
 *    An allowed verdict lists the policy types whose Allow statements determine it (answers cite those statements).
 * 3. Call it in `decide` where AWS's procedure puts it (the chain of `??`); `lastStep` always decides.
 * 4. Add scenario cases (test/scenarios/engine, asserting matchedStatements) and extend the reference model of the
 *    differential test (test/unit/policy-engine/evaluate/reference-model.ts) when the step is in its subset.
 */
import type { PolicyType } from '../model/request';
import { GrantKind } from './compile';
import type { OwnedKind } from './resource-side';
import { allowsOrAbsent, ALLOW, DENY, DENY_ORDER, grants, type Matches } from './matches';

/** The Allow statements of this policy type determine an allowed verdict (resource: only those naming `grant`). */
export interface Determining {
  policyType: PolicyType;
  /** GrantKind bits a resource policy's Allow must have to count; absent: any. */
  grant?: number;
}

/** How a request was allowed, named after the step that allowed it. */
export type AllowedVia =
  'identity' | 'resourceDirect' | 'resourceRole' | 'crossAccount' | 'anonymous' | 'noAuthorization';

/** The decision and the step behind it. */
export type Verdict =
  | { decision: 'allowed'; via: AllowedVia; determining: readonly Determining[] }
  | { decision: 'explicitDeny'; by: PolicyType }
  | { decision: 'implicitDeny'; missing: PolicyType; unsigned?: true; owned?: OwnedKind };

/** A denied verdict (what AWS's AccessDenied message describes). */
export type DeniedVerdict = Exclude<Verdict, { decision: 'allowed' }>;

/** One step: a verdict, or null to go on. */
export type Step = (m: Matches) => Verdict | null;

const allowed = (via: AllowedVia, ...determining: Determining[]): Verdict =>
  Object.freeze({ decision: 'allowed', via, determining: Object.freeze(determining) });
const IDENTITY_SIDE: Determining[] = [
  { policyType: 'identity' },
  { policyType: 'permissionsBoundary' },
  { policyType: 'session' },
];
const ALLOWED_IDENTITY = allowed('identity', ...IDENTITY_SIDE);
const ALLOWED_DIRECT = allowed('resourceDirect', { policyType: 'resource', grant: GrantKind.Direct });
const ALLOWED_ANONYMOUS = allowed('anonymous', { policyType: 'resource', grant: GrantKind.Direct });
const ALLOWED_ROLE = allowed(
  'resourceRole',
  { policyType: 'resource', grant: GrantKind.Role },
  { policyType: 'permissionsBoundary' },
  { policyType: 'session' },
);
const ALLOWED_CROSS_ACCOUNT = allowed('crossAccount', ...IDENTITY_SIDE, { policyType: 'resource' });
/** Same account, a trust/key policy that names the account delegates to IAM: both sides' Allows determine. */
const ALLOWED_DELEGATED = allowed('identity', ...IDENTITY_SIDE, { policyType: 'resource' });
const ALLOWED_NO_AUTHORIZATION = allowed('noAuthorization');
const UNSIGNED: Verdict = Object.freeze({ decision: 'implicitDeny', missing: 'resource', unsigned: true });
const OWNED = Object.fromEntries(
  (['awsManagedPolicy', 'serviceLinkedRole', 'reservedRole', 'awsManagedKey'] as const).map((k) => [
    k,
    Object.freeze({ decision: 'implicitDeny', missing: 'resource', owned: k }),
  ]),
) as Record<OwnedKind, Verdict>;
const denied = (by: PolicyType): Verdict => Object.freeze({ decision: 'explicitDeny', by });
const missing = (type: PolicyType): Verdict => Object.freeze({ decision: 'implicitDeny', missing: type });
const EXPLICIT_DENY = Object.fromEntries(DENY_ORDER.map((t) => [t, denied(t)])) as Record<PolicyType, Verdict>;
const MISSING = Object.fromEntries(DENY_ORDER.map((t) => [t, missing(t)])) as Record<PolicyType, Verdict>;

/**
 * 0. Authentication. An unsigned request reaches the policies only for services that take anonymous requests (S3):
 * "This step is not necessary for a few services, such as Amazon S3, that allow some requests from anonymous users".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
const authentication: Step = (m) => (m.unsigned ? UNSIGNED : null);

/**
 * 0b. Actions that need no permission: "No permissions are required to perform this operation. If an administrator
 * attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still
 * perform this operation." https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
const noAuthorization: Step = (m) => (m.noAuthorization ? ALLOWED_NO_AUTHORIZATION : null);

/**
 * 1. Deny evaluation: an explicit Deny in any applicable policy decides. The message names one type (DENY_ORDER).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
const explicitDeny: Step = (m) => {
  if (!((m.scp | m.rcp | m.permissionsBoundary | m.session | m.identity | m.resource) & DENY)) return null;
  for (const t of DENY_ORDER) if (m[t] & DENY) return EXPLICIT_DENY[t];
  return null;
};

/**
 * 1b. AWS-owned resources: customers cannot change AWS managed policies, service-linked roles, the roles AWS reserves
 * (path /aws-reserved/) or AWS managed KMS keys, whatever their policies allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
const awsOwned: Step = (m) => (m.owned !== null ? OWNED[m.owned] : null);

/**
 * 2. Resource control policies of the resource's account: every level of the organization must allow.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
const resourceControlPolicies: Step = (m) => (allowsOrAbsent(m.rcp) ? null : MISSING.rcp);

/**
 * 3. Service control policies of the principal's account: every level of the organization must allow.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
const serviceControlPolicies: Step = (m) => (allowsOrAbsent(m.scp) ? null : MISSING.scp);

/**
 * 4a. Anonymous callers have no identity: only a resource-based policy whose Principal is "*" can allow them.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
 */
const anonymousCaller: Step = (m) =>
  !m.anonymous ? null : grants(m.resource, GrantKind.Direct) ? ALLOWED_ANONYMOUS : MISSING.resource;

/**
 * 4b. Role trust policies and KMS key policies must allow explicitly: "Role trust policies and KMS key policies are
 * exceptions to this logic, because they must explicitly allow access for principals." Without an Allow in the role's
 * trust policy (for sts:AssumeRole*, sts:TagSession …) or the key policy (for kms:*), an identity-policy Allow alone
 * never suffices, in the same account as across accounts. An Allow naming the account delegates to IAM: the identity
 * side must allow as well (steps 5–7).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
const explicitResourcePolicy: Step = (m) => (m.explicitResource && !(m.resource & ALLOW) ? MISSING.resource : null);

/**
 * 4c. Resource-based policies, same account. An Allow naming the session or the IAM user (or "*") allows on its own:
 * neither the identity policies nor an implicit deny in a permissions boundary or session policy limit it. One naming
 * the role ARN is not limited by the identity policies but is limited by the boundary and the session policies. One
 * naming only the account delegates: the identity side must allow (steps 5–7).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
const sameAccountResourcePolicy: Step = (m) => {
  if (!m.sameAccount || !(m.resource & ALLOW)) return null;
  if (grants(m.resource, GrantKind.Direct)) return ALLOWED_DIRECT;
  if (grants(m.resource, GrantKind.Role)) return permissionsBoundary(m) ?? sessionPolicies(m) ?? ALLOWED_ROLE;
  return null;
};

/**
 * 5. Identity-based policies: without an Allow in one of them, the request is implicitly denied.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
const identityPolicies: Step = (m) => (m.identity & ALLOW ? null : MISSING.identity);

/**
 * 6. Permissions boundary: when the principal has one, it must allow too.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
const permissionsBoundary: Step = (m) => (allowsOrAbsent(m.permissionsBoundary) ? null : MISSING.permissionsBoundary);

/**
 * 7. Session policies: when the session was created with any, one of them must allow too.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
const sessionPolicies: Step = (m) => (allowsOrAbsent(m.session) ? null : MISSING.session);

/**
 * 8. Same account, the identity side allows. Across accounts the resource's account must allow as well: its
 * resource-based policy has to name the caller, its role or its account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
const lastStep = (m: Matches): Verdict =>
  m.sameAccount
    ? m.explicitResource
      ? ALLOWED_DELEGATED
      : ALLOWED_IDENTITY
    : m.resource & ALLOW
      ? ALLOWED_CROSS_ACCOUNT
      : MISSING.resource;

/**
 * Combines what each policy type says into the decision and the step behind it: the steps in AWS's order, the first
 * that returns a verdict decides. (Direct calls, not a loop over a list, so that the JIT inlines them per cell.)
 */
export function decide(m: Matches): Verdict {
  return (
    authentication(m) ??
    noAuthorization(m) ??
    explicitDeny(m) ??
    awsOwned(m) ??
    resourceControlPolicies(m) ??
    serviceControlPolicies(m) ??
    anonymousCaller(m) ??
    explicitResourcePolicy(m) ??
    sameAccountResourcePolicy(m) ??
    identityPolicies(m) ??
    permissionsBoundary(m) ??
    sessionPolicies(m) ??
    lastStep(m)
  );
}

/**
 * Whether a matching statement is one of the verdict's determining statements: every matching Deny for an explicit
 * deny; the matching Allows of the verdict's determining policy types when allowed; none for an implicit deny.
 */
export function determines(v: Verdict, policyType: PolicyType, effect: 'Allow' | 'Deny', grant: number): boolean {
  if (v.decision === 'explicitDeny') return effect === 'Deny';
  if (v.decision === 'implicitDeny' || effect !== 'Allow') return false;
  // A role's trust policy is that role's resource-based policy (sts:AssumeRole* on the role ARN).
  const type = policyType === 'trust' ? 'resource' : policyType;
  for (const d of v.determining)
    if (d.policyType === type && (d.grant === undefined || (grant & d.grant) !== 0)) return true;
  return false;
}
