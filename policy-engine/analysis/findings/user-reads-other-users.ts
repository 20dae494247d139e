/**
 * user-reads-other-users: a signed-in identity can read or write data that belongs to another identity. The per-user
 * data is found as guest-reads-other-users finds it — in the workspace's own policies (S3 Resource entries with
 * ${cognito-identity.amazonaws.com:sub}, DynamoDB tables whose dynamodb:LeadingKeys conditions use a policy
 * variable) and in what the workspace lists as per-user (`resources` with the identity id, `perUserTables`), so a
 * policy widened from `private/${cognito-identity.amazonaws.com:sub}/*` to `private/*`, or stripped of its
 * dynamodb:LeadingKeys condition, is still caught. Each is filled in with another identity's id and evaluated — reads and writes — as every signed-in class
 * of every pool: each provider's users who get the default role (or match no rule) and each role-mapping rule's users,
 * each with its own identity id. A per-user store that a role reaches at all (a grant on the whole bucket or table)
 * is caught this way, whichever policy names the store per user.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
import type { RequestContext } from '../../model/request';
import type { Finding, FindingLocation, FindingRule } from './types';
import type { AuditContext } from './context';
import type { ActionOnResource } from '../describe';
import type { IdentityClass } from '../identity-classes';
import { describeLocation, groupByStatement, groupFinding } from './answer-location';
import { otherIdentityId, otherUserProbes, probeAsker } from '../per-user-probes';
import { roleName } from './trust-helpers';

const SUB_TEST = /\$\{cognito-identity\.amazonaws\.com:sub\}/i;
const VARIABLE = /\$\{[^}]+\}/;
const TABLE = /^(arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/*?$]+)/;

/** The identity id of the signed-in user the audit plays (not the "other" identity). */
function selfIdentityId(region: string): string {
  return `${region}:00000000-0000-4000-8000-0000000000a1`;
}

/** One request against another identity's data; `display` is how the message names the resource. */
interface OtherUserProbe extends ActionOnResource {
  context?: RequestContext;
  display: string;
}

/**
 * Reads and writes of another identity's data: guest-reads-other-users' reads, the matching writes
 * (s3:PutObject / s3:DeleteObject on the same object; dynamodb:PutItem / UpdateItem / DeleteItem / BatchWriteItem with
 * the other identity's leading key), and the same for tables whose dynamodb:LeadingKeys use any policy variable.
 */
function otherUserReadWriteProbes(ctx: AuditContext, otherId: string): OtherUserProbe[] {
  const out = new Map<string, OtherUserProbe>();
  const add = (p: Omit<OtherUserProbe, 'display'> & { display?: string }) => {
    const key = `${p.action} ${p.resource} ${JSON.stringify(p.context ?? {})}`;
    if (!out.has(key)) out.set(key, { ...p, display: p.display ?? p.resource });
  };
  const tables = new Set<string>();
  for (const p of otherUserProbes(ctx, otherId)) {
    const prefix = p.context?.['s3:prefix'];
    add({ ...p, ...(typeof prefix === 'string' ? { display: `${p.resource} with s3:prefix "${prefix}"` } : {}) });
    if (p.action === 's3:GetObject')
      for (const action of ['s3:PutObject', 's3:DeleteObject']) add({ action, resource: p.resource });
    if (p.action === 'dynamodb:GetItem') tables.add(p.resource);
    if (p.action === 'dynamodb:Scan') tables.add(p.resource);
  }
  // Tables partitioned by another variable (a principal tag, ${www.amazon.com:user_id}, …) are per-user data too.
  // Policies with the same text share their statements (prepareWorkspace): each is read once, which gives the same
  // probes in the same order (a repeated one would only be found again).
  const read = new Set<object>();
  for (const ref of ctx.refs) {
    if (ref.policyType !== 'identity' && ref.policyType !== 'resource') continue;
    if (read.has(ref.parsed.statements)) continue;
    read.add(ref.parsed.statements);
    for (const st of ref.parsed.statements) {
      if (!st.conditions.some((c) => /^dynamodb:leadingkeys$/i.test(c.key) && c.values.some((v) => VARIABLE.test(v))))
        continue;
      for (const r of st.resource ?? []) {
        const t = TABLE.exec(r.value);
        if (t) tables.add(t[1]);
      }
    }
  }
  const leading = { 'dynamodb:LeadingKeys': [otherId] };
  for (const table of tables) {
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'])
      add({ action, resource: table, context: leading });
    add({ action: 'dynamodb:Scan', resource: table });
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      add({ action, resource: table, context: leading });
  }
  return [...out.values()];
}

/** Whether any identity policy of the role scopes data with ${cognito-identity.amazonaws.com:sub}. */
function roleScopesPerUser(ctx: AuditContext, roleArn: string): boolean {
  return ctx.refs.some(
    (ref) =>
      ref.policyType === 'identity' &&
      ref.attachedTo.includes(roleArn) &&
      ref.parsed.statements.some(
        (st) =>
          (st.resource ?? []).some((r) => SUB_TEST.test(r.value)) ||
          st.conditions.some((c) => c.values.some((v) => SUB_TEST.test(v))),
      ),
  );
}

/**
 * The signed-in classes to check. A rule on cognito:groups whose role never scopes anything per user is an operator
 * role by design (administrators put users in groups; users cannot: AdminAddUserToGroup), so it is left out.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
function signedInClasses(ctx: AuditContext): IdentityClass[] {
  return ctx.classes().filter((c) => {
    if (c.kind !== 'rule' && c.kind !== 'default' && c.kind !== 'token') return false;
    if (c.shadowedBy !== undefined || !c.subject.identity) return false;
    if (
      c.kind === 'rule' &&
      c.rule?.Claim === 'cognito:groups' &&
      typeof c.rule.RoleARN === 'string' &&
      !roleScopesPerUser(ctx, c.rule.RoleARN)
    )
      return false;
    return true;
  });
}

/** The rule. */
export const userReadsOtherUsers: FindingRule = {
  id: 'user-reads-other-users',
  name: 'UserReadsOtherUsers',
  title: "Signed-in users can read or write other users' data",
  severity: 'high',
  description:
    "Finds per-user resources in the workspace's policies (${cognito-identity.amazonaws.com:sub} in an S3 Resource, a policy variable in a dynamodb:LeadingKeys condition) and in what the workspace lists as per-user (resources with ${cognito-identity.amazonaws.com:sub}, perUserTables), fills them in with another identity's id, and evaluates reads and writes (s3:GetObject/PutObject/DeleteObject, s3:ListBucket on the prefix, dynamodb:GetItem/Query/BatchGetItem/PutItem/UpdateItem/DeleteItem/BatchWriteItem with that leading key, Scan) as each pool's signed-in users: each provider's default-role users and each role-mapping rule's users (a rule on cognito:groups whose role scopes nothing per user counts as an administrators' role and is skipped).",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
  check(ctx) {
    const out: Finding[] = [];
    const otherId = otherIdentityId(ctx.pw.region);
    const probes = otherUserReadWriteProbes(ctx, otherId);
    if (probes.length === 0) return out;
    const selfId = selfIdentityId(ctx.pw.region);
    const byCell = new Map(probes.map((p) => [`${p.action} ${p.resource}`, p] as const));
    const askAs = probeAsker(ctx, probes);
    // One finding per pool and deciding statement, naming every class of identities it lets in.
    const merged = new Map<
      string,
      {
        poolIndex: number;
        poolName: string;
        location: FindingLocation | null;
        who: string[];
        roles: Set<string>;
        cells: ActionOnResource[];
        assumptions: Finding['assumptions'] & object;
      }
    >();
    for (const cls of signedInClasses(ctx)) {
      const pool = ctx.pools.find((p) => p.pool.IdentityPoolId === cls.identityPoolId);
      if (!pool) continue;
      const identity = { ...cls.subject.identity!, identityId: selfId };
      let roleArn: string | null = null;
      const askSelf = askAs(identity);
      const ask = (c: ActionOnResource) => {
        const answer = askSelf(c);
        roleArn ??= answer.roleArn;
        return answer;
      };
      for (const g of groupByStatement(ctx, ask, probes)) {
        const key = `${pool.index}\u0000${g.key}`;
        let m = merged.get(key);
        if (!m) {
          m = {
            poolIndex: pool.index,
            poolName: pool.pool.IdentityPoolName ?? pool.pool.IdentityPoolId,
            location: g.location,
            who: [],
            roles: new Set(),
            cells: [],
            assumptions: [],
          };
          merged.set(key, m);
        }
        if (!m.who.includes(cls.label)) m.who.push(cls.label);
        if (roleArn) m.roles.add(roleName(roleArn));
        for (const c of g.cells)
          if (!m.cells.some((x) => x.action === c.action && x.resource === c.resource)) m.cells.push(c);
        for (const a of g.assumptions) if (!m.assumptions.some((x) => x.id === a.id)) m.assumptions.push(a);
      }
    }
    for (const m of merged.values()) {
      const cells = m.cells.map((c) => ({
        action: c.action,
        resource: byCell.get(`${c.action} ${c.resource}`)?.display ?? c.resource,
      }));
      const roles = [...m.roles];
      out.push(
        groupFinding(
          this,
          ctx,
          m,
          { poolIndex: m.poolIndex, role: 'authenticated' },
          {
            message: `In identity pool ${m.poolName}, ${m.who.join('; ')}${roles.length ? ` (role ${roles.join(', ')})` : ''} can reach data that belongs to another identity (${otherId}): ${ctx.describe(cells)}; allowed by ${describeLocation(m.location)}.`,
            fix: 'Scope per-user data to the caller: S3 Resource "…/private/${cognito-identity.amazonaws.com:sub}/*" (and s3:prefix "private/${cognito-identity.amazonaws.com:sub}/*" for ListBucket) instead of the whole prefix or bucket; DynamoDB item actions with "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"]} plus "Null": {"dynamodb:LeadingKeys": "false"}, and no Scan.',
          },
        ),
      );
    }
    return out;
  },
};
