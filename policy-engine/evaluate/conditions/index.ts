/**
 * The condition operator registry: parse an operator name, compile one `"Operator": { "key": values }` entry, test it
 * fast (`test`) or explain it (`explain`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *
 * Rules (SEMANTICS §B4): several policy values for one key OR together; a negated operator (StringNotEquals,
 * NotIpAddress, …) is true when the request value matches none of them. Key names are case-insensitive (the lookup
 * takes the key lower-cased); values are case-sensitive except under the IgnoreCase operators. Operator names are
 * case-sensitive: IAM rejects "stringEquals" with "Invalid Condition type" [OBS: MalformedPolicyDocument messages,
 * e.g. ministryofjustice/modernisation-platform-environments#8893].
 */
import type { ConditionTrace } from '../../model/request';
import type { Diagnostic } from '../../model/diagnostic';
import type { ContextLookup } from '../variables';
import type { ConditionSpec, KeyType, OperatorFamily, ValueIssue, ValueMatcher } from './types';
import { stringFamily } from './string';
import { numericFamily } from './numeric';
import { dateFamily } from './date';
import { boolFamily } from './bool';
import { binaryFamily } from './binary';
import { ipFamily } from './ip';
import { arnFamily } from './arn';
import { compileNullValues, nullMatches } from './null';
import type { SetOperator } from './set-operators';
import { combineSet, missingOutcome } from './set-operators';
import { explainCondition } from './explain';

export type { KeyType, ConditionSpec } from './types';
export type { ContextLookup } from '../variables';

/** A compiled condition entry. */
export interface CompiledCondition {
  operator: string;
  key: string;
  keyLower: string;
  /** Fast path, no allocation of explanations. */
  test(lookup: ContextLookup): boolean;
  /** Full explanation: request values, policy values after variable substitution, matched, missing, reason sentence,
   * unresolved variables, range. */
  explain(lookup: ContextLookup): ConditionTrace;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFamily = OperatorFamily<any>;
const FAMILIES: readonly AnyFamily[] = [
  stringFamily,
  numericFamily,
  dateFamily,
  boolFamily,
  binaryFamily,
  ipFamily,
  arnFamily,
];
const FAMILY_OF: ReadonlyMap<string, AnyFamily> = new Map(
  FAMILIES.flatMap((f) => Object.keys(f.operators).map((op) => [op, f] as const)),
);

/** Every operator name (without prefixes/suffixes) known, for validation and editor completion. */
export const conditionOperatorNames: readonly string[] = Object.freeze([...FAMILY_OF.keys(), 'Null']);

/** Parse "ForAnyValue:StringLikeIfExists" into its parts; null for an unknown operator. Names are case-sensitive. */
export function parseOperator(name: string): { base: string; setOperator?: SetOperator; ifExists: boolean } | null {
  let rest = name;
  let setOperator: SetOperator | undefined;
  if (rest.startsWith('ForAnyValue:')) setOperator = 'ForAnyValue';
  else if (rest.startsWith('ForAllValues:')) setOperator = 'ForAllValues';
  if (setOperator) rest = rest.slice(setOperator.length + 1);
  const ifExists = rest.endsWith('IfExists') && rest.length > 'IfExists'.length;
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (rest !== 'Null' && !FAMILY_OF.has(rest)) return null;
  return setOperator ? { base: rest, setOperator, ifExists } : { base: rest, ifExists };
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** The closest valid spelling of an unknown operator name, or undefined when nothing is close. */
export function suggestOperator(name: string): string | undefined {
  const lower = name.toLowerCase();
  let prefix = '';
  let rest = name;
  for (const p of ['ForAnyValue:', 'ForAllValues:']) {
    if (lower.startsWith(p.toLowerCase())) {
      prefix = p;
      rest = name.slice(p.length);
    }
  }
  let suffix = '';
  if (rest.toLowerCase().endsWith('ifexists') && rest.length > 8) {
    suffix = 'IfExists';
    rest = rest.slice(0, -8);
  }
  const restLower = rest.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const op of conditionOperatorNames) {
    const dist = op.toLowerCase() === restLower ? 0 : editDistance(op.toLowerCase(), restLower);
    if (dist < bestD) {
      bestD = dist;
      best = op;
    }
  }
  if (best === undefined || bestD > Math.max(2, Math.floor(rest.length / 4))) return undefined;
  return prefix + best + suffix;
}

function diag(spec: ConditionSpec, issue: ValueIssue): Diagnostic {
  const d: Diagnostic = { severity: issue.severity, code: issue.code, message: issue.message, path: spec.path };
  if (spec.range) d.range = spec.range;
  return d;
}

const SET_KEY_TYPES = new Set([
  'ArrayOfString',
  'ArrayOfNumeric',
  'ArrayOfDate',
  'ArrayOfBool',
  'ArrayOfIPAddress',
  'ArrayOfARN',
  'ArrayOfBinary',
]);

/** Compile one condition entry. Errors: unknown operator, IfExists/set operator on Null, unparseable typed policy values. */
export function compileCondition(
  spec: ConditionSpec,
  opts: { variablesEnabled: boolean; keyType?: (keyLower: string) => KeyType | undefined },
): { ok: true; condition: CompiledCondition; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[] } {
  const parsed = parseOperator(spec.operator);
  if (!parsed) {
    const s = suggestOperator(spec.operator);
    const hint = s ? ` Did you mean "${s}"? Operator names are case-sensitive.` : '';
    return {
      ok: false,
      errors: [
        diag(spec, {
          severity: 'error',
          code: 'condition.unknown-operator',
          message: `Unknown condition operator "${spec.operator}".${hint}`,
        }),
      ],
    };
  }
  const { base, setOperator, ifExists } = parsed;
  const keyLower = spec.key.toLowerCase();
  const issues: ValueIssue[] = [];
  if (spec.values.length === 0) {
    issues.push({
      severity: 'warning',
      code: 'condition.no-values',
      message: `${spec.operator} lists no values for ${spec.key}: nothing can match it.`,
    });
  }
  const keyType = opts.keyType?.(keyLower);
  const multiKey = keyType !== undefined && SET_KEY_TYPES.has(keyType);

  if (base === 'Null') {
    const errors: ValueIssue[] = [];
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
    if (ifExists)
      errors.push({
        severity: 'error',
        code: 'condition.ifexists-on-null',
        message: 'IfExists cannot be added to the Null condition operator.',
      });
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    if (setOperator)
      errors.push({
        severity: 'error',
        code: 'condition.set-operator-on-null',
        message: `${setOperator}: cannot be used with the Null condition operator.`,
      });
    const n = compileNullValues(spec.values, opts.variablesEnabled);
    if (errors.length || !n.ok) {
      const all = [...errors, ...n.issues];
      return {
        ok: false,
        errors: [...all.filter((i) => i.severity === 'error'), ...all.filter((i) => i.severity !== 'error')].map((i) =>
          diag(spec, i),
        ),
      };
    }
    const wantsAbsent = n.wantsAbsent;
    const present = (raw: string | string[] | undefined): boolean =>
      raw !== undefined && !(typeof raw !== 'string' && raw.length === 0);
    const condition: CompiledCondition = {
      operator: spec.operator,
      key: spec.key,
      keyLower,
      test: (lookup) => nullMatches(wantsAbsent, present(lookup(keyLower))),
      explain: (lookup) => {
        const raw = lookup(keyLower);
        const isPresent = present(raw);
        const matched = nullMatches(wantsAbsent, isPresent);
        const trace: ConditionTrace = {
          operator: spec.operator,
          key: spec.key,
          policyValues: spec.values.slice(),
          matched,
          missing: !isPresent,
          reason: `${spec.key} is ${isPresent ? 'present' : 'absent'}; Null ${JSON.stringify(spec.values.length === 1 ? spec.values[0] : spec.values)} needs it ${wantsAbsent.every((w) => w) ? 'absent' : wantsAbsent.every((w) => !w) ? 'present' : 'absent or present'} → ${matched ? 'matched' : 'not matched'}`,
        };
        if (raw !== undefined) trace.requestValues = typeof raw === 'string' ? [raw] : raw.slice();
        if (spec.range) trace.range = spec.range;
        return trace;
      },
    };
    return { ok: true, condition, warnings: [...issues, ...n.issues].map((i) => diag(spec, i)) };
  }

  const family = FAMILY_OF.get(base) as AnyFamily;
  const negated = family.operators[base].negated;
  const matchers: ValueMatcher<unknown>[] = [];
  let failed = false;
  for (const v of spec.values) {
    const r = family.compileValue(base, v, { variablesEnabled: opts.variablesEnabled });
    issues.push(...r.issues);
    if (r.ok) matchers.push(r.matcher);
    else failed = true;
  }
  // On failure the warnings travel with the errors: "variable not allowed" explains why "${x}" is not a number.
  if (failed)
    return {
      ok: false,
      errors: [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')].map(
        (i) => diag(spec, i),
      ),
    };

  if (keyType !== undefined) {
    const single = keyType.replace(/^ArrayOf/, '');
    if (!family.keyTypes.includes(single === 'IPAddress' ? 'IPAddress' : single)) {
      issues.push({
        severity: 'warning',
        code: 'condition.operator-type-mismatch',
        message: `${spec.key} is a ${keyType} key; ${family.label} operators are meant for ${family.keyTypes.join('/')} keys.`,
      });
    }
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    if (multiKey && !setOperator) {
      issues.push({
        severity: 'warning',
        code: 'condition.multivalued-key-needs-set-operator',
        message: `${spec.key} is multi-valued (${keyType}); without ForAnyValue: or ForAllValues: the condition does not match a request that has several values.`,
      });
    }
    if (!multiKey && setOperator) {
      issues.push({
        severity: 'warning',
        code: 'condition.set-operator-on-single-valued-key',
        message: `${spec.key} is single-valued (${keyType}); ${setOperator}: on a single-valued key can be overly permissive.`,
      });
    }
  }

  const parseRequest = family.parseRequest;
  const count = matchers.length;
  const whenMissing = missingOutcome(setOperator, ifExists, negated);
  /** Does one request value satisfy the operator (any policy value for positive, none for negated)? */
  const satisfiesOne = (raw: string, lookup: ContextLookup): boolean => {
    const req = parseRequest(raw);
    if (req === undefined) return false;
    for (let i = 0; i < count; i++) if (matchers[i].test(req, lookup) === true) return !negated;
    return negated;
  };
  const test = (lookup: ContextLookup): boolean => {
    const raw = lookup(keyLower);
    if (raw === undefined) return whenMissing;
    if (typeof raw === 'string') return satisfiesOne(raw, lookup);
    if (raw.length === 0) return whenMissing;
    if (setOperator) return combineSet(setOperator, raw, lookup, satisfiesOne);
    // A one-element list for a key known to be single-valued is that value.
    if (raw.length === 1 && keyType !== undefined && !multiKey) return satisfiesOne(raw[0], lookup);
    return false;
  };
  const condition: CompiledCondition = {
    operator: spec.operator,
    key: spec.key,
    keyLower,
    test,
    explain: (lookup) =>
      explainCondition(
        {
          spec,
          base,
          setOperator,
          ifExists,
          negated,
          family,
          matchers,
          keyLower,
          unwrapSingle: keyType !== undefined && !multiKey,
          test,
        },
        lookup,
      ),
  };
  return { ok: true, condition, warnings: issues.map((i) => diag(spec, i)) };
}
