/**
 * What the evaluator reports about one request, per policy type (Cedar's buckets): whether some statement of that type
 * allows, some denies, or no policy of that type applies at all; for resource-based policies also whom the matching
 * Allow names. Numbers, not lists, so that the access matrix reuses one record for every cell; the explained path
 * keeps the matching statements themselves in a Collector (match.ts).
 */
import type { PolicyType } from '../model/request';
import type { OwnedKind } from './resource-side';

/** Some statement of the policy type allows. */
export const ALLOW = 1;
/** Some statement of the policy type denies. */
export const DENY = 2;
/** No policy of this type applies to the request (no boundary, no session policy, no SCPs, no resource policy…). */
export const NONE = 4;
/** Resource-based policies: the GrantKind bits of the matching Allow statements, shifted left by this much. */
export const GRANT_SHIFT = 3;

/** The policy types the decision procedure weighs, in the order AWS names them when several deny. */
export const DENY_ORDER = [
  'scp',
  'rcp',
  'permissionsBoundary',
  'session',
  'identity',
  'resource',
] as const satisfies readonly PolicyType[];

/** A policy type the decision procedure weighs (a field of Matches). */
export type WeighedType = (typeof DENY_ORDER)[number];

/** Per policy type: ALLOW / DENY / NONE bits (resource: plus grant bits); and the facts the steps need. */
export type Matches = Record<WeighedType, number> & {
  /** An anonymous (unsigned) request to a service that requires signed requests: refused before any policy. */
  unsigned: boolean;
  /** The caller is anonymous ("*"): it has no identity-based policies. */
  anonymous: boolean;
  /** Caller and resource are in the same account. */
  sameAccount: boolean;
  /** The resource-based policy must allow explicitly (a role's trust policy for sts:*, a KMS key policy for kms:*). */
  explicitResource: boolean;
  /** The action needs no permission at all (sts:GetCallerIdentity): no policy can deny it. */
  noAuthorization: boolean;
  /** The request would change an AWS-owned resource (AWS managed policy, service-linked role, AWS managed key…). */
  owned: OwnedKind | null;
};

/** A fresh Matches record (the matrix creates one and reuses it for every cell). */
export function createMatches(): Matches {
  return {
    identity: 0,
    permissionsBoundary: 0,
    session: 0,
    resource: 0,
    scp: 0,
    rcp: 0,
    unsigned: false,
    anonymous: false,
    sameAccount: false,
    explicitResource: false,
    noAuthorization: false,
    owned: null,
  };
}

/** Whether the bits allow, or no policy of the type applies (a limit that is absent does not limit). */
export const allowsOrAbsent = (bits: number): boolean => (bits & (ALLOW | NONE)) !== 0;

/** Whether a resource-based policy's matching Allow names the caller in the given way (GrantKind bits). */
export const grants = (bits: number, kind: number): boolean =>
  (bits & ALLOW) !== 0 && ((bits >> GRANT_SHIFT) & kind) !== 0;

/** The decision of one policy type's bits, for the per-type summary of an answer. */
export const bitsDecision = (b: number): 'explicitDeny' | 'allowed' | 'implicitDeny' =>
  b & DENY ? 'explicitDeny' : b & ALLOW ? 'allowed' : 'implicitDeny';
