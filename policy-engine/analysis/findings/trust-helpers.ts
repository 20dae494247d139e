/**
 * Reading Cognito role trust policies: which statements let the identity-pool service principal in, with which
 * conditions on aud and amr, and which pools hand out which roles.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
import type { IdentityPool, MappingRule } from '../../model/workspace';
import type { ConditionSpec } from '../../evaluate/conditions';
import type { ParsedStatement } from '../../policy/parse';
import { compileActionPattern, compileGlob } from '../../evaluate/patterns';
import type { PolicyRef } from '../policy-refs';
import type { AuditContext } from './context';

const COGNITO_PRINCIPAL = /^cognito-identity(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/i;
const AUD_KEY = /^cognito-identity\.amazonaws\.com(\.cn)?:aud$/i;
const AMR_KEY = /^cognito-identity\.amazonaws\.com(\.cn)?:amr$/i;

/** An operator split into its parts: `ForAnyValue:StringLikeIfExists` → set ForAnyValue, base StringLike, ifExists. */
export function splitOperator(operator: string): {
  set: 'ForAnyValue' | 'ForAllValues' | null;
  base: string;
  ifExists: boolean;
  negated: boolean;
} {
  let rest = operator;
  let set: 'ForAnyValue' | 'ForAllValues' | null = null;
  const m = /^(ForAnyValue|ForAllValues):(.*)$/i.exec(rest);
  if (m) {
    set = m[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = m[2];
  }
  const ifExists = /IfExists$/i.test(rest);
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const negated = /^(StringNot|ArnNot|NumericNotEquals|DateNotEquals|NotIpAddress)/i.test(base);
  return { set, base, ifExists, negated };
}

/** Whether a statement's Principal names the identity-pool service principal (cognito-identity.amazonaws.com). */
function namesCognito(st: ParsedStatement): boolean {
  return !!st.principal && st.principal.entries.some((e) => e.type === 'Federated' && COGNITO_PRINCIPAL.test(e.value));
}

/** Whether a statement's Action/NotAction covers an action. */
export function coversAction(st: ParsedStatement, action: string): boolean {
  const a = action.toLowerCase();
  if (st.action) return st.action.some((p) => compileActionPattern(p.value)(a));
  if (st.notAction) return !st.notAction.some((p) => compileActionPattern(p.value)(a));
  return false;
}

/** The Allow statements of a trust policy that let cognito-identity.amazonaws.com in. */
export function cognitoTrustStatements(ref: PolicyRef): ParsedStatement[] {
  if (ref.policyType !== 'trust') return [];
  return ref.parsed.statements.filter((st) => st.valid !== false && st.effect === 'Allow' && namesCognito(st));
}

/** Conditions of a statement on the aud key. */
export function audConditions(st: ParsedStatement): ConditionSpec[] {
  return st.conditions.filter((c) => AUD_KEY.test(c.key));
}

/** Conditions of a statement on the amr key. */
export function amrConditions(st: ParsedStatement): ConditionSpec[] {
  return st.conditions.filter((c) => AMR_KEY.test(c.key));
}

/** aud conditions that restrict which pools get in (positive operators; Null only tests presence). */
export function restrictingAud(st: ParsedStatement): ConditionSpec[] {
  return audConditions(st).filter((c) => {
    const op = splitOperator(c.operator);
    return !op.negated && op.base.toLowerCase() !== 'null';
  });
}

/** Whether an aud condition value admits any pool (`*`, or a Like pattern with a wildcard). */
export function isWildcardAud(c: ConditionSpec): boolean {
  const op = splitOperator(c.operator);
  const like = /Like$/i.test(op.base);
  return c.values.some((v) => v === '*' || (like && /[*?]/.test(v)));
}

/** Pools of the workspace whose id the statement's aud conditions accept (all pools when aud is not restricted). */
export function acceptedPools(ctx: AuditContext, st: ParsedStatement): { pool: IdentityPool; index: number }[] {
  const conds = restrictingAud(st);
  if (conds.length === 0) return ctx.pools;
  return ctx.pools.filter(({ pool }) =>
    conds.every((c) => {
      const like = /Like$/i.test(splitOperator(c.operator).base);
      return c.values.some((v) => (like ? compileGlob(v)(pool.IdentityPoolId) : v === pool.IdentityPoolId));
    }),
  );
}

/** How a pool uses a role. */
export interface RoleUse {
  poolIndex: number;
  pool: IdentityPool;
  how: 'authenticated' | 'unauthenticated' | 'rule';
  /** The RoleMappings key, for rules. */
  mappingKey?: string;
  ruleIndex?: number;
  rule?: MappingRule;
}

/** Every role a pool hands out, with how: default roles and rule roles. */
export function roleUses(ctx: AuditContext): Map<string, RoleUse[]> {
  const out = new Map<string, RoleUse[]>();
  const add = (arn: unknown, use: RoleUse) => {
    if (typeof arn !== 'string' || !arn) return;
    if (!out.has(arn)) out.set(arn, []);
    out.get(arn)!.push(use);
  };
  for (const { pool, index } of ctx.pools) {
    const roles = pool.Roles && typeof pool.Roles === 'object' ? pool.Roles : {};
    add(roles.authenticated, { poolIndex: index, pool, how: 'authenticated' });
    add(roles.unauthenticated, { poolIndex: index, pool, how: 'unauthenticated' });
    const mappings = pool.RoleMappings && typeof pool.RoleMappings === 'object' ? pool.RoleMappings : {};
    for (const [key, m] of Object.entries(mappings)) {
      const rules = Array.isArray(m?.RulesConfiguration?.Rules) ? m.RulesConfiguration!.Rules : [];
      rules.forEach((rule, i) =>
        add(rule?.RoleARN, { poolIndex: index, pool, how: 'rule', mappingKey: key, ruleIndex: i, rule }),
      );
    }
  }
  return out;
}

/** The trust policy ref of a role. */
export function trustRef(ctx: AuditContext, roleArn: string): PolicyRef | undefined {
  return ctx.refById.get(`${roleArn}#trust`);
}

/** "AppGuest" from a role ARN. */
export function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** What a role may do to the workspace's resources when assumed, in words (its own matrix as a principal). */
export function roleReach(ctx: AuditContext, roleArn: string): string {
  if (!ctx.roles.has(roleArn)) return `use whatever ${roleName(roleArn)} allows`;
  const row = ctx.matrix(`role:${roleArn}`, { principal: roleArn });
  const cells = ctx.allowed(row);
  return cells.length > 0
    ? ctx.describe(cells)
    : "use whatever its policies allow (nothing on the workspace's S3 and DynamoDB resources today)";
}
