/** Shared helpers for the condition tests: a case-insensitive lookup and a one-call "compile and test". */
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import type { CompiledCondition, KeyType } from '../../../../../policy-engine/evaluate/conditions/index';
import type { ContextLookup } from '../../../../../policy-engine/evaluate/variables';

/** AWS documentation pages the tests cite. */
export const DOC = {
  operators: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  condition: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html',
  variables: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  multi:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  multiExamples:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html',
} as const;

/** A context lookup over a plain object; keys are matched case-insensitively like the engine's. */
export function ctx(values: Record<string, string | string[]>): ContextLookup {
  const m = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v] as const));
  return (keyLower) => m.get(keyLower);
}

/** Compile a condition or fail the test with the compile errors. */
export function compile(
  operator: string,
  key: string,
  values: string[],
  opts?: { variablesEnabled?: boolean; keyType?: KeyType },
): CompiledCondition {
  const r = compileCondition(
    { operator, key, values, path: `Condition.${operator}.${key}` },
    {
      variablesEnabled: opts?.variablesEnabled ?? true,
      keyType: opts?.keyType ? () => opts.keyType : undefined,
    },
  );
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors)}`);
  return r.condition;
}

/** Compile and test in one go; also checks that explain() agrees with test(). */
export function run(
  operator: string,
  key: string,
  values: string[],
  context: Record<string, string | string[]>,
  opts?: { variablesEnabled?: boolean; keyType?: KeyType },
): boolean {
  const c = compile(operator, key, values, opts);
  const lookup = ctx(context);
  const fast = c.test(lookup);
  const explained = c.explain(lookup);
  if (explained.matched !== fast)
    throw new Error(`explain (${explained.matched}) disagrees with test (${fast}) for ${operator}`);
  return fast;
}
