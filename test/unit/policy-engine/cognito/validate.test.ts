import { describe, expect, it } from 'vitest';
import { validateIdentityPools } from '../../../../policy-engine/cognito/index';
import type { MappingRule } from '../../../../policy-engine/model/workspace';
import { CLIENT, pool, roleArn, USER_POOL, workspace } from './helpers';

const KEY = `${USER_POOL}:${CLIENT}`;
const RBAC = 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html';
const rule = (extra: Partial<MappingRule> = {}): MappingRule => ({
  Claim: 'custom:team',
  MatchType: 'Equals',
  Value: 'x',
  RoleARN: roleArn('AppAdmin'),
  ...extra,
});
const rulesPool = (rules: unknown[], extra: Record<string, unknown> = {}) =>
  workspace(
    pool({
      RoleMappings: {
        [KEY]: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'Deny',
          RulesConfiguration: { Rules: rules as MappingRule[] },
          ...extra,
        },
      },
    }),
  );
const codes = (d: { code: string }[]) => d.map((x) => x.code);

describe('validateIdentityPools', () => {
  it('a well-formed pool has no diagnostics', () => {
    expect(validateIdentityPools(rulesPool([rule()]))).toEqual([]);
  });

  // OBS aws/aws-cdk#7670, #22951: the API rejects keys that are not configured providers.
  it("a mapping key that is not a configured provider, in AWS's words, with a hint for a user-pool key without :clientId", () => {
    const ws = workspace(
      pool({
        RoleMappings: {
          [USER_POOL]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' },
          'graph.facebook.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' },
        },
      }),
    );
    const d = validateIdentityPools(ws).filter((x) => x.code === 'cognito.mapping-provider');
    expect(d.map((x) => x.path)).toEqual([
      `identityPools[0].RoleMappings["${USER_POOL}"]`,
      'identityPools[0].RoleMappings["graph.facebook.com"]',
    ]);
    expect(d[0].message).toMatch(
      new RegExp(
        `^${USER_POOL.replace(/[.]/g, '\\.')} is not a valid RoleMapping ProviderName or is not a configured provider\\.`,
      ),
    );
    expect(d[0].message).toMatch(/needs the app client id/);
    expect(d[0].severity).toBe('error');
  });

  it('OIDC mapping keys are accepted as the provider ARN or the issuer', () => {
    const arn = 'arn:aws:iam::111122223333:oidc-provider/login.example.com';
    const ws = workspace(
      pool({
        OpenIdConnectProviderARNs: [arn],
        RoleMappings: {
          [arn]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' },
          'login.example.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' },
        },
      }),
    );
    expect(codes(validateIdentityPools(ws))).not.toContain('cognito.mapping-provider');
  });

  // DOC role-based-access-control: "up to 25 rules per identity provider"; the model allows 400.
  it(`more than 25 rules is an error that names the model's 400 (${RBAC})`, () => {
    const d = validateIdentityPools(rulesPool(Array.from({ length: 26 }, () => rule())));
    const hit = d.find((x) => x.code === 'cognito.rules-too-many');
    expect(hit?.path).toBe(`identityPools[0].RoleMappings["${KEY}"].RulesConfiguration.Rules`);
    expect(hit?.message).toMatch(/25.*400/);
    expect(codes(validateIdentityPools(rulesPool(Array.from({ length: 25 }, () => rule()))))).not.toContain(
      'cognito.rules-too-many',
    );
  });

  // MODEL: ClaimName 1–64, ClaimValue 1–128 (a 66-character SAML attribute URI cannot be a rule claim).
  it('claim names over 64 characters and values over 128, with the rule path', () => {
    const d = validateIdentityPools(
      rulesPool([
        rule(),
        rule(),
        rule(),
        rule({ Claim: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', Value: 'v'.repeat(129) }),
      ]),
    );
    expect(d.find((x) => x.code === 'cognito.rule-claim-length')?.path).toBe(
      `identityPools[0].RoleMappings["${KEY}"].RulesConfiguration.Rules[3].Claim`,
    );
    expect(d.find((x) => x.code === 'cognito.rule-value-length')?.path).toBe(
      `identityPools[0].RoleMappings["${KEY}"].RulesConfiguration.Rules[3].Value`,
    );
    expect(codes(validateIdentityPools(rulesPool([rule({ Claim: 'c'.repeat(64), Value: 'v'.repeat(128) })])))).toEqual(
      [],
    );
  });

  // OBS aws/aws-sdk-js#908: a bare role name gives "Access to Role '…' is forbidden."
  it('role ARNs that are not role ARNs, and roles the workspace does not contain', () => {
    const ws = rulesPool([rule({ RoleARN: 'AppAdmin' }), rule({ RoleARN: roleArn('Gone') })]);
    ws.identityPools![0].Roles = {
      authenticated: 'arn:aws:iam::111122223333:user/bob',
      unauthenticated: roleArn('AppGuest'),
    };
    const d = validateIdentityPools(ws);
    expect(d.filter((x) => x.code === 'cognito.role-arn').map((x) => x.path)).toEqual([
      'identityPools[0].Roles.authenticated',
      `identityPools[0].RoleMappings["${KEY}"].RulesConfiguration.Rules[0].RoleARN`,
    ]);
    const missing = d.find((x) => x.code === 'cognito.role-not-found');
    expect(missing?.path).toBe(`identityPools[0].RoleMappings["${KEY}"].RulesConfiguration.Rules[1].RoleARN`);
    expect(missing?.severity).toBe('warning');
    expect(missing?.message).toBe(
      `The role ${roleArn('Gone')} is not in the workspace, so Rolecall cannot evaluate what it allows; import it (aws iam get-account-authorization-details, or the template that defines it).`,
    );
  });

  it('a Rules mapping without RulesConfiguration, and a missing AmbiguousRoleResolution', () => {
    const ws = workspace(pool({ RoleMappings: { [KEY]: { Type: 'Rules' } } }));
    const d = validateIdentityPools(ws);
    expect(d.find((x) => x.code === 'cognito.rules-missing')?.path).toBe(
      `identityPools[0].RoleMappings["${KEY}"].RulesConfiguration`,
    );
    expect(d.find((x) => x.code === 'cognito.mapping-ambiguous-missing')?.path).toBe(
      `identityPools[0].RoleMappings["${KEY}"].AmbiguousRoleResolution`,
    );
  });

  it('bad match types, bad Type values and malformed rules are reported, never thrown', () => {
    const d = validateIdentityPools(rulesPool([rule({ MatchType: 'Like' as MappingRule['MatchType'] }), null, 'x']));
    expect(codes(d)).toEqual(['cognito.rule-match-type', 'cognito.rule-shape', 'cognito.rule-shape']);
    expect(codes(validateIdentityPools(rulesPool([rule()], { Type: 'Regex' })))).toEqual(['cognito.mapping-type']);
  });

  it('principal-tag maps keyed by a provider the pool does not have (e.g. with :clientId)', () => {
    const ws = workspace(
      pool({
        PrincipalTagAttributeMaps: {
          [KEY]: { UseDefaults: true },
          [USER_POOL]: { PrincipalTags: { ['t'.repeat(129)]: 'sub' } },
        },
      }),
    );
    const d = validateIdentityPools(ws);
    expect(d.find((x) => x.code === 'cognito.tag-map-provider')?.path).toBe(
      `identityPools[0].PrincipalTagAttributeMaps["${KEY}"]`,
    );
    expect(codes(d)).toContain('cognito.tag-key-length');
  });

  it('odd shapes: identityPools not an array, a pool that is not an object, duplicate pool ids', () => {
    expect(codes(validateIdentityPools({ ...workspace(), identityPools: {} as never }))).toEqual([
      'cognito.pools-not-array',
    ]);
    const ws = workspace();
    ws.identityPools = [pool(), 'x' as never, pool()];
    expect(codes(validateIdentityPools(ws))).toEqual(['cognito.pool-shape', 'cognito.pool-duplicate']);
  });
});
