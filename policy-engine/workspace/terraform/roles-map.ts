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

/** The one kind of identity a role's trust policy admits through its amr conditions, or why there is none. */
function trustKind(t: TfImport, role: TfResource): { kind: Kind } | { why: string } {
  const doc = decodePolicy(t.get(role, ['assume_role_policy']));
  if (!doc)
    return {
      why: isUnknown(role, ['assume_role_policy'])
        ? `${role.address}'s trust policy is known only after apply`
        : `${role.address} has no trust policy in the plan`,
    };
  const sts = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const kinds = new Set<string>();
  for (const st of sts) {
    if (!isObj(st) || st.Effect !== 'Allow') continue;
    const amr = Object.values(isObj(st.Condition) ? st.Condition : {})
      .filter(isObj)
      .map((c) => c['cognito-identity.amazonaws.com:amr'])
      .filter((v) => v !== undefined);
    // A statement without an amr condition admits both kinds.
    if (amr.length === 0)
      return {
        why: `${role.address}'s trust policy has an Allow statement with no amr condition (it admits both kinds)`,
      };
    for (const v of amr.flatMap((x) => (Array.isArray(x) ? x : [x]))) kinds.add(String(v));
  }
  const only = [...kinds];
  if (only.length === 1 && (only[0] === 'authenticated' || only[0] === 'unauthenticated')) return { kind: only[0] };
  return {
    why: `${role.address}'s trust policy admits amr ${only.length ? only.map((k) => `"${k}"`).join(' and ') : 'nothing'}`,
  };
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

/** Places roles by their trust policies: a key gets the one role whose trust admits only that kind; else says why not. */
function placeByTrust(
  t: TfImport,
  roles: TfResource[],
  keys: Kind[],
  out: Record<string, string>,
  why: string[],
  whyNot: string[],
) {
  const byKind = new Map<string, TfResource[]>();
  const unsettled: string[] = [];
  for (const role of roles) {
    const k = trustKind(t, role);
    if ('kind' in k) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), role]);
    else unsettled.push(k.why);
  }
  whyNot.push(...unsettled);
  for (const k of keys) {
    const ts = byKind.get(k) ?? [];
    const a = ts.length === 1 ? arnOf(t, ts[0]) : undefined;
    if (a) {
      out[k] = a;
      why.push(`${k} = ${ts[0].address}.arn (its trust policy admits only amr "${k}")`);
    } else if (ts.length > 1) whyNot.push(`${ts.map((x) => x.address).join(' and ')} each admit only amr "${k}"`);
    else if (ts.length === 1) whyNot.push(`${ts[0].address}.arn is not a role ARN in the plan`);
    else if (unsettled.length === 0) whyNot.push(`no role it names admits only amr "${k}"`);
  }
}

/** What to run instead when the plan cannot say a value: Terraform knows it once applied. */
export const AFTER_APPLY_HINT =
  'after `terraform apply`, import the state (`terraform show -json > state.json`) or a plan saved after the apply (`terraform plan -out p.tfplan && terraform show -json p.tfplan > plan.json`), where these values are known';

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
  const whyNot: string[] = [];
  if (unknownKeys.length === 1 && roleRefs.length === 1) {
    const a = arnOf(t, roleRefs[0]);
    if (a) {
      out[unknownKeys[0]] = a;
      why.push(`${unknownKeys[0]} = ${roleRefs[0].address}.arn (the only role the map's expression names)`);
    } else whyNot.push(`${roleRefs[0].address}.arn is not a role ARN in the plan`);
  } else {
    placeByTrust(t, roleRefs, unknownKeys, out, why, whyNot);
    whyNot.unshift(
      'the trust policies do not settle it (a role is placed by its trust only when that admits only amr "authenticated" or only "unauthenticated")',
    );
  }
  if (why.length > 0)
    t.acc.report.inferred.push(
      `${t.file}: ${r.address}.roles: ${why.join('; ')} — from the map's expression in the plan's configuration`,
    );
  const left = unknownKeys.filter((k) => !own(out, k));
  if (left.length > 0)
    t.unresolvedAt(
      [...(r.unknownPath ?? r.valuesPath), 'roles'],
      `${r.address}.roles is one expression naming ${roleRefs.map((x) => `${x.address}.arn`).join(' and ')}, and a plan lists an expression's references without saying which key each is for, so the ${left.join(' and ')} role is not known: ${whyNot.join('; ')}. To resolve it, ${AFTER_APPLY_HINT}`,
      `UNRESOLVED-${r.address}.roles`,
    );
  return out;
}
