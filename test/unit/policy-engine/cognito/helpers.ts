/**
 * Builders for Cognito test workspaces: a pool, roles with the canonical trust policy, and unsigned JWTs.
 */
import type { IdentityPool, RoleDetail, Workspace } from '../../../../policy-engine/model/workspace';

export const ACCOUNT = '111122223333';
export const POOL_ID = 'us-east-1:0d3f5a1c-1111-4222-8333-444455556666';
export const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
export const CLIENT = '7fclient000web';
export const NOW = new Date('2026-03-01T12:00:00Z');
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The canonical identity-pool trust policy (role-trust-and-permissions.md). */
export function cognitoTrust(
  amr: 'authenticated' | 'unauthenticated',
  opts: { poolId?: string; tagSession?: boolean; extra?: Record<string, unknown> } = {},
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: opts.tagSession ? ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] : 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': opts.poolId ?? POOL_ID },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          ...(opts.extra ?? {}),
        },
      },
    ],
  };
}

/** A role with a trust policy and inline policies. */
export function role(
  name: string,
  trust: unknown,
  inline: Record<string, unknown> = {},
  extra: Partial<RoleDetail> = {},
): RoleDetail {
  return {
    RoleName: name,
    RoleId: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, '0')
      .slice(0, 17)}`,
    Arn: roleArn(name),
    AssumeRolePolicyDocument: trust as Record<string, unknown>,
    RolePolicyList: Object.entries(inline).map(([PolicyName, PolicyDocument]) => ({
      PolicyName,
      PolicyDocument: PolicyDocument as Record<string, unknown>,
    })),
    AttachedManagedPolicies: [],
    ...extra,
  };
}

/** A user-pool identity pool with the usual Auth/Guest roles. */
export function pool(extra: Partial<IdentityPool> = {}): IdentityPool {
  return {
    IdentityPoolId: POOL_ID,
    IdentityPoolName: 'app',
    AllowUnauthenticatedIdentities: true,
    AllowClassicFlow: false,
    CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT, ServerSideTokenCheck: false }],
    SupportedLoginProviders: {},
    OpenIdConnectProviderARNs: [],
    SamlProviderARNs: [],
    Roles: { authenticated: roleArn('AppAuth'), unauthenticated: roleArn('AppGuest') },
    ...extra,
  };
}

/** A workspace with the pool and roles AppAuth, AppGuest, AppAdmin, AppEditor (all with canonical trust). */
export function workspace(
  p: IdentityPool = pool(),
  roles: RoleDetail[] = defaultRoles(),
  extra: Partial<Workspace> = {},
): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    partition: 'aws',
    region: 'us-east-1',
    accountId: ACCOUNT,
    identityPools: [p],
    iam: { RoleDetailList: roles, Policies: [] },
    ...extra,
  };
}

export function defaultRoles(): RoleDetail[] {
  return [
    role('AppAuth', cognitoTrust('authenticated')),
    role('AppGuest', cognitoTrust('unauthenticated')),
    role('AppAdmin', cognitoTrust('authenticated')),
    role('AppEditor', cognitoTrust('authenticated')),
  ];
}

/** ID-token claims of a user-pool user. */
export function idClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'b3d1f0a4-7e52-4c8b-9a16-2f5e8d7c0b91',
    aud: CLIENT,
    iss: `https://${USER_POOL}`,
    token_use: 'id',
    'cognito:username': 'priya',
    exp: Math.floor(NOW.getTime() / 1000) + 3600,
    ...extra,
  };
}

/** An unsigned JWT (the signature part is junk: Rolecall never checks it offline). */
export function jwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', kid: 'test-key' },
): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64(header)}.${b64(claims)}.c2lnbmF0dXJl`;
}
