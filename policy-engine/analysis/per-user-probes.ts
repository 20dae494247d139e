/**
 * Per-user probes: concrete reads of another identity's data, built from the per-user patterns of the workspace's
 * policies (Resource entries and dynamodb:LeadingKeys conditions with ${cognito-identity.amazonaws.com:sub}) and from
 * what the workspace lists as per-user, and the way to ask them as one identity. Used by the guest-reads-other-users
 * and user-reads-other-users findings.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
import type { Answer, IdentityInput, RequestContext } from '../model/request';
import type { AuditContext } from './findings/context';
import type { ActionOnResource } from './describe';
import { evaluateRequest } from '../evaluate-request';
import { perUserStores } from '../prove/index';

const SUB_TEST = /\$\{cognito-identity\.amazonaws\.com:sub\}/i;
const SUB_ALL = /\$\{cognito-identity\.amazonaws\.com:sub\}/gi;

/** An identity id that is nobody the audit plays: "another user". */
export function otherIdentityId(region: string): string {
  return `${region}:00000000-0000-4000-8000-0000000000ff`;
}

/** A probe: one read of another identity's data. */
export interface Probe extends ActionOnResource {
  context?: RequestContext;
}

/** Concrete reads of another identity's data, from the per-user patterns of the workspace's policies. */
export function otherUserProbes(ctx: AuditContext, otherId: string): Probe[] {
  const probes = new Map<string, Probe>();
  const add = (p: Probe) => probes.set(`${p.action} ${p.resource} ${JSON.stringify(p.context ?? {})}`, p);
  const concrete = (pattern: string) =>
    pattern.replace(SUB_ALL, otherId).replace(/\*/g, 'rolecall-probe').replace(/\?/g, 'x');
  // Policies with the same text share their statements (prepareWorkspace): each is read once, which gives the same
  // probes in the same order (a repeated one would only be found again).
  const read = new Set<object>();
  for (const ref of ctx.refs) {
    if (ref.policyType !== 'identity' && ref.policyType !== 'resource') continue;
    if (read.has(ref.parsed.statements)) continue;
    read.add(ref.parsed.statements);
    for (const st of ref.parsed.statements) {
      for (const r of st.resource ?? []) {
        if (!SUB_TEST.test(r.value)) continue;
        const filled = r.value.replace(SUB_ALL, otherId);
        if (filled.includes('${')) continue;
        const m = /^(arn:[^:]*:s3:::[^/]+)\/(.*)$/.exec(filled);
        if (m) {
          add({ action: 's3:GetObject', resource: concrete(r.value) });
          const prefix = m[2].slice(0, m[2].indexOf(otherId) + otherId.length) + '/';
          add({ action: 's3:ListBucket', resource: m[1], context: { 's3:prefix': prefix } });
        }
      }
      const leading = st.conditions.some(
        (c) => /^dynamodb:leadingkeys$/i.test(c.key) && c.values.some((v) => SUB_TEST.test(v)),
      );
      if (!leading) continue;
      for (const r of st.resource ?? []) {
        const t = /^(arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/*?$]+)/.exec(r.value);
        if (!t) continue;
        for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'])
          add({ action, resource: t[1], context: { 'dynamodb:LeadingKeys': [otherId] } });
        add({ action: 'dynamodb:Scan', resource: t[1] });
      }
    }
  }
  // Per-user data the workspace lists (`resources` with the identity id, `perUserTables`): still per-user when a
  // policy has been widened to the whole prefix or lost its dynamodb:LeadingKeys condition.
  for (const store of perUserStores(ctx.pw)) {
    if (!store.foundIn.some((w) => w === 'resources' || w === 'perUserTables')) continue;
    if (store.kind === 's3') {
      const key = store.pattern.slice(store.container.length + 1).replace(SUB_ALL, otherId);
      add({ action: 's3:GetObject', resource: concrete(store.pattern) });
      add({
        action: 's3:ListBucket',
        resource: store.container,
        context: { 's3:prefix': key.slice(0, key.indexOf(otherId) + otherId.length) + '/' },
      });
    } else {
      for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'])
        add({ action, resource: store.container, context: { 'dynamodb:LeadingKeys': [otherId] } });
      add({ action: 'dynamodb:Scan', resource: store.container });
    }
  }
  return [...probes.values()];
}

/**
 * Answers probes as one identity, each with the request context its probe carries (probes are told apart by action
 * and resource): `probeAsker(ctx, probes)(identity)(cell)`.
 */
export function probeAsker(
  ctx: AuditContext,
  probes: Probe[],
): (identity: IdentityInput) => (cell: ActionOnResource) => Answer {
  const contextOf = new Map(probes.map((p) => [`${p.action} ${p.resource}`, p.context] as const));
  return (identity) => (c) => {
    const context = contextOf.get(`${c.action} ${c.resource}`);
    return evaluateRequest(
      ctx.pw,
      { identity, action: c.action, resource: c.resource, ...(context ? { context } : {}) },
      { now: ctx.now, explain: true },
    );
  };
}
