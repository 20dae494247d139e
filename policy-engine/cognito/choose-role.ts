/**
 * Which role Cognito picks for an identity, before STS looks at the role's trust policy (SEMANTICS.md §A2.3, §A3).
 * Pure: no IAM here, only the pool's configuration and the claims.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 */
import type { AwsError, Resolution, ResolutionStep } from '../model/request';
import type { IdentityPool, RoleMapping, WorkspaceSettings } from '../model/workspace';
import type { AssumptionSet } from './assumptions';
import { cognitoErrors } from './errors';
import type { ConfiguredProvider } from './providers';
import { findRoleMapping, objectOf } from './providers';
import { evaluateRules } from './rules';

/** The SAML attribute that carries role/provider ARN pairs (saml-identity-provider.md). */
export const SAML_ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';

/** What Cognito decided before STS. */
export interface RoleChoice {
  outcome: 'role' | 'denied';
  source: Resolution['source'];
  ruleIndex?: number;
  roleArn: string | null;
  error: AwsError | null;
  steps: ResolutionStep[];
  mappingKey: string | null;
  notes: string[];
}

/** Everything the choice depends on. */
export interface ChoiceInput {
  /** The pool, or undefined when the workspace does not hold it (only the basic flow then applies). */
  pool: IdentityPool | undefined;
  /** The identity pool id asked about (named in the error when the workspace does not hold the pool). */
  poolId?: string;
  /** When the workspace does not hold the pool: the pools it does hold, as a sentence (with did-you-mean). */
  knownPools?: string;
  /** The provider that signed the identity in; null for a guest. */
  provider: ConfiguredProvider | null;
  /** The user-pool app client id (from the token's aud) used for the mapping key. */
  clientId?: string;
  claims: Record<string, unknown>;
  customRoleArn?: string;
  flow: 'enhanced' | 'basic';
  /** Basic flow: the role the client asks STS for. */
  requestedRoleArn?: string;
  settings: WorkspaceSettings | undefined;
  assumptions: AssumptionSet;
}

/** Picks the role (or the refusal) exactly as Cognito does. */
export function chooseRole(input: ChoiceInput): RoleChoice {
  const c = new Choice();
  const { pool, provider } = input;
  if (!pool) {
    if (!input.requestedRoleArn) {
      // CONTRACT §2: another party's pool picks roles its own way; only the basic flow (client names the role) is knowable.
      c.step(
        'basic',
        'failed',
        `The identity pool is not in the workspace: only the basic flow can be evaluated, and it needs the role the client asks STS for (identity.roleArn).${input.knownPools ?? ''}`,
      );
      return c.deny(cognitoErrors.poolNotInWorkspace(input.poolId ?? '(unknown pool)', input.knownPools), 'basic');
    }
    c.step(
      'basic',
      'info',
      `The identity pool is not in the workspace: it stands for a pool someone else controls, so only the basic flow applies and the role's trust policy decides.${input.knownPools ?? ''}`,
    );
    return basicRole(c, input);
  }
  if (!provider) {
    // DOC authentication-flow.md: guests get credentials only when guest access is activated.
    if (pool.AllowUnauthenticatedIdentities !== true) {
      c.step(
        'guest',
        'failed',
        `Guest access is ${pool.AllowUnauthenticatedIdentities === false ? 'switched off' : 'not set'} (AllowUnauthenticatedIdentities) on this pool.`,
      );
      return c.deny(cognitoErrors.unauthenticatedNotSupported(), null);
    }
    c.step('guest', 'ok', 'No login given: a guest (unauthenticated) identity; guest access is on.');
  }
  if (input.flow === 'basic') return basicFlow(c, input, pool);
  if (input.customRoleArn && !provider)
    c.notes.push('CustomRoleArn is ignored for guests: they always get the unauthenticated role.');
  if (!provider) return defaultRole(c, pool, 'unauthenticated');
  const lookup = findRoleMapping(pool, provider, input.clientId);
  const samlRoles = provider.kind === 'saml' ? samlRolesOf(input.claims) : [];
  if (!lookup) {
    const keyText =
      provider.kind === 'userPool' ? `${provider.loginsKey}:${input.clientId ?? '(no client id)'}` : provider.loginsKey;
    c.step('mapping', 'info', `No role mapping for ${keyText}: the pool's default authenticated role applies.`);
    if (provider.kind === 'saml' && samlRoles.length > 0) return tokenRoles(c, input, pool, null, samlRoles, undefined);
    return withCustomIgnored(c, input, pool);
  }
  if (lookup.ambiguousKeyForm) input.assumptions.add('oidcMappingKey');
  c.mappingKey = lookup.key;
  const m = lookup.mapping;
  if (m?.Type === 'Token') {
    c.step(
      'mapping',
      'info',
      `Role mapping ${lookup.key}: Type Token ("Choose role from token"), AmbiguousRoleResolution ${m.AmbiguousRoleResolution ?? '(missing)'}.`,
    );
    if (provider.kind === 'saml') return tokenRoles(c, input, pool, m, samlRoles, undefined);
    return tokenRoles(c, input, pool, m, cognitoRolesOf(input.claims['cognito:roles']), preferredOf(input.claims));
  }
  if (m?.Type === 'Rules') {
    const rules = m.RulesConfiguration?.Rules;
    c.step(
      'mapping',
      'info',
      `Role mapping ${lookup.key}: Type Rules, ${Array.isArray(rules) ? rules.length : 0} rule(s), AmbiguousRoleResolution ${m.AmbiguousRoleResolution ?? '(missing)'}.`,
    );
    if (!Array.isArray(rules) || rules.length === 0) {
      c.step('mapping', 'failed', 'The Rules mapping has no RulesConfiguration.Rules: no rule can match.');
      return ambiguous(c, input, pool, m);
    }
    const custom = input.customRoleArn;
    const result = evaluateRules(rules, input.claims, input.settings, input.assumptions, !!custom, custom);
    c.steps.push(...result.steps);
    if (custom) {
      input.assumptions.add('customRoleArnWithRules');
      const idx = result.allMatching.find((i) => rules[i].RoleARN === custom);
      if (idx !== undefined) {
        c.step(
          'customRoleArn',
          'ok',
          `CustomRoleArn ${custom} is the role of matching rule ${idx}: it overrides the rule order.`,
        );
        return c.role(custom, 'customRoleArn', idx);
      }
      c.step('customRoleArn', 'failed', `CustomRoleArn ${custom} is not the role of any matching rule.`);
      return c.deny(cognitoErrors.customRoleArnRefused(custom), null);
    }
    if (result.matchedIndex >= 0) return c.role(rules[result.matchedIndex].RoleARN, 'rule', result.matchedIndex);
    c.step('mapping', 'info', 'No rule matched.');
    return ambiguous(c, input, pool, m);
  }
  c.step(
    'mapping',
    'failed',
    `Role mapping ${lookup.key} has Type ${JSON.stringify(m?.Type)}, which is neither Token nor Rules.`,
  );
  return ambiguous(c, input, pool, m);
}

/** Collects the steps and builds the result. */
class Choice {
  steps: ResolutionStep[] = [];
  notes: string[] = [];
  mappingKey: string | null = null;
  step(
    kind: ResolutionStep['kind'],
    status: ResolutionStep['status'],
    message: string,
    detail?: Record<string, unknown>,
  ): void {
    this.steps.push(detail ? { kind, status, message, detail } : { kind, status, message });
  }
  role(roleArn: string, source: Resolution['source'], ruleIndex?: number): RoleChoice {
    return {
      outcome: 'role',
      source,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      roleArn,
      error: null,
      steps: this.steps,
      mappingKey: this.mappingKey,
      notes: this.notes,
    };
  }
  deny(error: AwsError, source: Resolution['source']): RoleChoice {
    return {
      outcome: 'denied',
      source,
      roleArn: null,
      error,
      steps: this.steps,
      mappingKey: this.mappingKey,
      notes: this.notes,
    };
  }
}

/** The pool's default role for the auth type, or InvalidIdentityPoolConfiguration when none is set. */
function defaultRole(c: Choice, pool: IdentityPool, which: 'authenticated' | 'unauthenticated'): RoleChoice {
  const arn = objectOf(pool.Roles)[which];
  if (typeof arn !== 'string' || !arn) {
    c.step('default', 'failed', `The pool has no ${which} role (Roles.${which}).`);
    return c.deny(cognitoErrors.invalidPoolConfiguration(), 'default');
  }
  c.step('default', 'ok', `The pool's ${which} role: ${arn}.`);
  return c.role(arn, 'default');
}

/** No mapping applies: the default authenticated role; CustomRoleArn is undocumented here. */
function withCustomIgnored(c: Choice, input: ChoiceInput, pool: IdentityPool): RoleChoice {
  const result = defaultRole(c, pool, 'authenticated');
  if (input.customRoleArn && input.customRoleArn !== result.roleArn) {
    input.assumptions.add('customRoleArnWithoutMapping');
    result.notes.push(
      `CustomRoleArn ${input.customRoleArn} was ignored: no Token or Rules mapping applies to this provider.`,
    );
  }
  return result;
}

/** AmbiguousRoleResolution: AuthenticatedRole → the default authenticated role; Deny (or missing) → refusal. */
function ambiguous(c: Choice, input: ChoiceInput, pool: IdentityPool, m: RoleMapping | undefined): RoleChoice {
  if (m?.AmbiguousRoleResolution === 'AuthenticatedRole') {
    c.step(
      'default',
      'info',
      "AmbiguousRoleResolution is AuthenticatedRole: the pool's default authenticated role applies.",
    );
    return defaultRole(c, pool, 'authenticated');
  }
  const why =
    m?.AmbiguousRoleResolution === 'Deny'
      ? 'AmbiguousRoleResolution is Deny'
      : 'AmbiguousRoleResolution is missing (AWS requires it; treated as Deny)';
  c.step('default', 'failed', `${why}: the request is refused.`);
  return c.deny(cognitoErrors.ambiguousDenied(input.provider?.loginsKey ?? ''), m?.Type === 'Rules' ? 'rule' : 'token');
}

/** Token mapping (user-pool groups or SAML roles): CustomRoleArn, then preferred role, then ambiguity. */
function tokenRoles(
  c: Choice,
  input: ChoiceInput,
  pool: IdentityPool,
  m: RoleMapping | null,
  roles: string[],
  preferred: string | undefined,
): RoleChoice {
  const what =
    input.provider?.kind === 'saml'
      ? `SAML role attribute ${JSON.stringify(roles)}`
      : `cognito:roles ${JSON.stringify(roles)}, cognito:preferred_role ${JSON.stringify(preferred ?? null)}`;
  c.step('tokenRoles', 'info', `The token carries ${what}.`, { roles, preferredRole: preferred ?? null });
  const custom = input.customRoleArn;
  if (custom) {
    // DOC role-based-access-control.md: CustomRoleArn is used if it is among the token's roles, else denied.
    if (roles.includes(custom)) {
      c.step('customRoleArn', 'ok', `CustomRoleArn ${custom} is one of the token's roles.`);
      return c.role(custom, 'customRoleArn');
    }
    input.assumptions.add('customRoleArnNotInToken');
    c.step('customRoleArn', 'failed', `CustomRoleArn ${custom} is not one of the token's roles.`);
    return c.deny(cognitoErrors.customRoleArnRefused(custom), 'customRoleArn');
  }
  if (preferred) {
    c.step('tokenRoles', 'ok', `cognito:preferred_role ${preferred} is used.`);
    return c.role(preferred, 'token');
  }
  if (roles.length === 1) {
    // AWS: AmbiguousRoleResolution applies when "there is no cognito:preferred_role claim and there are multiple
    // cognito:roles matches" (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html);
    // one role without a preferred one is not covered, so the answer says what Rolecall assumed (SAML is documented).
    if (input.provider?.kind !== 'saml') input.assumptions.add('tokenSingleRoleWithoutPreferred');
    c.step('tokenRoles', 'ok', `The token carries exactly one role: ${roles[0]}.`);
    return c.role(roles[0], 'token');
  }
  if (roles.length === 0) {
    input.assumptions.add('tokenMappingWithoutRoles');
    c.step('tokenRoles', 'info', 'The token carries no role at all.');
  } else {
    if (input.provider?.kind === 'saml') input.assumptions.add('samlRoleChoice');
    c.step('tokenRoles', 'info', 'The token carries several roles and none is preferred: the choice is ambiguous.');
  }
  if (!m) {
    c.step('default', 'failed', 'No role mapping gives an AmbiguousRoleResolution: the request is refused.');
    return c.deny(cognitoErrors.ambiguousDenied(input.provider?.loginsKey ?? ''), 'token');
  }
  return ambiguous(c, input, pool, m);
}

/** The basic (classic) flow on a pool in the workspace. */
function basicFlow(c: Choice, input: ChoiceInput, pool: IdentityPool): RoleChoice {
  if (pool.AllowClassicFlow === false) {
    c.step('basic', 'failed', 'AllowClassicFlow is false on this pool.');
    return c.deny(cognitoErrors.basicFlowDisabled(), 'basic');
  }
  if (pool.AllowClassicFlow === undefined) {
    input.assumptions.add('classicFlowUnset');
    c.step('basic', 'info', 'AllowClassicFlow is not set: treated as allowed (aws/aws-cli#7652).');
  } else {
    c.step('basic', 'ok', 'AllowClassicFlow is true.');
  }
  if (Object.keys(objectOf(pool.RoleMappings)).length > 0) {
    c.step('basic', 'failed', 'The pool has role mappings; the basic flow cannot be used with them.');
    return c.deny(cognitoErrors.basicFlowWithRoleMappings(), 'basic');
  }
  return basicRole(c, input);
}

/** Basic flow: the client asks STS for any role; the role's trust policy alone decides. */
function basicRole(c: Choice, input: ChoiceInput): RoleChoice {
  if (input.customRoleArn)
    c.notes.push('CustomRoleArn is ignored in the basic flow: the client names the role (identity.roleArn).');
  if (!input.requestedRoleArn) {
    c.step('basic', 'failed', 'The basic flow needs the role the client asks STS for (identity.roleArn).');
    return c.deny(cognitoErrors.stsRoleArnMissing(), 'basic');
  }
  c.step(
    'basic',
    'info',
    `The client asks STS (AssumeRoleWithWebIdentity) for ${input.requestedRoleArn}; no role mapping and no scope-down apply.`,
  );
  return c.role(input.requestedRoleArn, 'basic');
}

/** cognito:roles as a list: a JSON array in real tokens, a comma-separated string in the docs (SEMANTICS §A2.3). */
function cognitoRolesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

function preferredOf(claims: Record<string, unknown>): string | undefined {
  const v = claims['cognito:preferred_role'];
  return typeof v === 'string' && v ? v : undefined;
}

/** The role ARNs in the SAML Role attribute: each value is "roleArn,providerArn" in either order. */
function samlRolesOf(claims: Record<string, unknown>): string[] {
  const raw = claims[SAML_ROLE_ATTRIBUTE];
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const roles: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    for (const part of v.split(',').map((s) => s.trim())) {
      if (/^arn:[\w-]+:iam::\d{12}:role\//.test(part) && !roles.includes(part)) roles.push(part);
    }
  }
  return roles;
}
