/**
 * Bool: compares a key with "true" or "false".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
 * Variables: the operators page says a policy variable may be used with Bool, the variables page says not
 * (SEMANTICS §B4 [AMBIG]). We allow them and say so with an info diagnostic.
 * "true"/"false" are compared case-insensitively, on both sides [INF; "True" is accepted by common implementations].
 */
import type { ContextLookup } from '../variables';
import { parseTemplate, resolveTemplate } from '../variables';
import type { OperatorFamily } from './types';
import { fixedMatcher } from './types';

/** Parse "true"/"false" (any case); undefined otherwise. */
function parseBool(raw: string): boolean | undefined {
  if (raw.length === 4 && (raw === 'true' || raw.toLowerCase() === 'true')) return true;
  if (raw.length === 5 && (raw === 'false' || raw.toLowerCase() === 'false')) return false;
  return undefined;
}

/** The Bool operator family. */
export const boolFamily: OperatorFamily<boolean> = {
  label: 'Bool',
  operators: { Bool: { negated: false } },
  keyTypes: ['Bool'],
  parseRequest: parseBool,
  requestError: (raw) => `"${raw}" is not "true" or "false"`,
  compileValue(_base, value, opts) {
    const t = parseTemplate(value, opts.variablesEnabled);
    if (t.hasVariables) {
      const resolve = (lookup: ContextLookup) => resolveTemplate(t, lookup);
      return {
        ok: true,
        issues: [
          {
            severity: 'info',
            code: 'condition.bool-variable',
            message: `AWS documents policy variables with Bool inconsistently; "${value}" is resolved as a variable and then read as true/false.`,
          },
        ],
        matcher: {
          source: value,
          hasVariables: true,
          resolve,
          test: (r, lookup) => {
            const v = resolveTemplate(t, lookup).value;
            if (v === null) return null;
            const b = parseBool(v);
            return b !== undefined && b === r;
          },
        },
      };
    }
    const b = parseBool(value);
    if (b === undefined) {
      return {
        ok: false,
        issues: [
          {
            severity: 'error',
            code: 'condition.bad-value',
            message: `Bool needs "true" or "false"; "${value}" is neither.`,
          },
        ],
      };
    }
    return { ok: true, issues: [], matcher: fixedMatcher<boolean>(value, (r) => r === b) };
  },
};
