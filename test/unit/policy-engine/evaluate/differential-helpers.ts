/**
 * The pieces the two differential tests (differential.test.ts and differential-trust-kms.test.ts) both build their
 * worlds with: condition values, Condition blocks from single operator/key/value choices, and the engine's caller
 * with the session policies of a role session.
 */
import fc from 'fast-check';
import { principalFromArn } from '../../../../policy-engine/evaluate/index';
import type { PreparedWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { CallerPrincipal } from '../../../../policy-engine/evaluate/types';
import type { PolicyInput } from '../../../../policy-engine/model/workspace';
import type { RefCaller, RefStatement } from './reference-model';

/** One or two values of a small alphabet; one is written bare. */
export const values = (alphabet: string[]) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 2 }).map((v) => (v.length === 1 ? v[0] : v));

/** A Condition block of zero to two operator/key/value choices (undefined for none). */
export const conditionOf = (single: fc.Arbitrary<[string, string, string | string[]]>) =>
  fc.array(single, { minLength: 0, maxLength: 2 }).map((cs) => {
    if (cs.length === 0) return undefined;
    const out: Record<string, Record<string, string | string[]>> = {};
    for (const [op, key, v] of cs) {
      out[op] ??= {};
      // Two spellings of one key under one operator would be ambiguous JSON for IAM; keep the first.
      if (!Object.keys(out[op]).some((k) => k.toLowerCase() === key.toLowerCase())) out[op][key] = v;
    }
    return out;
  });

/** The engine's caller for `caller`, with the session policies when it is a role session and there are any. */
export function callerWithSessions(
  pw: PreparedWorkspace,
  caller: RefCaller,
  session: RefStatement[][] | null,
  input: (s: RefStatement[]) => PolicyInput,
): CallerPrincipal {
  const p = principalFromArn(pw, caller.arn);
  if (!p.ok) throw new Error(p.error.message);
  return {
    ...p.principal,
    ...(caller.kind === 'roleSession' && session
      ? { sessionPolicies: session.map((s, i) => ({ policyId: `session${i}`, document: input(s) })) }
      : {}),
  };
}
