/**
 * Identity pools from a template: AWS::Cognito::IdentityPool, AWS::Cognito::IdentityPoolRoleAttachment (its roles
 * and role mappings) and AWS::Cognito::IdentityPoolPrincipalTag; and the user-pool types, read by cfn-userpool.ts.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypool.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypoolroleattachment.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-identitypoolprincipaltag.html
 */
import type { IdentityPool, RoleMapping } from '../../model/workspace';
import { ref } from '../cfn-resolve';
import { diag } from '../json-source';
import type { PathSegments } from '../json-source';
import { addPool, addSource } from '../merge';
import { awsShapes } from '../schema';
import { importUserPoolResource, USER_POOL_TYPES } from '../cfn-userpool';
import { isObj } from '../../guards';
import type { CfnImport, CfnResource, Importer } from './context';

/** The identity pool's properties as the workspace holds them (DescribeIdentityPool's shape). */
function poolOf(poolId: string, props: Record<string, unknown>): IdentityPool {
  const pool: IdentityPool = { IdentityPoolId: poolId };
  const copy = [
    'IdentityPoolName',
    'AllowUnauthenticatedIdentities',
    'AllowClassicFlow',
    'SupportedLoginProviders',
    'DeveloperProviderName',
    'OpenIdConnectProviderARNs',
    'SamlProviderARNs',
  ] as const;
  for (const k of copy) if (props[k] !== undefined) (pool as unknown as Record<string, unknown>)[k] = props[k];
  if (Array.isArray(props.CognitoIdentityProviders))
    pool.CognitoIdentityProviders = props.CognitoIdentityProviders as IdentityPool['CognitoIdentityProviders'];
  if (Array.isArray(props.IdentityPoolTags))
    pool.IdentityPoolTags = Object.fromEntries(
      props.IdentityPoolTags.filter(isObj).map((tg) => [String(tg.Key), String(tg.Value)]),
    );
  return pool;
}

/**
 * A flag given as a string: "true"/"false" become booleans. One that resolves to neither (a parameter without a value)
 * stays unknown: guests are evaluated as allowed — the outcome that exposes the most — and the report says so; never
 * the safe-looking false.
 */
function settleFlag(
  t: CfnImport,
  { id, pp }: CfnResource,
  pool: IdentityPool,
  k: 'AllowUnauthenticatedIdentities' | 'AllowClassicFlow',
): void {
  const v = (pool as unknown as Record<string, unknown>)[k];
  if (typeof v !== 'string') return;
  if (v === 'true' || v === 'false') {
    (pool as unknown as Record<string, unknown>)[k] = v === 'true';
    return;
  }
  const pos = t.parsed.locate([...pp, k]);
  const unknown =
    k === 'AllowUnauthenticatedIdentities'
      ? 'guests are evaluated as allowed (the outcome that exposes the most); give the value to evaluate the other way'
      : 'the basic flow is evaluated as not set (allowed, as AWS treats an unset flag)';
  t.acc.report.unresolved.push(
    diag(
      'template.unresolved-flag',
      `${id}.${k} is ${JSON.stringify(v)}, which is not known until deployment: ${unknown} (give --parameter for the value it comes from)`,
      { file: t.file, path: [...pp, k], severity: 'warning', range: pos ? { start: pos, end: pos } : undefined },
    ),
  );
  if (k === 'AllowUnauthenticatedIdentities') pool.AllowUnauthenticatedIdentities = true;
  else delete pool.AllowClassicFlow;
}

const identityPool: Importer = (t, r) => {
  const { id, base, pp, props } = r;
  const poolId = String(ref(t.ctx, id, base));
  const pool = poolOf(poolId, props);
  settleFlag(t, r, pool, 'AllowUnauthenticatedIdentities');
  settleFlag(t, r, pool, 'AllowClassicFlow');
  // A YAML template may quote booleans ("true"); CloudFormation accepts them as booleans.
  for (const p of pool.CognitoIdentityProviders ?? []) {
    const check: unknown = isObj(p) ? p.ServerSideTokenCheck : undefined;
    if (check === 'true' || check === 'false') p.ServerSideTokenCheck = check === 'true';
  }
  if (props.CognitoIdentityProviders !== undefined && !Array.isArray(props.CognitoIdentityProviders)) {
    t.error([...pp, 'CognitoIdentityProviders'], 'CognitoIdentityProviders must be a list');
    return;
  }
  if (
    !t.shapeOk(awsShapes.identityPool, pool, (p) => [
      ...pp,
      ...(p[0] === 'IdentityPoolTags' ? ['IdentityPoolTags'] : p),
    ])
  )
    return;
  addPool(t.acc, pool, t.file);
  t.source(poolId, id);
  t.items.push(poolId);
};

/** Defines a plain own property (a provider name such as "__proto__" stays data). */
function setOwn<T>(o: Record<string, T>, k: string, value: T): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The attachment's RoleMappings keyed by identity provider, with the template key of each (for error paths), or null
 * when they are not a map (reported). CFN's RoleMapping has an optional IdentityProvider; the map key stands in when
 * it is absent (SEMANTICS §A1.2).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-identitypoolroleattachment-rolemapping.html
 */
function roleMappings(
  t: CfnImport,
  pp: PathSegments,
  given: unknown,
  keyOf: Record<string, string>,
): Record<string, RoleMapping> | null {
  if (!isObj(given)) {
    t.error([...pp, 'RoleMappings'], 'RoleMappings must be a map from a name to a role mapping');
    return null;
  }
  const mappings: Record<string, RoleMapping> = {};
  for (const [k, m] of Object.entries(given)) {
    if (!isObj(m)) {
      t.error([...pp, 'RoleMappings', k], 'a role mapping must be an object');
      continue;
    }
    if (m.IdentityProvider !== undefined && typeof m.IdentityProvider !== 'string') {
      t.error([...pp, 'RoleMappings', k, 'IdentityProvider'], 'IdentityProvider must be a string');
      continue;
    }
    const provider = typeof m.IdentityProvider === 'string' ? m.IdentityProvider : k;
    if (Object.prototype.hasOwnProperty.call(mappings, provider)) {
      t.error(
        [...pp, 'RoleMappings', k],
        `two role mappings are for the same identity provider ${provider} (${keyOf[provider]} and ${k}); AWS keeps one mapping per provider`,
      );
      continue;
    }
    setOwn(mappings, provider, m as unknown as RoleMapping);
    setOwn(keyOf, provider, k);
  }
  return mappings;
}

const roleAttachment: Importer = (t, { id, base, pp, props }) => {
  if (typeof props.IdentityPoolId !== 'string') {
    t.error([...pp, 'IdentityPoolId'], 'IdentityPoolId is required');
    return;
  }
  const pool: IdentityPool = { IdentityPoolId: props.IdentityPoolId };
  const keyOf: Record<string, string> = {};
  if (isObj(props.Roles)) pool.Roles = props.Roles as IdentityPool['Roles'];
  if (props.RoleMappings !== undefined) {
    const mappings = roleMappings(t, pp, props.RoleMappings, keyOf);
    if (!mappings) return;
    pool.RoleMappings = mappings;
  }
  if (props.Roles !== undefined && !isObj(props.Roles)) {
    t.error([...pp, 'Roles'], 'Roles must be a map with authenticated and/or unauthenticated');
    return;
  }
  const toTemplate = (p: PathSegments): PathSegments =>
    p[0] === 'RoleMappings' && typeof p[1] === 'string'
      ? [...pp, 'RoleMappings', keyOf[p[1]] ?? p[1], ...p.slice(2)]
      : [...pp, ...p];
  if (!t.shapeOk(awsShapes.identityPool, pool, toTemplate)) return;
  addPool(t.acc, pool, t.file);
  addSource(t.acc, `${props.IdentityPoolId}#roles`, { file: t.file, ...t.parsed.locate(base), logicalId: id });
  t.items.push(`roles of ${props.IdentityPoolId}`);
};

const principalTag: Importer = (t, { pp, props }) => {
  if (typeof props.IdentityPoolId !== 'string' || typeof props.IdentityProviderName !== 'string') {
    t.error(pp, 'IdentityPoolId and IdentityProviderName are required');
    return;
  }
  const map: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> } = {};
  if (props.UseDefaults !== undefined)
    map.UseDefaults =
      props.UseDefaults === 'true' || props.UseDefaults === 'false'
        ? props.UseDefaults === 'true'
        : (props.UseDefaults as boolean);
  if (props.PrincipalTags !== undefined) map.PrincipalTags = props.PrincipalTags as Record<string, string>;
  const tagPool: IdentityPool = {
    IdentityPoolId: props.IdentityPoolId,
    PrincipalTagAttributeMaps: { [props.IdentityProviderName]: map },
  };
  if (!t.shapeOk(awsShapes.identityPool, tagPool, (p) => [...pp, ...p.slice(2)])) return;
  addPool(t.acc, tagPool, t.file);
  t.items.push(`principal tags of ${props.IdentityPoolId} for ${props.IdentityProviderName}`);
};

/** A user-pool resource, read by cfn-userpool.ts. */
const userPoolPart: Importer = (t, { id, type, base, props }) =>
  importUserPoolResource({
    acc: t.acc,
    file: t.file,
    id,
    base,
    type,
    props,
    refValue: () => String(ref(t.ctx, id, base)),
    locate: t.parsed.locate,
    error: t.error,
    shapeOk: t.shapeOk,
    items: t.items,
  });

/** The Cognito types this module reads, each with its importer. */
export const POOL_IMPORTERS: Record<string, Importer> = {
  'AWS::Cognito::IdentityPool': identityPool,
  'AWS::Cognito::IdentityPoolRoleAttachment': roleAttachment,
  'AWS::Cognito::IdentityPoolPrincipalTag': principalTag,
  ...Object.fromEntries(USER_POOL_TYPES.map((type) => [type, userPoolPart])),
};
