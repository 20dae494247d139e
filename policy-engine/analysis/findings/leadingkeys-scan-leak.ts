/**
 * leadingkeys-scan-leak: a dynamodb:LeadingKeys-scoped Allow that also allows Scan. Scan carries no partition keys,
 * so ForAllValues (true for an empty set) lets it through and the whole table is readable; AWS's own examples leave
 * Scan out for this reason. Query on an index is reported too: for a global secondary index the leading keys are
 * the index's partition key, not the table's.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import type { ConditionSpec } from '../../evaluate/conditions';
import { compileGlob } from '../../evaluate/patterns';
import type { ParsedStatement } from '../../policy/parse';
import type { Finding, FindingRule } from './types';
import { coversAction, roleName, splitOperator } from './trust-helpers';

/** Whether a condition holds when its key is absent from the request (ForAllValues, IfExists, negated, Null true). */
export function holdsWhenAbsent(c: ConditionSpec): boolean {
  const op = splitOperator(c.operator);
  if (op.base.toLowerCase() === 'null') return c.values.some((v) => v.toLowerCase() === 'true');
  return op.set === 'ForAllValues' || op.ifExists || op.negated;
}

/** Whether a statement's Resource covers an index of a table. */
function coversIndex(st: ParsedStatement): boolean {
  return (st.resource ?? []).some((r) => {
    if (r.value === '*') return true;
    if (!/^arn:[^:]*:dynamodb:/.test(r.value)) return false;
    const base = r.value.replace(/\*+$/, '');
    const probe = base.endsWith('/') ? `${base}index/rolecall-probe` : `${base}/index/rolecall-probe`;
    return compileGlob(r.value)(probe);
  });
}

/** The rule. */
export const leadingkeysScanLeak: FindingRule = {
  id: 'leadingkeys-scan-leak',
  name: 'LeadingkeysScanLeak',
  title: 'LeadingKeys-scoped access also allows Scan (or Query on an index)',
  severity: 'high',
  description:
    "An Allow statement scoped with dynamodb:LeadingKeys also allows dynamodb:Scan while the LeadingKeys condition holds for a request without keys (ForAllValues, IfExists, negated): the whole table is readable. Also reports Query on indexes under such a condition (low: an index's leading key is its own partition key).",
  helpUri: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const ref of ctx.refs) {
      if (ref.policyType !== 'identity' && ref.policyType !== 'resource') continue;
      for (const st of ref.parsed.statements) {
        if (st.effect !== 'Allow' || st.valid === false) continue;
        const lk = st.conditions.filter((c) => /^dynamodb:leadingkeys$/i.test(c.key));
        if (lk.length === 0) continue;
        const who =
          ref.attachedTo.length > 0
            ? ref.attachedTo.map(roleName).join(', ')
            : ref.policyType === 'resource'
              ? 'the principals it names'
              : 'whoever this policy is attached to';
        const tables = (st.resource ?? []).map((r) => r.value).join(', ');
        if (coversAction(st, 'dynamodb:Scan') && lk.every(holdsWhenAbsent)) {
          out.push({
            ruleId: this.id,
            severity: this.severity,
            title: this.title,
            message: `Statement ${st.index} limits access with ${lk.map((c) => `${c.operator} dynamodb:LeadingKeys`).join(' and ')} but also allows dynamodb:Scan. A Scan request carries no partition keys, so the condition holds for it: ${who} can scan ${tables} and read every user's items.`,
            fix: 'Remove dynamodb:Scan from the statement (AWS\'s fine-grained access examples omit it), or add "Null": { "dynamodb:LeadingKeys": "false" } so requests without keys are refused.',
            location: ctx.statementLocation(ref, st.index),
          });
        } else if (coversAction(st, 'dynamodb:Query') && coversIndex(st)) {
          out.push({
            ruleId: this.id,
            severity: 'low',
            title: this.title,
            message: `Statement ${st.index} limits access with dynamodb:LeadingKeys and allows dynamodb:Query on indexes (${tables}). For a global secondary index the leading key is the index's partition key, not the table's: ${who} can query every item — of any user — whose index partition key equals their identity id, which need not be their own items unless the index is keyed by the owner's identity id too.`,
            fix: "List only the table (and indexes keyed by the identity id) in Resource, or project no other users' data into the index.",
            location: ctx.statementLocation(ref, st.index),
          });
        }
      }
    }
    return out;
  },
};
