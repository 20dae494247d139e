/**
 * Resolves a Cognito identity end to end: claims → role (as Cognito picks it) → trust (as STS checks it) → the role
 * session to evaluate as. The trust evaluator is passed in, so this file has no dependency on the IAM engine.
 */
import { didYouMean } from '../did-you-mean';
import type { AwsError, IdentityInput, Resolution, ResolutionStep } from '../model/request';
import type { IdentityPool, PolicyInput, RoleDetail, Workspace } from '../model/workspace';
import type { EvalOptions } from '../evaluate/types';
import type { IdentityResolution } from './identity-resolution';
import { AssumptionSet } from './assumptions';
import { cognitoErrors } from './errors';
import { deriveIdentityId } from './identity-id';
import type { ConfiguredProvider } from './providers';
import { arrayOf, findProvider, guessKind, stripScheme } from './providers';
import { chooseRole, type RoleChoice } from './choose-role';
import { guestSessionPolicies } from './scope-down';
import { amrOf, buildSession, principalTagsOf } from './session';
import { audiences, checkGivenClaims, checkToken, readClaims } from './token';
import { checkTrust, type TrustEvaluator } from './trust';
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
  const settings = ws.settings;
  const assumptions = new AssumptionSet();
  const notes: string[] = [];
  const steps: ResolutionStep[] = [];
  const finish = (
    r: Partial<IdentityResolution> & { resolution: Resolution; identityId: string; claims: Record<string, unknown> },
  ): IdentityResolution => ({
    roleArn: null,
    principal: null,
    ...r,
    assumptions: assumptions.toAssumptions(settings),
    notes: [...notes, ...(r.notes ?? [])],
  });
  const refuse = (
    error: AwsError,
    identityId: string,
    claims: Record<string, unknown>,
    extra?: { mappingKey?: string | null },
  ) =>
    finish({
      resolution: {
        outcome: 'denied',
        source: null,
        trust: 'notEvaluated',
        error,
        trace: steps,
        mappingKey: extra?.mappingKey ?? null,
      },
      identityId,
      claims,
    });

  if (
    !identity ||
    typeof identity !== 'object' ||
    typeof identity.identityPoolId !== 'string' ||
    !identity.identityPoolId
  ) {
    steps.push({ kind: 'provider', status: 'failed', message: 'identity.identityPoolId must be a non-empty string.' });
    return refuse({ code: 'InvalidParameterException', message: 'identity.identityPoolId is required.' }, '', {});
  }
  const poolId = identity.identityPoolId;
  const pool: IdentityPool | undefined = arrayOf<IdentityPool>(ws.identityPools).find(
    (p) => p && p.IdentityPoolId === poolId,
  );
  const flow: 'enhanced' | 'basic' = !pool ? 'basic' : identity.flow === 'basic' ? 'basic' : 'enhanced';
  const knownPools = pool ? '' : knownPoolsText(ws.identityPools, poolId);
  if (!pool && identity.flow !== 'basic')
    notes.push(`The identity pool is not in the workspace: only the basic flow applies.${knownPools}`);
  const guest = identity.provider === undefined || identity.provider === null || identity.provider === '';

  // Which provider signed the identity in.
  let provider: ConfiguredProvider | null = null;
  let clientIdFromKey: string | undefined;
  const idOf = (c: Record<string, unknown>): string =>
    stringOr(identity.identityId, '') ||
    deriveIdentityId(
      poolId,
      provider?.loginsKey ?? (typeof identity.provider === 'string' ? stripScheme(identity.provider) : null),
      c,
    );
  if (!guest) {
    if (typeof identity.provider !== 'string') {
      steps.push({
        kind: 'provider',
        status: 'failed',
        message: 'identity.provider must be a string (the Logins key) or null for a guest.',
      });
      return refuse(cognitoErrors.unsupportedProvider(), idOf({}), {});
    }
    if (pool) {
      const lookup = findProvider(pool, identity.provider);
      if (!lookup.provider) {
        steps.push({
          kind: 'provider',
          status: 'failed',
          message: `${identity.provider} is not a provider configured on pool ${poolId}.`,
        });
        return refuse(cognitoErrors.unsupportedProvider(), idOf({}), {});
      }
      provider = lookup.provider;
      clientIdFromKey = lookup.clientIdFromKey;
      if (lookup.normalisedFrom)
        notes.push(`The provider "${lookup.normalisedFrom}" was read as the Logins key "${provider.loginsKey}".`);
      steps.push({
        kind: 'provider',
        status: 'ok',
        message: `${provider.loginsKey} is a configured ${provider.kind} provider of pool ${poolId}.`,
      });
    } else {
      const key = stripScheme(identity.provider);
      provider = { kind: guessKind(key), loginsKey: key, clientIds: [] };
    }
  }

  // The claims: given directly, or decoded from the token and checked.
  let claims: Record<string, unknown> = {};
  if (!guest) {
    const read = readClaims(identity, provider?.kind ?? null);
    steps.push(...read.steps);
    notes.push(...read.notes);
    if (!read.ok) return refuse(read.error, idOf({}), {});
    claims = read.claims;
    if (read.fromToken && provider) {
      const check = checkToken(
        claims,
        { kind: provider.kind, loginsKey: provider.loginsKey, clientIds: provider.clientIds, poolKnown: !!pool },
        opts.now,
      );
      steps.push(...check.steps);
      notes.push(...check.notes);
      if (check.error) return refuse(check.error, idOf(claims), claims);
    } else if (provider && pool) {
      const check = checkGivenClaims(claims, {
        kind: provider.kind,
        loginsKey: provider.loginsKey,
        clientIds: provider.clientIds,
        poolKnown: true,
      });
      steps.push(...check.steps);
      if (check.error) return refuse(check.error, idOf(claims), claims);
    }
  } else if (identity.claims !== undefined || identity.token !== undefined) {
    notes.push('A guest has no login: the claims or token given were ignored.');
  }

  // The user-pool app client the mapping key uses: the token's aud.
  let clientId: string | undefined;
  if (provider?.kind === 'userPool') {
    const auds = audiences(claims);
    clientId = auds.find((a) => provider!.clientIds.includes(a)) ?? auds[0] ?? clientIdFromKey;
    if (!clientId && provider.clientIds.length > 0) {
      clientId = provider.clientIds[0];
      notes.push(
        `The claims have no aud; the app client ${clientId} (the ${provider.clientIds.length === 1 ? 'only' : 'first'} configured one) was used for the role-mapping key.`,
      );
    }
    if (clientId && pool && provider.clientIds.length > 0 && !provider.clientIds.includes(clientId)) {
      notes.push(
        `aud ${clientId} is not an app client configured for ${provider.loginsKey}; a real token with this aud would be refused ("Token is not from a supported provider of this identity pool.").`,
      );
    }
  }

  const identityId = idOf(claims);
  if (identityId !== identity.identityId)
    notes.push(`No identity id was given; the derived id ${identityId} stands for cognito-identity.amazonaws.com:sub.`);

  const choice: RoleChoice = chooseRole({
    pool,
    poolId,
    ...(knownPools ? { knownPools } : {}),
    provider,
    clientId,
    claims,
    flow,
    settings,
    assumptions,
    ...(typeof identity.customRoleArn === 'string' && identity.customRoleArn
      ? { customRoleArn: identity.customRoleArn }
      : {}),
    ...(typeof identity.roleArn === 'string' && identity.roleArn ? { requestedRoleArn: identity.roleArn } : {}),
  });
  steps.push(...choice.steps);
  notes.push(...choice.notes);
  const amr = amrOf(provider, claims);
  const basicFlowRoles = flow === 'basic' ? reachableRoles(ws, evaluateTrust, poolId, amr, identityId) : undefined;
  const resolution: Resolution = {
    outcome: choice.outcome,
    source: choice.source,
    ...(choice.ruleIndex !== undefined ? { ruleIndex: choice.ruleIndex } : {}),
    trust: 'notEvaluated',
    error: choice.error,
    trace: steps,
    mappingKey: choice.mappingKey,
  };
  if (choice.outcome === 'denied' || !choice.roleArn) {
    return finish({ resolution, identityId, claims, ...(basicFlowRoles ? { basicFlowRoles } : {}) });
  }
  const roleArn = choice.roleArn;
  const trustError = flow === 'basic' ? cognitoErrors.stsAccessDenied() : cognitoErrors.invalidPoolConfiguration();
  const role = findRole(ws, roleArn);
  if (!role) {
    steps.push({
      kind: 'trust',
      status: 'failed',
      message: `The role ${roleArn} is not in the workspace, so STS cannot assume it.`,
    });
    return finish({
      resolution: { ...resolution, outcome: 'denied', trust: 'denied', error: trustError },
      roleArn,
      identityId,
      claims,
      ...(basicFlowRoles ? { basicFlowRoles } : {}),
    });
  }

  const { tags, notes: tagNotes } = principalTagsOf(pool, provider, claims, settings, assumptions);
  notes.push(...tagNotes);
  const trust = checkTrust(evaluateTrust, roleArn, poolId, amr, identityId, tags);
  steps.push(...trust.steps);
  const trustFields = { trustStatements: trust.statements, trustMatched: trust.matched };
  if (
    guest &&
    trust.statements.some((s) => s.conditions.some((c) => c.key.toLowerCase() === 'cognito-identity.amazonaws.com:sub'))
  )
    assumptions.add('guestSubPresent');
  if (!trust.allowed) {
    return finish({
      resolution: { ...resolution, outcome: 'denied', trust: 'denied', error: trustError },
      roleArn,
      identityId,
      claims,
      ...trustFields,
      ...(basicFlowRoles ? { basicFlowRoles } : {}),
    });
  }

  // Guests in the enhanced flow get Cognito's scope-down session policies (iam-roles.md).
  let sessionPolicies: { policyId: string; document: PolicyInput }[] = [];
  if (guest && flow === 'enhanced') {
    assumptions.add('guestScopeDown');
    const sd = guestSessionPolicies(settings);
    sessionPolicies = sd.policies;
    notes.push(...sd.notes);
    steps.push({
      kind: 'session',
      status: 'info',
      message: `Guest session: Cognito passes its scope-down session policies (${sd.policies.map((p) => p.policyId).join(' + ') || 'none'}).`,
    });
  }
  if (flow === 'basic')
    notes.push('In the basic flow the client chooses the role session name; Rolecall uses CognitoIdentityCredentials.');
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
  steps.push({
    kind: 'session',
    status: 'ok',
    message: `Credentials for ${principal.arn}${Object.keys(tags).length ? ` with principal tags ${JSON.stringify(tags)}` : ''}.`,
  });
  return finish({
    resolution: { ...resolution, trust: 'allowed' },
    roleArn,
    identityId,
    principal,
    claims,
    ...trustFields,
    ...(basicFlowRoles ? { basicFlowRoles } : {}),
  });
}

/** The workspace's role with this ARN. */
function findRole(ws: Workspace, roleArn: string): RoleDetail | undefined {
  return arrayOf<RoleDetail>(ws.iam?.RoleDetailList).find((r) => r && r.Arn === roleArn);
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

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' && v ? v : fallback;
}

/**
 * The pools the workspace does hold, for an identity pool id it does not (a typo, or another party's pool):
 * ` The workspace holds: us-east-1:… (app); did you mean "us-east-1:…"?`
 */
export function knownPoolsText(pools: unknown, poolId: string): string {
  const list = arrayOf<IdentityPool>(pools).filter((p) => p && typeof p.IdentityPoolId === 'string');
  if (list.length === 0) return ' The workspace holds no identity pools.';
  const ids = list.map((p) => p.IdentityPoolId);
  const names = list.map((p) => `${p.IdentityPoolId}${p.IdentityPoolName ? ` (${p.IdentityPoolName})` : ''}`);
  return ` The workspace holds: ${names.join(', ')}${didYouMean(poolId, ids)}.`;
}
