/**
 * ARNs, one definition: `arn:partition:service:region:account-id:resource` — six colon-separated parts, the resource
 * part keeping its own colons and slashes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 *
 * The callers differ on purpose in what they accept (an account id of exactly 12 digits for a real account, any
 * digits for display, an empty region for IAM/STS/S3 ARNs); each difference is an explicit option of `matchArn`,
 * tested in test/unit/policy-engine/arn.test.ts against the pattern it replaced.
 */

/** An ARN's six parts. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** ARN split into its 6 colon-delimited parts (the resource part keeps its colons). null if not an ARN. */
export function splitArn(arn: string): ArnParts | null {
  if (!arn.startsWith('arn:')) return null;
  const c = [3];
  for (let k = 1; k < 5; k++) {
    const i = arn.indexOf(':', c[k - 1] + 1);
    if (i < 0) return null;
    c.push(i);
  }
  return {
    partition: arn.slice(4, c[1]),
    service: arn.slice(c[1] + 1, c[2]),
    region: arn.slice(c[2] + 1, c[3]),
    account: arn.slice(c[3] + 1, c[4]),
    resource: arn.slice(c[4] + 1),
  };
}

/** What a caller requires of an ARN beyond its six parts. */
export interface ArnShape {
  /** The service (or one of them), e.g. 'iam' or ['iam', 'sts']. */
  service?: string | readonly string[];
  /** 'empty': the region part must be empty (IAM, STS, S3 ARNs); 'nonEmpty': it must be given. */
  region?: 'empty' | 'nonEmpty';
  /**
   * The account part: 'twelveDigits' (a real account id), 'digits' (one or more digits, e.g. for display of
   * shortened test ids), 'empty' (S3 buckets).
   */
  account?: 'twelveDigits' | 'digits' | 'empty';
  /** 'nonEmpty': the partition must be given (`arn::iam::…` is then not an ARN). */
  partition?: 'nonEmpty';
  /** 'nonEmpty': the resource part must be given. */
  resource?: 'nonEmpty';
}

const TWELVE_DIGITS = /^\d{12}$/;
const DIGITS = /^\d+$/;

/** The ARN's parts when it is an ARN of that shape, else null. */
export function matchArn(arn: string, shape: ArnShape = {}): ArnParts | null {
  const p = splitArn(arn);
  if (!p) return null;
  const { service, region, account, partition, resource } = shape;
  if (service !== undefined && !(typeof service === 'string' ? p.service === service : service.includes(p.service)))
    return null;
  if (region === 'empty' ? p.region !== '' : region === 'nonEmpty' && p.region === '') return null;
  if (account === 'twelveDigits' && !TWELVE_DIGITS.test(p.account)) return null;
  if (account === 'digits' && !DIGITS.test(p.account)) return null;
  if (account === 'empty' && p.account !== '') return null;
  if (partition === 'nonEmpty' && p.partition === '') return null;
  if (resource === 'nonEmpty' && p.resource === '') return null;
  return p;
}

/** The account id of an ARN (exactly 12 digits unless the shape says otherwise), or undefined. */
export function arnAccount(arn: string, shape: ArnShape = {}): string | undefined {
  return matchArn(arn, { account: 'twelveDigits', ...shape })?.account;
}

/** The resource part of an ARN of that shape, or undefined. */
export function arnResource(arn: string, shape: ArnShape = {}): string | undefined {
  return matchArn(arn, shape)?.resource;
}

/**
 * For display: the resource part of an ARN of that shape (`role/app/Reader` for an IAM role ARN), anything else as it
 * is.
 */
export function shortArn(arn: string, shape: ArnShape = {}): string {
  return arnResource(arn, shape) ?? arn;
}

/**
 * The service part of something that starts like an ARN (`arn:partition:service:`), even when the rest is missing
 * (a pattern being typed), or undefined.
 */
export function arnService(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const a = arn.indexOf(':', 4);
  const b = a < 0 ? -1 : arn.indexOf(':', a + 1);
  return b < 0 ? undefined : arn.slice(a + 1, b);
}

/** An STS assumed-role session ARN's parts (`arn:aws:sts::111122223333:assumed-role/ROLE/SESSION`). */
export interface AssumedRole {
  partition: string;
  account: string;
  roleName: string;
  /** Everything after the role name's `/` (may hold more slashes). */
  sessionName: string;
}

/**
 * The parts of an assumed-role session ARN (sts, no region, a 12-digit account, `assumed-role/ROLE/SESSION`), or
 * null. By default the partition may be anything and the session name empty; `partition: 'nonEmpty'` and
 * `session: 'nonEmpty'` require them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function assumedRoleOf(
  arn: string,
  options: { partition?: 'nonEmpty'; session?: 'nonEmpty' } = {},
): AssumedRole | null {
  const p = matchArn(arn, { service: 'sts', region: 'empty', account: 'twelveDigits', partition: options.partition });
  if (!p || !p.resource.startsWith('assumed-role/')) return null;
  const rest = p.resource.slice('assumed-role/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const sessionName = rest.slice(slash + 1);
  if (options.session === 'nonEmpty' && sessionName === '') return null;
  return { partition: p.partition, account: p.account, roleName: rest.slice(0, slash), sessionName };
}

/**
 * For display: an IAM (or STS) ARN without its `arn:PARTITION:SERVICE::ACCOUNT:` prefix (`role/app/Reader`), anything
 * else as it is. Any digits count as the account here (examples and tests shorten account ids).
 */
export function iamShortName(arn: string, services: readonly string[] = ['iam', 'sts']): string {
  return shortArn(arn, { service: services, region: 'empty', account: 'digits' });
}

/**
 * A principal as tables and chain lists name it, one rule for every view: a role by its name (`Writer`, not
 * `role/ops/Writer`), an IAM user as `user NAME`, a role session as `ROLE (session NAME)`; any other ARN (an account, a
 * service, an ARN that is not IAM's) as it is, so nothing is mistaken for a role. The path is dropped: IAM role and
 * user names are unique in an account whatever their path.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names
 */
export function principalNameOf(arn: string): string {
  const session = assumedRoleOf(arn);
  if (session) return `${session.roleName} (session ${session.sessionName})`;
  const p = matchArn(arn, { service: 'iam', region: 'empty', account: 'digits' });
  const kind = p && /^(role|user)\/(?:.*\/)?([^/]+)$/.exec(p.resource);
  if (!kind) return arn;
  return kind[1] === 'user' ? `user ${kind[2]}` : kind[2];
}

/** A chain of principals (sts:AssumeRole hops) in words: each named by principalNameOf, joined with " → ". */
export function chainNames(chain: readonly string[]): string {
  return chain.map(principalNameOf).join(' → ');
}
