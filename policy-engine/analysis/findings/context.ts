/**
 * What every finding rule shares, computed once per audit: the policies with their locations, the pools, the identity
 * classes, and matrices (cached per subject) over the workspace's S3/DynamoDB actions × resources.
 */
import type { Answer, IdentityInput } from '../../model/request';
import type { IdentityPool, RoleDetail, Workspace } from '../../model/workspace';
import type { PreparedWorkspace } from '../../evaluate/prepare';
import { evaluateRequest } from '../../evaluate-request';
import { matrixActions, matrixFor, type MatrixRow, type MatrixSubject } from '../access-matrix';
import { listIdentityClasses, type IdentityClass } from '../identity-classes';
import { policyRefs, statementLocation, type PolicyRef } from '../policy-refs';
import { describeCells, type ActionOnResource } from '../describe';
import type { FindingLocation, WorkspacePath } from './location';
import { hasOwn as own } from '../../guards';

const arr = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

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
  /** One subject's matrix (cached by key). */
  matrix(key: string, subject: MatrixSubject): MatrixRow;
  /** The allowed cells of a matrix row. */
  allowed(row: MatrixRow): ActionOnResource[];
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

/** Builds the context for one audit. */
export function createAuditContext(pw: PreparedWorkspace, now: Date): AuditContext {
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
  const matrices = new Map<string, MatrixRow>();
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
      const row = matrixFor(pw, subject, actions, resources, { now });
      matrices.set(key, row);
      return row;
    },
    allowed(row) {
      const cells: ActionOnResource[] = [];
      row.decisions.forEach((r, a) =>
        r.forEach((d, x) => {
          if (d === 'allowed') cells.push({ action: actions[a], resource: resources[x] });
        }),
      );
      return cells;
    },
    describe: (cells) => describeCells(pw.catalog, cells),
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
