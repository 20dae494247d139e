/**
 * The access matrix for one subject (a principal ARN or a Cognito identity): every action × every resource.
 * The identity is resolved once; the role session is then evaluated on the decision-only fast path.
 */
import type { Decision, IdentityInput } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { principalFromArn } from '../evaluate/index';
import { resolveIdentity } from '../cognito/index';
import { buildMatrix } from './principal-matrix';
import { actionsOf, resourceTypeMatcher } from '../catalog/index';

/** Who a matrix row is for. */
export interface MatrixSubject {
  principal?: string;
  identity?: IdentityInput;
}

/** A cell value. */
export type MatrixCell = Decision | 'notApplicable';

/** One subject's matrix. */
export interface MatrixRow {
  subject: MatrixSubject;
  roleArn: string | null;
  principalArn: string | null;
  /** [action][resource] */
  decisions: MatrixCell[][];
  error?: string;
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
  opts: { now: Date },
): MatrixRow {
  if (subject.principal !== undefined) {
    const p = principalFromArn(pw, subject.principal);
    if (!p.ok)
      return { subject, roleArn: null, principalArn: subject.principal, decisions: [], error: p.error.message };
    return {
      subject,
      roleArn: p.principal.roleArn ?? null,
      principalArn: p.principal.arn,
      decisions: buildMatrix(pw, p.principal, actions, resources, { now: opts.now, explain: false }),
    };
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
  return {
    subject,
    roleArn: r.roleArn,
    principalArn: r.principal.arn,
    decisions: buildMatrix(pw, r.principal, actions, resources, { now: opts.now, explain: false }),
  };
}
