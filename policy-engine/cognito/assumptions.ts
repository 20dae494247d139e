/**
 * The undocumented Cognito behaviours (SEMANTICS.md [AMBIG]) Rolecall has to pick a default for.
 * Each has a stable id; an answer lists one only when its result actually depended on that choice.
 */
import type { Assumption } from '../model/request';
import type { WorkspaceSettings } from '../model/workspace';

/** The stable ids of the Cognito assumptions. */
export type CognitoAssumptionId =
  | 'multiValuedClaimMatch'
  | 'claimMatchCaseSensitive'
  | 'guestScopeDown'
  | 'classicFlowUnset'
  | 'defaultPrincipalTagKeys'
  | 'customRoleArnWithRules'
  | 'customRoleArnWithoutMapping'
  | 'customRoleArnNotInToken'
  | 'tokenMappingWithoutRoles'
  | 'tokenSingleRoleWithoutPreferred'
  | 'oidcMappingKey'
  | 'samlRoleChoice'
  | 'guestSubPresent'
  | 'preferredRoleFrom';

/** Builds the assumption record for an id, wording it with the setting actually in force. */
export function cognitoAssumption(id: CognitoAssumptionId, settings: WorkspaceSettings | undefined): Assumption {
  const s = settings ?? {};
  switch (id) {
    case 'multiValuedClaimMatch':
      return {
        id,
        text: `A role-mapping rule compared an array claim, and the role chosen depends on how; AWS does not document it. Rolecall used "${s.multiValuedClaimMatch ?? 'anyElement'}" (settings.multiValuedClaimMatch: anyElement = some element satisfies the match type, joinedString = the comma-joined string does).`,
      };
    case 'claimMatchCaseSensitive':
      return {
        id,
        text: `The rule's outcome depends on letter case, and AWS does not document whether match types are case-sensitive. Rolecall compared ${s.claimMatchCaseSensitive === false ? 'case-insensitively' : 'case-sensitively'} (settings.claimMatchCaseSensitive).`,
      };
    case 'guestScopeDown':
      return {
        id,
        text: `Guest credentials from the enhanced flow carry Cognito's scope-down session policies; how the inline and the managed one combine is undocumented. Rolecall used "${s.guestScopeDown ?? 'inline-or-managed'}" (settings.guestScopeDown) with the ${s.scopeDownPolicies ? "workspace's own" : 'shipped'} policies.`,
      };
    case 'classicFlowUnset':
      return {
        id,
        text: 'AllowClassicFlow is not set on the pool; AWS has been seen to allow the basic flow then (aws/aws-cli#7652), and Rolecall does the same.',
      };
    case 'defaultPrincipalTagKeys':
      return {
        id,
        text: `The pool maps attributes to principal tags with UseDefaults; AWS names the default tags only as "username and clientID". Rolecall used tag keys "${s.defaultPrincipalTagKeys?.sub ?? 'username'}" and "${s.defaultPrincipalTagKeys?.aud ?? 'client'}" (settings.defaultPrincipalTagKeys).`,
      };
    case 'customRoleArnWithRules':
      return {
        id,
        text: 'CustomRoleArn was given with a Rules mapping; AWS only says it "overrides the order". Rolecall accepts it when it is the role of a matching rule and refuses it otherwise.',
      };
    case 'customRoleArnWithoutMapping':
      return {
        id,
        text: 'CustomRoleArn was given but no Token or Rules mapping applies; AWS does not document this case. Rolecall ignores CustomRoleArn unless it is the role the pool would pick anyway.',
      };
    case 'customRoleArnNotInToken':
      return {
        id,
        text: 'CustomRoleArn is not among the roles the token carries; AWS documents a refusal but not its message. Rolecall reports NotAuthorizedException.',
      };
    case 'tokenMappingWithoutRoles':
      return {
        id,
        text: 'Token mapping, but the token carries no cognito:roles or cognito:preferred_role; AWS documents only the "several roles, none preferred" case. Rolecall applies AmbiguousRoleResolution.',
      };
    case 'tokenSingleRoleWithoutPreferred':
      return {
        id,
        text: 'Token mapping: the token carries one role in cognito:roles but no cognito:preferred_role. AWS documents AmbiguousRoleResolution only for "no cognito:preferred_role and multiple cognito:roles"; Rolecall uses the single role.',
      };
    case 'oidcMappingKey':
      return {
        id,
        text: 'The role mapping of an OIDC provider was looked up by both its issuer and its IAM OIDC provider ARN; AWS documents the ARN form in one place and the issuer in another.',
      };
    case 'samlRoleChoice':
      return {
        id,
        text: 'The SAML assertion carries several roles and no CustomRoleArn picks one; AWS does not document the choice. Rolecall applies the ambiguous-role resolution (refusal unless AuthenticatedRole).',
      };
    case 'preferredRoleFrom':
      return {
        id,
        text: `The user's best group by Precedence has no role while another of their groups has one; AWS says cognito:preferred_role comes from "the group with the lowest precedence value whose role ARN is given", which does not settle whether groups without a role count. Rolecall used "${s.preferredRoleFrom ?? 'groupsWithRole'}" (settings.preferredRoleFrom: groupsWithRole = the lowest-Precedence group that has a role, bestGroup = the lowest-Precedence group, no claim when it has no role).`,
      };
    case 'guestSubPresent':
      return {
        id,
        text: `Whether cognito-identity.amazonaws.com:sub is present for guest sessions is undocumented; Rolecall ${s.guestSubPresent === false ? 'leaves it out' : 'fills it in'} (settings.guestSubPresent).`,
      };
  }
}

/** Collects assumption ids without duplicates, in the order first seen. */
export class AssumptionSet {
  private readonly ids: CognitoAssumptionId[] = [];
  /** Records that the result depended on this id. */
  add(id: CognitoAssumptionId): void {
    if (!this.ids.includes(id)) this.ids.push(id);
  }
  /** Whether the id was recorded. */
  has(id: CognitoAssumptionId): boolean {
    return this.ids.includes(id);
  }
  /** The ids recorded so far. */
  list(): CognitoAssumptionId[] {
    return [...this.ids];
  }
  /** The assumption records, worded for the settings in force. */
  toAssumptions(settings: WorkspaceSettings | undefined): Assumption[] {
    return this.ids.map((id) => cognitoAssumption(id, settings));
  }
}
