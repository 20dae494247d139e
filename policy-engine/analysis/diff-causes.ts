/**
 * The changed decisions of a diff grouped by cause (issue #16): one group per reason, with how many decisions it
 * changes and for whom, instead of one line per cell (a broken trust policy turns hundreds of cells into
 * `noCredentials`: that is one cause, named with the trust statement that now fails).
 * Causes, in order of precedence for a cell:
 * - credentials: one side gets no credentials. The identity is resolved in that version; the cause is the trust
 *   statement that now refuses (with its place in the file and the failed condition), or Cognito's error.
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 * - statement: the statement that now allows (gained), the Deny that now applies, the Allow that no longer applies
 *   (lost), or the Deny that no longer applies.
 * - decision: neither (the cell was not explained: beyond the explanation budget).
 */
import type { MatchedStatement } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import { resolveIdentity } from '../cognito/index';
import { lastSegment, parsePolicyId } from '../policy-id';
import type { MatrixCell, MatrixSubject } from './access-matrix';
import type { ActionOnResource } from './describe';

/** One cell whose decision changed (as diff.ts reports it). */
export interface CauseCell extends ActionOnResource {
  before: MatrixCell;
  after: MatrixCell;
  beforeStatements?: MatchedStatement[];
  afterStatements?: MatchedStatement[];
}

/** The changes one cause makes. */
export interface ChangeGroup {
  /** Stable key of the cause. */
  key: string;
  kind: 'credentials' | 'statement' | 'decision';
  /** 'gained': some cells became allowed; else 'lost': some stopped being allowed; else 'other': refusals changed their reason. */
  direction: 'gained' | 'lost' | 'other';
  /** The cause in words: "the trust policy of role AppUser no longer accepts the identity — statement 0 … at file:12:9: …". */
  cause: string;
  /** The statement responsible, when there is one (with its place in the user's file). */
  statement?: MatchedStatement;
  /** How many decisions this cause changes, and how, e.g. implicitDeny → noCredentials × 393. */
  count: number;
  transitions: { before: MatrixCell; after: MatrixCell; count: number }[];
  /** The identity classes it changes (labels), in order. */
  who: string[];
  /** The cells, in order (the per-class lists of the diff hold the same cells). */
  cells: ActionOnResource[];
}

/** "statement 0 "Sid" of AppUser's trust policy at file:12:9" — in the user's words, with the place in the file. */
export function statementWords(m: MatchedStatement): string {
  const which = `statement ${m.statementIndex}${m.sid ? ` "${m.sid}"` : ''}`;
  const where = m.file ? ` at ${m.file}:${m.start.line}:${m.start.column}` : ` (line ${m.start.line})`;
  return `${which} of ${policyWords(m.policyId)}${where}`;
}

/** A policy id as people say it: "role AppUser's trust policy", "role AppUser's inline policy Files", a managed policy's name. */
export function policyWords(id: string): string {
  const { owner, kind, inlineName, ownerArn } = parsePolicyId(id);
  const iam = ownerArn?.service === 'iam' && ownerArn.region === '' ? ownerArn.resource : null;
  const type = iam?.includes('/') ? iam.slice(0, iam.indexOf('/')) : undefined;
  const name = iam ? lastSegment(iam) : '';
  if ((type === 'role' || type === 'user' || type === 'group') && name) {
    if (kind === 'trust') return `${type} ${name}'s trust policy`;
    if (kind === 'inline' && inlineName) return `${type} ${name}'s inline policy ${inlineName}`;
  }
  if (kind === 'plain' && type === 'policy' && name) return `the managed policy ${name}`;
  if (kind === 'resource' && owner.startsWith('arn:')) return `the resource policy of ${owner}`;
  return id;
}

const roleName = (arn: string | null | undefined) => (arn ? arn.slice(arn.lastIndexOf('/') + 1) : '(no role)');

/** Why a subject gets no credentials in one version: the failing trust statement, or Cognito's own error. */
function noCredentialsCause(
  pw: PreparedWorkspace,
  subject: MatrixSubject,
  now: Date,
): { key: string; text: string; statement?: MatchedStatement } {
  if (!subject.identity) {
    const who = subject.principal ?? '(unknown)';
    return { key: `missing:${who}`, text: `${who} is not in the workspace, so it gets no credentials` };
  }
  const r = resolveIdentity(pw, subject.identity, { now, explain: true });
  const trustFailed = r.resolution.trust === 'denied' && r.roleArn;
  if (trustFailed) {
    const step = (r.resolution.trace ?? []).find((s) => s.kind === 'trust' && s.status === 'failed');
    const failures = (step?.detail?.failures as { statementIndex: number; reason: string }[] | undefined) ?? [];
    const first = failures[0];
    const st = first ? (r.trustStatements ?? []).find((s) => s.statementIndex === first.statementIndex) : undefined;
    const statement: MatchedStatement | undefined = st
      ? {
          policyType: st.policyType,
          policyId: st.policyId,
          statementIndex: st.statementIndex,
          ...(st.sid !== undefined ? { sid: st.sid } : {}),
          effect: st.effect,
          start: st.start,
          end: st.end,
          ...(st.file !== undefined ? { file: st.file } : {}),
        }
      : undefined;
    const why = first ? first.reason.replace(/\.+$/, '') : (step?.message ?? 'it refuses');
    return {
      key: `trust:${r.roleArn}:${first?.statementIndex ?? ''}:${why}`,
      text: `the trust policy of role ${roleName(r.roleArn)} does not accept the identity (sts:AssumeRoleWithWebIdentity)${statement ? ` — ${statementWords(statement)}` : ''}: ${why}`,
      ...(statement ? { statement } : {}),
    };
  }
  const e = r.resolution.error;
  return {
    key: `cognito:${e?.code ?? ''}:${e?.message ?? ''}`,
    text: e ? `Cognito gives no credentials: ${e.code}: ${e.message}` : 'the identity gets no credentials',
  };
}

const pick = (list: MatchedStatement[] | undefined, effect: 'Allow' | 'Deny') =>
  (list ?? []).find((m) => m.effect === effect && m.policyType !== 'trust' && m.policyType !== 'session') ??
  (list ?? []).find((m) => m.effect === effect);

/** The statement cause of a cell whose both sides had credentials, or null when it was not explained. */
function statementCause(c: CauseCell): { key: string; text: string; statement: MatchedStatement } | null {
  const key = (m: MatchedStatement, what: string) => `${what}:${m.policyId}#${m.statementIndex}`;
  const allowNow = c.after === 'allowed' ? pick(c.afterStatements, 'Allow') : undefined;
  if (allowNow)
    return { key: key(allowNow, 'allows'), text: `now allowed by ${statementWords(allowNow)}`, statement: allowNow };
  const denyNow = c.after === 'explicitDeny' ? pick(c.afterStatements, 'Deny') : undefined;
  if (denyNow)
    return { key: key(denyNow, 'denies'), text: `now denied by ${statementWords(denyNow)}`, statement: denyNow };
  const allowedBefore = c.before === 'allowed' ? pick(c.beforeStatements, 'Allow') : undefined;
  if (allowedBefore)
    return {
      key: key(allowedBefore, 'no-longer-allows'),
      text: `no longer allowed by ${statementWords(allowedBefore)} (changed or removed)`,
      statement: allowedBefore,
    };
  const deniedBefore = c.before === 'explicitDeny' ? pick(c.beforeStatements, 'Deny') : undefined;
  if (deniedBefore)
    return {
      key: key(deniedBefore, 'no-longer-denies'),
      text: `no longer denied by ${statementWords(deniedBefore)} (changed or removed)`,
      statement: deniedBefore,
    };
  return null;
}

/** Gains first, then losses, then refusals that changed their reason. */
const RANK = { gained: 0, lost: 1, other: 2 } as const;

/** The input of groupByCause: each class's subject, label and changed cells. */
export interface ClassCells {
  label: string;
  subject: MatrixSubject;
  cells: CauseCell[];
}

/** Groups every changed cell of every class by its cause; largest groups first, gains before losses. */
export function groupByCause(
  before: PreparedWorkspace,
  after: PreparedWorkspace,
  classes: ClassCells[],
  now: Date,
): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of classes) {
    const credentials = new Map<string, ReturnType<typeof noCredentialsCause>>();
    const credentialsCause = (side: 'before' | 'after') => {
      let x = credentials.get(side);
      if (!x) credentials.set(side, (x = noCredentialsCause(side === 'before' ? before : after, c.subject, now)));
      return x;
    };
    for (const cell of c.cells) {
      const direction = cell.after === 'allowed' ? 'gained' : cell.before === 'allowed' ? 'lost' : 'other';
      let cause: { key: string; text: string; statement?: MatchedStatement; kind: ChangeGroup['kind'] };
      if (cell.after === 'noCredentials') {
        const x = credentialsCause('after');
        cause = {
          ...x,
          key: `lost-credentials:${x.key}`,
          text: `no credentials any more: ${x.text}`,
          kind: 'credentials',
        };
      } else if (cell.before === 'noCredentials') {
        const x = credentialsCause('before');
        cause = {
          ...x,
          key: `got-credentials:${x.key}`,
          text: `credentials again (before: ${x.text})`,
          kind: 'credentials',
        };
      } else {
        const s = statementCause(cell);
        cause = s
          ? { ...s, kind: 'statement' }
          : {
              key: `decision:${cell.before}:${cell.after}`,
              text: `${cell.before} → ${cell.after} (not explained: more changed cells than the explanation budget)`,
              kind: 'decision',
            };
      }
      // One group per cause, whatever the cells' old decisions were (allowed → and implicitDeny → noCredentials alike).
      const key = cause.key;
      let g = groups.get(key);
      if (!g) {
        g = {
          key: cause.key,
          kind: cause.kind,
          direction,
          cause: cause.text,
          ...(cause.statement ? { statement: cause.statement } : {}),
          count: 0,
          transitions: [],
          who: [],
          cells: [],
        };
        groups.set(key, g);
      }
      if (RANK[direction] < RANK[g.direction]) g.direction = direction;
      g.count++;
      g.cells.push({ action: cell.action, resource: cell.resource });
      if (!g.who.includes(c.label)) g.who.push(c.label);
      const t = g.transitions.find((x) => x.before === cell.before && x.after === cell.after);
      if (t) t.count++;
      else g.transitions.push({ before: cell.before, after: cell.after, count: 1 });
    }
  }
  return [...groups.values()].sort((a, b) => RANK[a.direction] - RANK[b.direction] || b.count - a.count);
}
