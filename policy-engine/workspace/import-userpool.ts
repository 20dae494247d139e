/**
 * User pools from the AWS CLI: `aws cognito-idp describe-user-pool` (UserPool), `describe-user-pool-client`
 * (UserPoolClient), `list-groups` (Groups) and `get-user-pool-mfa-config` (MFA fields only). Each merges into the
 * workspace's `userPools` entry of its pool (CONTRACT.md §1), in any order, with the place in the file recorded for
 * findings (`userPoolSourceKey`).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolClient.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListGroups.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html
 */
import type {
  SourceLocation,
  UserPoolClient,
  UserPoolDescription,
  UserPoolGroup,
  UserPoolMfaConfig,
} from '../model/workspace';
import { userPoolSourceKey } from '../userpool';
import type { ExportContext } from './export-context';
import { diag, rangeAt } from './json-source';
import type { PathSegments } from './json-source';
import { addSource, addUserPool } from './merge';
import { awsShapes } from './schema';

/** A user pool id: `REGION_ID` (API_UserPoolType.html, Id pattern `[\w-]+_[0-9a-zA-Z]+`). */
export const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const USER_POOL_ARN = /^arn:[\w-]+:cognito-idp:[\w-]+:\d{12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/** The fields of a pool whose place findings point at (recorded when the file has them). */
export const POOL_FIELDS = [
  'Policies',
  'MfaConfiguration',
  'AdminCreateUserConfig',
  'AccountRecoverySetting',
  'AutoVerifiedAttributes',
  'SchemaAttributes',
  'UserAttributeUpdateSettings',
] as const;
/** The fields of an app client whose place findings point at. */
export const CLIENT_FIELDS = [
  'ReadAttributes',
  'WriteAttributes',
  'RefreshTokenValidity',
  'TokenValidityUnits',
] as const;

function where(ctx: ExportContext, path: PathSegments): SourceLocation {
  const r = rangeAt(ctx.src, path);
  return { file: ctx.file.name, line: r?.start.line, column: r?.start.column };
}

function has(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function error(ctx: ExportContext, path: PathSegments, code: string, message: string): void {
  ctx.acc.report.errors.push(diag(code, message, { file: ctx.file.name, path, range: rangeAt(ctx.src, path) }));
}

/** `describe-user-pool`: the pool itself, with the place of each field findings look at. */
export function importDescribeUserPool(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  if (!ctx.check(awsShapes.userPool, v.UserPool, ['UserPool'])) return;
  const pool = v.UserPool as UserPoolDescription;
  addUserPool(ctx.acc, { UserPool: { ...pool } }, ctx.file.name);
  addSource(ctx.acc, userPoolSourceKey(pool.Id), where(ctx, ['UserPool']));
  for (const f of POOL_FIELDS)
    if (has(pool, f)) addSource(ctx.acc, userPoolSourceKey(pool.Id, { field: f }), where(ctx, ['UserPool', f]));
  (pool.SchemaAttributes ?? []).forEach((a, i) => {
    if (a && typeof a.Name === 'string')
      addSource(
        ctx.acc,
        userPoolSourceKey(pool.Id, { attribute: a.Name }),
        where(ctx, ['UserPool', 'SchemaAttributes', i]),
      );
  });
  items.push(`user pool ${pool.Id}`);
}

/** `describe-user-pool-client`: one app client, merged into its pool (UserPoolClient.UserPoolId). */
export function importDescribeUserPoolClient(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  if (!ctx.check(awsShapes.userPoolClient, v.UserPoolClient, ['UserPoolClient'])) return;
  const client = v.UserPoolClient as UserPoolClient;
  const poolId = client.UserPoolId ?? poolFromCommandLine(ctx);
  if (!poolId)
    return error(
      ctx,
      ['UserPoolClient'],
      'import.needs-pool',
      `this app client output has no UserPoolId: name its pool as ${ctx.file.name}=arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOLID`,
    );
  addUserPool(ctx.acc, { UserPool: { Id: poolId }, Clients: [{ ...client }] }, ctx.file.name);
  const key = { client: client.ClientId };
  addSource(ctx.acc, userPoolSourceKey(poolId, key), where(ctx, ['UserPoolClient']));
  for (const f of CLIENT_FIELDS)
    if (has(client, f))
      addSource(ctx.acc, userPoolSourceKey(poolId, { ...key, field: f }), where(ctx, ['UserPoolClient', f]));
  items.push(`app client ${client.ClientId} of ${poolId}`);
}

/** `list-groups`: each GroupType names its pool; an empty page needs none. */
export function importListGroups(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const groups = v.Groups as unknown[];
  if (!groups.every((g, i) => ctx.check(awsShapes.userPoolGroup, g, ['Groups', i]))) return;
  if (typeof v.NextToken === 'string')
    ctx.acc.report.warnings.push(
      diag('import.truncated', 'this list-groups output is one page (NextToken is set); import the other pages too', {
        file: ctx.file.name,
        path: ['NextToken'],
        severity: 'warning',
        range: rangeAt(ctx.src, ['NextToken']),
      }),
    );
  (groups as UserPoolGroup[]).forEach((g, i) => {
    const poolId = g.UserPoolId ?? poolFromCommandLine(ctx);
    if (!poolId)
      return error(
        ctx,
        ['Groups', i],
        'import.needs-pool',
        `group ${g.GroupName} has no UserPoolId: name its pool as ${ctx.file.name}=arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOLID`,
      );
    addUserPool(ctx.acc, { UserPool: { Id: poolId }, Groups: [{ ...g }] }, ctx.file.name);
    addSource(ctx.acc, userPoolSourceKey(poolId, { group: g.GroupName }), where(ctx, ['Groups', i]));
    items.push(`group ${g.GroupName} of ${poolId}`);
  });
}

/**
 * `get-user-pool-mfa-config`: the output does not name its pool. It belongs to the pool named on the command line
 * (FILE=arn:…:userpool/ID), else the one pool whose id the file name holds, else the only pool imported; otherwise
 * an error that says how to name it. Runs after every other file, so the pools are known.
 */
export function importMfaConfig(ctx: ExportContext, v: Record<string, unknown>, items: string[]): void {
  const { ResponseMetadata: _meta, ...config } = v;
  void _meta;
  if (!ctx.check(awsShapes.userPoolMfaConfig, config, [])) return;
  let poolId = poolFromCommandLine(ctx);
  if (ctx.file.resourceArn && !poolId) return;
  if (!poolId) {
    const ids = (ctx.acc.ws.userPools ?? []).map((p) => p.UserPool.Id);
    const named = ids.filter((id) => ctx.file.name.toLowerCase().includes(id.toLowerCase()));
    if (named.length === 1) poolId = named[0];
    else if (ids.length === 1) poolId = ids[0];
    if (poolId)
      ctx.acc.report.inferred.push(
        `${ctx.file.name}: MFA configuration of user pool ${poolId} (${named.length === 1 ? 'its id is in the file name' : 'the only user pool imported'})`,
      );
  }
  if (!poolId)
    return error(
      ctx,
      [],
      'import.needs-pool',
      `a get-user-pool-mfa-config output does not say which user pool it belongs to: name it as ${ctx.file.name}=arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOLID`,
    );
  addUserPool(ctx.acc, { UserPool: { Id: poolId }, MfaConfig: config as UserPoolMfaConfig }, ctx.file.name);
  addSource(ctx.acc, userPoolSourceKey(poolId, { field: 'MfaConfig' }), where(ctx, []));
  items.push(`MFA configuration of ${poolId}`);
}

/** The pool named as FILE=ARN (a user pool ARN), or undefined; a wrong ARN is reported. */
function poolFromCommandLine(ctx: ExportContext): string | undefined {
  const given = ctx.file.resourceArn;
  if (!given) return undefined;
  const m = USER_POOL_ARN.exec(given);
  if (m) return m[1];
  error(
    ctx,
    [],
    'import.bad-arn',
    `"${given}" is not a user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOLID)`,
  );
  return undefined;
}
