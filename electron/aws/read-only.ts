/**
 * Rolecall only ever reads from an AWS account. Every SDK client it creates gets a middleware that refuses, before
 * anything is signed or sent, any operation not on this allow-list — so a bug can never write to an account.
 */

/** The only AWS operations Rolecall may call (all read-only). */
export const READ_ONLY_OPERATIONS: readonly string[] = Object.freeze([
  // IAM: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
  'GetAccountAuthorizationDetails',
  // IAM entity counts, only for progress ("n of m roles"): https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
  'GetAccountSummary',
  // Cognito identity pools
  'ListIdentityPools',
  'DescribeIdentityPool',
  'GetIdentityPoolRoles',
  'GetPrincipalTagAttributeMap',
  // S3 bucket policies: NoSuchBucketPolicy means the bucket has none
  'GetBucketPolicy',
  // DynamoDB resource-based policies: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetResourcePolicy.html
  'GetResourcePolicy',
]);

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
