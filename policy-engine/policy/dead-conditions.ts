/**
 * Dead conditions: a condition on a service's key that the statement's action never carries (from the Service
 * Authorization Reference that the bundled catalog is generated from: the action's condition keys and those of its
 * resource types), with an operator that is false when the key is missing. For that action an Allow statement can
 * never match and a Deny statement never applies — e.g. `s3:prefix` (carried by s3:ListBucket) on s3:GetObject.
 * Global keys (aws:*, web-identity keys) and keys of other services are not judged: they may be in any request.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 */
import { compileGlob } from '../evaluate/patterns';
import type { Catalog } from '../catalog';
import type { ParsedStatement } from './parse';
import type { ConditionSpec } from '../evaluate/conditions/types';

const NEGATED =
  /^(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|NumericNotEquals|DateNotEquals|ArnNotEquals|ArnNotLike|NotIpAddress)$/i;

/**
 * Whether an operator is false when the key is missing from the request: every operator except …IfExists (true),
 * the negated ones (true: "the key is not equal"), ForAllValues (true: vacuous), and Null "true" (true: absent).
 */
function falseWhenMissing(operator: string, values: readonly string[]): boolean {
  if (/IfExists$/i.test(operator)) return false;
  if (/^ForAllValues:/i.test(operator)) return false;
  const base = operator.replace(/^ForAnyValue:/i, '');
  if (/^Null$/i.test(base)) return values.some((v) => v.toLowerCase() === 'false');
  return !NEGATED.test(base);
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Whether a key of the catalog (possibly a template: `s3:ExistingObjectTag/<key>`, `kms:EncryptionContext:${K}`) covers `keyLower`. */
function keyCovers(catalogKey: string, keyLower: string): boolean {
  const k = catalogKey.toLowerCase();
  const t = k.search(/<|\$\{/);
  return t < 0 ? k === keyLower : keyLower.startsWith(k.slice(0, t)) && keyLower.length > t;
}

/** actionsMatching's answers per catalog (a workspace repeats the same Action entries across many policies). */
const matchingMemo = new WeakMap<Catalog, Map<string, { service: string; names: string[] } | null>>();

/** The lower-cased action names (of a detailed service) an Action entry matches; null when not judged. */
function actionsMatching(catalog: Catalog, entry: string): { service: string; names: string[] } | null {
  let memo = matchingMemo.get(catalog);
  if (!memo) matchingMemo.set(catalog, (memo = new Map()));
  const key = entry.toLowerCase();
  if (memo.has(key)) return memo.get(key)!;
  if (memo.size > 5000) memo.clear();
  const r = actionsMatchingUncached(catalog, entry);
  memo.set(key, r);
  return r;
}

function actionsMatchingUncached(catalog: Catalog, entry: string): { service: string; names: string[] } | null {
  const colon = entry.indexOf(':');
  if (colon <= 0) return null;
  const service = entry.slice(0, colon).toLowerCase();
  if (!own(catalog.services, service)) return null;
  const svc = catalog.services[service];
  const name = entry.slice(colon + 1).toLowerCase();
  if (!/[*?]/.test(name)) return own(svc.actions, name) ? { service, names: [name] } : null;
  const m = compileGlob(name, { caseInsensitive: true });
  const names = Object.keys(svc.actions).filter((a) => m(a));
  return names.length ? { service, names } : null;
}

const carriesMemo = new WeakMap<Catalog, Map<string, boolean>>();

/** Whether a request for the action (lower-cased name of `service`) can carry the key (lower-cased). */
function actionCarriesKey(catalog: Catalog, service: string, actionLower: string, keyLower: string): boolean {
  let memo = carriesMemo.get(catalog);
  if (!memo) carriesMemo.set(catalog, (memo = new Map()));
  const k = `${service}:${actionLower}\u0000${keyLower}`;
  const hit = memo.get(k);
  if (hit !== undefined) return hit;
  if (memo.size > 20000) memo.clear();
  const r = carries(catalog, service, actionLower, keyLower);
  memo.set(k, r);
  return r;
}

function carries(catalog: Catalog, service: string, actionLower: string, keyLower: string): boolean {
  const a = catalog.services[service]?.actions[actionLower];
  if (!a) return true;
  if (a.conditionKeys.some((k) => keyCovers(k, keyLower))) return true;
  for (const rt of a.resourceTypes) {
    if (rt.conditionKeys.some((k) => keyCovers(k, keyLower))) return true;
    const t = catalog.services[service].resourceTypes[rt.name.toLowerCase()];
    if (t?.conditionKeys.some((k) => keyCovers(k, keyLower))) return true;
  }
  return false;
}

/** Whether a condition key is judged at all: a key of a detailed service that is not a global key (its service). */
export function judged(catalog: Catalog, keyLower: string): string | null {
  if (own(catalog.globalConditionKeys, keyLower)) return null;
  const slash = keyLower.indexOf('/');
  if (slash > 0 && own(catalog.globalConditionKeys, keyLower.slice(0, slash + 1))) return null;
  const colon = keyLower.indexOf(':');
  if (colon <= 0) return null;
  const service = keyLower.slice(0, colon);
  return service !== 'aws' && own(catalog.services, service) ? service : null;
}

/** One dead condition of a statement: the Action entry for which it can never be met, and why. */
export interface DeadCondition {
  condition: ConditionSpec;
  /** The Action entry as written (`s3:GetObject`, `s3:Get*`). */
  action: string;
  /** How many catalog actions the entry stands for (1 for an exact name). */
  actions: number;
  /** Every Action entry of the statement is dead for this condition: the statement can never match / apply. */
  wholeStatement: boolean;
  /** The sentence the validator and explanations show. */
  message: string;
}

/** The dead conditions of a parsed statement (none for NotAction statements, or keys that are not judged). */
export function deadConditions(st: ParsedStatement, catalog: Catalog): DeadCondition[] {
  if (!st.valid || !st.action || st.action.length === 0) return [];
  const out: DeadCondition[] = [];
  for (const spec of st.conditions) {
    const keyLower = spec.key.toLowerCase();
    const service = judged(catalog, keyLower);
    if (!service || !falseWhenMissing(spec.operator, spec.values)) continue;
    const dead: { action: string; actions: number }[] = [];
    let judgedEntries = 0;
    for (const a of st.action) {
      const m = actionsMatching(catalog, a.value);
      if (!m || m.service !== service) continue;
      judgedEntries++;
      if (!m.names.some((n) => actionCarriesKey(catalog, service, n, keyLower)))
        dead.push({ action: a.value, actions: m.names.length });
    }
    const whole = dead.length > 0 && dead.length === st.action.length && judgedEntries === st.action.length;
    for (const d of dead)
      out.push({
        condition: spec,
        ...d,
        wholeStatement: whole,
        message: deadMessage(spec, d.action, d.actions, st.effect, whole),
      });
  }
  return out;
}

/** The sentence for one dead condition. */
function deadMessage(
  spec: Pick<ConditionSpec, 'operator' | 'key'>,
  action: string,
  actions: number,
  effect: 'Allow' | 'Deny',
  whole: boolean,
): string {
  const which = actions > 1 ? `none of the ${actions} actions ${action} stands for carries` : `${action} never carries`;
  const consequence =
    effect === 'Allow'
      ? whole
        ? 'this statement can never match'
        : `this statement can never match ${action}`
      : whole
        ? 'this Deny never applies'
        : `this Deny never applies to ${action}`;
  return `Condition ${spec.operator} on ${spec.key} can never be met: ${which} the key ${spec.key} (Service Authorization Reference), and ${spec.operator} is false when the key is missing, so ${consequence}.`;
}

/**
 * For an explanation: when a condition of a statement failed on a missing key that the requested action never
 * carries, the sentence saying the statement is dead for that action (null otherwise).
 */
export function deadForRequest(
  catalog: Catalog,
  actionLower: string,
  trace: { operator: string; key: string; policyValues: readonly string[]; missing: boolean; matched: boolean },
  effect: 'Allow' | 'Deny',
): string | null {
  if (trace.matched || !trace.missing) return null;
  const keyLower = trace.key.toLowerCase();
  const service = judged(catalog, keyLower);
  const colon = actionLower.indexOf(':');
  if (!service || actionLower.slice(0, colon) !== service) return null;
  const name = actionLower.slice(colon + 1);
  if (!own(catalog.services[service].actions, name) || actionCarriesKey(catalog, service, name, keyLower)) return null;
  if (!falseWhenMissing(trace.operator, trace.policyValues)) return null;
  const fullName = `${service}:${catalog.services[service].actions[name].name}`;
  return deadMessage(trace, fullName, 1, effect, false);
}
