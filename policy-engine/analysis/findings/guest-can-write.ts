/**
 * guest-can-write: guests (unauthenticated identities — anyone who knows the pool id) may write or delete S3 objects
 * or DynamoDB items, or change permissions. Evaluated as the pool's guest identity, enhanced flow with Cognito's
 * scope-down, over every S3/DynamoDB Write and Permissions-management action × the workspace's resources.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 */
import type { Finding, FindingRule } from './types';
import { isWriteLike, type ActionOnResource } from '../describe';
import { matrixFor } from '../access-matrix';
import { probeResources } from '../probe-resources';
import { describeLocation, groupByStatement, groupFinding } from './answer-location';
import { roleName } from './trust-helpers';

/** The identity id the probing guest has. */
const GUEST_ID = (region: string) => `${region}:00000000-0000-4000-8000-00000000009e`;

/** The rule. */
export const guestCanWrite: FindingRule = {
  id: 'guest-can-write',
  name: 'GuestCanWrite',
  title: 'Guests can write or delete data',
  severity: 'high',
  description:
    "Evaluates the guest (unauthenticated) identity of each pool that allows guests against every S3 and DynamoDB write, delete and permissions-management action on the workspace resources; reports each allowed one with the statement that allows it. Besides the workspace's `resources`, the narrower S3/DynamoDB ARNs the guest's own Allow statements name are probed (`b/public/*` when only `b/*` is listed).",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const cls of ctx.classes().filter((c) => c.kind === 'guest')) {
      const pool = ctx.pools.find((p) => p.pool.IdentityPoolId === cls.identityPoolId);
      if (!pool) continue;
      const row = ctx.matrix(cls.key, cls.subject);
      // Probe the workspace's resources and the narrower ones the guest's policies name (b/public/* when b/* is listed),
      // as one guest with a fixed identity id (so "their own folder" resolves the same in the matrix and the explanation).
      const subject = { identity: { ...cls.subject.identity!, identityId: GUEST_ID(ctx.pw.region) } };
      const probes = probeResources(ctx, row.roleArn, subject.identity.identityId);
      const writes = ctx.actions.filter((a) => isWriteLike(ctx.pw.catalog, a));
      const wide = matrixFor(
        ctx.pw,
        subject,
        writes,
        probes.map((p) => p.resource),
        { now: ctx.now },
      );
      const cells: ActionOnResource[] = [];
      wide.decisions.forEach((r, a) =>
        r.forEach((d, x) => {
          if (d === 'allowed') cells.push({ action: writes[a], resource: probes[x].resource });
        }),
      );
      if (cells.length === 0) continue;
      const display = new Map(probes.map((p) => [p.resource, p.display] as const));
      const groups = groupByStatement(ctx, (c) => ctx.explain(subject, c.action, c.resource), cells).map((g) => ({
        ...g,
        cells: g.cells.map((c) => ({ action: c.action, resource: display.get(c.resource) ?? c.resource })),
      }));
      const name = pool.pool.IdentityPoolName ?? pool.pool.IdentityPoolId;
      for (const g of groups) {
        out.push(
          groupFinding(
            this,
            ctx,
            g,
            { poolIndex: pool.index, role: 'unauthenticated' },
            {
              message: `Any guest of identity pool ${name} — anyone who knows the pool id, no sign-in needed — gets ${row.roleArn ? roleName(row.roleArn) : 'the unauthenticated role'} and can ${ctx.describe(g.cells)}; allowed by ${describeLocation(g.location)}.`,
              fix: 'Remove write, delete and permissions actions from the unauthenticated role (or scope them with conditions that a guest cannot satisfy); give writes only to authenticated roles, scoped to ${cognito-identity.amazonaws.com:sub}.',
            },
          ),
        );
      }
    }
    return out;
  },
};
