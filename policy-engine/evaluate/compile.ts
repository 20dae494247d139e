/**
 * Compiles parsed statements once into matchers (actions, resources, principals, conditions) and indexes a set of
 * policies by action, so evaluation only looks at statements whose Action element can match.
 */
import type { Catalog } from '../catalog';
import { conditionKeyType } from '../catalog';
import type { PolicyType, Position } from '../model/request';
import type { ParsedPolicy, ParsedStatement, PrincipalElement } from '../policy/parse';
import { policyVersions, variablesEnabled } from '../policy/validate';
import { compileCondition, type CompiledCondition } from './conditions';
import { compileActionPattern, compileResourcePattern, type ResourceMatcher } from './patterns';
import { matchArn } from '../arn';

/** How a resource-based policy's Principal matched the caller (SEMANTICS §B2 table). */
export const GrantKind = {
  /** Session ARN, IAM user, federated user, `*`: grants directly in the same account. */
  Direct: 1,
  /** The role ARN of a role session: not limited by the identity policies, limited by boundary and session policies. */
  Role: 2,
  /** The account (root): delegation, the identity side must also allow. */
  Account: 4,
} as const;

/** A compiled Principal/NotPrincipal entry. */
export interface CompiledPrincipalEntry {
  type: string;
  value: string;
  /** For AWS entries: the account id of a root ARN, else null. */
  rootAccount: string | null;
}

/** A statement ready to evaluate. */
export interface CompiledStatement {
  policyType: PolicyType;
  policyId: string;
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
  /** The file the positions are in, when the policy was parsed from it (the workspace file the user opened). */
  file?: string;
  parsed: ParsedStatement;
  notAction: boolean;
  /** Lower-cased exact action names (no wildcards) of Action/NotAction. */
  exactActions: string[];
  /** Wildcard action matchers of Action/NotAction. */
  wildActions: ((actionLower: string) => boolean)[];
  /** Resource/NotResource matchers; null when the statement has neither (trust policies). */
  resources: ResourceMatcher[] | null;
  notResource: boolean;
  principal: { not: boolean; wildcard: boolean; entries: CompiledPrincipalEntry[] } | null;
  conditions: CompiledCondition[];
}

/** A statement that cannot be evaluated: it is skipped, and the decision is as if it were absent. */
export interface SkippedStatement {
  policyType: PolicyType;
  policyId: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
  /** The first problem (the policy validator reports them all). */
  reason: string;
  /** The file the policy came from, when known. */
  file?: string;
}

/** A compiled policy: its statements, and those skipped because they cannot be evaluated. */
export interface CompiledPolicy {
  policyId: string;
  policyType: PolicyType;
  parsed: ParsedPolicy;
  statements: CompiledStatement[];
  skipped: SkippedStatement[];
}

function compilePrincipal(el: PrincipalElement, not: boolean): CompiledStatement['principal'] {
  return {
    not,
    wildcard: el.wildcard,
    entries: el.entries.map((e) => {
      const m =
        e.type === 'AWS'
          ? matchArn(e.normalized, { partition: 'nonEmpty', service: 'iam', region: 'empty', account: 'twelveDigits' })
          : null;
      return { type: e.type, value: e.normalized, rootAccount: m?.resource === 'root' ? m.account : null };
    }),
  };
}

/**
 * Compiles the valid statements of a parsed policy. Invalid statements and statements whose conditions do not compile
 * are skipped (Cedar's "skip on error"): the decision is as if they were absent, so a skipped Deny protects nothing.
 */
export function compilePolicy(p: ParsedPolicy, catalog: Catalog): CompiledPolicy {
  const vars = variablesEnabled(p);
  const keyType = (k: string) => conditionKeyType(catalog, k);
  const statements: CompiledStatement[] = [];
  const skipped: SkippedStatement[] = [];
  const skip = (st: ParsedStatement, reason: string) =>
    skipped.push({
      policyType: p.policyType,
      policyId: p.policyId,
      statementIndex: st.index,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      effect: st.effect,
      ...st.range,
      reason,
      ...(p.file !== undefined ? { file: p.file } : {}),
    });
  // IAM refuses a policy whose Version is not a policy language version: none of its statements take effect.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
  const badVersion = p.version !== null && !(policyVersions as readonly string[]).includes(p.version);
  for (const st of p.statements) {
    if (badVersion) {
      skip(
        st,
        `The policy's Version ${JSON.stringify(p.version)} is not "2012-10-17" or "2008-10-17": IAM refuses the whole policy.`,
      );
      continue;
    }
    if (!st.valid) {
      const first = p.diagnostics.find(
        (d) =>
          d.severity === 'error' &&
          (d.path === st.path || d.path.startsWith(st.path + '.') || d.path.startsWith(st.path + '[')),
      );
      skip(st, first ? first.message : 'The statement is not valid IAM policy grammar (see the policy validator).');
      continue;
    }
    const conditions: CompiledCondition[] = [];
    let error: string | undefined;
    for (const spec of st.conditions) {
      const r = compileCondition(spec, { variablesEnabled: vars, keyType });
      if (r.ok) conditions.push(r.condition);
      else error ??= r.errors[0]?.message ?? `Condition ${spec.operator} ${spec.key} cannot be evaluated.`;
    }
    if (error !== undefined) {
      skip(st, error);
      continue;
    }
    const actions = st.action ?? st.notAction ?? [];
    const exactActions: string[] = [];
    const wildActions: ((a: string) => boolean)[] = [];
    for (const a of actions) {
      if (/[*?]/.test(a.value)) wildActions.push(compileActionPattern(a.value));
      else exactActions.push(a.value.toLowerCase());
    }
    const res = st.resource ?? st.notResource;
    statements.push({
      policyType: p.policyType,
      policyId: p.policyId,
      index: st.index,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      effect: st.effect,
      ...st.range,
      parsed: st,
      notAction: st.notAction !== undefined,
      exactActions,
      wildActions,
      resources: res ? res.map((r) => compileResourcePattern(r.value, vars)) : null,
      notResource: st.notResource !== undefined,
      principal: st.principal
        ? compilePrincipal(st.principal, false)
        : st.notPrincipal
          ? compilePrincipal(st.notPrincipal, true)
          : null,
      conditions,
    });
  }
  return { policyId: p.policyId, policyType: p.policyType, parsed: p, statements, skipped };
}

/** Whether the statement's Action/NotAction element matches the (lower-cased) action. */
export function actionMatches(st: CompiledStatement, actionLower: string): boolean {
  let listed = st.exactActions.includes(actionLower);
  for (let i = 0; !listed && i < st.wildActions.length; i++) listed = st.wildActions[i](actionLower);
  return st.notAction ? !listed : listed;
}

/**
 * A set of policies of one type evaluated together (statements OR'ed: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html),
 * with a per-action cache of the statements whose Action element matches.
 */
export class PolicySet {
  readonly policies: CompiledPolicy[];
  readonly statements: CompiledStatement[];
  private readonly exact = new Map<string, CompiledStatement[]>();
  private readonly rest: CompiledStatement[] = [];
  private readonly cache = new Map<string, CompiledStatement[]>();

  constructor(policies: CompiledPolicy[]) {
    this.policies = policies;
    this.statements = policies.flatMap((p) => p.statements);
    for (const st of this.statements) {
      if (!st.notAction && st.wildActions.length === 0) {
        for (const a of st.exactActions) {
          const list = this.exact.get(a);
          if (list) {
            if (list[list.length - 1] !== st) list.push(st);
          } else this.exact.set(a, [st]);
        }
      } else this.rest.push(st);
    }
  }

  /** The statements whose Action/NotAction element matches the lower-cased action, in document order. */
  candidates(actionLower: string): CompiledStatement[] {
    const hit = this.cache.get(actionLower);
    if (hit) return hit;
    const exact = this.exact.get(actionLower) ?? [];
    const out =
      this.rest.length === 0
        ? exact
        : this.statements.filter(
            (st) => exact.includes(st) || (this.rest.includes(st) && actionMatches(st, actionLower)),
          );
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(actionLower, out);
    return out;
  }

  /** True when the set holds no policy at all. */
  get empty(): boolean {
    return this.policies.length === 0;
  }
}
