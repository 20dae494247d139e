/**
 * The internal seam between the condition registry (index.ts) and the operator families (one file each).
 * A family knows how to read its policy values and request values; index.ts and set-operators.ts own the
 * key-missing / IfExists / ForAnyValue / ForAllValues / negation logic, which is the same for every family.
 */
import type { Range } from '../../model/request';
import type { ContextLookup } from '../variables';

/** One condition entry as the policy parser hands it over. */
export interface ConditionSpec {
  operator: string;
  key: string;
  values: string[];
  /** JSON path of the entry, e.g. `Statement[0].Condition.StringLike.s3:prefix`. */
  path: string;
  range?: Range;
}

/** The condition key types of the service reference (https://docs.aws.amazon.com/service-authorization/latest/reference/). */
export type KeyType =
  | 'String'
  | 'ArrayOfString'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Date'
  | 'ArrayOfDate'
  | 'Bool'
  | 'ArrayOfBool'
  | 'IPAddress'
  | 'ArrayOfIPAddress'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Binary'
  | 'ArrayOfBinary';

/** One policy value, compiled. R is the family's parsed request value. */
export interface ValueMatcher<R> {
  /** The value as written in the policy. */
  source: string;
  hasVariables: boolean;
  /** Does the (parsed) request value satisfy the positive form of the operator against this policy value?
   * null when a policy variable in this value could not be resolved. Must not allocate in the common case. */
  test(request: R, lookup: ContextLookup): boolean | null;
  /** The policy value after variable substitution, for explanations (null + keys when unresolved). */
  resolve(lookup: ContextLookup): { value: string | null; unresolved: string[] };
}

/** A compile problem with one policy value. */
export interface ValueIssue {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

/** What compiling one policy value gives. */
export type ValueCompileResult<R> =
  { ok: true; matcher: ValueMatcher<R>; issues: ValueIssue[] } | { ok: false; issues: ValueIssue[] };

/** An operator family (String, Numeric, Date, Bool, Binary, IpAddress, Arn). */
export interface OperatorFamily<R> {
  /** Family label used in messages, e.g. "Numeric". */
  label: string;
  /** Base operator name → whether it is the negated form ("matches none of the values"). */
  operators: Readonly<Record<string, { negated: boolean }>>;
  /** Key types this family is meant for (a mismatch gives a warning, not an error). */
  keyTypes: readonly string[];
  /** Parse a request value; undefined when it is not a valid value of this type. Must not allocate for strings. */
  parseRequest(raw: string): R | undefined;
  /** Why a request value does not parse, e.g. `"abc" is not a number`. */
  requestError(raw: string): string;
  /** Compile one policy value for the given base operator. */
  compileValue(base: string, value: string, opts: { variablesEnabled: boolean }): ValueCompileResult<R>;
}

/** A matcher over already-resolved plain strings, used by families that take no variables. */
export function fixedMatcher<R>(source: string, test: (request: R) => boolean): ValueMatcher<R> {
  return { source, hasVariables: false, test, resolve: () => ({ value: source, unresolved: [] }) };
}

/** The warning for `${` in an operator family that does not take variables: the text stays literal. */
export function variableNotAllowed(label: string, value: string, variablesEnabled: boolean): ValueIssue[] {
  if (!variablesEnabled || value.indexOf('${') < 0) return [];
  return [
    {
      severity: 'warning',
      code: 'condition.variable-not-allowed',
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-conditionelement
      message: `${label} condition operators do not take policy variables; "${value}" is read as literal text.`,
    },
  ];
}
