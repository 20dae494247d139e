/**
 * The shape of a request (CONTRACT.md §2), checked from `unknown` before anything is evaluated.
 */
import { z } from 'zod';
import type { Request } from './model/request';

const contextValue = z.union([z.string(), z.array(z.string())]);

const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())]);

/** The `identity` object of a request. */
export const identitySchema = z
  .object({
    identityPoolId: z.string().min(1),
    provider: z.string().min(1).nullable().optional(),
    claims: z.record(z.string(), z.unknown()).optional(),
    token: z.string().min(1).max(50_000).optional(),
    identityId: z.string().min(1).optional(),
    customRoleArn: z.string().min(1).optional(),
    flow: z.enum(['enhanced', 'basic']).optional(),
    roleArn: z.string().min(1).optional(),
  })
  .passthrough()
  .refine((v) => !(v.claims && v.token), { message: 'give either "claims" or "token", not both', path: ['token'] });

/** A request. */
export const requestSchema = z
  .object({
    id: z.string().optional(),
    principal: z.string().min(1).optional(),
    identity: identitySchema.optional(),
    action: z.string().min(1),
    resource: z.string().min(1),
    resourceAccount: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id').optional(),
    context: z.record(z.string(), contextValue).optional(),
    sessionPolicy: policyDocument.optional(),
  })
  .passthrough()
  .refine((v) => (v.principal === undefined) !== (v.identity === undefined), {
    message: 'a request needs exactly one of "principal" and "identity"',
    path: ['principal'],
  });

/** Checks one request; on failure, the JSON path (relative to the request) and a message. */
export function checkRequest(value: unknown): { ok: true; request: Request } | { ok: false; path: (string | number)[]; message: string } {
  const result = requestSchema.safeParse(value);
  if (result.success) return { ok: true, request: result.data as Request };
  const issue = result.error.issues[0];
  return { ok: false, path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message };
}

/** Checks a standalone identity object (for `rolecall resolve` and `matrix --identity`). */
export function checkIdentity(value: unknown): { ok: true; identity: NonNullable<Request['identity']> } | { ok: false; path: (string | number)[]; message: string } {
  const result = identitySchema.safeParse(value);
  if (result.success) return { ok: true, identity: result.data as NonNullable<Request['identity']> };
  const issue = result.error.issues[0];
  return { ok: false, path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message };
}
