/**
 * Validation of the identity pools of a workspace, as the Cognito API would validate SetIdentityPoolRoles and what a
 * reader needs to know (SEMANTICS.md §A1, §A2.1). Paths look like
 * `identityPools[0].RoleMappings["…"].RulesConfiguration.Rules[3].Claim`.
 */
import type { Diagnostic } from '../model/diagnostic';
import type { IdentityPool, MappingRule, RoleDetail, RoleMapping, Workspace } from '../model/workspace';
import { arrayOf, configuredProviders, isConfiguredMappingKey, objectOf } from './providers';
import { appendJsonPath } from '../json-text';

/** The documented limit of rules per provider; the API model allows 400 (role-based-access-control.md). */
const MAX_RULES_PER_PROVIDER = 25;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const MATCH_TYPES = ['Equals', 'Contains', 'StartsWith', 'NotEqual'];

/** Every problem with the workspace's identity pools. */
export function validateIdentityPools(ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pools = ws?.identityPools;
  if (pools === undefined) return out;
  if (!Array.isArray(pools))
    return [
      {
        severity: 'error',
        code: 'cognito.pools-not-array',
        message: 'identityPools must be an array.',
        path: 'identityPools',
      },
    ];
  const roles = new Set(
    arrayOf<RoleDetail>(ws.iam?.RoleDetailList)
      .filter((r) => r && typeof r.Arn === 'string')
      .map((r) => r.Arn),
  );
  const haveIam = Array.isArray(ws.iam?.RoleDetailList);
  const seen = new Map<string, number>();
  pools.forEach((pool, i) => validatePool(pool, `identityPools[${i}]`, roles, haveIam, seen, i, out));
  return out;
}

function validatePool(
  pool: IdentityPool,
  path: string,
  roles: Set<string>,
  haveIam: boolean,
  seen: Map<string, number>,
  index: number,
  out: Diagnostic[],
): void {
  const d = (severity: Diagnostic['severity'], code: string, message: string, p: string) =>
    out.push({ severity, code, message, path: p });
  if (!pool || typeof pool !== 'object' || Array.isArray(pool)) {
    d(
      'error',
      'cognito.pool-shape',
      'An identity pool must be an object (DescribeIdentityPool output merged with GetIdentityPoolRoles output).',
      path,
    );
    return;
  }
  if (typeof pool.IdentityPoolId !== 'string' || !/^[\w-]+:[0-9a-f-]+$/.test(pool.IdentityPoolId)) {
    d(
      'error',
      'cognito.pool-id',
      `IdentityPoolId ${JSON.stringify(pool.IdentityPoolId)} is not of the form REGION:GUID.`,
      `${path}.IdentityPoolId`,
    );
  } else if (seen.has(pool.IdentityPoolId)) {
    d(
      'error',
      'cognito.pool-duplicate',
      `Identity pool ${pool.IdentityPoolId} is listed twice (also at identityPools[${seen.get(pool.IdentityPoolId)}]).`,
      `${path}.IdentityPoolId`,
    );
  } else {
    seen.set(pool.IdentityPoolId, index);
  }
  const checkRole = (arn: unknown, p: string) => {
    if (typeof arn !== 'string' || !ROLE_ARN.test(arn)) {
      // A bare role name gives "Access to Role '…' is forbidden." (aws/aws-sdk-js#908).
      d(
        'error',
        'cognito.role-arn',
        `${JSON.stringify(arn)} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).`,
        p,
      );
    } else if (haveIam && !roles.has(arn)) {
      // Only the workspace lacks it: Rolecall cannot evaluate it; whether the role exists in AWS is unknown here.
      d(
        'warning',
        'cognito.role-not-found',
        `The role ${arn} is not in the workspace, so Rolecall cannot evaluate what it allows; import it (aws iam get-account-authorization-details, or the template that defines it).`,
        p,
      );
    }
  };
  const rolesMap = objectOf(pool.Roles);
  for (const [k, v] of Object.entries(rolesMap)) {
    if (k !== 'authenticated' && k !== 'unauthenticated')
      d(
        'error',
        'cognito.roles-key',
        `Roles may only have the keys "authenticated" and "unauthenticated", not ${JSON.stringify(k)}.`,
        appendJsonPath(`${path}.Roles`, k),
      );
    else checkRole(v, `${path}.Roles.${k}`);
  }
  if (Object.keys(objectOf(pool.SupportedLoginProviders)).length > 10) {
    d(
      'error',
      'cognito.too-many-providers',
      'SupportedLoginProviders holds at most 10 providers (API model).',
      `${path}.SupportedLoginProviders`,
    );
  }
  const mappings = objectOf(pool.RoleMappings);
  if (Object.keys(mappings).length > 10)
    d(
      'error',
      'cognito.too-many-mappings',
      'RoleMappings holds at most 10 entries (API model).',
      `${path}.RoleMappings`,
    );
  for (const [key, raw] of Object.entries(mappings)) {
    const mp = appendJsonPath(`${path}.RoleMappings`, key);
    const m = raw as RoleMapping;
    const providerKey = m && typeof m === 'object' && typeof m.IdentityProvider === 'string' ? m.IdentityProvider : key;
    if (!isConfiguredMappingKey(pool, providerKey)) {
      // The API rejects such keys (aws/aws-cdk#7670, #22951); user pools need "providerName:clientId".
      const hint = configuredProviders(pool).some((p) => p.kind === 'userPool' && p.loginsKey === providerKey)
        ? ' A user-pool mapping key needs the app client id: "cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID".'
        : '';
      d(
        'error',
        'cognito.mapping-provider',
        `${providerKey} is not a valid RoleMapping ProviderName or is not a configured provider.${hint}`,
        mp,
      );
    }
    if (!m || typeof m !== 'object') {
      d(
        'error',
        'cognito.mapping-shape',
        'A role mapping must be an object with Type, AmbiguousRoleResolution and (for Rules) RulesConfiguration.',
        mp,
      );
      continue;
    }
    if (m.Type !== 'Token' && m.Type !== 'Rules')
      d(
        'error',
        'cognito.mapping-type',
        `Type must be "Token" or "Rules", not ${JSON.stringify(m.Type)}.`,
        `${mp}.Type`,
      );
    if (m.AmbiguousRoleResolution === undefined) {
      d(
        'error',
        'cognito.mapping-ambiguous-missing',
        'AmbiguousRoleResolution is required for Token and Rules mappings ("AuthenticatedRole" or "Deny"); Rolecall treats it as Deny.',
        `${mp}.AmbiguousRoleResolution`,
      );
    } else if (m.AmbiguousRoleResolution !== 'AuthenticatedRole' && m.AmbiguousRoleResolution !== 'Deny') {
      d(
        'error',
        'cognito.mapping-ambiguous',
        `AmbiguousRoleResolution must be "AuthenticatedRole" or "Deny", not ${JSON.stringify(m.AmbiguousRoleResolution)}.`,
        `${mp}.AmbiguousRoleResolution`,
      );
    }
    if (m.AmbiguousRoleResolution === 'AuthenticatedRole' && typeof rolesMap.authenticated !== 'string') {
      d(
        'warning',
        'cognito.mapping-no-default',
        'AmbiguousRoleResolution is AuthenticatedRole but the pool has no authenticated role: an ambiguous identity gets InvalidIdentityPoolConfigurationException.',
        `${mp}.AmbiguousRoleResolution`,
      );
    }
    if (m.Type === 'Rules') validateRules(m, mp, checkRole, d);
    else if (m.RulesConfiguration !== undefined && m.Type === 'Token')
      d(
        'info',
        'cognito.mapping-rules-ignored',
        'RulesConfiguration is ignored for a Token mapping.',
        `${mp}.RulesConfiguration`,
      );
  }
  const tagMaps = objectOf(pool.PrincipalTagAttributeMaps);
  for (const [key, raw] of Object.entries(tagMaps)) {
    const tp = appendJsonPath(`${path}.PrincipalTagAttributeMaps`, key);
    const known = configuredProviders(pool).some((p) => p.loginsKey === key || p.providerArn === key);
    if (!known)
      d(
        'error',
        'cognito.tag-map-provider',
        `${key} is not a provider configured on this pool (user pools are named without ":clientId" here).`,
        tp,
      );
    const tags = objectOf(objectOf(raw).PrincipalTags);
    if (Object.keys(tags).length > 50)
      d('error', 'cognito.tag-map-size', 'PrincipalTags holds at most 50 entries (API model).', `${tp}.PrincipalTags`);
    for (const [tag, claim] of Object.entries(tags)) {
      if (tag.length < 1 || tag.length > 128)
        d(
          'error',
          'cognito.tag-key-length',
          `Tag key ${JSON.stringify(tag)} must be 1–128 characters.`,
          appendJsonPath(`${tp}.PrincipalTags`, tag),
        );
      if (typeof claim !== 'string' || claim.length < 1 || claim.length > 256)
        d(
          'error',
          'cognito.tag-claim-length',
          `The claim a tag maps must be a string of 1–256 characters.`,
          appendJsonPath(`${tp}.PrincipalTags`, tag),
        );
    }
  }
}

function validateRules(
  m: RoleMapping,
  mp: string,
  checkRole: (arn: unknown, p: string) => void,
  d: (s: Diagnostic['severity'], c: string, msg: string, p: string) => void,
): void {
  const rc = m.RulesConfiguration;
  if (!rc || typeof rc !== 'object' || !Array.isArray(rc.Rules)) {
    d(
      'error',
      'cognito.rules-missing',
      'A Rules mapping needs RulesConfiguration.Rules (a list of rules).',
      `${mp}.RulesConfiguration`,
    );
    return;
  }
  const rp = `${mp}.RulesConfiguration.Rules`;
  if (rc.Rules.length === 0) d('error', 'cognito.rules-empty', 'RulesConfiguration.Rules needs at least one rule.', rp);
  if (rc.Rules.length > MAX_RULES_PER_PROVIDER) {
    d(
      'error',
      'cognito.rules-too-many',
      `${rc.Rules.length} rules: Cognito allows up to ${MAX_RULES_PER_PROVIDER} rules per identity provider (not adjustable), although the API model accepts 400.`,
      rp,
    );
  }
  rc.Rules.forEach((rule: MappingRule, j: number) => {
    const p = `${rp}[${j}]`;
    if (!rule || typeof rule !== 'object') {
      d('error', 'cognito.rule-shape', 'A rule must be an object with Claim, MatchType, Value and RoleARN.', p);
      return;
    }
    if (typeof rule.Claim !== 'string' || rule.Claim.length < 1)
      d('error', 'cognito.rule-claim', 'Claim is required (1–64 characters).', `${p}.Claim`);
    else if ([...rule.Claim].length > 64)
      d(
        'error',
        'cognito.rule-claim-length',
        `Claim ${JSON.stringify(rule.Claim)} is ${[...rule.Claim].length} characters; the API allows at most 64 (long SAML attribute URIs cannot be used).`,
        `${p}.Claim`,
      );
    else if (/\s/.test(rule.Claim))
      d(
        'error',
        'cognito.rule-claim-pattern',
        `Claim ${JSON.stringify(rule.Claim)} contains whitespace, which the API model does not allow.`,
        `${p}.Claim`,
      );
    if (!MATCH_TYPES.includes(rule.MatchType))
      d(
        'error',
        'cognito.rule-match-type',
        `MatchType must be one of ${MATCH_TYPES.join(', ')}, not ${JSON.stringify(rule.MatchType)}.`,
        `${p}.MatchType`,
      );
    if (typeof rule.Value !== 'string' || rule.Value.length < 1)
      d('error', 'cognito.rule-value', 'Value is required (1–128 characters).', `${p}.Value`);
    else if ([...rule.Value].length > 128)
      d(
        'error',
        'cognito.rule-value-length',
        `Value is ${[...rule.Value].length} characters; the API allows at most 128.`,
        `${p}.Value`,
      );
    checkRole(rule.RoleARN, `${p}.RoleARN`);
  });
}
