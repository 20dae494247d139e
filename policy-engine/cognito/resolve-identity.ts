/**
 * Resolves a Cognito identity end to end, in the order of Cognito's documented calls (SEMANTICS.md §A2, §A3):
 * GetId (the login and the identity id), then the role (GetCredentialsForIdentity picks it in the enhanced flow; the
 * client names it in the basic flow), then STS AssumeRoleWithWebIdentity (the role's trust policy), then the role
 * session the credentials are for. The trust evaluator is passed in, so this file has no dependency on the IAM engine.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 */
import type { IdentityInput, Resolution } from '../model/request';
import type { RoleDetail, Workspace, WorkspaceSettings } from '../model/workspace';
import type { CallerPrincipal, EvalOptions } from '../evaluate/types';
import type { IdentityResolution } from './identity-resolution';
import { cognitoErrors } from './errors';
import { getId, type SignIn } from './get-id';
import { arrayOf } from './providers';
import { chooseRole, type RoleChoice } from './choose-role';
import { guestSessionPolicies } from './scope-down';
import { amrOf, buildSession, principalTagsOf } from './session';
import { checkTrust, type TrustEvaluator } from './trust';
import { Trail } from './trail';
import { resolveUserIdentity } from '../userpool/resolve-user';

export type { IdentityResolution } from './identity-resolution';

/** Resolves an identity with the given trust evaluator (index.ts binds the IAM engine's). */
export function resolveIdentityWith(
  ws: Workspace,
  identity: IdentityInput,
  opts: EvalOptions,
  evaluateTrust: TrustEvaluator,
): IdentityResolution {
  // A user of a user pool: build the ID token Cognito would issue, then resolve from its claims (userpool/).
  if (identity && typeof identity === 'object' && identity.user !== undefined) {
    return resolveUserIdentity(ws, identity, opts.now, (withClaims) =>
      resolveIdentityWith(ws, withClaims, opts, evaluateTrust),
    );
  }
  const trail = new Trail(ws.settings);
  const got = getId(ws, identity, opts.now, trail);
  if ('refused' in got) return got.refused;
  const { signIn } = got;
  const { identityId, claims } = signIn;

  const choice = pickRole(signIn, identity, ws.settings, trail);
  const amr = amrOf(signIn.provider, claims);
  const basicFlowRoles =
    signIn.flow === 'basic' ? reachableRoles(ws, evaluateTrust, signIn.poolId, amr, identityId) : undefined;
  const reachable = basicFlowRoles ? { basicFlowRoles } : {};
  const resolution = resolutionOf(choice, trail);
  if (choice.outcome === 'denied' || !choice.roleArn)
    return trail.finish({ resolution, identityId, claims, ...reachable });

  const roleArn = choice.roleArn;
  const assumed = assumeRole(ws, evaluateTrust, signIn, roleArn, amr, trail);
  if (!assumed.allowed) {
    const refused: Resolution = { ...resolution, outcome: 'denied', trust: 'denied', error: trustRefusal(signIn) };
    return trail.finish({ resolution: refused, roleArn, identityId, claims, ...assumed.trustFields, ...reachable });
  }
  const principal = issueCredentials(signIn, assumed.role, roleArn, amr, assumed.tags, ws.settings, trail);
  return trail.finish({
    resolution: { ...resolution, trust: 'allowed' },
    roleArn,
    identityId,
    principal,
    claims,
    ...assumed.trustFields,
    ...reachable,
  });
}

/**
 * The role: in the enhanced flow GetCredentialsForIdentity picks it from the pool's role mapping (token, rules) or
 * its default roles; in the basic flow the client names it (choose-role.ts).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html
 */
function pickRole(
  signIn: SignIn,
  identity: IdentityInput,
  settings: WorkspaceSettings | undefined,
  trail: Trail,
): RoleChoice {
  const { pool, poolId, knownPools, provider, clientId, claims, flow } = signIn;
  const choice = chooseRole({
    pool,
    poolId,
    ...(knownPools ? { knownPools } : {}),
    provider,
    clientId,
    claims,
    flow,
    settings,
    assumptions: trail.assumptions,
    ...(typeof identity.customRoleArn === 'string' && identity.customRoleArn
      ? { customRoleArn: identity.customRoleArn }
      : {}),
    ...(typeof identity.roleArn === 'string' && identity.roleArn ? { requestedRoleArn: identity.roleArn } : {}),
  });
  trail.add(choice);
  return choice;
}

/** The resolution as the role choice left it (trust not evaluated yet); its trace is the trail's, still growing. */
function resolutionOf(choice: RoleChoice, trail: Trail): Resolution {
  return {
    outcome: choice.outcome,
    source: choice.source,
    ...(choice.ruleIndex !== undefined ? { ruleIndex: choice.ruleIndex } : {}),
    trust: 'notEvaluated',
    error: choice.error,
    trace: trail.steps,
    mappingKey: choice.mappingKey,
  };
}

/** STS refused the role: the client sees STS's AccessDenied in the basic flow, Cognito's configuration error else. */
function trustRefusal(signIn: SignIn) {
  return signIn.flow === 'basic' ? cognitoErrors.stsAccessDenied() : cognitoErrors.invalidPoolConfiguration();
}

type Assumed =
  | { allowed: false; trustFields?: TrustFields }
  | { allowed: true; role: RoleDetail; tags: Record<string, string>; trustFields: TrustFields };
type TrustFields = Pick<IdentityResolution, 'trustStatements' | 'trustMatched'>;

/**
 * STS AssumeRoleWithWebIdentity (Cognito calls it in the enhanced flow, the client in the basic flow): the role must
 * exist and its trust policy must accept this pool's token (aud, amr) with the principal tags as session tags.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
function assumeRole(
  ws: Workspace,
  evaluateTrust: TrustEvaluator,
  signIn: SignIn,
  roleArn: string,
  amr: string[],
  trail: Trail,
): Assumed {
  const role = arrayOf<RoleDetail>(ws.iam?.RoleDetailList).find((r) => r && r.Arn === roleArn);
  if (!role) {
    trail.step('trust', 'failed', `The role ${roleArn} is not in the workspace, so STS cannot assume it.`);
    return { allowed: false };
  }
  const { pool, provider, claims, poolId, identityId, guest } = signIn;
  const { tags, notes } = principalTagsOf(pool, provider, claims, ws.settings, trail.assumptions);
  trail.add({ notes });
  const trust = checkTrust(evaluateTrust, roleArn, poolId, amr, identityId, tags);
  trail.add({ steps: trust.steps });
  const trustFields = { trustStatements: trust.statements, trustMatched: trust.matched };
  const namesSub = trust.statements.some((s) =>
    s.conditions.some((c) => c.key.toLowerCase() === 'cognito-identity.amazonaws.com:sub'),
  );
  if (guest && namesSub) trail.assumptions.add('guestSubPresent');
  return trust.allowed ? { allowed: true, role, tags, trustFields } : { allowed: false, trustFields };
}

/**
 * The credentials: the role session (CognitoIdentityCredentials) with its session tags; a guest in the enhanced flow
 * gets Cognito's scope-down session policies.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
function issueCredentials(
  signIn: SignIn,
  role: RoleDetail,
  roleArn: string,
  amr: string[],
  tags: Record<string, string>,
  settings: WorkspaceSettings | undefined,
  trail: Trail,
): CallerPrincipal {
  const { guest, flow, poolId, identityId } = signIn;
  let sessionPolicies: ReturnType<typeof guestSessionPolicies>['policies'] = [];
  if (guest && flow === 'enhanced') {
    trail.assumptions.add('guestScopeDown');
    const sd = guestSessionPolicies(settings);
    sessionPolicies = sd.policies;
    trail.add({ notes: sd.notes });
    const ids = sd.policies.map((p) => p.policyId).join(' + ') || 'none';
    trail.step('session', 'info', `Guest session: Cognito passes its scope-down session policies (${ids}).`);
  }
  if (flow === 'basic')
    trail.note('In the basic flow the client chooses the role session name; Rolecall uses CognitoIdentityCredentials.');
  const principal = buildSession({
    roleArn,
    ...(role.RoleId ? { roleId: role.RoleId } : {}),
    identityPoolId: poolId,
    identityId,
    amr,
    guest,
    sessionTags: tags,
    sessionPolicies,
    settings,
  });
  const tagged = Object.keys(tags).length ? ` with principal tags ${JSON.stringify(tags)}` : '';
  trail.step('session', 'ok', `Credentials for ${principal.arn}${tagged}.`);
  return principal;
}

/**
 * Basic flow: every role whose trust policy accepts this pool's token for this identity (the role set a client can
 * reach), plus roles that name cognito-identity.amazonaws.com but refuse it. [INF from DOC authentication-flow.md]
 */
function reachableRoles(
  ws: Workspace,
  evaluateTrust: TrustEvaluator,
  poolId: string,
  amr: string[],
  identityId: string,
): { roleArn: string; trust: 'allowed' | 'denied' }[] {
  const out: { roleArn: string; trust: 'allowed' | 'denied' }[] = [];
  for (const r of arrayOf<RoleDetail>(ws.iam?.RoleDetailList)) {
    if (!r || typeof r.Arn !== 'string') continue;
    const t = checkTrust(evaluateTrust, r.Arn, poolId, amr, identityId, {});
    if (t.allowed) out.push({ roleArn: r.Arn, trust: 'allowed' });
    else if (mentionsCognito(r.AssumeRolePolicyDocument)) out.push({ roleArn: r.Arn, trust: 'denied' });
  }
  return out;
}

function mentionsCognito(doc: unknown): boolean {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc ?? '');
  return /cognito-identity\.amazonaws\.com/i.test(text.includes('%') ? safeDecode(text) : text);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
