/**
 * The access matrix for one subject (a principal ARN or a Cognito identity): every action × every resource.
 * The identity is resolved once; the role session is then evaluated on the decision-only fast path.
 */
import type { IdentityInput, MatrixCell } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { principalFromArn } from '../evaluate/index';
import { resolveIdentity } from '../cognito/index';
import { buildMatrix } from './principal-matrix';
import { actionsOf, resourceTypeMatcher } from '../catalog/index';
import { chainCells, type RowChains } from './chain-access';

/** Who a matrix row is for. */
export interface MatrixSubject {
  principal?: string;
  identity?: IdentityInput;
}

/** A cell value (defined with the decisions, so that chain-access can use it without importing this file). */
export type { MatrixCell } from '../model/request';

/** One subject's matrix. */
export interface MatrixRow {
  subject: MatrixSubject;
  roleArn: string | null;
  principalArn: string | null;
  /** [action][resource] */
  decisions: MatrixCell[][];
  /**
   * With `chains`: the cells allowed only through a chain of sts:AssumeRole hops from the subject's session (each with
   * its shortest chain), and the chains that leave the workspace.
   */
  chains?: RowChains;
  error?: string;
}

/** Options of matrixFor: the evaluation time; `chains` also finds the cells allowed only through role chaining. */
export interface MatrixOptions {
  now: Date;
  chains?: boolean;
  /** Reached roles' matrices, shared across the rows of one matrix (same actions and resources). */
  chainRows?: Map<string, MatrixCell[][]>;
}

function withChains(
  pw: PreparedWorkspace,
  row: MatrixRow,
  principal: Parameters<typeof chainCells>[1],
  actions: string[],
  resources: string[],
  opts: MatrixOptions,
): MatrixRow {
  if (!opts.chains) return row;
  const c = chainCells(pw, principal, actions, resources, (a, x) => row.decisions[a][x], opts, opts.chainRows);
  return c.cells.length || c.leaving.length ? { ...row, chains: c } : row;
}

/** The session a subject's row runs as (null: no credentials, or the principal is not in the workspace). */
export function subjectPrincipal(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  now: Date,
): Parameters<typeof chainCells>[1] | null {
  if (subject.principal !== undefined) {
    const p = principalFromArn(pw, subject.principal);
    return p.ok ? p.principal : null;
  }
  return resolveIdentity(pw, subject.identity!, { now, explain: false }).principal ?? null;
}

/**
 * What role chaining adds to a row whose decisions are `at(action, resource)` (computed elsewhere, e.g. by the matrix
 * worker): the cells allowed only through a chain, and the chains that leave the workspace.
 */
export function rowChains(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  actions: string[],
  resources: string[],
  at: (action: number, resource: number) => MatrixCell,
  opts: { now: Date; chainRows?: Map<string, MatrixCell[][]> },
): RowChains | null {
  const p = subjectPrincipal(pw, subject, opts.now);
  if (!p) return null;
  const c = chainCells(pw, p, actions, resources, at, opts, opts.chainRows);
  return c.cells.length || c.leaving.length ? c : null;
}

/** Every action of the given services, as `service:Action`, in catalog order. */
export function matrixActions(pw: PreparedWorkspace, services: ('s3' | 'dynamodb')[]): string[] {
  return services.flatMap((s) => actionsOf(pw.catalog, s).map((a) => `${s}:${a.name}`));
}

/** Computes one subject's matrix. */
export function matrixFor(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  actions: string[],
  resources: string[],
  opts: MatrixOptions,
): MatrixRow {
  if (subject.principal !== undefined) {
    const p = principalFromArn(pw, subject.principal);
    if (!p.ok)
      return { subject, roleArn: null, principalArn: subject.principal, decisions: [], error: p.error.message };
    const row: MatrixRow = {
      subject,
      roleArn: p.principal.roleArn ?? null,
      principalArn: p.principal.arn,
      decisions: buildMatrix(pw, p.principal, actions, resources, { now: opts.now, explain: false }),
    };
    return withChains(pw, row, p.principal, actions, resources, opts);
  }
  const identity = subject.identity!;
  const r = resolveIdentity(pw, identity, { now: opts.now, explain: false });
  if (!r.principal) {
    // No credentials at all; a cell where the action cannot apply to the resource stays notApplicable (CONTRACT §4).
    const fits = resourceTypeMatcher(pw.catalog);
    const decisions = actions.map((action) =>
      resources.map((resource): MatrixCell => (fits(action, resource).length > 0 ? 'noCredentials' : 'notApplicable')),
    );
    return { subject, roleArn: r.roleArn, principalArn: null, decisions };
  }
  const row: MatrixRow = {
    subject,
    roleArn: r.roleArn,
    principalArn: r.principal.arn,
    decisions: buildMatrix(pw, r.principal, actions, resources, { now: opts.now, explain: false }),
  };
  return withChains(pw, row, r.principal, actions, resources, opts);
}
