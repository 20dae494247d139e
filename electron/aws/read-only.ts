/**
 * Rolecall only ever reads from an AWS account. Every SDK client it creates gets a middleware that refuses, before
 * anything is signed or sent, any operation not on this allow-list — so a bug can never write to an account.
 */

/**
 * The only AWS operations Rolecall may call (all read-only), by the IAM service prefix that authorises them. Each
 * operation's IAM action has the operation's name (`iam:GetAccountAuthorizationDetails`), so the same list is the
 * guard's allow-list and the policy `rolecall fetch --print-policy` prints.
 */
export const READ_ONLY_API: Readonly<Record<string, readonly string[]>> = Object.freeze({
  iam: Object.freeze([
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
    'GetAccountAuthorizationDetails',
    // entity counts, only for progress ("n of m roles"): https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
    'GetAccountSummary',
  ]),
  // Cognito identity pools: https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_Operations.html
  'cognito-identity': Object.freeze([
    'ListIdentityPools',
    'DescribeIdentityPool',
    'GetIdentityPoolRoles',
    'GetPrincipalTagAttributeMap',
  ]),
  // Cognito user pools (the ones the identity pools accept): the pool, its app clients, groups and MFA configuration
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html
  'cognito-idp': Object.freeze([
    'DescribeUserPool',
    'ListUserPoolClients',
    'DescribeUserPoolClient',
    'ListGroups',
    'GetUserPoolMfaConfig',
  ]),
  // S3 bucket policies (NoSuchBucketPolicy means the bucket has none): https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
  s3: Object.freeze(['GetBucketPolicy']),
  // DynamoDB resource-based policies: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetResourcePolicy.html
  dynamodb: Object.freeze(['GetResourcePolicy']),
});

/** The only AWS operations Rolecall may call (all read-only): READ_ONLY_API's operations. */
export const READ_ONLY_OPERATIONS: readonly string[] = Object.freeze(Object.values(READ_ONLY_API).flat());

/** The IAM actions `rolecall fetch` needs, as `service:Operation`, in READ_ONLY_API's order. */
export function readOnlyActions(): string[] {
  return Object.entries(READ_ONLY_API).flatMap(([service, ops]) => ops.map((op) => `${service}:${op}`));
}

/**
 * The identity-based IAM policy that lets `rolecall fetch` read everything it reads, and nothing else: one Allow of
 * exactly the guard's allow-list. Resource "*": GetAccountAuthorizationDetails, GetAccountSummary and
 * ListIdentityPools support no resource-level permissions, and the buckets, tables and pools to read are only known
 * once the account has been read.
 */
export function fetchPolicy(): {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
} {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'RolecallFetchReadOnly', Effect: 'Allow', Action: readOnlyActions(), Resource: '*' }],
  };
}

/** Thrown (inside the SDK call) when code tries an operation that is not on the allow-list. */
export class ReadOnlyViolation extends Error {
  override name = 'RolecallReadOnlyViolation';
}

/** The operation name of a command class name: `CreateRoleCommand` → `CreateRole`. */
export function operationName(commandName: string | undefined): string {
  return (commandName ?? '').replace(/Command$/, '');
}

/** The smallest client surface the guard needs (every v3 SDK client has it). */
interface GuardableClient {
  middlewareStack: {
    add(
      mw: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      opts: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
}

/** Adds the allow-list guard to a client and returns it. */
export function guardReadOnly<T>(client: T): T {
  (client as unknown as GuardableClient).middlewareStack.add(
    (next, context) => async (args) => {
      const op = operationName(context.commandName);
      if (!READ_ONLY_OPERATIONS.includes(op)) {
        throw new ReadOnlyViolation(
          `Rolecall is read-only: refused to call ${op || 'an unnamed operation'} (allowed: ${READ_ONLY_OPERATIONS.join(', ')})`,
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'rolecallReadOnlyGuard', priority: 'high' },
  );
  return client;
}
