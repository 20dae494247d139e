/**
 * ARN condition operators: ArnEquals, ArnLike (identical), ArnNotEquals, ArnNotLike (identical). "Case-sensitive
 * matching of the ARN. Each of the six colon-delimited components of the ARN is checked separately and each can
 * include multi-character match wildcards (*) or single-character match wildcards (?)." Policy variables allowed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 * A request value that is not an ARN is just a string that no ARN pattern matches (so ArnNotLike is true for it).
 */
import type { ContextLookup, ResolvedPart } from '../variables';
import { parseTemplate, resolveTemplate, resolveTemplateParts, staticParts } from '../variables';
import { compileArnParts } from '../patterns';
import type { OperatorFamily, ValueIssue, ValueMatcher } from './types';

const NEVER = (): boolean => false;

function compileArnValue(
  base: string,
  value: string,
  variablesEnabled: boolean,
): { matcher: ValueMatcher<string>; issues: ValueIssue[] } {
  const t = parseTemplate(value, variablesEnabled);
  if (!t.hasVariables) {
    const m = compileArnParts(staticParts(t));
    const issues: ValueIssue[] = m
      ? []
      : [
          {
            severity: 'warning',
            code: 'condition.arn-pattern-not-arn',
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
            message: `${base} compares the six colon-delimited parts of an ARN one by one; "${value}" does not have six parts, so it matches no ARN. Use StringLike for a plain wildcard match.`,
          },
        ];
    const test = m ?? NEVER;
    return {
      issues,
      matcher: { source: value, hasVariables: false, test: (r) => test(r), resolve: () => ({ value, unresolved: [] }) },
    };
  }
  const cache = new Map<string, ((v: string) => boolean) | null>();
  const compiled = (parts: ResolvedPart[]) => {
    let key = '';
    for (const p of parts) key += (p.literal ? '\u0001' : '\u0002') + p.text;
    let m = cache.get(key);
    if (m === undefined) {
      if (cache.size >= 16) cache.clear();
      m = compileArnParts(parts);
      cache.set(key, m);
    }
    return m;
  };
  return {
    issues: [],
    matcher: {
      source: value,
      hasVariables: true,
      resolve: (lookup: ContextLookup) => resolveTemplate(t, lookup),
      test: (r, lookup) => {
        const res = resolveTemplateParts(t, lookup);
        if (res.parts === null) return null;
        const m = compiled(res.parts);
        return m !== null && m(r);
      },
    },
  };
}

/** The ARN operator family. */
export const arnFamily: OperatorFamily<string> = {
  label: 'Arn',
  operators: {
    ArnEquals: { negated: false },
    ArnLike: { negated: false },
    ArnNotEquals: { negated: true },
    ArnNotLike: { negated: true },
  },
  keyTypes: ['ARN', 'String'],
  parseRequest: (raw) => raw,
  requestError: (raw) => `"${raw}" is not an ARN`,
  compileValue(base, value, opts) {
    const { matcher, issues } = compileArnValue(base, value, opts.variablesEnabled);
    return { ok: true, matcher, issues };
  },
};
