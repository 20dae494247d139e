/**
 * Null: "true (the key doesn't exist — it is null) or false (the key exists and its value is not null)". No variables,
 * no IfExists, no set operators. A key whose value is an empty list counts as absent [INF].
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
 */
import type { ValueIssue } from './types';
import { variableNotAllowed } from './types';

/** Compile Null's policy values into "wants the key absent" flags. */
export function compileNullValues(
  values: readonly string[],
  variablesEnabled: boolean,
): { ok: true; wantsAbsent: boolean[]; issues: ValueIssue[] } | { ok: false; issues: ValueIssue[] } {
  const issues: ValueIssue[] = [];
  const wantsAbsent: boolean[] = [];
  for (const v of values) {
    issues.push(...variableNotAllowed('Null', v, variablesEnabled));
    const l = v.toLowerCase();
    if (l === 'true') wantsAbsent.push(true);
    else if (l === 'false') wantsAbsent.push(false);
    else
      issues.push({
        severity: 'error',
        code: 'condition.bad-value',
        message: `Null needs "true" (the key is absent) or "false" (the key is present); "${v}" is neither.`,
      });
  }
  return issues.some((i) => i.severity === 'error') ? { ok: false, issues } : { ok: true, wantsAbsent, issues };
}

/** Does Null match, given whether the key is present? Several values OR together. */
export function nullMatches(wantsAbsent: readonly boolean[], present: boolean): boolean {
  for (let i = 0; i < wantsAbsent.length; i++) if (wantsAbsent[i] !== present) return true;
  return false;
}
