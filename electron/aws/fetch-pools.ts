/**
 * The Cognito part of a fetch: the identity pools (listed, or the ones asked for), each pool's roles and principal-tag
 * maps, and the user pools they accept (the pool, every app client, the groups, the MFA configuration).
 */
import {
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ImportFile } from '../../policy-engine/workspace/index';
import { eachPage, errorName, failure, plain } from './fetch-run';
import type { FetchRun } from './fetch-run';

/** The identity pools to read: the ones asked for, else every pool in the region (none without a region). */
export async function identityPoolIds(run: FetchRun, asked: string[], region: string | undefined): Promise<string[]> {
  if (asked.length > 0) {
    run.step(`Cognito: ${asked.length} identity pools given`);
    return asked;
  }
  if (!region) {
    run.errors.push({
      severity: 'warning',
      code: 'fetch.no-region',
      message: 'no region given: identity pools are regional, so none were listed (give --region or --identity-pool)',
      path: 'identityPools',
      file: 'aws:cognito-identity',
    });
    run.step('Cognito: skipped (no region)');
    return [];
  }
  const ids: string[] = [];
  try {
    await eachPage(async (next) => {
      const out = await run.clients
        .cognito(region)
        .send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken: next }));
      for (const p of out.IdentityPools ?? [])
        if (p.IdentityPoolId && !ids.includes(p.IdentityPoolId)) ids.push(p.IdentityPoolId);
      return out.NextToken;
    });
    run.step(`Cognito: ${ids.length} identity pools in ${region}`);
  } catch (e) {
    // The pools listed before the failure are still read.
    run.errors.push(failure('cognito-identity', region, 'ListIdentityPools', e));
    run.step(`Cognito: listing failed${ids.length ? ` after ${ids.length} identity pools` : ''}`);
  }
  return ids;
}

/** Reads one identity pool: DescribeIdentityPool, GetIdentityPoolRoles and each provider's principal-tag map. */
export async function fetchIdentityPool(run: FetchRun, id: string, which: string, region: string | undefined) {
  const cognito = run.clients.cognito(id.split(':')[0] || region || 'us-east-1');
  let described: Record<string, unknown> | null = null;
  try {
    described = plain(await cognito.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })));
    run.files.push({ name: `aws:cognito-identity/DescribeIdentityPool/${id}`, text: JSON.stringify(described) });
  } catch (e) {
    run.errors.push(failure('cognito-identity', id, 'DescribeIdentityPool', e));
  }
  run.step(`Cognito: ${which}: described`);
  try {
    const roles = plain(await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })));
    run.files.push({
      name: `aws:cognito-identity/GetIdentityPoolRoles/${id}`,
      text: JSON.stringify({ IdentityPoolId: id, ...roles }),
    });
  } catch (e) {
    run.errors.push(failure('cognito-identity', id, 'GetIdentityPoolRoles', e));
  }
  run.step(`Cognito: ${which}: roles`);
  const providers = described ? providerNames(described) : [];
  run.expect(providers.length);
  for (const provider of providers) {
    try {
      const map = plain(
        await cognito.send(
          new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: id, IdentityProviderName: provider }),
        ),
      );
      run.files.push({
        name: `aws:cognito-identity/GetPrincipalTagAttributeMap/${id}/${provider}`,
        text: JSON.stringify({ IdentityPoolId: id, IdentityProviderName: provider, ...map }),
      });
    } catch (e) {
      // No map set for this provider: nothing to record.
      if (errorName(e) !== 'ResourceNotFoundException')
        run.errors.push(failure('cognito-identity', `${id} ${provider}`, 'GetPrincipalTagAttributeMap', e));
    }
    run.step(`Cognito: ${which}: principal tags for ${provider}`);
  }
}

/** The provider names GetPrincipalTagAttributeMap takes for a pool: user pools (without client id), social, OIDC, SAML. */
function providerNames(pool: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const p of (pool.CognitoIdentityProviders as { ProviderName?: string }[] | undefined) ?? [])
    if (p.ProviderName) names.add(p.ProviderName);
  for (const k of Object.keys((pool.SupportedLoginProviders as object | undefined) ?? {})) names.add(k);
  for (const a of (pool.OpenIdConnectProviderARNs as string[] | undefined) ?? []) names.add(a);
  for (const a of (pool.SamlProviderARNs as string[] | undefined) ?? []) names.add(a);
  return [...names];
}

/** The user pool ids the fetched identity pools name in CognitoIdentityProviders. */
export function acceptedUserPools(files: ImportFile[]): string[] {
  const ids = new Set<string>();
  for (const f of files) {
    if (!f.name.startsWith('aws:cognito-identity/DescribeIdentityPool/')) continue;
    const pool = JSON.parse(f.text) as { CognitoIdentityProviders?: { ProviderName?: string }[] };
    for (const p of pool.CognitoIdentityProviders ?? []) {
      const m = /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([\w-]+_[0-9a-zA-Z]+)$/.exec(p.ProviderName ?? '');
      if (m) ids.add(m[1]);
    }
  }
  return [...ids];
}

/** Reads one user pool (read-only calls, every page); each failure is reported and the rest still read. */
export async function fetchUserPool(run: FetchRun, id: string): Promise<void> {
  const idp = run.clients.userPools(id.split('_')[0]);
  let arn: string | undefined;
  try {
    const out = plain(await idp.send(new DescribeUserPoolCommand({ UserPoolId: id })));
    arn = (out.UserPool as { Arn?: string } | undefined)?.Arn;
    run.files.push({ name: `aws:cognito-idp/DescribeUserPool/${id}`, text: JSON.stringify(out) });
  } catch (e) {
    run.errors.push(failure('cognito-idp', id, 'DescribeUserPool', e));
    return;
  }
  for (const clientId of await clientIdsOf(run, idp, id)) {
    try {
      const out = plain(await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId })));
      run.files.push({ name: `aws:cognito-idp/DescribeUserPoolClient/${id}/${clientId}`, text: JSON.stringify(out) });
    } catch (e) {
      run.errors.push(failure('cognito-idp', `${id} ${clientId}`, 'DescribeUserPoolClient', e));
    }
  }
  await fetchGroups(run, idp, id, arn);
  try {
    const out = plain(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id })));
    if (arn)
      run.files.push({
        name: `aws:cognito-idp/GetUserPoolMfaConfig/${id}`,
        text: JSON.stringify(out),
        resourceArn: arn,
      });
  } catch (e) {
    run.errors.push(failure('cognito-idp', id, 'GetUserPoolMfaConfig', e));
  }
}

/** Every app client id of a pool (the ones listed before a failure are kept). */
async function clientIdsOf(run: FetchRun, idp: CognitoIdentityProviderClient, id: string): Promise<string[]> {
  const clientIds: string[] = [];
  try {
    await eachPage(async (next) => {
      const out = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: id, MaxResults: 60, NextToken: next }));
      for (const c of out.UserPoolClients ?? []) if (c.ClientId) clientIds.push(c.ClientId);
      return out.NextToken;
    });
  } catch (e) {
    run.errors.push(failure('cognito-idp', id, 'ListUserPoolClients', e));
  }
  return clientIds;
}

/** The pool's groups, all pages, as one ListGroups file (kept only when every page was read). */
async function fetchGroups(run: FetchRun, idp: CognitoIdentityProviderClient, id: string, arn: string | undefined) {
  try {
    const groups: unknown[] = [];
    await eachPage(async (next) => {
      const out = plain(await idp.send(new ListGroupsCommand({ UserPoolId: id, Limit: 60, NextToken: next })));
      groups.push(...((out.Groups as unknown[] | undefined) ?? []));
      return out.NextToken as string | undefined;
    });
    // Every group names its pool; the file carries the pool too, for an empty list.
    run.files.push({
      name: `aws:cognito-idp/ListGroups/${id}`,
      text: JSON.stringify({ Groups: groups }),
      ...(arn ? { resourceArn: arn } : {}),
    });
  } catch (e) {
    run.errors.push(failure('cognito-idp', id, 'ListGroups', e));
  }
}
