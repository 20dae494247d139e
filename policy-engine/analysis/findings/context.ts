/**
 * What every finding rule shares, computed once per audit: the policies with their locations, the pools, the identity
 * classes, and matrices (cached per subject) over the workspace's S3/DynamoDB actions × resources.
 */
import type { Answer, IdentityInput } from '../../model/request';
import type { IdentityPool, RoleDetail, Workspace } from '../../model/workspace';
import type { PreparedWorkspace } from '../../evaluate/prepare';
import { evaluateRequest } from '../../evaluate-request';
import { matrixActions, matrixFor, type MatrixSubject } from '../access-matrix';
import { ALLOWED_CODE, encodeDecisions } from '../matrix-codes';
import { roleShareKeys } from './shared-rows';
import { listIdentityClasses, type IdentityClass } from '../identity-classes';
import { policyRefs, statementLocation, type PolicyRef } from '../policy-refs';
import { describeCells, type ActionOnResource } from '../describe';
import type { FindingLocation, WorkspacePath } from './location';
import { hasOwn as own } from '../../guards';

const arr = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/**
 * One subject's matrix as the audit keeps it: the decisions as bytes (`matrix-codes.ts`), [action][resource] over the
 * context's `actions` × `resources`. Roles made from one template share one `codes` array (see shared-rows.ts).
 */
export interface AuditRow {
  subject: MatrixSubject;
  roleArn: string | null;
  principalArn: string | null;
  codes: Uint8Array;
  error?: string;
}

/** The audit's shared state. Rules read it; only the caches inside change. */
export interface AuditContext {
  pw: PreparedWorkspace;
  ws: Workspace;
  now: Date;
  refs: PolicyRef[];
  refById: Map<string, PolicyRef>;
  /** Roles by ARN, with their index in iam.RoleDetailList. */
  roles: Map<string, { role: RoleDetail; index: number }>;
  pools: { pool: IdentityPool; index: number }[];
  /** The matrix's actions (every S3 and DynamoDB action) and resources (the workspace's, or derived). */
  actions: string[];
  resources: string[];
  /** Identity classes (computed on first use). */
  classes(): IdentityClass[];
  /**
   * One subject's matrix, computed on first use and cached by key; a role shares the matrix of the roles built like it
   * (shared-rows.ts) unless `opts.unshared`.
   */
  matrix(key: string, subject: MatrixSubject): AuditRow;
  /** The allowed cells of a matrix row (one array per distinct row: do not change it). */
  allowed(row: AuditRow): ActionOnResource[];
  /** "read objects in …", from cells. */
  describe(cells: ActionOnResource[]): string;
  /** Answers one request with the full explanation. */
  explain(subject: MatrixSubject, action: string, resource: string): Answer;
  /** A finding location for a statement of a policy. */
  statementLocation(ref: PolicyRef, statementIndex: number): FindingLocation;
  /** A finding location for a pool, a role mapping (provider) or one of its rules. */
  poolLocation(
    poolIndex: number,
    extra?: { provider?: string; ruleIndex?: number; path?: WorkspacePath },
  ): FindingLocation;
  /** Remembers that a rule reported on an entity (so later rules can avoid repeating the same defect). */
  mark(ruleId: string, entity: string): void;
  marked(ruleId: string, entity: string): boolean;
}

/** Resources for the matrix when the workspace lists none: the resource policies' ARNs and concrete ARNs in policies. */
function deriveResources(refs: PolicyRef[], ws: Workspace): string[] {
  const out = new Set<string>();
  for (const rp of arr<{ resourceArn?: unknown }>(ws.resourcePolicies))
    if (rp && typeof rp.resourceArn === 'string') out.add(rp.resourceArn);
  for (const ref of refs) {
    if (ref.policyType !== 'identity' && ref.policyType !== 'resource') continue;
    for (const st of ref.parsed.statements) {
      for (const r of st.resource ?? []) {
        if (/^arn:[^:]*:(s3|dynamodb):/.test(r.value) && !r.value.includes('${')) out.add(r.value);
      }
    }
  }
  return [...out];
}

/** Builds the context for one audit. `unshared`: every role gets its own matrix (the tests compare both ways). */
export function createAuditContext(pw: PreparedWorkspace, now: Date, opts: { unshared?: boolean } = {}): AuditContext {
  const ws = pw.workspace;
  const refs = policyRefs(pw);
  const refById = new Map(refs.map((r) => [r.policyId, r] as const));
  const roles = new Map<string, { role: RoleDetail; index: number }>();
  arr<RoleDetail>(ws.iam?.RoleDetailList).forEach((role, index) => {
    if (role && typeof role.Arn === 'string') roles.set(role.Arn, { role, index });
  });
  const pools = arr<IdentityPool>(ws.identityPools)
    .map((pool, index) => ({ pool, index }))
    .filter((p) => p.pool && typeof p.pool.IdentityPoolId === 'string');
  const resources =
    arr<string>(ws.resources).filter((r) => typeof r === 'string').length > 0
      ? arr<string>(ws.resources).filter((r) => typeof r === 'string')
      : deriveResources(refs, ws);
  const actions = matrixActions(pw, ['s3', 'dynamodb']);
  const matrices = new Map<string, AuditRow>();
  /** Rows by sharing key: the codes of the first role of each group. */
  const shared = new Map<string, Uint8Array>();
  const shareKey = opts.unshared ? () => null : roleShareKeys(pw);
  const allowedOf = new WeakMap<Uint8Array, ActionOnResource[]>();
  const described = new WeakMap<ActionOnResource[], string>();
  const marks = new Set<string>();
  let classes: IdentityClass[] | null = null;
  const sources = ws.sources && typeof ws.sources === 'object' ? ws.sources : undefined;
  return {
    pw,
    ws,
    now,
    refs,
    refById,
    roles,
    pools,
    actions,
    resources,
    classes: () => (classes ??= listIdentityClasses(pw, { now })),
    matrix(key, subject) {
      const hit = matrices.get(key);
      if (hit) return hit;
      const role = subject.principal !== undefined && pw.roles.has(subject.principal) ? subject.principal : null;
      const group = role !== null ? shareKey(role) : null;
      const codes = group !== null ? shared.get(group) : undefined;
      let row: AuditRow;
      if (role !== null && codes !== undefined) row = { subject, roleArn: role, principalArn: role, codes };
      else {
        const m = matrixFor(pw, subject, actions, resources, { now });
        row = {
          subject,
          roleArn: m.roleArn,
          principalArn: m.principalArn,
          codes: encodeDecisions(m.decisions, resources.length),
          ...(m.error !== undefined ? { error: m.error } : {}),
        };
        // Only a plain role row (the role itself, no error) stands for its group.
        if (group !== null && m.error === undefined && m.roleArn === role && m.principalArn === role)
          shared.set(group, row.codes);
      }
      matrices.set(key, row);
      return row;
    },
    allowed(row) {
      const hit = allowedOf.get(row.codes);
      if (hit) return hit;
      const cells: ActionOnResource[] = [];
      const n = resources.length;
      for (let i = 0; i < row.codes.length; i++)
        if (row.codes[i] === ALLOWED_CODE)
          cells.push({ action: actions[Math.floor(i / n)], resource: resources[i % n] });
      allowedOf.set(row.codes, cells);
      return cells;
    },
    describe(cells) {
      const hit = described.get(cells);
      if (hit !== undefined) return hit;
      const text = describeCells(pw.catalog, cells);
      described.set(cells, text);
      return text;
    },
    explain(subject, action, resource) {
      const req =
        subject.principal !== undefined
          ? { principal: subject.principal, action, resource }
          : { identity: subject.identity as IdentityInput, action, resource };
      return evaluateRequest(pw, req, { now, explain: true });
    },
    statementLocation: (ref, i) => statementLocation(ws, ref, i),
    poolLocation(poolIndex, extra = {}) {
      const pool = arr<IdentityPool>(ws.identityPools)[poolIndex];
      let path: WorkspacePath = ['identityPools', poolIndex];
      if (extra.path) path = [...path, ...extra.path];
      else if (extra.provider !== undefined) {
        path = [...path, 'RoleMappings', extra.provider];
        if (extra.ruleIndex !== undefined) path = [...path, 'RulesConfiguration', 'Rules', extra.ruleIndex];
      }
      // Roles and RoleMappings come from GetIdentityPoolRoles (a template's AWS::Cognito::IdentityPoolRoleAttachment),
      // which importers record as `POOLID#roles`; the rest of the pool from DescribeIdentityPool (`POOLID`).
      const id = pool && typeof pool.IdentityPoolId === 'string' ? pool.IdentityPoolId : undefined;
      const keys =
        id === undefined ? [] : path[2] === 'Roles' || path[2] === 'RoleMappings' ? [`${id}#roles`, id] : [id];
      const key = sources ? keys.find((k) => own(sources, k)) : undefined;
      const source = sources && key !== undefined ? sources[key] : undefined;
      return {
        kind: 'identityPool',
        identityPoolId: pool?.IdentityPoolId ?? '',
        ...(extra.provider !== undefined ? { provider: extra.provider } : {}),
        ...(extra.ruleIndex !== undefined ? { ruleIndex: extra.ruleIndex } : {}),
        ...(source
          ? {
              file: source.file,
              source,
              ...(source.line ? { start: { line: source.line, column: source.column ?? 1 } } : {}),
            }
          : {}),
        workspacePath: path,
      };
    },
    mark: (ruleId, entity) => void marks.add(`${ruleId}\u0000${entity}`),
    marked: (ruleId, entity) => marks.has(`${ruleId}\u0000${entity}`),
  };
}
