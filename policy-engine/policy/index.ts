/**
 * The public surface of policy-engine/policy: parse a policy document with the source range of every element, and
 * validate it against the catalog.
 */
export {
  parsePolicy,
  policyText,
  maxPolicyChars,
  STATEMENT_ELEMENTS,
  type ParsedPolicy,
  type ParsedStatement,
  type PolicyString,
  type PrincipalEntry,
  type PrincipalElement,
} from './parse';
export { validatePolicy, variablesEnabled, policyVersions } from './validate';
