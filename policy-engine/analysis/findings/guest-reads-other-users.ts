/**
 * guest-reads-other-users: a guest can read data that belongs to another identity. Per-user resources are found in
 * the workspace's own policies — Resource entries with ${cognito-identity.amazonaws.com:sub}, and tables whose
 * dynamodb:LeadingKeys conditions use it — and in what the workspace lists as per-user (`resources` entries with
 * ${cognito-identity.amazonaws.com:sub}, `perUserTables`), then filled in with another identity's id and evaluated as
 * the guest.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
import type { Finding, FindingRule } from './types';
import { describeLocation, groupByStatement, groupFinding } from './answer-location';
import { otherIdentityId, otherUserProbes, probeAsker } from '../per-user-probes';

/** The rule. */
export const guestReadsOtherUsers: FindingRule = {
  id: 'guest-reads-other-users',
  name: 'GuestReadsOtherUsers',
  title: "Guests can read other users' data",
  severity: 'high',
  description:
    "Finds per-user resources in the workspace's policies (${cognito-identity.amazonaws.com:sub} in a Resource, or in a dynamodb:LeadingKeys condition), fills them in with another identity's id, and evaluates reads (s3:GetObject, s3:ListBucket on the prefix, dynamodb:GetItem/Query/BatchGetItem with that leading key, Scan) as each pool's guest.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
  check(ctx) {
    const out: Finding[] = [];
    const guests = ctx.classes().filter((c) => c.kind === 'guest');
    if (guests.length === 0) return out;
    const otherId = otherIdentityId(ctx.pw.region);
    const probes = otherUserProbes(ctx, otherId);
    if (probes.length === 0) return out;
    const askAs = probeAsker(ctx, probes);
    for (const cls of guests) {
      const pool = ctx.pools.find((p) => p.pool.IdentityPoolId === cls.identityPoolId);
      if (!pool || !cls.subject.identity) continue;
      const name = pool.pool.IdentityPoolName ?? pool.pool.IdentityPoolId;
      for (const g of groupByStatement(ctx, askAs(cls.subject.identity), probes)) {
        out.push(
          groupFinding(
            this,
            ctx,
            g,
            { poolIndex: pool.index, role: 'unauthenticated' },
            {
              message: `Any guest of identity pool ${name} can read data that belongs to another identity (${otherId}): ${ctx.describe(g.cells)}; allowed by ${describeLocation(g.location)}.`,
              fix: "Scope guest reads to the caller's own data with ${cognito-identity.amazonaws.com:sub} in the Resource (S3) or a ForAllValues:StringEquals dynamodb:LeadingKeys condition without Scan (DynamoDB) — or give guests no access to per-user data at all.",
            },
          ),
        );
      }
    }
    return out;
  },
};
