/**
 * How much a role may do: its matrix as a principal over the workspace's S3/DynamoDB actions × resources. Used to
 * call a rule's role "privileged" (more allowed cells than the pool's default authenticated role, or any write) and
 * to compare a mapping's default role with its rule roles.
 */
import { isWriteLike, type ActionOnResource } from '../describe';
import type { AuditContext } from './context';

/** The allowed cells of a role as a principal ([] when the role is not in the workspace). */
export function roleCells(ctx: AuditContext, roleArn: string | undefined): ActionOnResource[] {
  if (!roleArn || !ctx.roles.has(roleArn)) return [];
  return ctx.allowed(ctx.matrix(`role:${roleArn}`, { principal: roleArn }));
}

/** Whether `roleArn` is privileged compared with `baselineArn`; says why. */
export function privilege(
  ctx: AuditContext,
  roleArn: string,
  baselineArn: string | undefined,
): { privileged: boolean; why: string; extra: ActionOnResource[] } {
  if (roleArn === baselineArn || !ctx.roles.has(roleArn)) return { privileged: false, why: '', extra: [] };
  const mine = roleCells(ctx, roleArn);
  const base = roleCells(ctx, baselineArn);
  const baseKeys = new Set(base.map((c) => `${c.action} ${c.resource}`));
  const extra = mine.filter((c) => !baseKeys.has(`${c.action} ${c.resource}`));
  const writes = mine.filter((c) => isWriteLike(ctx.pw.catalog, c.action));
  if (mine.length > base.length && extra.length > 0)
    return { privileged: true, why: `it can ${ctx.describe(extra)} beyond the default authenticated role`, extra };
  if (writes.length > 0) return { privileged: true, why: `it can ${ctx.describe(writes)}`, extra: writes };
  return { privileged: false, why: '', extra: [] };
}

/** Cells in `a` that are not in `b`. */
export function cellsMinus(a: ActionOnResource[], b: ActionOnResource[]): ActionOnResource[] {
  const keys = new Set(b.map((c) => `${c.action} ${c.resource}`));
  return a.filter((c) => !keys.has(`${c.action} ${c.resource}`));
}
