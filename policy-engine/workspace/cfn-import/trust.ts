/**
 * Trust policies a deploy-time custom resource rewrites (Amplify's UpdateRolesWithIDPFunction, Kinesis Data
 * Generator's setup function): the template's own trust policy is not what the deployed role has. Each such role is
 * marked (`importNotes.trustNotFinal`) and reported. Amplify's function is known (it writes an Allow for the pool's
 * aud and the amr of the role's kind), so its result is applied and said so; any other rewriter is only marked.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
 */
import { ref, resolveValue } from '../cfn-resolve';
import type { CfnContext } from '../cfn-resolve';
import { diag } from '../json-source';
import type { PathSegments } from '../json-source';
import type { Acc } from '../merge';
import { isObj } from '../../guards';
import { objOf, toRange } from './context';
import type { TemplateUnit } from './context';
import { referencesOf } from './cycle';

/** A role whose trust policy is rewritten; `amr` when Amplify's function writes it for that kind of identity. */
interface TrustTarget {
  name: string;
  amr?: 'authenticated' | 'unauthenticated';
}

/** The custom resource as read: its logical id, type, the Lambda function behind it and its resolved properties. */
interface Rewriter {
  id: string;
  type: string;
  fnId: string;
  props: Record<string, unknown>;
  resolved: Record<string, unknown>;
  /** Amplify's UpdateRolesWithIDP shape: idpId and authRoleName and/or unauthRoleName. */
  amplify: boolean;
}

function isType(ctx: CfnContext, id: string, type: string): boolean {
  const r = ctx.resources[id];
  return isObj(r) && (r as { Type?: string }).Type === type;
}

/** Whether a Lambda function's inline code or its role's policies change trust policies (iam:UpdateAssumeRolePolicy). */
function updatesTrust(ctx: CfnContext, fnId: string): boolean {
  const fn = ctx.resources[fnId];
  if (!isObj(fn)) return false;
  const code = JSON.stringify(objOf(fn.Properties).Code ?? '');
  if (/update_?assume_?role_?policy/i.test(code)) return true;
  const roleRef = new Set<string>();
  referencesOf(objOf(fn.Properties).Role, roleRef);
  const grants = (doc: unknown) => /"iam:(UpdateAssumeRolePolicy|\*)"|"\*"/.test(JSON.stringify(doc ?? ''));
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!isObj(r)) continue;
    const props = objOf(r.Properties) as Record<string, unknown>;
    if (
      roleRef.has(id) &&
      r.Type === 'AWS::IAM::Role' &&
      Array.isArray(props.Policies) &&
      props.Policies.some((p) => isObj(p) && grants(p.PolicyDocument))
    )
      return true;
    if (r.Type === 'AWS::IAM::Policy' && grants(props.PolicyDocument)) {
      const on = new Set<string>();
      referencesOf(props.Roles, on);
      if ([...on].some((x) => roleRef.has(x))) return true;
    }
  }
  return false;
}

/** A custom resource whose ServiceToken is a Lambda function of the template that rewrites trust policies, or null. */
function rewriterOf(ctx: CfnContext, id: string, r: unknown): Rewriter | null {
  if (
    !isObj(r) ||
    typeof r.Type !== 'string' ||
    !(r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
  )
    return null;
  const props = objOf(r.Properties) as Record<string, unknown>;
  const token = new Set<string>();
  referencesOf(props.ServiceToken, token);
  const fnId = [...token].find((x) => isType(ctx, x, 'AWS::Lambda::Function'));
  if (!fnId || !updatesTrust(ctx, fnId)) return null;
  const path: PathSegments = ['Resources', id, 'Properties'];
  const resolved = objOf(resolveValue({ ...ctx, unresolved: [] }, props, path)) as Record<string, unknown>;
  const amplify =
    typeof resolved.idpId === 'string' &&
    (typeof resolved.authRoleName === 'string' || typeof resolved.unauthRoleName === 'string');
  return { id, type: r.Type, fnId, props, resolved, amplify };
}

/**
 * The roles a rewriter changes: Amplify's authRoleName/unauthRoleName; for any other, every role it is handed (by
 * Ref, GetAtt or as a name under a key with "role" in it). A role handed over twice is one target.
 */
function trustTargets(ctx: CfnContext, w: Rewriter): TrustTarget[] {
  const { resolved } = w;
  const targets: TrustTarget[] = [];
  if (w.amplify) {
    if (typeof resolved.authRoleName === 'string') targets.push({ name: resolved.authRoleName, amr: 'authenticated' });
    if (typeof resolved.unauthRoleName === 'string')
      targets.push({ name: resolved.unauthRoleName, amr: 'unauthenticated' });
  } else {
    const path: PathSegments = ['Resources', w.id, 'Properties'];
    const refs = new Set<string>();
    referencesOf(w.props, refs);
    for (const x of refs)
      if (isType(ctx, x, 'AWS::IAM::Role')) targets.push({ name: String(ref({ ...ctx, unresolved: [] }, x, path)) });
    for (const [k, v] of Object.entries(resolved))
      if (/role/i.test(k) && typeof v === 'string' && k !== 'ServiceToken') targets.push({ name: v });
  }
  const seen = new Set<string>();
  return targets.filter((target) => !seen.has(target.name) && seen.add(target.name));
}

/** The trust policy Amplify's UpdateRolesWithIDP function writes: web identities of the pool, of the role's kind. */
function amplifyTrust(poolId: string, amr: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  };
}

/** Reports one rewritten role and records the rewrite, applied once every file is in (the role may be in the root stack). */
function recordRewrite(acc: Acc, unit: TemplateUnit, w: Rewriter, target: TrustTarget): void {
  const { file, parsed } = unit;
  const why = w.amplify
    ? `its trust policy is rewritten at deploy time by ${w.id} (${w.type}, Amplify's ${w.fnId}); Rolecall applied what that function writes (Allow cognito-identity.amazonaws.com for aud ${String(w.resolved.idpId)} and amr ${target.amr}) instead of the template's placeholder`
    : `its trust policy is rewritten at deploy time by ${w.id} (${w.type}, function ${w.fnId}); the template's trust policy is not final`;
  acc.report.warnings.push(
    diag('template.trust-rewritten', `role ${target.name}: ${why}`, {
      file,
      path: ['Resources', w.id],
      severity: 'warning',
      range: toRange(parsed.locate(['Resources', w.id])),
    }),
  );
  acc.trustRewrites.push({
    roleName: target.name,
    why,
    file,
    ...(w.amplify && target.amr ? { document: amplifyTrust(String(w.resolved.idpId), target.amr) } : {}),
  });
}

/** Every role of the template whose trust policy a custom resource rewrites at deploy time: reported and recorded. */
export function rewrittenTrust(acc: Acc, unit: TemplateUnit): void {
  const { ctx } = unit;
  for (const [id, r] of Object.entries(ctx.resources)) {
    const w = rewriterOf(ctx, id, r);
    if (!w) continue;
    for (const target of trustTargets(ctx, w)) recordRewrite(acc, unit, w, target);
  }
}
