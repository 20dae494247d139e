/**
 * The role ARNs of a roles_attachment's `roles` map that the plan knows only after apply. Terraform's configuration
 * gives the map as one expression and lists its references without saying which key each belongs to, so a role is
 * placed only when that is unambiguous: one unknown key and one referenced role; or each referenced role's trust
 * policy (known in the plan) admits only one kind of identity — `cognito-identity.amazonaws.com:amr` "authenticated"
 * or "unauthenticated" — which is the only key Cognito could use it for
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html). Otherwise the keys stay
 * unresolved and the report says why.
 */
import { isObj, hasOwn as own } from '../../guards';
import { decodePolicy } from '../policy-doc';
import type { TfImport } from './context';
import { at, isUnknown } from './read';
import type { TfResource } from './read';

type Kind = 'authenticated' | 'unauthenticated';

/** The one kind of identity a role's trust policy admits through its amr conditions, or null. */
function trustKind(t: TfImport, role: TfResource): Kind | null {
  const doc = decodePolicy(t.get(role, ['assume_role_policy']));
  const sts = doc ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
  const kinds = new Set<string>();
  for (const st of sts) {
    if (!isObj(st) || st.Effect !== 'Allow') continue;
    const amr = Object.values(isObj(st.Condition) ? st.Condition : {})
      .filter(isObj)
      .map((c) => c['cognito-identity.amazonaws.com:amr'])
      .filter((v) => v !== undefined);
    if (amr.length === 0) return null; // a statement without an amr condition admits both kinds
    for (const v of amr.flatMap((x) => (Array.isArray(x) ? x : [x]))) kinds.add(String(v));
  }
  return kinds.size === 1 && (kinds.has('authenticated') || kinds.has('unauthenticated'))
    ? ([...kinds][0] as Kind)
    : null;
}

/** A referenced role's ARN, when it is (or resolves to) a role ARN. */
function arnOf(t: TfImport, role: TfResource): string | undefined {
  const v = isUnknown(role, ['arn']) ? t.str(role, ['arn']) : t.get(role, ['arn']);
  return typeof v === 'string' && /^arn:[\w-]+:iam::\d{12}:role\//.test(v) ? v : undefined;
}

/** The roles the `roles` expression references (`aws_iam_role.X.arn`) that are in the file. */
function referencedRoles(t: TfImport, r: TfResource): TfResource[] {
  const expr = at(r.expressions, ['roles']);
  if (!isObj(expr) || !Array.isArray(expr.references)) return [];
  const refs = expr.references.filter((x): x is string => typeof x === 'string');
  return [...new Set(refs.map((x) => /^(aws_iam_role\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.arn$/.exec(x)?.[1]))]
    .filter((x): x is string => x !== undefined)
    .map((a) => t.resourceAt(r.modulePrefix, a))
    .filter((x): x is TfResource => x !== undefined);
}

/** Places roles by their trust policies: a key gets the one role whose trust admits only that kind. */
function placeByTrust(t: TfImport, roles: TfResource[], keys: Kind[], out: Record<string, string>, why: string[]) {
  const byKind = new Map<string, TfResource[]>();
  for (const role of roles) {
    const k = trustKind(t, role);
    if (k) byKind.set(k, [...(byKind.get(k) ?? []), role]);
  }
  for (const k of keys) {
    const ts = byKind.get(k) ?? [];
    const a = ts.length === 1 ? arnOf(t, ts[0]) : undefined;
    if (a) {
      out[k] = a;
      why.push(`${k} = ${ts[0].address}.arn (its trust policy admits only amr "${k}")`);
    }
  }
}

/** The unknown keys of the `roles` map that can be placed, by key; the rest is reported as unresolved. */
export function rolesMap(t: TfImport, r: TfResource): Record<string, string> {
  const unknownKeys = (['authenticated', 'unauthenticated'] as const).filter((k) => isUnknown(r, ['roles', k]));
  if (unknownKeys.length === 0) return {};
  const expr = at(r.expressions, ['roles']);
  if (!isObj(expr) || !Array.isArray(expr.references)) return {};
  const roleRefs = referencedRoles(t, r);
  if (roleRefs.length === 0) return {};
  const out: Record<string, string> = {};
  const why: string[] = [];
  if (unknownKeys.length === 1 && roleRefs.length === 1) {
    const a = arnOf(t, roleRefs[0]);
    if (a) {
      out[unknownKeys[0]] = a;
      why.push(`${unknownKeys[0]} = ${roleRefs[0].address}.arn (the only role the map's expression names)`);
    }
  } else placeByTrust(t, roleRefs, unknownKeys, out, why);
  if (why.length > 0)
    t.acc.report.inferred.push(
      `${t.file}: ${r.address}.roles: ${why.join('; ')} — from the map's expression in the plan's configuration`,
    );
  const left = unknownKeys.filter((k) => !own(out, k));
  if (left.length > 0)
    t.unresolvedAt(
      [...(r.unknownPath ?? r.valuesPath), 'roles'],
      `${r.address}.roles is one expression naming ${roleRefs.map((x) => `${x.address}.arn`).join(' and ')}; the plan does not say which key (${left.join(', ')}) each belongs to, and their trust policies do not settle it (each must admit only amr "authenticated" or only "unauthenticated"): import the state after apply`,
      `UNRESOLVED-${r.address}.roles`,
    );
  return out;
}
